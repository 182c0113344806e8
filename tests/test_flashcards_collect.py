"""The pure collector and the safe renderer, on fixture Markdown and on the real lesson."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown import Markdown

from studykit.flashcard_html import render_inline, render_markdown
from studykit.flashcards import collect, find_duplicates

FIXTURES = Path(__file__).parent / "fixtures" / "flashcards"
DOCS = Path(__file__).resolve().parents[1] / "docs"


def _collect(name: str, lesson: str | None = "day99"):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return collect(text, f"docs/day99/{name}", lesson)


def test_good_cards_ids_lines_and_answers() -> None:
    cards, findings = _collect("good.md")
    assert findings == []
    assert [(c.id, c.line) for c in cards] == [
        ("day99/first-card", 7),
        ("day99/always-open", 14),
        ("day99/in-a-tab", 24),
        ("day99/unsafe-html", 27),
    ]
    first = cards[0]
    assert first.question == "첫 번째 질문은?"
    assert first.answer == "첫 번째 답입니다. **굵게** 쓴 말과 `code`가 있습니다.\n\n두 번째 문단입니다.\n"
    assert first.source == "docs/day99/good.md:7"
    assert first.anchor == "first-card"
    assert cards[2].answer == "탭 안에서도 들여 쓰면 됩니다.\n"


EXPECTED_ERRORS = {
    3: "카드 'empty-answer'의 답이 비어 있습니다",
    5: "카드 id가 없습니다",
    8: "카드 id 'Bad_Id'는 쓸 수 없습니다",
    11: "질문이 없습니다",
    14: "큰따옴표가 닫히지 않았습니다",
    17: "소문자 'interview'로 쓰세요",
    23: "카드 id 'twice'가 20번째 줄에서 이미 쓰였습니다",
    26: "카드 'not-indented'의 답이 비어 있습니다",
    31: "제목의 앵커와 같습니다",
}


def test_bad_cards_are_reported_with_their_lines() -> None:
    cards, findings = _collect("bad.md")
    assert [c.anchor for c in cards] == ["twice"]
    found = {f.line: f.message for f in findings}
    assert sorted(found) == sorted(EXPECTED_ERRORS)
    for line, fragment in EXPECTED_ERRORS.items():
        assert fragment in found[line], (line, found[line])
    assert all(f.format().startswith(f"docs/day99/bad.md:{f.line}: ") for f in findings)


def test_cards_outside_a_lesson_are_refused() -> None:
    cards, findings = _collect("good.md", lesson=None)
    assert cards == []
    assert len(findings) == 4
    assert "학습 폴더" in findings[0].message


def test_duplicate_ids_across_pages_of_a_lesson() -> None:
    text = '??? interview same "질문?"\n    답.\n'
    one, _ = collect(text, "docs/day99/01-a.md", "day99")
    two, _ = collect("\n\n" + text, "docs/day99/02-b.md", "day99")
    other, _ = collect(text, "docs/day98/01-a.md", "day98")
    findings = find_duplicates(one + two + other)
    assert [(f.path, f.line) for f in findings] == [("docs/day99/02-b.md", 3)]
    assert "docs/day99/01-a.md:1" in findings[0].message


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ('<script>alert("x")</script>', "<script"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[링크](javascript:alert(1))", "href"),
        ("[링크](JaVaScRiPt:alert(1))", "href"),
        ("<a href='x' onclick='alert(1)'>a</a>", "<a href"),
    ],
)
def test_raw_html_cannot_inject(source: str, forbidden: str) -> None:
    rendered = render_markdown(source)
    assert forbidden not in rendered


def test_markdown_in_answers_renders() -> None:
    assert render_markdown("**굵게** `code`") == "<p><strong>굵게</strong> <code>code</code></p>"
    assert render_inline("원시 HTML은 <b>어떻게</b>?") == "원시 HTML은 &lt;b&gt;어떻게&lt;/b&gt;?"
    assert 'href="/x/"' in render_markdown("[a](b.md)", lambda url: "/x/")


def test_real_lesson_cards() -> None:
    """Every Day 31 page collects cleanly; the seed questions stay in the review page."""
    cards = []
    for page in sorted((DOCS / "day31").glob("*.md")):
        found, findings = collect(page.read_text(encoding="utf-8"), f"docs/day31/{page.name}", "day31")
        assert findings == [], [f.format() for f in findings]
        cards += found
    assert find_duplicates(cards) == []
    assert len(cards) >= 15
    review = {c.question for c in cards if c.path.endswith("05-review.md")}
    assert review == {"Kubernetes가 Docker Compose와 다른 점은?", "etcd의 역할은?", "kubelet과 kube-proxy의 차이는?"}
    for card in cards:
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", card.answer.strip()) if s]
        assert 2 <= len(sentences) <= 5, (card.id, len(sentences))
    pages = {c.path.rsplit("/", 1)[1][:2] for c in cards}
    assert {"01", "02", "03", "04", "05"} <= pages


def test_remembered_card_html_follows_the_page_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same card text on two deck pages: each gets its own link; a repeat is not parsed again."""
    text = "[구성 요소](02-architecture.md#etcd) 참고, 그리고 `kubectl`."
    lesson_deck = render_markdown(text, lambda url: "../02-architecture/#etcd")
    all_decks = render_markdown(text, lambda url: "../day31/02-architecture/#etcd")
    assert 'href="../02-architecture/#etcd"' in lesson_deck
    assert 'href="../day31/02-architecture/#etcd"' in all_decks
    parses: list[str] = []
    original = Markdown.convert
    monkeypatch.setattr(Markdown, "convert", lambda self, source: parses.append(source) or original(self, source))
    assert render_markdown(text, lambda url: "../02-architecture/#etcd") == lesson_deck
    assert parses == []
    assert 'href="/elsewhere/"' in render_markdown(text, lambda url: "/elsewhere/")
    assert parses == [text]

"""The pure collector and the safe renderer, on fixture Markdown and on the real lesson."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown import Markdown

from studykit.learning import flashcard_html
from studykit.learning.flashcard_html import InterviewAnchorExtension, LessonInfo, render_deck, render_inline, render_markdown
from studykit.learning.flashcards import Card, collect, find_duplicates

FIXTURES = Path(__file__).parent / "fixtures" / "flashcards"
DOCS = Path(__file__).resolve().parents[2] / "docs"


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


@pytest.fixture(autouse=True)
def _fresh_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test builds the card renderer anew and starts with an empty memo.

    The module keeps one renderer for speed, which would hide a broken set-up; and a
    text remembered by an earlier test (or an earlier run in the same process, as
    mutmut does) would not be parsed again.
    """
    monkeypatch.setattr(flashcard_html, "_renderer", None)
    monkeypatch.setattr(flashcard_html, "_links", {})
    monkeypatch.setattr(flashcard_html, "_rendered", {})


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
    assert render_inline("- 목록인 질문") == "<ul>\n<li>목록인 질문</li>\n</ul>"  # not a single paragraph: kept whole


def test_answers_keep_code_blocks_tables_and_separate_lists() -> None:
    rendered = render_markdown(
        "```bash\nkubectl get po <pod>\n```\n\n| 구성 요소 | 위치 |\n|---|---|\n| etcd | 컨트롤 플레인 |\n\n1. 하나\n\n- 둘\n"
    )
    assert '<pre><code class="language-bash">kubectl get po &lt;pod&gt;\n</code></pre>' in rendered
    assert "<th>구성 요소</th>" in rendered and "<td>컨트롤 플레인</td>" in rendered
    assert "<ol>\n<li>하나</li>\n</ol>\n<ul>\n<li>둘</li>\n</ul>" in rendered


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


def test_only_web_mail_and_page_links_survive_and_relative_ones_are_resolved() -> None:
    source = "![i](javascript:x) ![j](data:text/html,x) [m](mailto:a@b.test) [h](#x) [r](a.md) [w](https://e.test) [s]( JAVASCRIPT:x)"
    rendered = render_markdown(source, lambda url: url if ":" in url or url.startswith("#") else f"/site/{url}")
    assert rendered == (
        '<p><img alt="i" /> <img alt="j" /> <a href="mailto:a@b.test">m</a> <a href="#x">h</a> '
        '<a href="/site/a.md">r</a> <a href="https://e.test">w</a> <a>s</a></p>'
    )
    assert render_markdown("![그림](img.png)", lambda url: f"/site/{url}") == '<p><img alt="그림" src="/site/img.png" /></p>'


def test_interview_admonitions_get_their_card_id_as_anchor() -> None:
    md = Markdown(extensions=["admonition", "pymdownx.details", InterviewAnchorExtension()])
    rendered = md.convert(
        '??? interview etcd "etcd?"\n    답.\n\n!!! interview kubelet "kubelet?"\n    답.\n\n'
        '!!! note "메모"\n    x\n\n??? interview two ids "둘?"\n    y\n'
    )
    assert '<details class="interview" id="etcd">' in rendered
    assert '<div class="admonition interview" id="kubelet">' in rendered
    assert '<div class="admonition note">' in rendered  # other admonitions are left alone
    assert '<details class="interview two ids">' in rendered  # no single id: nothing to guess


def test_deck_markup_lists_each_card_with_its_day_link_and_the_downloads() -> None:
    lessons = {"day31": LessonInfo("day31", 31, "아키텍처")}
    cards = [
        Card(id='day31/a"b', anchor='a"b', lesson="day31", question="[etcd](01-x.md)는 **무엇**?", answer="[본문](01-x.md) 참고.", path="docs/day31/05.md", line=3),
    ]
    seen: list[tuple[str, str]] = []

    def resolve(url: str, card: Card) -> str:
        seen.append((url, card.id))
        return f"/day31/{url}"

    deck = render_deck(
        cards, lessons, deck="day<31>", card_url=lambda card: f"/day31/05/?x=1&y=2#{card.id}", resolve=resolve,
        exports={"Anki (.apkg)": "/dl/a&b.apkg", "TSV": "/dl/d.tsv"},
    )
    assert deck == (
        '<section class="fc" data-fc-deck="day&lt;31&gt;" data-search-exclude><p class="fc-exports">내려받기: '
        '<a href="/dl/a&amp;b.apkg" download>Anki (.apkg)</a> · <a href="/dl/d.tsv" download>TSV</a></p>'
        '<ol class="fc-cards"><li class="fc-card" data-fc-id="day31/a&quot;b"><div class="fc-q"><a href="/day31/01-x.md">etcd</a>는 <strong>무엇</strong>?</div>'
        '<div class="fc-a"><p><a href="/day31/01-x.md">본문</a> 참고.</p>'
        '<p class="fc-src">Day 31 · <a href="/day31/05/?x=1&amp;y=2#day31/a&quot;b">본문에서 보기</a></p></div></li></ol></section>'
    )
    assert seen == [("01-x.md", 'day31/a"b')] * 2
    empty = render_deck([], lessons, deck="d", card_url=str, resolve=resolve, exports={})
    assert '<p class="fc-empty">아직 면접 카드가 없습니다.</p>' in empty and "fc-cards" not in empty

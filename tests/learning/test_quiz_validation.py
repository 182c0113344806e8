"""The pure quiz core: fixture Markdown in, findings (with their real lines) or HTML out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studykit.learning.progress_widgets import parse_checklist, parse_studylog, render_checklist, render_studylog
from studykit.learning.quiz import normalize, order_permutation, parse_quiz, render_quiz, unknown_block_findings, validate_quiz
from studykit.markdown_source import iter_fences
from studykit.site.section_links import SectionIndex

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"


def _sections() -> SectionIndex:
    index = SectionIndex()
    for name in ("broken.md", "valid.md", "target.md"):
        index.add_page(name, (FIXTURES / name).read_text(encoding="utf-8"))
    return index


def _findings(name: str) -> list[str]:
    """Every finding of a fixture page, formatted as the build prints it."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    path = f"docs/{name}"
    fences = iter_fences(text)
    out = [f.format() for f in unknown_block_findings(fences, path)]
    for fence in fences:
        if fence.lang == "quiz":
            quiz, problems = parse_quiz(fence, path)
            out += [f.format() for f in problems + validate_quiz(quiz, path, name, _sections())]
    return out


EXPECTED = [
    (8, "정답이 없습니다"),
    (18, "단일 선택(single) 질문에 정답이 2개입니다(17, 18번째 줄)"),
    (24, "선택지 '같은  답'이(가) 23번째 줄과 겹칩니다"),
    (27, "알 수 없는 type 'essay'"),
    (30, "질문 내용이 비어 있습니다"),
    (37, "페이지 docs/missing.md가 없습니다"),
    (42, "절 id '#nowhere'가 docs/target.md에 없습니다"),
    (44, "알 수 없는 줄입니다: '이건 알 수 없는 줄'"),
    (47, "알 수 없는 블록 '```quizz'"),
    (51, "블록이 닫히지 않았습니다"),
]


@pytest.mark.parametrize(("line", "message"), EXPECTED, ids=[m for _, m in EXPECTED])
def test_each_error_is_reported_on_its_markdown_line(line: int, message: str) -> None:
    found = [f for f in _findings("broken.md") if f.startswith(f"docs/broken.md:{line}: ")]
    assert any(message in f for f in found), f"line {line}: {found}"


def test_broken_fixture_has_exactly_the_expected_findings() -> None:
    lines = sorted(int(f.split(":")[1]) for f in _findings("broken.md"))
    assert lines == sorted(line for line, _ in EXPECTED)


def test_valid_fixture_has_no_findings() -> None:
    assert _findings("valid.md") == []


def test_korean_type_alias_and_ids() -> None:
    fence = iter_fences((FIXTURES / "valid.md").read_text(encoding="utf-8"))[0]
    quiz, _ = parse_quiz(fence, "docs/valid.md")
    assert [q.kind for q in quiz.questions] == ["single", "multiple", "text", "order"]
    assert len({q.qid for q in quiz.questions}) == 4


def test_missing_type_and_link_back() -> None:
    text = "```quiz\n? 타입도 링크도 없는 질문\n- [x] 가\n- [ ] 나\n```\n"
    quiz, problems = parse_quiz(iter_fences(text)[0], "docs/x.md")
    problems += validate_quiz(quiz, "docs/x.md", "x.md", SectionIndex())
    messages = [p.format() for p in problems]
    assert any(m.startswith("docs/x.md:2: 다시 볼 곳이 없습니다") for m in messages), messages
    assert any(m.startswith("docs/x.md:2: 질문에 type이 없습니다") for m in messages), messages


def test_front_matter_and_indentation_keep_real_lines() -> None:
    text = "---\ntitle: t\n---\n\n!!! note\n\n    ```quiz\n    ? 질문\n    type: single\n    see: target.md#here\n    - [ ] 가\n    - [ ] 나\n    ```\n"
    quiz, problems = parse_quiz(iter_fences(text)[0], "docs/x.md")
    problems += validate_quiz(quiz, "docs/x.md", "x.md", _sections())
    assert [p.format().split(": ")[0] for p in problems] == ["docs/x.md:8"]


def test_normalize_matches_korean_input_forms() -> None:
    decomposed = "\u1112\u1161\u11ab"  # 한 as conjoining jamo (macOS file names, some IMEs)
    assert normalize(f"  {decomposed}글 \t Loop ") == "한글 loop"


def test_order_is_shuffled_and_stable() -> None:
    for count in range(2, 7):
        shown = order_permutation("some-id", count)
        assert shown != list(range(count))
        assert shown == order_permutation("some-id", count)


def _visible_text(html: str) -> str:
    """Text a search indexer sees: tags and attribute values removed."""
    return re.sub(r"<[^>]+>", " ", html)


def test_answers_and_explanations_stay_out_of_the_html_text() -> None:
    fence = iter_fences((FIXTURES / "valid.md").read_text(encoding="utf-8"))[0]
    quiz, _ = parse_quiz(fence, "docs/valid.md")
    validate_quiz(quiz, "docs/valid.md", "valid.md", _sections())
    html = render_quiz(quiz, page_key="valid", ordinal=1, href={"target.md#here": "../target/#here"})
    text = _visible_text(html)
    for secret in ("비밀-설명-단일-정답", "비밀-설명-단일-오답", "비밀-해설-단일", "비밀정답", "비밀-설명-순서"):
        assert secret not in text
        assert secret in html  # in the data attribute, for quiz.js
    assert 'href="../target/#here"' in html


def test_checklist_and_studylog_parse_and_render() -> None:
    fences = iter_fences((FIXTURES / "valid.md").read_text(encoding="utf-8"))
    checklist, problems = parse_checklist(fences[1], "docs/valid.md", "valid.md", _sections())
    log, more = parse_studylog(fences[2], "docs/valid.md")
    assert problems == [] and more == []
    assert [i.label for i in checklist.items] == ["첫 항목", "둘째 항목"]
    assert checklist.items[0].note == "설명 하나"
    html = render_checklist(checklist, page_key="valid", ordinal=1, href={"target.md#here": "x/#here"})
    assert html.count('type="checkbox"') == 2 and 'href="x/#here"' in html
    form = render_studylog(log, page_key="valid", ordinal=1)
    assert 'type="date"' in form and 'type="number"' in form and "<textarea" in form
    assert "실습 하나" in form


def test_checklist_and_studylog_errors_have_lines() -> None:
    text = (
        "```checklist\n- 항목\n  see: target.md#nope\n- 항목\n??\n```\n\n"
        "```studylog\nchecks: 완료한 실습\nmood: 기분\n```\n"
    )
    fences = iter_fences(text)
    _, problems = parse_checklist(fences[0], "docs/x.md", "x.md", _sections())
    _, more = parse_studylog(fences[1], "docs/x.md")
    lines = sorted(p.format().split(": ")[0] for p in problems + more)
    assert lines == ["docs/x.md:10", "docs/x.md:3", "docs/x.md:4", "docs/x.md:5", "docs/x.md:9"]

"""The one call behind the build and ``make check``: every content check of a docs folder (no kubectl, no build)."""

from __future__ import annotations

import pytest

from studykit import site_check
from studykit.markdown_source import Finding
from studykit.site_check import check_files, link_findings

QUIZ = """\
```quiz
? 질문
type: single
see: {see}
checklist: {item}
- [x] 맞음
- [ ] 틀림
```
"""
CHECKLIST = "```checklist\n- 첫 항목\n- 둘째 항목\n```\n"
LESSON = "---\nlesson:\n  day: 7\n  title: 일곱째 날\n  summary: 요약\n---\n\n# 일곱째 날\n\n## 여기 { #here }\n"
CARD = '??? interview same-id "같은 질문은?"\n    답입니다. 두 번째 문장입니다.\n'


def located(findings: list[Finding]) -> list[tuple[str, int, str]]:
    """Path, line and the advice before the first colon of each finding, in order."""
    return [(f.path, f.line, f.message.split(":")[0]) for f in findings]


def test_only_relative_links_to_missing_files_are_reported_outside_code() -> None:
    known = {"day7/index.md", "day7/02-a.md", "img/logo.png", "day7/sub/index.md"}
    text = "\n".join([
        "[ok](02-a.md#part) [ok](02-a.md?x=1) [ok](../img/logo.png \"로고\") ![ok](<../img/logo.png>) [ok](sub/)",
        "[web](https://e.test/x.md) [mail](mailto:a@b.test) [host](//e.test/a.md) [here](#here) [root](/abs.md) [empty](#)",
        "`[code](nowhere.md)` and [gone](03-gone.md)",
        "```markdown",
        "[in a fence](fence.md)",
        "```",
        "![그림](../img/missing.png)",
    ]) + "\n"
    assert located(link_findings("day7/index.md", text, known)) == [
        ("docs/day7/index.md", 3, "링크 대상 '03-gone.md'이(가) docs/ 안에 없습니다"),
        ("docs/day7/index.md", 7, "링크 대상 '../img/missing.png'이(가) docs/ 안에 없습니다"),
    ]


def test_one_call_collects_every_kind_of_content_finding() -> None:
    """Lesson front matter, glossary, quiz links, checklist numbers, links and duplicate cards, each at its page and line."""
    files = {
        "day7/index.md": LESSON + "\n" + CHECKLIST + "\n" + CARD,
        "day7/02-quiz.md": "# 퀴즈\n\n" + QUIZ.format(see="index.md#here", item=3) + "\n[덱](flashcards.md) [그림](pic.png) [없음](none.md)\n\n" + CARD,
        "day8/index.md": LESSON.replace("day: 7", "day: 8") + "\n" + CARD,
        "day9/index.md": LESSON.replace("day: 7", "day: nine"),
        "glossary.md": "# 용어집\n\n이건 용어집 형식이 아닙니다.\n",
    }
    findings, stats = check_files(files, assets={"day7/pic.png"})
    assert stats is None
    assert located(findings) == [
        ("docs/day9/index.md", 2, "'lesson.day'는 숫자여야 합니다 (지금"),
        ("docs/glossary.md", 1, "용어집에서 용어를 찾지 못했습니다. '용어' 다음 줄에 '"),
        ("docs/day7/02-quiz.md", 12, "링크 대상 'none.md'이(가) docs/ 안에 없습니다"),
        ("docs/day7/index.md", 17, "카드 id 'same-id'가 docs/day7/02-quiz.md"),
        ("docs/day7/02-quiz.md", 7, "체크리스트에 3번 항목이 없습니다(항목 2개). 1부터 2 사이의 번호를 쓰세요."),
    ]


def test_one_broken_page_does_not_stop_the_others_and_a_checker_gets_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A surprise on one page is an internal-error finding at its line 1; the kubectl checker sees every page under docs/."""
    real = site_check.study_blocks

    def fragile(src_uri, text, sections):
        if src_uri == "b.md":
            raise ValueError("boom")
        return real(src_uri, text, sections)

    monkeypatch.setattr(site_check, "study_blocks", fragile)

    class Recorder:
        """Stands in for the kubectl checker: records the pages, answers one finding."""

        def __init__(self) -> None:
            self.pages: dict[str, str] = {}

        def check_pages(self, pages: dict[str, str]):
            self.pages = pages
            return [Finding("docs/a.md", 2, "kubectl says no")], "stats"

    recorder = Recorder()
    files = {"a.md": "# a\n\n[x](gone.md)\n", "b.md": "# b\n", "c.md": "# c\n\n[y](gone.md)\n"}
    findings, stats = check_files(files, checker=recorder)  # type: ignore[arg-type]
    assert [(f.path, f.line) for f in findings] == [("docs/a.md", 3), ("docs/b.md", 1), ("docs/c.md", 3), ("docs/a.md", 2)]
    assert "boom" in findings[1].message
    assert stats == "stats" and recorder.pages == {f"docs/{name}": text for name, text in files.items()}


def test_glossary_forms_and_broken_study_blocks_are_reported_where_they_are() -> None:
    """A form the glossary says to avoid is reported on a page but not on the glossary line that names it;
    a misspelled block name and broken quiz, checklist and study-log blocks point at their page."""
    glossary = "# 용어집\n\nKubernetes\n:   컨테이너 오케스트레이션 플랫폼.\n:   피할 표기: 쿠베르네티스\n"
    page = "\n".join([
        "# 페이지",
        "",
        "쿠베르네티스는 틀린 표기입니다.",
        "",
        "```quizz",
        "? x",
        "```",
        "",
        "```quiz",
        "? 보기가 없는 질문",
        "```",
        "",
        "```checklist",
        "```",
        "",
        "```studylog",
        "```",
        "",
    ])
    findings, _ = check_files({"glossary.md": glossary, "page.md": page})
    expected = [
        (5, "알 수 없는 블록 '```quizz'입니다"),
        (10, "다시 볼 곳이 없습니다"),
        (10, "질문에 type이 없습니다"),
        (13, "체크리스트에 항목이 없습니다"),
        (16, "학습 기록에 항목이 없습니다"),
        (3, "'쿠베르네티스'은(는) 용어집이 피하라고 한 표기입니다"),
    ]
    assert [(f.path, f.line) for f in findings] == [("docs/page.md", line) for line, _ in expected]
    for finding, (_, start) in zip(findings, expected):
        assert finding.message.startswith(start), finding.message

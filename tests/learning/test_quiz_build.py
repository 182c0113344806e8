"""Whole builds: broken quizzes fail ``--strict`` with file:line messages; the real site is right."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.learning.quiz import parse_quiz
from studykit.markdown_source import iter_fences

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
DAY31 = ROOT / "docs" / "day31"

CONFIG = """
site_name: quiz test
theme:
  name: material
  custom_dir: {overrides}
hooks:
  - {hook}
markdown_extensions:
  - attr_list
  - pymdownx.superfences
"""


def _build(tmp_path: Path, pages: dict[str, str]) -> subprocess.CompletedProcess[str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets" / "study", docs / "assets" / "study")
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(hook=ROOT / "hooks" / "quizzes.py", overrides=ROOT / "overrides"), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.build
def test_strict_build_lists_every_broken_quiz_then_fails(tmp_path: Path) -> None:
    pages = {name: (FIXTURES / name).read_text(encoding="utf-8") for name in ("broken.md", "target.md")}
    result = _build(tmp_path, pages)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "Traceback" not in log
    found = sorted(int(m) for m in re.findall(r"WARNING\s+-\s+docs/broken\.md:(\d+): ", log))
    assert found == [8, 18, 24, 27, 30, 37, 42, 44, 47, 51], log
    assert "Aborted with 10 warnings in strict mode!" in log


@pytest.mark.build
def test_strict_build_of_valid_quizzes_passes(tmp_path: Path) -> None:
    pages = {name: (FIXTURES / name).read_text(encoding="utf-8") for name in ("valid.md", "target.md")}
    result = _build(tmp_path, pages)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "valid" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="sk-quiz"') == 1 and 'class="sk-checklist"' in html and 'class="sk-log"' in html
    assert "assets/study/quiz.js" in html and "assets/study/progress.js" in html
    target = (tmp_path / "site" / "target" / "index.html").read_text(encoding="utf-8")
    assert "assets/study/" not in target


def _lesson_quizzes() -> list[tuple[str, object]]:
    out = []
    for page in sorted(DAY31.glob("*.md")):
        for fence in iter_fences(page.read_text(encoding="utf-8")):
            if fence.lang == "quiz":
                out.append((page.name, parse_quiz(fence, page.name)[0]))
    return out


def test_lesson_has_a_quiz_per_part_and_enough_questions() -> None:
    pages = [name for name, _ in _lesson_quizzes()]
    assert pages == ["01-why-kubernetes.md", "02-architecture.md", "04-hands-on.md", "05-review.md"]
    questions = [q for _, quiz in _lesson_quizzes() for q in quiz.questions]  # type: ignore[attr-defined]
    assert len(questions) >= 24
    assert {q.kind for q in questions} == {"single", "multiple", "text", "order"}


def test_every_checklist_item_is_quizzed() -> None:
    review = (DAY31 / "05-review.md").read_text(encoding="utf-8")
    checklist = next(f for f in iter_fences(review) if f.lang == "checklist")
    covered = re.findall(r"see:\s*(\S+)", checklist.body)
    assert len(covered) == 9
    quizzed = {q.see for _, quiz in _lesson_quizzes() for q in quiz.questions}  # type: ignore[attr-defined]
    assert [target for target in covered if target not in quizzed] == []


def test_search_index_has_no_answers_or_explanations(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    quiz_sections = [doc for doc in index["docs"] if doc["location"].endswith(("#quiz", "#final-quiz"))]
    assert len(quiz_sections) == 4
    text = " ".join(doc["text"] for doc in quiz_sections)
    assert "새벽 3시에 프로세스 오류로 종료됐습니다" in text  # the questions are searchable
    assert "같은 Pod 안에서 컨테이너를 다시 시작하고" not in text  # the options are not (a quiz would outrank its lab)
    secrets = []
    shown = []  # what a learner sees anyway: a note may quote the question's own command
    for _, quiz in _lesson_quizzes():
        for q in quiz.questions:  # type: ignore[attr-defined]
            secrets += [note for note in (item.note for item in q.items) if note]
            secrets += [q.explain] if q.explain else []
            shown += [q.prompt.replace("`", "")] + [item.text.replace("`", "") for item in q.items]
    assert len(secrets) > 50
    probes = [max(s.split("`"), key=len).strip()[:30] for s in secrets]
    visible = " ".join(shown)
    leaked = [probe for probe in probes if len(probe) >= 10 and probe in text and probe not in visible]
    assert leaked == []
    assert "data-sk-answers" not in json.dumps(index)
    page = (built_site / "day31" / "02-architecture" / "index.html").read_text(encoding="utf-8")
    assert "data-sk-answers" in page
    # The printed answer key is on the page (hidden on screen) but not in the index: a learner
    # must not find the answer of a fill-in question (never shown as an option) by searching.
    everything = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    typed = [
        " 또는 ".join(text for text, _ in q.answers)  # type: ignore[attr-defined]
        for _, quiz in _lesson_quizzes()
        for q in quiz.questions  # type: ignore[attr-defined]
        if q.kind == "text" and len(q.answers) > 1  # type: ignore[attr-defined]
    ]
    assert typed and [key for key in typed if key in everything] == []
    assert "퀴즈 정답" not in " ".join(doc["title"] for doc in index["docs"])


def test_every_quiz_reaches_the_page_as_a_widget(built_site: Path) -> None:
    """Search indexes a light stand-in of each quiz; every built page must carry the widgets instead."""
    pages = {path: path.read_text(encoding="utf-8") for path in built_site.rglob("*.html")}
    assert [path for path, text in pages.items() if "sk-quiz-slot" in text] == []
    quizzes = sum(len(quiz.questions) for _, quiz in _lesson_quizzes())  # type: ignore[attr-defined]
    assert sum(text.count('<li class="sk-q"') for text in pages.values()) == quizzes > 50


@pytest.mark.build
def test_strict_build_warns_about_long_answers_and_unknown_checklist_items(tmp_path: Path) -> None:
    questions = "".join(
        f"? 질문 {n}\nid: long-{n}\ntype: single\nsee: #here\nchecklist: {1 if n else 3}\n"
        "- [x] 정답만 아주 길고 자세하게 쓴 선택지\n- [ ] 짧은 오답\n- [ ] 다른 오답\n"
        for n in range(10)
    )
    page = f"# 퀴즈\n\n## 절 {{ #here }}\n\n```checklist\n- 하나\n- 둘\n```\n\n```quiz\n{questions}```\n"
    result = _build(tmp_path, {"index.md": page})
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in log, log
    assert "WARNING -  docs/index.md:15: 체크리스트에 3번 항목이 없습니다(항목 2개)" in log, log
    warning = next(line for line in log.splitlines() if "퀴즈 공정성" in line)
    assert "10/10(100%)에서 정답이 가장 긴 선택지" in warning and "docs/index.md:11, docs/index.md:19," in warning
    assert "정답이 가장 긴 선택지 10/10(100%), 기준 ≤ 40%" in log  # the summary line


def test_real_build_prints_the_summary_and_shows_at_most_a_third_first(built_log: str) -> None:
    summary = next(line for line in built_log.splitlines() if "퀴즈: 질문" in line)
    shown_first, singles = map(int, re.search(r"첫 번째로 보임 (\d+)/(\d+)", summary).groups())
    assert singles >= 20 and 3 * shown_first <= singles, summary

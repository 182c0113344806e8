"""Whole builds: broken quizzes fail ``--strict`` with file:line messages; the real site is right."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.markdown_source import iter_fences
from studykit.quiz import parse_quiz

ROOT = Path(__file__).resolve().parents[1]
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
    shutil.copytree(ROOT / "docs" / "assets" / "studykit", docs / "assets" / "studykit")
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
    assert "assets/studykit/quiz.js" in html and "assets/studykit/progress.js" in html
    target = (tmp_path / "site" / "target" / "index.html").read_text(encoding="utf-8")
    assert "studykit" not in target


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
    assert len(covered) == 8
    quizzed = {q.see for _, quiz in _lesson_quizzes() for q in quiz.questions}  # type: ignore[attr-defined]
    assert [target for target in covered if target not in quizzed] == []


def test_search_index_has_no_answers_or_explanations(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    quiz_sections = [doc for doc in index["docs"] if doc["location"].endswith(("#quiz", "#final-quiz"))]
    assert len(quiz_sections) == 4
    text = " ".join(doc["text"] for doc in quiz_sections)
    assert "선언된 개수만큼 Pod가 떠 있도록" in text  # the questions and options are searchable
    secrets = []
    for _, quiz in _lesson_quizzes():
        for q in quiz.questions:  # type: ignore[attr-defined]
            secrets += [note for note in (item.note for item in q.items) if note]
            secrets += [q.explain] if q.explain else []
    assert len(secrets) > 50
    probes = [max(s.split("`"), key=len).strip()[:30] for s in secrets]
    leaked = [probe for probe in probes if len(probe) >= 10 and probe in text]
    assert leaked == []
    assert "data-sk-answers" not in json.dumps(index)
    page = (built_site / "day31" / "02-architecture" / "index.html").read_text(encoding="utf-8")
    assert "data-sk-answers" in page

"""Lessons are folders: ``docs/dayNN/index.md`` with a ``lesson:`` front matter block.

Pure code: reads front matter text and renders the home page's lesson list,
so a new lesson needs Markdown only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from studykit.markdown_source import Finding

RE_FRONT_MATTER = re.compile(r"\A-{3}\s*\n(?P<yaml>.*?\n)(?:-{3}|\.{3})\s*\n", re.DOTALL)
LESSON_LIST_MARKER = "<!-- lessons -->"
REQUIRED_KEYS = ("day", "title", "summary")
#: ``audience:`` in a folder's index page: who the folder's pages are for. Contributors' pages
#: (``docs/contributing/``) stay out of the learners' navigation and footer links.
AUDIENCES = ("learners", "contributors")
RE_AUDIENCE_LINE = re.compile(r"^audience\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Lesson:
    """What the home page and the nav need to know about one lesson."""

    day: int
    title: str
    summary: str
    folder: str
    duration: str = ""


def front_matter(text: str) -> dict[str, object]:
    """Return the YAML front matter of a Markdown source, or an empty dict."""
    match = RE_FRONT_MATTER.match(text)
    if not match:
        return {}
    data = yaml.safe_load(match.group("yaml"))
    return data if isinstance(data, dict) else {}


def read_lesson(text: str, folder: str, path: str) -> tuple[Lesson | None, list[Finding]]:
    """Read the ``lesson:`` block of a lesson's index page, if it has one."""
    try:
        meta = front_matter(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return None, [Finding(path, line, f"front matter YAML을 읽을 수 없습니다: {error}")]
    block = meta.get("lesson")
    if block is None:
        return None, []
    if not isinstance(block, dict):
        return None, [Finding(path, 2, "'lesson:'은 day, title, summary 키를 가진 항목이어야 합니다.")]
    missing = [key for key in REQUIRED_KEYS if not block.get(key)]
    if missing:
        return None, [Finding(path, 2, f"'lesson:'에 {', '.join(missing)} 값을 넣으세요.")]
    try:
        day = int(block["day"])
    except (TypeError, ValueError):
        return None, [Finding(path, 2, f"'lesson.day'는 숫자여야 합니다 (지금: {block['day']!r}).")]
    lesson = Lesson(day, str(block["title"]), str(block["summary"]), folder, str(block.get("duration", "")))
    return lesson, []


def find_lessons(sources: dict[str, str]) -> tuple[dict[str, Lesson], list[Finding]]:
    """Find the lessons among ``{src_uri: text}`` pages: each ``<folder>/index.md`` with ``lesson:``."""
    lessons: dict[str, Lesson] = {}
    findings: list[Finding] = []
    for src_uri, text in sorted(sources.items()):
        parts = src_uri.split("/")
        if len(parts) != 2 or parts[1] != "index.md":
            continue
        lesson, problems = read_lesson(text, parts[0], f"docs/{src_uri}")
        findings.extend(problems)
        if lesson is not None:
            lessons[parts[0]] = lesson
    return lessons, findings


def find_contributor_folders(sources: dict[str, str]) -> tuple[set[str], list[Finding]]:
    """Folders whose ``<folder>/index.md`` says ``audience: contributors``; an unknown audience is a finding."""
    folders: set[str] = set()
    findings: list[Finding] = []
    for src_uri, text in sorted(sources.items()):
        parts = src_uri.split("/")
        if len(parts) != 2 or parts[1] != "index.md" or not RE_AUDIENCE_LINE.search(text):
            continue
        try:
            audience = front_matter(text).get("audience", "learners")
        except yaml.YAMLError:
            continue  # reported by read_lesson for the same page
        if audience == "contributors":
            folders.add(parts[0])
        elif audience not in AUDIENCES:
            line = text[: RE_AUDIENCE_LINE.search(text).start()].count("\n") + 1  # type: ignore[union-attr]
            findings.append(Finding(
                f"docs/{src_uri}", line,
                f"'audience:'는 {' 또는 '.join(AUDIENCES)}만 쓸 수 있습니다 (지금: {audience!r}). "
                "기여자용 폴더라면 contributors로 쓰세요.",
            ))
    return folders, findings


def render_lesson_list(lessons: list[Lesson], from_folder: str = "") -> str:
    """Render the lessons as Material grid cards (Markdown with md_in_html)."""
    if not lessons:
        return "아직 공개된 학습이 없습니다."
    prefix = f"{from_folder}/" if from_folder else ""
    cards = []
    for lesson in sorted(lessons, key=lambda item: item.day):
        duration = f" · 예상 {lesson.duration}" if lesson.duration else ""
        cards.append(
            f"-   **[Day {lesson.day}: {lesson.title}]({prefix}{lesson.folder}/index.md)**{duration}\n\n"
            f"    ---\n\n    {lesson.summary}\n"
        )
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"

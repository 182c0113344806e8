"""The progress page (내 학습 현황): what each lesson asks of a learner, for progress-page.js.

Pure code, no MkDocs import. The page keeps no progress of its own: it reads the
storage of the quiz, checklist, study log and flashcard widgets, and needs to
know, per lesson, which storage keys exist and how many questions, items and
cards there are. That list (the manifest) is built here from the Markdown
sources with the same parsers that render the widgets, so the keys match.
Problems in the blocks are reported by the hooks that own them, not here.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from studykit.learning.flashcards import collect
from studykit.learning.progress_widgets import parse_checklist, parse_studylog
from studykit.learning.quiz import parse_quiz
from studykit.markdown_source import iter_fences
from studykit.site import Lesson, SectionIndex, front_matter

PROGRESS_MARKER = "<!-- progress -->"
#: The 오늘의 복습 page (review.js): the same manifest, read for its question and card keys.
REVIEW_MARKER = "<!-- review -->"
#: Export file format: bump FORMAT_VERSION when its meaning changes (progress-page.js refuses newer files).
#: 2: the 오답노트 (``notebook``) and its review log travel too; version 1 files are still imported.
FORMAT_NAME = "k8s-study-progress"
FORMAT_VERSION = 2
RE_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*(?:\{[^}]*\})?[ \t]*$", re.MULTILINE)


@dataclass
class PartProgress:
    """One lesson page and the storage keys of its widgets."""

    src_uri: str
    title: str
    questions: list[str] = field(default_factory=list)
    checklists: list[dict[str, object]] = field(default_factory=list)
    logs: list[dict[str, object]] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)


def page_title(text: str, src_uri: str) -> str:
    """Return the front matter ``title``, else the first ``# heading``, else the file name."""
    title = front_matter(text).get("title") if text.startswith("---") else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    match = RE_H1.search(text)
    return match.group("title") if match else src_uri.rsplit("/", 1)[-1].removesuffix(".md")


def read_part(src_uri: str, text: str, lesson: str, sections: SectionIndex) -> PartProgress:
    """Return the storage keys the widgets of one page use (as quiz.js and progress.js build them)."""
    page_key = src_uri.removesuffix(".md")
    path = f"docs/{src_uri}"
    part = PartProgress(src_uri, page_title(text, src_uri))
    counters = {"checklist": 0, "studylog": 0}
    for fence in iter_fences(text):
        if fence.lang == "quiz":
            quiz, _ = parse_quiz(fence, path)
            part.questions += [f"{page_key}/{question.qid}" for question in quiz.questions]
        elif fence.lang == "checklist":
            counters["checklist"] += 1
            checklist, _ = parse_checklist(fence, path, src_uri, sections)
            block_id = checklist.bid or f"checklist-{counters['checklist']}"
            part.checklists.append({"key": f"{page_key}/{block_id}", "items": [item.key for item in checklist.items]})
        elif fence.lang == "studylog":
            counters["studylog"] += 1
            log, _ = parse_studylog(fence, path)
            kinds = {log_field.kind: log_field.key for log_field in reversed(log.fields)}
            block_id = log.bid or f"studylog-{counters['studylog']}"
            part.logs.append({"key": f"{page_key}/{block_id}", "date": kinds.get("date", ""), "hours": kinds.get("hours", "")})
    if "interview" in text:
        cards, _ = collect(text, path, lesson)
        part.cards = [card.id for card in cards]
    return part


def build_manifest(
    sources: Mapping[str, str], lessons: Mapping[str, Lesson], url: Callable[[str], str], site: str
) -> dict[str, object]:
    """Return the manifest: every lesson (by day) with its parts; ``url`` maps a src_uri to a link."""
    sections = SectionIndex()
    for src_uri, text in sources.items():
        sections.add_page(src_uri, text)
    out = []
    for folder, lesson in sorted(lessons.items(), key=lambda pair: (pair[1].day, pair[0])):
        parts = [
            read_part(src_uri, sources[src_uri], folder, sections)
            for src_uri in sorted(sources)
            if src_uri.startswith(f"{folder}/")
        ]
        out.append({
            "folder": folder,
            "day": lesson.day,
            "title": lesson.title,
            "url": url(f"{folder}/index.md"),
            "deck": url(f"{folder}/flashcards.md"),
            "parts": [
                {
                    "title": part.title,
                    "url": url(part.src_uri),
                    "questions": part.questions,
                    "checklists": part.checklists,
                    "logs": part.logs,
                    "cards": part.cards,
                }
                for part in parts
                if part.questions or part.checklists or part.logs or part.cards
            ],
        })
    review = url("review.md") if "review.md" in sources else ""
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "site": site, "review": review, "lessons": out}


def _manifest_attribute(manifest: Mapping[str, object]) -> str:
    """Return the manifest as compact JSON, escaped for an HTML attribute."""
    return html.escape(json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True), quote=True)


def render_review(manifest: Mapping[str, object]) -> str:
    """Return the markup that replaces ``REVIEW_MARKER``; review.js fills it in (search leaves it out)."""
    return (
        f'<div class="rv" data-rv-manifest="{_manifest_attribute(manifest)}" data-search-exclude>'
        "<noscript><p>오늘의 복습은 이 브라우저에 저장된 기록을 JavaScript로 읽어 진행합니다. "
        "JavaScript를 켜면 볼 수 있습니다.</p></noscript>"
        '<p class="rv-loading">오늘의 복습을 준비하는 중입니다…</p></div>'
    )


def render_progress(manifest: Mapping[str, object]) -> str:
    """Return the markup that replaces ``PROGRESS_MARKER``; progress-page.js fills it in (search leaves it out)."""
    data = _manifest_attribute(manifest)
    return (
        f'<div class="sp" data-sp-manifest="{data}" data-search-exclude>'
        '<noscript><p>학습 현황은 이 브라우저에 저장된 기록을 JavaScript로 읽어 보여 줍니다. '
        "JavaScript를 켜면 볼 수 있습니다.</p></noscript>"
        '<p class="sp-loading">학습 현황을 불러오는 중입니다…</p></div>'
    )

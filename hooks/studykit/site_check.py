"""Every content check of the site in one call: ``check_files({src_uri: text}) -> findings``.

Pure code, no MkDocs import. The MkDocs hooks and the command line
(``studykit.cli``, ``make check``) are two doors to the same checks: lesson
front matter, glossary, quiz/checklist/studylog blocks, interview cards,
links between pages, and (when a ``Checker`` is given) every kubectl
command, shell block and manifest.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any

from studykit.checker.k8scheck import Checker, Stats, internal_error
from studykit.learning.flashcards import collect, find_duplicates
from studykit.learning.glossary import parse_glossary
from studykit.learning.progress_widgets import parse_checklist, parse_studylog
from studykit.learning.quiz import (
    Quiz,
    QuizStats,
    checklist_reference_findings,
    duplicate_id_findings,
    first_slot_moves,
    parse_quiz,
    unknown_block_findings,
    validate_quiz,
)
from studykit.learning.terms import avoid_findings, glossary_exempt_lines
from studykit.markdown_source import Fence, Finding, fenced_lines, iter_fences, source_lines
from studykit.site.lessons import find_lessons
from studykit.site.section_links import SectionIndex

GLOSSARY_PAGE = "glossary.md"
#: The flashcards hook generates ``<lesson folder>/flashcards.md`` for every lesson (hooks/flashcards.py).
GENERATED_DECK_PAGE = "flashcards.md"
#: A Markdown inline link or image: ``[text](target "title")``.
RE_LINK = re.compile(r"!?\[[^\]\n]*\]\((?P<target><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
RE_INLINE_CODE = re.compile(r"(`+)[^`\n]*?\1")
RE_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


@dataclass
class StudyBlock:
    """One parsed ``quiz``/``checklist``/``studylog`` block of a page."""

    lang: str
    fence: Fence
    block: Any
    broken: bool


def study_blocks(src_uri: str, text: str, sections: SectionIndex) -> tuple[list[Finding], list[StudyBlock]]:
    """Parse and validate the study blocks of one page (the quizzes hook renders the result)."""
    path = f"docs/{src_uri}"
    fences = iter_fences(text)
    findings = unknown_block_findings(fences, path)
    quizzes: list[Quiz] = []
    found: list[StudyBlock] = []
    for fence in fences:
        if fence.lang == "quiz":
            block, problems = parse_quiz(fence, path)
            problems += validate_quiz(block, path, src_uri, sections)
            quizzes.append(block)
        elif fence.lang == "checklist":
            block, problems = parse_checklist(fence, path, src_uri, sections)
        elif fence.lang == "studylog":
            block, problems = parse_studylog(fence, path)
        else:
            continue
        findings.extend(problems)
        found.append(StudyBlock(fence.lang, fence, block, bool(problems)))
    findings.extend(duplicate_id_findings(quizzes, path))
    return findings, found


def quiz_site_checks(blocks: dict[str, list[StudyBlock]]) -> tuple[list[Finding], QuizStats, frozenset[str]]:
    """Checks across pages: ``checklist:`` numbers against each lesson folder's checklist, fairness shares.

    ``blocks`` maps ``src_uri`` to its study blocks. Returns the findings, the site-wide
    quiz statistics (as rendered) and the ids whose correct option is kept off the first slot.
    """
    sizes: dict[str, int] = {}
    for src_uri in sorted(blocks):
        for found in blocks[src_uri]:
            if found.lang == "checklist" and not found.broken:
                sizes.setdefault(posixpath.dirname(src_uri), len(found.block.items))
    valid = [
        (f"docs/{src_uri}", found.block)
        for src_uri in sorted(blocks)
        for found in blocks[src_uri]
        if found.lang == "quiz" and not found.broken
    ]
    findings: list[Finding] = []
    for path, quiz in valid:
        findings.extend(checklist_reference_findings(quiz, path, sizes.get(posixpath.dirname(path.removeprefix("docs/")))))
    moved = first_slot_moves([quiz for _, quiz in valid])
    stats = QuizStats()
    for path, quiz in valid:
        stats.add(quiz, path, moved)
    return findings, stats, moved


def link_findings(src_uri: str, text: str, known: set[str]) -> list[Finding]:
    """Report relative links whose target file is not in the docs (outside code)."""
    findings: list[Finding] = []
    code_lines = fenced_lines(text)
    for number, line in enumerate(source_lines(text), start=1):
        if number in code_lines:
            continue
        for match in RE_LINK.finditer(RE_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)):
            target = match.group("target").strip("<>").split("#", 1)[0].split("?", 1)[0]
            if not target or RE_EXTERNAL.match(match.group("target")) or target.startswith("/"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))
            if resolved not in known and f"{resolved.rstrip('/')}/index.md" not in known:
                findings.append(Finding(f"docs/{src_uri}", number, f"링크 대상 '{target}'이(가) docs/ 안에 없습니다: 파일 이름과 상대 경로를 확인하세요 (link target not found)"))
    return findings


def check_files(
    files: dict[str, str],
    *,
    assets: set[str] | None = None,
    checker: Checker | None = None,
) -> tuple[list[Finding], Stats | None]:
    """Run every content check on ``{src_uri: text}`` (paths relative to ``docs/``).

    ``assets`` names the non-Markdown files of ``docs/`` (link targets such as
    images). Without a ``checker`` the kubectl/manifest checks are skipped:
    callers that want them must pass one (it fails loudly if kubectl is missing).
    """
    findings: list[Finding] = []
    _, lesson_problems = find_lessons(files)
    findings.extend(lesson_problems)
    if GLOSSARY_PAGE in files:
        findings.extend(parse_glossary(files[GLOSSARY_PAGE], f"docs/{GLOSSARY_PAGE}")[1])
    sections = SectionIndex()
    for src_uri, text in files.items():
        sections.add_page(src_uri, text)
    lessons, _ = find_lessons(files)
    known = set(files) | (assets or set()) | {f"{folder}/{GENERATED_DECK_PAGE}" for folder in lessons}
    cards = []
    blocks: dict[str, list[StudyBlock]] = {}
    terms, _ = parse_glossary(files[GLOSSARY_PAGE], f"docs/{GLOSSARY_PAGE}") if GLOSSARY_PAGE in files else ([], [])
    for src_uri, text in sorted(files.items()):
        try:
            page_findings, blocks[src_uri] = study_blocks(src_uri, text, sections)
            findings.extend(page_findings)
            exempt = glossary_exempt_lines(terms) if src_uri == GLOSSARY_PAGE else frozenset()
            findings.extend(avoid_findings(text, f"docs/{src_uri}", terms, exempt))
            findings.extend(link_findings(src_uri, text, known))
            if "interview" in text.lower():
                folder = src_uri.split("/")[0] if "/" in src_uri else None
                page_cards, problems = collect(text, f"docs/{src_uri}", folder if folder in lessons else None)
                cards.extend(page_cards)
                findings.extend(problems)
        except Exception as exc:  # noqa: BLE001 - one page's surprise must not stop the others
            findings.append(Finding(f"docs/{src_uri}", 1, internal_error(exc)))
    findings.extend(find_duplicates(cards))
    quiz_findings, quiz_stats, _ = quiz_site_checks(blocks)
    findings.extend(quiz_findings)
    findings.extend(quiz_stats.warning_findings())
    stats = None
    if checker is not None:
        k8s_findings, stats = checker.check_pages({f"docs/{uri}": text for uri, text in files.items()})
        findings.extend(k8s_findings)
    return findings, stats

"""MkDocs hook: ``quiz``, ``checklist`` and ``studylog`` fenced blocks.

Validation reads each page's real source in ``on_files`` (true line numbers,
all problems listed before ``--strict`` fails). Rendering goes through custom
superfences registered in ``on_config``, so a block works inside admonitions
and tabs too. Only pages with a block get the quiz or progress assets.
Events only; see ``studykit.learning.quiz`` and ``studykit.learning.progress_widgets``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError

from studykit.learning.progress_widgets import render_checklist, render_studylog
from studykit.learning.quiz import BLOCK_NAMES, fill_quiz_slots, render_quiz, render_quiz_for_search
from studykit.markdown_source import Finding
from studykit.reporting import get_logger, report
from studykit.site.page_assets import declare_assets
from studykit.site.section_links import SectionIndex
from studykit.site_check import StudyBlock, quiz_site_checks, study_blocks

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

QUIZ_ASSETS = ("assets/study/quiz.css", "assets/study/quiz.js")
PROGRESS_ASSETS = ("assets/study/progress.css", "assets/study/progress.js")
BROKEN_BLOCK = (
    '<div class="admonition failure"><p class="admonition-title">블록 오류</p>'
    "<p>이 블록에 오류가 있어 표시하지 않습니다. 빌드 로그의 안내대로 고치세요.</p></div>"
)

log = get_logger("quizzes")
# src_uri -> [(lang, body key, parsed block, has problems)]
_blocks: dict[str, list[tuple[str, str, Any, bool]]] = {}
# body key -> HTML for the page being rendered now (superfences calls back per fence)
_rendered: dict[tuple[str, str], str] = {}
# ids of questions whose correct option is kept off the first slot (site-wide fairness)
_moved: set[str] = set()
# src_uri -> {slot: quiz widget HTML}, put in place of the search stand-ins in on_post_page
_widgets: dict[str, dict[int, str]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Reset state and register the three fences with pymdownx.superfences."""
    _blocks.clear()
    _rendered.clear()
    _moved.clear()
    _widgets.clear()
    if "pymdownx.superfences" not in config.markdown_extensions:
        raise PluginError("hooks/quizzes.py needs the pymdownx.superfences Markdown extension in mkdocs.yml")
    options = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = [fence for fence in options.get("custom_fences", []) if fence.get("name") not in BLOCK_NAMES]
    fences += [{"name": name, "class": name, "format": _format_block} for name in BLOCK_NAMES]
    options["custom_fences"] = fences
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Read every page's blocks, validate them all, report every problem."""
    _blocks.clear()
    sections = SectionIndex()
    pages = [file for file in files.documentation_pages()]
    for file in pages:
        sections.add_page(file.src_uri, file.content_string)
    findings: list[Finding] = []
    found: dict[str, list[StudyBlock]] = {}
    for file in pages:
        page_findings, found[file.src_uri] = study_blocks(file.src_uri, file.content_string, sections)
        findings.extend(page_findings)
        if found[file.src_uri]:
            _blocks[file.src_uri] = [(b.lang, _body_key(b.fence.body), b.block, b.broken) for b in found[file.src_uri]]
    site_findings, stats, moved = quiz_site_checks(found)
    findings.extend(site_findings)
    findings.extend(stats.warning_findings())
    report(log, findings)
    _moved.clear()
    _moved.update(moved)
    if stats.questions:
        log.info(stats.summary())
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Render this page's blocks for the fence callbacks and declare its assets."""
    _rendered.clear()
    _widgets.pop(page.file.src_uri, None)
    blocks = _blocks.get(page.file.src_uri)
    if not blocks:
        return markdown
    page_key = page.file.src_uri.removesuffix(".md")
    counters: dict[str, int] = {}
    assets: list[str] = []
    for lang, key, block, broken in blocks:
        counters[lang] = counters.get(lang, 0) + 1
        href = _hrefs(block, page, files)
        if broken:
            html = BROKEN_BLOCK
        elif lang == "quiz":
            # Search indexes a light stand-in; the widget replaces it in on_post_page.
            moved = frozenset(_moved)
            slots = _widgets.setdefault(page.file.src_uri, {})
            slots[len(slots)] = render_quiz(block, page_key=page_key, ordinal=counters[lang], href=href, moved=moved)
            html = render_quiz_for_search(block, slot=len(slots) - 1)
        elif lang == "checklist":
            html = render_checklist(block, page_key=page_key, ordinal=counters[lang], href=href)
        else:
            html = render_studylog(block, page_key=page_key, ordinal=counters[lang])
        _rendered[(lang, key)] = html
        assets += QUIZ_ASSETS if lang == "quiz" else PROGRESS_ASSETS
    declare_assets(page.meta, assets)
    return markdown


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Put each quiz widget in place of the stand-in that search indexed."""
    widgets = _widgets.pop(page.file.src_uri, None)
    if not widgets:
        return output
    filled, missing = fill_quiz_slots(output, widgets)
    if missing or len(widgets) != filled.count('class="sk-quiz"'):
        raise PluginError(f"quizzes: docs/{page.file.src_uri}의 퀴즈 {len(widgets)}개 중 일부를 페이지에 넣지 못했습니다 "
                          f"(internal error: slots {missing} unfilled)")
    return filled


def _hrefs(block: Any, page: Page, files: Files) -> dict[str, str]:
    """URLs, relative to this page, of every link back in a block."""
    targets = [(q.see, q.section) for q in getattr(block, "questions", [])]
    targets += [(item.see, item.section) for item in getattr(block, "items", [])]
    out: dict[str, str] = {}
    for see, section in targets:
        if section is None:
            continue
        file = files.get_file_from_path(section.src_uri)
        if file is not None:
            out[see] = f"{file.url_relative_to(page.file)}#{section.anchor}"
    return out


def _body_key(body: str) -> str:
    """Compare form of a fence body, independent of the indentation it had."""
    return "\n".join(line.strip() for line in body.splitlines() if line.strip())


def _format_block(source: str, language: str, class_name: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
    """Superfences formatter: return the HTML prepared in ``on_page_markdown``."""
    return _rendered.get((language, _body_key(source)), BROKEN_BLOCK)

"""MkDocs hook: draw every Mermaid diagram at build time, as inline SVG for both palettes.

Add to ``mkdocs.yml``::

    hooks:
      - hooks/diagrams.py

The work is in ``studykit.site.diagrams`` (what to draw, cache, markup) and
``studykit.site.headless`` (the browser); this module wires the events. The
``mermaid`` fence is replaced in ``on_config`` (``!!python/name:`` cannot reach
``hooks/``): it leaves a placeholder that ``on_post_page`` fills, or
``on_post_build`` when the background drawing finished later. Pages never go
through an HTML parser.

``STUDYSITE_DIAGRAMS``: ``auto`` (default: build time if a Chromium is found,
else mkdocs-mermaid2-plugin's fence and the browser draws), ``require`` (no
Chromium fails the build; ``make test`` and the Pages workflow) or ``client``.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mermaid2 import fence_mermaid_custom
from mkdocs.exceptions import PluginError

from studykit.background import BackgroundJob
from studykit.site.diagrams import (
    LANG,
    RE_PLACEHOLDER,
    Diagram,
    DiagramRenderer,
    RenderResult,
    collect,
    fill_placeholders,
    finding_for,
    locate,
    mermaid_version,
    normalize_source,
    phone_scrollers,
    phone_summary,
    placeholder,
    settings_fingerprint,
    source_key,
)
from studykit.cache import project_cache
from studykit.reporting import get_logger, report
from studykit.site.headless import ORIGIN, BrowserConfigError, BrowserSession, BrowserUnavailableError, find_chromium
from studykit.site.page_assets import declare_assets

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

ENV_SWITCH = "STUDYSITE_DIAGRAMS"
MODES = ("auto", "require", "client")
CACHE_FILE = Path(".cache") / "diagrams" / "svgs.json"
VENDOR_DIR = Path("assets") / "vendor" / "mermaid"
PRELOAD = "assets/javascripts/mermaid-preload.mjs"
CLIENT_MARK = 'class="mermaid"><code>'
#: 크게 보기 under each build-time diagram, on the pages that have one.
ZOOM_ASSETS = ("assets/stylesheets/diagram-zoom.css", "assets/javascripts/diagram-zoom.js")

log = get_logger("diagrams")

#: Per-build state, reset in ``on_config`` (``mkdocs serve`` keeps this module loaded).
_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Reset state, read the switch and put this hook's fence in place of mermaid2's."""
    _state.clear()
    mode = os.environ.get(ENV_SWITCH, "auto").strip().lower() or "auto"
    if mode not in MODES:
        raise PluginError(f"diagrams: {ENV_SWITCH}={mode} 는 알 수 없는 값입니다 ({', '.join(MODES)} 중 하나)")
    _state["mode"] = mode
    _state["sources"] = {}
    _install_fence(config)
    if mode == "client":
        log.info(f"diagrams: {ENV_SWITCH}=client — 그림을 독자의 브라우저가 그립니다 (mermaid2 fence)")
        return config
    root = Path(config.config_file_path or ".").resolve().parent
    vendor = Path(config.docs_dir) / VENDOR_DIR
    try:
        fingerprint = settings_fingerprint(mermaid_version(vendor))
    except FileNotFoundError as exc:
        raise PluginError(f"diagrams: Mermaid가 {vendor}에 없습니다: {exc}") from exc
    cache = project_cache(config.config_file_path, CACHE_FILE)
    _state["vendor"] = vendor
    _state["renderer"] = DiagramRenderer(cache, fingerprint, f"{ORIGIN}/mermaid/mermaid.esm.min.mjs")
    _state["docs_prefix"] = Path(os.path.relpath(Path(config.docs_dir).resolve(), root)).as_posix()
    _state["root"] = root
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    """Find every diagram; draw the ones the cache lacks in the background while pages render."""
    renderer = _state.get("renderer")
    if not isinstance(renderer, DiagramRenderer):
        return files
    prefix = _state["docs_prefix"]
    pages = {f"{prefix}/{page.src_uri}": page.content_string for page in files.documentation_pages()}
    diagrams = collect(pages)
    _state["diagrams"] = diagrams
    if not diagrams:
        return files
    open_session = None
    if renderer.missing(diagrams):
        open_session = _session_factory()
        if open_session is None:
            _state.pop("renderer")
            log.info("diagrams: Chromium이 없어 그림을 독자의 브라우저가 그립니다 (mermaid2 fence). "
                     "빌드할 때 그리려면 `make browser` 또는 CHROMIUM_PATH")
            return files
    _state["job"] = BackgroundJob("diagrams", renderer.render, diagrams, open_session)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Remember which page the fence is about to see (for diagrams the scan in ``on_files`` missed);
    a page with a diagram drawn at build time gets 크게 보기."""
    path = f"{_state.get('docs_prefix', 'docs')}/{page.file.src_uri}"
    _state["page"] = path
    if isinstance(_state.get("renderer"), DiagramRenderer) and any(d.path == path for d in _state.get("diagrams", [])):
        declare_assets(page.meta, ZOOM_ASSETS)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Pages drawn by the reader's browser start loading the vendored Mermaid early."""
    if CLIENT_MARK not in html:
        return html
    folder = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url)
    preload = posixpath.relpath(PRELOAD, folder.rstrip("/") or ".")
    return html + f'\n<script type="module" src="{preload}"></script>'


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str | None:
    """Fill the page's diagrams if they are drawn; otherwise leave it to ``on_post_build``."""
    if "studykit-diagram" not in output:
        return output
    job = _state.get("job")
    if isinstance(job, BackgroundJob) and job.ready():
        drawn = job.peek()
        keys = {match.group("key") for match in RE_PLACEHOLDER.finditer(output)}
        if all(key in drawn.svgs or key in drawn.errors for key in keys):
            return fill_placeholders(output, drawn.svgs, _client_fence)
    _state.setdefault("deferred", []).append(Path(config.site_dir) / page.file.dest_uri)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """Wait for the drawing, fill the remaining pages, report syntax errors and the summary."""
    renderer = _state.get("renderer")
    if not isinstance(renderer, DiagramRenderer):
        return
    job = _state.pop("job", None)
    result = _drawn(job) if isinstance(job, BackgroundJob) else RenderResult()
    diagrams = list(_state.get("diagrams", [])) + _draw_stragglers(renderer, result)
    for path in _state.pop("deferred", []):
        text = path.read_text(encoding="utf-8")
        path.write_text(fill_placeholders(text, result.svgs, _client_fence), encoding="utf-8")
    report(log, [finding_for(d, result.errors[d.key]) for d in diagrams if d.key in result.errors])
    if diagrams:
        log.info(result.stats.summary())
        scrolling = phone_summary(phone_scrollers(diagrams, result.svgs))
        if scrolling:
            log.info(scrolling)


def on_build_error(*, error: Exception) -> None:
    """Do not leave drawing running when the build fails early."""
    job = _state.pop("job", None)
    if isinstance(job, BackgroundJob):
        job.cancel()


def _draw_stragglers(renderer: DiagramRenderer, result: RenderResult) -> list[Diagram]:
    """Draw the diagrams the fence saw but the source scan did not (e.g. inside a block quote).

    Returns them as diagrams located at the first line of their text in the page.
    """
    stragglers = [
        Diagram(path, locate(_page_text(path), source), normalize_source(source))
        for key, (source, path, *_fence_args) in _state["sources"].items()
        if key not in result.svgs and key not in result.errors
    ]
    if not stragglers:
        return []
    open_session = _session_factory() if renderer.missing(stragglers) else None
    if open_session is None and renderer.missing(stragglers):
        log.info(f"diagrams: Chromium이 없어 그림 {len(stragglers)}개는 독자의 브라우저가 그립니다 (mermaid2 fence)")
        return []
    result.merge(_drawn(BackgroundJob("diagrams", renderer.render, stragglers, open_session)))
    return stragglers


def _page_text(path: str) -> str:
    """The source of a page named like a finding (``docs/x.md``); empty if unreadable."""
    try:
        return (_state["root"] / path).read_text(encoding="utf-8")
    except OSError:
        return ""


def _drawn(job: BackgroundJob[RenderResult]) -> RenderResult:
    """Wait for the drawing; a browser that fails or a renderer bug ends the build in one line."""
    try:
        return job.result()
    except (BrowserUnavailableError, BrowserConfigError) as exc:
        raise PluginError(f"diagrams: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a renderer bug must not print a traceback
        raise PluginError(f"diagrams 내부 오류 / internal error: {type(exc).__name__}: {exc}") from exc


def _session_factory() -> Any:
    """Return a callable that opens a browser session, or None where no Chromium exists."""
    mode = _state["mode"]
    try:
        executable = find_chromium()
    except BrowserConfigError as exc:
        raise PluginError(f"diagrams: {exc}") from exc
    if executable is None:
        if mode == "require":
            raise PluginError(
                f"diagrams: {ENV_SWITCH}=require 인데 Chromium이 없습니다. `make browser`로 설치하거나 CHROMIUM_PATH를 지정하세요"
            )
        return None
    vendor = _state["vendor"]
    return lambda: BrowserSession(executable, {"mermaid": vendor})


def _install_fence(config: MkDocsConfig) -> None:
    """Make the ``mermaid`` custom fence call ``_fence`` (kept in superfences' own list)."""
    settings = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = settings.setdefault("custom_fences", [])
    for fence in fences:
        if fence.get("name") == LANG:
            fence["format"] = _fence
            fence.setdefault("class", LANG)
            return
    fences.append({"name": LANG, "class": LANG, "format": _fence})


def _fence(source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
    """Leave a placeholder for a build-time diagram, or mermaid2's markup for the reader's browser."""
    if _state.get("mode") == "client" or "renderer" not in _state:
        return fence_mermaid_custom(source, language, css_class, options, md, **kwargs)
    _state["sources"][source_key(source)] = (source, _state.get("page", "docs"), language, css_class, options, md, kwargs)
    return placeholder(source)


def _client_fence(key: str) -> str:
    """Markup for a diagram that was not drawn (a syntax error): the reader's browser shows Mermaid's error."""
    source, _path, language, css_class, options, md, kwargs = _state["sources"][key]
    return fence_mermaid_custom(source, language, css_class, options, md, **kwargs)

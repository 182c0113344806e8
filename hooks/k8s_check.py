"""MkDocs hook: check every kubectl command, shell block and manifest on every build.

Add to ``mkdocs.yml``::

    hooks:
      - hooks/k8s_check.py

All work happens in ``studykit.checker.k8scheck`` (no MkDocs import there); this
module only wires the events, reports findings through an ``mkdocs.`` logger
so that ``mkdocs build --strict`` fails, and turns configuration problems into
``PluginError``. ``STUDYSITE_K8SCHECK=off`` turns the checker off;
``STUDYSITE_SANDBOX=require`` fails the build where kubectl could not run in
the OS sandbox (``studykit.checker.os_sandbox``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.background import BackgroundJob
from studykit.cache import project_cache
from studykit.checker.k8s_schemas import SchemaMissingError, schema_dir
from studykit.checker.k8scheck import Checker, Stats
from studykit.checker.kubectl_check import KubectlMissingError, SandboxRequired, find_kubectl
from studykit.markdown_source import Finding
from studykit.reporting import get_logger, report

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

ENV_SWITCH = "STUDYSITE_K8SCHECK"
OFF_VALUES = {"off", "0", "false", "no"}
CACHE_FILE = Path(".cache") / "k8scheck" / "results.json"

log = get_logger("k8scheck")

#: Per-build state, reset in ``on_config`` (``mkdocs serve`` keeps this module loaded).
_state: dict[str, object] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Reset state, honour the off switch and fail loudly if kubectl or the schemas are missing."""
    _state.clear()
    if os.environ.get(ENV_SWITCH, "on").strip().lower() in OFF_VALUES:
        log.info(f"k8scheck: 꺼짐 — {ENV_SWITCH}=off, 명령과 매니페스트를 검사하지 않습니다 (checker is OFF)")
        return config
    try:
        kubectl = find_kubectl()
        schema_dir()
    except (KubectlMissingError, SchemaMissingError) as exc:
        raise PluginError(f"k8scheck: {exc}") from exc
    root = Path(config.config_file_path or ".").resolve().parent
    cache = project_cache(config.config_file_path, CACHE_FILE)
    _state["root"] = root
    _state["checker"] = Checker(root=root, kubectl=kubectl, cache=cache, docs_dir=Path(config.docs_dir))
    return config


@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files | None:
    """Start checking every Markdown page in the background while MkDocs renders.

    Runs first (priority 100) so that a page that is not valid UTF-8 becomes a
    finding at its line, with its text decoded leniently, before any other hook
    reads it (instead of a traceback). The kubectl processes run on the other
    cores while this process renders pages; ``on_post_build`` waits for them and
    reports every problem at once.
    """
    report(log, _decode_pages(files, Path(config.docs_dir).name))
    checker = _state.get("checker")
    if not isinstance(checker, Checker):
        return files
    root = _state["root"]
    assert isinstance(root, Path)
    prefix = _relative_docs_dir(Path(config.docs_dir), root)
    pages = {f"{prefix}/{page.src_uri}": page.content_string for page in files.documentation_pages()}
    _state["job"] = BackgroundJob("k8scheck", checker.check_pages, pages)
    return files


def on_post_build(*, config: MkDocsConfig) -> None:
    """Wait for the checker, log all problems, then the summary as the last word."""
    job = _state.pop("job", None)
    if not isinstance(job, BackgroundJob):
        return
    try:
        findings, stats = job.result()
    except (KubectlMissingError, SchemaMissingError) as exc:
        raise PluginError(f"k8scheck: {exc}") from exc
    except SandboxRequired as exc:
        raise PluginError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - a checker bug must not print a traceback
        raise PluginError(f"k8scheck 내부 오류 / internal error: {type(exc).__name__}: {exc}") from exc
    report(log, findings)
    if isinstance(stats, Stats):
        if stats.sandbox_notice:
            log.info(stats.sandbox_notice)
        log.info(stats.summary())


def on_build_error(*, error: Exception) -> None:
    """Do not leave the background check running when the build fails early."""
    job = _state.pop("job", None)
    if isinstance(job, BackgroundJob):
        job.cancel()


def _decode_pages(files: Files, prefix: str) -> list[Finding]:
    """Read every page once; replace undecodable text by a lenient decoding, one finding per such page.

    The text is kept on the ``File`` (``content_string``), so the other hooks and MkDocs itself
    read it from memory instead of opening the file again.
    """
    findings = []
    for page in files.documentation_pages():
        try:
            text = page.content_string
        except UnicodeDecodeError as exc:
            raw = page.content_bytes
            line = raw.count(b"\n", 0, exc.start) + 1
            findings.append(Finding(f"{prefix}/{page.src_uri}", line, f"UTF-8이 아닌 바이트가 있습니다: 파일을 UTF-8로 저장하세요 (invalid UTF-8 at byte {exc.start})"))
            text = raw.decode("utf-8", errors="replace")
        page.content_string = text
    return findings


def _relative_docs_dir(docs_dir: Path, root: Path) -> str:
    """Return how findings name the docs folder, e.g. ``docs``."""
    try:
        return docs_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        return docs_dir.name

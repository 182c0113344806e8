"""MkDocs hook: the site works offline and can be installed (issue 11).

After the build, writes the web app manifest, generates the precache list from
the built files (``offline-files.json``), stamps its version into ``sw.js``
and prints the total size. The page side is ``overrides/main.html``
(``site_meta`` block) and ``assets/javascripts/offline.js``. Events only; see
``studykit.site.offline``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.cache import project_cache
from studykit.reporting import get_logger
from studykit.site.offline import FILE_LIST, ICONS, MANIFEST, WORKER, file_list_json, manifest_json, precache, worker_text

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_logger("offline")
REGISTRATION = "assets/javascripts/offline.js"
SHORT_NAME = "K8s 스터디"
CACHE_FILE = Path(".cache") / "offline" / "gzip-sizes.json"
#: ``mkdocs serve`` rebuilds on every save: a cache-first worker there would show stale pages.
_serving = {"on": False}


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this process serves the site (no worker then) or builds it."""
    _serving["on"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The worker, its registration and the icons must exist; tell the theme whether to register it."""
    config.extra["offline"] = not _serving["on"]
    for path in (WORKER, REGISTRATION, *(icon["src"] for icon in ICONS)):
        if not (Path(config.docs_dir) / path).is_file():
            raise PluginError(f"오프라인 파일이 없습니다: docs/{path} (offline asset missing)")
    return config


@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Write the manifest and the precache list; stamp the worker; report the size.

    Priority -100: after every other hook has finished writing files (the glossary
    rewrites the search index at -50, diagrams may fill pages), so the list and its
    version describe the site as published.
    """
    site = Path(config.site_dir)
    manifest = manifest_json(config.site_name, SHORT_NAME, config.site_description or "")
    (site / MANIFEST).write_text(manifest, encoding="utf-8")
    sizes = project_cache(config.config_file_path, CACHE_FILE)
    sizes.load()
    result = precache(site, sizes)
    sizes.save()
    (site / FILE_LIST).write_text(file_list_json(result), encoding="utf-8")
    worker = site / WORKER
    try:
        worker.write_text(worker_text(worker.read_text(encoding="utf-8"), result.version), encoding="utf-8")
    except ValueError as error:
        raise PluginError(f"docs/{WORKER}: {error}") from None
    log.info(result.summary())

"""Offline copy of the site: the precache list, its version and the web app manifest.

Pure code, no MkDocs import. Everything is generated from the *built* site, so
no list is kept by hand: every file a page may need (pages, styles, scripts,
fonts, images, the search index and worker, every Mermaid chunk, the flashcard
library) except source maps, unused lunr language files, downloads and the
offline machinery itself. The version is a hash of the listed files' paths and
bytes: any change in the site gives a new service worker and a new cache.
The gzip size in the build log is kept per file content in a ``ResultCache``
(compressing the whole site on every build costs about a second at 30 lessons).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studykit.cache import ResultCache

VERSION_PLACEHOLDER = "__OFFLINE_VERSION__"
WORKER = "sw.js"
FILE_LIST = "offline-files.json"
MANIFEST = "manifest.webmanifest"
RE_EXCLUDE = re.compile(
    r"(?:\.map$|\.gz$|^assets/javascripts/lunr/|^downloads/|(?:^|/)README\.md$|(?:^|/)LICENSE$"
    rf"|^{re.escape(WORKER)}$|^{re.escape(FILE_LIST)}$)"
)
ICONS = (
    {"src": "assets/images/icon-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "assets/images/icon-512.png", "sizes": "512x512", "type": "image/png"},
    {"src": "assets/images/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    {"src": "assets/images/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
)
#: Material's indigo (light) and slate background (dark); the manifest takes the light one.
THEME_LIGHT = "#3f51b5"
THEME_DARK = "#1e2129"


@dataclass(frozen=True)
class Precache:
    """What the service worker stores: URLs relative to the site folder, their bytes, a version."""

    urls: list[str]
    raw_bytes: int
    gzip_bytes: int
    version: str

    def summary(self) -> str:
        """One line for the build log (Korean, as contributors read it)."""
        return (
            f"오프라인 사전 캐시: 파일 {len(self.urls)}개, {self.raw_bytes / 1048576:.1f} MB "
            f"(gzip {self.gzip_bytes / 1048576:.1f} MB), 버전 {self.version}"
        )


def url_of(path: str) -> str:
    """Return the URL a reader requests for a built file: ``x/index.html`` is ``x/``."""
    if path == "index.html":
        return "./"
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


#: Client-side Mermaid: only pages drawn in the reader's browser (no Chromium at build time) need it.
RE_CLIENT_DIAGRAMS = re.compile(r"^assets/vendor/mermaid/|^assets/javascripts/mermaid-preload\.mjs$")
#: What mkdocs-mermaid2's fence leaves in a page when the diagram is drawn by the reader's browser.
CLIENT_DIAGRAM_MARK = 'class="mermaid"'


def needs_client_diagrams(site_dir: Path) -> bool:
    """Whether any built page still draws a diagram in the reader's browser."""
    mark = CLIENT_DIAGRAM_MARK.encode()
    return any(mark in page.read_bytes() for page in site_dir.rglob("*.html"))


def precache(site_dir: Path, sizes: ResultCache | None = None) -> Precache:
    """Walk the built site and return the precache list, sizes and version.

    The vendored Mermaid is left out when every diagram arrived as SVG at build time.
    ``sizes`` keeps each file's gzip size by its SHA-256; only this site's files stay in it.
    """
    skip_mermaid = not needs_client_diagrams(site_dir)
    digest = hashlib.sha256()
    urls: list[str] = []
    raw = packed = 0
    used: set[str] = set()
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        path = file.relative_to(site_dir).as_posix()
        if RE_EXCLUDE.search(path) or (skip_mermaid and RE_CLIENT_DIAGRAMS.search(path)):
            continue
        data = file.read_bytes()
        urls.append(url_of(path))
        raw += len(data)
        content = hashlib.sha256(data).digest()
        key = f"gzip -6 {content.hex()}"
        size = sizes.get(key) if sizes is not None else None
        if not isinstance(size, int):
            size = len(gzip.compress(data, compresslevel=6, mtime=0))
            if sizes is not None:
                sizes.put(key, size)
        used.add(key)
        packed += size
        digest.update(path.encode() + b"\0" + content)
    if sizes is not None:
        sizes.retain(used)
    return Precache(urls, raw, packed, digest.hexdigest()[:16])


def file_list_json(result: Precache) -> str:
    """Return ``offline-files.json``: the version and the URLs to store."""
    return json.dumps({"version": result.version, "files": result.urls}, ensure_ascii=False, indent=0) + "\n"


def worker_text(template: str, version: str) -> str:
    """Return the service worker with its version filled in; raise ValueError without the placeholder."""
    if VERSION_PLACEHOLDER not in template:
        raise ValueError(f"{WORKER} has no {VERSION_PLACEHOLDER} placeholder")
    return template.replace(VERSION_PLACEHOLDER, version)


def manifest_json(name: str, short_name: str, description: str) -> str:
    """Return the web app manifest (Korean name, icons, colours); URLs relative to the site folder."""
    data = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": "ko",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_LIGHT,
        "background_color": "#ffffff",
        "icons": list(ICONS),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""Build the site once and serve it like a real host: gzip, under a sub-path.

Used by the browser tests and by ``bench/``. Pure standard library.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import socket
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".tsv", ".map")
TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".tsv": "text/tab-separated-values; charset=utf-8"}


def build_site(site_dir: Path, *, config: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run ``mkdocs build --strict`` into ``site_dir``; return the build log.

    Raises ``RuntimeError`` with the log when the build fails.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    command += ["--config-file", str(config or ROOT / "mkdocs.yml")]
    merged = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=merged, timeout=600)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{log}")
    return log


def site_pages(site: Path) -> list[str]:
    """Every built page as a path below the site root ('' for the home page)."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


@dataclass
class ServedSite:
    """A running server: ``url`` ends with the sub-path and a slash."""

    url: str
    root: Path
    prefix: str
    log: list[tuple[str, int, int]]


def _handler(root: Path, prefix: str, log: list[tuple[str, int, int]]) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        """Serve ``root`` at ``prefix`` with gzip when the client accepts it."""

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
            return

        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if not path.startswith(prefix):
                self._send(404, b"not under the sub-path", "text/plain")
                return
            relative = path[len(prefix):]
            target = (root / relative).resolve()
            if root not in target.parents and target != root:
                self._send(403, b"forbidden", "text/plain")
                return
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return
                target = target / "index.html"
            if not target.is_file():
                body = (root / "404.html").read_bytes() if (root / "404.html").is_file() else b"404"
                self._send(404, body, "text/html; charset=utf-8")
                return
            kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/html"):
                kind = "text/html; charset=utf-8"
            self._send(200, target.read_bytes(), kind, compress=target.suffix in COMPRESSIBLE)

        def _send(self, status: int, body: bytes, kind: str, *, compress: bool = True) -> None:
            gzipped = compress and "gzip" in self.headers.get("Accept-Encoding", "")
            if gzipped:
                body = gzip.compress(body, compresslevel=6, mtime=0)
            log.append((self.path, status, len(body)))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def free_port() -> int:
    """Return a loopback port that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(root: Path, prefix: str = "/k8s-study/", port: int = 0) -> Iterator[ServedSite]:
    """Serve a built site on a loopback port (free one by default) under ``prefix``.

    Material's instant navigation only intercepts links that match the
    sitemap, so build with ``SITE_URL=http://127.0.0.1:<port><prefix>`` and
    serve on that same port when a test needs instant navigation.
    """
    log: list[tuple[str, int, int]] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(root.resolve(), prefix, log))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield ServedSite(f"http://127.0.0.1:{server.server_port}{prefix}", root, prefix, log)
    finally:
        server.shutdown()
        server.server_close()

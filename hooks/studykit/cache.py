"""Results kept across builds: one JSON cache, keyed so that the same inputs read by the same code give the same key.

Pure code, no MkDocs import. Every cache of the project (checker results,
diagram SVGs, deck packages, gzip sizes, glossary and progress results) is a
``ResultCache``. A hook stores a result under
``content_key(running_code_version(), inputs...)`` and reuses it while neither the
inputs nor the code that computes the result have changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Bump when the shape of stored results changes (2: the checker's kubectl warnings and manifest rules).
CACHE_FORMAT = 2


@dataclass
class ResultCache:
    """A JSON-backed dict of check results; keys carry the tool versions. ``path`` None: memory only."""

    path: Path | None
    data: dict[str, Any] = field(default_factory=dict)
    loaded: bool = False
    dirty: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def load(self) -> None:
        """Read the on-disk cache once; a broken file is ignored and rewritten."""
        if self.loaded:
            return
        self.loaded = True
        if self.path and self.path.is_file():
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                if stored.get("format") == CACHE_FORMAT:
                    self.data.update(stored.get("results", {}))
            except (OSError, ValueError):
                self.dirty = True

    def get(self, key: str) -> Any:
        """Return a cached value or None."""
        return self.data.get(key)

    def put(self, key: str, value: Any) -> None:
        """Store a value."""
        with self.lock:
            self.data[key] = value
            self.dirty = True

    def retain(self, keys: set[str]) -> None:
        """Forget every value whose key is not in ``keys`` (for caches of whole outputs that go stale)."""
        with self.lock:
            stale = [key for key in self.data if key not in keys]
            for key in stale:
                del self.data[key]
            self.dirty = self.dirty or bool(stale)

    def save(self) -> None:
        """Write the cache atomically if anything changed."""
        if not (self.path and self.dirty):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        # ASCII escapes: a result may quote a lone surrogate from a page, which UTF-8 cannot hold.
        tmp.write_text(json.dumps({"format": CACHE_FORMAT, "results": self.data}), encoding="utf-8")
        os.replace(tmp, self.path)
        self.dirty = False


#: The package whose code computes every cached result.
PACKAGE_DIR = Path(__file__).resolve().parent
#: Every cache opened in this process, by file: ``mkdocs serve`` rebuilds reuse what is already loaded.
_open_caches: dict[Path, ResultCache] = {}


def project_cache(config_file: str | None, relative: Path) -> ResultCache:
    """The cache file ``relative`` to the project of ``config_file`` (mkdocs.yml), opened once per process."""
    path = Path(config_file or ".").resolve().parent / relative
    return _open_caches.setdefault(path, ResultCache(path))


def content_key(*parts: object) -> str:
    """SHA-256 of ``parts`` as JSON (tuples read as lists, dict keys sorted)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def code_version(folder: Path = PACKAGE_DIR) -> str:
    """Fingerprint of every Python file under ``folder`` (the core and its packages by default), paths included."""
    files = sorted(folder.rglob("*.py"))
    return content_key(*[(path.relative_to(folder).as_posix(), path.read_bytes().hex()) for path in files])[:16]


#: ``code_version()`` of the core this process runs, read once. Python keeps the modules it imported:
#: an edit to ``hooks/studykit/`` reaches a running ``mkdocs serve`` only after a restart, so reading the
#: files again on every build would cost time and would key results of the old code by the new code.
#: (Wrapped by assignment, not decorated, so that mutation testing still changes ``code_version``.)
running_code_version = lru_cache(maxsize=1)(code_version)

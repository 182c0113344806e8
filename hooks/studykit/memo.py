"""Keys for results kept across builds: the same inputs read by the same code give the same key.

Pure code, no MkDocs import. A hook stores a result in a ``ResultCache`` under
``content_key(running_code_version(), inputs...)`` and reuses it while neither the
inputs nor the code that computes the result have changed.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from studykit.k8scheck import ResultCache

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
    """Fingerprint of every Python file in ``folder`` (the core by default), names included: editing any changes it."""
    return content_key(*[(path.name, path.read_bytes().hex()) for path in sorted(folder.glob("*.py"))])[:16]


#: ``code_version()`` of the core this process runs, read once. Python keeps the modules it imported:
#: an edit to ``hooks/studykit/`` reaches a running ``mkdocs serve`` only after a restart, so reading the
#: files again on every build would cost time and would key results of the old code by the new code.
#: (Wrapped by assignment, not decorated, so that mutation testing still changes ``code_version``.)
running_code_version = lru_cache(maxsize=1)(code_version)

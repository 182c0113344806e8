"""When did a source page last change? A deterministic date for exports (Anki note times).

Pure code, no MkDocs import. The date of a page is, in this order:

1. the time of the last git commit that touched it, when the working copy of
   the file is the committed one (a clean checkout, as CI builds it);
2. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when it is set;
3. the file's modification time (a contributor editing the page locally).

The same content in the same checkout always gives the same date, so builds
stay byte-reproducible, and the date grows whenever the page is changed and
committed, which is what Anki's "update notes if newer" compares.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

COMMIT_MARK = "@"
GIT_TIMEOUT = 30


def page_dates(root: Path, paths: Iterable[str], env: Mapping[str, str] | None = None) -> dict[str, int]:
    """Return ``{path: unix seconds}`` for repository-relative ``paths`` (``docs/day31/x.md``)."""
    wanted = sorted(set(paths))
    environ = os.environ if env is None else env
    committed = _commit_times(root, wanted)
    dirty = _dirty_paths(root, wanted) if committed else set(wanted)
    epoch = _source_date_epoch(environ)
    dates: dict[str, int] = {}
    for path in wanted:
        if path in committed and path not in dirty:
            dates[path] = committed[path]
        elif epoch is not None:
            dates[path] = epoch
        else:
            dates[path] = _file_time(root / path)
    return dates


def _source_date_epoch(env: Mapping[str, str]) -> int | None:
    """Return ``SOURCE_DATE_EPOCH`` as an int, or None when unset or not a number."""
    value = env.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def _file_time(path: Path) -> int:
    """Return the file's modification time in whole seconds (0 when it is missing)."""
    try:
        return int(path.stat().st_mtime)
    except OSError:
        return 0


def _git(root: Path, *args: str) -> str | None:
    """Run git in ``root``; return its output, or None when git or the repository is missing."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _commit_times(root: Path, paths: list[str]) -> dict[str, int]:
    """Return the last commit time of each path that git knows, in one ``git log`` call."""
    if not paths:
        return {}
    output = _git(
        root, "log", f"--format={COMMIT_MARK}%ct", "--name-only", "--relative", "--no-renames", "--", *paths
    )
    if output is None:
        return {}
    times: dict[str, int] = {}
    current = 0
    for line in output.splitlines():
        if line.startswith(COMMIT_MARK):
            current = int(line[1:])
        elif line and line not in times:
            times[line] = current
    return {path: times[path] for path in paths if path in times}


def _dirty_paths(root: Path, paths: list[str]) -> set[str]:
    """Return the paths whose working copy (staged or not) differs from the last commit."""
    output = _git(root, "diff", "--name-only", "--relative", "--no-renames", "HEAD", "--", *paths)
    if output is None:
        return set(paths)
    return {line for line in output.splitlines() if line}

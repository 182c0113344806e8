"""When did a piece of a source page last change? A deterministic date for exports (Anki note times).

Pure code, no MkDocs import. The date of a piece (an interview card) is, in this order:

1. the time of the last git commit that changed it, when the working copy
   says what the last commit says (a clean checkout, as CI builds it);
2. ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when it is set;
3. the file's modification time (a contributor editing the page locally).

The same content in the same checkout always gives the same date, so builds
stay byte-reproducible, and the date grows whenever the piece is changed and
committed, which is what Anki's "update notes if newer" compares: editing one
card of a page leaves the other cards' dates (and a learner's own edits of
those notes in Anki) alone. The committed versions of every page are read with
one ``git log`` and one ``git cat-file --batch``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

COMMIT_MARK = "@"
GIT_TIMEOUT = 30


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


#: A page's text -> {piece id: what the piece says} (e.g. a card's question and answer).
Pieces = Callable[[str, str], Mapping[str, str]]


def piece_dates(
    root: Path,
    texts: Mapping[str, str],
    pieces: Pieces,
    env: Mapping[str, str] | None = None,
    memo: dict[str, Mapping[str, str]] | None = None,
) -> dict[str, int]:
    """Return ``{piece id: unix seconds}`` for the pieces of the pages ``texts`` (path -> working text).

    ``pieces(path, text)`` names each piece of a version of a page with its content.
    A piece's date is the time of the last commit in which its content changed
    (or appeared); a piece that the working copy changed since the last commit,
    or a page git does not know, takes ``SOURCE_DATE_EPOCH`` or the file's time.
    ``memo`` keeps the pieces of each committed version (by blob id, which names its content) across
    calls, so that a rebuild (``mkdocs serve``) reads only versions it has not seen.
    """
    environ = os.environ if env is None else env
    paths = sorted(texts)
    versions = _versions(root, paths)
    known = {} if memo is None else memo
    blobs = _blobs(root, sorted({blob for history in versions.values() for _, blob in history} - set(known)))
    epoch = _source_date_epoch(environ)
    dates: dict[str, int] = {}
    for path in paths:
        now = pieces(path, texts[path])
        history = []
        for when, blob in versions.get(path, []):
            if blob not in known and blob in blobs:
                known[blob] = pieces(path, blobs[blob])
            history.append((when, known.get(blob, {})))
        for piece, content in now.items():
            found = None
            for when, earlier in history:  # newest first: the oldest run of versions that say the same
                if earlier.get(piece) != content:
                    break
                found = when
            if found is None:
                found = epoch if epoch is not None else _file_time(root / path)
            dates[piece] = found
    return dates


def _versions(root: Path, paths: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Return each path's committed versions, newest first: ``[(commit time, blob id)]``; a deletion ends it."""
    if not paths:
        return {}
    output = _git(root, "log", f"--format={COMMIT_MARK}%ct", "--raw", "--no-abbrev", "--no-renames", "--relative", "--", *paths)
    if output is None:
        return {}
    versions: dict[str, list[tuple[int, str]]] = {}
    ended: set[str] = set()
    current = 0
    for line in output.splitlines():
        if line.startswith(COMMIT_MARK):
            current = int(line[1:])
        elif line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            fields = meta.split()
            if path in ended:
                continue
            if fields[-1] == "D":
                ended.add(path)  # older versions belong to an earlier life of the file
                continue
            versions.setdefault(path, []).append((current, fields[3]))
            if fields[-1] == "A":
                ended.add(path)
    return versions


def _blobs(root: Path, ids: list[str]) -> dict[str, str]:
    """Return the text of each blob, read through one ``git cat-file --batch``."""
    if not ids:
        return {}
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch"], input=("\n".join(ids) + "\n").encode(),
            capture_output=True, timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    data, at = result.stdout, 0
    texts: dict[str, str] = {}
    while at < len(data):
        end = data.index(b"\n", at)
        header = data[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<id> missing"
            continue
        size = int(header[2])
        texts[header[0].decode()] = data[at:at + size].decode("utf-8", "replace")
        at += size + 1
    return texts

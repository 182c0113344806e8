"""The pinned kubectl's flags, per command: which take a value, which may be given more than once.

Pure code, no MkDocs import. ``data/kubectl_flags.json`` is derived from the
pinned kubectl's own ``--help`` (``scripts/derive-kubectl-flags.py``).
``parse_command`` splits a command's words (after ``kubectl``) into its command
path (``create deployment``), its flags with their values, and its positional
words, the way kubectl's flag parser (pflag) reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

FLAGS_FILE = Path(__file__).with_name("data") / "kubectl_flags.json"
#: Flags with an optional value (pflag ``NoOptDefVal`` in kubectl's source): ``--dry-run`` alone is allowed,
#: and such a flag never takes the next word as its value.
OPTIONAL_VALUE = {"--dry-run", "--validate"}


@dataclass(frozen=True)
class FlagUse:
    """One flag as written: its long name (``--selector``), its value and where they are."""

    name: str
    kind: str  # "bool" | "value" | "list" | "unknown"
    value: str | None
    #: Index of the word holding the flag, and of the word holding its value (the same when inline).
    index: int
    value_index: int | None = None


@dataclass
class ParsedCommand:
    """A kubectl command line after ``kubectl``: its command path, flags and positional words."""

    path: str = ""
    flags: list[FlagUse] = field(default_factory=list)
    #: Indices of the positional words after the command path, up to ``--``.
    positionals: list[int] = field(default_factory=list)
    #: Indices of the words that name the command (``create``, ``deployment``).
    path_indices: list[int] = field(default_factory=list)
    #: Index of ``--`` (the rest is the command run in a container), or None.
    dashdash: int | None = None

    def values(self, *names: str) -> list[FlagUse]:
        """Return the uses of any of the flags ``names`` (long names), in order."""
        return [use for use in self.flags if use.name in names]


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """Return data/kubectl_flags.json."""
    return json.loads(FLAGS_FILE.read_text(encoding="utf-8"))


def flag_set(path: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Return the flags of one command path plus the global flags, by long name, and ``{"-l": "--selector"}``."""
    data = table()
    flags = {**data["global"], **data["commands"].get(path, {})}
    return flags, {spec["short"]: name for name, spec in flags.items() if "short" in spec}


#: ``flag_set`` remembered by command path (not a decorator, so that mutation testing still changes the function).
command_flags = lru_cache(maxsize=256)(flag_set)


def parse_command(texts: list[str]) -> ParsedCommand:
    """Read a command's words (after ``kubectl``) as kubectl's flag parser does (the result is shared: do not change it)."""
    return remembered_parse(tuple(texts))


def parse_words(texts: tuple[str, ...]) -> ParsedCommand:
    """The parse behind ``parse_command``, done every time."""
    parsed = ParsedCommand()
    commands = table()["commands"]
    flags, shorts = command_flags("")
    i = 0
    while i < len(texts):
        text = texts[i]
        if text == "--":
            parsed.dashdash = i
            break
        if text.startswith("--") and len(text) > 2:
            i = long_flag(texts, i, flags, parsed)
        elif text.startswith("-") and len(text) > 1 and not is_number(text):
            i = short_flags(texts, i, flags, shorts, parsed)
        else:
            candidate = f"{parsed.path} {text}".strip()
            if not parsed.positionals and candidate in commands:
                parsed.path = candidate
                parsed.path_indices.append(i)
                flags, shorts = command_flags(candidate)
            else:
                parsed.positionals.append(i)
            i += 1
    return parsed


#: ``parse_words`` remembered by the words: the planner reads one command several times.
remembered_parse = lru_cache(maxsize=4096)(parse_words)


def is_number(text: str) -> bool:
    """Return whether a word is a negative number (a value, not a flag)."""
    return text[1:].replace(".", "", 1).isdigit()


def long_flag(texts: tuple[str, ...], i: int, flags: dict[str, dict[str, str]], parsed: ParsedCommand) -> int:
    """Record ``--name[=value]`` (and its value word); return the index after it."""
    name, sep, inline = texts[i].partition("=")
    kind = flags.get(name, {}).get("kind", "unknown")
    if sep:
        parsed.flags.append(FlagUse(name, kind, inline, i, i))
        return i + 1
    if kind in ("value", "list") and name not in OPTIONAL_VALUE and i + 1 < len(texts) and texts[i + 1] != "--":
        parsed.flags.append(FlagUse(name, kind, texts[i + 1], i, i + 1))
        return i + 2
    parsed.flags.append(FlagUse(name, kind, None, i))
    return i + 1


def short_flags(texts: tuple[str, ...], i: int, flags: dict[str, dict[str, str]], shorts: dict[str, str], parsed: ParsedCommand) -> int:
    """Record a group of shorthand flags (``-it``, ``-lapp=web``, ``-n ns``); return the index after it."""
    text = texts[i]
    for pos in range(1, len(text)):
        short = "-" + text[pos]
        name = shorts.get(short, short)
        kind = flags.get(name, {}).get("kind", "unknown")
        if kind not in ("value", "list"):
            parsed.flags.append(FlagUse(name, kind, None, i))
            continue
        rest = text[pos + 1:].removeprefix("=")
        if rest or pos + 1 < len(text):
            parsed.flags.append(FlagUse(name, kind, rest, i, i))
            return i + 1
        if i + 1 < len(texts) and texts[i + 1] != "--":
            parsed.flags.append(FlagUse(name, kind, texts[i + 1], i, i + 1))
            return i + 2
        parsed.flags.append(FlagUse(name, kind, None, i))
        return i + 1
    return i + 1

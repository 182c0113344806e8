"""Split a shell code block into simple commands and heredocs, with line numbers.

Pure code, no MkDocs import. This is not a full shell parser: it knows
quotes, comments, line continuations, ``$ `` prompts, ``$(...)``, pipes and
lists, redirections and heredocs, which is what lesson blocks use. Syntax is
left to ``bash -n``; this module only finds the commands worth checking.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

#: Cheat-sheet placeholder such as ``<pod>``, ``<node name>``, ``<파드-이름>`` or ``<디렉터리/>`` (an argument, not a
#: redirection): it starts with a letter of any script and may contain spaces, but does not end with one. It may be
#: glued to other text (``<종류>_<이름>.yaml``, ``my-<app>.yaml``, ``<pod-name>-svc``); ``<<`` and ``>>`` are never one.
RE_PLACEHOLDER = re.compile(r"(?<![<$])<(?P<name>[^\W\d_](?:[\w.:/|=, -]*[\w./])?)>(?!>)")
RE_PROMPT = re.compile(r"^[ \t]*\$ ?(?=\S)")
RE_HEREDOC_START = re.compile(r"<<-?[ \t]*(?P<q>['\"]?)(?P<delim>[\w.-]+)(?P=q)")
RE_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
RE_SIMPLE_EXPANSION = re.compile(r"\$(?:\w+|[@*#?$!0-9-])?")
PLACEHOLDER = "__k8scheck_ph__"
#: Lines that are a command's output rather than shell: table columns, ``...``, HTML, ``Events:``, Go maps.
RE_OUTPUT_LINE = re.compile(
    r"\S {2,}\S.*\S {2,}\S|^\s*(?:\.\.\.|…)|^\s*</?[A-Za-z][^>]*>|^[A-Z][\w-]*(?: [\w-]+)*:\s*$|^\s*\[?map\["
)
OPERATORS = ("&&", "||", "|&", ";;", "|", ";", "&", "(", ")")
#: Every operator starts with one of these, so a word ends at them (checked per character: keep it a set).
OPERATOR_STARTS = frozenset(op[0] for op in OPERATORS)
WORD_ENDS = OPERATOR_STARTS | {" ", "\t", "\n"}
RE_REDIRECT = re.compile(r"(?:\d+|&)?(?:<<-|<<<|<<|>>|>&|<&|<>|>\||>|<)")
#: Words that start a compound command; the rest of the line is a command of its own.
LEADING_KEYWORDS = {"if", "then", "else", "elif", "do", "while", "until", "!", "time", "{", "}", "fi", "done"}
#: Compound commands whose words are not a command (``for x in a b``).
SKIP_KEYWORDS = {"for", "case", "select", "function", "esac", "in"}


@dataclass
class Word:
    """One shell word after quote removal."""

    text: str
    line: int
    #: Contains an expansion (``$VAR``, ``$(...)``, backticks): its value is unknown.
    dynamic: bool = False

    @property
    def placeholder(self) -> bool:
        """Return whether the word contains a cheat-sheet placeholder like ``<pod>``."""
        return PLACEHOLDER in self.text


@dataclass
class Command:
    """A simple command: its words, redirections and place in a pipeline."""

    words: list[Word] = field(default_factory=list)
    redirects: list[tuple[str, Word]] = field(default_factory=list)
    pipeline: int = 0
    heredocs: list[int] = field(default_factory=list)

    @property
    def line(self) -> int:
        """Return the 0-based body line where the command starts."""
        if self.words:
            return self.words[0].line
        return self.redirects[0][1].line if self.redirects else 0

    @property
    def name(self) -> str:
        """Return the basename of the command word (``kubectl`` for ``/usr/bin/kubectl``)."""
        return self.words[0].text.rsplit("/", 1)[-1] if self.words else ""

    def argv(self) -> list[str]:
        """Return the words as plain strings."""
        return [w.text for w in self.words]


@dataclass
class Heredoc:
    """Text fed to a command by ``<<DELIM``; ``body_line`` is its first 0-based body line."""

    body: str
    body_line: int
    line: int
    target: str | None = None
    #: A kubectl command reads the body as its manifest (``-f -``); a container's stdin (``kubectl exec -i``) is none.
    feeds_kubectl: bool = False
    #: False when the block ends before the delimiter line.
    closed: bool = True
    delimiter: str = ""
    #: The delimiter is unquoted (``<<EOF``): the shell expands ``$VAR``, ``$(…)`` and backticks in the body.
    expands: bool = False
    #: The file the body is appended to (``>>``) rather than written.
    appends: bool = False


@dataclass
class ShellBlock:
    """The result of splitting one block."""

    commands: list[Command]
    heredocs: list[Heredoc]
    #: The block as ``bash -n`` should see it: prompts and output removed, placeholders filled in.
    script: str


def prepare(body: str, lang: str) -> str:
    """Strip prompts and output lines and fill placeholders, keeping every line in place."""
    lines = body.split("\n")
    prompted = lang == "console" or any(RE_PROMPT.match(line) for line in lines)
    out: list[str] = []
    keep_next = False
    delims: list[str] = []
    for line in lines:
        if not prompted:
            kept = line
        elif delims:
            kept = line
            if line.strip() == delims[0]:
                delims.pop(0)
        elif RE_PROMPT.match(line) or keep_next:
            kept = RE_PROMPT.sub("", line, count=1) if not keep_next else re.sub(r"^> ?", "", line)
        else:
            kept = ""
        if prompted and kept and not delims:
            delims.extend(m.group("delim") for m in RE_HEREDOC_START.finditer(kept))
        keep_next = prompted and kept.endswith("\\")
        out.append(kept)
    return RE_PLACEHOLDER.sub(lambda m: PLACEHOLDER + re.sub(r"\W", "_", m.group("name")), "\n".join(out))


def parse_block(body: str, lang: str = "bash") -> ShellBlock:
    """Split a shell block into commands and heredocs with 0-based body line numbers."""
    script = prepare(body, lang)
    parser = _Parser(script)
    parser.run()
    return ShellBlock(commands=[c for c in parser.commands if c.words or c.redirects], heredocs=parser.heredocs, script=script)


class _WordReader:
    """The lexical half: reads one shell word (quotes, escapes, expansions) and tracks the line."""

    def __init__(self, text: str) -> None:
        """Start at the beginning of ``text``."""
        self.text = text
        self.pos = 0
        self.line = 0

    def read_word(self) -> Word:
        """Read one word, removing quotes and noting expansions."""
        text = self.text
        start_line = self.line
        out: list[str] = []
        dynamic = False
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in WORD_ENDS:  # blanks and the first characters of the operators (``&&``, ``|``, ``;``, ``(``)
                break
            if ch in "<>" and RE_REDIRECT.match(text, self.pos):
                break
            if ch == "\\":
                if text.startswith("\\\n", self.pos):
                    self.pos += 2
                    self.line += 1
                    continue
                out.append(text[self.pos + 1:self.pos + 2])
                self.pos += 2
            elif ch == "'":
                end = text.find("'", self.pos + 1)
                end = len(text) if end < 0 else end
                out.append(text[self.pos + 1:end])
                self.line += text.count("\n", self.pos, end)
                self.pos = end + 1
            elif ch == '"':
                self.pos += 1
                while self.pos < len(text) and text[self.pos] != '"':
                    if text[self.pos] == "\\" and self.pos + 1 < len(text):
                        out.append(text[self.pos + 1] if text[self.pos + 1] in '"\\$`' else text[self.pos:self.pos + 2])
                        self.pos += 2
                        continue
                    if text[self.pos] in "$`":
                        dynamic = True
                        out.append(self.read_expansion())
                        continue
                    if text[self.pos] == "\n":
                        self.line += 1
                    out.append(text[self.pos])
                    self.pos += 1
                self.pos += 1
            elif ch in "$`":
                dynamic = True
                out.append(self.read_expansion())
            else:
                out.append(ch)
                self.pos += 1
        return Word(text="".join(out), line=start_line, dynamic=dynamic)

    def read_expansion(self) -> str:
        """Skip ``$VAR``, ``${...}``, ``$(...)`` or a backtick span and return its source."""
        text = self.text
        start = self.pos
        if text[self.pos] == "`":
            end = text.find("`", self.pos + 1)
            self.pos = len(text) if end < 0 else end + 1
        elif text.startswith("$(", self.pos) or text.startswith("${", self.pos):
            opener, closer = text[self.pos + 1], ")" if text[self.pos + 1] == "(" else "}"
            depth = 0
            self.pos += 1
            quote = ""
            while self.pos < len(text):
                c = text[self.pos]
                if quote:
                    quote = "" if c == quote else quote
                elif c in "'\"":
                    quote = c
                elif c == opener:
                    depth += 1
                elif c == closer:
                    depth -= 1
                    if depth == 0:
                        self.pos += 1
                        break
                self.pos += 1
        else:
            match = RE_SIMPLE_EXPANSION.match(text, self.pos)
            self.pos = match.end() if match else self.pos + 1
        self.line += text.count("\n", start, self.pos)
        return text[start:self.pos]


class _Parser(_WordReader):
    """The grammatical half: groups words into commands, pipelines, redirections and heredocs."""

    def __init__(self, text: str) -> None:
        """Start at the beginning of ``text``."""
        super().__init__(text)
        self.commands: list[Command] = []
        self.heredocs: list[Heredoc] = []
        self.pending: deque[tuple[str, bool, Heredoc]] = deque()
        self.pipeline = 0
        self.current = Command()

    def run(self) -> None:
        """Tokenize everything, then attach heredocs to their targets."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t":
                self.pos += 1
            elif ch == "\\" and text.startswith("\\\n", self.pos):
                self.pos += 2
                self.line += 1
            elif ch == "\n":
                self.pos += 1
                self.line += 1
                self.end_command(new_pipeline=True)
                self.read_heredoc_bodies()
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif (match := RE_REDIRECT.match(text, self.pos)) and not self.starts_word_digit(match):
                self.pos = match.end()
                self.redirect(match.group(0))
            elif ch in OPERATOR_STARTS:
                op = next(op for op in OPERATORS if text.startswith(op, self.pos))
                self.pos += len(op)
                self.end_command(new_pipeline=op not in ("|", "|&"))
            else:
                self.current.words.append(self.read_word())
        self.end_command(new_pipeline=True)
        self.link_heredocs()

    def starts_word_digit(self, match: re.Match[str]) -> bool:
        """Return whether a leading digit belongs to a word (``a2>b``) rather than a redirection."""
        return match.group(0)[0].isdigit() and self.pos > 0 and not self.text[self.pos - 1].isspace()

    def end_command(self, *, new_pipeline: bool) -> None:
        """Close the current command; a pipe keeps the pipeline number."""
        if self.current.words or self.current.redirects:
            self.commands.append(self.current)
        self.current = Command(pipeline=self.pipeline)
        if new_pipeline:
            self.pipeline += 1
            self.current.pipeline = self.pipeline

    def redirect(self, op: str) -> None:
        """Read the word after a redirection operator; a heredoc waits for the next line."""
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        if self.pos >= len(self.text) or self.text[self.pos] == "\n":
            return
        start = self.pos
        target = self.read_word()
        if op.lstrip("0123456789&") in ("<<", "<<-"):
            raw = target.text
            quoted = any(mark in self.text[start:self.pos] for mark in "'\"\\")
            doc = Heredoc(body="", body_line=0, line=target.line, expands=not quoted)
            self.pending.append((raw, op.endswith("-"), doc))
            self.heredocs.append(doc)
            self.current.heredocs.append(len(self.heredocs) - 1)
        else:
            self.current.redirects.append((op, target))

    def read_heredoc_bodies(self) -> None:
        """After a newline, consume the bodies of heredocs opened on the previous line."""
        while self.pending:
            delim, strip_tabs, doc = self.pending.popleft()
            doc.body_line = self.line
            doc.delimiter = delim
            doc.closed = False
            body: list[str] = []
            while self.pos < len(self.text):
                end = self.text.find("\n", self.pos)
                end = len(self.text) if end < 0 else end
                raw = self.text[self.pos:end]
                self.pos = min(end + 1, len(self.text))
                self.line += 1
                candidate = raw.lstrip("\t") if strip_tabs else raw
                if candidate.rstrip() == delim:
                    doc.closed = True
                    break
                body.append(candidate)
            doc.body = "\n".join(body) + ("\n" if body else "")

    def link_heredocs(self) -> None:
        """Work out where each heredoc goes: a file (``> f.yaml``, ``tee f.yaml``) or kubectl.

        The commands of each pipeline are gathered once, so the work grows with the block, not with its square.
        """
        pipelines: dict[int, list[Command]] = {}
        for command in self.commands:
            pipelines.setdefault(command.pipeline, []).append(command)
        for command in self.commands:
            for index in command.heredocs:
                doc = self.heredocs[index]
                doc.target = file_target(command)
                doc.appends = appends(command)
                for later in pipelines[command.pipeline]:
                    if later is command:
                        continue
                    if reads_manifest_from_stdin(later):
                        doc.feeds_kubectl = True
                    if doc.target is None and file_target(later):
                        doc.target, doc.appends = file_target(later), appends(later)
                doc.feeds_kubectl = doc.feeds_kubectl or reads_manifest_from_stdin(command)


def file_target(command: Command) -> str | None:
    """Return the file a command writes its output to: its stdout ``>`` redirection or ``tee``'s argument.

    ``2>err.log`` or ``2>/dev/null`` is where the errors go, not the YAML a later ``-f`` reads.
    """
    for op, word in command.redirects:
        stream, arrow = op[: len(op) - len(op.lstrip("0123456789&"))], op.lstrip("0123456789&")
        if stream in ("", "1", "&") and arrow in (">", ">>", ">|") and not word.dynamic:
            return word.text
    if command.name == "tee":
        files = [w.text for w in command.words[1:] if not w.text.startswith("-")]
        return files[0] if files else None
    return None


def output_line(script: str, line: int) -> str:
    """Return the line at or just before ``line`` (0-based) that looks like command output, or ""."""
    lines = script.split("\n")
    for index in range(min(line, len(lines) - 1), max(line - 3, -1), -1):
        if RE_OUTPUT_LINE.search(lines[index]):
            return lines[index].strip()
    return ""


def reads_manifest_from_stdin(command: Command) -> bool:
    """Return whether a kubectl command reads its manifest from standard input (``-f -``, ``-f-``, ``--filename=-``).

    ``kubectl run -i … <<EOF`` or ``kubectl exec -i … <<EOF`` hands the text to a container instead: no manifest.
    """
    if command.name != "kubectl":
        return False
    texts = [w.text for w in command.words]
    return any(t in ("-f-", "-f=-", "--filename=-") or (t in ("-f", "--filename") and texts[i + 1:i + 2] == ["-"])
               for i, t in enumerate(texts))


def appends(command: Command) -> bool:
    """Return whether a command's output is appended to its file (``>>``, ``tee -a``)."""
    if command.name == "tee":
        return any(w.text in ("-a", "--append") for w in command.words[1:])
    return any(op.lstrip("0123456789&") == ">>" for op, _ in command.redirects)


def command_words(command: Command) -> list[Word]:
    """Return the words that form the command proper: no keywords or ``VAR=value`` prefixes."""
    words = list(command.words)
    while words and (words[0].text in LEADING_KEYWORDS or RE_ASSIGNMENT.match(words[0].text)):
        words.pop(0)
    if words and words[0].text in SKIP_KEYWORDS:
        return []
    return words

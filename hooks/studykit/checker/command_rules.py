"""Command-line rules kubectl itself does not check before it talks to a server.

Pure code, no MkDocs import, no process: the planner applies these to every
kubectl command of a page. kubectl sends label and field selectors to the API
server unparsed, and keeps only the last value of a flag given twice; a lesson
that teaches either mistake passes ``kubectl`` offline and fails in the lab.

- label selectors (``-l``, ``--selector``, ``--pod-selector``): k8s.io/apimachinery/pkg/labels ``Parse``
- field selectors (``--field-selector``): k8s.io/apimachinery/pkg/fields ``ParseSelector``
- a single-value flag given twice: spf13/pflag ``Set`` replaces the value (the flag kinds come from the
  pinned kubectl's help, ``data/kubectl_flags.json``)
- a value the flag's help does not list (``-o yml``, ``--dry-run=true``, ``--cascade=forground``): kubectl's
  printers (``PrintFlags.ToPrinter``: unable to match a printer) and ``GetDryRunStrategy``,
  ``GetCascadingStrategy``, ``GetValidationDirective`` refuse it, some only once a server answers
- patch bodies (``-p``) become manifest jobs of the planner (``patch_body``), checked as patches of their target.
"""

from __future__ import annotations

from studykit.checker.k8s_syntax import field_selector, label_selector
from studykit.checker.kubectl_flags import ParsedCommand, command_flags, parse_command
from studykit.checker.manifest_partial import RE_NOT_A_VALUE
from studykit.checker.shell_parse import Word

LABEL_SELECTOR_FLAGS = ("--selector", "--pod-selector")
FIELD_SELECTOR_FLAGS = ("--field-selector",)
#: Commands whose ``--selector`` is something else: ``set selector`` takes it as an argument.
NOT_LABEL_SELECTOR = {"set selector"}
PATCH_TYPES = {"json", "merge", "strategic", "apply"}
#: Values kubectl takes that its help does not list: booleans as Go's ``strconv.ParseBool`` reads them
#: (``--dry-run=true``, ``--cascade=false``, ``--validate=TRUE``: deprecated or aliases, with a warning at most).
GO_BOOLEANS = ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False")
ALSO_ACCEPTED = {"--cascade": GO_BOOLEANS, "--dry-run": GO_BOOLEANS, "--validate": GO_BOOLEANS}
#: Flags whose value is a format, then ``=`` and its template (``-o jsonpath={.x}``, ``-o custom-columns=A:.a``).
FORMAT_FLAGS = {"--output"}


def command_problems(words: list[Word]) -> list[str]:
    """Return what is wrong with one kubectl command's flags (``words`` after ``kubectl``), in Korean."""
    texts = [w.text for w in words]
    parsed = parse_command(texts)
    literal = [not (w.dynamic or w.placeholder) for w in words]
    problems = repeated_flags(parsed, texts)
    for use in parsed.values(*LABEL_SELECTOR_FLAGS):
        if use.value is not None and literal[use.value_index or use.index] and parsed.path not in NOT_LABEL_SELECTOR:
            if reason := label_selector(use.value):
                problems.append(f"레이블 셀렉터 '{use.value}'를 읽을 수 없습니다: 'app=web', 'tier in (a,b)', '!key'처럼 쓰고 괄호·쉼표 짝을 확인하세요 (labels.Parse: {reason})")
    problems += choice_problems(parsed, literal)
    for use in parsed.values(*FIELD_SELECTOR_FLAGS):
        if use.value is not None and literal[use.value_index or use.index] and (reason := field_selector(use.value)):
            problems.append(f"필드 셀렉터 '{use.value}'를 읽을 수 없습니다: 'status.phase=Running'처럼 필드=값(또는 ==, !=)으로 쓰세요 (fields.ParseSelector: {reason})")
    return problems


def choice_problems(parsed: ParsedCommand, literal: list[bool]) -> list[str]:
    """A value the flag's help does not list (an output format compared without case: kubectl takes ``-o JSON``)."""
    flags, _ = command_flags(parsed.path)
    problems: list[str] = []
    for use in parsed.flags:
        choices = flags.get(use.name, {}).get("choices")
        if not choices or use.value is None or not literal[use.value_index if use.value_index is not None else use.index]:
            continue
        accepted = (*choices, *ALSO_ACCEPTED.get(use.name, ()))
        if use.name in FORMAT_FLAGS:
            word, accepted = use.value.partition("=")[0].lower(), tuple(c.lower() for c in accepted)
        else:
            word = use.value
        if word not in accepted:
            problems.append(f"플래그 {use.name}의 값 '{word}'를 kubectl {parsed.path}이(가) 받지 않습니다: {', '.join(choices)} 중 하나로 바꾸세요 (kubectl {parsed.path} --help: {use.name} must be one of the listed values)")
    return problems


def repeated_flags(parsed: ParsedCommand, texts: list[str]) -> list[str]:
    """A single-value flag given twice with different values: kubectl silently keeps only the last."""
    seen: dict[str, str] = {}
    problems: list[str] = []
    for use in parsed.flags:
        if use.kind != "value" or use.value is None or RE_NOT_A_VALUE.search(use.value):
            continue
        first = seen.setdefault(use.name, use.value)
        if first != use.value:
            hint = f": 하나로 합치세요(예: {texts[use.index].split('=')[0]} {first},{use.value})" if use.name in (*LABEL_SELECTOR_FLAGS, *FIELD_SELECTOR_FLAGS) else ": 하나만 쓰세요"
            problems.append(f"플래그 {use.name}를 두 번 썼습니다: kubectl은 마지막 값 '{use.value}'만 쓰고 앞의 값 '{first}'은 버립니다{hint} (pflag: a single-value flag given twice keeps the last)")
            seen[use.name] = use.value
    return problems


def patch_body(words: list[Word]) -> tuple[str, str] | None:
    """Return ``(body, mode)`` of ``kubectl patch -p BODY`` (mode ``patch@<resource>`` or ``jsonpatch@<resource>``), or None."""
    texts = [w.text for w in words]
    parsed = parse_command(texts)
    if parsed.path != "patch":
        return None
    bodies = parsed.values("--patch")
    if not bodies or bodies[-1].value is None:
        return None
    use = bodies[-1]
    word = words[use.value_index if use.value_index is not None else use.index]
    if word.placeholder or (word.dynamic and use.value.lstrip("\"'").startswith(("$", "`"))):
        return None  # the body is a placeholder or comes from an expansion (``-p "$(cat patch.json)"``)
    return use.value, patch_mode(parsed, texts)


def patch_mode(parsed: ParsedCommand, texts: list[str]) -> str:
    """Return the check mode of a patch command's body: JSON patch or merge patch, of its target resource."""
    types = parsed.values("--type")
    kind = "jsonpatch" if types and types[-1].value == "json" else "patch"
    targets = [texts[i] for i in parsed.positionals]
    resource = targets[0].partition("/")[0] if targets and not RE_NOT_A_VALUE.search(targets[0]) else ""
    return f"{kind}@{resource}" if resource else kind


def patch_file(words: list[Word]) -> tuple[str, str] | None:
    """Return ``(file, mode)`` of ``kubectl patch --patch-file FILE``, or None."""
    texts = [w.text for w in words]
    parsed = parse_command(texts)
    files = parsed.values("--patch-file")
    if parsed.path != "patch" or not files or files[-1].value is None or RE_NOT_A_VALUE.search(files[-1].value):
        return None
    return files[-1].value, patch_mode(parsed, texts)

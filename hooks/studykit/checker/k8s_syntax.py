"""The small languages of the Kubernetes API: names, label selectors, quantities, cron schedules.

Pure code, no MkDocs import. Each function follows one function of the
Kubernetes sources and returns the reason a value is refused ("" when it is
accepted), in English, as the API server or kubectl would put it:

- names: k8s.io/apimachinery/pkg/util/validation (``IsDNS1123Label``, ``IsDNS1123Subdomain``,
  ``IsQualifiedName``, ``IsValidLabelValue``, ``IsValidPortName``, ``IsRelaxedEnvVarName``,
  ``IsConfigMapKey``) and k8s.io/apimachinery/pkg/api/validation/path (``IsValidPathSegmentName``)
- label selectors: k8s.io/apimachinery/pkg/labels/selector.go (``Parse``)
- field selectors: k8s.io/apimachinery/pkg/fields/selector.go (``ParseSelector``)
- quantities: k8s.io/apimachinery/pkg/api/resource/quantity.go (``ParseQuantity``)
- cron schedules: github.com/robfig/cron/v3 ``ParseStandard``, as used by
  pkg/apis/batch/validation ``validateScheduleFormat``
"""

from __future__ import annotations

import base64
import binascii
import re
from decimal import Decimal, InvalidOperation

RE_DNS_LABEL = re.compile(r"^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$")
RE_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$")
RE_QUALIFIED_NAME = re.compile(r"^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$")
RE_PORT_NAME = re.compile(r"^[-a-z0-9]+$")
RE_CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
RE_QUANTITY = re.compile(r"^(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?P<suffix>[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$")
SUFFIXES = {
    "": Decimal(1), "m": Decimal("0.001"), "k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "G": Decimal(10) ** 9,
    "T": Decimal(10) ** 12, "P": Decimal(10) ** 15, "E": Decimal(10) ** 18, "Ki": Decimal(2) ** 10, "Mi": Decimal(2) ** 20,
    "Gi": Decimal(2) ** 30, "Ti": Decimal(2) ** 40, "Pi": Decimal(2) ** 50, "Ei": Decimal(2) ** 60,
}
#: Cron fields: (name, lowest, highest, names) as robfig/cron's standard parser bounds them.
MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
DAYS = {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())}
CRON_FIELDS = (("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of month", 1, 31, {}), ("month", 1, 12, MONTHS), ("day of week", 0, 6, DAYS))
CRON_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
RE_DURATION = re.compile(r"^(?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h))+$")
LABEL_OPERATORS = ("==", "!=", "=", ">", "<")


def dns_label(value: str) -> str:
    """``IsDNS1123Label``: at most 63 lower-case letters, digits and '-', starting and ending alphanumeric."""
    if len(value) > 63:
        return "must be no more than 63 characters"
    return "" if RE_DNS_LABEL.match(value) else "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'"


def dns_subdomain(value: str) -> str:
    """``IsDNS1123Subdomain``: at most 253 characters of DNS labels joined by '.'."""
    if len(value) > 253:
        return "must be no more than 253 characters"
    return "" if RE_DNS_SUBDOMAIN.match(value) else "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"


def path_segment(value: str) -> str:
    """``IsValidPathSegmentName``: anything but '.', '..', '/' and '%' (RBAC object names)."""
    if value in (".", ".."):
        return f"may not be '{value}'"
    bad = next((c for c in "/%" if c in value), "")
    return f"may not contain '{bad}'" if bad else ""


def qualified_name(value: str) -> str:
    """``IsQualifiedName`` (label and annotation keys): an optional DNS-subdomain prefix and '/', then a name of 63."""
    prefix, slash, name = value.rpartition("/")
    if slash and (not prefix or dns_subdomain(prefix)):
        return "prefix part must be a DNS-1123 subdomain"
    if not name or len(name) > 63 or not RE_QUALIFIED_NAME.match(name):
        return "name part must consist of alphanumeric characters, '-', '_' or '.', at most 63, starting and ending alphanumeric"
    return ""


def label_value(value: str) -> str:
    """``IsValidLabelValue``: empty, or at most 63 alphanumeric, '-', '_', '.' characters starting and ending alphanumeric."""
    if value == "":
        return ""
    if len(value) > 63 or not RE_QUALIFIED_NAME.match(value):
        return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'"
    return ""


def port_name(value: str) -> str:
    """``IsValidPortName`` (IANA_SVC_NAME): 1-15 of a-z, 0-9, '-', at least one letter, no '--', no '-' at either end."""
    if not 1 <= len(value) <= 15:
        return "must be no more than 15 characters"
    if not RE_PORT_NAME.match(value):
        return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
    if "--" in value:
        return "must not contain consecutive hyphens"
    if not any(c.isalpha() for c in value):
        return "must contain at least one letter (a-z)"
    if value.startswith("-") or value.endswith("-"):
        return "must not begin or end with a hyphen"
    return ""


def env_var_name(value: str) -> str:
    """``IsRelaxedEnvVarName`` (GA in v1.34): non-empty, printable ASCII, no '='."""
    if value == "":
        return "environment variable name must be non-empty"
    if any(ord(c) > 126 or ord(c) < 32 or c == "=" for c in value):
        return "a valid environment variable name must consist only of printable ASCII characters other than '='"
    return ""


def config_key(value: str) -> str:
    """``IsConfigMapKey`` (ConfigMap and Secret keys): at most 253 of alphanumerics, '-', '_', '.'; not '.' or '..'."""
    if len(value) > 253:
        return "must be no more than 253 characters"
    if not RE_CONFIG_KEY.match(value):
        return "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
    return "must not be '.' or '..'" if value in (".", "..") else ""


def base64_value(value: str) -> str:
    """A ``[]byte`` field in JSON (Secret ``data``, ConfigMap ``binaryData``): standard base64, as encoding/json decodes it.

    Go's decoder skips line breaks (a long value folded over lines is fine), nothing else.
    """
    try:
        base64.b64decode(value.replace("\r", "").replace("\n", "").encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        return f"illegal base64 data ({exc})"
    return ""


def quantity(value: str) -> Decimal | None:
    """``ParseQuantity``: the value of ``128Mi``, ``500m``, ``1e3``, ``2``; None when it is not a quantity."""
    match = RE_QUANTITY.match(value.strip())
    if not match:
        return None
    suffix = match.group("suffix") or ""
    try:
        number = Decimal(match.group("number"))
        if suffix[:1] in ("e", "E"):
            return number * Decimal(10) ** int(suffix[1:])
        return number * SUFFIXES[suffix]
    except (InvalidOperation, KeyError):
        return None


def label_selector(text: str) -> str:
    """``labels.Parse``: ``key``, ``!key``, ``key=v``, ``key==v``, ``key!=v``, ``key in (a,b)``, ``key notin (a)``, ``key>1``."""
    try:
        SelectorParser(selector_tokens(text)).parse()
    except ValueError as exc:
        return str(exc)
    return ""


class SelectorParser:
    """A recursive-descent reader of label selector tokens (the grammar of ``labels.Parser``)."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        """Start at the first token."""
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str]:
        """Return the next token (``("end", "")`` after the last)."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        """Return the next token and move past it."""
        token = self.peek()
        self.pos += 1
        return token

    def parse(self) -> None:
        """Read requirements separated by commas until the end; raise ``ValueError`` on the first problem."""
        if self.peek()[0] == "end":
            return
        while True:
            self.requirement()
            kind, value = self.take()
            if kind == "end":
                return
            if kind != "comma":
                raise ValueError(f"found '{value}', expected: ',' or 'end of string'")
            if self.peek()[0] not in ("id", "not"):
                raise ValueError(f"found '{self.peek()[1]}', expected: identifier after ','")

    def requirement(self) -> None:
        """Read one requirement and check its key and values."""
        negated = self.peek()[0] == "not"
        self.pos += negated
        kind, key = self.take()
        if kind != "id":
            raise ValueError(f"found '{key}', expected: identifier")
        if problem := qualified_name(key):
            raise ValueError(f"invalid label key {key!r}: {problem}")
        if negated or self.peek()[0] in ("end", "comma"):
            return  # exists / does not exist
        kind, operator = self.take()
        if kind == "id" and operator in ("in", "notin"):
            values = self.value_set()
        elif kind == "op" and operator in LABEL_OPERATORS:
            next_kind, value = self.peek()
            if next_kind not in ("end", "comma", "id"):
                raise ValueError(f"found '{value}', expected: identifier")
            values = [self.take()[1] if next_kind == "id" else ""]
            if operator in (">", "<") and not values[0].lstrip("-").isdigit():
                raise ValueError(f"for 'Gt', 'Lt' operators, the value must be an integer: {values[0]!r}")
        else:
            raise ValueError(f"found '{operator}', expected: in, notin, =, ==, !=, gt, lt")
        for value in values:
            if problem := label_value(value):
                raise ValueError(f"invalid label value {value!r}: {problem}")

    def value_set(self) -> list[str]:
        """Read ``(a, b)`` after ``in``/``notin``."""
        kind, value = self.take()
        if kind != "open":
            raise ValueError(f"found '{value}', expected: '('")
        values: list[str] = []
        expect_value = True
        while True:
            kind, value = self.take()
            if kind == "close":
                break
            if kind == "id" and expect_value:
                values.append(value)
                expect_value = False
            elif kind == "comma":
                values += [""] if expect_value else []
                expect_value = True
            else:
                raise ValueError(f"found '{value}', expected: ',', ')' or identifier")
        if not values:
            raise ValueError("for 'in', 'notin' operators, values set can't be empty")
        return values


def selector_tokens(text: str) -> list[tuple[str, str]]:
    """Split a label selector into identifiers, operators, commas and parentheses (``labels.Lexer``)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\n":
            i += 1
        elif ch == ",":
            tokens.append(("comma", ","))
            i += 1
        elif ch in "()":
            tokens.append(("open" if ch == "(" else "close", ch))
            i += 1
        elif text.startswith(("==", "!="), i):
            tokens.append(("op", text[i:i + 2]))
            i += 2
        elif ch == "!":
            tokens.append(("not", ch))
            i += 1
        elif ch in "=<>":
            tokens.append(("op", ch))
            i += 1
        else:
            end = i
            while end < len(text) and text[end] not in " \t\n,()=!<>":
                end += 1
            tokens.append(("id", text[i:end]))
            i = end
    return tokens


def field_selector(text: str) -> str:
    """``fields.ParseSelector``: comma-separated ``field=value``, ``field==value`` or ``field!=value`` terms."""
    if text.strip() == "":
        return ""
    for term in split_unescaped(text, ","):
        if not any(op in term for op in ("!=", "==", "=")):
            return f"invalid selector: '{text}'; can't understand '{term}'"
        name = re.split(r"!=|==|=", term, maxsplit=1)[0]
        if name.strip() == "":
            return f"invalid selector: '{text}'; no field name in '{term}'"
    return ""


def split_unescaped(text: str, separator: str) -> list[str]:
    """Split at ``separator`` characters not preceded by a backslash."""
    parts, current, escaped = [], "", False
    for ch in text:
        if ch == separator and not escaped:
            parts.append(current)
            current = ""
            continue
        escaped = ch == "\\" and not escaped
        current += ch
    parts.append(current)
    return parts


def cron_schedule(schedule: str) -> str:
    """``cron.ParseStandard`` and ``validateScheduleFormat``: five fields or a descriptor; no ``TZ=`` prefix."""
    text = schedule.strip()
    if text.startswith(("TZ=", "CRON_TZ=")):
        return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
    if text.startswith("@"):
        if text in CRON_DESCRIPTORS:
            return ""
        if text.startswith("@every "):
            return "" if RE_DURATION.match(text[len("@every "):].strip()) else f"failed to parse duration {text}"
        return f"unrecognized descriptor: {text}"
    fields = text.split()
    if len(fields) != 5:
        return f"expected exactly 5 fields, found {len(fields)}: {text}"
    for value, (name, low, high, names) in zip(fields, CRON_FIELDS):
        if problem := cron_field(value, low, high, names):
            return f"{name} field {value!r}: {problem}"
    return ""


def cron_field(value: str, low: int, high: int, names: dict[str, int]) -> str:
    """One field of a cron schedule: a list of ``*``, ``?``, ``n``, ``a-b``, each with an optional ``/step``."""
    for part in value.split(","):
        span, slash, step = part.partition("/")
        if slash and (not step.isdigit() or int(step) == 0):
            return f"step of range should be a positive number: {part!r}"
        if span in ("*", "?"):
            continue
        start_text, dash, end_text = span.partition("-")
        numbers = []
        for text in (start_text, end_text) if dash else (start_text,):
            number = names.get(text.lower()) if text.lower() in names else (int(text) if text.isdigit() else None)
            if number is None:
                return f"failed to parse int from {text!r}"
            numbers.append(number)
        if numbers[0] < low or numbers[-1] > high:
            return f"value out of range ({low}-{high})"
        if numbers[0] > numbers[-1]:
            return f"beginning of range ({numbers[0]}) beyond end of range ({numbers[-1]})"
    return ""

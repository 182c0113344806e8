"""Reading page source: lines as an editor counts them, shortcodes blanked in one pass, Trojan Source found."""

from __future__ import annotations

import re

import pytest

from studykit import markdown_source
from studykit.markdown_source import bidi_findings, blank_shortcodes, iter_fences, source_lines
from studykit.site_check import link_findings

#: Characters ``str.splitlines`` breaks at but an editor does not.
NOT_LINE_BREAKS = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"]


@pytest.mark.parametrize("char", NOT_LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_only_newlines_end_a_line(char: str) -> None:
    text = f"one {char} still one\r\ntwo\nthree\n"
    assert source_lines(text) == [f"one {char} still one", "two", "three"]
    page = f"# a {char} b\n\n```bash\nkubectl get pods\n```\n"
    [fence] = iter_fences(page)
    assert (fence.start_line, fence.body_line) == (3, 4)


def test_a_line_separator_moves_no_later_finding() -> None:
    """A U+2028 in prose once moved every later finding one line down (issue 19)."""
    page = "첫 줄\u2028같은 줄\n\n[깨진 링크](nope.md)\n"
    [finding] = link_findings("a.md", page, {"a.md"})
    assert finding.line == 3


def test_a_page_without_a_last_newline_and_an_empty_page() -> None:
    assert source_lines("a\nb") == ["a", "b"] and source_lines("") == [] and source_lines("\n") == [""]


@pytest.mark.parametrize(("char", "name"), [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
                                            ("\u202a", "LEFT-TO-RIGHT EMBEDDING"), ("\u2069", "POP DIRECTIONAL ISOLATE")])
def test_bidirectional_controls_in_code_are_named_at_their_line(char: str, name: str) -> None:
    page = f"prose {char} is not code\n\n```bash\necho ok\nkubectl get pods # {char}admin{char}\n```\n\n```yaml\na: 1\n```\n"
    [finding] = bidi_findings(page, "docs/p.md")
    assert finding.line == 5
    assert f"U+{ord(char):04X} ({name})" in finding.message and "Trojan Source" in finding.message


class Counted:
    """A compiled pattern that adds up how many characters its searches look at."""

    def __init__(self, pattern: re.Pattern[str], steps: list[int]) -> None:
        self.pattern, self.steps = pattern, steps

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        found = self.pattern.search(text, pos)
        self.steps.append((found.end() if found else len(text)) - pos)
        return found


ADVERSARIAL = {
    "openers only": "{{<" * 40_000,
    "openers and one close at the end": "{{%" * 40_000 + "%}}",
    "open and close": "{{< x >}}\n" * 12_000,
    "closers only": ">}}%}}" * 20_000,
    "nested openers": ("{{<" * 50 + ">}}") * 2_000,
    "glued to words": "v{{< skew x >}}/a " * 6_000,
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_shortcode_blanking_looks_at_each_character_a_bounded_number_of_times(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear in the page's size: the searches together look at no more than twice the text (the old regex: its square)."""
    text = ADVERSARIAL[name]
    steps: list[int] = []
    monkeypatch.setattr(markdown_source, "RE_SHORTCODE_OPEN", Counted(markdown_source.RE_SHORTCODE_OPEN, steps))
    monkeypatch.setattr(markdown_source, "RE_SHORTCODE_CLOSE", Counted(markdown_source.RE_SHORTCODE_CLOSE, steps))
    blanked = blank_shortcodes(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert sum(steps) <= 2 * len(text) + 3


def test_shortcodes_are_blanked_as_the_old_pattern_did() -> None:
    """The one-pass scan gives what issue 20's regex gave, on short pages: ``re.sub(r"\\{\\{[<%].*?[%>]\\}\\}", …, DOTALL)``,
    each shortcode blanked with spaces, or with ``x`` when it sits on one line glued to other text."""
    old = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)

    def blank_old(page: str) -> str:
        def blank(match: re.Match[str]) -> str:
            before, after = page[match.start() - 1:match.start()], page[match.end():match.end() + 1]
            glued = (before and not before.isspace()) or (after and not after.isspace())
            return re.sub(r"[^\n]", "x" if glued and "\n" not in match.group(0) else " ", match.group(0))

        return old.sub(blank, page)

    pages = ['a {{< note >}} b {{% code_sample file="x" %}}\n{{< tab\nname="y" >}}c {{< open', "{{<>}}{{%}}", "{{<}}>}}", "x {{% a\n\n%}}\n",
             "https://dl.k8s.io/v{{< skew currentVersion >}}/bin x{{< a\nb >}}y", "{{< a >}}{{< b >}} {{< c >}}", "(v{{< x >}})\t{{< y >}}\n"]
    for page in pages:
        assert blank_shortcodes(page) == blank_old(page), page


def test_a_finding_is_always_one_inert_line_in_the_log() -> None:
    """A command quoted from a page cannot add a line (a fake workflow command), colour the terminal or reorder text."""
    from studykit.markdown_source import Finding
    from studykit.reporting import github_annotation

    finding = Finding("docs/a.md", 3, 'bad `kubectl get "a\n::error file=x::pwned\r\x1b[31m\u202e\u2028\x85"`')
    line = finding.format()
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u202e" not in line and "\x85" not in line
    assert "\\x0a::error file=x::pwned\\x0d\\x1b[31m\\u202e\\u2028\\x85" in line
    assert "\n" not in github_annotation(finding) and "%0A::error file=x::pwned%0D" in github_annotation(finding)  # the format's own escapes

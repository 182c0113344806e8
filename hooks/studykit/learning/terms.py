"""The site's terminology, declared in the glossary: forms to avoid, Korean names for search.

Pure code, no MkDocs import. Two uses of the same ``Term`` list from
``studykit.learning.glossary``:

- ``avoid_findings`` reports every prose use of a form the glossary lists under
  ``피할 표기:``, at its real source line. Code is never checked: fenced code
  blocks, inline code, HTML tags and comments, link targets and attribute lists
  are blanked out first (offsets and lines kept). The study blocks (``quiz``,
  ``checklist``, ``studylog``) and Mermaid diagrams are text a learner reads,
  so they are checked like prose.
- ``add_korean_names`` gives each entry of Material's search index the Korean
  names (``한국어:``) of the glossary terms it mentions, in extra index fields
  that are searched but never shown, so a learner who types 파드 finds the
  sections about Pod.
"""

from __future__ import annotations

import re
from typing import Any

from studykit.learning.glossary import Term, term_pattern
from studykit.markdown_source import Finding, iter_fences, line_of_offset

# Fences whose body is reader-facing text, not code.
PROSE_FENCES = frozenset({"quiz", "checklist", "studylog", "mermaid"})
RE_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
RE_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
RE_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
RE_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
RE_ATTR_LIST = re.compile(r"\{\s*[#.:][^}\n]*\}")
RE_TAG = re.compile(r"<[^>]+>")
# A word as the search index splits it (mkdocs.yml's search separator: spaces, hyphens, dots, brackets, quotes).
RE_WORD = re.compile(r"[^\s\-.,:;!?()\[\]{}\"'“”‘’·/]+")
# Letters that continue a word on the left of a form (Hangul included: 객체 must not match in 대상객체).
WORD_BEFORE = r"(?<![0-9A-Za-z_\uac00-\ud7a3])"
# Index fields for the Korean names; their boosts mirror Material's title and text fields.
SEARCH_FIELDS = {"title_ko": "title", "text_ko": "text"}


def _blank(match: re.Match[str]) -> str:
    """Spaces of the same length, newlines kept: offsets and line numbers survive."""
    return re.sub(r"[^\n]", " ", match.group(0))


def prose_only(text: str) -> str:
    """``text`` with everything that is not prose blanked out, same length and lines."""
    lines = text.split("\n")
    for fence in iter_fences(text):
        last = fence.body_line + fence.body.count("\n") if fence.closed else len(lines)
        prose = fence.lang in PROSE_FENCES
        for number in range(fence.start_line, last + 1):
            if not prose or number in (fence.start_line, last):
                lines[number - 1] = " " * len(lines[number - 1])
    out = "\n".join(lines)
    for pattern in (RE_HTML_COMMENT, RE_INLINE_CODE, RE_HTML_TAG, RE_LINK_TARGET, RE_ATTR_LIST):
        out = pattern.sub(_blank, out)
    return out


def _form_pattern(form: str) -> str:
    """Regex for one avoid form: any whitespace between its words, a word boundary on the left."""
    body = r"\s+".join(re.escape(word) for word in form.split())
    right = r"(?![0-9A-Za-z_])" if re.search(r"[0-9A-Za-z_]$", form) else ""
    return f"{WORD_BEFORE}{body}{right}"


def avoid_findings(text: str, path: str, terms: list[Term], exempt_lines: frozenset[int] = frozenset()) -> list[Finding]:
    """Every prose use in ``text`` of a form some term lists under ``피할 표기:``."""
    owners = {" ".join(form.split()).lower(): term for term in terms for form in term.avoid}
    lowered = text.lower()
    # A form can only match where its first word occurs: most pages contain none, and then no prose is extracted.
    forms = sorted((form for form in owners if form.split()[0] in lowered), key=len, reverse=True)
    if not forms:
        return []
    pattern = re.compile("|".join(_form_pattern(form) for form in forms), re.IGNORECASE)
    findings = []
    for match in pattern.finditer(prose_only(text)):
        line = line_of_offset(text, match.start())
        if line in exempt_lines:
            continue
        found = " ".join(match.group(0).split())
        term = owners[found.lower()]
        use = "', '".join(term.korean) if term.korean else term.term
        findings.append(Finding(path, line, (
            f"'{found}'은(는) 용어집이 피하라고 한 표기입니다. '{use}'(으)로 고치세요 (용어집: {term.term})."
        )))
    return findings


def glossary_exempt_lines(terms: list[Term]) -> frozenset[int]:
    """Lines of the glossary page that declare avoid forms (they name them on purpose)."""
    return frozenset(line for term in terms for line in term.avoid_lines)


def _names(html: str, pattern: re.Pattern[str], korean: dict[str, str], *, new_words_only: bool = False) -> str:
    """Korean names of the terms in ``html`` (tags and attributes are not text), each once, in order.

    With ``new_words_only``, a name the text already holds as a word (kubectl's name "kubectl") is left
    out: written twice, it would count twice for the same words.
    """
    text = RE_TAG.sub(" ", html)
    names = list(dict.fromkeys(korean[match.group(0)] for match in pattern.finditer(text)))
    if new_words_only:
        words = {word.lower() for word in RE_WORD.findall(text)}
        names = [" ".join(word for word in name.split() if word.lower() not in words) for name in names]
    return " ".join(name for name in names if name)


def add_korean_names(index: dict[str, Any], terms: list[Term]) -> int:
    """Add the Korean names of the terms each search entry mentions; return how many entries got some.

    ``title_ko`` holds the names of terms in the entry's title that the title does
    not already write (a title match already weighs a thousand times a text match:
    twice would make one query word in a title outweigh a section with every query
    word), ``text_ko`` those of terms in its text, once each: every section that mentions a term is
    found, and the section that also writes the Korean name itself (where the
    term is taught, "Pod(파드)") ranks above the ones that only use it.
    Existing fields are not changed.
    """
    named = [term for term in terms if term.korean]
    pattern = term_pattern(named)
    config = index.setdefault("config", {})
    fields = config.setdefault("fields", {})
    for field, like in SEARCH_FIELDS.items():
        fields[field] = dict(fields.get(like, {"boost": 1.0}))
    if pattern is None:
        return 0
    korean = {term.term: " ".join(term.korean) for term in named}
    changed = 0
    for doc in index.get("docs", []):
        title = _names(doc.get("title", ""), pattern, korean, new_words_only=True)
        text = _names(doc.get("text", ""), pattern, korean)
        if title:
            doc["title_ko"] = title
        if text:
            doc["text_ko"] = text
        changed += bool(title or text)
    return changed

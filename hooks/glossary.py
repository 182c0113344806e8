"""MkDocs hook: the glossary page ``docs/glossary.md`` as the site's terminology source.

- Tooltips: terms become ``<abbr title>`` once per section on every page.
- Term rule: prose that uses a form the glossary lists under ``피할 표기:`` is a
  warning at ``docs/<file>.md:<line>`` (code never checked).
- Search: the Korean names (``한국어:``) reach Material's search index, and titles get the
  site's weight (``studykit.site.search.rank_titles``) in the same rewrite of the index.

Events only; the work is in ``studykit.learning.glossary`` and ``studykit.learning.terms``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from studykit.cache import content_key, project_cache, running_code_version
from studykit.learning.glossary import GlossaryExtension, Term, parse_glossary
from studykit.learning.terms import add_korean_names, avoid_findings, glossary_exempt_lines
from studykit.markdown_source import Finding
from studykit.site.search import rank_titles
from studykit.reporting import get_logger, report

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

GLOSSARY_PAGE = "glossary.md"
SEARCH_INDEX = Path("search") / "search_index.json"
#: Term-rule findings per page, kept by (page text, glossary forms, checking code).
CACHE_FILE = Path(".cache") / "glossary" / "term-rule.json"
log = get_logger("glossary")
_terms: list[Term] = []


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the glossary page and register the tooltip extension."""
    source = Path(config.docs_dir) / GLOSSARY_PAGE
    if not source.is_file():
        raise PluginError(f"용어집 페이지가 없습니다: docs/{GLOSSARY_PAGE} (glossary page missing)")
    terms, findings = parse_glossary(source.read_text(encoding="utf-8"), f"docs/{GLOSSARY_PAGE}")
    report(log, findings)
    _terms[:] = terms
    config.markdown_extensions = [
        ext for ext in config.markdown_extensions if not isinstance(ext, GlossaryExtension)
    ]
    config.markdown_extensions.append(GlossaryExtension(terms))  # type: ignore[arg-type]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Report every prose use of a form the glossary says to avoid, on every page.

    A page's findings are kept on disk by its text, the glossary's forms and this code,
    so an unchanged page is not read again on the next build.
    """
    exempt = glossary_exempt_lines(_terms)
    cache = project_cache(config.config_file_path, CACHE_FILE)
    cache.load()
    version = running_code_version()
    forms = [[term.term, term.korean, term.avoid] for term in _terms]
    findings: list[Finding] = []
    used: set[str] = set()
    for file in files.documentation_pages():
        path = f"docs/{file.src_uri}"
        lines = exempt if file.src_uri == GLOSSARY_PAGE else frozenset()
        key = content_key(version, forms, sorted(lines), path, file.content_string)
        used.add(key)
        stored = cache.get(key)
        if stored is None:
            found = avoid_findings(file.content_string, path, _terms, lines)
            cache.put(key, [[finding.line, finding.message] for finding in found])
        else:
            found = [Finding(path, line, message) for line, message in stored]
        findings.extend(found)
    cache.retain(used)
    cache.save()
    report(log, findings)
    return files


@event_priority(-50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Add the glossary's Korean names to the search index, and weigh titles as the site ranks them.

    Priority -50: after Material's search plugin has written the index.
    """
    if "search" not in config.plugins and "material/search" not in config.plugins:
        return  # no search on this site, nothing to enrich
    path = Path(config.site_dir) / SEARCH_INDEX
    if not path.is_file():
        raise PluginError(f"검색 인덱스가 없습니다: {path} (search plugin wrote no index)")
    index = json.loads(path.read_text(encoding="utf-8"))
    rank_titles(index)  # first: the Korean title names take the title's boost
    changed = add_korean_names(index, _terms)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    names = sum(1 for term in _terms if term.korean)
    log.info(f"용어집: 한국어 이름이 있는 용어 {names}개, 검색 인덱스 항목 {changed}/{len(index.get('docs', []))}개에 추가")

"""MkDocs hook: glossary tooltips from ``docs/glossary.md`` on every page.

Events only; the work is in ``studykit.glossary``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from studykit.glossary import GlossaryExtension, parse_glossary
from studykit.reporting import get_logger, report

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

GLOSSARY_PAGE = "glossary.md"
log = get_logger("glossary")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the glossary page and register the tooltip extension."""
    source = Path(config.docs_dir) / GLOSSARY_PAGE
    if not source.is_file():
        raise PluginError(f"용어집 페이지가 없습니다: docs/{GLOSSARY_PAGE} (glossary page missing)")
    terms, findings = parse_glossary(source.read_text(encoding="utf-8"), f"docs/{GLOSSARY_PAGE}")
    report(log, findings)
    config.markdown_extensions = [
        ext for ext in config.markdown_extensions if not isinstance(ext, GlossaryExtension)
    ]
    config.markdown_extensions.append(GlossaryExtension(terms))  # type: ignore[arg-type]
    return config

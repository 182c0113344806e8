"""Site machinery: diagrams and the headless browser, offline, minify, lessons, page assets, dates, section links.

The sibling packages use only what this root exports (lessons, section links, inline code kept whole).
"""

from studykit.site.lessons import Lesson, front_matter
from studykit.site.readable import keep_inline_code_whole
from studykit.site.section_links import Section, SectionIndex

__all__ = ["Lesson", "Section", "SectionIndex", "front_matter", "keep_inline_code_whole"]

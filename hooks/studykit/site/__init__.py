"""Site machinery: diagrams and the headless browser, offline, minify, lessons, page assets, dates, section links.

The sibling packages use only what this root exports (lessons and section links).
"""

from studykit.site.lessons import Lesson, front_matter
from studykit.site.section_links import Section, SectionIndex

__all__ = ["Lesson", "Section", "SectionIndex", "front_matter"]

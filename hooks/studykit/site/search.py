"""A learner's search: which pages reach Material's search index, and which come first.

Material reads ``search: exclude`` and ``search: boost`` from a page's meta (its
front matter). ``search_settings`` decides both from where the page lives, so a
new lesson page or contributor page needs no front matter of its own:

* pages under ``contributing/`` are written for people who change the site; a
  learner's query ("API 서버", "컨트롤 플레인") never lands there (``exclude``);
* lesson pages (the folder of a lesson ``index.md``) come before the site's other
  learner pages (home, glossary, 내 학습 현황) that match as well (``boost``).

A page's own ``search:`` front matter wins over both.

``rank_titles`` lowers Material's title boost in the written index
(``TITLE_BOOST``): at Material's 1000, one query word in a section title outranked
a section that holds every query word ("kubectl exec" found "실습 4: kubectl 설정
확인", with no exec, before the exec lab), because Material's own reward for
matching all the words only doubles a score.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

#: Folder of the contributor guide (docs/contributing/).
CONTRIBUTOR_FOLDER = "contributing"
#: Material multiplies a lesson page's scores by this; other pages keep 1.
LESSON_BOOST = 2.0
#: Weight of a word in a section title against the same word in its text (Material writes 1000).
#: Low enough that a section with every query word outranks a title with one of them,
#: high enough that a title still wins among sections with the same words
#: (tests/site/test_search_korean.py: 10 keeps every query there right. With a quiz's options in the index
#: 10, 30 and 100 did; without them, 30 put "kubectl logs" on Part 3, whose titles say "kubectl", before
#: Part 4's lab that runs it).
TITLE_BOOST = 10.0


def search_settings(src_uri: str, lesson_folders: Collection[str], own: Mapping[str, object] | None = None) -> dict[str, object]:
    """Material's ``search`` meta for the page at ``src_uri``: its own settings, then exclude or boost by folder."""
    settings = dict(own or {})
    folder, slash, _ = src_uri.partition("/")
    if not slash:
        return settings
    if folder == CONTRIBUTOR_FOLDER:
        settings.setdefault("exclude", True)
    elif folder in lesson_folders:
        settings.setdefault("boost", LESSON_BOOST)
    return settings


def rank_titles(index: dict[str, Any]) -> None:
    """Set the title field's boost of a written search index to ``TITLE_BOOST``."""
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields["title"] = {**fields.get("title", {}), "boost": TITLE_BOOST}


def summary(settings: Mapping[str, Mapping[str, object]]) -> str:
    """One Korean log line from the settings given to each page (by src_uri): pages boosted, pages left out."""
    excluded = sum(1 for value in settings.values() if value.get("exclude"))
    boosted = sum(1 for value in settings.values() if "boost" in value and not value.get("exclude"))
    return f"검색: 앞에 나오게 한(boost) 페이지 {boosted}개, 학습자 검색에서 뺀(exclude) 페이지 {excluded}개"

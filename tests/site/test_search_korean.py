"""Korean search in real Chromium: the words a learner types find the page that teaches the thing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from studykit.learning.glossary import parse_glossary

ROOT = Path(__file__).resolve().parents[2]
# Korean name (kubernetes.io/ko) -> the lesson page that teaches it.
TEACHES = {
    "쿠버네티스": "day31/01-why-kubernetes/",
    "파드": "day31/01-why-kubernetes/",
    "노드": "day31/02-architecture/",
    "디플로이먼트": "day31/01-why-kubernetes/",
    "서비스": "day31/01-why-kubernetes/",
    "네임스페이스": "day31/01-why-kubernetes/",
    "컨트롤 플레인": "day31/02-architecture/",
    "워커 노드": "day31/02-architecture/",
    "스케줄러": "day31/02-architecture/",
    "컨트롤러 매니저": "day31/02-architecture/",
}
# The page must be among the first result pages, not just somewhere in the list.
TOP_PAGES = 5


def test_glossary_declares_every_korean_name() -> None:
    terms, findings = parse_glossary((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    declared = {name for term in terms for name in term.korean}
    assert findings == []
    assert sorted(set(TEACHES) - declared) == [], "docs/glossary.md needs these '한국어:' names"


@pytest.mark.parametrize("word", list(TEACHES))
def test_korean_word_finds_the_teaching_page(page: object, served: object, word: str) -> None:
    page.goto(served.url)  # type: ignore[attr-defined]
    page.locator("label.md-search__icon, .md-search__input").first.click()  # type: ignore[attr-defined]
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.fill(word)
    box.press("End")  # Material searches on keyup; fill() with Hangul sends none
    page.locator(".md-search-result__item").first.wait_for()  # type: ignore[attr-defined]
    hrefs = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.href)"
    )
    pages = list(dict.fromkeys(urlsplit(href).path.split("/k8s-study/", 1)[1] for href in hrefs))
    assert TEACHES[word] in pages[:TOP_PAGES], (word, pages)


FIXTURE_CONFIG = """
site_name: search test
theme:
  name: material
  language: ko
plugins:
  - search:
      lang: en
      pipeline: []
      separator: '[\\s\\-\\.,:;!?()\\[\\]{{}}"''/]+'
hooks:
  - {root}/hooks/glossary.py
markdown_extensions:
  - def_list
  - attr_list
"""
FIXTURE_GLOSSARY = "# 용어집\n\nPod\n:   최소 배포 단위.\n:   한국어: 파드\n"
FIXTURE_PAGE = "# 작은 단위\n\n## 배포 단위 {#unit}\n\n컨테이너는 Pod 안에서 실행됩니다.\n\n## 다른 절 {#other}\n\n관계없는 내용.\n"


def test_glossary_names_alone_make_a_section_findable(browser: object, tmp_path: Path) -> None:
    """The page never writes 파드; only the glossary's '한국어:' line can make it a result."""
    from support.site_server import build_site, serve

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").write_text(FIXTURE_GLOSSARY, encoding="utf-8")
    (docs / "index.md").write_text(FIXTURE_PAGE, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(FIXTURE_CONFIG.format(root=ROOT), encoding="utf-8")
    assert "한국어 이름이 있는 용어 1개" in build_site(tmp_path / "site", config=config)
    with serve(tmp_path / "site", "/k8s-study/") as site:
        tab = browser.new_page()  # type: ignore[attr-defined]
        tab.goto(site.url)
        tab.locator("label.md-search__icon, .md-search__input").first.click()
        box = tab.locator("input.md-search__input")
        box.fill("파드")
        box.press("End")
        tab.locator(".md-search-result__item").first.wait_for()
        hrefs = tab.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        tab.close()
    sections = {urlsplit(href).fragment for href in hrefs if urlsplit(href).path == "/k8s-study/"}
    assert "unit" in sections and "other" not in sections, hrefs  # the section with Pod, not the unrelated one

"""Korean search in real Chromium: the words a learner types find the page that teaches the thing.

Two tables of queries run against the real built site (Material's lunr search in the browser):

* ``TEACHES``: each kubernetes.io/ko name finds the lesson page that teaches it.
* ``LEARNER_QUERIES``: what a learner of Day 31 types (transliterations such as 셀프 힐링,
  미니큐브, 큐브시티엘; phrases such as "노드 장애"; terms and commands) finds the lesson page
  among the first results *and* the section that teaches it, and the contributor guide never
  answers (``studykit.site.search``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

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
P1, P2, P3, P4, P6 = (f"day31/{name}/" for name in ("01-why-kubernetes", "02-architecture", "03-setup", "04-hands-on", "06-wrap-up"))
# What a learner types -> the lesson page and the section (heading id) that teach it.
LEARNER_QUERIES = [
    ("셀프 힐링", P1, "recovery"),
    ("자가 치유", P1, "recovery"),
    ("노드 장애", P1, "recovery"),
    ("축출", P1, "recovery"),
    ("테인트", P1, "recovery"),
    ("크래시루프백오프", P1, "recovery"),
    ("도커 컴포즈", P1, "why-kubernetes"),
    ("도커 컴포즈와 차이", P1, "why-kubernetes"),
    ("쿠버네티스", P1, "why-kubernetes"),
    ("롤링 업데이트", P1, "why-kubernetes"),
    ("서비스 디스커버리", P1, "why-kubernetes"),
    ("오토스케일링", P1, "orchestration"),
    ("HPA", P1, "orchestration"),
    ("drain", P1, "drain"),
    ("파드", P1, "terms"),
    ("레이블 셀렉터", P1, "labels"),
    ("엔드포인트슬라이스", P1, "labels"),
    ("컨트롤 플레인", P2, "control-plane"),
    ("컨트롤 플레인 노드", P2, "cluster"),
    ("API 서버", P2, "control-plane"),
    ("스케줄러", P2, "control-plane"),
    ("etcd 쿼럼", P2, "control-plane"),
    ("리더 선출", P2, "cp-health"),
    ("업그레이드 순서", P2, "upgrade"),
    ("큐블릿", P2, "worker-node"),
    ("컨테이너 런타임 인터페이스", P2, "worker-node"),
    ("코어 DNS", P2, "networking"),
    ("선언형", P2, "declarative"),
    ("조정 루프", P2, "declarative"),
    ("미니큐브", P3, "install"),
    ("미니큐브 설치", P3, "install"),
    ("큐브시티엘", P3, "kubectl-config"),
    ("컨텍스트", P3, "kubectl-config"),
    ("kubeconfig", P3, "kubectl-config"),
    ("ImagePullBackOff", P4, "lab6"),
    ("디플로이먼트", P4, "lab-deployment"),
    ("스태틱 파드", P4, "lab8"),
    ("데몬셋", P4, "lab8-node"),
    ("네임스페이스", P4, "lab9"),
    ("미니큐브 중지", P6, "cleanup"),
    ("학습 기록", P6, "study-log"),
]


# What a learner types to reach a study tool -> the tool's page, which must come first. These pages were
# once left out of the index (review 2, findings 9-10): only their own words are in it, not the card bank.
STUDY_TOOL_QUERIES = [
    ("오답노트", "review/"),
    ("오늘의 복습", "review/"),
    ("복습", "review/"),
    ("내보내기", "progress/"),
    ("가져오기", "progress/"),
    ("내 학습 현황", "progress/"),
    ("플래시카드", "flashcards/"),
]
# Commands with two words: the page with a section holding both comes first, ahead of a section title
# holding only "kubectl" (review 2, finding 9: Part 3's "실습 4: kubectl 설정 확인" came first for exec).
COMMAND_QUERIES = [
    ("kubectl exec", P4, "lab6"),
    ("kubectl logs", P4, "lab6"),
]


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


def _search(page: object, url: str, query: str) -> list[tuple[str, set[str]]]:
    """Type ``query`` into Material's search; return each result page with the section ids listed under it."""
    page.goto(url)  # type: ignore[attr-defined]
    page.locator("label.md-search__icon, .md-search__input").first.click()  # type: ignore[attr-defined]
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() with Hangul sends none
    page.locator(".md-search-result__item").first.wait_for()  # type: ignore[attr-defined]
    groups = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__list > li",
        "items => items.map(li => [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href))",
    )
    results = []
    for hrefs in groups:
        parts = [urlsplit(href) for href in hrefs]
        results.append((parts[0].path.split("/k8s-study/", 1)[1], {unquote(part.fragment) for part in parts if part.fragment}))
    return results


def test_learner_queries_are_at_least_thirty_on_every_lesson_page() -> None:
    assert len(LEARNER_QUERIES) >= 30
    assert len({query for query, _, _ in LEARNER_QUERIES}) == len(LEARNER_QUERIES)
    assert {P1, P2, P3, P4, P6} <= {target for _, target, _ in LEARNER_QUERIES}


@pytest.mark.parametrize(("query", "target", "section"), LEARNER_QUERIES, ids=[q for q, _, _ in LEARNER_QUERIES])
def test_learner_query_finds_the_lesson_section(page: object, served: object, query: str, target: str, section: str) -> None:
    results = _search(page, served.url, query)  # type: ignore[attr-defined]
    pages = [path for path, _ in results]
    assert not [path for path in pages if path.startswith("contributing/")], (query, pages)
    assert target in pages[:TOP_PAGES], (query, pages)
    sections = dict(results)[target]
    assert section in sections, (query, target, sorted(sections))


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


@pytest.mark.parametrize(("query", "target"), STUDY_TOOL_QUERIES, ids=[q for q, _ in STUDY_TOOL_QUERIES])
def test_a_study_tool_is_found_by_its_own_words(page: object, served: object, query: str, target: str) -> None:
    results = _search(page, served.url, query)  # type: ignore[attr-defined]
    pages = [path for path, _ in results]
    assert pages[0] == target, (query, pages)


@pytest.mark.parametrize(("query", "target", "section"), COMMAND_QUERIES, ids=[q for q, _, _ in COMMAND_QUERIES])
def test_every_word_in_a_section_beats_one_word_in_a_title(page: object, served: object, query: str, target: str, section: str) -> None:
    results = _search(page, served.url, query)  # type: ignore[attr-defined]
    pages = [path for path, _ in results]
    assert pages[0] == target, (query, pages)
    assert section in dict(results)[target], (query, sorted(dict(results)[target]))


"""Glossary tooltips: terms from the glossary page become <abbr> in prose only."""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from studykit.learning.glossary import GlossaryExtension, parse_glossary, term_pattern

GLOSSARY = """# 용어집

Pod
:   최소 배포 단위.

API Server
:   모든 요청의 진입점.

Pod
:   두 번째 정의.
"""


def render(text: str) -> str:
    terms, _ = parse_glossary(GLOSSARY)
    return markdown.markdown(text, extensions=["tables", GlossaryExtension(terms)])


def test_parse_reports_duplicates_with_their_line() -> None:
    terms, findings = parse_glossary(GLOSSARY, "docs/glossary.md")
    assert [(t.term, t.definition, t.line) for t in terms] == [("Pod", "최소 배포 단위.", 3), ("API Server", "모든 요청의 진입점.", 6)]
    assert [f.format() for f in findings] == [
        "docs/glossary.md:9: 용어 'Pod'이(가) 3번째 줄에 이미 있습니다. 한 곳에만 정의하세요."
    ]


def test_empty_glossary_is_a_finding() -> None:
    _, findings = parse_glossary("# 용어집\n\n아직 없음\n", "docs/glossary.md")
    assert findings and findings[0].line == 1


def test_terms_with_korean_particles_get_tooltips() -> None:
    html = render("API Server는 Pod를 만든다. Pods와 PodSpec은 다른 말이다.")
    assert html.count("<abbr") == 2
    assert '<abbr title="모든 요청의 진입점.">API Server</abbr>는' in html
    assert '<abbr title="최소 배포 단위.">Pod</abbr>를' in html


def test_a_term_is_found_only_as_a_whole_ascii_word() -> None:
    terms, _ = parse_glossary(GLOSSARY + "\nkube-proxy\n:   노드의 네트워크 규칙.\n")
    pattern = term_pattern(terms)
    text = "Pod xPod Pod_ -Pod Pods Pod- 파드Pod는 (Pod) kube-proxy kube-proxyX API Server API Servers"
    assert [(m.start(), m.group(0)) for m in pattern.finditer(text)] == [
        (0, "Pod"), (31, "Pod"), (37, "Pod"), (42, "kube-proxy"), (65, "API Server")
    ]
    assert [m.group(0) for m in pattern.finditer("Pod")] == ["Pod"]  # at the very start and end of the text


def test_no_tooltips_in_code_links_or_headings() -> None:
    html = render("# Pod 제목\n\n`Pod` 와 [Pod **bold** Pod](x.md)\n\n    Pod in code\n\n| Pod |\n|---|\n| Pod |\n")
    assert html.count("<abbr") == 1, html  # the first table cell only: once per section
    assert "<th><abbr" in html and "<td>Pod</td>" in html
    assert "<h1>Pod 제목</h1>" in html and "</strong> Pod</a>" in html  # nothing inside a link, its tail included


def test_tooltip_once_per_term_and_section() -> None:
    html = render(
        "Pod와 Pod, API Server와 Pod.\n\n- Pod 하나\n- API Server 둘\n\n"
        "## 다음 절\n\n!!! note\n\n텍스트 Pod와 Pod\n\n### 더 작은 절\n\n*Pod* 다시\n"
    )
    sections = html.split("<h")
    assert [part.count("<abbr") for part in sections] == [2, 1, 1], html
    assert sections[0].index('<abbr title="최소 배포 단위.">Pod</abbr>와 Pod,') >= 0
    assert "<em><abbr" in sections[2]


GLOSSARY_EXTRA = """# 용어집

Pod
:   최소 배포 단위.
:   한국어: 파드
:   피할 표기: 포드, 팟

Authorization
:   누가 무엇을 할 수 있는지 판단.

    이어지는 문단.

:   한국어: 인가
:   피할 표기: 권한 확인
:   피할 표기: 권한 검사

파드
:   한국어 용어는 용어 줄에 쓰지 않는다.

Object
:   오브젝트.
:   한국어: 오브젝트, 객체
:   피할 표기: 객체
:   한국어:
"""


def test_korean_names_and_avoid_forms_are_parsed_with_their_lines() -> None:
    terms, findings = parse_glossary(GLOSSARY_EXTRA, "docs/glossary.md")
    by_term = {t.term: t for t in terms}
    assert by_term["Pod"].definition == "최소 배포 단위."  # the tooltip stays the first line
    assert (by_term["Pod"].korean, by_term["Pod"].avoid, by_term["Pod"].avoid_lines) == (("파드",), ("포드", "팟"), (6,))
    auth = by_term["Authorization"]
    assert (auth.korean, auth.avoid, auth.avoid_lines) == (("인가",), ("권한 확인", "권한 검사"), (14, 15))
    assert [f.format() for f in findings] == [
        "docs/glossary.md:17: 용어 '파드'에 한글이 있습니다. 한국어 용어는 다른 낱말 안에서도 맞아 말풍선이 잘못 붙습니다. "
        "영어 용어를 쓰고 한국어 이름은 ':   한국어: …' 줄에 쓰세요.",
        "docs/glossary.md:24: '한국어:' 뒤가 비어 있습니다. 값을 쓰거나 줄을 지우세요.",
        "docs/glossary.md:23: '객체'이(가) 'Object'의 피할 표기이면서 쓰는 이름입니다. 한쪽에서 지우세요.",
    ]



def test_built_pages_have_one_tooltip_per_term_and_section(built_site: Path) -> None:
    pages = sorted((built_site / "day31").glob("*/index.html"))
    assert len(pages) >= 6
    repeated = []
    total = 0
    for page in pages:
        article = page.read_text(encoding="utf-8").split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
        for number, section in enumerate(re.split(r"<h[1-6][ >]", article)):
            terms = re.findall(r"<abbr title=\"[^\"]*\">([^<]+)</abbr>", section)
            total += len(terms)
            repeated += [f"{page.parent.name} section {number}: {term}" for term in set(terms) if terms.count(term) > 1]
    assert total > 50, "the lesson pages should still carry tooltips"
    assert repeated == []

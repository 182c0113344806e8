"""Glossary tooltips: terms from the glossary page become <abbr> in prose only."""

from __future__ import annotations

import markdown

from studykit.glossary import GlossaryExtension, parse_glossary

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


def test_no_tooltips_in_code_links_or_headings() -> None:
    html = render("# Pod 제목\n\n`Pod` 와 [Pod](x.md)\n\n    Pod in code\n\n| Pod |\n|---|\n| Pod |\n")
    assert html.count("<abbr") == 2, html  # the two table cells only
    assert "<h1>Pod 제목</h1>" in html

"""The term rule and the Korean search names: fixture Markdown (or index) in, findings (or index) out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from studykit.learning.glossary import parse_glossary
from studykit.learning.terms import add_korean_names, avoid_findings, glossary_exempt_lines, prose_only

GLOSSARY = """# 용어집

Pod
:   최소 배포 단위.
:   한국어: 파드
:   피할 표기: 포드

Authorization
:   요청을 허용할지 판단.
:   한국어: 인가
:   피할 표기: 권한 확인

Load Balancing
:   트래픽 분산.
:   피할 표기: 로드밸런싱

Worker Node
:   워크로드를 실행하는 노드.
:   한국어: 워커 노드

Node
:   클러스터의 머신.
:   한국어: 노드
"""
TERMS, _ = parse_glossary(GLOSSARY)

PAGE = """---
title: 포드 제목도 본문
---

# 포드와 권한 확인

API Server는 인증, 권한
확인, 검증 순서로 요청을 처리합니다. 로드밸런싱은 커널이 합니다.

`포드` 인라인 코드와 ``권한 확인`` 이중 백틱은 코드입니다. [링크](포드.md) 대상과 <span title="포드">태그</span>도 아닙니다.
<!-- 포드: 주석은 읽는 사람이 보지 않습니다 -->
데이터포드, 스포드처럼 다른 낱말 안은 맞지 않습니다.

```bash
echo 포드 권한 확인 로드밸런싱
```

```quiz
? 포드는 무엇인가요? `포드`
```

    ```yaml
    # 포드 in an indented code fence
    ```
"""


def _lines(findings: list) -> list[tuple[int, str]]:
    return [(f.line, f.message.split("'")[1]) for f in findings]


def test_avoid_forms_in_prose_are_reported_at_their_line() -> None:
    findings = avoid_findings(PAGE, "docs/x.md", TERMS)
    assert _lines(findings) == [(2, "포드"), (5, "포드"), (5, "권한 확인"), (7, "권한 확인"), (8, "로드밸런싱"), (19, "포드")]
    assert findings[0].format() == (
        "docs/x.md:2: '포드'은(는) 용어집이 피하라고 한 표기입니다. '파드'(으)로 고치세요 (용어집: Pod)."
    )
    assert "'Load Balancing'(으)로 고치세요" in findings[4].message  # no Korean name: the term itself


def test_code_is_never_checked() -> None:
    code_only = "```bash\n포드\n```\n\n`포드`\n\n~~~text\n권한 확인\n~~~\n"
    assert avoid_findings(code_only, "docs/x.md", TERMS) == []
    blanked = prose_only(PAGE)
    assert len(blanked) == len(PAGE) and blanked.count("\n") == PAGE.count("\n")


def test_glossary_page_may_name_its_own_avoid_forms() -> None:
    exempt = glossary_exempt_lines(TERMS)
    assert avoid_findings(GLOSSARY, "docs/glossary.md", TERMS, exempt) == []
    mention = GLOSSARY + "\n본문에서 포드라고 쓰면 안 됩니다.\n"
    assert _lines(avoid_findings(mention, "docs/glossary.md", TERMS, exempt)) == [(GLOSSARY.count("\n") + 2, "포드")]


def test_no_avoid_forms_no_findings() -> None:
    terms, _ = parse_glossary("Pod\n:   정의.\n")
    assert avoid_findings("포드 로드밸런싱", "docs/x.md", terms) == []


def test_korean_names_reach_search_entries_without_changing_what_is_shown() -> None:
    index = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "a/", "title": "Worker Node 컴포넌트", "text": "<p>각 Node에서 Pod를 실행합니다. Pod와 Pod</p>"},
            {"location": "b/", "title": "설치", "text": "<p>minikube를 설치합니다.</p>"},
            {"location": "c/", "title": "용어", "text": '<p><code>kind: Pod</code> <a title="Node">링크</a></p>'},
        ],
    }
    shown = [(doc["title"], doc["text"]) for doc in index["docs"]]
    assert add_korean_names(index, TERMS) == 2
    a, b, c = index["docs"]
    assert a["title_ko"] == "워커 노드"  # the longer term wins: Worker Node, not Node
    assert a["text_ko"] == "노드 파드"  # each name once, in order of first mention
    assert "title_ko" not in b and "text_ko" not in b
    assert c["text_ko"] == "파드"  # tags and attributes are not text: no 노드 from title="Node"
    assert [(doc["title"], doc["text"]) for doc in index["docs"]] == shown
    assert index["config"]["fields"]["title_ko"] == {"boost": 1000.0} and index["config"]["fields"]["text_ko"] == {"boost": 1.0}


def test_a_title_gets_only_the_names_it_does_not_already_write() -> None:
    """kubectl's names are "kubectl, 큐브시티엘": a title that writes kubectl gets 큐브시티엘 only, or the one word would
    count twice in the title; a text keeps every name (the section that writes a name itself ranks above)."""
    terms, findings = parse_glossary("kubectl\n:   CLI.\n:   한국어: kubectl, 큐브시티엘\n\nPod\n:   단위.\n:   한국어: 파드\n")
    assert findings == []
    index = {"config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}, "docs": [
        {"location": "a/#x", "title": "실습 4: <code>kubectl</code> 설정", "text": "<p>kubectl config</p>"},
        {"location": "a/#y", "title": "kubectl(큐브시티엘)과 Pod", "text": "<p>Pod</p>"},
        {"location": "a/#z", "title": "Pod 만들기", "text": "<p>큐브시티엘</p>"},
    ]}
    assert add_korean_names(index, terms) == 3
    x, y, z = index["docs"]
    assert x["title_ko"] == "큐브시티엘" and x["text_ko"] == "kubectl 큐브시티엘"
    assert y["title_ko"] == "파드", "both of kubectl's names are words of the title already"
    assert z["title_ko"] == "파드"


@pytest.mark.build  # builds a temporary site with MkDocs
def test_strict_build_fails_on_avoid_forms_with_file_and_line(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    (docs / "index.md").write_text("# 홈\n\n노드마다 포드가 있습니다.\n\n```bash\necho 포드\n```\n\n로드밸런싱과 `권한 확인`.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\nhooks:\n  - {root}/hooks/glossary.py\nmarkdown_extensions:\n  - def_list\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in log, log
    warned = [line.split("WARNING -  ", 1)[1].split(":")[:2] for line in log.splitlines() if "WARNING -  docs/" in line]
    assert warned == [["docs/index.md", "3"], ["docs/index.md", "9"]], log

"""The built site keeps every part of the seed lesson (../shared/seed/).

The seed is the user's own lesson text. These tests read it, pull out what must
survive (commands, labs, table rows, checklist, interview questions, Day 32) and
look for each in the text of the built HTML.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from studykit.markdown_source import iter_fences

ROOT = Path(__file__).resolve().parents[2]
SEED_DIRS = [Path(__file__).parent / "fixtures" / "seed", ROOT.parent / "shared" / "seed"]
RE_TAG = re.compile(r"<[^>]+>")
RE_SPACE = re.compile(r"\s+")


def _seed_text() -> str:
    for folder in SEED_DIRS:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return "\n".join(f.read_text(encoding="utf-8") for f in files)
    raise AssertionError(f"seed lesson not found in {SEED_DIRS}")


SEED = _seed_text()


def _normalise(text: str) -> str:
    return RE_SPACE.sub(" ", text).strip()


@pytest.fixture(scope="module")
def site_text(built_site: Path) -> str:
    """All visible text of the built lesson pages, tags stripped, spaces folded."""
    chunks = []
    for page in sorted(built_site.rglob("*.html")):
        raw = page.read_text(encoding="utf-8")
        raw = re.sub(r"<script\b[^>]*>.*?</script>", " ", raw, flags=re.DOTALL)
        chunks.append(html.unescape(RE_TAG.sub("", raw)))
    return _normalise(" ".join(chunks))


def _seed_kubectl_lines() -> list[str]:
    lines = []
    for fence in iter_fences(SEED):
        if fence.lang != "bash":
            continue
        for line in fence.body.splitlines():
            if line.strip().startswith("kubectl"):
                lines.append(line.strip())
    return lines


def _table_lines() -> list[str]:
    """Markdown table lines outside fences, plus rows of the ASCII tables inside them."""
    inside = {f.start_line + i for f in iter_fences(SEED) for i in range(len(f.body.splitlines()) + 2)}
    lines = [line for number, line in enumerate(SEED.splitlines(), 1) if number not in inside]
    for fence in iter_fences(SEED):
        body = fence.body.splitlines()
        if any(re.fullmatch(r"\s*\+(-+\+){2,}\s*", line) for line in body):
            lines += [line for line in body if line.strip().startswith("|")]
    return lines


def _seed_table_rows() -> list[list[str]]:
    rows = []
    for line in _table_lines():
        stripped = line.strip()
        if not stripped.startswith("|") or set(stripped) <= set("|-+ "):
            continue
        cells = [c.strip().strip("*") for c in stripped.strip("|").split("|")]
        cells = [c for c in cells if c]
        if cells:
            rows.append(cells)
    return rows


def test_seed_parsing_finds_the_lesson() -> None:
    """Guard against a seed reader that silently finds nothing."""
    assert len(_seed_kubectl_lines()) >= 40
    assert len(_seed_table_rows()) >= 40


@pytest.mark.parametrize("command", _seed_kubectl_lines())
def test_every_kubectl_command_is_on_the_site(site_text: str, command: str) -> None:
    assert _normalise(command) in site_text


#: Seed table cells the site words better, same meaning (the second content review's K10: particles restored).
REWORDED_CELLS = {"컨테이너 죽으면 자동 재시작": "컨테이너가 죽으면 자동으로 다시 시작"}


@pytest.mark.parametrize("row", _seed_table_rows(), ids=lambda row: row[0][:30])
def test_every_table_row_is_on_the_site(site_text: str, row: list[str]) -> None:
    missing = [cell for cell in row if _normalise(REWORDED_CELLS.get(cell, cell)) not in site_text]
    assert not missing, f"row {row}: missing cells {missing}"


def test_reworded_cells_are_seed_cells() -> None:
    """A rewording names a cell the seed really has, so the list cannot hide a dropped row."""
    cells = {cell for row in _seed_table_rows() for cell in row}
    assert set(REWORDED_CELLS) <= cells


@pytest.mark.parametrize("number", range(1, 10))
def test_every_lab_is_on_the_site(site_text: str, number: int) -> None:
    title = re.search(rf"### (실습 {number}: [^\n]+)", SEED)
    assert title, f"seed has no lab {number}"
    assert _normalise(title.group(1)) in site_text


def test_all_eight_checklist_items(site_text: str) -> None:
    block = SEED.split("### 오늘의 체크리스트", 1)[1].split("###", 1)[0]
    items = re.findall(r"^\| (\d) \| ([^|]+) \| ([^|]+) \|", block, flags=re.MULTILINE)
    assert len(items) == 8
    for _, item, detail in items:
        assert _normalise(item) in site_text
        assert _normalise(detail) in site_text


def test_all_three_interview_questions(site_text: str) -> None:
    questions = re.findall(r"\*\*Q\d: (.+?)\*\*", SEED)
    assert len(questions) == 3
    for question in questions:
        assert _normalise(question) in site_text


@pytest.mark.parametrize(
    "phrase",
    [
        "토스플레이스",
        "Kubernetes 기반의 컨테이너 오케스트레이션 서비스 운영",
        "Kubernetes 클러스터를 운영/최적화하며 대규모 트래픽 환경에 대응",
        "예상 학습 시간: 4시간",
        "Docker만 사용할 때 문제점",
        "컨테이너 IP가 동적으로 변함",
        # The seed writes "명령형 (Imperative)"; the site attaches the particle: **명령형**(Imperative)은.
        "명령형(Imperative)",
        "선언형(Declarative)",
        # Seed particle corrected (Pod가, read as 파드가); the sentence is otherwise the seed's.
        "nginx Pod가 3개 있어야 한다",
        "학습일",
        "실제 소요 시간",
        "이해가 어려웠던 부분",
        "추가 학습 필요 항목",
        "minikube stop",
        "다음 학습: Day 32",
        "Pod 구조와 생명주기",
        "멀티 컨테이너 Pod",
        "리소스 제한",
    ],
)
def test_goals_log_cleanup_and_next_lesson(site_text: str, phrase: str) -> None:
    assert _normalise(phrase) in site_text


@pytest.mark.parametrize(
    "lab", ["minikube 설치 및 시작", "kubectl 기본 명령어", "Pod 생성/삭제", "YAML로 Pod 생성", "시스템 컴포넌트 확인"]
)
def test_study_log_lists_every_completed_lab(site_text: str, lab: str) -> None:
    assert lab in site_text


@pytest.mark.parametrize(
    "part",
    ["Part 1: Kubernetes란?", "Part 2: 아키텍처 이해", "Part 3: 실습 환경 구성", "Part 4: 기본 실습", "Part 5: 정리 및 면접 대비"],
)
def test_all_five_parts(site_text: str, part: str) -> None:
    assert part in SEED
    assert part in site_text


# The added lab (issue 8): a Deployment whose Pods heal, scale and carry owners and labels.
ADDED_LAB_PAGE = ROOT / "docs" / "day31" / "04-hands-on.md"
ADDED_LAB_TITLE = "추가 실습: Deployment로 자가 치유 보기"
ADDED_LAB_COMMANDS = [
    "kubectl create deployment web --image=nginx --replicas=3",
    "kubectl get deploy,rs,pods -o wide",
    "kubectl get pods -w",
    "kubectl delete pod \"$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')\"",
    "kubectl scale deployment web --replicas=5",
    "kubectl get pods -l app=web",
    "kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/"
    "{.items[0].metadata.ownerReferences[0].name}{\"\\n\"}'",
    "kubectl get rs -l app=web -o jsonpath='{.items[0].metadata.ownerReferences[0].kind}/"
    "{.items[0].metadata.ownerReferences[0].name}{\"\\n\"}'",
    "kubectl get pods --show-labels",
    "kubectl label pod \"$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')\" app-",
    "kubectl delete deployment web",
    "kubectl delete pods -l 'pod-template-hash,!app'",
]


def _checked_shell_lines(path: Path) -> set[str]:
    """Lines of the page's shell blocks that the k8scheck hook checks (no ``check="skip"``)."""
    lines = set()
    for fence in iter_fences(path.read_text(encoding="utf-8")):
        if fence.lang == "bash" and fence.attrs.get("check") != "skip":
            lines.update(_normalise(line) for line in fence.body.splitlines())
    return lines


def test_added_lab_is_on_the_site_without_renumbering_the_seed(site_text: str) -> None:
    assert _normalise(ADDED_LAB_TITLE) in site_text
    assert not re.search(r"실습 10\b", site_text), "the added lab must not take a seed lab number"


@pytest.mark.parametrize("command", ADDED_LAB_COMMANDS)
def test_added_lab_command_is_on_the_site(site_text: str, command: str) -> None:
    assert _normalise(command) in site_text


@pytest.mark.parametrize("command", ADDED_LAB_COMMANDS)
def test_added_lab_command_goes_through_the_checker(command: str) -> None:
    assert _normalise(command) in _checked_shell_lines(ADDED_LAB_PAGE)

"""Caps on the work a page and the site may ask for: each crossed cap is one finding at its line; the rest still checked."""

from __future__ import annotations

import time

from pathlib import Path

import pytest

from studykit.cache import ResultCache
from studykit.checker import k8scheck_limits
from studykit.checker.k8scheck import Checker
from studykit.checker.k8scheck_limits import CAPS, MAX_COMMAND_WORDS
from studykit.checker.k8scheck_plan import PagePlanner, Plan
from studykit.checker import kubectl_check
from studykit.checker.kubectl_check import MAX_SLOW, Kubectl, KubectlRunner
from studykit.checker.kubectl_runs import Completed

KUBECTL = Kubectl(path=Path("/no-kubectl"), version="v-test", sha256="")


def plan(pages: dict[str, str]) -> Plan:
    found = Plan()
    planner = PagePlanner("v-test", lambda name, page: True)
    for path, text in pages.items():
        planner.plan_page(text, path, found)
    return found


def kinds(found: Plan, kind: str) -> list[str]:
    return [job.path for job in found.jobs if job.kind == kind]


def test_commands_past_the_page_cap_are_reported_once_at_the_first_one_left_out() -> None:
    cap = CAPS["commands"][0]
    page = "# 명령\n\n```bash\n" + "".join(f"kubectl get pods -l n={i}\n" for i in range(cap + 5)) + "```\n"
    found = plan({"docs/a.md": page, "docs/b.md": "```bash\nkubectl get svc\n```\n"})
    assert kinds(found, "kubectl").count("docs/a.md") == cap and kinds(found, "kubectl").count("docs/b.md") == 1
    [finding] = found.findings
    assert (finding.path, finding.line) == ("docs/a.md", 4 + cap)
    assert finding.message.startswith(f"이 페이지의 kubectl 명령 수가 검사 상한({cap:,}개)을 넘어 여기부터는 검사하지 않았습니다")


def test_blocks_past_the_page_cap_are_left_out_from_the_first_one_over() -> None:
    cap = CAPS["blocks"][0]
    page = "".join(f"```yaml\nn: {i}\n```\n" for i in range(cap + 3))
    found = plan({"docs/a.md": page})
    assert len(kinds(found, "manifest")) == cap
    [finding] = found.findings
    assert finding.line == 3 * cap + 1 and f"코드 블록 수가 검사 상한({cap}개)" in finding.message


def test_a_page_past_the_byte_cap_is_checked_up_to_the_line_that_crosses_it() -> None:
    cap = CAPS["bytes"][0]
    head = "```bash\nkubectl get pods\n```\n"
    page = head + ("x" * 999 + "\n") * (cap // 1000) + "```bash\nkubectl get svc\n```\n" + "```bash\n" + "y" * 10 + "\n"
    found = plan({"docs/a.md": page})
    assert [job.display for job in found.jobs if job.kind == "kubectl"] == ["kubectl get pods"]
    [finding] = found.findings  # the block cut open at the end is not also called unclosed
    assert finding.line == 3 + cap // 1000 and "크기가 검사 상한(1,000,000바이트)" in finding.message


def test_a_command_past_the_word_cap_is_reported_not_run() -> None:
    page = "```bash\nkubectl get pods " + " ".join(f"a{i}" for i in range(MAX_COMMAND_WORDS)) + "\nkubectl get svc\n```\n"
    found = plan({"docs/a.md": page})
    assert [job.display for job in found.jobs if job.kind == "kubectl"] == ["kubectl get svc"]
    [finding] = found.findings
    assert finding.line == 2 and f"단어 {MAX_COMMAND_WORDS}개 초과" in finding.message


def test_site_caps_count_across_pages_and_each_later_page_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(k8scheck_limits.CAPS, "commands", (10, 4))
    pages = {f"docs/{name}.md": "```bash\nkubectl get pods\nkubectl get svc\nkubectl get ns\n```\n" for name in "abc"}
    found = plan(pages)
    assert kinds(found, "kubectl") == ["docs/a.md"] * 3 + ["docs/b.md"]
    assert [(f.path, f.line) for f in found.findings] == [("docs/b.md", 3), ("docs/c.md", 2)]
    assert all("사이트 전체의 kubectl 명령 수가 검사 상한(4개)" in f.message for f in found.findings)


class NoKubectl:
    """A runner that must never start (these pages hold only manifests)."""

    def __init__(self, kubectl: Kubectl) -> None:
        raise AssertionError("kubectl started")


#: About 16,100 nodes after alias expansion (15 uses of *b, each 1,001 nodes): three fit in a page's 50,000, four do not.
ALIASED = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n"
           "x: &a [" + ", ".join(["v"] * 99) + "]\n"
           "y: &b [" + ", ".join(["*a"] * 10) + "]\n"
           "z: [" + ", ".join(["*b"] * 15) + "]\n")


def test_manifests_past_the_node_cap_are_not_validated_and_cached_counts_give_the_same_answer(tmp_path: Path) -> None:
    blocks = "".join(f"```yaml\n{ALIASED.format(i=i)}```\n" for i in range(4))
    pages = {"docs/a.md": blocks, "docs/b.md": "```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndatas: {}\n```\n"}
    cache = ResultCache(tmp_path / "cache.json")
    answers = []
    for _ in range(2):  # cold, then every count from the cache
        findings, stats = Checker(root=tmp_path, kubectl=KUBECTL, cache=cache, runner=NoKubectl).check_pages(pages)
        answers.append(sorted(f.format() for f in findings))
    assert answers[0] == answers[1]
    over = [f for f in answers[0] if "YAML 노드 수가 검사 상한(50,000개)" in f]
    assert len(over) == 1 and over[0].startswith(f"docs/a.md:{1 + 3 * (ALIASED.count(chr(10)) + 2) + 1}:")
    assert any(f.startswith("docs/b.md:6: 알 수 없는 필드 'datas'") for f in answers[0]), "the other page is still checked"
    assert stats.manifests == 4


def test_a_file_outside_the_repository_is_never_found(tmp_path: Path) -> None:
    """``-f /etc/passwd`` or ``-f ../../x``: page text learns nothing about the build machine's files (and is told to fix it)."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: ConfigMap\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "link.yaml").symlink_to(outside)
    (repo / "docs" / "here.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    checker = Checker(root=repo, kubectl=KUBECTL, cache=ResultCache(None), runner=NoKubectl)
    assert checker.in_repo("here.yaml", "docs/a.md") and checker.in_repo("docs/here.yaml", "docs/a.md")
    assert not any(checker.in_repo(name, "docs/a.md") for name in (str(outside), "../outside.yaml", "../../outside.yaml", "link.yaml", "/etc/passwd"))


class NeverEnds:
    """A backend whose every kubectl run is stopped at its time bound (``kubectl rollout status`` against no cluster)."""

    def __init__(self) -> None:
        self.runs = 0

    def kubectl(self, argv: list[str], *, reads: bool = False) -> Completed:
        self.runs += 1
        return Completed(None)

    def bash(self, script: str) -> Completed:
        return Completed(0)

    def stop(self) -> None:
        """Nothing to stop."""


class HangingRunner(KubectlRunner):
    """The real runner's bookkeeping over ``NeverEnds``; one per test, so the test can count the runs."""

    backends: list[NeverEnds] = []

    def start(self) -> "HangingRunner":
        self.backend = NeverEnds()
        HangingRunner.backends.append(self.backend)
        return self


def test_a_page_of_commands_that_never_end_costs_a_bounded_time_and_says_where(tmp_path: Path) -> None:
    """Past ``MAX_SLOW`` runs stopped at the time bound, no kubectl starts: each later command is a finding at its line, never cached."""
    HangingRunner.backends = []
    page = "```bash\n" + "".join(f"kubectl rollout status deployment/web-{i:02d} --timeout=10m\n" for i in range(30)) + "```\n"
    cache = ResultCache(tmp_path / "cache.json")
    findings, _ = Checker(root=tmp_path, kubectl=KUBECTL, cache=cache, runner=HangingRunner).check_pages({"docs/p.md": page})
    assert HangingRunner.backends[0].runs == MAX_SLOW
    lines = sorted(f.line for f in findings)
    assert lines == list(range(2, 32)), "every command is reported at its own line"
    spent = [f for f in findings if "(time budget spent)" in f.message]
    assert len(spent) == 30 - MAX_SLOW and all(f"kubectl 명령 {MAX_SLOW}개가 3초 넘게 걸리거나 시간 한도" in f.message for f in spent)
    Checker(root=tmp_path, kubectl=KUBECTL, cache=cache, runner=HangingRunner).check_pages({"docs/p.md": page})
    assert HangingRunner.backends[1].runs == MAX_SLOW, "nothing of the first build's verdicts was cached for the unrun commands"


class SlowButEnds(NeverEnds):
    """A backend whose every run ends by itself, but slowly (a go-template made to loop millions of times)."""

    def kubectl(self, argv: list[str], *, reads: bool = False) -> Completed:
        self.runs += 1
        time.sleep(0.02)  # fixed-wait: a run that takes this long is the behaviour under test (slow, but it ends)
        return Completed(0)


class SlowRunner(HangingRunner):
    def start(self) -> "SlowRunner":
        self.backend = SlowButEnds()
        HangingRunner.backends.append(self.backend)
        return self


def test_commands_that_end_but_work_hard_share_the_same_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of 200 commands that each finish after a CPU-second was 200 s of checking: slow runs count like timeouts."""
    monkeypatch.setattr(kubectl_check, "SLOW_SECONDS", 0.01)
    HangingRunner.backends = []
    page = "```bash\n" + "".join(f"kubectl create configmap c{i} --from-literal=k=v -o go-template='{{{{range 9}}}}{{{{end}}}}'\n" for i in range(20)) + "```\n"
    findings, _ = Checker(root=tmp_path, kubectl=KUBECTL, cache=ResultCache(None), runner=SlowRunner).check_pages({"docs/p.md": page})
    runs = HangingRunner.backends[0].runs  # the runs already under way when the bound is reached still finish
    assert MAX_SLOW <= runs < MAX_SLOW + SlowRunner(KUBECTL).workers
    assert len([f for f in findings if "(time budget spent)" in f.message]) == 20 - runs

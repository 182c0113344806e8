"""Checking pages end to end with kubectl's answers recorded: what runs, what is cached, what a contributor reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studykit.cache import CACHE_FORMAT, ResultCache
from studykit.checker.k8scheck import Checker, check, internal_error
from studykit.checker.kubectl_check import Kubectl, KubectlMissingError, KubectlRunner, Outcome, bash_syntax

KUBECTL = Kubectl(path=Path("/no-kubectl"), version="v-test", sha256="")


class Recorded(KubectlRunner):
    """Stands in for kubectl: answers from a table, remembers what it was asked, starts and stops nothing."""

    answers: dict[str, Outcome] = {}
    asked: list[str] = []
    events: list[str] = []

    def start(self) -> "Recorded":
        Recorded.events.append("start")
        return self

    def confirm(self) -> None:
        Recorded.events.append("confirm")
        if self.kubectl.sha256 == "tampered":
            raise KubectlMissingError("sha256 does not match")

    def stop(self) -> None:
        Recorded.events.append("stop")

    def bash(self, script: str) -> tuple[int, str] | None:
        """``bash -n`` itself, outside any sandbox (this test is about what runs and what is cached)."""
        return bash_syntax(script)

    def run_job(self, argv: list[str], fallback: list[str] | None = None) -> Outcome:
        command = " ".join(argv)
        Recorded.asked.append(command)
        answer = Recorded.answers[command]
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture(autouse=True)
def recorded() -> type[Recorded]:
    Recorded.answers = {"get po": Outcome(ok=True), "get podz": Outcome(ok=False, message='error: the server doesn\'t have a resource type "podz"'),
                        "run x --image=nginx --dry-run=true": Outcome(ok=True, warnings=("--dry-run=true is deprecated",))}
    Recorded.asked = []
    Recorded.events = []
    return Recorded


def checker(tmp_path: Path, cache: ResultCache, kubectl: Kubectl = KUBECTL) -> Checker:
    return Checker(root=tmp_path, kubectl=kubectl, cache=cache, runner=Recorded)


PAGE = "# 명령\n\n```bash\nkubectl get po\nkubectl get podz\nkubectl get po\n```\n"


def test_each_distinct_command_runs_once_and_findings_name_page_and_line(tmp_path: Path) -> None:
    findings, stats = checker(tmp_path, ResultCache(None)).check_pages({"docs/a.md": PAGE, "docs/b.md": "```bash\nkubectl get podz\n```\n"})
    assert sorted(Recorded.asked) == ["get po", "get podz"]
    assert Recorded.events == ["start", "confirm", "stop"]
    assert [f.format().split(": ")[0] for f in findings] == ["docs/a.md:5", "docs/b.md:2"]
    assert findings[0].message == ('알 수 없는 리소스 종류입니다: 리소스 이름(예: pods, deploy, svc)을 확인하세요: `kubectl get podz` '
                                   '(kubectl: error: the server doesn\'t have a resource type "podz")')
    assert (stats.pages, stats.commands, stats.commands_cached, stats.scripts) == (2, 4, 0, 2)


def test_results_are_kept_by_command_and_kubectl_version(tmp_path: Path) -> None:
    """A second build runs nothing and says the same; another kubectl version runs everything again."""
    path = tmp_path / "cache.json"
    first, _ = checker(tmp_path, ResultCache(path)).check_pages({"docs/a.md": PAGE})
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["format"] == CACHE_FORMAT and len(stored["results"]) == 3  # two commands, one script
    Recorded.asked.clear()
    again, stats = checker(tmp_path, ResultCache(path)).check_pages({"docs/a.md": PAGE})
    assert again == first and Recorded.asked == [] and (stats.commands, stats.commands_cached) == (3, 3)
    assert Recorded.events.count("start") == 1, "nothing to run: kubectl is not even started"
    newer = Kubectl(path=KUBECTL.path, version="v-newer", sha256="")
    checker(tmp_path, ResultCache(path), newer).check_pages({"docs/a.md": PAGE})
    assert sorted(Recorded.asked) == ["get po", "get podz"]


def test_deprecations_are_reported_and_kept(tmp_path: Path) -> None:
    text = "```bash\nkubectl run x --image=nginx --dry-run=true\n```\n"
    cache = ResultCache(None)
    for _ in range(2):
        [finding] = check(text, "docs/d.md", checker(tmp_path, cache))
        assert (finding.path, finding.line) == ("docs/d.md", 2) and finding.message == (
            "kubectl이 더 이상 권장하지 않는(deprecated) 형식입니다: 안내대로 현재 문법으로 바꾸세요: "
            "`kubectl run x --image=nginx --dry-run=true` (kubectl: --dry-run=true is deprecated)")
    assert Recorded.asked == ["run x --image=nginx --dry-run=true"]


def test_a_checker_failure_is_reported_at_its_line_and_tried_again_next_build(tmp_path: Path) -> None:
    Recorded.answers["get podz"] = RuntimeError("boom")
    path = tmp_path / "cache.json"
    findings, _ = checker(tmp_path, ResultCache(path)).check_pages({"docs/a.md": PAGE})
    assert [(f.path, f.line, f.message) for f in findings] == [("docs/a.md", 5, internal_error(RuntimeError("boom")))]
    assert "RuntimeError: boom" in findings[0].message and "Traceback" not in findings[0].message
    Recorded.answers["get podz"] = Outcome(ok=True)
    Recorded.asked.clear()
    findings, _ = checker(tmp_path, ResultCache(path)).check_pages({"docs/a.md": PAGE})
    assert findings == [] and Recorded.asked == ["get podz"]


def test_a_tampered_kubectl_stops_the_check_and_nothing_is_cached(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    tampered = Kubectl(path=KUBECTL.path, version="v-test", sha256="tampered")
    with pytest.raises(KubectlMissingError):
        checker(tmp_path, ResultCache(path), tampered).check_pages({"docs/a.md": PAGE})
    assert Recorded.events[-1] == "stop" and not path.exists()


def test_one_page_that_breaks_the_planner_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studykit.checker.k8scheck_plan import PagePlanner

    real = PagePlanner.plan_page

    def plan_page(self, text: str, path: str, plan) -> None:  # noqa: ANN001
        if path == "docs/broken.md":
            raise ValueError("surprise")
        real(self, text, path, plan)

    monkeypatch.setattr(PagePlanner, "plan_page", plan_page)
    findings, stats = checker(tmp_path, ResultCache(None)).check_pages({"docs/broken.md": PAGE, "docs/a.md": PAGE})
    assert [(f.path, f.line) for f in findings] == [("docs/broken.md", 1), ("docs/a.md", 5)]
    assert "ValueError: surprise" in findings[0].message and stats.pages == 2


def test_pages_without_commands_or_scripts_never_start_kubectl(tmp_path: Path) -> None:
    manifest = "```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n```\n"
    text = manifest + manifest.replace("name: c", "name: d")
    findings, stats = checker(tmp_path, ResultCache(None)).check_pages({"docs/a.md": text})
    assert findings == [] and Recorded.events == [] and stats.manifests == 2
    assert 0 <= stats.seconds < 60
    # A shell block alone needs the sandbox too (``bash -n`` runs inside it), once.
    checker(tmp_path, ResultCache(None)).check_pages({"docs/a.md": "```bash\necho hi\n```\n" + manifest})
    assert Recorded.events == ["start", "confirm", "stop"]


@pytest.mark.parametrize(("page", "where"), [("docs/day31/index.md", "docs/day31"), ("index.md", "docs"), ("docs/a.md", "docs")])
def test_f_files_are_found_beside_the_page_in_docs_or_in_the_repository(tmp_path: Path, page: str, where: str) -> None:
    (tmp_path / where).mkdir(parents=True, exist_ok=True)
    (tmp_path / where / "here.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    (tmp_path / "top.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    Recorded.answers["apply -f @K8SCHECK:manifest@"] = Outcome(ok=True)
    too_long = "x" * 300 + ".yaml"  # the file system refuses the name: not found, no crash
    text = f"```bash\nkubectl apply -f here.yaml\nkubectl apply -f top.yaml\nkubectl apply -f nowhere.yaml\nkubectl apply -f {too_long}\n```\n"
    findings = check(text, page, checker(tmp_path, ResultCache(None)))
    assert [(f.line, f.message.split("'")[1]) for f in findings] == [(4, "nowhere.yaml"), (5, too_long)]


def test_global_flags_before_the_verb_change_nothing_a_page_is_told(tmp_path: Path) -> None:
    """``kubectl -n kube-system logs -f web`` follows a log: no ``-f`` file is required and kubectl gets the words as written."""
    Recorded.answers["-n kube-system logs -f web"] = Outcome(ok=True)
    assert check("```bash\nkubectl -n kube-system logs -f web\n```\n", "docs/a.md", checker(tmp_path, ResultCache(None))) == []
    assert Recorded.asked == ["-n kube-system logs -f web"]


def test_the_summary_line_counts_every_kind_of_check() -> None:
    from studykit.checker.k8scheck import Stats

    stats = Stats(pages=3, commands=40, commands_cached=38, manifests=5, manifests_cached=4, scripts=7, opted_out=1, seconds=1.234)
    assert stats.summary() == ("k8scheck: 페이지 3개, kubectl 명령 40개 (캐시 38), 매니페스트 5개 (캐시 4), 셸 블록 7개, "
                               "제외된 블록(check=\"skip\") 1개, 1.23초")


def test_the_cache_file_is_read_once_pruned_on_demand_and_replaced_whole(tmp_path: Path) -> None:
    """Stale outputs can be dropped (the flashcard exports use this); writing never leaves a half-written file behind."""
    path = tmp_path / ".cache" / "k8scheck" / "cache.json"  # folders made as needed
    cache = ResultCache(path)
    cache.put("kept", 1)
    cache.put("stale", 2)
    cache.save()
    assert not cache.dirty and [p.name for p in path.parent.iterdir()] == ["cache.json"]
    cache.retain({"kept", "unknown"})
    assert cache.data == {"kept": 1} and cache.dirty
    cache.save()
    cache.retain({"kept"})
    assert not cache.dirty, "nothing dropped: nothing to write"
    reader = ResultCache(path)
    reader.load()
    path.write_text(json.dumps({"format": CACHE_FORMAT, "results": {"other": 3}}), encoding="utf-8")
    reader.load()
    assert reader.data == {"kept": 1}, "read once per build"


def test_a_schema_checker_failure_is_a_finding_at_the_manifest(tmp_path: Path) -> None:
    class Broken:
        def check_manifest(self, text: str, mode: str = "") -> list:
            raise KeyError("spec")

    page = checker(tmp_path, ResultCache(None))
    page._manifests = Broken()
    [finding] = check("# m\n\n```yaml\napiVersion: v1\nkind: Pod\n```\n", "docs/m.md", page)
    assert (finding.path, finding.line, finding.message) == ("docs/m.md", 4, internal_error(KeyError("spec")))

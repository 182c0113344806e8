"""Check every kubectl command, shell block and manifest of a set of Markdown pages.

Pure code, no MkDocs import: ``Checker.check_pages`` takes ``{path: text}``
and returns findings plus statistics. Results are cached by (command text,
kubectl version) and (manifest text, schema version) in memory and on disk.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from studykit.cache import ResultCache
from studykit.checker.k8s_schemas import SCHEMA_VERSION
from studykit.checker.k8scheck_limits import Budget
from studykit.checker.k8scheck_plan import Job, PagePlanner, Plan
from studykit.checker.kubectl_check import Kubectl, KubectlMissingError, KubectlRunner, SandboxRequired, TimeBudgetSpent, advice
from studykit.checker.manifest_check import ManifestChecker, node_count
from studykit.checker.shell_parse import output_line
from studykit.markdown_source import Finding

@dataclass
class Stats:
    """Counts for the summary line at the end of the build."""

    pages: int = 0
    commands: int = 0
    commands_cached: int = 0
    manifests: int = 0
    manifests_cached: int = 0
    scripts: int = 0
    opted_out: int = 0
    seconds: float = 0.0
    #: Said once when the OS sandbox could not start and the argument layer alone confined kubectl.
    sandbox_notice: str = ""

    def summary(self) -> str:
        """Return the one-line summary (Korean, with the English counts)."""
        return (
            f"k8scheck: 페이지 {self.pages}개, kubectl 명령 {self.commands}개 (캐시 {self.commands_cached}), "
            f"매니페스트 {self.manifests}개 (캐시 {self.manifests_cached}), 셸 블록 {self.scripts}개, "
            f"제외된 블록(check=\"skip\") {self.opted_out}개, {self.seconds:.2f}초"
        )


class Checker:
    """Check pages with the real kubectl and the strict schemas, caching every result."""

    def __init__(
        self,
        *,
        root: Path,
        kubectl: Kubectl,
        cache: ResultCache,
        docs_dir: Path | None = None,
        runner: Callable[[Kubectl], KubectlRunner] = KubectlRunner,
    ) -> None:
        """``root`` is the repository (for ``-f`` files); ``docs_dir`` holds the pages; ``runner`` makes the kubectl runner."""
        self.root = root
        self.docs_dir = docs_dir or root / "docs"
        self.kubectl = kubectl
        self.cache = cache
        self.runner = runner
        self._manifests: ManifestChecker | None = None

    @property
    def manifests(self) -> ManifestChecker:
        """Return the schema checker, created on first use."""
        if self._manifests is None:
            self._manifests = ManifestChecker(SCHEMA_VERSION)
        return self._manifests

    def check_pages(self, pages: dict[str, str]) -> tuple[list[Finding], Stats]:
        """Check all pages together; return every finding and the statistics."""
        started = time.perf_counter()
        self.cache.load()
        stats = Stats(pages=len(pages))
        plan = Plan()
        planner = PagePlanner(self.kubectl.version, self.in_repo)
        for path, text in pages.items():
            try:
                planner.plan_page(text, path, plan)
            except Exception as exc:  # noqa: BLE001 - one page's surprise must not stop the others
                plan.findings.append(Finding(path, 1, internal_error(exc)))
        stats.opted_out = plan.opted_out
        nodes = self.within_node_caps(plan)
        findings = list(plan.findings)
        missing = {job.key: job for job in plan.jobs if self.cache.get(job.key) is None}
        failed = self.run_missing(list(missing.values()), stats, nodes)
        for job in plan.jobs:
            result = failed.get(job.key) or self.cache.get(job.key)
            findings.extend(self.findings_of(job, result, job.key not in missing, stats))
        findings = one_per_cause(findings)
        self.cache.save()
        stats.seconds = time.perf_counter() - started
        return findings, stats

    def findings_of(self, job: Job, result: dict[str, Any], cached: bool, stats: Stats) -> list[Finding]:
        """Turn one job's stored result into findings, counting it in ``stats``."""
        out: list[Finding] = []
        if "internal" in result:
            return [Finding(job.path, job.line, result["internal"])]
        if job.kind == "kubectl":
            stats.commands += 1
            stats.commands_cached += cached
            if not result["ok"]:
                out.append(Finding(job.path, job.line, f"{advice(result['message'])}: `{job.display}` (kubectl: {result['message']})"))
            for warning in result["warnings"]:
                out.append(Finding(job.path, job.line, f"kubectl이 더 이상 권장하지 않는(deprecated) 형식입니다: 안내대로 현재 문법으로 바꾸세요: `{job.display}` (kubectl: {warning})"))
        elif job.kind == "manifest":
            stats.manifests += 1
            stats.manifests_cached += cached
            for offset, message in result["problems"]:
                out.append(Finding(job.path, job.line + offset, message))
        else:
            stats.scripts += 1
            if result["error"]:
                offset, message = result["error"]
                line = job.line + min(offset, job.extra_lines)
                output = output_line(job.payload, offset)
                if output:
                    shown = output if len(output) <= 60 else output[:57] + "..."
                    out.append(Finding(job.path, line, f"셸 블록에 명령의 출력이 섞여 있습니다(`{shown}`): 셸 블록에는 명령만 두고 출력은 ```text 블록으로 옮기세요 (bash -n: {message})"))
                else:
                    out.append(Finding(job.path, line, f"bash 문법 오류입니다: 따옴표, 괄호, if/fi·do/done 짝을 확인하고, 명령의 출력은 ```text 블록에 따로 쓰세요 (bash -n: {message})"))
        return out

    def within_node_caps(self, plan: Plan) -> dict[str, int]:
        """Drop the manifests past the YAML node caps (per page and site, in page order), saying where; return each one's nodes.

        A manifest's node count (after alias expansion) comes from the cache or is counted now, before any validation.
        """
        budget = Budget(findings=plan.findings)
        counts: dict[str, int] = {}
        kept: list[Job] = []
        for job in plan.jobs:
            if job.kind == "manifest":
                if job.path != budget.path:
                    budget.start_page(job.path)
                if job.key not in counts:
                    cached = self.cache.get(job.key)
                    counts[job.key] = cached["nodes"] if cached and "nodes" in cached else node_count(job.payload)
                if not budget.take("nodes", counts[job.key], job.line):
                    continue
            kept.append(job)
        plan.jobs = kept
        return counts

    def run_missing(self, jobs: list[Job], stats: Stats, nodes: dict[str, int] | None = None) -> dict[str, dict[str, str]]:
        """Run the uncached checks: kubectl and bash in parallel, manifests meanwhile; cache their results.

        Return the checks that failed inside the checker (reported, never cached: the next build tries again).
        """
        commands = [job for job in jobs if job.kind == "kubectl"]
        scripts = [job for job in jobs if job.kind == "bash"]
        failed: dict[str, dict[str, str]] = {}
        runner = self.runner(self.kubectl).start() if commands or scripts else None
        stats.sandbox_notice = runner.notice if runner else ""
        try:
            with ThreadPoolExecutor(max_workers=runner.workers if runner else 1) as pool:
                futures = [(job, pool.submit(runner.run_job, job.payload, job.fallback)) for job in commands if runner]
                futures += [(job, pool.submit(runner.bash, job.payload)) for job in scripts if runner]
                for job in jobs:
                    if job.kind == "manifest":
                        self.cache.put(job.key, {**self.check_manifest(job.payload, job.mode), "nodes": (nodes or {}).get(job.key, 0)})
                outcomes = []
                for job, future in futures:
                    try:
                        outcomes.append((job, future.result()))
                    except (KubectlMissingError, SandboxRequired):
                        raise
                    except TimeBudgetSpent as exc:
                        failed[job.key] = {"internal": str(exc)}
                    except Exception as exc:  # noqa: BLE001 - reported at the job's line, not cached
                        failed[job.key] = {"internal": internal_error(exc)}
                if runner is not None:
                    runner.confirm()  # the binary's hash, checked meanwhile; nothing is cached if it is wrong
                for job, outcome in outcomes:
                    if job.kind == "kubectl":
                        self.cache.put(job.key, {"ok": outcome.ok, "message": outcome.message, "warnings": list(outcome.warnings)})
                    else:
                        self.cache.put(job.key, {"error": list(outcome) if outcome else None})
        finally:
            if runner is not None:
                runner.stop()
        return failed

    def check_manifest(self, text: str, mode: str = "") -> dict[str, Any]:
        """Validate one YAML text in ``mode``; an unexpected error becomes a finding, not a crash."""
        try:
            return {"problems": self.manifests.check_manifest(text, mode)}
        except Exception as exc:  # noqa: BLE001
            return {"problems": [(0, internal_error(exc))]}

    def in_repo(self, name: str, page: str) -> bool:
        """Return whether ``name`` is a file of the repository, relative to its root, the docs or the page's folder.

        A path that leads out of the repository and the docs (``/etc/passwd``, ``../../x``, a link pointing
        outside) is never one: page text cannot learn which files the build machine has.
        """
        page_dir = self.docs_dir.joinpath(*PurePosixPath(page).parts[1:]).parent  # docs/day31/a.md -> <docs>/day31
        inside = (self.root.resolve(), self.docs_dir.resolve())
        try:
            found = ((base / name).resolve() for base in (self.root, page_dir, self.docs_dir))
            return any(path.is_relative_to(inside[0]) or path.is_relative_to(inside[1]) for path in found if path.exists())
        except (OSError, ValueError, RuntimeError):
            return False


def internal_error(exc: BaseException) -> str:
    """Return the finding text for a checker bug (no traceback; the page is still checked)."""
    return f"검사기 내부 오류로 이 부분을 검사하지 못했습니다: 이 메시지와 함께 이슈를 올려 주세요 (internal error: {type(exc).__name__}: {exc})"


def check(text: str, path: str, checker: Checker) -> list[Finding]:
    """Check one page's text; ``path`` is how findings name it (e.g. ``docs/day31/index.md``)."""
    findings, _ = checker.check_pages({path: text})
    return findings


#: kubectl's own refusal (left) of what a rule of the checker reports at the same line more precisely (right):
#: an output format or strategy value (``command_rules.choice_problems``), a patch body (the patch's manifest job).
SAME_CAUSE = (
    (("unable to match a printer", "Invalid dry-run value", "validate option", "cascade value"), "must be one of the listed values"),
    (("unable to parse",), "patch 본문을"),
)


def one_per_cause(findings: list[Finding]) -> list[Finding]:
    """Drop kubectl's refusal where the checker's own finding at the same line names the same cause better."""
    at: dict[tuple[str, int], list[str]] = {}
    for finding in findings:
        at.setdefault((finding.path, finding.line), []).append(finding.message)
    kept = []
    for finding in findings:
        others = at[(finding.path, finding.line)]
        if any(any(needle in finding.message for needle in needles) and any(mark in other for other in others if other != finding.message)
               for needles, mark in SAME_CAUSE):
            continue
        kept.append(finding)
    return kept

"""Benchmark the k8scheck hook: cost per command/manifest, the OS sandbox's cost, and build time with vs without it.

Usage::

    python bench/k8scheck_bench.py                       # temp site made of the seed lesson
    python bench/k8scheck_bench.py --config mkdocs.yml   # a real site whose hooks include k8s_check.py
    python bench/k8scheck_bench.py --pages 10 --repeat 3
    python bench/k8scheck_bench.py --corpus              # only the kubernetes.io corpora and the kubectl floor

Builds run as ``python -m mkdocs build`` subprocesses; the checker is turned
off with ``STUDYSITE_K8SCHECK=off`` for the baseline. "cold" deletes the
on-disk cache first; "warm" reuses it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from studykit.cache import ResultCache  # noqa: E402
from studykit.checker.k8scheck import Checker  # noqa: E402
from studykit.checker.kubectl_check import KubectlRunner, find_kubectl  # noqa: E402

SEED = ROOT / "tests" / "checker" / "fixtures" / "k8scheck" / "seed_day31.md"
HOOK = ROOT / "hooks" / "k8s_check.py"


def make_site(folder: Path, pages: int) -> Path:
    """Write a temp site of ``pages`` copies of the seed lesson; return its mkdocs.yml."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(pages):
        # A distinct pod name per page keeps commands distinct, like a real multi-page site.
        (docs / f"day{31 + i}.md").write_text(text.replace("nginx-dev", f"nginx-dev{i}"), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: bench\ntheme: {name: material}\n"
        "markdown_extensions: [attr_list, pymdownx.highlight, pymdownx.superfences]\n"
        f"hooks:\n  - {HOOK}\n",
        encoding="utf-8",
    )
    return config


def timed_build(config: Path, *, checker: bool, site_dir: Path) -> tuple[float, float]:
    """Run one build in a fresh process; return its wall time and the CPU time of it and its children.

    On a machine shared with other work the CPU time is the steadier figure: waiting for a core is not in it.
    """
    env = {**os.environ, "STUDYSITE_K8SCHECK": "on" if checker else "off"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)],
        env=env, capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


FIXTURES = ROOT / "tests" / "checker" / "fixtures"
#: The kubernetes.io corpora: the first one (cheat sheets, read as reference pages) and the development set.
CORPORA = {"k8s-docs": True, "k8s-docs-dev": False}


def corpus_pages(name: str, reference: bool) -> dict[str, str]:
    """A kubernetes.io corpus as pages (examples as titled YAML blocks, as tests/checker/test_k8scheck_corpus.py reads them)."""
    corpus = FIXTURES / name
    pages: dict[str, str] = {}
    for path in sorted(corpus.rglob("*")):
        relative = path.relative_to(corpus).as_posix()
        if path.suffix == ".md" and relative != "README.md":
            text = path.read_text(encoding="utf-8")
            pages[relative] = text.replace("---\n", "---\nk8scheck: reference\n", 1) if reference else text
        elif path.suffix in (".yaml", ".yml", ".json") and relative.startswith("examples/"):
            text = path.read_text(encoding="utf-8")
            body = text if text.endswith("\n") else text + "\n"
            pages[relative] = f'```yaml title="{relative}"\n{body}```\n'
    return pages


def kubectl_floor(runs: int = 40) -> tuple[float, float]:
    """Return (wall ms, CPU ms) per bare ``kubectl version --client`` run, one after another."""
    kubectl = str(find_kubectl().path)
    env = {"PATH": "", "HOME": tempfile.gettempdir(), "GOGC": "off", "GOMAXPROCS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for _ in range(runs):
        subprocess.run([kubectl, "version", "--client"], capture_output=True, env=env, check=False)
    wall = (time.perf_counter() - started) / runs
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / runs
    return wall * 1000, cpu * 1000


def sandbox_cost(runs: int = 40) -> None:
    """Print bare and sandboxed ``kubectl version --client`` (through the broker), interleaved in one run, and the ratio.

    The sandboxed figure is the whole per-command cost the OS layer adds: the request to the broker, a
    nested bwrap (own user, pid, ipc, uts and mount namespaces), the answer back.
    """
    kubectl = find_kubectl()
    env = {"PATH": "", "HOME": tempfile.gettempdir(), "GOGC": "off", "GOMAXPROCS": "1"}
    runner = KubectlRunner(kubectl, isolation="os").start()
    bare, boxed = [], []
    try:
        assert runner.backend is not None
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([str(kubectl.path), "version", "--client"], capture_output=True, env=env, check=False)
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            done = runner.backend.kubectl(["version", "--client"])
            boxed.append(time.perf_counter() - started)
            assert done.returncode == 0, done.stderr
    finally:
        runner.stop()
    plain, sandboxed = statistics.median(bare) * 1000, statistics.median(boxed) * 1000
    print(f"`kubectl version --client`, median of {runs} interleaved runs: bare {plain:.1f} ms, "
          f"in the OS sandbox {sandboxed:.1f} ms, ratio {sandboxed / plain:.2f}x (target <= 1.5x)")
    print(f"  fastest: bare {min(bare) * 1000:.1f} ms, sandboxed {min(boxed) * 1000:.1f} ms; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def isolation_cost() -> None:
    """Print the first corpus's (k8s-docs) cold cost per command with the OS sandbox and with the argument layer alone (parallel, as built)."""
    pages = corpus_pages("k8s-docs", CORPORA["k8s-docs"])
    for isolation in ("os", "args"):
        checker = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=FIXTURES / "k8s-docs",
                          runner=partial(KubectlRunner, isolation=isolation))
        started = time.perf_counter()
        checker.check_pages(pages)
        total = time.perf_counter() - started
        commands = sum(1 for key in checker.cache.data if key.startswith("kubectl "))
        print(f"corpus, {isolation:>4} isolation: {total:.2f} s for {commands} commands and every manifest "
              f"({total / max(commands, 1) * 1000:.1f} ms per command, start-up included)")


def corpus_cost() -> None:
    """Print the cost per unique command and per manifest on each corpus, cold and cached, beside the floor."""
    for name, reference in CORPORA.items():
        pages = corpus_pages(name, reference)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cost = per_item_cost_of(pages, ROOT, FIXTURES / name)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"{name}: {len(pages)} pages, {cost.commands} unique kubectl commands, {cost.manifests} unique manifests (patches and kustomizations included)")
        print(f"  cold: {cost.per_command * 1000:.1f} ms per command (wall, parallel), {child_cpu / max(cost.commands, 1) * 1000:.1f} ms child CPU "
              f"per command (kubectl and bash -n processes), {cost.per_manifest * 1000:.1f} ms wall and {cost.manifest_cpu * 1000:.1f} ms CPU "
              "per manifest (schemas and API-server rules, in this process)")
        print(f"  cached: {cost.cached * 1000:.1f} ms for the whole corpus (planning and command-line rules run every time)")
    wall, cpu = kubectl_floor()
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"floor: bare `kubectl version --client`: {wall:.1f} ms wall, {cpu:.1f} ms CPU per run (sequential)")


@dataclass(frozen=True)
class Costs:
    """What checking a set of pages cost: per unique command and manifest (seconds), and a cached re-check."""

    commands: int
    per_command: float
    manifests: int
    per_manifest: float
    #: CPU seconds per manifest (steadier than wall time on a busy machine).
    manifest_cpu: float
    cached: float


def per_item_cost(config: Path) -> Costs:
    """Check the site's pages with no cache."""
    docs = config.parent / "docs"
    pages = {f"docs/{p.relative_to(docs).as_posix()}": p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}
    return per_item_cost_of(pages, config.parent, docs)


def per_item_cost_of(pages: dict[str, str], root: Path, docs: Path) -> Costs:
    """Check ``pages`` cold, then the manifests alone, then everything cached."""
    kubectl = find_kubectl()
    checker = Checker(root=root, kubectl=kubectl, cache=ResultCache(None), docs_dir=docs)
    started = time.perf_counter()
    _, stats = checker.check_pages(pages)
    total = time.perf_counter() - started
    # Time manifests alone: a second checker whose cache already holds every kubectl/bash result.
    manifests_only = Checker(root=root, kubectl=kubectl, cache=ResultCache(None), docs_dir=docs)
    manifests_only.cache.data = {k: v for k, v in checker.cache.data.items() if not k.startswith("manifest ")}
    manifests_only.cache.loaded = True
    started, cpu_started = time.perf_counter(), time.process_time()
    manifests_only.check_pages(pages)
    manifest_time, manifest_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    unique_manifests = sum(1 for k in checker.cache.data if k.startswith("manifest "))
    unique_commands = sum(1 for k in checker.cache.data if k.startswith("kubectl "))
    started = time.perf_counter()
    checker.check_pages(pages)
    cached = time.perf_counter() - started
    return Costs(
        commands=unique_commands,
        per_command=max(total - manifest_time, 0.0) / max(unique_commands, 1),
        manifests=unique_manifests,
        per_manifest=manifest_time / max(unique_manifests, 1),
        manifest_cpu=manifest_cpu / max(unique_manifests, 1),
        cached=cached,
    )


def main() -> None:
    """Parse arguments, run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", "--docs", type=Path, help="mkdocs.yml of a site whose hooks include k8s_check.py")
    parser.add_argument("--pages", type=int, default=5, help="pages in the temp seed site (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per measurement; the median is shown")
    parser.add_argument("--corpus", action="store_true", help="only the kubernetes.io corpora and the kubectl floor")
    args = parser.parse_args()
    sandbox_cost()
    isolation_cost()
    print()
    corpus_cost()
    print()
    if args.corpus:
        return
    with tempfile.TemporaryDirectory(prefix="k8scheck-bench-") as tmp:
        folder = Path(tmp)
        config = args.config.resolve() if args.config else make_site(folder / "site", args.pages)
        site_dir = folder / "out"
        cache_dir = config.parent / ".cache" / "k8scheck"
        cost = per_item_cost(config)
        timed_build(config, checker=False, site_dir=site_dir)  # warm the OS file cache
        off, cold, warm = [], [], []
        for _ in range(args.repeat):
            off.append(timed_build(config, checker=False, site_dir=site_dir))
            shutil.rmtree(cache_dir, ignore_errors=True)
            cold.append(timed_build(config, checker=True, site_dir=site_dir))
            warm.append(timed_build(config, checker=True, site_dir=site_dir))
        base = statistics.median(wall for wall, _ in off)
        base_cpu = statistics.median(cpu for _, cpu in off)
        print(f"site: {config}")
        print(f"unique kubectl commands: {cost.commands}, cold cost per command: {cost.per_command * 1000:.1f} ms")
        print(f"unique manifests: {cost.manifests}, cold cost per manifest: {cost.per_manifest * 1000:.1f} ms ({cost.manifest_cpu * 1000:.1f} ms CPU)")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print()
        print(f"{'build':<28}{'median s':>10}{'ratio':>8}{'CPU s':>8}{'ratio':>8}{'target':>8}")
        for name, values, target in (
            ("checker off (baseline)", off, ""),
            ("checker on, cold (no cache)", cold, "<=2.0x"),
            ("checker on, warm (cached)", warm, "<=1.1x"),
        ):
            median = statistics.median(wall for wall, _ in values)
            cpu = statistics.median(cpu for _, cpu in values)
            print(f"{name:<28}{median:>10.2f}{median / base:>7.2f}x{cpu:>8.2f}{cpu / base_cpu:>7.2f}x{target:>8}")


if __name__ == "__main__":
    main()

"""Worst cases of in-process work: hostile pages through the whole checker, each timed (target: under 60 s).

Usage::

    python bench/k8scheck_worst.py            # every case
    python bench/k8scheck_worst.py backticks  # only the cases whose name contains a word

Each case is one page checked from a cold cache by ``Checker.check_pages``, as
a build does it (kubectl in the OS sandbox where it can start): shortcode
blanking, fence and heredoc scanning, shell and placeholder parsing, YAML
composing and validation, and the kubectl runs the caps let through. The
numbers go into bench/README.md; a timed test would be flaky on shared
machines, so the tests count steps instead (tests/base/test_markdown_source.py).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from studykit.cache import ResultCache  # noqa: E402
from studykit.checker.k8scheck import Checker  # noqa: E402
from studykit.checker.kubectl_check import find_kubectl  # noqa: E402

MB = 1_000_000
#: Largest block the checker reads (``k8scheck_plan.MAX_BLOCK_CHARS``) less a little, so the case is really checked.
BLOCK = 190_000


def fenced(lang: str, body: str) -> str:
    return f"```{lang}\n{body}\n```\n"


def wide_yaml(depth: int) -> str:
    """One line of brackets nested ``depth`` deep (one more for the outer list), again and again: the most work
    PyYAML's scanner does per byte that the checker still accepts (64 open at once)."""
    unit = "[" * depth + "]" * depth + ","
    return "a: [" + unit * ((BLOCK - 10) // len(unit)) + "]"


CASES: dict[str, Callable[[], str]] = {
    "1 MB page of {{<": lambda: "{{<" * (MB // 3),
    "1 MB page of {{< then one >}}": lambda: "{{<" * (MB // 3 - 1) + ">}}",
    "page of 3,000 distinct kubectl commands": lambda: fenced("bash", "\n".join(f"kubectl get pods -l app=web-{i}" for i in range(3000))),
    "1 MB line of backticks": lambda: "`" * MB + "\n",
    "bash block with one 190 KB line of backticks": lambda: fenced("bash", "kubectl get pods " + "`" * BLOCK),
    "bash block of 95,000 ${": lambda: fenced("bash", "kubectl get ${" + "${" * (BLOCK // 2)),
    "bash block of 47,000 heredocs on one line": lambda: fenced("bash", "cat " + "<<a " * (BLOCK // 4)),
    "bash block of 6,000 heredoc pipelines": lambda: fenced("bash", "".join(f"cat <<E{i} | kubectl apply -f -\nx: {i}\nE{i}\n" for i in range(6000))[:BLOCK]),
    "kubectl command of 47,000 placeholders": lambda: fenced("bash", "kubectl get " + "<p> " * (BLOCK // 4)),
    "deep YAML: 190,000 [": lambda: fenced("yaml", "[" * BLOCK),
    "deep YAML: 600 levels of indentation": lambda: fenced("yaml", "".join(" " * i + f"k{i}:\n" for i in range(600))),
    "wide YAML: brackets 64 deep on one 190 KB line": lambda: fenced("yaml", wide_yaml(63)),
    "1 MB page of five such YAML blocks": lambda: fenced("yaml", wide_yaml(63)) * 5,
    "YAML alias bomb (billion laughs)": lambda: fenced("yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8))),
    # issue 20's page reading: example shortcodes, download links, templates in YAML, paths a page makes
    "1 MB page of {{< codenew never closed": lambda: "{{< codenew " * (MB // 12),
    "1 MB page of ]( link openers": lambda: "](" * (MB // 2 - 5),
    "1 MB page of links to manifests": lambda: "[a](b.yaml)\n" * (MB // 12),
    "YAML block of 95,000 {% never closed": lambda: fenced("yaml", "{%" * (BLOCK // 2)),
    "YAML block of 95,000 {{ on one line": lambda: fenced("yaml", "a: " + "{{" * (BLOCK // 2)),
    "bash block: mkdir of one 190 KB deep path": lambda: fenced("bash", "mkdir -p " + "a/" * (BLOCK // 2) + "\nkubectl apply -k a/"),
    "1 MB page of 2,000 small blocks": lambda: "".join(fenced("bash", f"kubectl get pods -l n={i}\n" + "# " + "x" * 450) for i in range(2000)),
}


def main() -> None:
    """Time every case (or those named on the command line) and print a table."""
    wanted = [word.lower() for word in sys.argv[1:]]
    kubectl = find_kubectl()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'case':<50}{'bytes':>11}{'seconds':>9}{'findings':>9}  under 60 s")
    for name, make in CASES.items():
        if wanted and not any(word in name.lower() for word in wanted):
            continue
        page = make()
        checker = Checker(root=ROOT, kubectl=kubectl, cache=ResultCache(None))
        started = time.perf_counter()
        findings, _ = checker.check_pages({"docs/worst.md": page})
        seconds = time.perf_counter() - started
        print(f"{name:<50}{len(page.encode()):>11,}{seconds:>9.2f}{len(findings):>9}  {'yes' if seconds < 60 else 'NO'}", flush=True)


if __name__ == "__main__":
    main()

"""Run every benchmark of the project, one after another (``make bench``).

Each script measures its own baseline in the same run and prints ratios:
- site_bench.py: build time and bytes per page against plain Material
- scale_bench.py: N copies of Day 31 (N = 1, 30), warm and cold, profile, mkdocs serve rebuild
- lighthouse.py: Lighthouse mobile performance and accessibility of every page
- k8scheck_bench.py: cost of the kubectl/manifest checker (and of its OS sandbox), cold and cached
- k8scheck_worst.py: hostile pages through the whole checker, each against 60 s
- quiz_weight.py: quiz assets against mkdocs-quiz 1.7.1
- offline_weight.py: flashcard and offline weights, precache size, first card on a phone profile
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = [
    ["site_bench.py", "--runs", "3"],
    ["scale_bench.py", "--copies", "1", "30"],
    ["lighthouse.py", "--runs", "3"],
    ["k8scheck_bench.py", "--config", str(ROOT / "mkdocs.yml")],
    ["k8scheck_worst.py"],
    ["quiz_weight.py"],
    ["offline_weight.py", "--runs", "5"],
]


def main() -> int:
    """Run each script with this interpreter; stop at the first failure."""
    for script, *args in SCRIPTS:
        print(f"\n# bench/{script}\n", flush=True)
        result = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT)
        if result.returncode != 0:
            return result.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

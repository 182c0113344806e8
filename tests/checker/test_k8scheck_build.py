"""Integration: a real ``mkdocs build --strict`` with the hook fails with every message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

HOOK = Path(__file__).resolve().parents[2] / "hooks" / "k8s_check.py"

PAGE = """---
title: broken
---

# Broken

```bash
kubectl get podz
```

```yaml
apiVersion: v1
kind: Pod
metadata:
  name: x
spec:
  containers:
  - name: x
    image: nginx
    imagePullPolice: Always
```

```bash
cat << 'EOF' > svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  ports:
  - port: eighty
EOF
kubectl apply -f svc.yaml
```
"""


def build(tmp_path: Path, *, wrapper: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess[str]:
    """Build a one-page site with the hook in a subprocess, as a contributor would (``wrapper`` runs it)."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "lab.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [attr_list, pymdownx.highlight, pymdownx.superfences]\n"
        f"hooks:\n  - {HOOK}\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [*wrapper, sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**os.environ, **env}, check=False,
    )


def test_strict_build_fails_with_all_three_messages(tmp_path: Path) -> None:
    """Command, manifest and heredoc manifest are all reported with file:line; no traceback."""
    done = build(tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "docs/lab.md:8: 알 수 없는 리소스 종류입니다" in output
    assert 'resource type "podz"' in output
    assert "docs/lab.md:20: 알 수 없는 필드 'imagePullPolice'" in output
    assert "docs/lab.md:31: 'spec.ports[0].port' 값의 타입 오류" in output
    assert "Traceback" not in output
    assert "k8scheck: 페이지 1개, kubectl 명령 2개" in output
    assert (tmp_path / ".cache" / "k8scheck" / "results.json").is_file()


def test_switch_turns_the_checker_off(tmp_path: Path) -> None:
    """``STUDYSITE_K8SCHECK=off`` builds the same site and says so."""
    done = build(tmp_path, STUDYSITE_K8SCHECK="off")
    assert done.returncode == 0, done.stderr
    assert "STUDYSITE_K8SCHECK=off" in done.stderr


def test_invalid_utf8_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    """A page that is not UTF-8 is reported at its line before the lessons hook reads it; no traceback."""
    hooks = HOOK.parent
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_bytes(b"---\ntitle: x\n---\n\n# ok\n\nbad \xff\xfe byte\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [attr_list, pymdownx.highlight, pymdownx.superfences]\n"
        f"hooks:\n  - {hooks / 'lessons.py'}\n  - {HOOK}\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "docs/index.md:7: UTF-8이 아닌 바이트가 있습니다" in output
    assert "Traceback" not in output

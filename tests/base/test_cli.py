"""The command-line door (``make check``): same findings as the build, exit status, GitHub annotations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check.py"


def write(folder: Path, pages: dict[str, str | bytes]) -> Path:
    """Write a docs folder as a contributor would have it; return the project folder."""
    docs = folder / "docs"
    for name, content in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def run(folder: Path, pages: dict[str, str | bytes], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Run ``make check``'s entry point on a docs folder in this process; return status, stdout, stderr."""
    monkeypatch.chdir(write(folder, pages))
    status = main(["docs"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_every_kind_of_problem_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """kubectl, manifest, quiz, link and encoding problems are all printed as docs/<file>.md:<line> and exit 1."""
    status, out, err = run(tmp_path, {
        "index.md": "# t\n\n[x](missing.md)\n\n```bash\nkubectl get podz\n```\n",
        "lab.md": "# l\n\n```yaml\napiVersion: v1\nkind: Podd\nmetadata:\n  name: x\n```\n\n```quiz\nnonsense\n```\n",
        "bad.md": b"# b\n\n\xff\n",
    }, capsys, monkeypatch)
    assert status == 1, err
    assert "docs/index.md:3: 링크 대상 'missing.md'" in out
    assert "docs/index.md:6: 알 수 없는 리소스 종류입니다" in out
    assert "docs/lab.md:5: 알 수 없는 kind 'Podd'" in out
    assert "docs/lab.md:10: 퀴즈에 질문이 없습니다. '? 질문 내용' 줄로 질문을 추가하세요." in out.splitlines()
    assert ("docs/lab.md:11: 질문 밖의 줄입니다: 'nonsense'. 질문은 '? 질문 내용'으로 시작하고, "
            "그 앞에는 'title:'과 'id:'만 쓸 수 있습니다.") in out.splitlines()
    assert "docs/bad.md:3: UTF-8이 아닌 바이트" in out
    assert out.splitlines() == sorted(out.splitlines(), key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert "::error" not in out and len(out.splitlines()) == 6 and "check: 문제 6개" in err


def test_clean_docs_exit_zero_and_annotations_under_actions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean folder exits 0; under GITHUB_ACTIONS every finding is also a workflow annotation."""
    status, out, _ = run(tmp_path / "a", {"index.md": "# t\n\n```bash\nkubectl get pods\n```\n"}, capsys, monkeypatch)
    assert status == 0 and out == ""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    status, out, _ = run(tmp_path / "b", {"index.md": "# t\n\n```bash\nkubectl get podz\n```\n"}, capsys, monkeypatch)
    lines = out.splitlines()
    assert status == 1 and lines[0].startswith("docs/index.md:4: ")
    assert lines[1].startswith("::error file=docs/index.md,line=4::알 수 없는 리소스 종류입니다")


def test_a_docs_folder_by_another_name(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings name the folder as it is called; excluded files, assets and a UTF-8 BOM are handled like the build."""
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nexclude_docs: |\n  # drafts stay out\n  drafts\n", encoding="utf-8")
    pages = {
        "content/index.md": "# t\n\n![그림](img.png) [초안](drafts/wip.md)\n",
        "content/img.png": b"\x89PNG",
        "content/bom.md": "\ufeff# BOM\n\n```bash\nkubectl get pods\n```\n",
        "content/drafts/wip.md": "# 초안\n\n```bash\nkubectl get podz\n```\n",
        "content/zz.md": b"# z\n\nok\n\xff\n",
    }
    for name, content in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    monkeypatch.chdir(tmp_path)
    status = main(["content"])
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    # The draft is excluded (not checked, and a link to it is missing like in the build); the image is found.
    assert out == [
        "content/index.md:3: 링크 대상 'drafts/wip.md'" + out[0].split("'drafts/wip.md'", 1)[1],
        "content/zz.md:4: UTF-8이 아닌 바이트가 있습니다: 파일을 UTF-8로 저장하세요 (invalid UTF-8 at byte 8)",
    ]


def test_defaults_cache_and_a_missing_kubectl(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Without arguments it checks ./docs and keeps results in .cache; a missing kubectl is exit 2 with the reason."""
    import studykit.cli as cli
    from studykit.checker.kubectl_check import KubectlMissingError

    monkeypatch.chdir(write(tmp_path, {"index.md": "# t\n\n```bash\nkubectl get podz\n```\n"}))
    assert main([]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("docs/index.md:4: ") and "k8scheck: 페이지 1개" in err and "check: 문제 1개" in err
    assert (tmp_path / cli.CACHE_FILE).is_file()

    def missing() -> None:
        raise KubectlMissingError("kubectl 없음")

    monkeypatch.setattr(cli, "find_kubectl", missing)
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "k8scheck: kubectl 없음\n"


@pytest.mark.slow_kubectl
def test_make_check_script_exits_with_the_checks_status(tmp_path: Path) -> None:
    """``scripts/check.py`` (what ``make check`` runs) prints the findings and exits with main()'s status."""
    folder = write(tmp_path, {"index.md": "# t\n\n```bash\nkubectl get podz\n```\n"})
    done = subprocess.run([sys.executable, str(SCRIPT), "docs"], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, check=False)
    assert done.returncode == 1 and done.stdout.startswith("docs/index.md:4: "), done.stderr
    assert "Traceback" not in done.stderr


def test_exclude_docs_patterns(tmp_path: Path) -> None:
    """mkdocs.yml's exclude_docs leaves the same files out of ``make check`` as out of the build."""
    from studykit.cli import excluded

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nexclude_docs: |\n  /assets/vendor/**/README.md\n  drafts\n  # note\nnav: []\n", encoding="utf-8")
    skip = excluded(config)
    assert skip("assets/vendor/mermaid/README.md") and skip("drafts/a.md") and skip("day1/drafts/b.md")
    assert not skip("README.md") and not skip("day31/index.md") and not skip("assets/x.md")
    assert not excluded(tmp_path / "missing.yml")("anything.md")

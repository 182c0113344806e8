"""Command-line door to every content check: ``python -m studykit.cli [docs_dir]`` (``make check``).

Pure code, no MkDocs import. Reads every file of the docs folder, runs
``site_check.check_files`` (the same checks the MkDocs hooks run), prints the
same ``docs/<file>.md:<line>: …`` lines, and exits 1 when there is any
problem. Under GitHub Actions (``GITHUB_ACTIONS=true``) each finding is also
printed as a workflow annotation so that it shows on the pull request's diff.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from studykit.cache import ResultCache
from studykit.checker.k8s_schemas import SchemaMissingError, schema_dir
from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import KubectlMissingError, SandboxRequired, find_kubectl
from studykit.markdown_source import Finding
from studykit.reporting import github_annotation
from studykit.site_check import check_files

CACHE_FILE = Path(".cache") / "k8scheck" / "results.json"
#: ``exclude_docs: |`` block of mkdocs.yml (read as text: the file may hold tags PyYAML cannot load).
RE_EXCLUDE_DOCS = re.compile(r"^exclude_docs:\s*\|\s*\n(?P<body>(?:[ \t]+.*\n?|\s*\n)*)", re.MULTILINE)


def excluded(config: Path) -> Callable[[str], bool]:
    """Return a predicate for the files mkdocs.yml's ``exclude_docs`` leaves out.

    The common gitignore forms: ``/a/**/b.md`` (anchored), ``*.tmp`` or ``drafts`` (any folder level);
    ``#`` comments and ``!`` negations are ignored.
    """
    match = RE_EXCLUDE_DOCS.search(config.read_text(encoding="utf-8")) if config.is_file() else None
    lines = [ln.strip() for ln in match.group("body").splitlines()] if match else []
    patterns = [ln for ln in lines if ln and not ln.startswith(("#", "!"))]

    def skip(uri: str) -> bool:
        parts = uri.split("/")
        for pattern in patterns:
            bare = pattern.strip("/")
            if "/" in bare:
                if fnmatch.fnmatchcase(uri, bare) or fnmatch.fnmatchcase(uri, bare + "/*"):
                    return True
            elif any(fnmatch.fnmatchcase(part, bare) for part in parts):
                return True
        return False

    return skip


def read_docs(docs_dir: Path, prefix: str, skip: Callable[[str], bool] = lambda uri: False) -> tuple[dict[str, str], set[str], list[Finding]]:
    """Return the Markdown pages, the other files, and a finding per page that is not valid UTF-8."""
    pages: dict[str, str] = {}
    assets: set[str] = set()
    problems: list[Finding] = []
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        uri = path.relative_to(docs_dir).as_posix()
        if skip(uri):
            continue
        if path.suffix != ".md":
            assets.add(uri)
            continue
        raw = path.read_bytes()
        try:
            pages[uri] = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            problems.append(Finding(f"{prefix}/{uri}", line, f"UTF-8이 아닌 바이트가 있습니다: 파일을 UTF-8로 저장하세요 (invalid UTF-8 at byte {exc.start})"))
            pages[uri] = raw.decode("utf-8", errors="replace")
    return pages, assets, problems


def main(argv: list[str] | None = None) -> int:
    """Run the checks; print findings; return the exit status."""
    parser = argparse.ArgumentParser(prog="make check", description="사이트의 모든 내용 검사 (HTML 빌드 없이)")
    parser.add_argument("docs_dir", nargs="?", default="docs")
    parser.add_argument("--root", default=".", help="저장소 루트 (-f 파일과 캐시 위치)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    root = Path(args.root).resolve()
    docs_dir = Path(args.docs_dir).resolve()
    prefix = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else docs_dir.name
    try:
        kubectl = find_kubectl()
        schema_dir()
    except (KubectlMissingError, SchemaMissingError) as exc:
        print(f"k8scheck: {exc}", file=sys.stderr)
        return 2
    pages, assets, findings = read_docs(docs_dir, prefix, excluded(root / "mkdocs.yml"))
    checker = Checker(root=root, kubectl=kubectl, cache=ResultCache(root / CACHE_FILE), docs_dir=docs_dir)
    try:
        found, stats = check_files(pages, assets=assets, checker=checker)
    except (KubectlMissingError, SandboxRequired) as exc:
        print(f"k8scheck: {exc}" if isinstance(exc, KubectlMissingError) else str(exc), file=sys.stderr)
        return 2
    findings = sorted(set(findings + [relocate(f, prefix) for f in found]), key=lambda f: (f.path, f.line, f.message))
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in findings:
        print(finding.format())
        if annotate:
            print(github_annotation(finding))
    if stats is not None:
        if stats.sandbox_notice:
            print(stats.sandbox_notice, file=sys.stderr)
        print(stats.summary(), file=sys.stderr)
    print(f"check: 문제 {len(findings)}개, {time.perf_counter() - started:.2f}초", file=sys.stderr)
    return 1 if findings else 0


def relocate(finding: Finding, prefix: str) -> Finding:
    """Name the docs folder as it is really called (the checks say ``docs/``)."""
    if prefix != "docs" and finding.path.startswith("docs/"):
        return Finding(f"{prefix}/{finding.path[5:]}", finding.line, finding.message)
    return finding


if __name__ == "__main__":
    sys.exit(main())

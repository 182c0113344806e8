"""The core's shape: a base, three packages, imports one way, and a map page that names every module.

``docs/contributing/architecture.md`` is the page a newcomer reads first; these
tests keep it true and keep the arrows of the map pointing the way it says.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "hooks" / "studykit"
HOOKS = ROOT / "hooks"
MAP_PAGE = ROOT / "docs" / "contributing" / "architecture.md"
PACKAGES = ("checker", "learning", "site")
#: Base modules every package may use; they use no package.
FOUNDATION = {"markdown_source", "reporting", "cache", "background"}
#: Base modules above the packages: the site-wide check and the command line run every package's checks.
DOORS = {"site_check", "cli"}
#: Where a test file's subject lives: tests/<folder>/ mirrors hooks/studykit/<folder>/.
TEST_FOLDERS = {"base", "checker", "learning", "site", "content", "project"}


def module_name(path: Path) -> str:
    """``checker/k8scheck.py`` -> ``checker.k8scheck``; a package's ``__init__`` -> the package."""
    parts = path.relative_to(CORE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_modules() -> dict[str, Path]:
    """Every module of the core by dotted name (the top ``__init__`` is ``""``)."""
    return {module_name(path): path for path in sorted(CORE.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """The ``studykit`` modules a file imports (dotted, without the ``studykit.`` prefix)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "studykit":
            found.add(node.module.removeprefix("studykit").lstrip("."))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("studykit").lstrip(".") for a in node.names if a.name.split(".")[0] == "studykit")
    return found


def package_of(name: str) -> str | None:
    """The package a dotted module belongs to, or None for a base module."""
    head = name.split(".")[0]
    return head if head in PACKAGES else None


def test_the_core_is_a_base_and_three_packages() -> None:
    modules = core_modules()
    base = {name for name in modules if "." not in name and name not in PACKAGES and name}
    assert base == FOUNDATION | DOORS, "a new base module: say in architecture.md why it is shared, and add it here"
    assert {name for name in modules if name in PACKAGES} == set(PACKAGES)
    assert not [p for p in CORE.rglob("*") if p.is_dir() and p.name != "__pycache__" and p.relative_to(CORE).parts[0] not in PACKAGES]


def test_the_foundation_uses_no_package() -> None:
    for name in FOUNDATION:
        used = imported(core_modules()[name])
        assert not {package_of(u) for u in used} - {None}, f"{name} imports a package: {sorted(used)}"


def test_a_package_uses_the_base_its_own_modules_and_only_the_roots_of_its_siblings() -> None:
    problems = []
    for name, path in core_modules().items():
        package = package_of(name)
        if package is None:
            continue
        for used in imported(path):
            other = package_of(used)
            if used in DOORS:
                problems.append(f"{name} imports the door {used}")
            elif other is not None and other != package and used != other:
                problems.append(f"{name} imports {used}, an internal module of its sibling {other} (use studykit.{other})")
    assert problems == []


def test_a_package_root_exports_only_its_own_modules() -> None:
    for package in PACKAGES:
        used = imported(CORE / package / "__init__.py")
        assert all(u.startswith(package + ".") for u in used), f"studykit.{package} re-exports {sorted(used)}"


def test_no_import_cycle_among_modules() -> None:
    modules = core_modules()
    graph = {name: {u for u in imported(path) if u in modules and u != name} for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_the_core_imports_no_mkdocs() -> None:
    for name, path in core_modules().items():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) mkdocs\b", text, re.MULTILINE), f"{name} imports MkDocs"


def test_hooks_use_the_core_and_not_each_other() -> None:
    hook_names = {path.stem for path in HOOKS.glob("*.py")}
    for path in HOOKS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in hook_names, f"hooks/{path.name} imports another hook"


def test_the_map_names_every_module_and_hook() -> None:
    text = MAP_PAGE.read_text(encoding="utf-8")
    forms = lambda name: (f"`{name.replace('.', '/')}`", f"`{name}`", f"`{name}/`")  # noqa: E731
    missing = [name for name in core_modules() if name and not any(form in text for form in forms(name))]
    missing += [f"hooks/{p.name}" for p in HOOKS.glob("*.py") if f"`{p.name}`" not in text and f"`hooks/{p.name}`" not in text]
    assert missing == [], f"docs/contributing/architecture.md does not name: {missing}"


def test_the_map_names_no_module_that_is_gone() -> None:
    text = MAP_PAGE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:checker|learning|site)/\w+)(?:\.py)?`", text))
    assert {n for n in named if not (CORE / f"{n}.py").is_file()} == set()


def test_tests_mirror_the_core() -> None:
    tests = ROOT / "tests"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and p.name not in ("support", "__pycache__")}
    assert folders == TEST_FOLDERS
    assert not list(tests.glob("test_*.py")), "a test file belongs in the folder of its subject"
    for package in PACKAGES:
        assert list((tests / package).glob("test_*.py")), f"tests/{package}/ is empty"

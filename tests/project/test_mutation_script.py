"""``make mutation`` picks each module's own unit tests and scores honestly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():  # noqa: ANN202 (a module)
    spec = importlib.util.spec_from_file_location("mutation", ROOT / "scripts" / "mutation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_module_is_tested_by_its_importers_else_by_its_importers_tests(tmp_path: Path) -> None:
    mutation = _script()
    (tmp_path / "tests" / "learning").mkdir(parents=True)
    (tmp_path / "core" / "site").mkdir(parents=True)
    (tmp_path / "core" / "learning").mkdir()
    (tmp_path / "tests" / "learning" / "test_quiz.py").write_text("from studykit.learning.quiz import parse\n", encoding="utf-8")
    (tmp_path / "tests" / "test_links.py").write_text("import studykit.site.links\nfrom studykit.learning.quiz import x\n", encoding="utf-8")
    (tmp_path / "core" / "learning" / "quiz.py").write_text("from studykit.source import Finding\nfrom studykit.site import Anchor\n", encoding="utf-8")
    (tmp_path / "core" / "site" / "__init__.py").write_text("from studykit.site.anchors import Anchor\n", encoding="utf-8")
    (tmp_path / "core" / "site" / "anchors.py").write_text("A = 1\n", encoding="utf-8")
    tests = mutation.importers(tmp_path / "tests", label="path")
    core = mutation.importers(tmp_path / "core")
    assert core["site.anchors"] == {"site"} and core["site"] == {"learning.quiz"}, "a package root is named by its package"
    assert mutation.tests_for("learning.quiz", tests, core) == ["tests/learning/test_quiz.py", "tests/test_links.py"]
    assert mutation.tests_for("site.links", tests, core) == ["tests/test_links.py"]
    assert mutation.tests_for("source", tests, core) == ["tests/learning/test_quiz.py", "tests/test_links.py"], "via quiz"
    assert mutation.tests_for("site.anchors", tests, core) == ["tests/learning/test_quiz.py", "tests/test_links.py"], "via the root, then quiz"
    assert mutation.tests_for("orphan", tests, core) == []
    assert mutation.module_path("checker.k8scheck") == "checker/k8scheck.py"


def test_only_failing_tests_kill_a_mutant(tmp_path: Path) -> None:
    """Test failure and timeout kill; a mutant no test reaches, or one not run, is not counted as killed."""
    mutation = _script()
    codes = {"a": 1, "b": 36, "c": 0, "d": 33, "e": None, "f": 0}
    meta = tmp_path / "x.py.meta"
    meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    assert mutation.score(meta) == {"killed": 2, "survived": 2, "no_tests": 1, "not_run": 1}
    table = mutation.report({"x": mutation.score(meta)}, {"x": ["tests/test_x.py"]}, {"x": 60.0}, {"x": 90.0})
    assert "| `x.py` | 6 | 2 | 2 | 1 | 1 | 40.0%* | 1.0 | 1.5 | x |" in table, table
    assert "(1 not run)" in table


def test_results_cut_short_count_as_nothing_run(tmp_path: Path) -> None:
    mutation = _script()
    meta = tmp_path / "x.py.meta"
    meta.write_text("", encoding="utf-8")
    assert mutation.score(meta) == {"killed": 0, "survived": 0, "no_tests": 0, "not_run": 0}


def test_time_is_shared_by_module_size_and_what_is_left_flows_on() -> None:
    """A module twice the size of another gets twice the time; time a quick module leaves goes to the larger ones."""
    mutation = _script()
    assert mutation.share(900.0, 200, [100, 200, 300]) == 300.0
    assert mutation.share(900.0, 100, [100, 200, 300]) == 150.0
    # the small module used 30 of its 150 s: the next one shares the 870 s left with the largest
    assert mutation.share(870.0, 200, [200, 300]) == 348.0
    assert mutation.share(60.0, 10, []) == 60.0 * 10  # nothing left to share with: no division by zero


def test_mutmut_runs_the_unit_layer_without_the_slow_kubectl_tests(tmp_path: Path, monkeypatch) -> None:
    """The staged mutmut configuration deselects build and slow_kubectl tests, which stay in ``make test``."""
    mutation = _script()
    monkeypatch.setattr(mutation, "STAGE", tmp_path)
    (tmp_path / "src").mkdir()
    monkeypatch.setattr(mutation, "ROOT", tmp_path / "src")
    (tmp_path / "src" / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    folder = mutation.stage("learning.quiz", ["tests/learning/test_quiz.py"], [Path("pytest.ini")])
    assert folder == tmp_path / "learning-quiz"
    setup = (folder / "setup.cfg").read_text(encoding="utf-8")
    assert "    -m\n    not build and not slow_kubectl\n" in setup
    assert "only_mutate =\n    src/studykit/learning/quiz.py\n" in setup
    assert "pytest_add_cli_args_test_selection =\n    tests/learning/test_quiz.py\n" in setup


def test_a_module_stopped_at_its_share_gets_the_time_left_in_a_second_round(tmp_path: Path, monkeypatch, capsys) -> None:
    """mutmut resumes where it stopped: the final row counts both rounds; a module that never ran is a failure."""
    mutation = _script()
    root = tmp_path / "project"
    (root / "hooks" / "studykit").mkdir(parents=True)
    (root / "tests").mkdir()
    for name in ("small", "large", "broken"):
        (root / "hooks" / "studykit" / f"{name}.py").write_text("x = 1\n" * (10 if name == "small" else 100), encoding="utf-8")
        (root / "tests" / f"test_{name}.py").write_text(f"from studykit.{name} import x\n", encoding="utf-8")
    monkeypatch.setattr(mutation, "ROOT", root)
    monkeypatch.setattr(mutation, "STAGE", tmp_path / "stage")
    monkeypatch.setattr(mutation, "project_files", lambda: [])
    calls: list[tuple[str, float]] = []

    def run_mutmut(mutmut: Path, folder: Path, jobs: int, seconds: float, env: dict) -> int | None:
        calls.append((folder.name, seconds))
        meta = folder / "mutants" / mutation.CORE / f"{folder.name}.py.meta"
        meta.parent.mkdir(parents=True, exist_ok=True)
        if folder.name == "broken":
            return 1
        second = [name for name, _ in calls].count(folder.name) == 2
        codes = {"a": 1, "b": 1 if second else None, "c": 0 if second else None}
        meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
        return 0 if second or folder.name == "small" else None

    monkeypatch.setattr(mutation, "run_mutmut", run_mutmut)
    monkeypatch.setattr("sys.argv", ["mutation.py", "--minutes", "10"])
    assert mutation.main() == 1
    assert [name for name, _ in calls] == ["small", "broken", "large", "large"]
    out = capsys.readouterr()
    assert "| `large.py` | 3 | 2 | 1 | 0 | 0 | 66.7% |" in out.out, out.out
    assert "mutmut failed for: broken" in out.err

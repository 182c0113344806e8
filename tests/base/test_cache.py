"""Cache keys: the same inputs read by the same code give the same key; any change gives another."""

from __future__ import annotations

from pathlib import Path

from studykit.cache import PACKAGE_DIR, code_version, content_key, project_cache, running_code_version


def test_content_key_is_stable_and_changes_with_every_part() -> None:
    key = content_key("v1", [["Pod", ("파드",)]], "docs/a.md", "본문")
    assert key == content_key("v1", [["Pod", ["파드"]]], "docs/a.md", "본문")  # a tuple reads as a list
    assert len(key) == 64 and int(key, 16) >= 0
    others = {
        content_key("v2", [["Pod", ("파드",)]], "docs/a.md", "본문"),
        content_key("v1", [["Pod", ("포드",)]], "docs/a.md", "본문"),
        content_key("v1", [["Pod", ("파드",)]], "docs/b.md", "본문"),
        content_key("v1", [["Pod", ("파드",)]], "docs/a.md", "본문 "),
        content_key("v1", [["Pod", ("파드",)]], "docs/a.md"),
    }
    assert key not in others and len(others) == 5
    assert content_key({"b": 1, "a": 2}) == content_key({"a": 2, "b": 1})


def test_code_version_follows_every_python_file_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("B = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not code\n", encoding="utf-8")
    first = code_version(tmp_path)
    assert first == code_version(tmp_path) and len(first) == 16
    (tmp_path / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert code_version(tmp_path) == first
    (tmp_path / "b.py").write_text("B = 2\n", encoding="utf-8")
    second = code_version(tmp_path)
    assert second != first
    (tmp_path / "b.py").rename(tmp_path / "c.py")  # same bytes under another name: other code
    assert code_version(tmp_path) not in (first, second)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "c.py").write_text("C = 1\n", encoding="utf-8")  # a module of a package below the folder
    third = code_version(tmp_path)
    (tmp_path / "pkg" / "c.py").write_text("C = 2\n", encoding="utf-8")
    assert code_version(tmp_path) != third
    (tmp_path / "pkg" / "c.py").rename(tmp_path / "c.py")  # same name, one folder up: other code
    assert code_version(tmp_path) != third
    assert code_version() == code_version(PACKAGE_DIR) and (PACKAGE_DIR / "cache.py").is_file()
    assert (PACKAGE_DIR / "checker" / "k8scheck.py").is_file()


def test_the_running_code_is_fingerprinted_once_per_process() -> None:
    """The hooks key their caches by the code this process imported: its files are read on the first call only."""
    running_code_version.cache_clear()
    assert running_code_version() == code_version()
    assert running_code_version() == code_version()
    info = running_code_version.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_project_cache_is_opened_once_per_file_beside_the_config(tmp_path: Path) -> None:
    config = str(tmp_path / "mkdocs.yml")
    cache = project_cache(config, Path(".cache") / "x" / "a.json")
    assert cache.path == tmp_path / ".cache" / "x" / "a.json"
    assert project_cache(config, Path(".cache") / "x" / "a.json") is cache  # kept across mkdocs serve rebuilds
    assert project_cache(config, Path(".cache") / "x" / "b.json") is not cache
    assert project_cache(str(tmp_path / "other" / "mkdocs.yml"), Path(".cache") / "x" / "a.json") is not cache

"""The offline machinery as built: precache list from the built files, version, manifest, weight."""

from __future__ import annotations

import gzip
import json
import re
import struct
from pathlib import Path

import pytest

from studykit.cache import ResultCache
from studykit.site.offline import manifest_json, precache, worker_text

ROOT = Path(__file__).resolve().parents[2]


def _write(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def test_precache_lists_what_a_page_needs_and_nothing_else(tmp_path: Path) -> None:
    _write(tmp_path, {
        "index.html": b"home", "day1/index.html": b"page", "404.html": b"x", "sitemap.xml": b"<urlset/>",
        "assets/app.js": b"js", "assets/app.js.map": b"map", "sitemap.xml.gz": b"gz", "downloads/d.apkg": b"zip",
        "assets/javascripts/lunr/min/lunr.ko.min.js": b"ko", "assets/vendor/x/LICENSE": b"mit",
        "assets/vendor/x/README.md": b"readme", "sw.js": b"worker", "offline-files.json": b"{}",
    })
    result = precache(tmp_path)
    assert result.urls == ["404.html", "assets/app.js", "day1/", "./", "sitemap.xml"]
    assert result.raw_bytes == len(b"x" b"js" b"home" b"page" b"<urlset/>")
    assert re.fullmatch(r"[0-9a-f]{16}", result.version)
    assert "파일 5개" in result.summary()


def test_vendored_mermaid_is_precached_only_when_a_page_draws_in_the_browser(tmp_path: Path) -> None:
    mermaid = {"assets/vendor/mermaid/mermaid.esm.min.mjs": b"m", "assets/javascripts/mermaid-preload.mjs": b"p"}
    _write(tmp_path, {"index.html": b'<svg role="img"></svg>', **mermaid})
    assert precache(tmp_path).urls == ["./"]  # every diagram arrived as SVG: no Mermaid for offline readers
    _write(tmp_path, {"day1/index.html": b'<pre class="mermaid">flowchart LR</pre>'})
    assert set(mermaid) <= set(precache(tmp_path).urls)  # the fallback page must draw offline too


def test_version_changes_with_any_byte_and_only_then(tmp_path: Path) -> None:
    _write(tmp_path, {"index.html": b"home", "a.css": b"body{}"})
    first = precache(tmp_path).version
    (tmp_path / "a.js.map").write_bytes(b"ignored")
    assert precache(tmp_path).version == first
    (tmp_path / "a.css").write_bytes(b"body{ }")
    assert precache(tmp_path).version != first


def test_gzip_sizes_come_from_the_cache_until_a_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    _write(site, {"index.html": "한국어 페이지 ".encode() * 200, "a.css": b"body{}" * 100})
    sizes = ResultCache(tmp_path / "sizes.json")
    first = precache(site, sizes)
    assert first.gzip_bytes == sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in site.iterdir())
    sizes.save()
    stored = ResultCache(tmp_path / "sizes.json")
    stored.load()
    compressed: list[int] = []
    original = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda data, *a, **k: compressed.append(len(data)) or original(data, *a, **k))
    assert precache(site, stored) == first
    assert compressed == []
    (site / "a.css").write_bytes(b"p{}" * 10)
    again = precache(site, stored)
    assert compressed == [30]
    assert again.gzip_bytes == first.gzip_bytes - len(original(b"body{}" * 100, 6, mtime=0)) + len(original(b"p{}" * 10, 6, mtime=0))
    assert len(stored.data) == 2  # the old a.css is forgotten


def test_worker_needs_its_placeholder() -> None:
    assert 'VERSION = "abc"' in worker_text('var VERSION = "__OFFLINE_VERSION__";', "abc")
    with pytest.raises(ValueError):
        worker_text('var VERSION = "x";', "abc")


def test_manifest_is_korean_and_installable() -> None:
    data = json.loads(manifest_json("Kubernetes 스터디", "K8s 스터디", "설명"))
    assert data["lang"] == "ko" and data["name"] == "Kubernetes 스터디" and data["short_name"] == "K8s 스터디"
    assert data["start_url"] == data["scope"] == "./" and data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"] if icon["type"] == "image/png"}


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_built_site_has_a_stamped_worker_a_complete_list_and_a_manifest(built_site: Path, built_log: str) -> None:
    listed = json.loads((built_site / "offline-files.json").read_text(encoding="utf-8"))
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert re.search(rf'var VERSION ?= ?"{listed["version"]}";', worker), "stamped (the published worker is minified)"
    for url in listed["files"]:
        target = built_site / (url + "index.html" if url.endswith("/") or url == "./" else url)
        assert target.resolve().is_file(), url
    pages = [p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")]
    assert {("./" if p == "index.html" else p.removesuffix("index.html")) for p in pages} <= set(listed["files"])
    # Diagrams arrive as inline SVG in the precached pages, so no reader needs the vendored Mermaid offline.
    assert "<svg" in (built_site / "day31" / "02-architecture" / "index.html").read_text(encoding="utf-8")
    assert not [url for url in listed["files"] if "mermaid" in url], "Mermaid precached although no page draws"
    assert "search/search_index.json" in listed["files"] and "assets/vendor/ts-fsrs/ts-fsrs.min.js" in listed["files"]
    manifest = json.loads((built_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    for icon in manifest["icons"]:
        if icon["type"] == "image/png":
            width, height = _png_size(built_site / icon["src"])
            assert f"{width}x{height}" == icon["sizes"], icon
    match = re.search(r"오프라인 사전 캐시: 파일 (\d+)개, ([\d.]+) MB \(gzip ([\d.]+) MB\), 버전 ([0-9a-f]{16})", built_log)
    assert match is not None, "the build does not print the precache size"
    assert int(match.group(1)) == len(listed["files"]) and match.group(4) == listed["version"]


def test_two_builds_have_the_same_version(built_site: Path, built_log: str) -> None:
    """``built_log`` is a second build of the same sources: the same version, so no false update notice."""
    second = json.loads((built_site.parent / "site-log" / "offline-files.json").read_text(encoding="utf-8"))
    assert json.loads((built_site / "offline-files.json").read_text(encoding="utf-8")) == second


def test_worker_and_registration_weigh_at_most_3_kb(built_site: Path) -> None:
    """Issue 11's budget; a page without widgets gains only the registration script and two tags."""
    size = sum(len(gzip.compress((built_site / name).read_bytes(), 9)) for name in ("sw.js", "assets/javascripts/offline.js"))
    assert size <= 3 * 1024, size
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert glossary.count("offline.js") == 1 and 'rel="manifest"' in glossary
    assert "assets/study/" not in glossary and "ts-fsrs" not in glossary


def _tiny_site(tmp_path: Path, worker: str | None) -> Path:
    """A one-page site with only the offline hook; ``worker`` is docs/sw.js (None: missing)."""
    import shutil

    docs = tmp_path / "docs"
    (docs / "assets" / "javascripts").mkdir(parents=True)
    (docs / "index.md").write_text("# 홈\n", encoding="utf-8")
    shutil.copy(ROOT / "docs" / "assets" / "javascripts" / "offline.js", docs / "assets" / "javascripts" / "offline.js")
    shutil.copytree(ROOT / "docs" / "assets" / "images", docs / "assets" / "images")
    if worker is not None:
        (docs / "sw.js").write_text(worker, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: 테스트\nhooks:\n  - {ROOT / 'hooks' / 'offline.py'}\n", encoding="utf-8")
    return config


@pytest.mark.build  # builds a temporary site with MkDocs
@pytest.mark.parametrize(
    ("worker", "message"),
    [(None, "오프라인 파일이 없습니다: docs/sw.js"), ('var VERSION = "1";\n', "docs/sw.js: sw.js has no __OFFLINE_VERSION__ placeholder")],
)
def test_broken_offline_setup_is_a_one_line_error(tmp_path: Path, worker: str | None, message: str) -> None:
    from support.site_server import build_site

    with pytest.raises(RuntimeError) as failure:
        build_site(tmp_path / "site", config=_tiny_site(tmp_path, worker))
    assert message in str(failure.value) and "Traceback" not in str(failure.value)


@pytest.mark.build  # builds a temporary site with MkDocs
def test_tiny_site_gets_worker_list_and_manifest(tmp_path: Path) -> None:
    from support.site_server import build_site

    log = build_site(tmp_path / "site", config=_tiny_site(tmp_path, (ROOT / "docs" / "sw.js").read_text(encoding="utf-8")))
    listed = json.loads((tmp_path / "site" / "offline-files.json").read_text(encoding="utf-8"))
    assert "./" in listed["files"] and "manifest.webmanifest" in listed["files"]
    assert "__OFFLINE_VERSION__" not in (tmp_path / "site" / "sw.js").read_text(encoding="utf-8")
    assert f"오프라인 사전 캐시: 파일 {len(listed['files'])}개" in log

"""The site's own JS and CSS are published minified; sources, vendor and theme files are not touched."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from studykit.site.minify import MinifyStats, hold_tables, is_own_asset, lean_code_blocks, minify, minify_files

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """\
// A comment that goes.
/* So does this one. */
var greeting = `안녕 // not a comment /* nor this */ ${name + "!"}`;
var slashes = /\\/\\/ab/g;   // a regular expression with slashes
var text = "  두 칸  ";
"""

STYLE = """\
/* palette */
a::after { content: "  /* kept */ "; }
@media (prefers-reduced-motion: reduce) {
  .studykit-quiz * { transition: none !important; }
}
"""


@pytest.mark.parametrize(("src_uri", "own"), [
    ("assets/javascripts/boot.js", True),
    ("assets/javascripts/mermaid-preload.mjs", True),
    ("assets/study/quiz.css", True),
    ("sw.js", True),
    ("assets/vendor/ts-fsrs/ts-fsrs.min.js", False),
    ("assets/vendor/mermaid/chunks/a.mjs", False),
    ("assets/app.min.css", False),
    ("assets/images/favicon.svg", False),
    ("day31/index.md", False),
])
def test_which_files_are_the_sites_own(src_uri: str, own: bool) -> None:
    assert is_own_asset(src_uri) is own


def test_script_loses_comments_and_spaces_but_keeps_strings_templates_and_regexes() -> None:
    small = minify("a.js", SCRIPT)
    assert "A comment" not in small and "So does" not in small
    assert '`안녕 // not a comment /* nor this */ ${name + "!"}`' in small
    assert r"/\/\/ab/g" in small and '"  두 칸  "' in small
    assert len(small) < len(SCRIPT) * 0.75
    assert minify("a.js", small) == small, "minifying twice (a dirty serve rebuild) changes nothing"


def test_minified_script_still_parses() -> None:
    """Node checks the syntax of every own script as published: each one, counted."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to check the minified scripts (apt-get install nodejs)")
    scripts = sorted((ROOT / "docs").rglob("*.js")) + sorted((ROOT / "docs").rglob("*.mjs"))
    # The site's own scripts by the README's rule, not by the code under test: not vendored, not *.min.*.
    own = [path.relative_to(ROOT / "docs").as_posix() for path in scripts
           if "vendor" not in path.relative_to(ROOT / "docs").parts and ".min." not in path.name]
    assert len(own) >= 9 and "assets/javascripts/boot.js" in own and "sw.js" in own, own  # nine today
    parsed = []
    for source in scripts:
        src_uri = source.relative_to(ROOT / "docs").as_posix()
        if not is_own_asset(src_uri):
            continue
        kind = "--input-type=module" if source.suffix == ".mjs" else "--input-type=commonjs"
        result = subprocess.run([node, "--check", kind], input=minify(src_uri, source.read_text(encoding="utf-8")),
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{src_uri}: {result.stderr}"
        parsed.append(src_uri)
    assert parsed == own, f"parsed {len(parsed)} of the {len(own)} own scripts: {parsed}"


def test_style_sheet_keeps_strings_and_media_queries() -> None:
    small = minify("a.css", STYLE)
    assert "palette" not in small
    assert 'content:"  /* kept */ "' in small
    assert "@media (prefers-reduced-motion:reduce){.studykit-quiz *{transition:none!important}}" in small
    assert small.endswith("}}\n") and small.count("\n") == 1, "one line, ending in a newline"


def test_other_files_are_refused() -> None:
    with pytest.raises(ValueError, match="favicon.svg"):
        minify("assets/images/favicon.svg", "<svg/>")


def test_minify_files_rewrites_in_place_and_counts(tmp_path: Path) -> None:
    script, style = tmp_path / "a.js", tmp_path / "b.css"
    script.write_text(SCRIPT, encoding="utf-8")
    style.write_text(STYLE, encoding="utf-8")
    stats = minify_files([("gone.js", tmp_path / "gone.js"), ("a.js", script), ("b.css", style)])
    assert stats.files == 2, "a file the build did not write is skipped"
    assert stats.before == len(SCRIPT.encode()) + len(STYLE.encode())
    assert stats.after == len(script.read_bytes()) + len(style.read_bytes()) < stats.before
    assert "A comment" not in script.read_text(encoding="utf-8")
    assert "JS·CSS 2개" in stats.summary() and "% 줄임" in stats.summary()
    assert "0% 줄임" in MinifyStats().summary()
    assert MinifyStats(files=1, before=200, after=150).summary().endswith("200 → 150 바이트 (25% 줄임)")


def test_built_site_serves_own_assets_minified_and_leaves_others(built_site: Path, built_log: str) -> None:
    source = (ROOT / "docs" / "assets" / "javascripts" / "boot.js").read_text(encoding="utf-8")
    published = (built_site / "assets" / "javascripts" / "boot.js").read_text(encoding="utf-8")
    assert source.startswith("/*") and "/*" not in published
    assert published == minify("boot.js", source)
    vendor = "assets/vendor/ts-fsrs/ts-fsrs.min.js"
    assert (built_site / vendor).read_bytes() == (ROOT / "docs" / vendor).read_bytes()
    theme = next((built_site / "assets" / "javascripts" / "lunr").glob("tinyseg.js"))
    assert theme.read_text(encoding="utf-8").startswith("/**"), "the theme's own files are not ours to rewrite"
    assert "minify: 사이트 자체 JS·CSS" in built_log


def test_code_blocks_lose_whitespace_and_empty_spans_but_keep_text_and_colours() -> None:
    html = (
        '<p><span class="w"> </span>prose is not touched<span></span></p>'
        '<div class="highlight"><pre><span></span><code><span class="go">$</span><span class="w"> </span>'
        '<span class="nb">kubectl</span><span class="w">  </span>get<span class="w">\n</span>pods</code></pre></div>'
    )
    lean = lean_code_blocks(html)
    assert lean == (
        '<p><span class="w"> </span>prose is not touched<span></span></p>'
        '<div class="highlight"><pre><code><span class="go">$</span> '
        '<span class="nb">kubectl</span>  get\npods</code></pre></div>'
    )
    assert lean_code_blocks("<p>no code</p>") == "<p>no code</p>"


def test_built_lab_page_has_no_whitespace_spans(built_site: Path) -> None:
    page = (built_site / "day31" / "04-hands-on" / "index.html").read_text(encoding="utf-8")
    assert '<span class="w">' not in page and "<pre><span></span>" not in page
    assert "kubectl" in page and 'class="highlight"' in page


TABLE = "<table>\n<thead>\n<tr><th>구성 요소</th></tr>\n</thead>\n<tbody>\n<tr><td>etcd</td></tr>\n</tbody>\n</table>"


def test_each_markdown_table_gets_a_holder_of_its_own() -> None:
    html = f"<h2>표</h2>\n{TABLE}\n<p>다음</p>\n{TABLE}"
    held = hold_tables(html)
    assert held == f'<h2>표</h2>\n<div class="studykit-table">{TABLE}</div>\n<p>다음</p>\n<div class="studykit-table">{TABLE}</div>'
    assert hold_tables(held) == held, "a held table is not held twice"
    assert hold_tables(hold_tables(TABLE)) == hold_tables(TABLE), "also when the page starts with it"


def test_styled_tables_and_raw_text_are_left_alone_and_an_inner_table_is_held() -> None:
    styled = '<table class="sk-grid"><tr><td>1</td></tr></table>'
    assert hold_tables(styled) == styled
    raw = '<textarea><table></table></textarea><script>var t = "<table></table>";</script><style>/* <table></table> */</style>'
    assert hold_tables(raw) == raw
    nested = "<table><tr><td><table><tr><td>안</td></tr></table></td></tr></table>"
    assert hold_tables(nested) == "<table><tr><td><div class=\"studykit-table\"><table><tr><td>안</td></tr></table></div></td></tr></table>"
    assert hold_tables("<p>표 없음</p>") == "<p>표 없음</p>"


def test_built_pages_hold_every_markdown_table(built_site: Path) -> None:
    page = (built_site / "contributing" / "checker" / "index.html").read_text(encoding="utf-8")
    assert page.count("<table>") >= 3
    assert page.count("<table>") == page.count('<div class="studykit-table"><table>')


def test_serve_keeps_sources_as_written_and_build_minifies(tmp_path: Path) -> None:
    """``mkdocs serve`` is for debugging: the hook leaves the scripts alone there, and only there."""
    import minify as hook  # hooks/minify.py (the event functions)

    script = tmp_path / "a.js"
    try:
        hook.on_startup(command="serve", dirty=False)
        script.write_text(SCRIPT, encoding="utf-8")
        hook._assets[:] = [("a.js", script)]
        hook.on_post_build(config=None)  # type: ignore[arg-type]
        assert script.read_text(encoding="utf-8") == SCRIPT
        hook.on_startup(command="build", dirty=False)
        hook.on_post_build(config=None)  # type: ignore[arg-type]
        assert script.read_text(encoding="utf-8") == minify("a.js", SCRIPT)
    finally:
        hook.on_startup(command="build", dirty=False)
        hook._assets.clear()

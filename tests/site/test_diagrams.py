"""studykit.site.diagrams and studykit.site.headless without a browser: fixture Markdown in, structured results out."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from studykit.site import diagrams as diagrams_module
from studykit.site import headless
from studykit.site.diagrams import (
    ID_TOKEN,
    DiagramRenderer,
    cache_key,
    collect,
    compact_svg,
    error_message,
    fill_placeholders,
    finding_for,
    inline_html,
    locate,
    mermaid_version,
    readable_width,
    min_width,
    phone_scrollers,
    phone_summary,
    placeholder,
    settings_fingerprint,
)
from studykit.cache import ResultCache

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "diagrams"
PARSE_ERROR = "Parse error on line 4:\n...a --> b    b -->> c\n---------------------^\nExpecting 'AMP', 'COLON', got 'TAGEND'"


def _svg(palette: str, title: str = "제목") -> str:
    """A small SVG shaped like Mermaid's (id prefix, title, marker, scoped style)."""
    own = f"{ID_TOKEN}-{palette}"
    return (
        f'<svg id="{own}" style="max-width: 900.123456px;" aria-labelledby="chart-title-{own}">'
        f'<title id="chart-title-{own}">{title}</title><style>#{own} .node{{fill:red}}</style>'
        f'<marker id="{own}_arrow"></marker><path d="M1.23456,2.5 L3.98765,4" data-points="AAAA" '
        f'marker-end="url(#{own}_arrow)"></path></svg>'
    )


class FakeSession:
    """Stands in for ``BrowserSession``: answers like RENDER_SCRIPT and counts what it was asked."""

    opened = 0
    asked: list[list[str]] = []
    arguments: list[dict[str, Any]] = []

    def __init__(self, broken: str = "-->>") -> None:
        self.broken = broken

    def evaluate(self, script: str, argument: Any = None, *, timeout_ms: float = 0) -> Any:
        FakeSession.asked.append(list(argument["sources"]))
        FakeSession.arguments.append(argument)
        answers = []
        for palette, _theme in argument["themes"]:
            for source in argument["sources"]:
                if self.broken in source:
                    answers.append({"palette": palette, "error": PARSE_ERROR})
                else:
                    answers.append({"palette": palette, "svg": _svg(palette, source.splitlines()[0]), "smallest": 16.0})
        return answers


@contextmanager
def fake_session():  # noqa: ANN201 - a context manager factory like BrowserSession
    FakeSession.opened += 1
    yield FakeSession()


@pytest.fixture(autouse=True)
def _reset_fake() -> None:
    FakeSession.opened = 0
    FakeSession.asked = []
    FakeSession.arguments = []


def test_collect_finds_every_diagram_with_its_source_line() -> None:
    pages = {f"docs/{p.name}": p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.md"))}
    found = [(d.path, d.body_line, d.source.splitlines()[0]) for d in collect(pages)]
    assert found == [
        ("docs/broken-too.md", 6, "sequenceDiagram"),
        ("docs/broken.md", 4, "flowchart LR"),
        ("docs/good.md", 8, "flowchart LR"),
        ("docs/good.md", 18, "flowchart LR"),
        ("docs/good.md", 28, "sequenceDiagram"),
    ]
    good = [d for d in collect(pages) if d.path == "docs/good.md"]
    assert good[0].key == good[1].key != good[2].key, "the same source twice is one drawing"
    assert good[2].source.startswith("sequenceDiagram\n    accTitle"), "the admonition's indentation is removed"


def test_placeholder_matches_the_fence_source_superfences_passes() -> None:
    """Superfences hands the fence its body without the trailing newline; the key must not change."""
    (diagram,) = [d for d in collect({"x.md": "```mermaid\nflowchart LR\n  a --> b  \n```\n"})]
    assert placeholder("flowchart LR\n  a --> b\n") == placeholder("flowchart LR\n  a --> b  ") == f"<!-- studykit-diagram {diagram.key} -->"


def test_syntax_error_points_at_the_line_mermaid_names() -> None:
    (diagram,) = collect({"docs/broken.md": (FIXTURES / "broken.md").read_text("utf-8")})
    finding = finding_for(diagram, PARSE_ERROR)
    assert finding.format().startswith("docs/broken.md:7: ")
    assert "Parse error on line 4:" in finding.message and "got 'TAGEND'" in finding.message
    assert "---^" not in finding.message, "the caret line means nothing on one line"
    assert finding_for(diagram, "No diagram type detected matching given configuration").line == 4


def test_error_message_keeps_mermaids_words_on_one_line() -> None:
    assert error_message("Lexical error on line 2.\nUnrecognized text.\n  ---^") == "Lexical error on line 2. Unrecognized text."


def test_cache_key_changes_with_version_theme_settings_and_source() -> None:
    base = settings_fingerprint("11.17.2")
    assert base == settings_fingerprint("11.17.2")
    assert base != settings_fingerprint("11.17.3")
    assert base != settings_fingerprint("11.17.2", {"securityLevel": "strict"})
    keys = {cache_key("a" * 16, "light", base), cache_key("a" * 16, "dark", base), cache_key("b" * 16, "light", base)}
    assert len(keys) == 3


@pytest.mark.parametrize(
    ("setting", "changed"),
    [
        ("MERMAID_CONFIG", lambda value: {**value, "fontSize": 99}),
        ("THEMES", lambda value: {**value, "dark": "forest"}),
        ("THEME_VARIABLES", lambda value: {**value, "light": {"primaryColor": "#000000"}}),
        ("MIN_LABEL_PX", lambda value: value + 1),
        ("RENDER_SCRIPT", lambda value: value.replace("smallest", "least")),
        ("COMPACT_VERSION", lambda value: value + 1),
    ],
)
def test_every_renderer_setting_is_part_of_the_cache_key(
    monkeypatch: pytest.MonkeyPatch, setting: str, changed: Any
) -> None:
    """Changing how diagrams are drawn (theme, settings, label size, SVG compaction, the drawing script) draws them again."""
    base = settings_fingerprint("11.17.2")
    assert re.fullmatch(r"[0-9a-f]{16}", base)
    assert base == settings_fingerprint("11.17.2", diagrams_module.MERMAID_CONFIG), "no config means the site's config"
    monkeypatch.setattr(diagrams_module, setting, changed(getattr(diagrams_module, setting)))
    assert settings_fingerprint("11.17.2") != base


def test_the_browser_is_asked_for_the_misses_only_with_the_sites_settings(tmp_path: Path) -> None:
    diagrams = collect({"docs/good.md": (FIXTURES / "good.md").read_text("utf-8")})
    path = tmp_path / "svgs.json"
    DiagramRenderer(ResultCache(path), "f" * 16, "x").render(diagrams[:1], fake_session)
    result = DiagramRenderer(ResultCache(path), "f" * 16, "/vendor/mermaid.mjs").render(diagrams, fake_session)
    (argument,) = FakeSession.arguments[1:]
    assert argument["module"] == "/vendor/mermaid.mjs"
    assert argument["sources"] == [d.source for d in diagrams if d.key != diagrams[0].key][:1]
    assert argument["themes"] == [["light", "default"], ["dark", "dark"]]
    assert argument["variables"] == diagrams_module.THEME_VARIABLES
    assert argument["config"] == diagrams_module.MERMAID_CONFIG and argument["idToken"] == ID_TOKEN
    stats = result.stats
    assert (stats.diagrams, stats.distinct, stats.cached, stats.rendered) == (3, 2, 1, 1)
    assert 0 <= stats.browser_seconds < 60 and 0 <= stats.render_seconds < 60


def test_mermaid_version_comes_from_the_vendored_readme() -> None:
    version = mermaid_version(ROOT / "docs" / "assets" / "vendor" / "mermaid")
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    with pytest.raises(FileNotFoundError):
        mermaid_version(ROOT / "docs")


def test_renderer_draws_misses_once_then_answers_from_the_cache(tmp_path: Path) -> None:
    pages = {"docs/good.md": (FIXTURES / "good.md").read_text("utf-8")}
    diagrams = collect(pages)
    path = tmp_path / "svgs.json"
    renderer = DiagramRenderer(ResultCache(path), settings_fingerprint("1.0.0"), "x")
    first = renderer.render(diagrams, fake_session)
    assert FakeSession.opened == 1 and len(FakeSession.asked) == 1 and len(FakeSession.asked[0]) == 2
    assert (first.stats.diagrams, first.stats.distinct, first.stats.rendered, first.stats.cached) == (3, 2, 2, 0)
    assert all(set(svgs) == {"light", "dark"} for svgs in first.svgs.values())
    again = DiagramRenderer(ResultCache(path), settings_fingerprint("1.0.0"), "x").render(diagrams, None)
    assert FakeSession.opened == 1, "a cached build starts no browser"
    assert again.svgs == first.svgs and again.stats.cached == 2 and "브라우저 시작 안 함" in again.stats.summary()
    other = DiagramRenderer(ResultCache(path), settings_fingerprint("2.0.0"), "x")
    assert len(other.missing(diagrams)) == 2, "a new Mermaid version draws again"


def test_renderer_keeps_errors_in_the_cache_too(tmp_path: Path) -> None:
    diagrams = collect({"docs/broken.md": (FIXTURES / "broken.md").read_text("utf-8")})
    renderer = DiagramRenderer(ResultCache(tmp_path / "c.json"), "f" * 16, "x")
    result = renderer.render(diagrams, fake_session)
    assert list(result.errors) == [diagrams[0].key] and not result.svgs
    again = DiagramRenderer(ResultCache(tmp_path / "c.json"), "f" * 16, "x").render(diagrams, None)
    assert again.errors == result.errors


def test_each_copy_on_a_page_gets_its_own_ids() -> None:
    svgs = {"light": _svg("light"), "dark": _svg("dark")}
    page = f"<p>a</p>{placeholder('x')}<p>b</p>{placeholder('x')}"
    filled = fill_placeholders(page, {placeholder("x").split()[2]: svgs})
    ids = re.findall(r'\bid="([^"]+)"', filled)
    assert len(ids) == 12 and len(set(ids)) == 12, ids
    for reference in re.findall(r'(?:aria-labelledby="|url\(#)([^")]+)', filled):
        assert reference in ids, f"{reference} points at an id that exists"
    assert "sk-diagram-1-light" in filled and "sk-diagram-2-dark" in filled and ID_TOKEN not in filled


def test_inline_html_is_one_keyboard_scroll_box_with_both_palettes() -> None:
    markup = inline_html({"light": _svg("light"), "dark": _svg("dark")}, 3)
    assert markup.startswith('<div class="studykit-diagram" role="group" tabindex="0" aria-label="')
    assert markup.index('id="sk-diagram-3-light"') < markup.index('id="sk-diagram-3-dark"')


def test_each_diagram_box_is_named_by_its_own_title_and_never_claims_to_scroll() -> None:
    """The box's name comes from the drawing's accTitle (escaped once, spaces folded); whether it scrolls is the
    screen's business (boot.js), so the built name never says so."""
    assert inline_html({"light": _svg("light", "Kubernetes 클러스터 구조"), "dark": _svg("dark")}, 1).startswith(
        '<div class="studykit-diagram" role="group" tabindex="0" aria-label="그림: Kubernetes 클러스터 구조">')
    assert 'aria-label="그림: A &amp; B &lt;C&gt;"' in inline_html(
        {"light": _svg("light", "A &amp;  B\n &lt;C&gt;"), "dark": _svg("dark")}, 1)
    untitled = _svg("light").replace('<title id="chart-title-sk-diagram-0-light">제목</title>', "")
    assert 'aria-label="그림"' in inline_html({"light": untitled, "dark": _svg("dark")}, 1)
    assert "스크롤" not in inline_html({"light": _svg("light"), "dark": _svg("dark")}, 2)


def test_a_placeholder_without_a_drawing_gets_the_fallback() -> None:
    assert fill_placeholders(placeholder("x"), {}, lambda key: f"<pre>{key}</pre>") == f"<pre>{placeholder('x').split()[2]}</pre>"


def test_compact_svg_rounds_coordinates_drops_unused_symbols_and_data_points() -> None:
    svg = (
        '<svg viewBox="0 0 100.123456 50.5"><symbol id="clock"><path d="M1 2"/></symbol>'
        '<symbol id="used"><path d="M0 0"/></symbol><use href="#used"/>'
        '<path d="M1.23456,2.98765" data-points="QUJD"/><text>버전 1.37.123</text></svg>'
    )
    small = compact_svg(svg)
    assert 'viewBox="0 0 100.1 50.5"' in small and 'd="M1.2,2.9"' in small
    assert 'id="clock"' not in small and 'id="used"' in small and "data-points" not in small
    assert "버전 1.37.123" in small, "text is never rounded"


def test_compact_svg_keeps_only_referenced_markers_and_styled_data_attributes() -> None:
    svg = (
        '<svg><style>#d [data-look="neo"] rect{fill:red}#d .edge{stroke:blue}</style>'
        '<marker id="d_pointEnd"><path d="M 0 0"/></marker><marker id="d_pointStart"><path/></marker>'
        '<marker id="d_circleEnd"><circle/></marker>'
        '<path class="edge" data-id="L_a_b_0" data-et="edge" data-look="neo" marker-end="url(#d_pointEnd)"/>'
        '<g data-look="classic"><rect/></g><p>글자 data-id="보임"</p></svg>'
    )
    small = compact_svg(svg)
    assert 'id="d_pointEnd"' in small, "a marker an edge points at stays"
    assert 'id="d_pointStart"' not in small and 'id="d_circleEnd"' not in small
    assert "data-id=\"L_a_b_0\"" not in small and "data-et" not in small
    assert small.count('data-look="neo"') == 2 and 'data-look="classic"' in small, "a data-* a style rule names stays"
    assert '<p>글자 data-id="보임"</p>' in small, "text is never touched"
    assert "#d .edge{stroke:blue}" in small


def test_a_drawing_never_shrinks_below_readable_labels() -> None:
    """The minimum width puts the smallest text at MIN_LABEL_PX (12 px): 3/4 of the width for 16 px labels."""
    assert 'style="max-width: 900.5px; min-width: 676px;' in readable_width('<svg style="max-width: 900.5px;">', 16.0)
    assert 'style="max-width: 300px; min-width: 225px;' in readable_width('<svg style="max-width: 300px;">', 16)
    assert 'style="max-width: 300px; min-width: 300px;' in readable_width('<svg style="max-width: 300px;">', 12)
    assert 'style="max-width: 300px; min-width: 360px;' in readable_width('<svg style="max-width: 300px;">', 10), \
        "text under 12 px even at the natural width: the drawing is shown larger"
    assert readable_width('<svg style="max-width: 300px;">', None) == '<svg style="max-width: 300px;">', "no text: free"
    assert min_width(readable_width('<svg style="max-width: 900.5px;">', 16.0)) == 676
    assert min_width("<svg>") is None


def test_the_measured_label_size_sets_the_stored_width(tmp_path: Path) -> None:
    """What the browser measured for each palette becomes that palette's minimum width in the cache."""
    diagrams = collect({"docs/good.md": (FIXTURES / "good.md").read_text("utf-8")})[:1]
    result = DiagramRenderer(ResultCache(tmp_path / "svgs.json"), "f" * 16, "x").render(diagrams, fake_session)
    assert {min_width(svg) for svg in result.svgs[diagrams[0].key].values()} == {676}
    again = DiagramRenderer(ResultCache(tmp_path / "svgs.json"), "f" * 16, "x").render(diagrams, None)
    assert again.svgs == result.svgs, "kept in the cache with its width"


def test_the_build_names_diagrams_that_scroll_sideways_on_a_phone() -> None:
    diagrams = collect({"docs/good.md": (FIXTURES / "good.md").read_text("utf-8")})
    wide, narrow = diagrams[0].key, diagrams[2].key
    svgs = {wide: {"light": '<svg style="max-width: 640px; min-width: 480px;">', "dark": '<svg style="max-width: 600px; min-width: 450px;">'},
            narrow: {"light": '<svg style="max-width: 400px; min-width: 300px;">', "dark": '<svg style="max-width: 400px; min-width: 358px;">'}}
    scrollers = phone_scrollers(diagrams, svgs)
    assert [(d.path, d.body_line, width) for d, width in scrollers] == [("docs/good.md", 8, 480.0)], "once, at its first place"
    line = phone_summary(scrollers)
    assert line.startswith("diagrams: 폰(390px)에서 글자를 12px로 지키느라 옆으로 밀어 보는 그림 1개: docs/good.md:8 (480px).")
    assert "폭 477px 이하로 그리면" in line
    assert phone_summary([]) == ""


def test_find_chromium_order_and_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "chrome"
    fake.write_text("")
    monkeypatch.setenv("CHROMIUM_PATH", str(fake))
    assert headless.find_chromium() == str(fake)
    monkeypatch.setenv("CHROMIUM_PATH", "none")
    assert headless.find_chromium() is None
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "missing"))
    with pytest.raises(headless.BrowserConfigError):
        headless.find_chromium()
    monkeypatch.delenv("CHROMIUM_PATH")
    monkeypatch.setattr(headless, "SYSTEM_CANDIDATES", ())
    monkeypatch.setattr(headless.shutil, "which", lambda name: None)
    monkeypatch.setattr(headless, "_playwright_browser_exists", lambda: False)
    assert headless.find_chromium() is None, "no browser is an answer, not an error"
    monkeypatch.setattr(headless, "_playwright_browser_exists", lambda: True)
    assert headless.find_chromium() == "", "Playwright's own download"


def test_background_job_result_peek_and_errors() -> None:
    from studykit.background import BackgroundJob

    job = BackgroundJob("t", lambda a, b: a + b, 2, 3)
    assert job.result() == 5 and job.ready() and job.peek() == 5
    failing = BackgroundJob("t", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result()
    assert not failing.ready()


def test_locate_finds_a_quoted_diagram_by_its_whole_body() -> None:
    text = (FIXTURES / "quote.md").read_text("utf-8")
    assert locate(text, "flowchart LR\n    s -->> t") == 13, "not the first 'flowchart LR' of the page"
    assert locate(text, "flowchart LR\n    nowhere") == 1

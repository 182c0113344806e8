"""Exports: the Anki package, TSV and JSON, on the real built site and on their own."""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from studykit.learning import flashcard_export
from studykit.learning.flashcard_export import (
    FIXED_TIMESTAMP,
    MODEL_NAME,
    ExportCard,
    deck_name,
    json_text,
    note_guid,
    read_tsv,
    source_html,
    stable_id,
    tsv_text,
    write_apkg,
    write_exports,
)
from studykit.cache import ResultCache
from studykit.learning.flashcard_html import LessonInfo

EXPORTS = Path("downloads/flashcards")
#: 2033-05-18, years from any real clock a test runs by.
LATER = 2_000_000_000
STEMS = ("k8s-study", "day31")


def _notes(apkg: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """Open the package as a zip, its collection with sqlite3; return (guid, fields) per note."""
    with zipfile.ZipFile(apkg) as archive:
        assert archive.testzip() is None
        assert "collection.anki2" in archive.namelist()
        database = tmp_path / f"{apkg.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM col").fetchone() == (1,)
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        notes = connection.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()
    assert cards == len(notes)
    return notes


@pytest.mark.parametrize("stem", STEMS)
def test_apkg_holds_every_card(built_site: Path, tmp_path: Path, stem: str) -> None:
    data = json.loads((built_site / EXPORTS / f"{stem}.json").read_text(encoding="utf-8"))
    notes = _notes(built_site / EXPORTS / f"{stem}.apkg", tmp_path)
    assert len(data["cards"]) >= 18
    assert [guid for guid, _ in notes] == [card["guid"] for card in data["cards"]]
    assert [fields.split("\x1f")[0] for _, fields in notes] == [card["question"] for card in data["cards"]]


def test_guid_is_the_stable_card_id(built_site: Path) -> None:
    data = json.loads((built_site / EXPORTS / "day31.json").read_text(encoding="utf-8"))
    etcd = next(card for card in data["cards"] if card["id"] == "day31/etcd")
    assert etcd["guid"] == note_guid("day31/etcd") == "k8s-study:day31/etcd"
    assert etcd["source"].startswith("docs/day31/05-review.md:")
    assert etcd["url"].endswith("/day31/05-review/#etcd")


def test_tsv_and_json_round_trip(built_site: Path) -> None:
    data = json.loads((built_site / EXPORTS / "k8s-study.json").read_text(encoding="utf-8"))
    tsv = (built_site / EXPORTS / "k8s-study.tsv").read_text(encoding="utf-8")
    assert tsv.startswith("#separator:tab\n#html:true\n")
    rows = read_tsv(tsv)
    assert [(r["guid"], r["question"], r["answer"], r["link"]) for r in rows] == [
        (c["guid"], c["question"], c["answer"], c["url"]) for c in data["cards"]
    ]
    assert {c["lesson"] for c in data["cards"]} == {"day31"}
    assert data["lessons"] == [{"day": 31, "folder": "day31", "title": "Kubernetes 소개 및 아키텍처"}]


def test_two_builds_give_identical_exports(built_site: Path, built_log: str) -> None:
    """``built_log`` is a second, separate build of the same source."""
    second = built_site.parent / "site-log"
    names = sorted(path.name for path in (built_site / EXPORTS).iterdir())
    assert names == sorted(f"{stem}.{ext}" for stem in STEMS for ext in ("apkg", "json", "tsv"))
    for name in names:
        assert (built_site / EXPORTS / name).read_bytes() == (second / EXPORTS / name).read_bytes(), name


def test_apkg_bytes_do_not_depend_on_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lessons = {"day1": LessonInfo("day1", 1, "첫날")}
    cards = [ExportCard("day1/a", "day1", "질문?", "<p>답.</p>", "docs/day1/a.md:3", "https://x/day1/a/#a")]
    write_apkg(cards, lessons, tmp_path / "one.apkg")
    # The second package is written years later by every clock the standard library reads: a zip
    # entry's date comes from time.localtime (of time.time() or of a file's modification time).
    real_localtime, real_gmtime = time.localtime, time.gmtime
    monkeypatch.setattr(time, "time", lambda: float(LATER))
    monkeypatch.setattr(time, "time_ns", lambda: LATER * 1_000_000_000)
    monkeypatch.setattr(time, "localtime", lambda seconds=None: real_localtime(LATER))
    monkeypatch.setattr(time, "gmtime", lambda seconds=None: real_gmtime(LATER))
    write_apkg(cards, lessons, tmp_path / "two.apkg")
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.apkg") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _deck(answer: str) -> tuple[list[ExportCard], dict[str, LessonInfo]]:
    """One lesson with two cards; ``answer`` is the second card's answer."""
    lessons = {"day1": LessonInfo("day1", 1, "첫날")}
    cards = [
        ExportCard("day1/a", "day1", "질문 A?", "<p>답 A.</p>", "docs/day1/a.md:3", "https://x/day1/a/#a"),
        ExportCard("day1/b", "day1", "질문 B?", answer, "docs/day1/a.md:9", "https://x/day1/a/#b"),
    ]
    return cards, lessons


def test_unchanged_cards_write_the_stored_package_without_genanki(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards, lessons = _deck("<p>답 B.</p>")
    cache = ResultCache(tmp_path / "cache.json")
    key = write_exports(cards, lessons, tmp_path / "first", "day1", cache)
    cache.save()
    fresh = ResultCache(tmp_path / "cache.json")  # the next build reads it from disk
    fresh.load()

    def no_genanki(*_args: object) -> bytes:
        raise AssertionError("the package was built again although its cards did not change")

    monkeypatch.setattr(flashcard_export, "apkg_bytes", no_genanki)
    assert write_exports(cards, lessons, tmp_path / "second", "day1", fresh) == key
    for ext in ("apkg", "tsv", "json"):
        first, second = (tmp_path / run / f"day1.{ext}" for run in ("first", "second"))
        assert first.read_bytes() == second.read_bytes(), ext
    assert _notes(tmp_path / "second" / "day1.apkg", tmp_path)[1][1].split("\x1f")[:2] == ["질문 B?", "<p>답 B.</p>"]


def test_a_corrected_answer_builds_a_new_package_and_the_old_one_is_dropped(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "cache.json")
    cards, lessons = _deck("<p>답 B.</p>")
    old = write_exports(cards, lessons, tmp_path / "old", "day1", cache)
    cards, lessons = _deck("<p>고친 답 B.</p>")
    new = write_exports(cards, lessons, tmp_path / "new", "day1", cache)
    assert new != old
    notes = _notes(tmp_path / "new" / "day1.apkg", tmp_path)
    assert notes[1][1].split("\x1f")[1] == "<p>고친 답 B.</p>"
    cache.retain({new})
    assert cache.get(old) is None and cache.get(new) is not None


# Fast unit tests: the exports written from hand-made cards, read back the way Anki and a script would.

LESSONS = {
    "day9": LessonInfo("day9", 9, "아홉째 날"),
    "day31": LessonInfo("day31", 31, "Kubernetes 소개 및 아키텍처"),
    "day10": LessonInfo("day10", 10, "열째 날"),
}
CARDS = [
    ExportCard(
        "day31/etcd", "day31", "etcd는 <b>무엇</b>을?", '<p>탭\t따옴표 " 줄\n바꿈</p>', "docs/day31/05-review.md:7",
        "https://x.test/day31/05-review/?a=1&b=2#etcd", "Day 31 · 복습", 1_700_000_000,
    ),
    ExportCard("day10/a", "day10", "열째 질문?", "<p>열째 답.</p>", "docs/day10/a.md:3", "https://x.test/day10/a/#a"),
    ExportCard("day9/b", "day9", "아홉째 질문?", "<p>아홉째 답.</p>", "docs/day9/b.md:4", "https://x.test/day9/b/#b"),
]


def _collection(apkg: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as archive:
        database = tmp_path / "unit.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def test_deck_and_note_type_ids_never_change() -> None:
    """Re-importing a newer deck must land in the learner's existing deck and note type, not beside them."""
    assert stable_id(MODEL_NAME) == 1839476348
    assert stable_id(deck_name(LESSONS["day31"])) == 1904302799
    assert deck_name(LESSONS["day9"]) == "Kubernetes 스터디::Day 09 아홉째 날"


def test_apkg_has_a_sub_deck_per_lesson_by_day_and_linked_dated_notes(tmp_path: Path) -> None:
    write_exports(CARDS, LESSONS, tmp_path / "out", "deck")
    paths = [tmp_path / "out" / f"deck.{ext}" for ext in ("apkg", "tsv", "json")]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(path.name for path in paths)
    with zipfile.ZipFile(paths[0]) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {(info.compress_type, info.external_attr >> 16) for info in infos} == {(zipfile.ZIP_DEFLATED, 0o644)}
    connection = _collection(paths[0], tmp_path)
    try:
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(connection.execute("SELECT models FROM col").fetchone()[0])
        notes = connection.execute("SELECT guid, flds, tags, mod FROM notes ORDER BY id").fetchall()
        card_decks = dict(connection.execute("SELECT n.guid, c.did FROM cards c JOIN notes n ON c.nid = n.id").fetchall())
    finally:
        connection.close()
    names = {deck["name"] for deck in decks.values()}
    assert {"Kubernetes 스터디::Day 09 아홉째 날", "Kubernetes 스터디::Day 10 열째 날"} <= names
    assert decks[str(card_decks["k8s-study:day31/etcd"])]["name"] == "Kubernetes 스터디::Day 31 Kubernetes 소개 및 아키텍처"
    (model,) = models.values()
    assert model["name"] == MODEL_NAME and [field["name"] for field in model["flds"]] == ["Question", "Answer", "Source"]
    assert "{{Answer}}" in model["tmpls"][0]["afmt"] and model["tmpls"][0]["qfmt"] == "{{Question}}"
    assert [guid for guid, *_ in notes] == ["k8s-study:day9/b", "k8s-study:day10/a", "k8s-study:day31/etcd"]
    guid, fields, tags, modified = notes[2]
    assert fields.split("\x1f") == [
        CARDS[0].question_html,
        CARDS[0].answer_html,
        '<a href="https://x.test/day31/05-review/?a=1&amp;b=2#etcd">Day 31 · 복습</a>',
    ]
    assert sorted(tags.split()) == ["day31", "k8s-study"] and modified == 1_700_000_000
    assert notes[0][3] == int(FIXED_TIMESTAMP)  # a card without a page date keeps the fixed one


def test_source_falls_back_to_the_markdown_place_and_is_escaped() -> None:
    card = ExportCard("d/x", "d", "q", "a", "docs/<x>.md:1", 'https://x.test/"q"')
    assert source_html(card) == '<a href="https://x.test/&quot;q&quot;">docs/&lt;x&gt;.md:1</a>'


def test_tsv_keeps_tabs_quotes_and_newlines_and_has_anki_headers() -> None:
    text = tsv_text(CARDS)
    assert text.splitlines()[:5] == [
        "#separator:tab", "#html:true", "#guid column:1", "#tags column:5", "#columns:guid\tquestion\tanswer\tlink\ttags",
    ]
    assert read_tsv(text) == [
        {"guid": note_guid(c.id), "question": c.question_html, "answer": c.answer_html, "link": c.url,
         "tags": f"k8s-study {c.lesson}"}
        for c in CARDS
    ]


def test_json_lists_used_lessons_by_day_and_every_card_field() -> None:
    text = json_text(CARDS[:2], LESSONS)
    assert text.endswith("}\n") and "아키텍처" in text  # readable Korean, not \\u escapes
    data = json.loads(text)
    assert data["version"] == 1
    assert data["lessons"] == [
        {"folder": "day10", "day": 10, "title": "열째 날"},
        {"folder": "day31", "day": 31, "title": "Kubernetes 소개 및 아키텍처"},
    ]
    assert data["cards"][0] == {
        "id": "day31/etcd", "guid": "k8s-study:day31/etcd", "lesson": "day31", "question": CARDS[0].question_html,
        "answer": CARDS[0].answer_html, "source": "docs/day31/05-review.md:7", "title": "Day 31 · 복습",
        "modified": 1_700_000_000, "url": CARDS[0].url,
    }
    assert list(json.loads(json_text(CARDS, LESSONS))["cards"][0]) == sorted(data["cards"][0])  # stable key order

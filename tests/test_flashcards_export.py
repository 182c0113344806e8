"""Exports: the Anki package, TSV and JSON, on the real built site and on their own."""

from __future__ import annotations

import json
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from studykit import flashcard_export
from studykit.flashcard_export import ExportCard, note_guid, read_tsv, write_apkg, write_exports
from studykit.k8scheck import ResultCache
from studykit.flashcard_html import LessonInfo

EXPORTS = Path("downloads/flashcards")
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
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    time.sleep(1.1)  # a different second for the zip entries too, were they not fixed
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

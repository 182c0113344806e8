"""Flashcard exports: an Anki package (.apkg), a TSV and a JSON file.

Pure code, no MkDocs import. Every export is deterministic: the same cards give
the same bytes. genanki stamps the current time into the collection and the
zip, so the package is written with a fixed timestamp and re-zipped with fixed
entry dates; deck and model ids are derived from names, note guids from the
stable card ids (``k8s-study:day31/etcd``; re-importing updates the notes instead of duplicating them).
Each note carries its own modification time (``ExportCard.modified``, the date
its source page last changed: ``studykit.site.source_dates``), so Anki's "update
notes if newer" brings a corrected answer to a learner who imported an older deck.

Writing a package through genanki (SQLite, then a zip) is the slow part of a
build, so ``write_exports`` takes a ``ResultCache``: the package bytes are kept
under a key made of the deck's JSON export (which holds every field the package
is made of), genanki's version and this module's source, and a build whose
cards did not change writes the stored bytes.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.learning.flashcard_html import LessonInfo

if TYPE_CHECKING:  # genanki is imported when a deck is written (keeps build start-up short)
    import genanki

    from studykit.cache import ResultCache

FORMAT_VERSION = 1
#: Fixed instead of ``time.time()`` for the package (note ids, collection): 2024-01-01T00:00:00Z.
FIXED_TIMESTAMP = 1704067200.0
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
DECK_ROOT = "Kubernetes 스터디"
MODEL_NAME = "Kubernetes 스터디 면접 카드"
TSV_COLUMNS = ("guid", "question", "answer", "link", "tags")
CARD_CSS = """.card { font-family: sans-serif; font-size: 18px; line-height: 1.6; text-align: left; }
.source { font-size: 14px; color: #595959; }
.source a { color: #3949ab; }
pre { white-space: pre-wrap; }
.nightMode .source, .night_mode .source { color: #c8c8c8; }
.nightMode .source a, .night_mode .source a { color: #9fa8da; }"""


@dataclass(frozen=True)
class ExportCard:
    """A card as it leaves the site: HTML text and absolute links."""

    id: str
    lesson: str
    question_html: str
    answer_html: str
    #: ``docs/<file>.md:<line>``, for contributors (JSON export only).
    source: str
    #: Absolute URL of the question on its lesson page.
    url: str
    #: What a learner reads as the source: lesson and section title.
    title: str = ""
    #: Unix seconds: when the card's source page last changed (Anki's note ``mod``).
    modified: int = int(FIXED_TIMESTAMP)


def stable_id(name: str) -> int:
    """Return a stable Anki id (deck or model) in Anki's usual range for ``name``."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(card_id: str) -> str:
    """Return the Anki note guid: the readable stable card id, namespaced by the site."""
    return f"k8s-study:{card_id}"


def deck_name(lesson: LessonInfo) -> str:
    """Return the Anki deck name of a lesson, a sub-deck of the site deck."""
    return f"{DECK_ROOT}::Day {lesson.day:02d} {lesson.title}"


def source_html(card: ExportCard) -> str:
    """Return the note's source field: the lesson and section title, linked to the published page."""
    label = card.title or card.source
    return f'<a href="{html.escape(card.url)}">{html.escape(label)}</a>'


def _model() -> genanki.Model:
    """Return the note type; its id never changes so updates match old notes."""
    import genanki

    return genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Source"}],
        templates=[
            {
                "name": "면접 질문",
                "qfmt": "{{Question}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p class="source">{{Source}}</p>',
            }
        ],
        css=CARD_CSS,
    )


def write_apkg(cards: Sequence[ExportCard], lessons: dict[str, LessonInfo], target: Path) -> None:
    """Write an Anki package with one sub-deck per lesson, byte for byte reproducible."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(apkg_bytes(cards, lessons))


def apkg_bytes(cards: Sequence[ExportCard], lessons: dict[str, LessonInfo]) -> bytes:
    """Return the bytes of the Anki package of ``cards`` (genanki, then a reproducible zip)."""
    import genanki

    class DatedNote(genanki.Note):  # type: ignore[misc]
        """A note written with its own modification time instead of the package's."""

        modified = int(FIXED_TIMESTAMP)

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: ANN001, ANN202 (genanki's API)
            return super().write_to_db(cursor, self.modified, deck_id, id_gen)

    model = _model()
    decks: list[genanki.Deck] = []
    for folder in sorted({card.lesson for card in cards}, key=lambda name: (lessons[name].day, name)):
        name = deck_name(lessons[folder])
        deck = genanki.Deck(stable_id(name), name)
        for card in cards:
            if card.lesson == folder:
                note = DatedNote(
                    model=model,
                    fields=[card.question_html, card.answer_html, source_html(card)],
                    guid=note_guid(card.id),
                    tags=["k8s-study", folder],
                )
                note.modified = card.modified
                deck.add_note(note)
        decks.append(deck)
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "raw.apkg"
        genanki.Package(decks).write_to_file(str(raw), timestamp=FIXED_TIMESTAMP)
        return _rezip(raw)


def _rezip(source: Path) -> bytes:
    """Return a copy of a zip with fixed entry dates and attributes, in name order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as fixed:
        for name in sorted(original.namelist()):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            fixed.writestr(info, original.read(name))
    return buffer.getvalue()


def tsv_text(cards: Sequence[ExportCard]) -> str:
    """Return a tab-separated file with Anki's header lines (``#separator:tab`` ...)."""
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n#guid column:1\n#tags column:5\n")
    out.write("#columns:" + "\t".join(TSV_COLUMNS) + "\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for card in cards:
        writer.writerow([note_guid(card.id), card.question_html, card.answer_html, card.url, f"k8s-study {card.lesson}"])
    return out.getvalue()


def read_tsv(text: str) -> list[dict[str, str]]:
    """Parse ``tsv_text`` output (header lines first) back into rows keyed by ``TSV_COLUMNS``."""
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    body = "\n".join(lines)
    return [dict(zip(TSV_COLUMNS, row)) for row in csv.reader(io.StringIO(body), delimiter="\t") if row]


def json_text(cards: Sequence[ExportCard], lessons: dict[str, LessonInfo]) -> str:
    """Return the cards and their lessons as pretty, key-sorted JSON."""
    used = sorted({card.lesson for card in cards}, key=lambda name: (lessons[name].day, name))
    data = {
        "version": FORMAT_VERSION,
        "lessons": [{"folder": f, "day": lessons[f].day, "title": lessons[f].title} for f in used],
        "cards": [
            {
                "id": card.id,
                "guid": note_guid(card.id),
                "lesson": card.lesson,
                "question": card.question_html,
                "answer": card.answer_html,
                "source": card.source,
                "title": card.title,
                "modified": card.modified,
                "url": card.url,
            }
            for card in cards
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@cache
def _code_fingerprint() -> str:
    """Return what, besides the cards, decides a package's bytes: genanki's version and this module."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"genanki {metadata.version('genanki')}, {Path(__file__).name} {source}"


def apkg_key(json_export: str) -> str:
    """Return the ``ResultCache`` key of the package whose cards ``json_export`` (``json_text``) holds."""
    digest = hashlib.sha256(f"{_code_fingerprint()}\n{json_export}".encode()).hexdigest()
    return f"flashcards apkg {digest}"


def write_exports(
    cards: Sequence[ExportCard],
    lessons: dict[str, LessonInfo],
    folder: Path,
    stem: str,
    cache: ResultCache | None = None,
) -> str:
    """Write ``<stem>.apkg``, ``<stem>.tsv`` and ``<stem>.json`` into ``folder``; return the package's cache key.

    With a ``cache``, the package is built only when no package of the same
    cards and code is stored; the stored bytes are written otherwise.
    """
    folder.mkdir(parents=True, exist_ok=True)
    apkg, tsv, data = (folder / f"{stem}.{ext}" for ext in ("apkg", "tsv", "json"))
    json_export = json_text(cards, lessons)
    key = apkg_key(json_export)
    stored = cache.get(key) if cache is not None else None
    if isinstance(stored, str):
        package = base64.b64decode(stored)
    else:
        package = apkg_bytes(cards, lessons)
        if cache is not None:
            cache.put(key, base64.b64encode(package).decode("ascii"))
    apkg.write_bytes(package)
    tsv.write_text(tsv_text(cards), encoding="utf-8", newline="")
    data.write_text(json_export, encoding="utf-8", newline="")
    return key

"""The Anki deck in the real Anki backend (PyPI ``anki``): corrections reach learners, order is stable.

The update test builds a small site twice from a git repository, the second time
after a commit that corrects one answer, and imports both decks into one real
collection with Anki's default "update notes if newer".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.site.source_dates import piece_dates
from support.site_server import build_site
from test_flashcards_build import LESSON_INDEX, _site

PART = '# 파트 1\n\n## 자가 치유 {{ #healing }}\n\n??? interview heal "Pod가 죽으면?"\n    {answer}\n\n??? interview keep "바뀌지 않는 질문?"\n    그대로인 답.\n'
APKG = Path("downloads/flashcards/day90.apkg")


def _git(repo: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.test"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _import(collection: object, package: Path) -> object:
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions(merge_notetypes=True))
    return collection.import_anki_package(request)  # type: ignore[attr-defined]


def _guids(collection: object, entries: object) -> list[str]:
    """The guids of the notes an import log lists."""
    return [collection.db.scalar("SELECT guid FROM notes WHERE id = ?", entry.id.nid) for entry in entries]  # type: ignore[attr-defined]


def _answers(collection: object) -> dict[str, str]:
    rows = collection.db.all("SELECT guid, flds FROM notes")  # type: ignore[attr-defined]
    return {guid: fields.split("\x1f")[1] for guid, fields in rows}


@pytest.mark.build
def test_reimport_updates_a_corrected_answer_and_keeps_reviews(tmp_path: Path) -> None:
    from anki.collection import Collection

    project = tmp_path / "project"
    config = _site(project, {"day90/index.md": LESSON_INDEX.format(day=90), "day90/01-part.md": PART.format(answer="예전 답.")})
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "A", when=1_800_000_000)
    build_site(project / "site-a", config=config)
    (project / "docs" / "day90" / "01-part.md").write_text(PART.format(answer="고친 답."), encoding="utf-8")
    _git(project, "commit", "-qam", "B", when=1_800_086_400)
    build_site(project / "site-b", config=config)

    collection = Collection(str(tmp_path / "learner.anki2"))
    try:
        _import(collection, project / "site-a" / APKG)
        assert _answers(collection)["k8s-study:day90/heal"] == "<p>예전 답.</p>"
        source = collection.db.scalar("SELECT flds FROM notes WHERE guid = 'k8s-study:day90/heal'").split("\x1f")[2]
        assert source == '<a href="https://example.test/k8s-study/day90/01-part/#heal">Day 90 · 테스트 학습 90 › 자가 치유</a>'
        css = collection.models.by_name("Kubernetes 스터디 면접 카드")["css"]
        assert ".nightMode .source" in css, "no night-mode colours for the source line"
        collection.decks.select(collection.decks.id_for_name("Kubernetes 스터디::Day 90 테스트 학습 90"))
        card = collection.sched.getCard()
        assert card is not None
        collection.sched.answerCard(card, 3)
        assert collection.db.scalar("SELECT count() FROM revlog") == 1

        log = _import(collection, project / "site-b" / APKG).log  # type: ignore[attr-defined]
        answers = _answers(collection)
        assert answers["k8s-study:day90/heal"] == "<p>고친 답.</p>", "the corrected answer did not reach the learner"
        assert answers["k8s-study:day90/keep"] == "<p>그대로인 답.</p>"
        # Only the corrected card is newer (each note carries its own card's time); the other is left as it was.
        assert _guids(collection, log.updated) == ["k8s-study:day90/heal"] and not log.new, log
        assert collection.db.scalar("SELECT count() FROM notes") == 2, "re-import created duplicates"
        assert collection.db.scalar("SELECT count() FROM cards") == 2
        assert collection.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card.id) == 1, "review history lost"
        assert collection.db.scalar("SELECT reps FROM cards WHERE id = ?", card.id) == 1
    finally:
        collection.close()


def _lines(path: str, text: str) -> dict[str, str]:
    """Pieces for the date tests: each ``id: text`` line is a piece."""
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_piece_times_follow_their_own_commits(tmp_path: Path) -> None:
    repo = tmp_path
    (repo / "a.md").write_text("x: one\ny: two\n", encoding="utf-8")
    (repo / "b.md").write_text("z: b\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one", when=1_000_000)
    (repo / "a.md").write_text("x: one\ny: two, corrected\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "two", when=2_000_000)
    (repo / "a.md").write_text("x: one\ny: two, corrected\nw: new\n", encoding="utf-8")
    (repo / "b.md").write_text("z: b\n\nmore prose around the piece\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "three", when=3_000_000)
    texts = {name: (repo / name).read_text(encoding="utf-8") for name in ("a.md", "b.md")}
    # Each piece: the commit that last changed it, not the page's last commit (3_000_000 for both pages).
    assert piece_dates(repo, texts, _lines, env={}) == {"x": 1_000_000, "y": 2_000_000, "w": 3_000_000, "z": 1_000_000}
    # Versions already read are not read again, and give the same answer.
    memo: dict = {}
    assert piece_dates(repo, texts, _lines, env={}, memo=memo) == piece_dates(repo, texts, _lines, env={}, memo=memo)
    assert len(memo) == 5  # three versions of a.md, two of b.md
    calls: list[str] = []
    piece_dates(repo, texts, lambda path, text: calls.append(path) or _lines(path, text), env={}, memo=memo)
    assert calls == ["a.md", "b.md"]  # only the working copies
    # Changed in the working copy, not committed: SOURCE_DATE_EPOCH, else the file's time; the rest keep theirs.
    (repo / "a.md").write_text("x: edited\ny: two, corrected\nw: new\n", encoding="utf-8")
    texts["a.md"] = (repo / "a.md").read_text(encoding="utf-8")
    dates = piece_dates(repo, texts, _lines, env={"SOURCE_DATE_EPOCH": "4000000"})
    assert dates == {"x": 4_000_000, "y": 2_000_000, "w": 3_000_000, "z": 1_000_000}
    os.utime(repo / "a.md", (5_000_000, 5_000_000))
    assert piece_dates(repo, texts, _lines, env={})["x"] == 5_000_000
    # A piece that was removed and written again dates from its return.
    (repo / "b.md").write_text("more prose around the piece\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "four", when=6_000_000)
    (repo / "b.md").write_text("z: b\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "five", when=7_000_000)
    assert piece_dates(repo, {"b.md": "z: b\n"}, _lines, env={}) == {"z": 7_000_000}


def test_outside_git_source_date_epoch_is_used(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a: 1\n", encoding="utf-8")
    os.utime(tmp_path / "a.md", (5_000_000, 5_000_000))
    texts = {"a.md": "a: 1\n"}
    assert piece_dates(tmp_path, texts, _lines, env={"SOURCE_DATE_EPOCH": "1700000000"}) == {"a": 1_700_000_000}
    assert piece_dates(tmp_path, texts, _lines, env={}) == {"a": 5_000_000}


EIGHT = "# 파트 1\n\n## 여덟 장 {{ #eight }}\n\n" + "".join(
    f'??? interview card-{n} "질문 {n}?"\n    {{answer{n}}}\n\n' for n in range(8)
)


@pytest.mark.build
def test_changing_one_card_of_eight_updates_exactly_one_note_in_anki(tmp_path: Path) -> None:
    """A learner edited seven notes in Anki; the site corrects the eighth: only that note changes."""
    import time

    from anki.collection import Collection

    answers = {f"answer{n}": f"처음 답 {n}." for n in range(8)}
    project = tmp_path / "project"
    config = _site(project, {"day90/index.md": LESSON_INDEX.format(day=90), "day90/01-part.md": EIGHT.format(**answers)})
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "A", when=1_700_000_000)
    build_site(project / "site-a", config=config)
    (project / "docs" / "day90" / "01-part.md").write_text(EIGHT.format(**{**answers, "answer3": "고친 답 3."}), encoding="utf-8")
    _git(project, "commit", "-qam", "B", when=int(time.time()) + 3600)  # after the learner's edits below
    build_site(project / "site-b", config=config)

    collection = Collection(str(tmp_path / "learner.anki2"))
    try:
        _import(collection, project / "site-a" / APKG)
        assert len(_answers(collection)) == 8
        for n in (0, 1, 2, 4, 5, 6, 7):  # the learner's own notes on seven cards
            note = collection.get_note(collection.db.scalar("SELECT id FROM notes WHERE guid = ?", f"k8s-study:day90/card-{n}"))
            note.fields[1] = f"내 메모 {n}"
            collection.update_note(note)
        log = _import(collection, project / "site-b" / APKG).log  # type: ignore[attr-defined]
        assert _guids(collection, log.updated) == ["k8s-study:day90/card-3"], log
        answers_now = _answers(collection)
        assert answers_now["k8s-study:day90/card-3"] == "<p>고친 답 3.</p>"
        assert all(answers_now[f"k8s-study:day90/card-{n}"] == f"내 메모 {n}" for n in (0, 1, 2, 4, 5, 6, 7)), answers_now
        assert collection.db.scalar("SELECT count() FROM notes") == 8
    finally:
        collection.close()


ORDER_SCRIPT = """
import sys
from pathlib import Path
from studykit.learning.flashcard_export import ExportCard, write_apkg
from studykit.learning.flashcard_html import LessonInfo
lessons = {name: LessonInfo(name, day, name) for name, day in (("day32", 32), ("day31", 31), ("day7", 7), ("dayx", 31))}
cards = [ExportCard(f"{lesson}/{n}", lesson, f"{lesson} {n}?", "<p>a</p>", "docs/x.md:1", "https://x/")
         for n in range(3) for lesson in ("day32", "dayx", "day31", "day7")]
write_apkg(cards, lessons, Path(sys.argv[1]))
"""


def test_deck_bytes_and_note_order_are_the_same_in_every_process(tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    outputs = []
    for seed in ("1", "2", "3"):
        target = tmp_path / f"deck-{seed}.apkg"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)}  # this studykit
        subprocess.run([sys.executable, "-c", ORDER_SCRIPT, str(target)], check=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    with zipfile.ZipFile(tmp_path / "deck-1.apkg") as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "c.anki2")
    guids = [row[0] for row in connection.execute("SELECT guid FROM notes ORDER BY id")]
    connection.close()
    expected = [f"k8s-study:{lesson}/{n}" for lesson in ("day7", "day31", "dayx", "day32") for n in range(3)]
    assert guids == expected


def test_the_pages_build_reads_the_whole_history() -> None:
    """A shallow clone would date every card at the last commit: every note would be updated on every deploy."""
    import yaml

    workflow = yaml.safe_load((Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml").read_text())
    checkout = next(step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout.get("with", {}).get("fetch-depth") == 0

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

from studykit.site.source_dates import page_dates
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
        assert len(log.updated) == 2 and not log.new, log
        assert collection.db.scalar("SELECT count() FROM notes") == 2, "re-import created duplicates"
        assert collection.db.scalar("SELECT count() FROM cards") == 2
        assert collection.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card.id) == 1, "review history lost"
        assert collection.db.scalar("SELECT reps FROM cards WHERE id = ?", card.id) == 1
    finally:
        collection.close()


def test_note_times_follow_the_page_commits(tmp_path: Path) -> None:
    repo = tmp_path
    (repo / "a.md").write_text("a\n", encoding="utf-8")
    (repo / "b.md").write_text("b\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one", when=1_000_000)
    (repo / "b.md").write_text("b2\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "two", when=2_000_000)
    assert page_dates(repo, ["a.md", "b.md"], env={}) == {"a.md": 1_000_000, "b.md": 2_000_000}
    (repo / "a.md").write_text("edited, not committed\n", encoding="utf-8")
    assert page_dates(repo, ["a.md", "b.md"], env={"SOURCE_DATE_EPOCH": "3000000"}) == {"a.md": 3_000_000, "b.md": 2_000_000}
    os.utime(repo / "a.md", (4_000_000, 4_000_000))
    assert page_dates(repo, ["a.md"], env={}) == {"a.md": 4_000_000}


def test_outside_git_source_date_epoch_is_used(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a\n", encoding="utf-8")
    os.utime(tmp_path / "a.md", (5_000_000, 5_000_000))
    assert page_dates(tmp_path, ["a.md"], env={"SOURCE_DATE_EPOCH": "1700000000"}) == {"a.md": 1_700_000_000}
    assert page_dates(tmp_path, ["a.md"], env={}) == {"a.md": 5_000_000}


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

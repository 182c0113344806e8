"""오늘의 복습 at build time: a new lesson's cards and questions arrive with no code change; the page's weight."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from flashcards import DECK_ASSETS
from progress import REVIEW_ASSETS

from support.site_server import build_site
from test_flashcards_build import LESSON_INDEX, ROOT, _site

PART = """\
# 파트 {day}

## 절 {{ #here }}

??? interview card-{day} "질문 {day}?"
    답 {day}.

```quiz
id: check
? 물음 {day}
id: q{day}
type: single
see: #here
- [x] 맞음
- [ ] 틀림
```
"""
REVIEW = "---\ntitle: 오늘의 복습\n---\n\n# 오늘의 복습\n\n<!-- review -->\n"


@pytest.mark.build
def test_a_new_lesson_reaches_the_review_page_without_code(tmp_path: Path) -> None:
    """Two lesson folders (Day 90, then a Day 91 dropped in): both lessons' cards and questions are on the page."""
    config = _site(tmp_path, {
        "day90/index.md": LESSON_INDEX.format(day=90), "day90/01-part.md": PART.format(day=90),
        "day91/index.md": LESSON_INDEX.format(day=91), "day91/01-part.md": PART.format(day=91),
        "review.md": REVIEW,
    })
    text = config.read_text(encoding="utf-8")
    hooks = [f"  - {ROOT / 'hooks' / name}" for name in ("quizzes.py", "progress.py")]
    config.write_text(text.replace(f"  - {ROOT / 'hooks' / 'flashcards.py'}", "\n".join([f"  - {ROOT / 'hooks' / 'flashcards.py'}", *hooks])), encoding="utf-8")
    build_site(tmp_path / "site", config=config)
    page = (tmp_path / "site" / "review" / "index.html").read_text(encoding="utf-8")
    bank = re.search(r'<section class="rv-bank" hidden data-search-exclude>(.*?)</section></section>', page, re.DOTALL)
    assert bank is not None
    assert re.findall(r'data-fc-id="([^"]+)"', bank.group(1)) == ["day90/card-90", "day91/card-91"]
    manifest = json.loads(html.unescape(re.search(r'data-rv-manifest="([^"]*)"', page).group(1)))  # type: ignore[union-attr]
    questions = [key for lesson in manifest["lessons"] for part in lesson["parts"] for key in part["questions"]]
    assert questions == ["day90/01-part/q90", "day91/01-part/q91"]
    assert [lesson["url"] for lesson in manifest["lessons"]] == ["../day90/", "../day91/"]
    for asset in REVIEW_ASSETS:
        assert f"{asset.removeprefix('assets/')}" in page, asset


def test_the_review_pages_own_assets_stay_under_16_kb_gzip(built_site: Path) -> None:
    """Issue 22's budget: what the review page loads beyond the flashcards page's assets, as served."""
    own = [asset for asset in REVIEW_ASSETS if asset not in DECK_ASSETS]
    size = sum(len(gzip.compress((built_site / asset).read_bytes(), 9)) for asset in own)
    assert own == ["assets/study/quiz.css", "assets/study/review.css", "assets/study/quiz.js", "assets/study/review.js"]
    assert size <= 16 * 1024, size
    # The page itself is the flashcards page's deck plus the manifest: about the same size.
    review = len(gzip.compress((built_site / "review" / "index.html").read_bytes(), 9))
    deck = len(gzip.compress((built_site / "flashcards" / "index.html").read_bytes(), 9))
    assert review - deck <= 2 * 1024, (review, deck)


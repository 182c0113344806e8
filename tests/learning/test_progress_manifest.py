"""The progress page's manifest from Markdown sources: which storage keys each lesson's widgets use."""

from __future__ import annotations

from studykit.learning.progress_page import FORMAT_NAME, FORMAT_VERSION, build_manifest, render_progress
from studykit.site.lessons import find_lessons

LESSON = "---\nlesson:\n  day: {day}\n  title: {title}\n  summary: 요약\n---\n\n# {title}\n\n개요만 있는 페이지.\n"
PART = """---
title: 파트 하나
---

# 무시되는 제목

## 절 {{ #here }}

```quiz
id: part1
? 첫 질문
id: first
type: single
see: #here
- [x] 가
- [ ] 나
? 둘째 질문
id: second
type: text
see: #here
answer: 답
```

```checklist
- 하나
  see: #here
- 둘
  see: #here
```

```studylog
id: log
date: 학습일
hours: 걸린 시간
```

??? interview card-a "카드 질문?"
    카드 답.
"""
PLAIN = "# 제목만 {{ #x }}\n\n```quiz\n? 셋째\nid: third\ntype: single\nsee: #x\n- [x] 가\n- [ ] 나\n```\n"


def sources() -> dict[str, str]:
    return {
        "day2/index.md": LESSON.format(day=2, title="둘째 날"),
        "day2/01-part.md": PART,
        "day2/02-plain.md": PLAIN.replace("{{", "{").replace("}}", "}"),
        "day1/index.md": LESSON.format(day=1, title="첫날"),
        "day1/01-empty.md": "# 위젯 없음\n\n본문.\n",
        "index.md": "# 홈\n",
    }


def test_manifest_lists_each_lessons_widget_keys_in_day_order() -> None:
    pages = sources()
    lessons, findings = find_lessons(pages)
    assert findings == []
    manifest = build_manifest(pages, lessons, lambda src_uri: f"/{src_uri.removesuffix('.md')}/", "https://x.test/")
    assert (manifest["format"], manifest["version"], manifest["site"]) == (FORMAT_NAME, FORMAT_VERSION, "https://x.test/")
    first, second = manifest["lessons"]
    assert (first["folder"], first["day"], first["title"], first["parts"]) == ("day1", 1, "첫날", [])  # no widget, no part
    assert (second["url"], second["deck"]) == ("/day2/index/", "/day2/flashcards/")
    part, plain = second["parts"]
    assert part == {
        "title": "파트 하나",  # front matter title before the page's own heading
        "url": "/day2/01-part/",
        "questions": ["day2/01-part/first", "day2/01-part/second"],
        "checklists": [{"key": "day2/01-part/checklist-1", "items": part["checklists"][0]["items"]}],
        "logs": [{"key": "day2/01-part/log", "date": part["logs"][0]["date"], "hours": part["logs"][0]["hours"]}],
        "cards": ["day2/card-a"],  # card ids carry their lesson folder
    }
    assert len(part["checklists"][0]["items"]) == 2 and len(set(part["checklists"][0]["items"])) == 2
    assert part["logs"][0]["date"] and part["logs"][0]["hours"] and part["logs"][0]["date"] != part["logs"][0]["hours"]
    assert (plain["title"], plain["questions"], plain["cards"]) == ("제목만", ["day2/02-plain/third"], [])


def test_rendered_manifest_is_escaped_json_with_a_no_script_note() -> None:
    markup = render_progress({"lessons": [{"title": '<b>"따옴표"</b>'}]})
    assert markup.startswith('<div class="sp" data-sp-manifest="{&quot;lessons&quot;:[{&quot;title&quot;:&quot;&lt;b&gt;')
    assert "<b>" not in markup and "<noscript>" in markup and 'class="sp-loading"' in markup

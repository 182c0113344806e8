"""Stable, fair option order: same order for the same id in every process, source indexes as values."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from studykit.markdown_source import iter_fences
from studykit.learning.quiz import (
    QuizStats,
    checklist_reference_findings,
    fill_quiz_slots,
    first_slot_moves,
    inline_html,
    option_order,
    order_permutation,
    parse_quiz,
    render_quiz,
    render_quiz_for_search,
    validate_quiz,
)
from studykit.site.section_links import SectionIndex
from studykit.site_check import study_blocks

ROOT = Path(__file__).resolve().parents[2]
IDS = [f"question-{n}" for n in range(60)]


def _sections() -> SectionIndex:
    index = SectionIndex()
    index.add_page("target.md", "# 대상\n\n## 있는 절 { #here }\n\n본문.\n")
    return index


def _quiz(body: str, path: str = "docs/x.md"):  # noqa: ANN202 (Quiz)
    quiz, problems = parse_quiz(iter_fences(f"```quiz\n{body}```\n")[0], path)
    problems += validate_quiz(quiz, path, "x.md", _sections())
    assert problems == []
    return quiz


def test_same_order_for_the_same_id_in_another_process() -> None:
    here = {qid: option_order(qid, 4, [2]) for qid in IDS} | {f"m-{qid}": option_order(qid, 5, [0, 3]) for qid in IDS}
    code = (
        "import json; from studykit.learning.quiz import option_order; "
        f"ids = {IDS!r}; "
        "out = {q: option_order(q, 4, [2]) for q in ids}; out.update({'m-' + q: option_order(q, 5, [0, 3]) for q in ids}); "
        "print(json.dumps(out))"
    )
    for seed in ("0", "12345"):  # a different str hash in each child: the order must not depend on it
        child = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join(sys.path)},  # this studykit
        )
        assert json.loads(child.stdout) == here


def test_a_known_id_gets_its_known_order_which_is_not_the_source_order() -> None:
    """One fixed id and fixed inputs, the exact orders: an identity shuffle or a changed seed fails here by
    name, not only by the statistics below. Learners see these orders on every build of every version."""
    assert option_order("apply-flow-order", 4, [2]) == [2, 3, 0, 1]
    assert option_order("apply-flow-order", 4, [0, 1]) == [3, 0, 1, 2]
    assert option_order("apply-flow-order", 3, [0]) == [2, 1, 0]
    assert option_order("apply-flow-order", 4, [2], off_first=True) == [3, 2, 0, 1]
    assert order_permutation("apply-flow-order", 5) == [2, 1, 4, 3, 0]
    assert order_permutation("apply-flow-order", 3) == [2, 1, 0]


def test_different_ids_get_different_orders_and_every_slot() -> None:
    orders = [tuple(option_order(qid, 4, [0])) for qid in IDS]
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(set(orders)) >= 15, Counter(orders).most_common(3)
    slots = Counter(order.index(0) for order in orders)
    assert set(slots) == {0, 1, 2, 3}, slots  # the correct option can be anywhere, the first slot included
    multiple = {tuple(option_order(qid, 4, [0, 1])) for qid in IDS}
    assert len(multiple) >= 15 and any(order.index(0) > 1 and order.index(1) > 1 for order in multiple)


def test_first_slot_is_rarer_with_three_options_but_never_ruled_out() -> None:
    ids = [f"q{n}" for n in range(4000)]
    for count, first in ((3, 0.25), (4, 0.25), (5, 0.2), (2, 0.5)):
        slots = Counter(option_order(qid, count, [1]).index(1) for qid in ids)
        assert abs(slots[0] / len(ids) - first) < 0.03, (count, slots)
        rest = [slots[s] / len(ids) for s in range(1, count)]
        assert max(rest) - min(rest) < 0.05, (count, slots)  # no favourite among the other slots


def test_values_stay_source_indexes_in_the_rendered_html() -> None:
    quiz = _quiz(
        "? 질문\nid: shuffled\ntype: single\nsee: target.md#here\n"
        "- [ ] 영\n- [ ] 일\n- [x] 이\n- [ ] 삼\n"
        "? 여럿\nid: shuffled-many\ntype: multiple\nsee: target.md#here\n- [x] 가\n- [x] 나\n- [ ] 다\n- [ ] 라\n"
    )
    html = render_quiz(quiz, page_key="x", ordinal=1, href={})
    shown = re.findall(r'value="(\d)"> <span>([^<]+)</span>', html)
    single = [(int(v), text) for v, text in shown[:4]]
    assert [v for v, _ in single] == option_order("shuffled", 4, [2]) != [0, 1, 2, 3]
    assert dict(single) == {0: "영", 1: "일", 2: "이", 3: "삼"}
    assert [int(v) for v, _ in shown[4:]] == option_order("shuffled-many", 4, [0, 1])
    answers = json.loads(re.search(r'data-sk-answers="([^"]+)"', html).group(1).replace("&quot;", '"'))
    assert answers["shuffled"]["c"] == [2] and answers["shuffled-many"]["c"] == [0, 1]


def test_search_reads_the_questions_only() -> None:
    quiz = _quiz(
        "? 질문 `코드`\nid: shuffled\ntype: single\nsee: target.md#here\nexplain: 설명은 숨김\n"
        "- [ ] 영\n- [ ] 일\n- [x] 이\n  > 이유는 숨김\n- [ ] 삼\n"
        "? 순서\nid: steps\ntype: order\nsee: target.md#here\n1. 하나\n2. 둘\n3. 셋\n"
        "? 빈칸 <b>\nid: typed\ntype: text\nsee: target.md#here\nanswer: 비밀답\n"
    )
    stand_in = render_quiz_for_search(quiz, slot=3)
    assert re.findall(r"<li>(.*?)</li>", stand_in) == ["질문 <code>코드</code>", "순서", "빈칸 &lt;b&gt;"]
    assert not [word for word in ("영", "일", "삼", "하나", "둘", "셋") if word in stand_in]  # no options
    assert not [secret for secret in ("숨김", "비밀답", "data-sk-answers", "class=\"sk-q\"") if secret in stand_in]
    page = f"<p>앞</p>{stand_in}<p>사이</p>{render_quiz_for_search(quiz, slot=0)}<p>뒤</p>"
    filled, missing = fill_quiz_slots(page, {0: "<section>위젯0</section>", 3: "<section>위젯3</section>"})
    assert (filled, missing) == ("<p>앞</p><section>위젯3</section><p>사이</p><section>위젯0</section><p>뒤</p>", [])
    assert fill_quiz_slots(page, {0: "W"})[1] == [3]


def test_ordering_questions_are_really_shuffled() -> None:
    # Identity-then-rotate would give [1, 2, 3, 0] for every id: this needs real variety.
    orders = [tuple(order_permutation(qid, 4)) for qid in IDS]
    assert all(order != (0, 1, 2, 3) and sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(set(orders)) >= 12, Counter(orders).most_common(3)
    assert set(Counter(order[0] for order in orders)) == {0, 1, 2, 3}
    assert order_permutation("same", 5) == order_permutation("same", 5)


def test_text_outside_backticks_is_escaped() -> None:
    assert inline_html("<img src=x onerror=alert(1)> `<b>` **<i>**") == (
        "&lt;img src=x onerror=alert(1)&gt; <code>&lt;b&gt;</code> <strong>&lt;i&gt;</strong>"
    )
    quiz = _quiz("? <script>x</script>\ntype: single\nsee: target.md#here\n- [x] <img src=y>\n- [ ] 둘\n  > <b>설명</b>\n")
    html = render_quiz(quiz, page_key="x", ordinal=1, href={})
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;img src=y&gt;" in html


def test_duplicate_ids_across_two_quiz_blocks_of_one_page() -> None:
    block = "```quiz\n? 질문 {n}\nid: same-id\ntype: single\nsee: target.md#here\n- [x] 가\n- [ ] 나\n```\n\n"
    text = "# 페이지\n\n" + block.format(n=1) + block.format(n=2)
    findings, _ = study_blocks("x.md", text, _sections())  # what the quizzes hook and make check run
    assert [f.format() for f in findings] == [
        "docs/x.md:13: 질문 id 'same-id'가 4번째 줄의 질문과 같습니다. 'id: 다른-id' 줄을 넣거나 질문을 고치세요."
    ]


def test_stats_count_first_longest_and_recall() -> None:
    quiz = _quiz(
        "? 긴 정답\nid: a\ntype: single\nsee: target.md#here\nasks: why\n- [x] 아주 긴 정답 선택지\n- [ ] 짧음\n- [ ] **짧은** 것\n"
        "? 같은 길이\nid: b\ntype: single\nsee: target.md#here\nasks: recall\n- [x] `가나`\n- [ ] 다라\n- [ ] 마\n"
        "? 짧은 정답\nid: c\ntype: single\nsee: target.md#here\n- [x] 짧음\n- [ ] 훨씬 더 긴 오답입니다\n- [ ] 다른 긴 오답\n"
        "? 빈칸\nid: d\ntype: text\nsee: target.md#here\nasks: recall\nanswer: 답\n"
    )
    stats = QuizStats()
    stats.add(quiz, "docs/x.md")
    assert stats.single == 3 and stats.recall == 2 and stats.without_asks == 1
    assert stats.correct_longest == ["docs/x.md:2", "docs/x.md:10"]  # a tie (``가나`` vs 다라) counts
    first = [f"docs/x.md:{line}" for qid, line in (("a", 2), ("b", 10), ("c", 18))
             if option_order(qid, 3, [0])[0] == 0]
    assert stats.correct_first == first
    assert "정답이 가장 긴 선택지 2/3(67%)" in stats.summary() and "asks: recall 2/4(50%), asks 없음 1" in stats.summary()
    assert stats.warnings() == [] and "10개 미만이라 기준은 검사하지 않음" in stats.summary()
    for _ in range(4):  # the same block four times: 12 single-choice questions, enough to judge
        stats.add(quiz, "docs/x.md")
    warnings = stats.warnings()
    assert any("40% 이하" in w and "docs/x.md:2, docs/x.md:10" in w for w in warnings)
    assert any("1/3 이하" in w for w in warnings) == (len(first) > 1)
    assert "기준은 검사하지 않음" not in stats.summary()


def test_stats_report_each_shown_position_and_warn_when_one_holds_over_two_fifths() -> None:
    """Three options put 3/8 of the answers on each of the last two positions: a site of them can tip over 40%."""
    pool = [f"id-{n}" for n in range(400)]
    last = [qid for qid in pool if option_order(qid, 3, [0]).index(0) == 2]
    other = [qid for qid in pool if option_order(qid, 3, [0]).index(0) != 2]
    stats = QuizStats()
    stats.add(_single_quiz(last[:5] + other[:5]), "docs/x.md")  # 5 of 10 shown third
    assert sum(len(places) for places in stats.correct_at.values()) == stats.single == 10
    assert len(stats.correct_at[3]) == 5 and stats.correct_first == stats.correct_at.get(1, [])
    assert "3번째 5/10(50%)" in stats.summary() and "기준 자리마다 ≤ 40%" in stats.summary()
    [warning] = [w for w in stats.warnings() if "3번째 자리" in w]
    assert "네 번째 선택지" in warning and warning.endswith(", ".join(stats.correct_at[3]))
    first_place = stats.correct_at[3][0]
    assert any(f.format().startswith(first_place + ":") and "3번째 자리" in f.message for f in stats.warning_findings())
    even = QuizStats(single=10, correct_at={1: ["a"] * 2, 2: ["b"] * 4, 3: ["c"] * 4})  # exactly 40%: allowed
    assert even.warnings() == []


def test_limits_are_inclusive() -> None:
    stats = QuizStats(single=15, correct_first=["f"] * 5, correct_longest=["l"] * 6)  # exactly 1/3 and 40%
    assert stats.warnings() == []
    stats.correct_first.append("f")
    assert len(stats.warnings()) == 1 and "1/3 이하" in stats.warnings()[0]
    stats.correct_longest.append("l")
    assert len(stats.warnings()) == 2


def test_checklist_numbers_must_exist_in_the_lesson_checklist() -> None:
    quiz = _quiz("? 질문\ntype: single\nsee: target.md#here\nchecklist: 2, 9\n- [x] 가\n- [ ] 나\n")
    assert checklist_reference_findings(quiz, "docs/x.md", 8)[0].format() == (
        "docs/x.md:5: 체크리스트에 9번 항목이 없습니다(항목 8개). 1부터 8 사이의 번호를 쓰세요."
    )
    assert checklist_reference_findings(quiz, "docs/x.md", 9) == []
    assert "checklist 블록이 없어" in checklist_reference_findings(quiz, "docs/x.md", None)[0].message


def _single_quiz(ids: list[str]):  # noqa: ANN202 (Quiz)
    body = "".join(f"? 질문 {qid}\nid: {qid}\ntype: single\nsee: target.md#here\n- [x] 가\n- [ ] 나나\n- [ ] 다다\n" for qid in ids)
    return _quiz(body)


def test_bad_luck_is_capped_at_a_third_by_moving_just_enough_questions() -> None:
    pool = [f"id-{n}" for n in range(400)]
    first = [qid for qid in pool if option_order(qid, 3, [0])[0] == 0][:15]
    later = [qid for qid in pool if option_order(qid, 3, [0])[0] != 0][:20]
    quiz = _single_quiz(first + later[:15])  # half of them would show the answer first
    moved = first_slot_moves([quiz])
    assert len(moved) == 5 and moved <= set(first)
    stats = QuizStats()
    stats.add(quiz, "docs/x.md", moved)
    assert len(stats.correct_first) == 10 and stats.warnings() == []  # exactly a third: allowed
    html = render_quiz(quiz, page_key="x", ordinal=1, href={}, moved=moved)
    shown_first = re.findall(r'<ol class="sk-qs">|<div class="sk-opts"><label class="sk-opt"><input type="radio" name="[^"]+" value="(\d)"', html)
    assert shown_first.count("0") == 10
    for qid in later:  # untouched questions keep their order
        assert option_order(qid, 3, [0], off_first=qid in moved) == option_order(qid, 3, [0])
    assert first_slot_moves([_single_quiz(first[:10] + later[:20])]) == frozenset()  # a third already: nothing moves
    assert first_slot_moves([_single_quiz(first[:5])]) == frozenset()  # too few questions to judge

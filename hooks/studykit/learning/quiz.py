"""Quizzes written in lesson Markdown as a fenced ``quiz`` block.

Pure code, no MkDocs import: parse and validate a block with the real source
lines, then render HTML. The authoring form is documented for contributors in
``docs/contributing/quizzes.md``::

    ```quiz
    title: Part 2 확인 퀴즈
    ? API Server가 검증한 Deployment는 어디에 저장되나요?
    type: single
    see: 02-architecture.md#apply-flow
    - [x] etcd
      > 클러스터 상태는 모두 etcd에 저장됩니다.
    - [ ] Scheduler
      > Scheduler는 Pod를 놓을 Node만 고릅니다.
    explain: API Server만 etcd와 직접 대화합니다.
    ```

Answers and explanations go into a ``data-sk-answers`` JSON attribute, never
into the page text, so Material's search index does not contain them.

Choice options are shown in a stable per-question-id order (``option_order``)
while each input's ``value`` stays the source index, so saved answers remain
valid when the order changes. ``QuizStats`` measures the site-wide fairness
the build prints: how often the correct single-choice option is shown first,
at each position, and how often it is the longest.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from studykit.markdown_source import Fence, Finding, source_lines
from studykit.site import Section, SectionIndex, keep_inline_code_whole

BLOCK_NAMES = ("quiz", "checklist", "studylog")
TYPES = {"single": "single", "multiple": "multiple", "text": "text", "order": "order",
         "단일": "single", "복수": "multiple", "빈칸": "text", "순서": "order"}
TYPE_NAMES_KO = {"single": "단일 선택", "multiple": "복수 선택", "text": "빈칸 채우기", "order": "순서 맞추기"}

RE_QUESTION = re.compile(r"^\?(?P<text>.*)$")
RE_KEY = re.compile(r"^(?P<key>title|id|type|see|answer|explain|asks|checklist)[ \t]*:(?P<value>.*)$")
# What a question makes the learner do; recall is the only kind that needs no reasoning.
ASKS = {"why": "why", "next": "next", "which": "which", "diagnose": "diagnose", "order": "order", "recall": "recall",
        "이유": "why", "다음": "next", "컴포넌트": "which", "진단": "diagnose", "순서": "order", "암기": "recall"}
RE_OPTION = re.compile(r"^[-*][ \t]+\[(?P<mark>[ xX])\][ \t]*(?P<text>.*)$")
RE_STEP = re.compile(r"^\d+[.)][ \t]+(?P<text>.*)$")
RE_NOTE = re.compile(r"^[ \t]*>[ \t]?(?P<text>.*)$")
RE_ID = re.compile(r"^[A-Za-z0-9][\w-]*$")
RE_CODE = re.compile(r"`([^`]+)`")
RE_BOLD = re.compile(r"\*\*(.+?)\*\*")

# Fairness limits of issue 8, checked over every single-choice question of the site.
FIRST_SLOT_SHARE_OF_THREE = 0.25
# (exact fractions: 1/3 of 30 is 10, not 9.999...)
MAX_CORRECT_FIRST = Fraction(1, 3)
MAX_CORRECT_LONGEST = Fraction(2, 5)
# No shown position may hold more than this share of the answers ("always pick B" must not pay).
MAX_CORRECT_AT_SLOT = Fraction(2, 5)
# Below this many single-choice questions a share says nothing; the summary says it was not judged.
MIN_SINGLE_FOR_LIMITS = 10


@dataclass
class Item:
    """An option (choice types) or a step (order) with its explanation."""

    text: str
    line: int
    correct: bool = False
    step: bool = False
    note: str = ""


@dataclass
class Question:
    """One question of a quiz, with the source lines needed for messages."""

    prompt: str
    line: int
    qid: str = ""
    kind: str = ""
    see: str = ""
    see_line: int = 0
    items: list[Item] = field(default_factory=list)
    answers: list[tuple[str, int]] = field(default_factory=list)
    explain: str = ""
    asks: str = ""
    checklist: list[int] = field(default_factory=list)
    checklist_line: int = 0
    section: Section | None = None


@dataclass
class Quiz:
    """A parsed ``quiz`` block."""

    line: int
    title: str = ""
    qid: str = ""
    questions: list[Question] = field(default_factory=list)


def normalize(text: str) -> str:
    """Compare form of an answer: NFC, single spaces, trimmed, lower case (mirrored in quiz.js)."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def inline_html(text: str) -> str:
    """Escape text and render the small inline Markdown used in quizzes: `code` and **bold**.

    Inline code never breaks at a hyphen, as in the page body: the feedback quiz.js writes from the
    answers' JSON never passes through the page hook that does this (``keep_inline_code_whole``).
    """
    parts = RE_CODE.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"<code>{html.escape(part)}</code>")
        else:
            out.append(RE_BOLD.sub(r"<strong>\1</strong>", html.escape(part)))
    return keep_inline_code_whole("".join(out))


def unknown_block_findings(fences: list[Fence], path: str) -> list[Finding]:
    """Fences whose name looks like a study block but is not one (``quizz``, ``check-list``)."""
    findings = []
    for fence in fences:
        if not fence.lang or fence.lang in BLOCK_NAMES:
            continue
        squashed = fence.lang.replace("-", "").replace("_", "")
        near = difflib.get_close_matches(squashed, BLOCK_NAMES, n=1, cutoff=0.75)
        if near or squashed.startswith(BLOCK_NAMES):
            name = near[0] if near else next(b for b in BLOCK_NAMES if squashed.startswith(b))
            findings.append(Finding(path, fence.start_line, (
                f"알 수 없는 블록 '```{fence.lang}'입니다. '```{name}'을(를) 쓰려던 것이라면 이름을 고치세요 "
                f"(쓸 수 있는 블록: {', '.join(BLOCK_NAMES)})."
            )))
    return findings


def unclosed_finding(fence: Fence, path: str) -> Finding:
    """The message for a study block without its closing fence."""
    return Finding(path, fence.start_line, (
        f"'```{fence.lang}' 블록이 닫히지 않았습니다. 블록 끝에 여는 줄과 같은 길이의 ``` 줄을 넣으세요."
    ))


def parse_quiz(fence: Fence, path: str) -> tuple[Quiz, list[Finding]]:
    """Read a ``quiz`` block into a Quiz; report every line it cannot read."""
    quiz = Quiz(line=fence.start_line)
    findings: list[Finding] = []
    if not fence.closed:
        findings.append(unclosed_finding(fence, path))
    question: Question | None = None
    last_item: Item | None = None
    for index, raw in enumerate(source_lines(fence.body)):
        line_no = fence.line_of(index)
        stripped = raw.strip()
        if not stripped:
            continue
        if match := RE_QUESTION.match(stripped):
            question = Question(prompt=match.group("text").strip(), line=line_no)
            quiz.questions.append(question)
            last_item = None
            continue
        if (match := RE_NOTE.match(raw)) and not RE_KEY.match(stripped):
            if last_item is None:
                findings.append(Finding(path, line_no, (
                    "설명('>')은 선택지나 순서 항목 바로 아래에 쓰세요. 질문 전체의 해설은 'explain:'으로 씁니다."
                )))
            else:
                last_item.note = f"{last_item.note} {match.group('text').strip()}".strip()
            continue
        key_match = RE_KEY.match(stripped)
        if question is None:
            if key_match and key_match.group("key") in ("title", "id"):
                value = key_match.group("value").strip()
                if key_match.group("key") == "title":
                    quiz.title = value
                elif RE_ID.match(value):
                    quiz.qid = value
                else:
                    findings.append(Finding(path, line_no, f"퀴즈 id '{value}'에는 영문, 숫자, '-', '_'만 쓰세요."))
            else:
                findings.append(Finding(path, line_no, (
                    f"질문 밖의 줄입니다: '{stripped}'. 질문은 '? 질문 내용'으로 시작하고, "
                    "그 앞에는 'title:'과 'id:'만 쓸 수 있습니다."
                )))
            continue
        if key_match:
            key, value = key_match.group("key"), key_match.group("value").strip()
            _apply_key(question, key, value, line_no, path, findings)
            if key in ("type", "see", "id", "explain", "title", "asks", "checklist"):
                last_item = None
            continue
        if match := RE_OPTION.match(stripped):
            last_item = Item(match.group("text").strip(), line_no, correct=match.group("mark") != " ")
            question.items.append(last_item)
            continue
        if match := RE_STEP.match(stripped):
            last_item = Item(match.group("text").strip(), line_no, step=True)
            question.items.append(last_item)
            continue
        findings.append(Finding(path, line_no, (
            f"알 수 없는 줄입니다: '{stripped}'. 쓸 수 있는 줄: '? 질문', 'type:', 'see:', 'id:', 'asks:', 'checklist:', "
            "'- [x] 정답', '- [ ] 오답', '1. 순서 항목', '  > 설명', 'answer:', 'explain:'."
        )))
    if not quiz.questions and fence.closed:
        findings.append(Finding(path, fence.start_line, "퀴즈에 질문이 없습니다. '? 질문 내용' 줄로 질문을 추가하세요."))
    for item in quiz.questions:
        item.qid = item.qid or f"q-{hashlib.sha1(item.prompt.encode()).hexdigest()[:8]}"
    return quiz, findings


def _apply_key(question: Question, key: str, value: str, line_no: int, path: str, findings: list[Finding]) -> None:
    """Store one ``key: value`` line of a question."""
    if key == "type":
        kind = TYPES.get(value.lower())
        if kind is None:
            findings.append(Finding(path, line_no, (
                f"알 수 없는 type '{value}'입니다. single(단일), multiple(복수), text(빈칸), order(순서) 중 하나를 쓰세요."
            )))
            question.kind = "?"
        else:
            question.kind = kind
    elif key == "see":
        question.see, question.see_line = value, line_no
    elif key == "answer":
        question.answers.append((value, line_no))
    elif key == "explain":
        question.explain = f"{question.explain} {value}".strip()
    elif key == "asks":
        asks = ASKS.get(value.lower())
        if asks is None:
            findings.append(Finding(path, line_no, (
                f"알 수 없는 asks '{value}'입니다. why(이유), next(다음), which(컴포넌트), diagnose(진단), "
                "order(순서), recall(암기) 중 하나를 쓰세요."
            )))
        else:
            question.asks = asks
    elif key == "checklist":
        numbers = [part.strip() for part in value.split(",")]
        if not numbers or not all(part.isdigit() and int(part) > 0 for part in numbers):
            findings.append(Finding(path, line_no, (
                f"checklist '{value}'를 읽을 수 없습니다. 이 질문이 점검하는 체크리스트 항목 번호를 "
                "'checklist: 5' 또는 'checklist: 2, 3'처럼 쓰세요."
            )))
        else:
            question.checklist = [int(part) for part in numbers]
            question.checklist_line = line_no
    elif key == "id":
        if RE_ID.match(value):
            question.qid = value
        else:
            findings.append(Finding(path, line_no, f"질문 id '{value}'에는 영문, 숫자, '-', '_'만 쓰세요."))
    else:
        findings.append(Finding(path, line_no, "'title:'은 첫 질문 앞에만 쓸 수 있습니다."))


def validate_quiz(quiz: Quiz, path: str, src_uri: str, sections: SectionIndex) -> list[Finding]:
    """Check every question: type, link back, answers, options."""
    findings: list[Finding] = []
    for question in quiz.questions:
        findings.extend(_validate_question(question, path, src_uri, sections))
    return findings


def _validate_question(q: Question, path: str, src_uri: str, sections: SectionIndex) -> list[Finding]:
    """All problems of one question, each on the line that causes it."""
    out: list[Finding] = []
    if not q.prompt:
        out.append(Finding(path, q.line, "질문 내용이 비어 있습니다. '?' 뒤에 질문을 쓰세요."))
    if not q.see:
        out.append(Finding(path, q.line, "다시 볼 곳이 없습니다. 'see: 파일.md#절-id' 줄로 이 질문을 가르치는 절을 연결하세요."))
    else:
        q.section, error = sections.resolve(q.see, src_uri)
        if error:
            out.append(Finding(path, q.see_line, error))
    if not q.kind:
        out.append(Finding(path, q.line, "질문에 type이 없습니다. 'type: single', 'multiple', 'text', 'order' 중 하나를 쓰세요."))
        return out
    if q.kind == "?":
        return out
    options = [item for item in q.items if not item.step]
    steps = [item for item in q.items if item.step]
    label = f"{TYPE_NAMES_KO[q.kind]}({q.kind})"
    if q.kind in ("single", "multiple"):
        if steps or q.answers:
            line = (steps[0].line if steps else q.answers[0][1])
            out.append(Finding(path, line, f"{label} 질문에는 '- [x]'/'- [ ]' 선택지만 씁니다. 번호 목록과 'answer:'는 빼세요."))
        if len(options) < 2:
            out.append(Finding(path, q.line, f"{label} 질문에 선택지가 {len(options)}개입니다. '- [ ] 선택지'를 2개 이상 쓰세요."))
        correct = [item for item in options if item.correct]
        if options and not correct:
            out.append(Finding(path, q.line, "정답이 없습니다. 정답 선택지를 '- [x]'로 표시하세요."))
        if q.kind == "single" and len(correct) > 1:
            lines = ", ".join(str(item.line) for item in correct)
            out.append(Finding(path, correct[1].line, (
                f"단일 선택(single) 질문에 정답이 {len(correct)}개입니다({lines}번째 줄). "
                "정답 하나만 '- [x]'로 두거나 'type: multiple'로 바꾸세요."
            )))
        out.extend(duplicate_entries([(item.text, item.line) for item in options], path, "선택지"))
    elif q.kind == "text":
        if q.items:
            out.append(Finding(path, q.items[0].line, "빈칸(text) 질문에는 선택지를 쓰지 않습니다. 정답은 'answer: 정답' 줄로 쓰세요."))
        if not q.answers:
            out.append(Finding(path, q.line, "정답이 없습니다. 'answer: 정답' 줄을 쓰세요. 다른 표현도 정답이면 'answer:' 줄을 더 쓰세요."))
        if any(not text for text, _ in q.answers):
            out.append(Finding(path, next(line for text, line in q.answers if not text), "'answer:' 뒤가 비어 있습니다."))
        out.extend(duplicate_entries(q.answers, path, "정답"))
    elif q.kind == "order":
        if options or q.answers:
            line = options[0].line if options else q.answers[0][1]
            out.append(Finding(path, line, "순서(order) 질문에는 '1. 항목'처럼 번호 목록만 올바른 순서로 씁니다."))
        if len(steps) < 2:
            out.append(Finding(path, q.line, f"순서(order) 질문에 항목이 {len(steps)}개입니다. '1. 항목'을 2개 이상 쓰세요."))
        out.extend(duplicate_entries([(item.text, item.line) for item in steps], path, "순서 항목"))
    for item in q.items:
        if not item.text:
            out.append(Finding(path, item.line, "선택지(항목) 내용이 비어 있습니다."))
    return out


def duplicate_entries(entries: list[tuple[str, int]], path: str, what: str) -> list[Finding]:
    """Report entries that repeat an earlier one (after normalisation)."""
    seen: dict[str, int] = {}
    out = []
    for text, line in entries:
        key = normalize(text)
        if not key:
            continue
        if key in seen:
            out.append(Finding(path, line, f"{what} '{text}'이(가) {seen[key]}번째 줄과 겹칩니다. 하나를 지우거나 고치세요."))
        else:
            seen[key] = line
    return out


def duplicate_id_findings(quizzes: list[Quiz], path: str) -> list[Finding]:
    """Question ids must be unique on a page: progress is saved under them."""
    seen: dict[str, int] = {}
    out = []
    for quiz in quizzes:
        for q in quiz.questions:
            if q.qid in seen:
                out.append(Finding(path, q.line, (
                    f"질문 id '{q.qid}'가 {seen[q.qid]}번째 줄의 질문과 같습니다. 'id: 다른-id' 줄을 넣거나 질문을 고치세요."
                )))
            else:
                seen[q.qid] = q.line
    return out


def _rng(qid: str, purpose: str) -> random.Random:
    """A generator seeded only by the question id (same sequence in every process and build)."""
    digest = hashlib.sha256(f"{purpose}\0{qid}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def order_permutation(qid: str, count: int) -> list[int]:
    """A stable shuffled display order of an ordering question that is never already the answer."""
    order = list(range(count))
    _rng(qid, "order").shuffle(order)
    if order == sorted(order) and count > 1:
        order = order[1:] + order[:1]
    return order


def first_slot_share(count: int) -> float:
    """Chance that the one correct option of a ``count``-option question is shown first.

    Uniform (1/count) from four options up; with three options the first slot
    gets 1/4 and the others 3/8 each, so the expected site-wide share sits near
    1/4, well under the 1/3 limit (``first_slot_moves`` rarely has to act),
    while no slot is ever ruled out (a learner gains almost nothing by
    "never the first"). Two options stay 1/2: anything else would be a tell.
    """
    if count < 1:
        return 0.0
    if count == 3:
        return FIRST_SLOT_SHARE_OF_THREE
    return 1 / count


def option_order(qid: str, count: int, correct: list[int], *, off_first: bool = False) -> list[int]:
    """Source indexes of a choice question in the order they are shown, stable per question id.

    A single correct option gets its display slot drawn with ``first_slot_share``
    for the first slot and equal chances for the others; every other option
    (and every option of a multiple-choice question) is placed by a plain
    shuffle. ``off_first`` (see ``first_slot_moves``) draws the slot among the
    other slots only.
    """
    rng = _rng(qid, "options")
    order = list(range(count))
    rng.shuffle(order)
    if len(correct) != 1 or count < 2:
        return order
    answer = correct[0]
    first = 0.0 if off_first else first_slot_share(count)
    draw = rng.random()
    slot = 0 if draw < first else 1 + min(count - 2, int((draw - first) / (1 - first) * (count - 1)))
    others = [index for index in order if index != answer]
    return others[:slot] + [answer] + others[slot:]


def shown_order(q: Question, moved: frozenset[str] = frozenset()) -> list[int]:
    """Source indexes of a question's options (or steps) in the order a learner sees them; none for text."""
    if q.kind in ("single", "multiple"):
        correct = [i for i, item in enumerate(q.items) if item.correct]
        return option_order(q.qid, len(q.items), correct, off_first=q.qid in moved)
    if q.kind == "order":
        return order_permutation(q.qid, len(q.items))
    return []


def _single_answer(q: Question) -> int | None:
    """Source index of the one correct option of a single-choice question, else None."""
    correct = [i for i, item in enumerate(q.items) if item.correct]
    return correct[0] if q.kind == "single" and len(correct) == 1 else None


def first_slot_moves(quizzes: list[Quiz]) -> frozenset[str]:
    """Ids of single-choice questions whose correct option moves off the first slot, site-wide.

    Each question's order depends on its id only, so the share of questions
    showing the answer first is random around ``first_slot_share`` and can
    exceed a third by bad luck. When it does (and there are at least
    ``MIN_SINGLE_FOR_LIMITS`` questions), just enough of those questions,
    picked by a hash of their id, draw their slot among the other slots. The
    limit is then met by construction, the first slot stays possible (a third
    of questions at most, the uniform rate for three options) and every other
    question keeps its order.
    """
    singles = [(q, answer) for quiz in quizzes for q in quiz.questions if (answer := _single_answer(q)) is not None]
    first = [q for q, answer in singles if option_order(q.qid, len(q.items), [answer])[0] == answer]
    excess = len(first) - math.floor(MAX_CORRECT_FIRST * len(singles))
    if len(singles) < MIN_SINGLE_FOR_LIMITS or excess <= 0:
        return frozenset()
    ranked = sorted(first, key=lambda q: (_rng(q.qid, "move").random(), q.qid))
    return frozenset(q.qid for q in ranked[:excess])


def render_quiz(
    quiz: Quiz, *, page_key: str, ordinal: int, href: dict[str, str], moved: frozenset[str] = frozenset()
) -> str:
    """Render a validated quiz; ``href`` maps each question's ``see`` to a URL from this page.

    ``moved``: ids from ``first_slot_moves``, whose correct option is not shown first.
    """
    quiz_key = f"{page_key}/{quiz.qid or f'quiz-{ordinal}'}"
    answers: dict[str, object] = {}
    items_html = []
    for number, q in enumerate(quiz.questions, 1):
        dom = f"sk-{hashlib.sha1(f'{quiz_key}/{q.qid}'.encode()).hexdigest()[:10]}"
        legend = f'<legend id="{dom}-l"><span class="sk-n">{number}.</span> {inline_html(q.prompt)}</legend>'
        data: dict[str, object] = {"x": inline_html(q.explain)}
        if q.kind in ("single", "multiple"):
            kind = "radio" if q.kind == "single" else "checkbox"
            correct = [i for i, item in enumerate(q.items) if item.correct]
            rows = "".join(
                f'<label class="sk-opt"><input type="{kind}" name="{dom}" value="{i}"> '
                f"<span>{inline_html(q.items[i].text)}</span></label>"
                for i in shown_order(q, moved)
            )
            body = f'<div class="sk-opts">{rows}</div>'
            data["c"] = correct
            data["e"] = [inline_html(item.note) for item in q.items]
        elif q.kind == "text":
            body = (
                f'<input class="sk-text" type="text" id="{dom}-i" aria-labelledby="{dom}-l" '
                'autocomplete="off" autocapitalize="off" spellcheck="false">'
            )
            data["c"] = [normalize(text) for text, _ in q.answers]
            data["d"] = [inline_html(text) for text, _ in q.answers]
        else:
            shown = shown_order(q)
            rows = "".join(
                f'<li data-k="{k}"><span class="sk-step">{inline_html(q.items[k].text)}</span>'
                '<span class="sk-move" hidden><button type="button" class="sk-up" aria-label="위로 이동">↑</button>'
                '<button type="button" class="sk-down" aria-label="아래로 이동">↓</button></span></li>'
                for k in shown
            )
            body = f'<ol class="sk-order">{rows}</ol>'
            data["c"] = list(range(len(q.items)))
            data["e"] = [inline_html(item.note) for item in q.items]
            data["t"] = [inline_html(item.text) for item in q.items]
        answers[q.qid] = data
        see = ""
        if q.section is not None:
            see = (
                f'<p class="sk-see">다시 볼 곳: <a href="{html.escape(href.get(q.see, "#"))}">'
                f"{inline_html(q.section.title)}</a></p>"
            )
        hint = {"single": "하나를 고르세요.", "multiple": "맞는 것을 모두 고르세요.",
                "text": "답을 입력하세요.", "order": "올바른 순서로 정렬하세요."}[q.kind]
        items_html.append(
            f'<li class="sk-q" data-qid="{html.escape(q.qid)}" data-type="{q.kind}">'
            f'<fieldset>{legend}<p class="sk-hint">{hint}</p>{body}</fieldset>{see}'
            '<div class="sk-actions" data-search-exclude hidden><button type="button" class="sk-btn sk-check">확인</button>'
            '<button type="button" class="sk-btn sk-retry" hidden>다시 풀기</button></div>'
            '<div class="sk-fb" role="status" aria-live="polite"></div></li>'
        )
    payload = html.escape(json.dumps(answers, ensure_ascii=False, separators=(",", ":")), quote=True)
    title = inline_html(quiz.title or "확인 퀴즈")
    return (
        f'<section class="sk-quiz" data-sk-quiz="{html.escape(quiz_key)}" data-sk-answers="{payload}" '
        f'aria-label="{html.escape(quiz.title or "확인 퀴즈")}">'
        f'<p class="sk-quiz__title"><strong>{title}</strong> <span class="sk-count">({len(quiz.questions)}문제)</span></p>'
        '<noscript><p data-search-exclude>퀴즈 채점에는 JavaScript가 필요합니다. 문제는 그대로 읽을 수 있습니다.</p></noscript>'
        f'<ol class="sk-qs">{"".join(items_html)}</ol>'
        '<div class="sk-foot" data-search-exclude hidden><p class="sk-score" aria-live="polite"></p>'
        '<button type="button" class="sk-btn sk-reset">이 퀴즈 기록 지우기</button></div>'
        "</section>"
    )


#: The stand-in for a quiz that search indexes (``render_quiz_for_search``), swapped for the widget afterwards.
RE_QUIZ_SLOT = re.compile(r'<section class="sk-quiz-slot" data-sk-slot="(?P<slot>\d+)">.*?</section>', re.DOTALL)


def render_quiz_for_search(quiz: Quiz, *, slot: int) -> str:
    """What the search index reads in place of the quiz: its title and questions, no options, no answers.

    The widget (``render_quiz``) carries about twenty tags per question, which
    Material's search plugin parses on every build; this stand-in holds the
    questions in a few. The page itself never shows it: ``fill_quiz_slots`` puts
    the widget in its place once the page is indexed. Options stay out: with
    them a quiz section repeated every command of the page and came before the
    lab that teaches it ("kubectl exec" opened on a 4,600 px list of options).
    The list numbers the questions (the text does not, or a result reads "1. 1.").
    """
    rows = [f"<li>{inline_html(q.prompt)}</li>" for q in quiz.questions]
    title = inline_html(quiz.title or "확인 퀴즈")
    return (
        f'<section class="sk-quiz-slot" data-sk-slot="{slot}"><p>{title} ({len(quiz.questions)}문제)</p>'
        f'<ol>{"".join(rows)}</ol></section>'
    )


def fill_quiz_slots(page_html: str, widgets: dict[int, str]) -> tuple[str, list[int]]:
    """Put each quiz widget in place of its search stand-in; return the page and the slots left unfilled."""
    missing: list[int] = []

    def widget(match: re.Match[str]) -> str:
        slot = int(match.group("slot"))
        if slot not in widgets:
            missing.append(slot)
            return match.group(0)
        return widgets[slot]

    return RE_QUIZ_SLOT.sub(widget, page_html), missing


def plain_length(text: str) -> int:
    """Length of an option as a learner sees it: no backticks or bold markers, single spaces."""
    return len(" ".join(RE_BOLD.sub(r"\1", text).replace("`", "").split()))


def _share(part: int, whole: int) -> str:
    """``part/whole (NN%)`` for the summary line."""
    return f"{part}/{whole}({round(100 * part / whole) if whole else 0}%)"


@dataclass
class QuizStats:
    """Site-wide counts for the quiz summary line and the fairness warnings."""

    kinds: dict[str, int] = field(default_factory=dict)
    single: int = 0
    #: ``docs/x.md:LINE`` of single-choice questions whose correct option is shown first.
    correct_first: list[str] = field(default_factory=list)
    #: ... by the position (1-based) their correct option is shown at.
    correct_at: dict[int, list[str]] = field(default_factory=dict)
    #: ... whose correct option is the longest (ties included).
    correct_longest: list[str] = field(default_factory=list)
    recall: int = 0
    without_asks: int = 0

    @property
    def questions(self) -> int:
        """Number of questions counted."""
        return sum(self.kinds.values())

    def add(self, quiz: Quiz, path: str, moved: frozenset[str] = frozenset()) -> None:
        """Count the questions of one valid quiz block, shown as ``render_quiz`` shows them."""
        for q in quiz.questions:
            self.kinds[q.kind] = self.kinds.get(q.kind, 0) + 1
            self.recall += q.asks == "recall"
            self.without_asks += not q.asks
            if q.kind != "single":
                continue
            answer = _single_answer(q)
            if answer is None:
                continue
            self.single += 1
            where = f"{path}:{q.line}"
            slot = option_order(q.qid, len(q.items), [answer], off_first=q.qid in moved).index(answer) + 1
            self.correct_at.setdefault(slot, []).append(where)
            if slot == 1:
                self.correct_first.append(where)
            lengths = [plain_length(item.text) for item in q.items]
            if lengths[answer] == max(lengths):
                self.correct_longest.append(where)

    def summary(self) -> str:
        """One Korean line: counts per type, the fairness shares (first, each position, longest) and recall."""
        kinds = ", ".join(f"{name} {self.kinds[k]}" for k, name in TYPE_NAMES_KO.items() if self.kinds.get(k))
        slots = ", ".join(f"{slot}번째 {_share(len(self.correct_at[slot]), self.single)}" for slot in sorted(self.correct_at))
        return (
            f"퀴즈: 질문 {self.questions}개({kinds}) · 단일 선택에서 정답이 첫 번째로 보임 "
            f"{_share(len(self.correct_first), self.single)}, 기준 ≤ 33% · 정답이 보이는 자리 "
            f"{slots or '없음'}, 기준 자리마다 ≤ 40% · 정답이 가장 긴 선택지 "
            f"{_share(len(self.correct_longest), self.single)}, 기준 ≤ 40% · asks: recall "
            f"{_share(self.recall, self.questions)}" + (f", asks 없음 {self.without_asks}" if self.without_asks else "")
            + ("" if self.judged else f" · 단일 선택이 {MIN_SINGLE_FOR_LIMITS}개 미만이라 기준은 검사하지 않음")
        )

    @property
    def judged(self) -> bool:
        """Whether there are enough single-choice questions for the shares to mean something."""
        return self.single >= MIN_SINGLE_FOR_LIMITS

    def warnings(self) -> list[str]:
        """A message for each fairness limit the site exceeds, naming the questions to fix."""
        return [message for message, _ in self._breaches()]

    def warning_findings(self) -> list[Finding]:
        """The same warnings as findings, each placed at the first question it names."""
        out = []
        for message, places in self._breaches():
            path, _, line = places[0].rpartition(":")
            out.append(Finding(path, int(line), message))
        return out

    def _breaches(self) -> list[tuple[str, list[str]]]:
        """Each exceeded limit with its message and the ``docs/x.md:LINE`` places behind it."""
        out: list[tuple[str, list[str]]] = []
        if not self.judged:
            return out
        if len(self.correct_first) > MAX_CORRECT_FIRST * self.single:
            out.append((
                f"퀴즈 공정성: 단일 선택 질문 {_share(len(self.correct_first), self.single)}에서 정답이 첫 번째로 "
                "보입니다(기준: 1/3 이하). 보이는 순서는 빌드가 정하므로 내용의 문제가 아니라 "
                f"first_slot_moves의 버그입니다. 이 질문들을 알려 주세요: {', '.join(self.correct_first)}",
                self.correct_first,
            ))
        for slot in sorted(self.correct_at):
            places = self.correct_at[slot]
            if len(places) > MAX_CORRECT_AT_SLOT * self.single:
                out.append((
                    f"퀴즈 공정성: 단일 선택 질문 {_share(len(places), self.single)}에서 정답이 {slot}번째 자리에 "
                    f"보입니다(기준: 자리마다 40% 이하). 그러면 '모르면 {slot}번째'라는 요령이 통합니다. "
                    "선택지가 3개인 질문은 정답이 2·3번째에 3/8씩 몰리므로, 그럴듯한 네 번째 선택지를 "
                    f"끝에 더하세요(4개부터는 모든 자리가 1/4): {', '.join(places)}",
                    places,
                ))
        if len(self.correct_longest) > MAX_CORRECT_LONGEST * self.single:
            out.append((
                f"퀴즈 공정성: 단일 선택 질문 {_share(len(self.correct_longest), self.single)}에서 정답이 가장 긴 "
                "선택지입니다(기준: 40% 이하). 오답도 정답만큼 구체적으로 쓰거나 정답을 줄이세요: "
                f"{', '.join(self.correct_longest)}",
                self.correct_longest,
            ))
        return out


def checklist_reference_findings(quiz: Quiz, path: str, checklist_size: int | None) -> list[Finding]:
    """``checklist:`` numbers must name items of the lesson's checklist (``None``: the lesson has none)."""
    out = []
    for q in quiz.questions:
        if not q.checklist:
            continue
        if checklist_size is None:
            out.append(Finding(path, q.checklist_line, (
                "이 학습 폴더에 ```checklist 블록이 없어 'checklist:' 번호를 확인할 수 없습니다. "
                "체크리스트를 추가하거나 'checklist:' 줄을 지우세요."
            )))
            continue
        wrong = [n for n in q.checklist if n > checklist_size]
        if wrong:
            out.append(Finding(path, q.checklist_line, (
                f"체크리스트에 {', '.join(map(str, wrong))}번 항목이 없습니다(항목 {checklist_size}개). "
                f"1부터 {checklist_size} 사이의 번호를 쓰세요."
            )))
    return out

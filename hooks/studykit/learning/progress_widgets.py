"""A learner's own progress: ``checklist`` and ``studylog`` fenced blocks.

Pure code, no MkDocs import. Both render as plain HTML form controls that
work (unsaved) without JavaScript; ``progress.js`` saves them in localStorage.

    ```checklist
    - Control Plane 컴포넌트
      > API Server, etcd, Scheduler, CM
      see: 02-architecture.md#control-plane
    ```

    ```studylog
    date: 학습일
    hours: 실제 소요 시간
    checks: 완료한 실습
    - minikube 설치 및 시작
    text: 이해가 어려웠던 부분
    ```
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field

from studykit.learning.quiz import RE_ID, duplicate_entries, inline_html, normalize, unclosed_finding
from studykit.markdown_source import Fence, Finding, source_lines
from studykit.site import Section, SectionIndex

RE_ITEM = re.compile(r"^[-*][ \t]+(?:\[[ xX]\][ \t]*)?(?P<text>.*)$")
RE_NOTE = re.compile(r"^>[ \t]?(?P<text>.*)$")
RE_KEY = re.compile(r"^(?P<key>[a-z]+)[ \t]*:(?P<value>.*)$")
FIELD_KINDS = ("date", "hours", "checks", "text")


@dataclass
class CheckItem:
    """One checklist row: label, description, optional link back."""

    label: str
    line: int
    note: str = ""
    see: str = ""
    see_line: int = 0
    section: Section | None = None

    @property
    def key(self) -> str:
        """Stable storage key from the label."""
        return hashlib.sha1(normalize(self.label).encode()).hexdigest()[:8]


@dataclass
class Checklist:
    """A parsed ``checklist`` block."""

    line: int
    bid: str = ""
    title: str = ""
    items: list[CheckItem] = field(default_factory=list)


@dataclass
class LogField:
    """One field of a study log."""

    kind: str
    label: str
    line: int
    choices: list[tuple[str, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable storage key from the label."""
        return "f" + hashlib.sha1(normalize(self.label).encode()).hexdigest()[:8]


@dataclass
class StudyLog:
    """A parsed ``studylog`` block."""

    line: int
    bid: str = ""
    title: str = ""
    fields: list[LogField] = field(default_factory=list)


def parse_checklist(fence: Fence, path: str, src_uri: str, sections: SectionIndex) -> tuple[Checklist, list[Finding]]:
    """Read and validate a ``checklist`` block."""
    block = Checklist(line=fence.start_line)
    findings: list[Finding] = [] if fence.closed else [unclosed_finding(fence, path)]
    for index, raw in enumerate(source_lines(fence.body)):
        line_no, text = fence.line_of(index), raw.strip()
        if not text:
            continue
        if match := RE_ITEM.match(text):
            block.items.append(CheckItem(match.group("text").strip(), line_no))
            if not block.items[-1].label:
                findings.append(Finding(path, line_no, "체크리스트 항목 내용이 비어 있습니다."))
        elif (match := RE_NOTE.match(text)) and block.items:
            block.items[-1].note = f"{block.items[-1].note} {match.group('text').strip()}".strip()
        elif (match := RE_KEY.match(text)) and match.group("key") == "see" and block.items:
            item = block.items[-1]
            item.see, item.see_line = match.group("value").strip(), line_no
            item.section, error = sections.resolve(item.see, src_uri)
            if error:
                findings.append(Finding(path, line_no, error))
        elif (match := RE_KEY.match(text)) and match.group("key") in ("id", "title") and not block.items:
            _set_header(block, match.group("key"), match.group("value").strip(), path, line_no, findings)
        else:
            findings.append(Finding(path, line_no, (
                f"체크리스트에서 읽을 수 없는 줄입니다: '{text}'. 항목은 '- 항목', 그 아래 '  > 설명', "
                "'  see: 파일.md#절-id'로 씁니다 (첫 항목 앞에는 'id:', 'title:')."
            )))
    if fence.closed and not block.items:
        findings.append(Finding(path, fence.start_line, "체크리스트에 항목이 없습니다. '- 항목' 줄을 추가하세요."))
    findings.extend(duplicate_entries([(i.label, i.line) for i in block.items], path, "체크리스트 항목"))
    return block, findings


def parse_studylog(fence: Fence, path: str) -> tuple[StudyLog, list[Finding]]:
    """Read and validate a ``studylog`` block."""
    block = StudyLog(line=fence.start_line)
    findings: list[Finding] = [] if fence.closed else [unclosed_finding(fence, path)]
    for index, raw in enumerate(source_lines(fence.body)):
        line_no, text = fence.line_of(index), raw.strip()
        if not text:
            continue
        key = RE_KEY.match(text)
        item = RE_ITEM.match(text)
        if key and key.group("key") in FIELD_KINDS:
            block.fields.append(LogField(key.group("key"), key.group("value").strip(), line_no))
            if not block.fields[-1].label:
                findings.append(Finding(path, line_no, f"'{key.group('key')}:' 뒤에 항목 이름을 쓰세요."))
        elif key and key.group("key") in ("id", "title") and not block.fields:
            _set_header(block, key.group("key"), key.group("value").strip(), path, line_no, findings)
        elif item and block.fields and block.fields[-1].kind == "checks":
            block.fields[-1].choices.append((item.group("text").strip(), line_no))
        else:
            findings.append(Finding(path, line_no, (
                f"학습 기록에서 읽을 수 없는 줄입니다: '{text}'. 쓸 수 있는 줄: 'date: 이름', 'hours: 이름', "
                "'text: 이름', 'checks: 이름'과 그 아래 '- 항목'."
            )))
    if fence.closed and not block.fields:
        findings.append(Finding(path, fence.start_line, "학습 기록에 항목이 없습니다. 'date: 학습일' 같은 줄을 추가하세요."))
    for log_field in block.fields:
        if log_field.kind == "checks" and not log_field.choices:
            findings.append(Finding(path, log_field.line, f"'{log_field.label}' 아래에 '- 항목' 줄을 하나 이상 쓰세요."))
        findings.extend(duplicate_entries(log_field.choices, path, "항목"))
    findings.extend(duplicate_entries([(f.label, f.line) for f in block.fields], path, "학습 기록 항목"))
    return block, findings


def _set_header(block: Checklist | StudyLog, key: str, value: str, path: str, line: int, out: list[Finding]) -> None:
    """Apply an ``id:`` or ``title:`` header line."""
    if key == "title":
        block.title = value
    elif RE_ID.match(value):
        block.bid = value
    else:
        out.append(Finding(path, line, f"id '{value}'에는 영문, 숫자, '-', '_'만 쓰세요."))


def render_checklist(block: Checklist, *, page_key: str, ordinal: int, href: dict[str, str]) -> str:
    """Checkboxes that work without JavaScript; progress.js saves them."""
    key = f"{page_key}/{block.bid or f'checklist-{ordinal}'}"
    rows = []
    for item in block.items:
        note = f' <span class="sk-note">— {inline_html(item.note)}</span>' if item.note else ""
        see = ""
        if item.section is not None:
            see = f' <a class="sk-link" href="{html.escape(href.get(item.see, "#"))}">다시 볼 곳: {inline_html(item.section.title)}</a>'
        rows.append(
            f'<li><label><input type="checkbox" data-k="{item.key}"> '
            f"<strong>{inline_html(item.label)}</strong></label>{note}{see}</li>"
        )
    title = f'<p class="sk-quiz__title"><strong>{inline_html(block.title)}</strong></p>' if block.title else ""
    return (
        f'<div class="sk-checklist" data-sk-checklist="{html.escape(key)}">{title}'
        f'<p class="sk-progress" aria-live="polite" hidden></p><ul class="sk-checks">{"".join(rows)}</ul>'
        '<p class="sk-tools" hidden><button type="button" class="sk-btn sk-clear">체크 모두 지우기</button></p></div>'
    )


def render_studylog(block: StudyLog, *, page_key: str, ordinal: int) -> str:
    """A form of real inputs (usable without JavaScript); progress.js saves, copies and prints it."""
    key = f"{page_key}/{block.bid or f'studylog-{ordinal}'}"
    parts = []
    for log_field in block.fields:
        label = inline_html(log_field.label)
        name = log_field.key
        attrs = f'class="sk-field" data-kind="{log_field.kind}" data-label="{html.escape(log_field.label)}"'
        if log_field.kind == "date":
            parts.append(f'<p {attrs}><label>{label} <input type="date" name="{name}"></label></p>')
        elif log_field.kind == "hours":
            parts.append(
                f'<p {attrs}><label>{label} <input type="number" name="{name}" min="0" step="0.5" '
                'inputmode="decimal"> 시간</label></p>'
            )
        elif log_field.kind == "text":
            parts.append(f'<p {attrs}><label>{label}<textarea name="{name}" rows="3"></textarea></label></p>')
        else:
            boxes = "".join(
                f'<label><input type="checkbox" name="{name}" value="{html.escape(text)}"> {inline_html(text)}</label>'
                for text, _ in log_field.choices
            )
            parts.append(f"<fieldset {attrs}><legend>{label}</legend>{boxes}</fieldset>")
    title = f'<p class="sk-quiz__title"><strong>{inline_html(block.title)}</strong></p>' if block.title else ""
    return (
        f'<form class="sk-log" data-sk-log="{html.escape(key)}" data-title="{html.escape(block.title or "학습 기록")}" '
        f'action="#" onsubmit="return false">{title}{"".join(parts)}'
        '<p class="sk-tools" hidden><button type="button" class="sk-btn sk-copy">Markdown으로 복사</button> '
        '<button type="button" class="sk-btn sk-print">인쇄용 보기</button> '
        '<button type="button" class="sk-btn sk-clear">기록 지우기</button></p>'
        '<p class="sk-status" role="status" aria-live="polite"></p>'
        '<textarea class="sk-md" readonly rows="10" aria-label="Markdown으로 만든 학습 기록" hidden></textarea></form>'
    )

"""Tests wait for signals, not for fixed times (docs/contributing/testing.md).

A fixed wait before a "nothing happened" check passes on a busy machine whether or not the bug is
there, and a fixed wait for something fails there now and then. A line that waits a fixed time on
purpose, because that time is the behaviour under test, says so with ``fixed-wait:`` and a reason
in a comment on the same line.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
#: Playwright's fixed wait (Python and JavaScript spelling), any sleep, and JavaScript timers.
RE_FIXED_WAIT = re.compile(r"\bwait_for_timeout\s*\(|\bwaitForTimeout\s*\(|\bsleep\s*\(|\bset(?:Timeout|Interval)\s*\(")
RE_ALLOWED = re.compile(r"(?:#|//)\s*fixed-wait:\s*\S")


def fixed_waits(text: str) -> list[int]:
    """Line numbers (from 1) that wait a fixed time without a ``fixed-wait:`` comment saying why."""
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if RE_FIXED_WAIT.search(line) and not RE_ALLOWED.search(line)]


def test_each_kind_of_fixed_wait_is_found_unless_it_says_why() -> None:
    sample = "\n".join([
        "page.wait_for_timeout(100)",
        "time.sleep(1.1)",
        "await asyncio.sleep(0.5)",
        "page.evaluate('() => new Promise(done => setTimeout(done, 200))')",
        "page.evaluate('setInterval(poll, 50)')",
        "await page.waitForTimeout(10)",
        "time.sleep(2)  # fixed-wait: the lock expires after 2 s, the behaviour under test",
        "page.wait_for_function('window.ready')",
        "assert 'sleep' in text  # the word alone is no wait",
        "time.sleep(1)  # fixed-wait:",
    ])
    assert fixed_waits(sample) == [1, 2, 3, 4, 5, 6, 10]


def test_no_test_waits_a_fixed_time_without_saying_why() -> None:
    checked, found = 0, []
    for path in sorted(TESTS.rglob("*")):
        if path.suffix not in {".py", ".js", ".mjs"} or path == Path(__file__):
            continue
        checked += 1
        found += [f"{path.relative_to(TESTS.parent)}:{number}" for number in fixed_waits(path.read_text(encoding="utf-8"))]
    assert checked >= 50, f"only {checked} test files were read"
    assert found == [], ("a fixed wait: wait for the event, a frame after the action or a request that marks the end "
                         "instead (tests/support/browser.py has helpers), or say `fixed-wait: <why>` in a comment: "
                         + ", ".join(found))

"""Small units: the shell splitter, kubectl lookup and argument normalisation."""

from __future__ import annotations

import sys
from pathlib import Path

from studykit.checker.kubectl_check import STUB_FILE, find_kubectl, normalize
from studykit.checker.shell_parse import command_words, parse_block


def kubectl_argvs(body: str, lang: str = "bash") -> list[tuple[int, list[str]]]:
    """Return ``(line, argv)`` for each kubectl command in a block."""
    out = []
    for command in parse_block(body, lang).commands:
        words = command_words(command)
        if words and words[0].text == "kubectl":
            out.append((words[0].line, [w.text for w in words]))
    return out


def test_splits_pipes_lists_continuations_and_comments() -> None:
    """Every kubectl in a line of pipes and lists is found at its own line."""
    body = "# kubectl get nothing\nkubectl get po | grep x && kubectl get svc; kubectl get ns\nkubectl logs x \\\n  --tail=5\n"
    assert kubectl_argvs(body) == [
        (1, ["kubectl", "get", "po"]),
        (1, ["kubectl", "get", "svc"]),
        (1, ["kubectl", "get", "ns"]),
        (2, ["kubectl", "logs", "x", "--tail=5"]),
    ]


def test_heredoc_body_and_target() -> None:
    """A heredoc's body, first body line and target file are known; its text is not a command."""
    block = parse_block("cat << 'EOF' > p.yaml\nkind: Pod\nkubectl get po\nEOF\nkubectl apply -f p.yaml\n")
    assert [(h.target, h.body_line, h.body) for h in block.heredocs] == [("p.yaml", 1, "kind: Pod\nkubectl get po\n")]
    assert [c.line for c in block.commands if c.name == "kubectl"] == [4]


def test_placeholders_are_arguments_not_redirections() -> None:
    """``kubectl logs <pod>`` is one command whose argument is a placeholder."""
    block = parse_block("kubectl logs <pod>\n")
    assert "<" not in block.script and not block.commands[0].redirects
    assert normalize(command_words(block.commands[0])[1:]) == ["logs", "pod/pods"]


def test_console_prompts_and_output() -> None:
    """Only ``$ `` lines (and their continuations) are commands in a console block."""
    body = "$ kubectl get po\nNAME READY\n$ kubectl get svc \\\n>   -A\n"
    assert kubectl_argvs(body, "console") == [(0, ["kubectl", "get", "po"]), (2, ["kubectl", "get", "svc", "-A"])]


def test_file_flags_become_stubs_but_logs_follow_does_not() -> None:
    """``-f FILE`` is replaced by a stub; ``logs -f`` stays a boolean."""
    words = command_words(parse_block("kubectl apply -f web.yaml\n").commands[0])[1:]
    assert normalize(words) == ["apply", "-f", STUB_FILE]
    words = command_words(parse_block("kubectl logs -f nginx\n").commands[0])[1:]
    assert normalize(words) == ["logs", "-f", "nginx"]


def test_kubectl_comes_from_the_package_not_path(monkeypatch) -> None:
    """With an empty PATH the binary is still found, in the scripts dir of this Python."""
    monkeypatch.setenv("PATH", "")
    kubectl = find_kubectl()
    assert kubectl.path.is_file() and kubectl.version
    assert kubectl.path == (Path(sys.executable).parent / "kubectl").resolve()

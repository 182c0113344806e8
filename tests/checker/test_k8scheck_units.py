"""Fast unit tests of the checker's pure parts (no kubectl process): they pin behaviour for mutation testing."""

from __future__ import annotations

import json

from studykit.checker.k8scheck_plan import PagePlanner, Plan, file_arguments, is_reference_page, writes
from studykit.checker.kubectl_check import STUB_FILE, TIMEOUT_SECONDS, Outcome, advice, classify, command_key, deprecations, normalize, relaxed
from studykit.checker.kubectl_sandbox import KUBECONFIG, PRIVATE, SERVER, Sandbox, confine, safe_name, split_flag, stub
from studykit.checker.manifest_check import KubeLoader, ManifestChecker
from studykit.checker.manifest_rules import classify_api, quantity_problems, value_problems
from studykit.checker.shell_parse import Word, command_words, file_target, parse_block
from studykit.markdown_source import Finding, blank_shortcodes

import yaml


def plan(text: str, exists=lambda name, page: False) -> Plan:
    """Plan one page without running anything."""
    result = Plan()
    PagePlanner("v-test", exists).plan_page(text, "docs/p.md", result)
    return result


def words(line: str):
    """Return the command words of the first command in ``line``."""
    return command_words(parse_block(line + "\n").commands[0])


# classification (issue 12: a timeout must never count as accepted)
def test_timeout_is_never_accepted_even_with_a_marker() -> None:
    """``returncode`` None is a timeout: not ok, whatever stderr says."""
    outcome = classify(None, "k8scheck-offline-request-accepted")
    assert not outcome.ok and f"{TIMEOUT_SECONDS:.0f}s" in outcome.message


def test_classify_accepts_exit_zero_and_server_refusal_only() -> None:
    """Exit 0 or the loopback refusal is accepted; anything else keeps kubectl's first real line."""
    assert classify(0, "").ok
    assert classify(1, 'Error from server (Forbidden): k8scheck-offline-request-accepted').ok
    bad = classify(1, "I1126 12:00:00.0 x.go:1] noise\nWarning: something\nerror: unknown flag: --x\nSee help\n")
    assert (bad.ok, bad.message) == (False, "error: unknown flag: --x")
    assert classify(2, "").message == "exit status 2"


def test_deprecations_are_collected_once() -> None:
    """klog W lines and cobra notices that say 'deprecated' are kept, without the klog prefix, once each."""
    stderr = ("W1126 12:10:43.236301 1 helpers.go:728] --dry-run=true is deprecated (boolean value)\n"
              "W1126 12:10:43.236301 1 helpers.go:728] --dry-run=true is deprecated (boolean value)\n"
              "Flag --foo has been deprecated, use --bar\nerror: nothing\n")
    assert deprecations(stderr) == ("--dry-run=true is deprecated (boolean value)", "Flag --foo has been deprecated, use --bar")


# -f files (issue 12: a file written later in the same block does not count)
def test_file_written_later_in_the_same_block_does_not_count() -> None:
    """``kubectl apply -f late.yaml`` before the heredoc that writes it is reported."""
    text = "```bash\nkubectl apply -f late.yaml\ncat <<'EOF' > late.yaml\nkind: X\nEOF\nkubectl apply -f late.yaml\n```\n"
    found = [(f.line, "late.yaml" in f.message) for f in plan(text).findings]
    assert found == [(2, True)]


def test_file_arguments_cover_every_verb_but_not_logs_follow() -> None:
    """``-f``/``--filename``/``-k`` of any verb are files; ``logs -f`` is not; dynamic values are skipped."""
    assert file_arguments(words("kubectl scale --replicas=3 -f foo.yaml --filename=b.yaml -k dir"), "scale") == ["foo.yaml", "b.yaml", "dir"]
    assert file_arguments(words("kubectl logs -f pod"), "logs") == []
    assert file_arguments(words("kubectl apply -f $FILE"), "apply") == []


def test_writes_knows_redirects_tee_and_downloads() -> None:
    """Redirections, ``tee``, ``curl -o``/``-LO`` and ``wget`` name the file they write."""
    def target(line: str):
        return writes(parse_block(line + "\n").commands[-1])
    assert target("kubectl get deploy web -o yaml > web.yaml") == "web.yaml"
    assert target("echo hi | tee out.yaml") == "out.yaml"
    assert target("curl -o a.yaml https://x/y.yaml") == "a.yaml"
    assert target("curl -LO https://x/y.yaml") == "y.yaml"
    assert target("wget https://x/z.yaml") == "z.yaml"
    assert target("curl https://x/y.yaml") is None


# VAR=value kubectl (issue 12: must be checked)
def test_assignment_prefix_and_wrappers_still_plan_kubectl() -> None:
    """``VAR=value kubectl``, ``sudo kubectl`` and ``env A=1 kubectl`` are kubectl calls."""
    jobs = plan("```bash\nKUBE_EDITOR=nano kubectl get pods\nsudo kubectl get pods -A\nenv A=1 kubectl get ns\n```\n").jobs
    assert [j.payload[:2] for j in jobs if j.kind == "kubectl"] == [["get", "pods"], ["get", "pods"], ["get", "ns"]]


def test_synopsis_and_plugins_are_not_run() -> None:
    """``kubectl [command] [TYPE]`` and a plugin made on the page are syntax-only."""
    result = plan("```bash\nkubectl [command] [TYPE]\nchmod +x ./kubectl-hello\nkubectl hello\nkubectl get po\n```\n")
    assert [j.payload for j in result.jobs if j.kind == "kubectl"] == [["get", "po"]]
    assert result.not_runnable == 2


def test_reference_front_matter() -> None:
    """Only ``k8scheck: reference`` in front matter marks a reference page."""
    assert is_reference_page("---\nk8scheck: reference\n---\n# x\n")
    assert not is_reference_page("---\nk8scheck: lab\n---\n")
    assert not is_reference_page("# k8scheck: reference\n")
    assert not is_reference_page("---\n: [\n---\n")


def test_lookalike_reports_name_and_replacement() -> None:
    """An en dash in a flag is named with its code point."""
    [finding] = plan("```bash\nkubectl get pods –n kube-system\n```\n").findings
    assert finding.line == 2 and "U+2013" in finding.message and "–n" in finding.message


def test_unclosed_fence_is_reported_once_at_its_start() -> None:
    """A fence never closed is one finding at its opening line, and nothing inside it runs."""
    result = plan("# t\n\n```bash\nkubectl get podz\n")
    assert [(f.line, "닫히지" in f.message) for f in result.findings] == [(3, True)]
    assert result.jobs == []


# normalisation and sandbox tokens
def test_normalize_stands_in_files_and_confines_targets() -> None:
    """File flags become stand-ins named after their file; target flags are confined."""
    argv = normalize(words("kubectl create secret generic s --from-file=./a.txt --from-file=k=./b.txt --context x")[1:])
    assert argv == ["create", "secret", "generic", "s", f"--from-file={stub('data', './a.txt')}",
                    f"--from-file=k={stub('data', './b.txt')}", "--context=k8scheck"]
    assert normalize(words("kubectl apply -f https://example.com/x.yaml")[1:]) == ["apply", "-f", STUB_FILE]
    assert normalize(words("kubectl cp /tmp/foo pod:/tmp/bar")[1:]) == ["cp", stub("data", "/tmp/foo"), "pod:/tmp/bar"]


def test_relaxed_drops_only_a_trailing_extra_placeholder() -> None:
    """``<map-name> <data-source>`` may drop the second placeholder; a single one may not be dropped."""
    assert relaxed(words("kubectl create configmap <map-name> <data-source>")[1:]) == ["create", "configmap", "pods"]
    assert relaxed(words("kubectl logs <pod>")[1:]) is None
    assert relaxed(words("kubectl logs <pod> --tail=5")[1:]) is None


def test_safe_names_and_flag_split() -> None:
    """Stand-in names cannot climb out of their folder; ``-sURL`` is the server flag."""
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..") == "data"
    assert split_flag("-shttp://x") == ("-s", "http://x")
    assert split_flag("--server=x") == ("--server", "x")
    assert split_flag("--server") == ("--server", None)


# YAML and rules
def test_kube_loader_keeps_strings() -> None:
    """Timestamps, ``=`` and base-60 look-alikes stay strings; ordinary numbers stay numbers."""
    data = yaml.load("a: 2024-05-01\nb: =\nc: 1:20\nd: 10\ne: 1.5\nf: 0x1F\ng: 1e3\n", Loader=KubeLoader)
    assert data == {"a": "2024-05-01", "b": "=", "c": "1:20", "d": 10, "e": 1.5, "f": 31, "g": 1000.0}


def test_quantities() -> None:
    """Valid quantities pass; ``128MB`` gets the Mi/M hint."""
    for ok in ("128Mi", "500m", "1", "0.5", "1e3", "2Gi", "+1k"):
        assert quantity_problems(["x"], ok) == [], ok
    [(_, message)] = quantity_problems(["x"], "128MB")
    assert "128Mi" in message and "128M" in message


def test_api_classification() -> None:
    """Removed, config, custom and built-in documents are told apart."""
    groups = {"apps", "batch"}
    assert classify_api("policy/v1beta1", "PodSecurityPolicy", groups).status == "removed"
    assert classify_api("audit.k8s.io/v1", "Policy", groups).status == "config"
    assert classify_api("v1", "Config", groups).status == "config"
    assert classify_api("example.com/v1", "CronTab", groups).status == "custom"
    assert classify_api("app/v1", "Deployment", groups).status == "api"
    assert classify_api("apps/v1", "Deployment", groups).status == "api"


def test_value_rules_names_labels_ports_selector() -> None:
    """Each documented rule fires on its own mistake and stays quiet on correct values."""
    good = {"kind": "Deployment", "metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "web"}},
            "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}},
                     "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]}}}}
    assert value_problems(good) == []
    bad = {"kind": "Service", "metadata": {"name": "Web.Svc", "labels": {"bad key!": "v"}},
           "spec": {"type": "NodePort", "ports": [{"port": 0, "nodePort": 80}]}}
    paths = [tuple(p) for p, _ in value_problems(bad)]
    assert paths == [("metadata", "name"), ("metadata", "labels", "bad key!"), ("spec", "ports", 0, "port"), ("spec", "ports", 0, "nodePort")]
    mismatch = {**good, "spec": {**good["spec"], "selector": {"matchLabels": {"app": "other"}}}}
    assert [p for p, _ in value_problems(mismatch)] == [["spec", "selector", "matchLabels"]]


def test_enums_reach_the_validator() -> None:
    """The 1.36 allowed values are merged into the strict schemas: an unknown restartPolicy is reported."""
    problems = ManifestChecker().check_manifest("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - name: c\n    image: nginx\n")
    assert [line for line, _ in problems] == [5] and "restartPolicy" in problems[0][1]


def test_shortcodes_are_blanked_in_place() -> None:
    """Hugo shortcodes become spaces; lines stay where they were."""
    text = "a {{< note >}}\n{{% x\ny %}} b\n"
    out = blank_shortcodes(text)
    assert out.count("\n") == text.count("\n") and "{{" not in out and out.startswith("a ") and out.rstrip().endswith("b")
    assert out == "a             \n     \n      b\n"
    glued = blank_shortcodes("kubectl apply -f https://k8s.io/v{{< skew v >}}/a.yaml\n")
    assert glued == "kubectl apply -f https://k8s.io/v" + "x" * 14 + "/a.yaml\n"  # one word, as the reader sees it


def test_data_files_are_reviewed_for_the_pinned_version() -> None:
    """Changing SCHEMA_VERSION without reviewing the enum and API-history tables fails here."""
    import json
    from pathlib import Path

    import studykit.checker
    from studykit.checker.k8s_schemas import SCHEMA_VERSION

    data = Path(studykit.checker.__file__).with_name("data")  # the tables shipped beside the studykit under test
    enums = json.loads((data / "k8s_enums.json").read_text(encoding="utf-8"))
    history = json.loads((data / "k8s_api_history.json").read_text(encoding="utf-8"))
    names = json.loads((data / "k8s_resource_names.json").read_text(encoding="utf-8"))
    assert enums["forSchemaVersion"] == history["forSchemaVersion"] == names["kubernetesVersion"] == SCHEMA_VERSION
    assert "reference-docs" in enums["_source"] and len(enums["_sha256"]) == 64
    assert enums["enums"]["io.k8s.api.core.v1.Container"]["imagePullPolicy"] == ["Always", "IfNotPresent", "Never"]
    assert "deprecation-guide" in history["_source"]


def test_reads_pass_and_port_specs() -> None:
    """Only read-then-act verbs and late flags get the second run; port specs are [LOCAL:]REMOTE."""
    from studykit.checker.kubectl_check import needs_reads, port_forward_problem

    assert needs_reads(["expose", "rc", "x", "--port=80"]) and needs_reads(["get", "pods", "--sort-by=.a"])
    assert not needs_reads(["get", "pods"])
    assert not needs_reads(["logs", "x"])
    assert port_forward_problem(["port-forward", "p", "8080:80", ":80", "80", "8080:http"]) == ""
    assert "5000:6000:7000" in port_forward_problem(["port-forward", "p", "5000:6000:7000"])
    assert port_forward_problem(["get", "5000:6000:7000"]) == ""


def test_loopback_server_parts() -> None:
    """Resource paths parse; plausible objects carry their kind; a list has two items so kubectl sorts."""
    from studykit.checker.k8s_discovery import parse_resource_path, plausible_object

    assert parse_resource_path("/api/v1/namespaces/default/pods/web/log") == ("v1", "default", "pods", "web", "log")
    assert parse_resource_path("/apis/apps/v1/deployments") == ("apps/v1", "", "deployments", "", "")
    assert parse_resource_path("/version") is None
    pod = plausible_object("v1", "Pod", "web", "default")
    assert pod["kind"] == "Pod" and pod["status"]["phase"] == "Running" and pod["metadata"]["namespace"] == "default"
    assert plausible_object("v1", "Service", "s", "default")["spec"]["ports"][0]["port"] == 80


def test_github_annotation_escapes_properties_and_message() -> None:
    """``%``, newlines, ``:`` and ``,`` are escaped as the workflow-command format requires."""
    from studykit.markdown_source import Finding
    from studykit.reporting import github_annotation

    line = github_annotation(Finding("docs/a,b:c.md", 7, "100% sure\nnext"))
    assert line == "::error file=docs/a%2Cb%3Ac.md,line=7::100%25 sure%0Anext"


def test_report_sorts_and_deduplicates() -> None:
    """Findings are logged once each, by file then line."""
    import logging

    from studykit.markdown_source import Finding
    from studykit.reporting import get_logger, report

    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = get_logger("unit-test")
    logger.addHandler(Collect())
    same = Finding("docs/b.md", 2, "x")
    assert report(logger, [same, Finding("docs/a.md", 9, "y"), same, Finding("docs/b.md", 1, "z")]) == 3
    assert seen == ["docs/a.md:9: y", "docs/b.md:1: z", "docs/b.md:2: x"]
    assert logger.name.startswith("mkdocs.")


def test_discovery_helpers() -> None:
    """Plurals follow the apiserver; GA sorts before beta before alpha."""
    from studykit.checker.k8s_discovery import plural_of, version_priority

    assert [plural_of(k, {"Endpoints": "endpoints"}) for k in ("Pod", "Ingress", "NetworkPolicy", "Gateway", "Endpoints")] == [
        "pods", "ingresses", "networkpolicies", "gateways", "endpoints"]
    assert sorted(["v1beta1", "v1", "v2alpha1", "v1beta2", "x"], key=version_priority, reverse=True) == ["v1", "v1beta2", "v1beta1", "v2alpha1", "x"]


def test_shell_parse_heredocs_prompts_and_placeholders() -> None:
    """Heredoc bodies, unclosed heredocs, console prompts and placeholder text."""
    block = parse_block("cat <<-EOF | kubectl apply -f -\n\tkind: Pod\n\tEOF\n")
    [doc] = block.heredocs
    assert (doc.body, doc.closed, doc.feeds_kubectl, doc.delimiter) == ("kind: Pod\n", True, True, "EOF")
    [open_doc] = parse_block("cat <<EOF > a.yaml\nkind: Pod\n").heredocs
    assert (open_doc.closed, open_doc.target, open_doc.line) == (False, "a.yaml", 0)
    console = parse_block("$ kubectl get po\nNAME\n$ echo <x>\n", "console")
    assert console.script.splitlines() == ["kubectl get po", "", "echo __k8scheck_ph__x"]
    assert [w.text for w in parse_block("kubectl get pods 2>/dev/null\n").commands[0].words] == ["kubectl", "get", "pods"]
    assert parse_block("echo \"$(kubectl get po)\" 'a b'\n").commands[0].words[1].dynamic


def test_fences_and_info_attributes() -> None:
    """Fences keep their language, attributes, closing state and real line numbers; indented fences are found."""
    from studykit.markdown_source import iter_fences, line_of_offset, parse_info

    assert parse_info('{ .bash check="skip" }') == ("bash", {"check": "skip"})
    assert parse_info('yaml title="a.yaml"') == ("yaml", {"title": "a.yaml"})
    fences = iter_fences("x\n\n    ```bash\n    kubectl get po\n    ```\n~~~~yaml\na: 1\n")
    assert [(f.lang, f.start_line, f.body, f.closed, f.fence) for f in fences] == [
        ("bash", 3, "kubectl get po\n", True, "```"), ("yaml", 6, "a: 1\n", False, "~~~~")]
    assert line_of_offset("a\nb\nc", 4) == 3


def test_result_cache_round_trip(tmp_path) -> None:
    """The cache persists only when changed, ignores a broken file and a foreign format."""
    from studykit.cache import CACHE_FORMAT, ResultCache

    path = tmp_path / "c" / "r.json"
    cache = ResultCache(path)
    cache.load()
    cache.save()
    assert not path.exists()
    cache.put("k", {"ok": True})
    cache.save()
    again = ResultCache(path)
    again.load()
    assert again.get("k") == {"ok": True}
    path.write_text('{"format": %d, "results": {"x": 1}}' % (CACHE_FORMAT + 1), encoding="utf-8")
    other = ResultCache(path)
    other.load()
    assert other.get("x") is None
    path.write_text("not json", encoding="utf-8")
    broken = ResultCache(path)
    broken.load()
    assert broken.dirty and broken.get("k") is None


def test_child_address_space_is_bounded() -> None:
    """The limit every checker subprocess gets stops a 2 GB allocation (the 1 GB bound of issue 9)."""
    import subprocess
    import sys

    from studykit.checker.kubectl_runs import MEMORY_LIMIT_BYTES, limit_resources

    done = subprocess.run([sys.executable, "-c", f"b = bytearray({MEMORY_LIMIT_BYTES * 2})"], capture_output=True,
                          text=True, timeout=60, preexec_fn=limit_resources, check=False)  # noqa: PLW1509
    assert done.returncode != 0 and "MemoryError" in done.stderr
    assert MEMORY_LIMIT_BYTES == 1 << 30


def _commands(body: str) -> list[tuple[int, list[tuple[str, int, bool]]]]:
    """``(line, [(text, line, dynamic), ...])`` of each command in a block."""
    return [(c.line, [(w.text, w.line, w.dynamic) for w in c.words]) for c in parse_block(body).commands]


def test_expansions_stay_in_one_word_and_are_marked_unknown() -> None:
    """A pipe, quote or parenthesis inside ``$(...)``, ``${...}`` or backticks never splits the command."""
    assert _commands('kubectl logs "$(kubectl get po -o name | head -1)" -n ${NS:-default}\nkubectl get ns\n') == [
        (0, [("kubectl", 0, False), ("logs", 0, False), ("$(kubectl get po -o name | head -1)", 0, True),
             ("-n", 0, False), ("${NS:-default}", 0, True)]),
        (1, [("kubectl", 1, False), ("get", 1, False), ("ns", 1, False)]),
    ]
    assert _commands('kubectl exec $(echo "a)b" ) -- ls\n')[0][1][2] == ('$(echo "a)b" )', 0, True)
    assert [w for w in _commands("kubectl get po -l app=`echo web` $HOME/x $1 $@ $? $ po\n")[0][1][4:]] == [
        ("app=`echo web`", 0, True), ("$HOME/x", 0, True), ("$1", 0, True), ("$@", 0, True), ("$?", 0, True),
        ("$", 0, True), ("po", 0, False),
    ]


def test_quotes_and_escapes_are_removed_like_the_shell_does() -> None:
    (_, words), = _commands("kubectl get po --sort-by='{.metadata.name}' \"a\\\"b\\$c\\d\" a\\ b c\\\nd\n")
    assert words[3:] == [("--sort-by={.metadata.name}", 0, False), ('a"b$c\\d', 0, False), ("a b", 0, False), ("cd", 0, False)]


def test_multi_line_words_keep_the_lines_of_later_commands() -> None:
    """Findings name ``docs/<file>.md:<line>``: a quote or ``$(...)`` spanning lines must not shift them."""
    body = "echo \"$(printf '%s' \"(x)\")\" \"line\nbreak\" $(\n echo hi\n) 'a\nb' x\nkubectl get ns\n"
    (first_line, words), (kubectl_line, _) = _commands(body)
    assert first_line == 0 and kubectl_line == 5
    assert words == [
        ("echo", 0, False), ("$(printf '%s' \"(x)\")", 0, True), ("line\nbreak", 0, False),
        ("$(\n echo hi\n)", 1, True), ("a\nb", 3, False), ("x", 4, False),
    ]


def test_redirections_are_split_from_the_words() -> None:
    (command,) = parse_block("kubectl get po 2>/dev/null >out.txt <in.txt &>all.log 1>&2 >>more.log\n").commands
    assert command.argv() == ["kubectl", "get", "po"]
    assert [(op, w.text) for op, w in command.redirects] == [
        ("2>", "/dev/null"), (">", "out.txt"), ("<", "in.txt"), ("&>", "all.log"), ("1>&", "2"), (">>", "more.log"),
    ]


def test_the_written_file_is_where_the_output_goes() -> None:
    """``kubectl get ... 2>/dev/null > p.yaml`` writes p.yaml; a later ``apply -f p.yaml`` must see it as written."""
    targets = {
        line: file_target(parse_block(line + "\n").commands[0])
        for line in (
            "kubectl get po -o yaml 2>/dev/null > p.yaml", "kubectl get po -o yaml >> all.yaml",
            "kubectl get po -o yaml 1>one.yaml", "kubectl get po -o yaml >| f.yaml", "kubectl get po -o yaml &> both.yaml",
            "kubectl get po -o yaml 2>err.log", "kubectl get po -o yaml > $OUT", "kubectl apply -f - < in.yaml",
            "kubectl get po -o yaml | tee -a t.yaml", "kubectl get po | tee",
        )
    }
    assert list(targets.values()) == ["p.yaml", "all.yaml", "one.yaml", "f.yaml", "both.yaml", None, None, None, None, None]
    tee = parse_block("kubectl get po -o yaml | tee -a t.yaml\n").commands[1]
    assert file_target(tee) == "t.yaml"


def test_prompts_mark_commands_and_everything_else_is_output() -> None:
    """With ``$ `` prompts (or a console block) only prompted lines, their ``>`` continuations and heredocs are commands."""
    body = "$ cat <<EOF > p.yaml\nkind: Pod\n$ not a prompt\nEOF\n$ kubectl apply -f p.yaml\nNAME READY\n$ kubectl get po \\\n> -A\nNAME\n"
    for lang in ("bash", "console"):
        block = parse_block(body, lang)
        assert [(c.line, c.argv()) for c in block.commands] == [
            (0, ["cat"]), (4, ["kubectl", "apply", "-f", "p.yaml"]), (6, ["kubectl", "get", "po", "-A"]),
        ]
        assert [(h.target, h.body_line, h.body) for h in block.heredocs] == [("p.yaml", 1, "kind: Pod\n$ not a prompt\n")]
    assert parse_block("kubectl get po\nNAME READY\n", "console").commands == []  # console without prompts: all output
    assert [c.argv() for c in parse_block("kubectl get po\n", "bash").commands] == [["kubectl", "get", "po"]]


def test_two_heredocs_on_one_line_feed_the_same_file() -> None:
    block = parse_block("cat <<A <<-'B' > x.yaml\na\nA\nb\n\tB\nkubectl apply -f x.yaml\n")
    assert [(h.target, h.body_line, h.body) for h in block.heredocs] == [("x.yaml", 1, "a\n"), ("x.yaml", 3, "b\n")]
    assert [(c.line, c.heredocs) for c in block.commands] == [(0, [0, 1]), (5, [])]


def _paths(data: dict) -> list[str]:
    """The YAML paths ``value_problems`` reports, dotted."""
    return [".".join(map(str, path)) for path, _ in value_problems(data)]


def _pod(container: dict, kind: str = "Pod") -> dict:
    return {"kind": kind, "metadata": {"name": "p"}, "spec": {"containers": [container]}}


def test_every_label_map_and_container_of_a_workload_is_checked() -> None:
    """Labels and containers are found in Pods, pod templates and CronJob job templates, never elsewhere."""
    bad_container = {"name": "Web_1", "image": "", "resources": {"limits": {"memory": "1GB"}, "requests": {"cpu": "half"}}}
    template = {"metadata": {"labels": {"tier": "-x"}}, "spec": {"restartPolicy": "Never", "initContainers": [bad_container], "containers": ["x"]}}
    cron = {"kind": "CronJob", "metadata": {"name": "c", "labels": {"a": "ok"}},
            "spec": {"jobTemplate": {"spec": {"template": template}}}}
    assert _paths(cron) == [
        "spec.jobTemplate.spec.template.metadata.labels.tier",
        "spec.jobTemplate.spec.template.spec.initContainers.0.image",
        "spec.jobTemplate.spec.template.spec.initContainers.0.name",
    ]  # the two quantities are type rules, found wherever a Quantity is: tests/checker/test_type_rules.py
    assert _paths(_pod(bad_container, kind="PodTemplate")) == []  # spec.containers counts only for a Pod
    assert _paths(_pod({"name": "c", "image": None})) == ["spec.containers.0.image"]
    assert _paths(_pod({"name": "<container>", "image": "nginx", "resources": {"limits": {"cpu": "${CPU}"}}})) == []
    service = {"kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": {"app": "a b"}}}
    assert _paths(service) == ["spec.selector.app"]
    assert _paths({**service, "kind": "ConfigMap"}) == []  # a ConfigMap's spec.selector is no label map


def test_label_and_name_limits_are_inclusive() -> None:
    """63 characters is allowed for label names, values and Service names; 64 is not; a dotted name only outside Services."""
    ok, long = "a" * 63, "a" * 64
    labels = {"metadata": {"name": "x", "labels": {ok: ok, "example.com/" + ok: "v", "Example.com/x": "v",
                                                   long: "v", "k": long, "k2": "", "k3": 3}}}
    assert _paths(labels) == ["metadata.labels.Example.com/x", f"metadata.labels.{long}", "metadata.labels.k"]
    assert _paths({"kind": "Service", "metadata": {"name": ok}}) == []
    assert _paths({"kind": "Namespace", "metadata": {"name": "a.b"}}) == ["metadata.name"]
    assert _paths({"kind": "Service", "metadata": {"name": long}}) == ["metadata.name"]
    assert _paths({"kind": "ConfigMap", "metadata": {"name": "a.b-c"}}) == []
    assert _paths({"kind": "ConfigMap", "metadata": {"name": "a" * 254}}) == ["metadata.name"]
    assert _paths({"kind": "ConfigMap", "metadata": {"name": "a" * 253}}) == []
    assert _paths({"kind": "ConfigMap", "metadata": {"name": "Web"}}) == ["metadata.name"]
    assert _paths({"kind": "ConfigMap", "metadata": {"name": "<이름>"}}) == []


def test_port_ranges_are_inclusive_and_node_ports_have_their_own_range() -> None:
    spec = {"type": "NodePort", "ports": [
        {"name": "a", "port": 1, "targetPort": 65535, "nodePort": 30000}, {"name": "b", "port": 65536, "targetPort": 0, "nodePort": 32767},
        {"name": "c", "port": 80, "nodePort": 29999}, {"name": "d", "port": 81, "nodePort": 32768}, {"name": "e", "port": True, "targetPort": "http"}]}
    assert _paths({"kind": "Service", "spec": spec}) == [
        "spec.ports.1.port", "spec.ports.1.targetPort", "spec.ports.2.nodePort", "spec.ports.3.nodePort",
    ]
    messages = [message for _, message in value_problems({"kind": "Service", "spec": spec})]
    assert "1–65535" in messages[0] and "30000–32767" in messages[2]


def test_selector_must_be_non_empty_and_match_the_template() -> None:
    template = {"metadata": {"labels": {"app": "web", "tier": "front"}}}
    for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        assert _paths({"kind": kind, "spec": {"selector": {}, "template": template}}) == ["spec.selector"], kind
    assert _paths({"kind": "Deployment", "spec": {"selector": None}}) == ["spec.selector"]
    assert _paths({"kind": "Deployment", "spec": {"selector": {"matchExpressions": [{"key": "app"}]}}}) == []
    assert _paths({"kind": "Deployment", "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template}}) == []
    assert _paths({"kind": "Deployment", "spec": {"selector": {"matchLabels": {"app": "api"}}, "template": template}}) == [
        "spec.selector.matchLabels",
    ]
    assert _paths({"kind": "Job", "spec": {"selector": {}}}) == []  # only workloads whose selector must match
    assert _paths({"kind": "Deployment", "spec": {"template": template}}) == []  # missing: the schema reports it


def test_quantity_hint_names_both_units_and_rejects_non_quantities() -> None:
    for bad in ("1GB", "1.5 mb", "half", "1Kb2", "--1", "1e", ".", "1ki"):
        assert quantity_problems(["x"], bad), bad
    [(_, message)] = quantity_problems(["x"], "1.5 mb")
    assert "'1.5Mi'(2진) 또는 '1.5M'(10진)" in message
    [(_, message)] = quantity_problems(["x"], "half")
    assert "'128Mi', '1Gi', '500m', '2'" in message and "'half'" in message
    assert quantity_problems(["x"], True) == [] and quantity_problems(["x"], 2) == [] and quantity_problems(["x"], " 2Gi ") == []


def test_removed_api_names_its_replacement_and_version() -> None:
    verdict = classify_api("extensions/v1beta1", "Deployment", {"apps"})
    assert verdict.status == "removed" and "apiVersion: apps/v1로 바꾸세요" in verdict.message and "1.16" in verdict.message
    psp = classify_api("policy/v1beta1", "PodSecurityPolicy", set())
    assert "Pod Security Admission" in psp.message and "1.25" in psp.message
    assert classify_api("extensions/v1beta1", "Ingress", {"apps"}).message.count("networking.k8s.io/v1") == 1
    assert classify_api("policy/v1", "PodDisruptionBudget", {"policy"}).status == "api"
    assert classify_api("kubelet.config.k8s.io/v1beta1", "KubeletConfiguration", set()).status == "config"


def test_confine_replaces_every_target_flag_in_both_spellings() -> None:
    """No lesson command can point kubectl at a real cluster, file or credential; words after ``--`` are the container's."""
    argv = ["get", "po", "--kubeconfig", "/root/.kube/config", "--context=prod", "-shttps://real:6443", "--token", "t",
            "--client-key", "k.pem", "--certificate-authority=ca.pem", "--proxy-url", "http://p", "-n", "x",
            "--", "--server", "keep"]
    assert confine(argv) == [
        "get", "po", f"--kubeconfig={KUBECONFIG}", "--context=k8scheck", f"-s={SERVER}", "--token=k8scheck",
        f"--client-key={stub('key')}", f"--certificate-authority={stub('cert')}", "--proxy-url=", "-n", "x", "--", "--server", "keep",
    ]
    assert confine(["get", "po", "--server"]) == ["get", "po", "--server"]  # no value: kubectl reports it
    assert confine(["exec", "p", "--user", "--", "ls"]) == ["exec", "p", "--user", "--", "ls"]
    assert confine(["get", "--output-directory", "/etc", "--cache-dir=/x"]) == [
        "get", f"--output-directory={PRIVATE}/dump", f"--cache-dir={PRIVATE}/cache",
    ]


def test_sandbox_gives_each_named_file_its_own_stand_in(tmp_path) -> None:
    """Stand-ins live in the sandbox, keep the name kubectl sees, and are removed with it."""
    sandbox = Sandbox()
    try:
        sandbox.server_url = "https://127.0.0.1:9"
        tokens = [KUBECONFIG, SERVER, PRIVATE + "/cache", stub("manifest"), stub("data", "dir/.secret.json"),
                  stub("env", "app.env"), stub("data", "key.txt"), "--from-file=" + stub("data", "key.txt"), stub("dir")]
        resolved = sandbox.resolve(tokens, tmp_path)
        stubs = sandbox.root / "stubs"
        assert resolved == [
            str(tmp_path / "config"), "https://127.0.0.1:9", f"{tmp_path}/cache", str(stubs / "manifest"),
            str(stubs / "data-files" / "secret.json"), str(stubs / "env-files" / "app.env"),
            str(stubs / "data-files" / "key.txt"), f"--from-file={stubs / 'data-files' / 'key.txt'}", str(stubs / "dir"),
        ]
        assert (stubs / "data-files" / "secret.json").read_text(encoding="utf-8") == "{}\n"
        assert (stubs / "env-files" / "app.env").read_text(encoding="utf-8") == "K8SCHECK_APP_ENV=1\n"
        assert (stubs / "data-files" / "key.txt").read_text(encoding="utf-8") == "k8scheck\n"
        assert "kind: Deployment" in (stubs / "manifest").read_text(encoding="utf-8")  # set image|env --local need a pod template
        assert (stubs / "dir" / "kustomization.yaml").read_text(encoding="utf-8") == "resources:\n- stub.yaml\n"
        assert (stubs / "cert").read_bytes().startswith(b"-----BEGIN CERTIFICATE")
        assert b"PRIVATE KEY" in (stubs / "key").read_bytes()
    finally:
        sandbox.cleanup()
    assert not sandbox.root.exists()


def test_missing_schema_package_says_how_to_install_it(monkeypatch) -> None:
    """Without kubernetes-validate the checker fails loudly with the install command, in Korean first."""
    import pytest

    from studykit.checker import k8s_schemas

    def missing(name: str):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(k8s_schemas.resources, "files", missing)
    with pytest.raises(k8s_schemas.SchemaMissingError) as error:
        k8s_schemas.schema_dir()
    assert str(error.value) == (
        "kubernetes-validate 패키지가 설치되어 있지 않습니다 / kubernetes-validate is not installed (pip install -r requirements.txt)"
    )


def _discovery() -> dict:
    from studykit.checker.k8s_discovery import build_discovery
    from studykit.checker.k8s_schemas import schema_dir

    return build_discovery(schema_dir())


def test_discovery_answers_what_kubectl_resolves_names_with() -> None:
    """kubectl turns ``po``, ``deploy`` or ``all`` into resources through discovery: names, scope, verbs, preferred versions."""
    from studykit.checker.k8s_discovery import AGGREGATED, FULL_VERBS

    docs = _discovery()
    core = {r["name"]: r for r in docs["/api/v1"]["resources"]}
    assert core["pods"] == {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod", "verbs": FULL_VERBS,
                            "shortNames": ["po"], "categories": ["all"]}
    assert core["nodes"]["namespaced"] is False and core["nodes"]["shortNames"] == ["no"] and "categories" not in core["nodes"]
    assert core["endpoints"]["singularName"] == "endpoints"
    apps = {r["name"]: r for r in docs["/apis/apps/v1"]["resources"]}
    assert apps["deployments"]["shortNames"] == ["deploy"] and apps["deployments"]["categories"] == ["all"]
    assert docs["/apis/autoscaling"]["preferredVersion"] == {"groupVersion": "autoscaling/v2", "version": "v2"}
    assert [v["version"] for v in docs["/apis/autoscaling"]["versions"]] == ["v2", "v1"]
    reviews = docs["/apis/authentication.k8s.io/v1"]["resources"]
    assert {r["name"]: r["verbs"] for r in reviews} == {"selfsubjectreviews": ["create"], "tokenreviews": ["create"]}
    assert docs["/api"]["versions"] == ["v1"] and docs["/version"]["gitVersion"] == "v1.37.0"
    assert docs["/version"]["minor"] == "37" and docs["/version"]["major"] == "1"
    assert [g["name"] for g in docs["/apis"]["groups"]][:2] == ["admissionregistration.k8s.io", "apiextensions.k8s.io"]
    metrics = docs["/apis/metrics.k8s.io/v1beta1"]["resources"]  # kubectl top
    assert [(r["name"], r["kind"], r["namespaced"], r["verbs"]) for r in metrics] == [
        ("pods", "PodMetrics", True, ["get", "list"]), ("nodes", "NodeMetrics", False, ["get", "list"])]
    (core_group,) = docs[AGGREGATED + "/api"]["items"]
    pods = next(r for r in core_group["versions"][0]["resources"] if r["resource"] == "pods")
    assert pods == {"resource": "pods", "responseKind": {"group": "", "version": "v1", "kind": "Pod"}, "scope": "Namespaced",
                    "singularResource": "pod", "verbs": FULL_VERBS, "shortNames": ["po"], "categories": ["all"]}
    groups = {item["metadata"]["name"]: item for item in docs[AGGREGATED + "/apis"]["items"]}
    assert "" not in groups and [v["version"] for v in groups["autoscaling"]["versions"]] == ["v2", "v1"]
    nodes = next(r for r in groups["metrics.k8s.io"]["versions"][0]["resources"] if r["resource"] == "nodes")
    assert nodes["scope"] == "Cluster" and "shortNames" not in nodes and groups["apps"]["versions"][0]["freshness"] == "Current"


def test_loopback_server_answers_reads_and_refuses_the_rest() -> None:
    """With reads on, a plain GET gets an object or a two-item list; writes get a 422 only for a broken object."""
    from studykit.checker.k8s_discovery import INVALID, DiscoveryServer, sentinel_status

    docs = _discovery()
    server = DiscoveryServer(docs, reads=True, validate=lambda body: "bad port" if '"port": 0' in body else None)
    pod = json.loads(server.read_answer("GET", "/api/v1/namespaces/web/pods/p1"))
    assert (pod["kind"], pod["metadata"]["name"], pod["metadata"]["namespace"]) == ("Pod", "p1", "web")
    listing = json.loads(server.read_answer("GET", "/apis/apps/v1/deployments?limit=500"))
    assert listing["kind"] == "DeploymentList" and [i["metadata"]["namespace"] for i in listing["items"]] == ["default", "default"]
    node = json.loads(server.read_answer("GET", "/api/v1/nodes/n1"))
    assert "namespace" not in node["metadata"]
    for method, path in (("GET", "/api/v1/pods?watch=true"), ("GET", "/api/v1/namespaces/d/pods/p/log"),
                         ("DELETE", "/api/v1/namespaces/d/pods/p"), ("GET", "/api/v1/nothings"), ("GET", "/version")):
        assert server.read_answer(method, path) is None, (method, path)
    assert DiscoveryServer(docs).read_answer("GET", "/api/v1/pods") is None  # reads off
    refused = json.loads(server.write_answer("POST", b' {"spec": {"port": 0}}'))
    assert refused == sentinel_status(f"{INVALID}: bad port", 422) and refused["reason"] == "Invalid"
    assert server.write_answer("PUT", b'{"spec": {"port": 80}}') is None
    assert server.write_answer("PATCH", b'{"spec": {"port": 0}}') is None and server.write_answer("POST", b"port: 0") is None
    assert sentinel_status()["reason"] == "Forbidden" and sentinel_status()["code"] == 403

    def crash(body: str) -> str:
        raise ValueError(body)

    broken = json.loads(DiscoveryServer(docs, validate=crash).write_answer("POST", b"{}"))
    assert broken["message"] == f"{INVALID}: internal error: ValueError"


MULTI_DOCUMENT = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    imagePullPolicyy: Always
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: three
  template:
    metadata:
      labels: {app: d}
    spec:
      containers: [{name: c, image: nginx}]
---
apiVersion: apps/v1
kind: Pod
metadata: {name: p}
---
apiVersion: v1
kind: Podd
---
apiVersion: extensions/v1beta1
kind: Deployment
---
apiVersion: example.com/v1
kind: CronTab
spec: {anything: 1}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: ok}
- apiVersion: v1
  kind: Service
  metadata: {name: Bad.Name}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  a: "1"
  a: "2"
"""


def test_each_schema_mistake_is_reported_at_its_line_with_the_fix() -> None:
    """Every document of a multi-document example is checked; each finding names its line, the field and what to do."""
    problems = ManifestChecker().check_manifest(MULTI_DOCUMENT)
    assert [(line, message.split(" (schema:")[0].split(" (removed")[0].split(" (ValidateServiceName")[0]) for line, message in problems] == [
        (8, "알 수 없는 필드 'imagePullPolicyy' ('spec.containers[0]' 아래): 철자를 확인하거나 지우세요"),
        (14, "필수 필드 'selector' 누락 ('spec' 아래): 추가하세요"),
        (15, "'spec.replicas' 값의 타입 오류: integer 타입으로 바꾸세요"),
        (22, "kind Pod에는 apiVersion 'apps/v1'을 쓸 수 없습니다: v1 중 하나로 바꾸세요"),
        (27, "알 수 없는 kind 'Podd'입니다: Kubernetes v1.37.0의 리소스 이름(예: Pod, Deployment, Service)으로 고치세요"),
        (29, "extensions/v1beta1 Deployment는 Kubernetes v1.16에서 제거된 API입니다: apiVersion: apps/v1로 바꾸세요"),
        (44, "Service 이름 'Bad.Name'은 DNS-1123 레이블(소문자, 숫자, '-'만, 63자 이하, 영숫자로 시작·끝)이어야 합니다: 고치세요"),
        (52, "중복된 키 'a' (처음 나온 곳: 1줄 위): 하나를 지우거나 합치세요 (duplicate key)"),
    ]


def test_top_level_lists_syntax_errors_and_string_values() -> None:
    checker = ManifestChecker()
    assert [line for line, _ in checker.check_manifest("- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a.b}\n")] == [2]
    [(line, message)] = checker.check_manifest("a: [1\nb: 2\n")
    assert line == 1 and message.startswith("YAML 문법 오류입니다: 들여쓰기와 콜론(:)을 확인하세요 (expected ',' or ']'")
    [(line, message)] = checker.check_manifest("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: 1\n")
    assert line == 5 and message.startswith("'data.a' 값의 타입 오류: string 타입으로 바꾸세요")
    assert checker.check_manifest("---\n# only a comment\n---\nplain: text\n") == []


NORMALIZED = {
    # placeholders: a lone one after the verb stands for TYPE/NAME, elsewhere a plausible value
    "kubectl logs -f <pod>": ["logs", "-f", "pod/pods"],
    "kubectl logs -f=true web": ["logs", "-f=true", "web"],
    "kubectl describe pod <pod-name>": ["describe", "pod", "pods"],
    "kubectl explain <resource>": ["explain", "pods"],
    "kubectl get po <pod> <other>": ["get", "po", "pods", "pods"],
    "kubectl scale deploy/web --replicas <count>": ["scale", "deploy/web", "--replicas", "1"],
    "kubectl create deployment web --image=<image> --replicas=$N": ["create", "deployment", "web", "--image=1", "--replicas=1"],
    "kubectl get pods -l app=$(echo web)": ["get", "pods", "-l", "app=1"],
    "kubectl exec web -- sh -c 'echo <x>'": ["exec", "web", "--", "sh", "-c", "echo pods"],
    # output formats: a placeholder is yaml, template files get stand-ins
    "kubectl get po -o=<format>": ["get", "po", "-o=yaml"],
    "kubectl get po -o $FMT": ["get", "po", "-o", "yaml"],
    "kubectl get po -o jsonpath-file=tpl.txt": ["get", "po", "-o", f"jsonpath-file={stub('jsonpath')}"],
    "kubectl get po -o custom-columns-file=c.txt": ["get", "po", "-o", f"custom-columns-file={stub('columns')}"],
    "kubectl get po -o go-template-file --template t.tmpl": ["get", "po", "-o", "go-template-file", "--template", stub("gotemplate")],
    "kubectl get po -o=templatefile --template=t.tmpl": ["get", "po", "-o=templatefile", f"--template={stub('gotemplate')}"],
    "kubectl get po -o go-template --template '{{.kind}}'": ["get", "po", "-o", "go-template", "--template", "{{.kind}}"],
    # files kubectl would read become stand-ins, named ones keep their name
    "kubectl get po -f -": ["get", "po", "-f", STUB_FILE],
    "kubectl apply --filename=https://x.test/a.yaml": ["apply", f"--filename={STUB_FILE}"],
    "kubectl apply -k ./overlay": ["apply", "-k", stub("dir")],
    "kubectl create secret generic s --from-file=key=./a.txt --from-env-file .env --from-file b.json": [
        "create", "secret", "generic", "s", f"--from-file=key={stub('data', 'a.txt')}", "--from-env-file", stub("env", "env"),
        "--from-file", stub("data", "b.json")],
    "kubectl certificate approve --cert c --key k": ["certificate", "approve", "--cert", stub("cert"), "--key", stub("key")],
    "kubectl kustomize ./dir": ["kustomize", stub("dir")],
    "kubectl kustomize https://x.test/y": ["kustomize", "https://x.test/y"],
    "kubectl cp ./a.txt web:/tmp/a": ["cp", stub("data", "a.txt"), "web:/tmp/a"],
    "kubectl cp web:/tmp/a ./b": ["cp", "web:/tmp/a", stub("data", "b")],
    # proxy would serve forever: only its flags are parsed
    "kubectl proxy --port=8001": ["proxy", "--port=8001", "--help"],
    # credential files become the sandbox's TLS pair: ``--embed-certs`` has something to embed
    "kubectl config set-credentials u --client-certificate=c.crt --embed-certs": [
        "config", "set-credentials", "u", f"--client-certificate={stub('cert')}", "--embed-certs"],
}


def test_normalize_gives_kubectl_runnable_arguments() -> None:
    """Placeholders, expansions and files become values kubectl can parse; nothing points outside the sandbox."""
    for line, expected in NORMALIZED.items():
        assert normalize(words(line)[1:]) == expected, line


def test_only_a_trailing_extra_placeholder_is_relaxed() -> None:
    assert relaxed(words("kubectl create configmap <map-name> <data-source>")[1:]) == ["create", "configmap", "pods"]
    assert relaxed(words("kubectl get po <pod> <other> --watch")[1:]) == ["get", "po", "pods", "--watch"]
    assert relaxed(words("kubectl get <type> web")[1:]) is None
    assert relaxed(words("kubectl get po <pod>")[1:]) is None


def test_classify_keeps_the_first_real_complaint_line() -> None:
    stderr = "I0101 00:00:00.000000 1 x.go:1] noise\nWarning: something\n\n  error: unknown flag: --bogus  \nSee 'kubectl get --help'\n"
    assert classify(1, stderr) == Outcome(ok=False, message="error: unknown flag: --bogus")
    assert classify(2, "Warning: only a warning\n") == Outcome(ok=False, message="exit status 2")
    assert classify(1, "error: no context exists with the name: \"x\"\n").ok
    assert advice("error: unknown shorthand flag: 'z' in -z") == "kubectl이 모르는 짧은 플래그입니다: 철자를 고치거나 지우세요"
    assert advice("error: something new") == "kubectl이 이 명령을 받아들이지 않습니다: 인자와 플래그를 확인하세요"
    assert advice("timed out after 10s").startswith("kubectl이 제한 시간 안에 끝나지 않았습니다")
    assert command_key("v1", ["get", "a b"]) == "kubectl v1\0get 'a b'" != command_key("v2", ["get", "a b"])


RECORDED_PAGE = (
    "# 페이지\n\n```bash\nkubectl get po\nkubectl get pods --show-labels=maybe\n```\n\n"
    "```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n  bogus: 1\n```\n\n"
    "```bash\nif true; then\n  echo hi\n```\n"
)


def test_recorded_results_become_located_findings_and_counts(tmp_path) -> None:
    """Results kubectl, the schemas and ``bash -n`` gave before (the cache) are turned into findings without running anything."""
    from studykit.cache import ResultCache
    from studykit.checker.k8scheck import Checker
    from studykit.checker.kubectl_check import Kubectl

    planned = plan(RECORDED_PAGE)
    keys = {(job.kind, job.line): job.key for job in planned.jobs}
    refused = 'error: invalid argument "maybe" for "--show-labels" flag: strconv.ParseBool: parsing "maybe": invalid syntax'
    cache = ResultCache(None)
    cache.data = {
        keys[("bash", 4)]: {"error": None},
        keys[("kubectl", 4)]: {"ok": True, "message": "", "warnings": ["Flag --old has been deprecated, use --new"]},
        keys[("kubectl", 5)]: {"ok": False, "message": refused, "warnings": []},
        keys[("manifest", 9)]: {"problems": [[6, "알 수 없는 필드 'bogus'"]]},
        keys[("bash", 19)]: {"error": [5, "syntax error: unexpected end of file"]},
    }
    kubectl = Kubectl(tmp_path / "no-kubectl", "v-test", "")  # never run: every result is recorded
    findings, stats = Checker(root=tmp_path, kubectl=kubectl, cache=cache).check_pages({"docs/p.md": RECORDED_PAGE})
    assert [(f.line, f.message.split(": ")[0]) for f in findings] == [
        (4, "kubectl이 더 이상 권장하지 않는(deprecated) 형식입니다"),
        (5, "플래그 값이 잘못되었습니다"),
        (15, "알 수 없는 필드 'bogus'"),
        (20, "bash 문법 오류입니다"),
    ]
    assert findings[0].message.endswith("`kubectl get po` (kubectl: Flag --old has been deprecated, use --new)")
    assert findings[1].message.endswith(f"`kubectl get pods --show-labels=maybe` (kubectl: {refused})")
    assert findings[3].message.endswith("(bash -n: syntax error: unexpected end of file)")  # line capped at the block's end
    assert stats.summary().startswith(
        "k8scheck: 페이지 1개, kubectl 명령 2개 (캐시 2), 매니페스트 1개 (캐시 1), 셸 블록 2개, 제외된 블록(check=\"skip\") 0개, "
    )
    cache.data[keys[("kubectl", 5)]] = {"internal": "검사기 내부 오류"}
    findings, _ = Checker(root=tmp_path, kubectl=kubectl, cache=cache).check_pages({"docs/p.md": RECORDED_PAGE})
    assert [(f.line, f.message) for f in findings if f.line == 5] == [(5, "검사기 내부 오류")]


PLANNED_PAGE = '# t\n\n```bash check="skip"\nkubectl get po\n```\n\n```{ .bash chek="skip" }\nkubectl get po\n```\n\n```{ .bash check="skip" }\nkubectl get nothing > skipped.yaml\n```\n\n```{ .bash check="skipp" }\necho x\n```\n\n```yaml title="made.yaml"\napiVersion: v1\n```\n\n```bash\ncat <<EOF > a.txt\nhello\nEOF\ncat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\ncat <<EOF > b.yml\nkind: Pod\nEOF\nkubectl apply -f made.yaml -f skipped.yaml -f b.yml -f https://x.test/a.yaml -f - -f kept.yaml -f missing.yaml\nkubectl [command] [TYPE] [NAME] [flags]\n./kubectl-hello\nkubectl hello world\nkubectl get pods <pod-name> -o jsonpath=\'{.metadata.name}{"\\n"}{.spec.containers[0].image}{"\\n"}{.status.phase}{"\\n"}\'\ncat <<EOF\nnever closed\n```\n\n```yaml\nopen\n'


def test_a_page_plan_lists_each_check_and_each_contributor_mistake_at_its_line() -> None:
    """Opt-out markers, heredoc manifests, -f files written earlier, synopses and plugins, unclosed blocks and heredocs."""
    result = plan(PLANNED_PAGE, exists=lambda name, page: name == "kept.yaml")
    assert [(f.line, f.message.split(":")[0]) for f in result.findings] == [
        (3, "검사 제외 표시는 중괄호 형식으로만 씁니다 (이 형식은 코드 블록으로 렌더링되지 않습니다)"),
        (7, "검사 제외 표시의 철자가 틀렸습니다"),
        (15, "검사 제외 표시의 철자가 틀렸습니다"),
        (38, "heredoc이 닫히지 않았습니다"),
        (33, "-f 파일 'missing.yaml'을 찾을 수 없습니다"),
        (42, "코드 블록이 닫히지 않았습니다"),
    ]
    assert [(job.kind, job.line) for job in result.jobs] == [
        ("bash", 4), ("kubectl", 4), ("bash", 8), ("kubectl", 8), ("bash", 16), ("manifest", 20), ("bash", 24),
        ("manifest", 28), ("manifest", 31), ("kubectl", 27), ("kubectl", 33), ("kubectl", 37),
    ]
    assert (result.opted_out, result.not_runnable) == (1, 2)  # the skipped block; the synopsis and the plugin call
    assert {f.path for f in result.findings} | {job.path for job in result.jobs} == {"docs/p.md"}
    bash = result.jobs[6]
    assert bash.extra_lines == 15 and bash.payload.startswith("cat <<EOF > a.txt\nhello\nEOF\n")
    assert [job.payload for job in result.jobs if job.kind == "manifest"] == ["apiVersion: v1\n", "kind: Pod\n", "kind: Pod\n"]
    long = result.jobs[-1].display
    assert len(long) == 100 and long.endswith("...") and long.startswith("kubectl get pods <pod_name> -o ")
    assert result.jobs[9].display == "kubectl apply -f -" and result.jobs[9].payload == ["apply", "-f", STUB_FILE]


def test_loopback_server_over_http_never_accepts_a_write() -> None:
    """What kubectl sees on the wire: discovery (plain and aggregated), a 403 for everything else, 422 for a broken object."""
    import urllib.error
    import urllib.request

    from studykit.checker.k8s_discovery import AGGREGATED_TYPE, DiscoveryServer, kubeconfig_text

    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, whatever the environment says

    def fetch(url: str, method: str = "GET", body: bytes | None = None, accept: str = "") -> tuple[int, str, bytes]:
        request = urllib.request.Request(url, data=body, method=method, headers={"Accept": accept} if accept else {})
        try:
            with direct.open(request, timeout=10) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    server = DiscoveryServer(_discovery(), reads=True, validate=lambda body: "bad" if "bad" in body else None).start()
    try:
        base = server.url
        assert base.startswith("http://127.0.0.1:")
        status, kind, body = fetch(base + "/api/")
        assert (status, kind, json.loads(body)["versions"]) == (200, "application/json", ["v1"])
        status, kind, body = fetch(base + "/apis?timeout=32s", accept=f"{AGGREGATED_TYPE},application/json")
        assert (status, kind, json.loads(body)["kind"]) == (200, AGGREGATED_TYPE, "APIGroupDiscoveryList")
        status, _, body = fetch(base + "/api/v1/namespaces/default/pods/web")
        assert status == 200 and json.loads(body)["metadata"]["name"] == "web"
        status, _, body = fetch(base + "/api/v1/namespaces/default/pods", "POST", b'{"kind": "Pod"}')
        assert (status, json.loads(body)["reason"]) == (403, "Forbidden")
        status, _, body = fetch(base + "/api/v1/namespaces/default/pods", "POST", b'{"kind": "bad"}')
        assert (status, json.loads(body)["code"]) == (422, 422)
        status, _, _ = fetch(base + "/api/v1/namespaces/default/pods/web", "DELETE")
        assert status == 403
    finally:
        server.stop()
    assert server.httpd is None
    assert f"server: {base}\n" in kubeconfig_text(base) and "current-context: k8scheck\n" in kubeconfig_text(base)


def test_alias_bombs_and_deep_nesting_are_refused_at_their_line_but_real_sizes_pass() -> None:
    """The limits are 100,000 nodes after alias expansion and 64 levels; one past either is reported, not checked."""
    from studykit.checker.manifest_check import MAX_DEPTH, MAX_NODES, expanded_size

    checker = ManifestChecker()
    bomb = "kind: x\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(5)
    )
    [(line, message)] = checker.check_manifest("apiVersion: v1\n---\n" + bomb)
    assert line == 2 and f"노드 {MAX_NODES:,}개 초과" in message and "(too large to check)" in message
    nested = lambda depth: "a: " + "[" * (depth - 2) + "]" * (depth - 2) + "\n"  # noqa: E731 (mapping, a, lists)
    assert expanded_size(__import__("yaml").compose(nested(MAX_DEPTH)), MAX_NODES)[1] == MAX_DEPTH - 1
    assert checker.check_manifest(nested(MAX_DEPTH + 1)) == []
    [(line, message)] = checker.check_manifest("---\n" + nested(MAX_DEPTH + 2))
    assert line == 1 and f"{MAX_DEPTH}단계 이하로 줄이세요" in message
    [(line, message)] = checker.check_manifest("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "(too deeply nested to check)" in message
    shared = "a: &s {x: [1, 2, 3]}\nb: *s\nc: *s\n"
    assert expanded_size(__import__("yaml").compose(shared), MAX_NODES) == (22, 4)  # aliases count every time they are used


def test_download_names_and_reference_pages() -> None:
    """Every spelling of a download's output file counts as written; a reference page asks for no files."""
    def target(line: str):
        return writes(parse_block(line + "\n").commands[-1])

    assert target("wget -O w.yaml https://x.test/y.yaml") == "w.yaml"
    assert target("wget --output-document o.yaml https://x.test/y.yaml") == "o.yaml"
    assert target("curl --output c.yaml https://x.test/y.yaml") == "c.yaml"
    assert target("curl -O https://x.test/dir/y.yaml/") == "y.yaml"
    assert target("curl -sSL https://x.test/y.yaml") is None and target("curl https://x.test/a -o") is None
    assert target("kubectl get po -o yaml") is None and target("kubectl get po -O x.yaml") is None
    page = "---\nk8scheck: reference\n---\n# 참고\n\n```bash\nkubectl apply -f anything.yaml\n```\n"
    assert plan(page).findings == [] and [job.kind for job in plan(page).jobs] == ["bash", "kubectl"]
    huge = "# 큰 블록\n\n```bash\n" + "echo x\n" * 40_000 + "```\n"
    [finding] = plan(huge).findings
    assert (finding.path, finding.line, plan(huge).jobs) == ("docs/p.md", 3, [])
    assert "200,000자 이하로 나누세요" in finding.message


def test_long_flags_with_underscores_are_read_as_kubectl_reads_them() -> None:
    """kubectl takes ``--patch_file`` for ``--patch-file`` and ``--kube_config``-style spellings alike: so does every rule here."""
    words = [Word(t, 0) for t in ["patch", "deploy", "web", "--patch_file", "/etc/shadow", "--profile_output=/tmp/x", "--", "--a_b"]]
    argv = normalize(words)
    assert "--patch_file" not in argv and "--profile_output=/tmp/x" not in argv
    assert f"--profile-output={PRIVATE}/profile.pprof" in argv and "/etc/shadow" not in argv
    assert argv[-2:] == ["--", "--a_b"], "words after -- belong to the container"


def test_proxy_gets_its_help_flag_before_a_double_dash() -> None:
    """``kubectl proxy --port=8001 --``: the appended ``--help`` must come before ``--``, or proxy would serve."""
    argv = normalize([Word(t, 0) for t in ["proxy", "--port=8001", "--"]])
    assert argv.index("--help") < argv.index("--")


def test_a_lone_surrogate_in_a_message_never_breaks_a_log_or_the_cache(tmp_path) -> None:
    """YAML ``"\\ud800"`` decodes to a lone surrogate; quoted in a finding it is written as ``\\ud800``."""
    from studykit.cache import ResultCache
    from studykit.reporting import github_annotation

    finding = Finding("docs/a.md", 3, "이름 '\ud800'은 …")
    assert finding.message == "이름 '\\ud800'은 …"
    finding.format().encode("utf-8")
    github_annotation(finding).encode("utf-8")
    cache = ResultCache(tmp_path / "c.json")
    cache.put("k", {"message": "\ud800"})
    cache.save()
    assert not list(tmp_path.glob("*.tmp"))
    again = ResultCache(tmp_path / "c.json")
    again.load()
    assert again.get("k") == {"message": "\ud800"}


def test_one_cause_is_reported_once_by_the_rule_that_names_it_best() -> None:
    """kubectl's refusal is dropped where the checker's own finding at the same line names the same cause."""
    from studykit.checker.k8scheck import one_per_cause

    kubectl_refusal = Finding("a.md", 3, "지원하지 않는 출력 형식입니다: … (kubectl: error: unable to match a printer suitable for the output format \"yml\")")
    ours = Finding("a.md", 3, "플래그 --output의 값 'yml'를 … (kubectl get --help: --output must be one of the listed values)")
    elsewhere = Finding("a.md", 4, kubectl_refusal.message)
    body = Finding("b.md", 9, "patch 본문을 JSON(또는 YAML)으로 읽을 수 없습니다: …")
    parse = Finding("b.md", 9, "kubectl이 이 명령을 받아들이지 않습니다: … (kubectl: error: unable to parse \"spec:\\n\")")
    other = Finding("b.md", 9, "kubectl이 모르는 플래그입니다: … (kubectl: error: unknown flag: --colour)")
    assert one_per_cause([kubectl_refusal, ours, elsewhere, body, parse, other]) == [ours, elsewhere, body, other]

"""Which blocks of a page are planned for checking, which are skipped, and what a contributor is told (nothing runs)."""

from __future__ import annotations

from studykit.checker.k8scheck_plan import MAX_BLOCK_CHARS, PagePlanner, Plan, writes
from studykit.checker.shell_parse import parse_block


def plan(text: str, exists=lambda name, page: False, version: str = "v-test") -> Plan:
    """Plan one page, ``docs/p.md``, without running anything."""
    result = Plan()
    PagePlanner(version, exists).plan_page(text, "docs/p.md", result)
    return result


def fence(lang: str, body: str, info: str = "") -> str:
    """A fenced block: ```` ```lang ```` (or ``info`` as written) around ``body``."""
    return f"```{info or lang}\n{body}```\n\n"


def kubectl_jobs(result: Plan) -> list[list[str]]:
    """The argument lists kubectl would be given, in page order."""
    return [job.payload for job in result.jobs if job.kind == "kubectl"]


def test_results_are_reused_only_for_the_same_content_and_version() -> None:
    """Cache keys: equal manifests share one, different ones do not; kubectl keys change with the kubectl version."""
    page = fence("yaml", "kind: Pod\n") + fence("yaml", "kind: Pod\n") + fence("yaml", "kind: Service\n") + fence("bash", "kubectl get po\n")
    jobs = plan(page).jobs
    manifests = [job.key for job in jobs if job.kind == "manifest"]
    assert manifests[0] == manifests[1] != manifests[2]
    [older] = [job.key for job in jobs if job.kind == "kubectl"]
    [newer] = [job.key for job in plan(page, version="v-next").jobs if job.kind == "kubectl"]
    assert older != newer
    [again] = [job.key for job in plan(page).jobs if job.kind == "kubectl"]
    assert again == older


def test_blocks_after_a_refused_one_are_still_planned_and_the_size_limit_is_inclusive() -> None:
    """A block of exactly 200,000 characters is checked, one more is reported; later blocks still count."""
    def body(size: int) -> str:
        return "a: " + "x" * (size - 4) + "\n"

    assert len(body(MAX_BLOCK_CHARS)) == MAX_BLOCK_CHARS
    exact = plan(fence("yaml", body(MAX_BLOCK_CHARS)))
    assert (exact.findings, [job.kind for job in exact.jobs]) == ([], ["manifest"])
    over = plan(fence("yaml", body(MAX_BLOCK_CHARS + 1)) + fence("bash", "kubectl get po\n"))
    assert [(f.line, f.message.split(":")[0]) for f in over.findings] == [(1, "블록이 너무 커서 검사하지 않았습니다")]
    assert [job.kind for job in over.jobs] == ["bash", "kubectl"]


def test_every_opted_out_block_is_counted_and_a_titled_block_on_a_reference_page_is_fine() -> None:
    skipped = fence("bash", "kubectl get po\n", '{ .bash check="skip" }')
    assert plan(skipped + skipped).opted_out == 2
    reference = "---\nk8scheck: reference\n---\n\n" + fence("yaml", "kind: Pod\n", 'yaml title="pod.yaml"')
    assert [job.kind for job in plan(reference).jobs] == ["manifest"]


def test_an_almost_right_opt_out_marker_is_reported_with_what_was_found() -> None:
    """A key like ``check`` or a value like ``skip`` (any case) is a marker gone wrong; both are quoted back."""
    def reported(info: str) -> list[str]:
        return [f.message for f in plan(fence("bash", "echo x\n", info)).findings]

    wrong = '검사 제외 표시의 철자가 틀렸습니다: check="skip" 으로 고치세요 (found: {})'
    assert reported('{ .bash Check="yes" }') == [wrong.format('Check="yes"')]
    assert reported('{ .bash mode="SKIP" }') == [wrong.format('mode="SKIP"')]
    assert reported('{ .bash chek="skip" chck="x" }') == [wrong.format('chek="skip" chck="x"')]
    assert reported('{ .bash title="a.sh" }') == []


def test_console_blocks_run_only_the_prompted_lines() -> None:
    """In a ``console`` block the lines after a ``$`` prompt are commands and the rest is output; one line adds no lines."""
    result = plan(fence("console", "$ kubectl get po\nNAME   READY\nkubectl-like output\n"))
    assert kubectl_jobs(result) == [["get", "po"]]
    [bash] = [job for job in result.jobs if job.kind == "bash"]
    assert bash.payload.strip() == "kubectl get po"
    [one_line] = [job for job in plan(fence("bash", "echo x\n")).jobs if job.kind == "bash"]
    assert one_line.extra_lines == 0


def test_heredoc_manifests_are_checked_by_the_file_they_write() -> None:
    """A heredoc written to ``.yaml``, ``.yml`` or ``.json`` is a manifest; one written to a text file is not."""
    def written(name: str) -> list[str]:
        body = f"cat <<EOF > {name}\nkind: Pod\nEOF\n"
        return [job.payload for job in plan(fence("bash", body)).jobs if job.kind == "manifest"]

    assert written("a.yaml") == written("a.yml") == written("a.json") == ["kind: Pod\n"]
    assert written("notes.txt") == []


def test_kubectl_by_path_through_wrappers_and_over_several_lines() -> None:
    """``/usr/local/bin/kubectl``, ``sudo -E kubectl``; a continued command is located at its first line."""
    page = fence("bash", "/usr/local/bin/kubectl get ns\nsudo -E kubectl get po\nkubectl \\\n  get svc\n")
    result = plan(page)
    assert kubectl_jobs(result) == [["get", "ns"], ["get", "po"], ["get", "svc"]]
    assert [job.line for job in result.jobs if job.kind == "kubectl"] == [2, 3, 4]


def test_pasted_typographic_characters_are_reported_outside_echo_and_printf() -> None:
    page = fence("bash", "echo “안녕”\nprintf '%s\\n' ‘x’\nkubectl get po –A\n")
    [finding] = plan(page).findings
    assert (finding.path, finding.line) == ("docs/p.md", 4)
    assert finding.message == "명령에 복사·붙여넣기로 들어온 문자 en dash – (U+2013)가 있습니다: -(으)로 바꿔 입력하세요: `–A`"


def test_a_plugin_called_after_flags_is_not_run_and_a_relaxed_fallback_is_kept() -> None:
    page = fence("bash", "chmod +x ./kubectl-hello\nkubectl --v=6 hello\nkubectl create configmap <map-name> <data-source>\n")
    result = plan(page)
    assert result.not_runnable == 1
    [job] = [job for job in result.jobs if job.kind == "kubectl"]
    assert job.fallback == ["create", "configmap", "pods"]


def test_a_long_command_is_shown_whole_up_to_100_characters() -> None:
    def display(command: str) -> str:
        [job] = [job for job in plan(fence("bash", command + "\n")).jobs if job.kind == "kubectl"]
        return job.display

    exact = "kubectl get po -l app=" + "a" * (100 - len("kubectl get po -l app="))
    assert display(exact) == exact
    assert display(exact + "b") == exact[:97] + "..."


def test_file_arguments_that_are_not_files_of_the_page() -> None:
    """``logs -f``, ``-f`` after ``--``, an expansion, a missing value and a kept file are not reported; a missing file is."""
    page = fence("bash", "\n".join([
        "kubectl logs -f web",
        "kubectl exec web -- tail -f /var/log/app.log",
        "kubectl apply --filename=$MANIFEST",
        "kubectl apply -f",
        "kubectl apply -f kept.yaml",
        "kubectl apply -f gone.yaml",
    ]) + "\n")
    asked: list[tuple[str, str]] = []

    def exists(name: str, page_path: str) -> bool:
        asked.append((name, page_path))
        return name == "kept.yaml"

    result = plan(page, exists=exists)
    assert [(f.line, f.message.split(":")[0]) for f in result.findings] == [(7, "-f 파일 'gone.yaml'을 찾을 수 없습니다")]
    assert asked == [("kept.yaml", "docs/p.md"), ("gone.yaml", "docs/p.md")]
    assert len(kubectl_jobs(result)) == 6


def test_download_output_names_in_any_position() -> None:
    def target(line: str) -> str | None:
        return writes(parse_block(line + "\n").commands[-1])

    assert target("curl https://x.test/y.yaml -o a.yaml") == "a.yaml"
    assert target("curl -O https://x.test/files/BOX") == "BOX"

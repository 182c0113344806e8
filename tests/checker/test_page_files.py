"""Files and folders a page makes, however it makes them (no process runs)."""

from __future__ import annotations

import time

import pytest

from studykit.checker.k8scheck_plan import unwrap
from studykit.checker.page_files import PageFiles, includes, writes
from studykit.checker.shell_parse import command_words, parse_block


def run(files: PageFiles, script: str) -> PageFiles:
    """Let every command of ``script`` act on ``files``."""
    for command in parse_block(script).commands:
        files.run(command, unwrap(command_words(command)))
    return files


def test_copies_moves_folders_and_edits() -> None:
    files = run(PageFiles(), "mkdir -p overlays/dev backup\ncp a.yaml b.yaml\ncp a.yaml c.yaml backup/\nmv d.yaml overlays/dev\n"
                             "touch e.yaml\nsed -i 's/1/2/' f.yaml\nsudo install -m 0755 g /usr/local/bin/kubectl-g\n")
    for name in ("overlays", "overlays/dev", "./overlays/dev/", "backup/a.yaml", "backup/c.yaml", "b.yaml", "overlays/dev/d.yaml",
                 "e.yaml", "f.yaml", "/usr/local/bin/kubectl-g"):
        assert files.has(name), name
    assert not files.has("a.yaml") and not files.has("backup/b.yaml") and not files.has("d.yaml")


def test_written_files_keep_their_text_and_folders() -> None:
    files = PageFiles()
    files.write("base/kustomization.yaml", "resources:\n")
    files.write("base/kustomization.yaml", "- d.yaml\n", append=True)
    assert files.text("base/kustomization.yaml") == "resources:\n- d.yaml\n" and files.has("base")
    run(files, "cp base/kustomization.yaml copy.yaml\n")
    assert files.text("copy.yaml") == "resources:\n- d.yaml\n"


def test_cd_is_followed_and_unknown_places_match_by_name() -> None:
    files = run(PageFiles(), "mkdir app\ncd app\ntouch x.yaml\ncd ..\n")
    assert files.has("app/x.yaml") and not files.has("x.yaml") and files.cwd == ""
    files = run(files, "cd $HOME/work\n")
    assert files.cwd is None and files.has("x.yaml") and not files.has("y.yaml")


def test_clones_and_archives_hide_their_file_names() -> None:
    files = run(PageFiles(), "git clone https://github.com/kubernetes/examples.git\n")
    assert files.has("examples/guestbook/all-in-one.yaml") and not files.has("other/x.yaml")
    assert run(PageFiles(), "git clone https://x.test/repo.git mydir\n").has("mydir/a.yaml")
    assert run(PageFiles(), "curl -L https://x.test/a.tar.gz | tar xz\n").has("anything.yaml")
    assert run(PageFiles(), "helm pull bitnami/nginx --untar\n").has("nginx/values.yaml")


def test_downloads_and_redirections() -> None:
    files = run(PageFiles(), "curl -o a.yaml https://x.test/a\ncurl -LO https://x.test/b.yaml\nwget https://x.test/c.yaml\n"
                             "wget -O d.yaml https://x.test/x\nkubectl get po -o yaml > e.yaml\nkubectl get po -o yaml | tee f.yaml\n")
    assert all(files.has(name) for name in ("a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml", "f.yaml"))
    [command] = parse_block("curl -s https://x.test/a\n").commands
    assert writes(command) is None


def test_shown_manifests_and_shortcode_examples() -> None:
    files = PageFiles()
    files.show("kind: Pod\napiVersion: v1\n")
    files.show("spec:\n  replicas: 3\n")
    files.show("\n")
    assert files.claim("patch.yaml") and files.text("patch.yaml") == "spec:\n  replicas: 3\n"  # the latest block
    assert files.claim("pod.yaml") and files.has("pod.yaml") and not files.claim("other.yaml")
    assert not files.claim("script.sh")
    files.show('{"a": 1}\n', kind="json")
    assert not files.claim("x.yaml") and files.claim("x.json")  # a JSON block is saved as JSON, not as YAML
    assert includes('x\n{{< codenew file="pods/simple-pod.yaml" >}}\n{{% code_sample language="yaml" file="a/b.yaml" %}}\n'
                    'Download [the quota](/examples/admin/quota.yaml) and [docs](/docs/x/).\n') == [
        (2, "pods/simple-pod.yaml"), (3, "a/b.yaml"), (4, "/examples/admin/quota.yaml")]
    files.include("pods/simple-pod.yaml")
    assert files.has("simple-pod.yaml") and files.has("./simple-pod.yaml")
    assert files.claim("my-pod.yaml") and not files.claim("other.yaml")  # "save the example as my-pod.yaml", once


def test_editors_and_output_options_make_files() -> None:
    files = run(PageFiles(), "vi pod.yaml\nnano -w svc.yaml\nopenssl req -new -key server.key -out server.csr -keyout server.key\n")
    assert all(files.has(name) for name in ("pod.yaml", "svc.yaml", "server.csr", "server.key"))
    assert not run(PageFiles(), "openssl req -out $OUT\n").has("$OUT")


#: Pages that made the earlier patterns run from every opener to the end of the text (about 90 s each at
#: 300 KB on these machines); read in one pass they take milliseconds. The bound leaves a margin of hundreds.
HOSTILE_INCLUDES = {
    "shortcodes that never close": "{{< codenew " * 25_000,
    "link openers without a target": "](" * 150_000,
    "many links, each on its line": "[a](b.yaml)\n" * 25_000,
}


@pytest.mark.parametrize("name", HOSTILE_INCLUDES)
def test_examples_and_links_are_found_in_one_pass(name: str) -> None:
    """Issue 19's bound holds for issue 20's page files: finding shown examples and links is linear in the page."""
    text = HOSTILE_INCLUDES[name]
    started = time.perf_counter()
    found = includes(text)
    assert time.perf_counter() - started < 10
    assert len(found) == (25_000 if name.startswith("many") else 0)
    assert found[-1:] == ([(25_000, "b.yaml")] if name.startswith("many") else [])  # line numbers counted as they go


def test_a_path_no_one_can_make_is_not_remembered() -> None:
    """Every folder of a 10 KB deep path would cost the square of its length (a 190 KB word: gigabytes); none is kept."""
    files = PageFiles()
    deep = "a/" * 5_000 + "x.yaml"
    files.write(deep)
    files.mkdir("b/" * 5_000)
    assert files.dirs == set() and not files.has(deep)
    files.write("a/b/c.yaml")
    assert files.has("a/b") and files.has("a/b/c.yaml")

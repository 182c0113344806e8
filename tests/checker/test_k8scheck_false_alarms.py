"""Issue 20's causes of false alarms, one fixture page each: correct pages pass, and the checker still reports what is wrong.

Every page in ``fixtures/false-alarms/`` is correct and drew false alarms before issue 20 (checked against commit
fd0e470: excerpts 5, files 7, fragments 7, interactive 6, names 3, placeholders 7, shell 6, templates 2). The other tests here show
that each relaxation is narrow: the same kind of text with a real mistake is still reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.cache import ResultCache
from studykit.checker.k8scheck import Checker
from studykit.checker.kubectl_check import find_kubectl

#: Real kubectl runs on whole pages.
pytestmark = pytest.mark.slow_kubectl

FIXTURES = Path(__file__).parent / "fixtures" / "false-alarms"
ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(FIXTURES.glob("*.md"))


@pytest.fixture(scope="module")
def checker() -> Checker:
    """One checker, results cached in memory across this module's tests."""
    return Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=FIXTURES)


def findings(checker: Checker, text: str) -> list[tuple[int, str]]:
    """Return ``(line, message)`` for one page."""
    got, _ = checker.check_pages({"docs/p.md": text})
    return sorted((f.line, f.message) for f in got)


def test_every_cause_has_its_page() -> None:
    """Seven causes and templates, one page each (excerpts, fragments, files, shell, interactive, names, placeholders)."""
    assert [page.stem for page in PAGES] == ["excerpts", "files", "fragments", "interactive", "names", "placeholders", "shell", "templates"]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_correct_pages_draw_no_warning(checker: Checker, page: Path) -> None:
    """Each page is correct as written: not one finding."""
    got, stats = checker.check_pages({f"docs/{page.name}": page.read_text(encoding="utf-8")})
    assert [f.format() for f in got] == []
    assert stats.commands + stats.manifests >= 1, "the page was really checked"


# 1. excerpts
def test_an_excerpt_is_checked_for_what_is_there(checker: Checker) -> None:
    """Elision marks make an excerpt: no missing-field complaint, but a wrong value or an unknown field is reported."""
    excerpt = ("```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
               "      containers:\n      - name: web\n        ...\n        imagePullPolicy: Sometimes\n        portz: []\n```\n")
    got = findings(checker, excerpt)
    assert [line for line, _ in got] == [12, 13], got
    assert "Always" in got[0][1] and "portz" in got[1][1] and "excerpt of Deployment" in got[1][1]
    rules = ("```yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    # ...\n"
             "    resources:\n      limits:\n        memory: 128MB\n```\n")
    got = findings(checker, rules)
    assert [line for line, _ in got] == [12] and "128Mi" in got[0][1]


def test_a_whole_object_still_needs_its_required_fields(checker: Checker) -> None:
    """Without elision marks a Deployment without selector is an error, as ``kubectl apply`` says."""
    whole = ("```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
             "      containers:\n      - name: web\n        image: nginx\n```\n")
    assert any("'selector' 누락" in message for _, message in findings(checker, whole))


def test_side_by_side_sections_are_separate_but_a_duplicate_inside_one_is_not(checker: Checker) -> None:
    """Comment-headed sections of a fragment may repeat keys; a key repeated within one section is still a duplicate."""
    page = "```yaml\n# before\nargs: [a]\n\n# after\nargs: [b]\nargs: [c]\n```\n"
    assert [line for line, _ in findings(checker, page)] == [7]


# 2. fragments
def test_a_patch_is_checked_as_a_patch_of_its_target(checker: Checker) -> None:
    """A patch file and a ``-p`` body name fields of their target kind: a misspelt field is reported, a missing one is not."""
    page = ("```bash\ncat <<'EOF' > p.yaml\nspec:\n  replicaz: 3\nEOF\nkubectl patch deployment web --patch-file p.yaml\n"
            "kubectl patch svc web -p '{\"spec\":{\"type\":\"NodePorts\"}}'\n```\n")
    got = findings(checker, page)
    assert [line for line, _ in got] == [4, 7], got
    assert "replicaz" in got[0][1] and "patch of Deployment" in got[0][1]
    assert "NodePort" in got[1][1]


def test_a_block_saved_as_a_patch_file_is_a_patch(checker: Checker) -> None:
    """"Save this as patch.yaml" + ``--patch-file patch.yaml``: the block is the file, checked as a patch of the target."""
    page = ("```yaml\nspec:\n  template:\n    spec:\n      containerz: []\n```\n\n"
            "```bash\nkubectl patch deployment web --patch-file patch.yaml\n```\n")
    got = findings(checker, page)
    assert [line for line, _ in got] == [5] and "containerz" in got[0][1] and "patch of Deployment" in got[0][1]


def test_a_kustomization_patch_file_is_a_patch(checker: Checker) -> None:
    """A file a kustomization lists under ``patches`` is checked as a patch of its target: its unknown field is reported."""
    page = ('```yaml title="o/p.yaml"\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n'
            '  strategy:\n    rollingUpdate:\n      maxSurgee: 1\n```\n\n```yaml title="o/kustomization.yaml"\nresources:\n- d.yaml\n'
            'patches:\n- path: p.yaml\n```\n')
    got = findings(checker, page)
    assert [line for line, _ in got] == [10] and "maxSurgee" in got[0][1] and "'selector' 누락" not in got[0][1]


# 3. files
def test_a_file_nobody_made_is_still_missing(checker: Checker) -> None:
    """Copies, folders and downloads count; a file none of them made is reported, and a claimed block stands for one file only."""
    page = ("```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n```\n\n"
            "```bash\nmkdir app\ncp missing-source.yaml app/\nkubectl apply -f c.yaml\nkubectl apply -f other.yaml\n"
            "kubectl apply -f app/missing-source.yaml\nkubectl apply -k app\nkubectl apply -k nowhere\n```\n")
    got = findings(checker, page)
    assert [(line, message.split(":")[0]) for line, message in got] == [
        (12, "-f 파일 'other.yaml'을 찾을 수 없습니다"), (15, "-f 파일 'nowhere'을 찾을 수 없습니다"),
    ]


# 4. shell as written
def test_an_unquoted_heredoc_is_checked_where_it_does_not_depend_on_an_expansion(checker: Checker) -> None:
    """``<<EOF`` expands ``$(…)``: the expanded value is not judged, the rest of the object still is."""
    page = ("```bash\ncat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Web\n"
            "  labels:\n    owner: $(whoami | tr -d ': ')\ndata:\n  key: value\nEOF\n```\n")
    got = findings(checker, page)
    assert [line for line, _ in got] == [6] and "'Web'" in got[0][1]


def test_a_template_is_checked_where_it_does_not_depend_on_its_values(checker: Checker) -> None:
    """``{{ .Values.x }}`` values and ``{% … %}`` lines are not judged; a wrong literal value still is."""
    page = ("```yaml\n{% for p in params %}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ p.name }}\nspec:\n"
            "  containers:\n  - name: c\n    image: {{ p.image }}\n    imagePullPolicy: Sometimes\n{% endfor %}\n```\n")
    got = findings(checker, page)
    assert [line for line, _ in got] == [11] and "imagePullPolicy" in got[0][1]


def test_heredoc_text_for_a_container_is_no_manifest(checker: Checker) -> None:
    """Only a kubectl that reads ``-f -`` makes a heredoc a manifest; ``kubectl apply -f - <<EOF`` still is one."""
    page = "```bash\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: Web\nEOF\n```\n"
    assert [line for line, _ in findings(checker, page)] == [6]


def test_a_plugin_the_page_did_not_make_is_unknown(checker: Checker) -> None:
    """Only plugins the page makes (or installs with krew) are exempt from kubectl's check."""
    got = findings(checker, "```bash\nkubectl foo-bar\n```\n")
    assert len(got) == 1 and "foo-bar" in got[0][1]


# 6. names
def test_each_kind_keeps_its_own_name_rule(checker: Checker) -> None:
    """RBAC names may hold ':', not '/'; a Namespace is a DNS label; a ConfigMap a DNS subdomain."""
    page = ("```yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a/b\n---\napiVersion: v1\n"
            "kind: Namespace\nmetadata:\n  name: team.a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: App\n```\n")
    got = findings(checker, page)
    assert [line for line, _ in got] == [5, 10, 15]
    assert "ValidateRBACName" in got[0][1] and "ValidateNamespaceName" in got[1][1] and "NameIsDNSSubdomain" in got[2][1]


def test_every_process_for_these_pages_starts_inside_the_os_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20's new paths (patches, kustomize folders, page-made files, ``> file``, editors, downloads, ``-out``)
    start no kubectl or bash of their own: the checker's only child is the bwrap broker (and ``ldd`` on bash to
    list its libraries), which starts each command in a nested bwrap (issue 19)."""
    import subprocess

    from studykit.checker.os_sandbox import find_bwrap

    started: list[list[str]] = []

    class Recorded(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, args: list[str], *rest: object, **kwargs: object) -> None:
            started.append([str(a) for a in args])
            super().__init__(args, *rest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setenv("STUDYSITE_SANDBOX", "require")
    monkeypatch.setattr(subprocess, "Popen", Recorded)
    fresh = Checker(root=ROOT, kubectl=find_kubectl(), cache=ResultCache(None), docs_dir=FIXTURES)
    _, stats = fresh.check_pages({f"docs/{page.name}": page.read_text(encoding="utf-8") for page in PAGES})
    assert stats.commands >= 40 and stats.scripts >= 10 and not stats.sandbox_notice
    bwrap = str(find_bwrap().path)
    assert started and all(argv[0] == bwrap or argv[0] == "ldd" for argv in started), started
    assert sum(argv[0] == bwrap for argv in started) == 1  # one broker; every command runs inside it

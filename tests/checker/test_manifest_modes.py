"""Excerpts, patches, JSON patches and kustomizations are checked for what they hold, in their own terms."""

from __future__ import annotations

import time

import pytest

from studykit.checker.kustomize_rules import patch_references
from studykit.checker.manifest_check import ManifestChecker
from studykit.checker.manifest_partial import blank_elisions, fragment_sections, has_elisions


@pytest.fixture(scope="module")
def checker() -> ManifestChecker:
    return ManifestChecker()


def lines(problems: list[tuple[int, str]]) -> list[int]:
    return [line for line, _ in problems]


def test_elision_marks() -> None:
    for text in ("a: 1\n...\n", "a:\n  # ...\n", "  - ...\nb: 1\n", "x: 1\n  … more\n", "a:\n  ... # other fields\n"):
        assert has_elisions(text), text
    for text in ("a: 1\n", "# Add more containers...\n", "a: '...'\n", "a: x...y\n"):
        assert not has_elisions(text), text
    assert blank_elisions("a:\n  ...\nb: 1\n") == "a:\n  # (elided)\nb: 1\n"


def test_an_excerpt_is_not_short_of_fields_but_its_values_count(checker: ManifestChecker) -> None:
    excerpt = "apiVersion: v1\nkind: Pod\nmetadata:\n  ...\nspec:\n  containers:\n    ...\n    imagePullPolicy: Sometimes\n"
    [(line, message)] = checker.check_manifest(excerpt)
    assert line == 7 and "Always, IfNotPresent, Never" in message
    assert checker.check_manifest(excerpt.replace("Sometimes", "Always")) == []
    secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  ...\ndata:\n  a: eyJh ... fQ==\n  b: not base64!\n"
    [(line, message)] = checker.check_manifest(secret)
    assert line == 7 and "base64" in message


def test_patch_modes(checker: ManifestChecker) -> None:
    assert checker.check_manifest('{"spec":{"replicas":3}}', "patch@deployment") == []
    [(_, message)] = checker.check_manifest('{"spec":{"replica":3}}', "patch@deploy")
    assert "알 수 없는 필드 'replica'" in message and "patch of Deployment" in message
    [(_, message)] = checker.check_manifest('{"spec":{"replicas":"three"}}', "patch@deploy")
    assert "integer" in message
    assert checker.check_manifest('{"metadata":{"labels":{"a":null}},"spec":{"$retainKeys":["x"]}}', "patch@deploy") == []
    [(_, message)] = checker.check_manifest('{"spec":{"replicas":3}', "patch@deploy")
    assert message.startswith("patch 본문을 JSON(또는 YAML)으로 읽을 수 없습니다")
    [(_, message)] = checker.check_manifest('[{"op":"add"}]', "patch@deploy")
    assert "JSON 오브젝트" in message
    assert checker.check_manifest("spec:\n  replicaz: 1\n", "patch") == []  # no target known: nothing to compare with
    patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n"
    assert checker.check_manifest(patch, "patch") == [] and "'selector' 누락" in checker.check_manifest(patch)[0][1]


def test_json_patches(checker: ManifestChecker) -> None:
    good = '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"x"},{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"w"},{"op":"remove","path":"/spec/template/spec/containers/-"},{"op":"move","from":"/spec/replicas","path":"/spec/minReadySeconds"}]'
    assert checker.check_manifest(good, "jsonpatch@deployment") == []
    cases = {
        '{"op":"replace"}': "목록",
        '[{"op":"change","path":"/spec"}]': "op는",
        '[{"op":"replace","path":"/spec/replicas"}]': "'value'",
        '[{"op":"copy","path":"/spec/replicas"}]': "'from'",
        '[{"op":"remove","path":"spec/replicas"}]': "'/'로 시작",
        '[{"op":"replace","path":"/spec/template/spec/container/0/image","value":1}]': "알 수 없는 필드 'container'",
        '[{"op":"replace","path":"/spec/template/spec/containers/first/image","value":1}]': "목록의 번호",
    }
    for body, words in cases.items():
        got = checker.check_manifest(body, "jsonpatch@deploy")
        assert len(got) == 1 and words in got[0][1], (body, got)
    assert checker.check_manifest('[{"op":"remove","path":"/spec/x"}]', "anypatch") == []  # kustomize patch of no known target
    assert lines(checker.check_manifest("spec:\n  replicaz: 1\n", "anypatch@deployment")) == [1]


def test_kustomizations(checker: ManifestChecker) -> None:
    text = "resources:\n- a.yaml\ncommonLabels:\n  app: web\nresource:\n- b.yaml\nbases:\n- ../base\n"
    got = checker.check_manifest(text, "kustomization")
    assert lines(got) == [2, 4, 6]
    assert "'labels'로" in got[0][1] and "unknown field 'resource'" in got[1][1] and "'resources'로" in got[2][1]
    assert checker.check_manifest("Resources:\n- a.yaml\nopenapi: {}\n", "kustomization") == []  # any case, as kustomize reads it
    assert "'labels'로" in checker.check_manifest("commonlabels: {a: b}\n", "kustomization")[0][1]
    declared = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nvars: []\n"
    assert "'replacements'로" in checker.check_manifest(declared)[0][1]  # known by its kind, whatever the file name
    references = patch_references("patchesStrategicMerge:\n- a.yaml\npatchesJson6902:\n- path: b.yaml\n  target: {kind: Deployment, group: apps}\n"
                                  "patches:\n- path: c.yaml\n- path: d.yaml\n  target: {kind: Service}\n- patch: |-\n    inline\n")
    assert references == [("a.yaml", "patch"), ("b.yaml", "jsonpatch@deployment.apps"), ("c.yaml", "anypatch"), ("d.yaml", "anypatch@service")]


def test_side_by_side_sections() -> None:
    assert fragment_sections(["# a", "x: 1", "", "# b", "x: 2", "# not a new section", "y: 3"]) == [
        (0, "# a\nx: 1\n\n"), (3, "# b\nx: 2\n# not a new section\ny: 3\n")]


def test_templates_are_read_as_the_yaml_they_render_to(checker: ManifestChecker) -> None:
    from studykit.checker.manifest_partial import blank_templates

    assert blank_templates("{% for a in b %}\nname: x-{{ a }}\n{% set c = [1,\n  2] %}\n") == (
        "# (template)\nname: x-__k8scheck_ph__template\n# (template)\n# (template)\n")
    branches = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n{% if a %}\n  k: '1'\n{% else %}\n  k: '2'\n{% endif %}\n"
    assert checker.check_manifest(branches) == []  # both branches of an if may set the same key
    assert lines(checker.check_manifest("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ n }}\nspec:\n  restartPolicy: Sometimes\n"
                                        "  containers: []\n")) == [5]


def test_only_a_kubectl_reading_dash_f_dash_takes_a_heredoc_as_manifest() -> None:
    from studykit.checker.shell_parse import parse_block

    for script, manifest in (("cat <<EOF | kubectl apply -f -\nx\nEOF\n", True), ("kubectl create -f- <<EOF\nx\nEOF\n", True),
                             ("kubectl replace --filename=- <<EOF\nx\nEOF\n", True), ("kubectl exec -i p -- sh <<EOF\nx\nEOF\n", False),
                             ("cat <<EOF | kubectl run -i t --image=busybox -- sh\nx\nEOF\n", False)):
        [doc] = parse_block(script).heredocs
        assert doc.feeds_kubectl is manifest, script


#: Template openers that never close: the lazy patterns ran from each one to the end (about 85 s for 100 KB).
HOSTILE_TEMPLATES = {"expressions": "{{" * 50_000, "statements": "{%" * 50_000, "expressions closed on the last line": ("{{" * 50 + "\n") * 1_000 + "}}"}


@pytest.mark.parametrize("name", HOSTILE_TEMPLATES)
def test_templates_are_found_in_one_pass(name: str) -> None:
    """Issue 19's bound holds for issue 20's templates: finding ``{{ … }}`` and ``{% … %}`` is linear in the block."""
    from studykit.checker.manifest_partial import blank_templates, has_template_lines

    text = HOSTILE_TEMPLATES[name]
    started = time.perf_counter()
    found = (has_template_lines(text), blank_templates(text))
    assert time.perf_counter() - started < 10
    assert found == (False, text)


def test_templates_are_found_as_the_lazy_patterns_found_them() -> None:
    """``{{.*?}}`` on one line and ``{%.*?%}`` across lines, each from the left: the same spans as before."""
    from studykit.checker.manifest_partial import blank_templates

    assert blank_templates("a: {{ x }} {{ y\nb: }} {{{z}}}\nc: {%- if\n  a -%}{%%}") == (
        "a: __k8scheck_ph__template {{ y\nb: }} __k8scheck_ph__template}\nc: # (template)\n# (template)# (template)")

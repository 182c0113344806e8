"""What a contributor sees for a broken manifest: the line, the field and what to write instead (no kubectl, no build)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from studykit.checker.manifest_check import (
    SCALAR_CHARS_PER_NODE,
    MAX_ERRORS_PER_DOCUMENT,
    MAX_NODES,
    ManifestChecker,
    describe,
    expanded_size,
    kind_with_enums,
    with_enums,
)


@pytest.fixture(scope="module")
def checker() -> ManifestChecker:
    """One checker for the module: its validators are built on first use."""
    return ManifestChecker()


def lines_and_messages(problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Findings without the schema library's own wording (kept after the Korean advice)."""
    return [(line, message.split(" (schema:")[0]) for line, message in problems]


def test_a_wrong_allowed_value_names_the_allowed_ones_at_its_line(checker: ManifestChecker) -> None:
    """Enums reach nested definitions, list items and a kind's own schema file; an empty field stays allowed."""
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n  restartPolicy: {}\n"
    assert lines_and_messages(checker.check_manifest(pod.format("Sometimes"))) == [
        (8, "'spec.restartPolicy' 값이 허용되지 않습니다: Always, Never, OnFailure 중 하나로 바꾸세요"),
    ]
    assert checker.check_manifest(pod.format("")) == [], "an empty restartPolicy means the default"
    assert checker.check_manifest(pod.format("OnFailure")) == []
    claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  accessModes:\n  - {}\n  resources:\n    requests:\n      storage: 1Gi\n"
    assert lines_and_messages(checker.check_manifest(claim.format("ReadWriteOnly"))) == [
        (6, "'spec.accessModes[0]' 값이 허용되지 않습니다: ReadOnlyMany, ReadWriteMany, ReadWriteOnce, ReadWriteOncePod 중 하나로 바꾸세요"),
    ]
    assert checker.check_manifest(claim.format("ReadWriteOnce")) == []
    # StorageClass is a kind whose schema file holds its fields itself (no $ref to the definitions)
    storage = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: s\nprovisioner: x\nreclaimPolicy: {}\nvolumeBindingMode: {}\n"
    assert lines_and_messages(checker.check_manifest(storage.format("Keep", "Later"))) == [
        (5, "'reclaimPolicy' 값이 허용되지 않습니다: Delete, Recycle, Retain 중 하나로 바꾸세요"),
        (6, "'volumeBindingMode' 값이 허용되지 않습니다: Immediate, WaitForFirstConsumer 중 하나로 바꾸세요"),
    ]
    assert checker.check_manifest(storage.format("Retain", "WaitForFirstConsumer")) == []


def test_enum_merge_copies_and_reads_either_definitions_section() -> None:
    """The schema files' data is never changed in place; older schema sets call the section ``definitions``."""
    spec = {"properties": {"restartPolicy": {"type": ["string", "null"]}, "accessModes": {"type": "array"}}}
    claim = {"properties": {"accessModes": {"type": "array"}}}
    original = {
        "io.k8s.api.core.v1.PodSpec": spec,
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec": claim,
        "io.k8s.api.core.v1.PodStatus": {"type": "object"},  # listed in the table, but without properties here
    }
    before = json.dumps(original, sort_keys=True)
    merged = with_enums({"definitions": original, "$schema": "x"})
    assert json.dumps(original, sort_keys=True) == before
    assert merged["$schema"] == "x"
    pod = merged["definitions"]["io.k8s.api.core.v1.PodSpec"]["properties"]
    assert pod["restartPolicy"]["enum"] == ["Always", "Never", "OnFailure", None]
    assert "enum" not in pod["accessModes"], "only the properties the table lists for PodSpec"
    assert merged["definitions"]["io.k8s.api.core.v1.PersistentVolumeClaimSpec"]["properties"]["accessModes"] == {
        "type": "array",
        "items": {"enum": ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]},
    }
    assert merged["definitions"]["io.k8s.api.core.v1.PodStatus"] == {"type": "object"}
    loose = {"properties": {"reclaimPolicy": {}}}
    assert kind_with_enums(loose, merged) is loose, "a schema that names no kind gets nothing"
    kind = [{"group": "storage.k8s.io", "kind": "StorageClass", "version": "v1"}]
    older = with_enums({"definitions": {"io.k8s.api.storage.v1.StorageClass": {"x-kubernetes-group-version-kind": kind}}})
    own_file = kind_with_enums({"x-kubernetes-group-version-kind": kind, "properties": {"reclaimPolicy": {}}}, older)
    assert own_file["properties"]["reclaimPolicy"] == {"enum": ["Delete", "Recycle", "Retain", None]}


def test_every_unknown_field_is_reported_at_its_own_line_up_to_the_limit(checker: ManifestChecker) -> None:
    """Two typos in one container are two findings; a document full of them stops at the limit, in source order."""
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagePullPolicyy: Always\n    port: 80\n"
    assert lines_and_messages(checker.check_manifest(pod)) == [
        (8, "알 수 없는 필드 'imagePullPolicyy' ('spec.containers[0]' 아래): 철자를 확인하거나 지우세요"),
        (9, "알 수 없는 필드 'port' ('spec.containers[0]' 아래): 철자를 확인하거나 지우세요"),
    ]
    many = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n" + "".join(f"x{i:02d}: 1\n" for i in reversed(range(12)))
    found = lines_and_messages(checker.check_manifest(many))
    assert len(found) == MAX_ERRORS_PER_DOCUMENT == 10
    assert found[0] == (4, "알 수 없는 필드 'x11' (최상위 아래): 철자를 확인하거나 지우세요")
    assert [line for line, _ in found] == list(range(4, 14))


def test_missing_fields_and_wrong_types_say_what_to_write(checker: ManifestChecker) -> None:
    """Every missing required field is named; a port that may be a number or a name says both types."""
    deployment = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchExpressions:
    - values: [web]
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
"""
    assert lines_and_messages(checker.check_manifest(deployment)) == [
        (7, "필수 필드 'key' 누락 ('spec.selector.matchExpressions[0]' 아래): 추가하세요"),
        (7, "필수 필드 'operator' 누락 ('spec.selector.matchExpressions[0]' 아래): 추가하세요"),
    ]
    service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: [8080]\n"
    assert lines_and_messages(checker.check_manifest(service)) == [
        (7, "'spec.ports[0].targetPort' 값의 타입 오류: string/integer 타입으로 바꾸세요"),
    ]


def schema_findings(schema: dict, text: str) -> list[tuple[int, str]]:
    """Validate ``text`` against a small schema and describe each error the way the checker does."""
    root = yaml.compose(text)
    validator = jsonschema.Draft202012Validator(schema)
    return [problem for error in validator.iter_errors(yaml.safe_load(text)) for problem in describe(error, root)]


def test_type_hints_and_the_general_message_for_any_schema() -> None:
    """A single type, alternatives without repeats, no usable type, and a rule with no advice of its own."""
    assert schema_findings({"properties": {"n": {"type": "integer"}}}, "a: 1\nn: x\n") == [
        (1, "'n' 값의 타입 오류: integer 타입으로 바꾸세요 (schema: 'x' is not of type 'integer')"),
    ]
    alternatives = {"properties": {"n": {"anyOf": [{"type": "integer"}, {"type": ["integer", "string", "null"]}]}}}
    [(line, message)] = schema_findings(alternatives, "n: [1]\n")
    assert (line, message.split(" (schema:")[0]) == (0, "'n' 값의 타입 오류: integer/string 타입으로 바꾸세요")
    [(_, message)] = schema_findings({"properties": {"n": {"oneOf": [{"minimum": 5}, {"maximum": 1}]}}}, "n: 3\n")
    assert message.startswith("'n' 값의 타입 오류: 스키마가 요구하는 타입으로 바꾸세요 (schema: ")
    assert [line for line, _ in schema_findings({"additionalProperties": False}, "a: 1\nb: 2\n")] == [0, 1]
    [(line, message)] = schema_findings({"properties": {"n": {"maxLength": 3}}}, "a: 1\nn: abcd\n")
    assert (line, message) == (1, "'n' 값이 스키마와 맞지 않습니다: 고치세요 (schema: 'abcd' is too long)")


def test_long_schema_wording_is_cut_at_160_characters() -> None:
    """The schema library's wording (``'<value>' is too long``) is kept whole up to 160 characters, then cut with "..."."""
    schema = {"properties": {"n": {"maxLength": 3}}}

    def wording(value: str) -> str:
        [(_, message)] = schema_findings(schema, f"n: {value}\n")
        return message.split(" (schema: ", 1)[1][:-1]

    assert wording("x" * 146) == f"'{'x' * 146}' is too long"  # 160 characters
    cut = wording("x" * 147)
    assert len(cut) == 160 and cut == f"'{'x' * 147}' is too long"[:157] + "..."


def test_yaml_that_cannot_be_read_is_reported_at_its_line() -> None:
    """A pasted control character, an unknown tag and runaway nesting each point at a line, with YAML's reason."""
    checker = ManifestChecker()
    [(line, message)] = checker.check_manifest("\na: 1\nb: x\x01y\nc: 2\nd: 3\n")
    assert line == 2
    assert message.startswith("YAML 문법 오류입니다: 들여쓰기와 콜론(:)을 확인하세요 (unacceptable character #x0001: special characters are not allowed")
    [(line, message)] = checker.check_manifest("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: !secret x\n")
    assert line == 5
    assert message.startswith("YAML 값을 읽을 수 없습니다 (could not determine a constructor for the tag '!secret' in \"<unicode string>\", line 6")
    assert checker.check_manifest("a: 1\n" + "b: " + "[" * 5000 + "]" * 5000 + "\n") == [  # the line of the brackets
        (1, "YAML이 너무 깊게 중첩되어 검사하지 않았습니다: 64단계 이하로 줄이세요 (too deeply nested to check)"),
    ]


def test_documents_after_a_refused_one_are_still_checked(checker: ManifestChecker) -> None:
    """Too deep, duplicate keys (its schema mistakes are not piled on) and an unreadable value: the next documents still count."""
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    duplicate = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    name: b\n    imagee: x\n"
    unreadable = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: !secret x\n"
    wrong = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n"
    endless = "a: &a\n  b: [*a]\n"
    text = "---\n".join([deep, duplicate, unreadable, endless, wrong])
    found = checker.check_manifest(text)
    assert [line for line, _ in found] == [0, 9, 17, 19, 26]
    starts = ["YAML이 너무 깊게", "중복된 키 'name' (처음 나온 곳: 1줄 위)", "YAML 값을 읽을 수 없습니다", "YAML 앵커(&)가 자기 안의 별칭(*)으로", "알 수 없는 필드 'datas'"]
    for (_, message), start in zip(found, starts):
        assert message.startswith(start), message


def test_the_node_limit_is_inclusive() -> None:
    """Exactly 100,000 nodes after alias expansion are checked; one more is refused; counting stops past the limit."""
    def document(extra: int) -> str:
        # mapping 1 + key a 1 + list &a 100 + key b 1 + list b 1 + 998 uses of *a (100 each) + extra scalars
        return "a: &a [" + ", ".join(["x"] * 99) + "]\nb: [" + ", ".join(["*a"] * 998 + ["y"] * extra) + "]\n"

    checker = ManifestChecker()
    assert expanded_size(yaml.compose(document(96)), MAX_NODES) == (MAX_NODES, 4)
    assert checker.check_manifest(document(96)) == []
    wrong = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n"
    [(line, message), (after, _)] = checker.check_manifest(document(97) + "---\n" + wrong)
    assert (line, after) == (0, 7) and "(too large to check)" in message
    assert expanded_size(yaml.compose(document(97)), 50) == (51, 4), "a count past the limit stops at limit + 1"


def test_aliases_of_a_long_string_count_by_its_length() -> None:
    """An 8 KB string used 1,000 times through an alias is 8 MB for the validator: refused before validation;
    one 150 KB string without aliases (a block's size cap is 200,000 characters) is still checked."""
    long = "A" * 8_000
    amplified = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n"
                 f"    blob: &big \"{long}\"\ndata:\n  list: [" + ", ".join(["*big"] * 1_000) + "]\n")
    assert expanded_size(yaml.compose(amplified), MAX_NODES)[0] > MAX_NODES
    [(line, message)] = ManifestChecker().check_manifest(amplified)
    assert line == 0 and f"긴 값은 {SCALAR_CHARS_PER_NODE}자마다 노드 하나로 셈" in message and "(too large to check)" in message
    single = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  blob: \"{'B' * 150_000}\"\n"
    assert ManifestChecker().check_manifest(single) == []


def test_api_versions_are_pointed_at_even_when_kind_comes_first(checker: ManifestChecker) -> None:
    """Removed and wrong apiVersions are reported on the apiVersion line, listing every version the kind has."""
    removed = "kind: Deployment\napiVersion: extensions/v1beta1\nmetadata:\n  name: web\n"
    assert [line for line, _ in checker.check_manifest(removed)] == [1]
    wrong = "kind: HorizontalPodAutoscaler\napiVersion: autoscaling/v3\nmetadata:\n  name: web\n"
    assert checker.check_manifest(wrong) == [
        (1, "kind HorizontalPodAutoscaler에는 apiVersion 'autoscaling/v3'을 쓸 수 없습니다: autoscaling/v1, autoscaling/v2 중 하나로 바꾸세요"),
    ]


def test_component_configs_and_custom_resources_have_no_built_in_schema(checker: ManifestChecker) -> None:
    """A kubelet configuration and a custom resource pass with any fields; a built-in group with a dot is still checked."""
    assert checker.check_manifest("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nanything: 1\n") == []
    assert checker.check_manifest("apiVersion: stable.example.com/v1\nkind: CronTab\nspec: {cronSpec: '* * * * */5'}\n") == []
    policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: n\nspec:\n  podSelectorr: {}\n"
    assert lines_and_messages(checker.check_manifest(policy)) == [
        (5, "알 수 없는 필드 'podSelectorr' ('spec' 아래): 철자를 확인하거나 지우세요"),
    ]


def test_a_list_checks_each_item_at_its_line(checker: ManifestChecker) -> None:
    """``kind: List`` items are objects of their own; items brought in by a merge key too."""
    listed = """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: good}
- apiVersion: v1
  kind: Namespace
  metadata: {name: Bad_Name}
"""
    assert [line for line, _ in checker.check_manifest(listed)] == [8]
    merged = "apiVersion: v1\nkind: List\n<<: {items: [{apiVersion: v1, kind: Namespace, metadata: {name: Bad_Name}}]}\n"
    assert [line for line, _ in checker.check_manifest(merged)] == [2]
    other = "apiVersion: example.com/v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: Bad_Name}\n"
    assert checker.check_manifest(other) == [], "only the core v1 List holds objects to check"


def test_an_alias_inside_its_own_anchor_is_refused_not_expanded_forever() -> None:
    """``&a [*a]`` would never finish expanding (kubectl refuses it too): one finding at the anchor; shared aliases are fine."""
    assert ManifestChecker().check_manifest("kind: x\nitems: &a [1, *a]\n") == [
        (1, "YAML 앵커(&)가 자기 안의 별칭(*)으로 자신을 가리켜 끝없이 펼쳐집니다: 별칭을 앵커 밖으로 옮기세요 (recursive alias)"),
    ]
    assert expanded_size(yaml.compose("x: [&s [1], *s, *s]\n"), MAX_NODES) == (9, 4)


def test_values_are_read_the_way_kubectl_reads_them(checker: ManifestChecker) -> None:
    """An unquoted date or ``1:20`` in a ConfigMap is a string for kubectl, so it is not a type mistake."""
    assert checker.check_manifest("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  day: 2024-05-01\n  at: 1:20\n") == []

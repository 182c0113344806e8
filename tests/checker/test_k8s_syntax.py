"""The small languages of the Kubernetes API, read as the Kubernetes sources read them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from studykit.checker.k8s_syntax import (
    base64_value, config_key, cron_schedule, dns_label, dns_subdomain, env_var_name, field_selector, label_selector,
    label_value, path_segment, port_name, qualified_name, quantity,
)

GOOD_SELECTORS = [
    "", "app", "!app", "app=web", "app==web", "app!=web", "app=", "app in (a, b)", "tier notin (frontend)",
    "environment in (production, qa),tier notin (frontend)", "app.kubernetes.io/name=MyApp", "app in (a,)", "count>1", "count<10",
    " app = web , tier = fe ",
]
BAD_SELECTORS = {
    "app in (nginx": "expected: ',', ')' or identifier",
    "app=web,": "identifier after ','",
    "app in a": "expected: '('",
    "app in ()": "can't be empty",
    "=web": "expected: identifier",
    "app web": "expected: in, notin",
    "app:web": "invalid label key",
    "app=a b": "expected: ',' or 'end of string'",
    "app=-x": "invalid label value",
    "count>b": "must be an integer",
    "!app=web": "expected: ',' or 'end of string'",
    "app in (a b)": "expected: ',', ')' or identifier",
}


@pytest.mark.parametrize("text", GOOD_SELECTORS)
def test_label_selectors_kubectl_sends_and_the_server_accepts(text: str) -> None:
    assert label_selector(text) == ""


@pytest.mark.parametrize("text", BAD_SELECTORS)
def test_label_selectors_the_server_refuses(text: str) -> None:
    assert BAD_SELECTORS[text] in label_selector(text)


def test_field_selectors_need_an_operator_and_a_field() -> None:
    for good in ("", "status.phase=Running", "metadata.name==web", "spec.nodeName!=n1,status.phase=Running", r"metadata.name=a\,b"):
        assert field_selector(good) == "", good
    assert "can't understand 'status.phase'" in field_selector("status.phase")
    assert "can't understand 'b'" in field_selector("a=1,b")
    assert "no field name" in field_selector("=Running")


def test_cron_schedules_are_five_fields_or_a_descriptor() -> None:
    for good in ("*/5 * * * *", "0 0 * * 0", "0 9-17 * * mon-fri", "30 2 1 jan,jul *", "0 0 ? * *", "@hourly", "@every 1h30m", "5 4 * * sun"):
        assert cron_schedule(good) == "", good
    assert "exactly 5 fields, found 6" in cron_schedule("0 */5 * * * *")
    assert "exactly 5 fields, found 4" in cron_schedule("* * * *")
    assert "unrecognized descriptor" in cron_schedule("@every-day")
    assert "duration" in cron_schedule("@every tuesday")
    assert "minute field '60'" in cron_schedule("60 * * * *") and "(0-59)" in cron_schedule("60 * * * *")
    assert "(0-23)" in cron_schedule("0 24 * * *") and "(1-31)" in cron_schedule("0 0 0 * *")
    assert "(1-12)" in cron_schedule("0 0 1 13 *") and "(0-6)" in cron_schedule("0 0 * * 7")
    assert "beyond end of range" in cron_schedule("0 5-1 * * *")
    assert "positive number" in cron_schedule("*/0 * * * *")
    assert "failed to parse int" in cron_schedule("0 0 * * funday")
    assert "TZ" in cron_schedule("TZ=Asia/Seoul 0 9 * * *") and "TZ" in cron_schedule("CRON_TZ=UTC 0 9 * * *")


def test_quantities_have_their_value() -> None:
    assert quantity("128Mi") == 128 * 2**20 and quantity("500m") == Decimal("0.5") and quantity("1e3") == 1000
    assert quantity("1.5Gi") == Decimal("1.5") * 2**30 and quantity("2k") == 2000 and quantity(".5") == Decimal("0.5")
    assert quantity("+1") == 1 and quantity(" 2 ") == 2
    for bad in ("128MB", "1.5 mb", "half", "1ki", "", "--1", "1e"):
        assert quantity(bad) is None, bad
    assert quantity("250m") < quantity("0.5") < quantity("1")


def test_names_by_rule() -> None:
    assert dns_label("a" * 63) == "" and "63" in dns_label("a" * 64) and dns_label("web.svc") and dns_label("-web") and dns_label("Web")
    assert dns_label("2048-game") == ""
    assert dns_subdomain("app.config.v1") == "" and dns_subdomain("a" * 253) == "" and "253" in dns_subdomain("a" * 254)
    assert dns_subdomain("system:kube-scheduler")
    assert path_segment("system:kube-scheduler") == "" and "'/'" in path_segment("a/b") and "'%'" in path_segment("a%b")
    assert path_segment(".") and path_segment("..")
    assert qualified_name("app.kubernetes.io/name") == "" and qualified_name("a" * 63) == "" and qualified_name("a" * 64)
    assert qualified_name("Example.com/x") and qualified_name("/x") and qualified_name("bad key!")
    assert label_value("") == "" and label_value("v1.2_3-x") == "" and label_value("a b") and label_value("a" * 64)


def test_port_names_are_iana_service_names() -> None:
    for good in ("http", "http-metrics", "h2c", "a" * 15, "tcp-80"):
        assert port_name(good) == "", good
    assert "15" in port_name("prometheus-metrics")
    assert "alpha-numeric" in port_name("web_http") and "alpha-numeric" in port_name("HTTP")
    assert "consecutive" in port_name("a--b") and "letter" in port_name("8080") and "hyphen" in port_name("-web")
    assert port_name("")


def test_env_names_and_config_keys() -> None:
    for good in ("APP_MODE", "my.env-name", "1BAD_OLD_RULE", "with space", "x"):
        assert env_var_name(good) == "", good
    assert env_var_name("") and "'='" in env_var_name("A=B") and env_var_name("모드") and env_var_name("tab\there")
    assert config_key("game.properties") == "" and config_key("ui color") and config_key("a/b") and config_key("..")
    assert "253" in config_key("a" * 254)


def test_base64_as_go_decodes_it() -> None:
    assert base64_value("YWRtaW4=") == "" and base64_value("YWRt\naW4=") == "" and base64_value("") == ""
    assert base64_value("admin") and base64_value("s3cr3t-pass!") and base64_value("YWRt aW4=") and base64_value("비밀")

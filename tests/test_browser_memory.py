"""What the browser remembers across a reload (pages.common.browser_memory): the cookie's value
as the server gets it back, and what is refused in it."""

import json
from urllib.parse import quote

import pytest

from pages.common.browser_memory import parse

JOB = "0123456789abcdef0123456789abcdef"


def cookie_value(memory) -> str:
    """As assets/browser_cookie.js writes it: encodeURIComponent of the JSON."""
    return quote(json.dumps(memory), safe="-_.!~*'()")


def test_the_value_the_component_writes_reads_back():
    memory = {"jobs": {"own_job": JOB}, "shown": ["draw", "noise_lab"],
              "class": {"room": "ACDEF", "nick": "Ana", "owner": "0" * 32, "teacher": "t" * 32}}
    assert parse(cookie_value(memory)) == memory


@pytest.mark.parametrize("raw", [None, "", "%7B", "not json", "[]", "42", json.dumps("text"), "%ZZ"])
def test_a_missing_or_malformed_cookie_is_an_empty_memory(raw):
    assert parse(raw) == {"jobs": {}, "shown": [], "class": {}}


def test_only_well_formed_pages_and_job_ids_are_kept():
    memory = {"jobs": {"own_job": JOB, "pca_job": "not-a-job-id", "<script>": JOB, "x" * 41: JOB, "ok_job": 7},
              "shown": ["draw", "../etc", 3, "Noise_Lab", "anomalies"]}
    assert parse(cookie_value(memory)) == {"jobs": {"own_job": JOB}, "shown": ["draw", "anomalies"], "class": {}}
    assert parse(cookie_value({"jobs": [JOB], "shown": "draw"})) == {"jobs": {}, "shown": [], "class": {}}
    bad_class = {"room": "<b>", "owner": "x", "teacher": "short"}
    assert parse(cookie_value({"class": bad_class}))["class"] == {}

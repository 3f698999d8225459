"""The project's JSON format: lossless round trip (property-based), the schema kept honest,
the format and version fields."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import exports_testkit as kit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.returns import DescriptorAnswer, Return
from exports import json_format
from exports.json_format import FORMAT, VERSION, to_json
from exports.json_reader import from_json
from exports.problems import ImportProblems

SCHEMA = json.loads((Path(json_format.__file__).parent / "return.schema.json").read_text(encoding="utf-8"))
REAL_IDS = st.sampled_from([f"{s}.{i}" for s, k in ((5, 7), (6, 7), (7, 5), (8, 5), (9, 7)) for i in range(1, k + 1)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kit.returns())
def test_round_trip_is_lossless(ret: Return):
    data = to_json(ret)
    assert from_json(data) == ret
    assert from_json(data.decode("utf-8")) == ret


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kit.returns(ids=REAL_IDS, edition=st.just("ehsg-2022")).map(kit.importable))
def test_round_trip_given_the_framework(framework, ret: Return):
    assert from_json(to_json(ret), framework) == ret


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kit.returns())
def test_output_matches_the_schema(ret: Return):
    assert kit.schema_errors(json.loads(to_json(ret)), SCHEMA) == []


def test_complete_return_round_trips_and_matches_the_schema(full_return):
    data = to_json(full_return)
    assert from_json(data) == full_return
    assert kit.schema_errors(json.loads(data), SCHEMA) == []


def test_format_and_version_fields(full_return):
    obj = json.loads(to_json(full_return))
    assert obj["format"] == FORMAT == "ehsg-return"
    assert obj["version"] == VERSION == 2
    assert list(obj)[:2] == ["format", "version"]


def test_narratives_are_one_object_keyed_by_prompt_key(full_return, framework):
    obj = json.loads(to_json(full_return))
    first = full_return.answers[0]
    assert obj["answers"][0]["narratives"] == {"working_well": first.working_well, "prioritising_next": first.prioritising_next}
    assert "working_well" not in obj["answers"][0]


def test_a_file_of_version_1_with_the_two_fields_reads_as_before(full_return, framework):
    obj = json.loads(to_json(full_return))
    obj["version"] = 1
    for answer in obj["answers"]:
        answer |= answer.pop("narratives")
    assert "working_well" in obj["answers"][0]
    assert from_json(json.dumps(obj).encode(), framework) == from_json(to_json(full_return), framework) == full_return


def test_narratives_and_the_earlier_fields_at_once_are_refused(full_return):
    obj = json.loads(to_json(full_return))
    obj["answers"][0]["working_well"] = "Twice"
    try:
        from_json(json.dumps(obj).encode())
    except ImportProblems as exc:
        assert [str(p) for p in exc.problems] == [
            f'{full_return.answers[0].descriptor_id}: The answer has "narratives" and also "working_well": give the '
            'text once, in "narratives"']
    else:  # pragma: no cover
        raise AssertionError("expected ImportProblems")


def test_text_is_written_as_itself_and_control_characters_survive():
    ret = Return("Ynys Môn 🏴", 2022, "ehsg-2022", answers=(DescriptorAnswer("5.1", 3, "a\x00b\x1b\u202e مرحبا 👨‍👩‍👧", "x\r\ny"),))
    data = to_json(ret)
    assert "Ynys Môn 🏴".encode() in data and "مرحبا".encode() in data
    assert from_json(data) == ret


def test_lone_surrogates_fall_back_to_escapes_without_loss():
    ret = Return("broken \ud800 text", None, "ehsg-2022")
    data = to_json(ret)
    data.decode("ascii")
    assert from_json(data) == ret


def test_sign_off_time_zones_survive():
    for tz in (None, UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30, seconds=-7, microseconds=-9))):
        ret = Return("A", 2022, "ehsg-2022", sign_off=kit.SignOff("Chair", datetime(2022, 7, 12, 10, 30, 5, 123456, tzinfo=tz)))
        back = from_json(to_json(ret))
        assert back == ret and back.sign_off.signed_off_at.utcoffset() == ret.sign_off.signed_off_at.utcoffset()  # type: ignore[union-attr]


def test_optional_fields_may_be_left_out():
    minimal = b'{"format": "ehsg-return", "version": 1, "area": "Sefton", "year": 2022, "edition": "ehsg-2022", "answers": [{"descriptor": "5.1", "score": 3}]}'
    ret = from_json(minimal)
    assert ret == Return("Sefton", 2022, "ehsg-2022", answers=(DescriptorAnswer("5.1", 3),))


def test_a_required_field_missing_is_named():
    try:
        from_json(b'{"format": "ehsg-return", "version": 1, "area": "Sefton", "year": 2022, "answers": []}')
    except ImportProblems as exc:
        assert [str(p) for p in exc.problems] == ['File: The file has no "edition" field']
    else:  # pragma: no cover
        raise AssertionError("expected ImportProblems")


def test_scores_are_checked_against_the_framework_scale(framework):
    ret = Return("A", 2022, "ehsg-2022", answers=(DescriptorAnswer("5.1", 5),))
    assert from_json(to_json(ret), framework) == ret
    data = to_json(replace(ret, answers=(DescriptorAnswer("5.1", 6),)))
    try:
        from_json(data)
    except ImportProblems as exc:
        assert exc.problems[0].where == "5.1" and "0 to 5" in exc.problems[0].message
    else:  # pragma: no cover
        raise AssertionError("expected ImportProblems")

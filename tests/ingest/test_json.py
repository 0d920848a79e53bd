"""NDJSON and JSON: broken lines, nested keys, arrays and wrapped arrays."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from journeymap.errors import InputFileError

from .helpers import mapping, rejects, rows, write

SEGMENT = """
[source]
name = "web"

[columns]
messageId = "event_id"
timestamp = "ts"
anonymousId = "anonymous_id"
"context.traits.email" = "email"
event = "touchpoint"
"context.campaign.source" = "utm_source"

[templates]
touchpoint = "page_view:{properties.path}"
"""


def _line(i: int, **extra) -> str:
    record = {"messageId": f"m{i}", "timestamp": f"2026-03-0{i}T00:00:00Z",
              "anonymousId": f"a{i}", **extra}
    return json.dumps(record, ensure_ascii=False)


def test_ndjson_broken_line_is_a_parse_error(workspace, tmp_path: Path):
    mapping(workspace, "web", SEGMENT)
    text = "\n".join([
        _line(1, event="Signed Up", context={"traits": {"email": "A@X.com"}}),
        '{"messageId": "m2", "timestamp": ',
        "",
        _line(4, properties={"path": "/pricing", "title": "Pricing"},
              context={"campaign": {"source": "naver"}}),
    ]) + "\n"
    result = workspace.ingest(write(tmp_path / "web.ndjson", text), "web")
    assert (result.rows_read, result.loaded, result.rejected) == (3, 2, 1)
    assert rejects(workspace) == [(2, "parse_error", None, None)]
    got = rows(workspace, "events")
    assert [(r["event_id"], r["ts"], r["touchpoint"], r["email"], r["utm_source"],
             r["source_row"]) for r in got] == [
        ("m1", dt.datetime(2026, 3, 1), "Signed Up", "a@x.com", None, 1),
        ("m4", dt.datetime(2026, 3, 4), "page_view:/pricing", None, "naver", 4),
    ]
    assert json.loads(got[1]["properties"]) == {"path": "/pricing", "title": "Pricing"}


def test_ndjson_mixed_types_fall_back_and_load(workspace, tmp_path: Path):
    text = "\n".join([
        json.dumps({"ts": "2026-03-01", "touchpoint": "a", "user_id": 7, "x": {"y": 1}}),
        json.dumps({"ts": "2026-03-02", "touchpoint": "b", "user_id": "u8", "x": "flat"}),
    ])
    result = workspace.ingest(write(tmp_path / "mixed.ndjson", text), "app")
    assert result.loaded == 2
    assert [r["user_id"] for r in rows(workspace, "events")] == ["7", "u8"]


@pytest.mark.parametrize("wrap", [False, True])
def test_json_array_and_wrapped_array(workspace, tmp_path: Path, wrap: bool):
    records = [{"ts": "2026-03-01T09:00:00+09:00", "touchpoint": "signup", "user_id": "u1",
                "value": 10.5},
               {"ts": "2026-03-02T09:00:00+09:00", "touchpoint": "purchase", "user_id": "u1",
                "tags": ["a", "b"]}]
    doc = {"data": records} if wrap else records
    workspace.ingest(write(tmp_path / "shop.json", json.dumps(doc)), "shop")
    got = rows(workspace, "events")
    assert [(r["ts"], r["value"], r["source_row"]) for r in got] == [
        (dt.datetime(2026, 3, 1), 10.5, 1), (dt.datetime(2026, 3, 2), None, 2)]
    assert json.loads(got[1]["properties"]) == {"tags": '["a", "b"]'}


def test_json_that_is_not_records(workspace, tmp_path: Path):
    with pytest.raises(InputFileError, match="not a JSON array"):
        workspace.ingest(write(tmp_path / "x.json", '"hello"'), "shop")

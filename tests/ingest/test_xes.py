"""XES event logs load with no mapping: case → user_id, activity → touchpoint."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from .helpers import rows

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <string key="concept:name" value="demo log"/>
  <trace>
    <string key="concept:name" value="case-1"/>
    <event>
      <string key="concept:name" value="Submit"/>
      <string key="lifecycle:transition" value="complete"/>
      <string key="org:resource" value="Kim"/>
      <date key="time:timestamp" value="2026-03-01T10:00:00.000+09:00"/>
    </event>
    <event>
      <string key="concept:name" value="Review"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2026-03-01T11:30:00Z"/>
      <float key="amount" value="1200.5"/>
    </event>
    <event>
      <string key="concept:name" value="Review"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2026-03-01T11:30:00Z"/>
      <float key="amount" value="1200.5"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="case-2"/>
    <event>
      <string key="concept:name" value="Submit"/>
      <date key="time:timestamp" value="2026-03-02T00:00:00+00:00"/>
    </event>
  </trace>
</log>
"""


@pytest.mark.parametrize("name", ["demo.xes", "demo.xes.gz"])
def test_small_log(workspace, tmp_path: Path, name: str):
    path = tmp_path / name
    data = SMALL.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = workspace.ingest(path)
    assert (result.source, result.rows_read, result.loaded) == ("demo", 4, 4)
    got = rows(workspace, "events")
    assert [(r["user_id"], r["touchpoint"], r["ts"], r["source"], r["source_row"])
            for r in got] == [
        ("case-1", "Submit", dt.datetime(2026, 3, 1, 1, 0), "demo", 1),
        ("case-1", "Review:start", dt.datetime(2026, 3, 1, 11, 30), "demo", 2),
        ("case-1", "Review:start", dt.datetime(2026, 3, 1, 11, 30), "demo", 3),
        ("case-2", "Submit", dt.datetime(2026, 3, 2), "demo", 4),
    ]
    props = json.loads(got[0]["properties"])
    assert props["org:resource"] == "Kim" and props["concept:name"] == "Submit"
    assert json.loads(got[1]["properties"])["amount"] == "1200.5"
    assert workspace.ingest(path).loaded == 0


def test_given_source_wins(workspace, tmp_path: Path):
    path = tmp_path / "demo.xes"
    path.write_text(SMALL, encoding="utf-8")
    assert workspace.ingest(path, "loans").source == "loans"
    assert {r["source"] for r in rows(workspace, "events")} == {"loans"}


def test_helpdesk_log(workspace):
    result = workspace.ingest(SHARED_DATA / "eventlogs" / "Helpdesk.xes.gz")
    assert (result.rows_read, result.loaded, result.rejected) == (21_348, 21_348, 0)
    assert result.source == "Helpdesk"


def test_bpi_challenge_2012_log(workspace):
    result = workspace.ingest(SHARED_DATA / "eventlogs" / "BPI_Challenge_2012.xes.gz")
    assert (result.rows_read, result.loaded, result.rejected) == (262_200, 262_200, 0)
    events = workspace.engine.table("events")
    cases = workspace.engine.to_arrow(events.user_id.nunique()).as_py()
    submitted = workspace.engine.to_arrow(
        events.filter(events.touchpoint == "A_SUBMITTED").count()).as_py()
    assert (cases, submitted) == (13_087, 13_087)

"""Trying a mapping on a file without loading it: what would load and what would be set
aside agrees with a real load of the same file, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap as jm
from journeymap.errors import InputNotFoundError, MappingError

from .helpers import mapping, rejects, write

CSV = (
    "id,when,email,amount,page\n"
    "1,2026-03-01 09:00:00,a@x.com,10,pricing\n"
    "2,not a time,b@x.com,5,pricing\n"
    "3,2026-03-02 10:00:00,c@x.com,lots,demo_request\n"
    "4,2026-03-03 11:30:00,d@x.com,7,demo_request\n"
)
MAPPING = """
[source]
name = "site"
[columns]
id = "event_id"
when = "ts"
email = "email"
amount = "value"
page = "touchpoint"
[timestamp]
formats = ["%Y-%m-%d %H:%M:%S"]
timezone = "Asia/Seoul"
"""


@pytest.fixture
def ws(tmp_path: Path):
    with jm.init_workspace(tmp_path / "ws") as workspace:
        mapping(workspace, "site", MAPPING)
        yield workspace


def test_the_preview_agrees_with_a_real_load(ws, tmp_path):
    path = write(tmp_path / "site.csv", CSV)
    seen = ws.preview_mapping(path, "site")
    assert seen.checked == 4 and seen.failing == 2
    assert [r["event_id"] for r in seen.rows] == ["1", "4"]
    assert seen.rows[0]["ts"].isoformat() == "2026-03-01T00:00:00"  # 09:00 in Seoul, as UTC
    assert seen.rows[1]["value"] == 7.0
    assert ws.loads().to_dict() == []  # nothing was loaded
    problems = [(p["row"], p["reason"], p["field"]) for p in seen.problems]
    loaded = ws.ingest(path, "site")
    assert loaded.loaded == len(seen.rows) and loaded.rejected == seen.failing
    assert problems == [(row, reason, field) for row, reason, field, _ in rejects(ws)]
    assert "would be set aside" in seen._repr_html_()
    assert seen.to_dict()["failing"] == 2


def test_another_mapping_can_be_tried_before_it_is_saved(ws, tmp_path):
    path = write(tmp_path / "site.csv", CSV)
    lenient = write(tmp_path / "lenient.toml", MAPPING.replace('amount = "value"\n', ""))
    seen = ws.preview_mapping(path, "site", mapping=lenient)
    assert seen.failing == 1 and [r["event_id"] for r in seen.rows] == ["1", "3", "4"]


def test_no_mapping_or_no_file_is_a_clear_error(ws, tmp_path):
    path = write(tmp_path / "site.csv", CSV)
    with pytest.raises(MappingError, match="no mapping for source 'crm'") as err:
        ws.preview_mapping(path, "crm")
    assert err.value.file.endswith("mappings/crm.toml") and "suggest" in err.value.hint
    with pytest.raises(InputNotFoundError):
        ws.preview_mapping(tmp_path / "missing.csv", "site")

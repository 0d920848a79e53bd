"""Mapping rules and quarantine reasons, with hand-computed UTC times and counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

import journeymap as jm
from journeymap.errors import MappingError
from journeymap.ingest.mapping import mapping_from_dict
from journeymap.ingest.transform import map_batch

from .helpers import mapping, rejects, rows, write

CRM = """
[source]
name = "crm"

[columns]
id = "event_id"
when = "ts"
what = "touchpoint"
mail = "email"
amount = "value"
score = "rating"
note = "text"
company = "account_id"

[values.touchpoint]
"Demo Requested" = "demo_request"

[timestamp]
formats = ["%Y.%m.%d %H:%M"]
timezone = "Asia/Seoul"
"""
ROWS = (
    "id,when,what,mail,amount,score,note,company\n"
    "1,2026-03-01T10:00:00+09:00,Demo Requested,A@X.com,\"$1,500\",,,\n"  # row 2
    "2,2026.03.01 14:00,call,,₩2000,9,,acme\n"  # row 3: naive, Asia/Seoul
    "3,2026-13-45,call,b@x.com,,,,\n"  # row 4: bad timestamp
    "4,2026-03-02 00:00:00,call,,,,,\n"  # row 5: no identifier
    "5,,call,c@x.com,,,,\n"  # row 6: no timestamp
    "6,1772326800,,d@x.com,,,,\n"  # row 7: no touchpoint
    "7,1772326800000,call,e@x.com,lots,,,\n"  # row 8: bad amount
    "8,2026-03-01T00:00:00Z,call,f@x.com,,,this text is too long,\n"  # row 9
)


def test_fields_and_every_reason(tmp_path: Path):
    ws = jm.init_workspace(tmp_path / "ws", ingest={"max_text_chars": 10})
    mapping(ws, "crm", CRM)
    result = ws.ingest(write(tmp_path / "crm.csv", ROWS), "crm")
    assert (result.rows_read, result.loaded, result.rejected, result.already_loaded) == (
        8, 2, 6, 0)
    assert result.rejected_by_reason == {"cast_error": 2, "missing_identifier": 1,
                                         "schema_violation": 2, "size_violation": 1}
    got = rows(ws, "events")
    assert [(r["event_id"], r["ts"], r["touchpoint"], r["email"], r["value"], r["rating"],
             r["account_id"]) for r in got] == [
        ("1", dt.datetime(2026, 3, 1, 1), "demo_request", "a@x.com", 1500.0, None, None),
        ("2", dt.datetime(2026, 3, 1, 5), "call", None, 2000.0, 9.0, "acme"),
    ]
    assert rejects(ws) == [
        (4, "cast_error", "ts", "2026-13-45"),
        (5, "missing_identifier", "anonymous_id,user_id,email,account_id", None),
        (6, "schema_violation", "ts", None),
        (7, "schema_violation", "touchpoint", None),
        (8, "cast_error", "value", "lots"),
        (9, "size_violation", "text", "this text is too long"),
    ]
    first = ws.rejected().to_dict()[0]
    assert first["message"] == (
        "timestamp '2026-13-45' matches no format; add its format to [timestamp].formats "
        f"in {ws.path / 'mappings' / 'crm.toml'}")
    assert first["file"] == str((tmp_path / "crm.csv").resolve())
    assert first["raw"].startswith('{"id":"3","when":"2026-13-45"')
    ws.close()


def test_an_id_stored_by_another_file_is_not_loaded_again(workspace, tmp_path):
    """Ids already stored are found whatever the ranges of the two files' ids (the merge
    reads only stored ids within the new file's range)."""
    first = write(tmp_path / "a.csv", "event_id,ts,touchpoint,user_id\n"
                  "m1,2026-03-01,signup,u1\nn1,2026-03-01,login,u1\n")
    second = write(tmp_path / "b.csv", "event_id,ts,touchpoint,user_id\n"
                   "a1,2026-03-02,signup,u2\nn1,2026-03-02,login,u2\nz1,2026-03-02,x,u2\n")
    assert workspace.ingest(first, "crm").loaded == 2
    result = workspace.ingest(second, "crm")
    assert (result.loaded, result.already_loaded) == (2, 1)
    got = {r["event_id"]: r["user_id"] for r in rows(workspace, "events")}
    assert got == {"m1": "u1", "n1": "u1", "a1": "u2", "z1": "u2"}

def test_unix_seconds_and_milliseconds(workspace, tmp_path: Path):
    path = write(tmp_path / "t.csv", "ts,touchpoint,user_id\n1772326800,a,u\n1772326800000,b,u\n")
    workspace.ingest(path, "app")
    assert [r["ts"] for r in rows(workspace, "events")] == [dt.datetime(2026, 3, 1, 1)] * 2


def test_reingest_adds_nothing_and_in_file_duplicates_keep_the_first(workspace, tmp_path):
    path = write(tmp_path / "web.csv", "ts,touchpoint,user_id\n"
                 "2026-03-01,signup,u1\n2026-03-01,signup,u1\n2026-03-02,signup,u2\n")
    first = workspace.ingest(path, "web")
    assert (first.loaded, first.already_loaded) == (2, 1)
    again = workspace.ingest(path, "web")
    assert (again.rows_read, again.loaded, again.already_loaded) == (3, 0, 3)
    got = rows(workspace, "events")
    assert [r["source_row"] for r in got] == [2, 4]
    key = "\x1f".join(["web", "touchpoint=signup", "ts=2026-03-01", "user_id=u1"])
    assert got[0]["event_id"] == hashlib.md5(key.encode()).hexdigest()
    assert [r["loaded"] for r in workspace.loads().to_dict()] == [0, 2]


def test_mapping_fix_loads_the_rows_that_now_pass(workspace, tmp_path: Path):
    text = "\n".join(x for x in CRM.splitlines() if not x.startswith("formats"))
    mapping(workspace, "crm", text)
    path = write(tmp_path / "crm.csv", ROWS)
    before = workspace.ingest(path, "crm")
    assert before.rejected_by_reason["cast_error"] == 3  # row 3 has no matching format
    mapping(workspace, "crm", CRM)
    after = workspace.ingest(path, "crm")
    assert (after.loaded, after.already_loaded, after.rejected) == (1, 2, 5)
    assert len(workspace.rejected()) == 5
    assert [r[0] for r in rejects(workspace)] == [4, 5, 6, 7, 8]


def test_hash_emails(tmp_path: Path):
    ws = jm.init_workspace(tmp_path / "ws", ingest={"hash_emails": True})
    path = write(tmp_path / "m.csv", "ts,touchpoint,email\n2026-03-01,open, Kim@Acme.co.kr\n")
    ws.ingest(path, "email")
    local = hashlib.sha256(b"kim").hexdigest()
    assert rows(ws, "events")[0]["email"] == f"sha256:{local}@acme.co.kr"
    ws.close()


def test_accounts_replace_by_account_id(workspace, tmp_path: Path):
    mapping(workspace, "firms", """
[source]
name = "firms"
kind = "accounts"

[columns]
"회사코드" = "account_id"
"회사명" = "name"
"업종" = "industry"
""")
    first = write(tmp_path / "a.csv",
                  "회사코드,회사명,업종,직원수\nC1,에이크미,제조,120\n,무명,IT,3\n")
    result = workspace.ingest(first, "firms")
    assert (result.kind, result.loaded, result.rejected) == ("accounts", 1, 1)
    assert rejects(workspace) == [(3, "schema_violation", "account_id", None)]
    assert workspace.ingest(first, "firms").already_loaded == 1
    second = write(tmp_path / "b.csv", "회사코드,회사명,업종,직원수\nC1,에이크미,화학,150\n")
    assert workspace.ingest(second, "firms").loaded == 1
    got = rows(workspace, "account_records", order_by="account_id")
    assert [(r["account_id"], r["name"], r["industry"], r["properties"]) for r in got] == [
        ("C1", "에이크미", "화학", '{"직원수":"150"}')]


def test_unknown_mapping_field_names_file_and_key(workspace, tmp_path: Path):
    path = mapping(workspace, "web", '[source]\nname = "web"\n[columns]\nwhen = "timestamp"\n')
    with pytest.raises(MappingError) as err:
        workspace.ingest(write(tmp_path / "w.csv", "when\n2026-03-01\n"), "web")
    text = str(err.value)
    assert str(path) in text and "[columns] 'when'" in text and "'timestamp'" in text



def test_properties_keep_every_value_exactly_as_json():
    """Kept columns become one JSON object: values with quotes, backslashes, control
    characters, JSON text or non-ASCII come back unchanged; empty values are left out,
    so a row without any kept value has ``{}``."""
    odd = ['a"b', "back\\slash", "tab\there", "new\nline", "\x1f", "한글😀", '{"j":1}',
           "x\u2028y", None, "  "]
    plain = [*reversed(odd[:8]), "  ", None]
    frame = pl.DataFrame({
        "ts": ["2026-01-01T00:00:00Z"] * len(odd), "uid": ["u"] * len(odd),
        'odd"key': odd, "plain": plain, "_row": list(range(2, 2 + len(odd))),
    })
    m = mapping_from_dict({"source": {"name": "s"}, "columns": {"ts": "ts", "uid": "user_id"},
                           "constants": {"touchpoint": "t"}, "properties": {"rest": True}})
    got = map_batch(frame, m, None, 10_000).good["properties"].to_list()
    expected = [{k: v for k, v in (('odd"key', a), ("plain", b)) if v and v.strip(" \t\n\r")}
                for a, b in zip(odd, plain, strict=True)]
    assert [json.loads(p) for p in got] == expected
    assert got[-2:] == ["{}", "{}"]

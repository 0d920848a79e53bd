"""Stages: a load's rows wait in Arrow IPC files on DuckDB, and leave nothing behind."""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.ipc as ipc
import pytest

import journeymap as jm
from journeymap.ingest.loader import file_sha256
from journeymap.ingest.merge import hashed_email_value, stage_events
from journeymap.ingest.stage import FileStage, TableStage, open_stage
from journeymap.schema import EVENT_SCHEMA

from .helpers import write

SCHEMA = ibis.schema({"event_id": "string", "value": "float64", "source_row": "int64"})


def test_file_stage_reads_back_what_was_appended(workspace: jm.Workspace):
    engine = workspace.engine
    stage = open_stage(engine, "__stage_test", SCHEMA)
    assert isinstance(stage, FileStage)
    assert stage.folder.parent == workspace.path / "events.duckdb.staging"
    assert engine.to_arrow(stage.table()).num_rows == 0  # nothing staged yet: empty, typed
    stage.append(pa.table({"source_row": [2, 3], "event_id": ["a", "b"], "value": [1, None]}))
    memtable = ibis.memtable(pa.table({"event_id": ["c"], "value": [2.5], "source_row": [4]}))
    stage.append(memtable.mutate(value=memtable.value * 2))
    stage.append(SCHEMA.to_pyarrow().empty_table())
    # one Arrow IPC file per non-empty batch, the batch's rows in the stage's schema
    files = sorted(stage.folder.iterdir())
    assert [f.name for f in files] == ["000000.arrow", "000001.arrow"]
    assert ipc.open_file(files[1]).read_all().to_pylist() == [
        {"event_id": "c", "value": 5.0, "source_row": 4}]
    got = engine.to_arrow(stage.table().order_by("source_row"))
    assert got.schema.names == ["event_id", "value", "source_row"]
    assert got.to_pylist() == [{"event_id": "a", "value": 1.0, "source_row": 2},
                               {"event_id": "b", "value": None, "source_row": 3},
                               {"event_id": "c", "value": 5.0, "source_row": 4}]
    stage.drop()
    assert not stage.folder.exists()
    assert not engine.has("__stage_test")


def test_table_stage_is_a_scratch_table(workspace: jm.Workspace):
    stage = TableStage(workspace.engine, "__stage_t", SCHEMA)
    stage.append(pa.table({"event_id": ["a"], "value": [1.0], "source_row": [2]}))
    assert workspace.engine.to_arrow(stage.table()).num_rows == 1
    stage.drop()
    assert not workspace.engine.has("__stage_t")


def test_a_file_whose_every_row_is_rejected_loads_nothing(workspace: jm.Workspace,
                                                           tmp_path: Path):
    path = write(tmp_path / "bad.csv", "ts,touchpoint,user_id\nnot a time,a,u1\nnever,b,u2\n")
    result = workspace.ingest(path, "web")
    assert (result.rows_read, result.loaded, result.rejected) == (2, 0, 2)
    assert not list((workspace.path / "events.duckdb.staging").glob("*"))


def _mapped(**columns: list) -> pa.Table:
    """A mapped batch as ``map_batch`` hands it over (only some event columns)."""
    return pa.table({"ts": pa.array([datetime(2026, 3, 1, 9)] * 2, pa.timestamp("us")),
                     "source": ["web", "web"], "touchpoint": ["signup", "login"],
                     "source_row": [2, 3], **columns})


@pytest.mark.parametrize("hash_emails", [False, True])
def test_staged_events_with_ids_without_ids_and_hashed_emails(workspace: jm.Workspace,
                                                              hash_emails: bool):
    """A batch whose rows all have ids is staged as it is (no query); one with a row key
    gets the key's MD5 where the id is missing; both end in the events schema."""
    engine = workspace.engine
    stage = open_stage(engine, "__stage_ev", EVENT_SCHEMA)
    emails = ["kim@acme.co.kr", None]  # lower-case, as map_batch leaves them
    stage_events(stage, _mapped(event_id=["e1", "e2"], email=emails), "L1", hash_emails)
    stage_events(stage, _mapped(event_id=["e3", None], email=emails, __key=["k3", "k4"]),
                 "L1", hash_emails)
    got = engine.to_arrow(stage.table())
    assert got.schema.names == list(EVENT_SCHEMA.names)
    rows = sorted(got.to_pylist(), key=lambda r: r["event_id"])
    assert [r["event_id"] for r in rows] == sorted(
        ["e1", "e2", "e3", hashlib.md5(b"k4").hexdigest()])
    # each computed id stays with its own row (the hashes come back in the rows' order)
    assert {r["event_id"]: (r["touchpoint"], r["source_row"]) for r in rows} == {
        "e1": ("signup", 2), "e2": ("login", 3), "e3": ("signup", 2),
        hashlib.md5(b"k4").hexdigest(): ("login", 3)}
    assert {r["load_id"] for r in rows} == {"L1"}
    assert all(r["channel"] is None and r["value"] is None for r in rows)
    kim = hashed_email_value("kim@acme.co.kr") if hash_emails else "kim@acme.co.kr"
    assert sorted(str(r["email"]) for r in rows) == sorted([kim, "None"] * 2)
    stage.drop()


def test_hashed_ids_of_a_large_batch_stay_with_their_rows(workspace: jm.Workspace):
    """Half a million rows, enough for the engine to hash them on several threads."""
    engine = workspace.engine
    stage = open_stage(engine, "__stage_big", EVENT_SCHEMA)
    n = 500_000
    rows = pa.table({"event_id": pa.nulls(n, pa.string()), "source_row": pa.array(range(n)),
                     "__key": [f"k{i}" for i in range(n)]})
    stage_events(stage, rows, "L1", hash_emails=False)
    con = engine.con.con
    con.register("got", engine.to_arrow(stage.table()))
    assert con.execute("SELECT count(*), count(*) FILTER (WHERE event_id = md5('k' || "
                       "source_row)) FROM got").fetchone() == (n, n)
    stage.drop()


def test_the_manifest_records_the_fingerprint_of_the_file_on_disk(workspace: jm.Workspace,
                                                                  tmp_path: Path):
    # the SHA-256 of every byte, for a good file and for one whose rows are all rejected
    text = "ts,touchpoint,user_id\n" + "".join(
        f"2026-03-0{1 + i % 9} 10:00:00,page_view:/p{i},u{i}\n" for i in range(20_000))
    good = write(tmp_path / "good.csv", text)
    bad = write(tmp_path / "bad.csv", "ts,touchpoint,user_id\nnot a time,a,u1\n")
    for path in (good, bad):
        workspace.ingest(path, "web")
    stored = dict(workspace.engine.con.con.execute(
        "SELECT file, file_sha256 FROM loads").fetchall())
    for path in (good, bad):
        assert stored[str(path.resolve())] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_fingerprint_stops_reading_once_told(tmp_path: Path):
    # a failed load sets the event so a large file is not read to its end for nothing
    path = write(tmp_path / "big.csv", "x\n" * 3_000_000)
    assert file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    stop = threading.Event()
    stop.set()
    assert file_sha256(path, stop) == hashlib.sha256(b"").hexdigest()

"""Stages: a load's rows wait in Parquet files on DuckDB, and leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import ibis
import pyarrow as pa

import journeymap as jm
from journeymap.ingest.stage import FileStage, TableStage, open_stage

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

"""The batches of one file are mapped several at a time (``ingest.parallel_batches``).

Whatever order the workers finish in, the load must be the one a one-by-one load gives:
the same events (the first row of an id repeated across batches wins), the same rejects
with their row numbers, progress in file order, and a failure leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap as jm
from journeymap.ingest import chunks, loader

from .helpers import mapping, write

ROWS = 18_000  # about 6 MB: six batches of 1 MiB
BAD_TS = {7, 3_500, 7_999, 12_001, 17_400}  # data rows with a time that does not parse
NO_ID = {10, 6_500, 15_001}  # rows without an id: theirs is hashed from the row
REPEATS = {9_200: 12, 16_800: 5_100}  # row -> the earlier row whose id it repeats


@pytest.fixture(autouse=True)
def small_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reads of at least 1 MiB instead of 4, so a small file comes in several batches."""
    monkeypatch.setattr(chunks, "READ_BYTES", 1 << 20)


def _csv(folder: Path) -> Path:
    lines = ["id,ts,touchpoint,user_id,note"]
    note = "x" * 300
    for n in range(1, ROWS + 1):
        ident = "" if n in NO_ID else f"e{REPEATS.get(n, n)}"
        ts = "not a time" if n in BAD_TS else f"2026-03-{1 + n % 28:02d} 10:{n % 60:02d}"
        lines.append(f"{ident},{ts},visit_{n % 7},u{n % 300},{note}")
    return write(folder / "big.csv", "\n".join(lines) + "\n")


def _mapping(ws: jm.Workspace) -> Path:
    return mapping(ws, "web", '[source]\nname = "web"\n[columns]\nid = "event_id"\n'
                   'ts = "ts"\ntouchpoint = "touchpoint"\nuser_id = "user_id"\n')


def _load(root: Path, path: Path, workers: int) -> tuple[jm.Workspace, object, list[tuple]]:
    ws = jm.init_workspace(root, ingest={"batch_rows": 1_000, "parallel_batches": workers})
    calls: list[tuple] = []
    result = ws.ingest(path, "web", mapping=_mapping(ws),
                       progress=lambda *args: calls.append(args))
    return ws, result, calls


def _tables(ws: jm.Workspace) -> dict[str, list[tuple]]:
    con = ws.engine.con.con
    return {
        "events": con.execute("SELECT event_id, ts, touchpoint, user_id, source_row FROM events "
                              "ORDER BY source_row").fetchall(),
        "rejected": con.execute("SELECT row, field, reason, raw_value FROM rejected "
                                "ORDER BY row").fetchall(),
    }


def test_batches_mapped_side_by_side_load_what_a_one_by_one_load_does(tmp_path: Path):
    path = _csv(tmp_path)
    one, one_result, _ = _load(tmp_path / "one", path, 1)
    many, result, calls = _load(tmp_path / "many", path, 4)
    assert _tables(many) == _tables(one)
    assert (result.rows_read, result.loaded, result.rejected, result.already_loaded) == (
        one_result.rows_read, one_result.loaded, one_result.rejected,
        one_result.already_loaded)
    # by hand: every row read, the bad times rejected, the repeated ids kept once
    assert result.rows_read == ROWS
    assert result.rejected == len(BAD_TS)
    assert result.loaded == ROWS - len(BAD_TS) - len(REPEATS)
    tables = _tables(many)
    # the file row of data row n is n + 1 (the header is row 1)
    assert [r[0] for r in tables["rejected"]] == [n + 1 for n in sorted(BAD_TS)]
    assert {r[1:3] for r in tables["rejected"]} == {("ts", "cast_error")}
    kept = {r[0]: r[4] for r in tables["events"]}
    for earlier in REPEATS.values():
        assert kept[f"e{earlier}"] == earlier + 1  # the id's first row, not the repeat
    hashed = [r for r in tables["events"] if not r[0].startswith("e")]
    assert [r[4] for r in hashed] == [n + 1 for n in sorted(NO_ID)]
    # progress comes in file order and ends at the whole file
    done = [c[1] for c in calls if c[0] == "ingest big.csv"]
    assert len(done) >= 5 and done == sorted(done)
    assert done[-1] == path.stat().st_size
    for ws in (one, many):
        ws.close()


def test_a_batch_that_fails_leaves_nothing_behind(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    path = _csv(tmp_path)
    real = loader.map_batch

    def failing(frame, *args, **kwargs):
        if frame["_row"].min() > 9_000:  # the fourth batch on
            raise RuntimeError("mapping failed")
        return real(frame, *args, **kwargs)

    monkeypatch.setattr(loader, "map_batch", failing)
    ws = jm.init_workspace(tmp_path / "ws", ingest={"batch_rows": 1_000,
                                                    "parallel_batches": 3})
    with pytest.raises(RuntimeError, match="mapping failed"):
        ws.ingest(path, "web", mapping=_mapping(ws))
    con = ws.engine.con.con
    assert con.execute("SELECT count(*) FROM events").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM loads").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM rejected").fetchone() == (0,)
    assert not list((ws.path / "events.duckdb.staging").glob("*"))
    leftovers = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE "
                            "'__stage%' UNION ALL SELECT view_name FROM duckdb_views() "
                            "WHERE view_name LIKE '__stage%'").fetchall()
    assert leftovers == []
    monkeypatch.undo()
    assert ws.ingest(path, "web", mapping=_mapping(ws)).loaded == ROWS - len(BAD_TS) - len(REPEATS)
    ws.close()

"""A load plan's files are staged two at a time and committed in plan order.

The result must be exactly that of loading the files one by one: the same events (an
event id two files share is kept from the earlier file), the same rejects and loads, and a
file that fails stops the plan there with the files before it loaded.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.errors import InputFileError
from journeymap.ingest.parallel import in_order

from .helpers import write

MAPPING = ('[source]\nname = "{name}"\n[columns]\nid = "event_id"\nts = "ts"\n'
           'touchpoint = "touchpoint"\nuser_id = "user_id"\n')


def _plan(folder: Path, files: dict[str, str]) -> Path:
    """A plan of CSV files, one source each, in the order given."""
    folder.mkdir(exist_ok=True)
    entries = []
    for name, text in files.items():
        write(folder / f"{name}.csv", text)
        write(folder / f"{name}.toml", MAPPING.replace("{name}", name))
        entries.append(f'[[load]]\nfile = "{name}.csv"\nsource = "{name}"\n'
                       f'mapping = "{name}.toml"\n')
    return write(folder / "sources.toml", "\n".join(entries))


def _files(n: int) -> dict[str, str]:
    """``n`` files; every file repeats the last id of the one before it (``shared-k``),
    and the third row of each is a bad time."""
    files = {}
    for k in range(n):
        rows = [f"e{k}-{i},2026-03-0{1 + i % 9} 10:00,visit,u{i}" for i in range(40)]
        rows.append(f"shared-{k},2026-03-02 11:00,visit_from_{k},u1")
        if k:
            rows.append(f"shared-{k - 1},2026-03-02 12:00,visit_from_{k},u2")
        rows[2] = f"bad-{k},not a time,visit,u1"
        files[f"src{k}"] = "id,ts,touchpoint,user_id\n" + "\n".join(rows) + "\n"
    return files


def _tables(ws: jm.Workspace) -> dict[str, list[tuple]]:
    con = ws.engine.con.con
    return {
        "events": con.execute("SELECT event_id, ts, source, touchpoint, user_id, source_row "
                              "FROM events ORDER BY event_id").fetchall(),
        "rejected": con.execute("SELECT file, source, row, field, reason FROM rejected "
                                "ORDER BY source, row").fetchall(),
        "loads": con.execute("SELECT source, rows_read, loaded, rejected, already_loaded "
                             "FROM loads ORDER BY finished_at").fetchall(),
    }


def _workspace(path: Path, parallel: int) -> jm.Workspace:
    return jm.init_workspace(path, ingest={"parallel_files": parallel})


def test_parallel_plan_equals_one_by_one(tmp_path: Path):
    plan = _plan(tmp_path / "data", _files(6))
    results = {}
    for parallel in (1, 2, 3):
        ws = _workspace(tmp_path / f"ws{parallel}", parallel)
        loads = ws.ingest_plan(plan)
        assert [r.source for r in loads] == [f"src{k}" for k in range(6)]
        results[parallel] = ([(r.rows_read, r.loaded, r.rejected, r.already_loaded)
                              for r in loads], _tables(ws))
        ws.close()
    for parallel in (2, 3):
        assert results[parallel][0] == results[1][0]
        for table, rows in results[1][1].items():
            assert results[parallel][1][table] == rows, table
    sums, tables = results[1]
    # each later file repeats one id of the file before it: that row is already loaded
    assert sums == [(41, 40, 1, 0)] + [(42, 40, 1, 1)] * 5
    shared = {e[0]: e[3] for e in tables["events"] if e[0].startswith("shared")}
    assert shared == {f"shared-{k}": f"visit_from_{k}" for k in range(6)}  # earlier file won


def test_a_failing_file_stops_the_plan_after_the_earlier_ones(tmp_path: Path):
    files = _files(5)
    files["src2"] = ""  # empty: the load fails
    plan = _plan(tmp_path / "data", files)
    ws = _workspace(tmp_path / "ws", 2)
    with pytest.raises(InputFileError) as err:
        ws.ingest_plan(plan)
    assert "src2.csv" in str(err.value)
    tables = _tables(ws)
    assert [row[0] for row in tables["loads"]] == ["src0", "src1"]
    assert {e[2] for e in tables["events"]} == {"src0", "src1"}
    assert {r[1] for r in tables["rejected"]} == {"src0", "src1"}
    # every load dropped its stages: no staging table or file is left behind
    assert ws.engine.con.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '__stage_%'"
    ).fetchone() == (0,)
    staging = ws.engine.scratch_dir()
    assert staging is not None and not list(staging.glob("*"))
    # the plan loads once the file is fixed; the two loaded files add nothing again
    write(tmp_path / "data" / "src2.csv", _files(5)["src2"])
    again = ws.ingest_plan(plan)
    assert [(r.source, r.loaded) for r in again] == [
        ("src0", 0), ("src1", 0), ("src2", 40), ("src3", 40), ("src4", 40)]
    ws.close()


class _Load:
    """A staged item for :func:`in_order`: records commits and discards."""

    def __init__(self, item: int, log: list[str], fail_commit: bool) -> None:
        self.item, self.log, self.fail_commit = item, log, fail_commit

    def commit(self) -> int:
        self.log.append(f"commit {self.item}")
        if self.fail_commit:
            raise RuntimeError(f"commit {self.item} failed")
        return self.item

    def discard(self) -> None:
        self.log.append(f"discard {self.item}")


def _stager(log: list[str], active: list[int], fail_stage: int = -1, fail_commit: int = -1):
    lock = threading.Lock()
    running = [0]

    def stage(item: int) -> _Load:
        with lock:
            running[0] += 1
            active.append(running[0])
        time.sleep(0.05 if item % 2 == 0 else 0.005)  # later items often finish first
        with lock:
            running[0] -= 1
        if item == fail_stage:
            raise ValueError(f"stage {item} failed")
        return _Load(item, log, item == fail_commit)

    return stage


def test_in_order_commits_in_order_with_at_most_workers_at_once():
    log: list[str] = []
    active: list[int] = []
    assert in_order(list(range(8)), _stager(log, active), workers=2) == list(range(8))
    assert log == [f"commit {i}" for i in range(8)]
    assert max(active) == 2


def test_in_order_stops_at_a_failed_stage_and_drops_later_staged_loads():
    log: list[str] = []
    with pytest.raises(ValueError, match="stage 3"):
        in_order(list(range(8)), _stager(log, [], fail_stage=3), workers=2)
    commits = [e for e in log if e.startswith("commit")]
    assert commits == ["commit 0", "commit 1", "commit 2"]
    # whatever was staged after the failure is discarded, never committed
    later = [e for e in log if not e.startswith("commit")]
    assert all(int(e.split()[1]) > 3 for e in later)


def test_in_order_stops_at_a_failed_commit():
    log: list[str] = []
    with pytest.raises(RuntimeError, match="commit 1"):
        in_order(list(range(6)), _stager(log, [], fail_commit=1), workers=3)
    assert [e for e in log if e.startswith("commit")] == ["commit 0", "commit 1"]
    assert all(int(e.split()[1]) > 1 for e in log if e.startswith("discard"))


def test_in_order_starts_the_largest_item_within_the_window_first():
    # item 5 is large: it starts as soon as it is among the next `window` uncommitted
    # items, before the small items in front of it; nothing beyond the window starts.
    sizes = [1, 1, 1, 1, 1, 100, 1, 1, 1, 50]
    starts: list[tuple[int, int]] = []  # (item, first uncommitted item when it started)
    committed = [0]
    lock = threading.Lock()

    class Load:
        def __init__(self, item: int) -> None:
            self.item = item

        def commit(self) -> int:
            with lock:
                committed[0] = self.item + 1
            return self.item

        def discard(self) -> None:
            raise AssertionError("nothing is discarded when nothing fails")

    def stage(item: int) -> Load:
        with lock:
            starts.append((item, committed[0]))
        time.sleep(0.02)
        return Load(item)

    done = in_order(list(range(10)), stage, workers=2, window=6, size=lambda i: sizes[i])
    assert done == list(range(10))
    order = [item for item, _ in starts]
    assert order.index(5) < order.index(0)  # the large one first, the head right after
    # 9 is in the window once item 4 is the first uncommitted (surely so once item 4 has
    # committed): it starts before anything started after that
    first_in_reach = next(n for n, (_, head) in enumerate(starts) if head >= 5)
    assert order.index(9) <= first_in_reach
    # the window counts after the item being committed; a stage may start before that
    # item's commit() has begun (and recorded it here), so ``head`` can lag by one
    assert all(item < head + 7 for item, head in starts)


def test_the_next_item_starts_while_the_one_before_it_commits():
    """With the window full, a slow commit of item 0 must not keep both workers idle."""
    events: list[str] = []
    lock = threading.Lock()

    class Load:
        def __init__(self, item: int) -> None:
            self.item = item

        def commit(self) -> int:
            if self.item == 0:
                time.sleep(0.3)
            with lock:
                events.append(f"committed {self.item}")
            return self.item

        def discard(self) -> None:
            raise AssertionError("nothing is discarded when nothing fails")

    def stage(item: int) -> Load:
        with lock:
            events.append(f"started {item}")
        return Load(item)

    assert in_order(list(range(4)), stage, workers=2, window=2) == [0, 1, 2, 3]
    # items 0 and 1 fill the window; item 2 starts during item 0's commit, not after it
    assert events.index("started 2") < events.index("committed 0")


def test_in_order_starts_nothing_after_a_failed_item():
    started: list[int] = []

    def stage(item: int) -> _Load:
        started.append(item)
        time.sleep(0.01)
        if item == 1:
            raise ValueError("stage 1 failed")
        return _Load(item, [], False)

    with pytest.raises(ValueError, match="stage 1"):
        in_order(list(range(20)), stage, workers=2, window=3)
    assert max(started) < 1 + 3  # only what had started before the failure was known

"""Ingest + build at several sizes against DuckDB's raw load of the same files.

    python benchmarks/run.py --sizes 1000000 10000000 [--repeats 3]

For each size the demo generator writes the files once (cached in benchmarks/data/). The
baseline is DuckDB reading the same raw files into tables with no cleaning; journeymap then
ingests (mapping, validation, quarantine, idempotency) and builds (clean, identity, dedupe,
sessions, stages, journeys) into a fresh workspace. Both run in this process, after the files
are read once untimed (so both read them from memory); row counts are checked to agree.
Results go to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))

import journeymap as jm
from journeymap.demo import generate
from journeymap.ingest.plan import read_plan

from memory import peak_rss
from results_file import Row, measure_sizes

DATA = Path(__file__).with_name("data")


def demo_files(events: int) -> Path:
    """Generate once per size and seed; reuse afterwards."""
    out = DATA / f"demo-{events}"
    if not (out / "sources.toml").exists():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, events=events, seed=7)
    return out


def warm_files(plan: Path) -> None:
    """Read every file of the plan once, untimed, so the baseline and journeymap both read
    from the page cache: otherwise the baseline, which runs first, may read files the
    system has dropped from memory and look slower than it is."""
    for item in read_plan(plan):
        with item.file.open("rb") as fh:
            while fh.read(1 << 24):
                pass


def raw_load(plan: Path, db: Path) -> int:
    """Baseline: DuckDB reads each raw file into a table, no mapping and no checks."""
    con = duckdb.connect(str(db))
    rows = 0
    for i, item in enumerate(read_plan(plan)):
        path = str(item.file)
        name = f"raw_{i}"
        suffix = "".join(item.file.suffixes[-2:]).lower()
        if suffix.endswith(".csv"):
            encoding = "utf-8"
            with open(path, "rb") as f:
                try:
                    f.read(1 << 16).decode("utf-8")
                except UnicodeDecodeError:
                    encoding = "latin-1"  # DuckDB has no CP949 without a downloaded extension
            con.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, all_varchar=true, "
                f"ignore_errors=true, encoding='{encoding}')",
                [path],
            )
        elif suffix.endswith((".ndjson", ".jsonl")):
            con.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_json(?, "
                "format='newline_delimited', ignore_errors=true)",
                [path],
            )
        elif suffix.endswith(".json"):
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_json(?)", [path])
        elif suffix.endswith(".parquet"):
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [path])
        elif suffix.endswith(".xlsx"):
            import pandas as pd  # DuckDB's excel reader is a downloaded extension

            frame = pd.read_excel(path, dtype=str, engine="calamine")  # noqa: F841 - read by DuckDB
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        else:
            raise SystemExit(f"no baseline reader for {path}")
        rows += con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    con.close()
    return rows


def journeymap_run(plan: Path, root: Path) -> tuple[float, float, int, dict[str, float], int]:
    """Fresh workspace, ingest the plan, build; returns seconds and row counts."""
    ws = jm.init_workspace(root)
    start = time.perf_counter()
    loads = ws.ingest_plan(plan)
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    built = ws.build()
    build_s = time.perf_counter() - start
    ws.close()
    rows_read = sum(r.rows_read for r in loads)
    parse_errors = sum(r.rejected_by_reason.get("parse_error", 0) for r in loads)
    return ingest_s, build_s, rows_read, dict(built.step_seconds), parse_errors


def bench_size(events: int, repeats: int) -> tuple[list[Row], list[str]]:
    plan = demo_files(events) / "sources.toml"
    base_times, ing_times, build_times, both_times, peaks = [], [], [], [], []
    notes: list[str] = []
    steps: dict[str, float] = {}
    for _ in range(repeats):
        warm_files(plan)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            raw_rows = raw_load(plan, Path(tmp) / "raw.duckdb")
            base_times.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp, peak_rss() as mem:
            ingest_s, build_s, rows_read, steps, parse_errors = journeymap_run(
                plan, Path(tmp) / "ws"
            )
        # DuckDB's ignore_errors drops unparseable lines that journeymap keeps in `rejected`.
        if abs(rows_read - raw_rows) > parse_errors:
            raise SystemExit(
                f"row counts disagree: journeymap read {rows_read:,}, DuckDB {raw_rows:,}"
            )
        ing_times.append(ingest_s)
        build_times.append(build_s)
        both_times.append(ingest_s + build_s)
        peaks.append(mem["peak"] / 2**20)
    base = min(base_times)
    peak = max(peaks)
    rows = [
        Row(
            "raw load (DuckDB, baseline)",
            events,
            base,
            statistics.median(base_times),
            "itself",
            base,
            rows_read / base,
            0,
        ),
        Row(
            "ingest",
            events,
            min(ing_times),
            statistics.median(ing_times),
            "DuckDB raw load",
            base,
            rows_read / min(ing_times),
            peak,
        ),
        Row(
            "build",
            events,
            min(build_times),
            statistics.median(build_times),
            "DuckDB raw load",
            base,
            rows_read / min(build_times),
            peak,
        ),
        Row(
            "ingest + build",
            events,
            min(both_times),
            statistics.median(both_times),
            "DuckDB raw load",
            base,
            rows_read / min(both_times),
            peak,
        ),
    ]
    step_text = ", ".join(
        f"{k} {v:.1f} s ({rows_read / v:,.0f} rows/s)" if v else f"{k} 0 s"
        for k, v in steps.items()
    )
    notes.append(f"{events:,} events ({rows_read:,} rows read): build steps: {step_text}")
    return rows, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    measure_sizes(args.sizes, lambda size: bench_size(size, args.repeats))


if __name__ == "__main__":
    main()

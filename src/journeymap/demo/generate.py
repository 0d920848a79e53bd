"""``generate``: write the demo data set, its mappings, load plan and ground truth.

The world is generated in shards of about 250,000 rows; each shard is written to every file
before the next is made, so 10 million rows need no more memory than 250,000.
"""

from __future__ import annotations

import math
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from journeymap.demo import mappings, people, world
from journeymap.demo.corrupt import corrupt
from journeymap.demo.sources import DEFECTS, SINKS
from journeymap.demo.truth import Truth
from journeymap.demo.writers import Sink
from journeymap.progress import ProgressFn, silent
from journeymap.results import RecordResult

SHARD_EVENTS = 250_000
ACCOUNTS_FILE = "data/crm/accounts.csv"


@dataclass(frozen=True)
class DemoResult(RecordResult):
    """What :func:`generate` wrote. ``events`` counts the data rows of all event files
    (duplicates and bad rows included); ``files`` the data rows per file."""

    out_dir: str
    seed: int
    events: int
    persons: int
    accounts: int
    won_accounts: int
    duplicates: int
    bad_rows: int
    seconds: float
    files: dict[str, int] = field(default_factory=dict)
    bytes: int = 0


def generate(out_dir: Path, events: int = 200_000, seed: int = 7,
             progress: ProgressFn = silent) -> DemoResult:
    """Write the demo world for about ``events`` rows into ``out_dir`` (replacing its
    ``data/``, ``mappings/`` and ``ground_truth/``). The same seed gives the same files."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    for sub in ("data", "mappings", "ground_truth"):
        shutil.rmtree(out_dir / sub, ignore_errors=True)
    items = mappings.source_files()
    _write_plan(out_dir, items)
    sinks = {i.file: Sink(out_dir / i.file, **SINKS.get(i.file, {})) for i in items}
    sources = {i.file: i.source for i in items}
    truth = Truth(out_dir / "ground_truth")
    numbering = people.Numbering()
    shards = max(1, math.ceil(events / SHARD_EVENTS))
    persons = accounts = won = 0
    try:
        for shard in range(shards):
            rng = np.random.default_rng([seed, shard])
            acc, pers, rows, acc_export = world.build_shard(rng, events / shards, numbering, shard)
            sinks[ACCOUNTS_FILE].write(acc_export.with_columns(_line=pl.lit(None, pl.String)))
            for file in sorted(rows):
                frame = corrupt(rng, rows[file], DEFECTS[file])
                truth.add_rows(file, sources[file], frame, sinks[file].write(frame), pers, acc)
            truth.end_shard(pers, acc)
            persons, accounts = persons + len(pers), accounts + len(acc)
            won += int((acc["outcome"] == "won").sum())
            progress("demo", shard + 1, shards)
    finally:
        for sink in sinks.values():
            sink.close()
        truth.close()
    files = {f: s.rows for f, s in sinks.items()}
    return DemoResult(
        out_dir=str(out_dir), seed=seed,
        events=sum(n for f, n in files.items() if f != ACCOUNTS_FILE),
        persons=persons, accounts=accounts, won_accounts=won,
        duplicates=truth.counts["duplicates"], bad_rows=truth.counts["bad_rows"],
        seconds=round(time.perf_counter() - started, 3), files=files,
        bytes=sum(p.stat().st_size for p in (out_dir / "data").rglob("*") if p.is_file()),
    )


def _write_plan(out_dir: Path, items: list[mappings.SourceFile]) -> None:
    (out_dir / "mappings").mkdir(parents=True, exist_ok=True)
    for item in items:
        (out_dir / "mappings" / f"{item.source}.toml").write_text(
            mappings.mapping_toml(item), encoding="utf-8")
    (out_dir / "sources.toml").write_text(mappings.plan_toml(items), encoding="utf-8")

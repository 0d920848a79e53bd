"""Append rows to benchmarks/RESULTS.md, replacing earlier rows of the same operation+size."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = (
    "| operation | events | journeymap s (best) | journeymap s (median) | baseline | "
    "baseline s (best) | ratio | rows/s | peak MiB | date | commit |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|"
)
INTRO = """# Benchmark results

Written by `make bench` (`benchmarks/run.py`); never edited by hand. Each operation and its
baseline run in the same process on the same data (input files read once beforehand, so
both read them from memory); answers are checked to agree before timing; times are the best
and median of the repeats; peak MiB is the highest resident set size of the process during
the journeymap run. Machine: 2 cores, 24 GiB.

"""


@dataclass(frozen=True)
class Row:
    operation: str
    events: int
    best: float
    median: float
    baseline: str
    baseline_best: float
    rows_per_s: float
    peak_mib: float

    def render(self, commit: str) -> str:
        ratio = self.best / self.baseline_best if self.baseline_best else float("nan")
        return (
            f"| {self.operation} | {self.events:,} | {self.best:.2f} | {self.median:.2f} | "
            f"{self.baseline} | {self.baseline_best:.2f} | {ratio:.2f} | "
            f"{self.rows_per_s:,.0f} | {self.peak_mib:,.0f} | {dt.date.today()} | {commit} |"
        )


def commit_id() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=RESULTS.parent,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def measure_sizes(sizes: list[int], bench: Callable[[int], tuple[list[Row], list[str]]]
                  ) -> None:
    """Run ``bench`` per size, print each row as it comes, then write RESULTS.md once."""
    rows: list[Row] = []
    notes: list[str] = []
    for size in sizes:
        size_rows, size_notes = bench(size)
        rows += size_rows
        notes += size_notes
        for row in size_rows:
            print(row.render("-"), flush=True)
    write_rows(rows, notes)


def write_rows(rows: list[Row], notes: list[str]) -> None:
    """Keep rows of other operations/sizes; replace those measured now."""
    keep: list[str] = []
    if RESULTS.exists():
        for line in RESULTS.read_text(encoding="utf-8").splitlines():
            if line.startswith("| ") and not line.startswith("| operation"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                key = (cells[0], cells[1].replace(",", ""))
                if key not in {(r.operation, str(r.events)) for r in rows}:
                    keep.append(line)
    commit = commit_id()
    body = "\n".join([HEADER, *keep, *(r.render(commit) for r in rows)])
    note_text = "\n".join([*_kept_notes(notes), *(f"- {n}" for n in notes)])
    RESULTS.write_text(
        INTRO + body + "\n\n## Notes from the last run\n" + note_text + "\n", encoding="utf-8"
    )


def _kept_notes(notes: list[str]) -> list[str]:
    """Earlier notes that this run does not replace: a note is keyed by its text up to the
    first ':' ("- 1,000,000 events (981,989 rows read)"), so the ingest benchmark and the
    analytics benchmark keep each other's notes."""
    if not RESULTS.exists():
        return []
    new_keys = {f"- {n}".split(":", 1)[0] for n in notes}
    text = RESULTS.read_text(encoding="utf-8").split("## Notes from the last run", 1)
    lines = text[1].splitlines() if len(text) == 2 else []
    return [ln for ln in lines if ln.startswith("- ") and ln.split(":", 1)[0] not in new_keys]

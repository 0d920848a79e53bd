"""Summaries of counted paths: top paths, next-step trees and Sankey flows.

All three are sums over the engine's distinct-path counts (one row per path of ``depth``
steps), so a tree's children add up to their parent and every Sankey node's in-flow equals
its out-flow plus the journeys that end there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import polars as pl
import pyarrow as pa

from journeymap.analytics.paths import PathSpec, path_counts, step_columns
from journeymap.engine import Engine
from journeymap.pipeline.lookup import require_built
from journeymap.results import TableResult
from journeymap.schema import Tables

END = "(end)"
ARROW = " → "


def _paths(counts: pa.Table, depth: int) -> list[tuple[tuple[str, ...], bool, int]]:
    cols = step_columns(depth)
    out = []
    for row in counts.to_pylist():
        steps = tuple(row[c] for c in cols if row[c] is not None)
        out.append((steps, bool(row["more"]), int(row["actors"])))
    return out


def top_paths(counts: pa.Table, spec: PathSpec, top: int) -> pa.Table:
    """The most common paths (``…`` marks paths that go on beyond ``depth``), summed with
    Polars over the distinct-path counts."""
    cols = step_columns(spec.depth)
    df = pl.from_arrow(counts)
    total = df["actors"].sum() if df.height else 0
    steps = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Int64) for c in cols])
    text = pl.concat_str([pl.col(c) for c in cols], separator=ARROW, ignore_nulls=True)
    text = pl.when(steps == 0).then(pl.lit(END)).otherwise(text)
    text = text + pl.when(pl.col("more")).then(pl.lit(ARROW + "…")).otherwise(pl.lit(""))
    grouped = (df.lazy().select(text.alias("path"), steps.alias("steps"), "actors")
               .group_by(["path", "steps"]).agg(pl.col("actors").sum()).collect())
    if 0 < top < grouped.height:  # sort only the rows that can make the top
        floor = grouped["actors"].top_k(top).min()
        grouped = grouped.filter(pl.col("actors") >= floor)
    out = (grouped.sort(["actors", "path"], descending=[True, False]).head(top)
           .with_columns((pl.col("actors") / total if total else pl.lit(None))
                         .cast(pl.Float64).alias("share")))
    schema = pa.schema([("path", pa.string()), ("steps", pa.int64()), ("actors", pa.int64()),
                        ("share", pa.float64())])
    return out.select("path", "steps", "actors", "share").to_arrow().cast(schema)


def tree(counts: pa.Table, spec: PathSpec, min_share: float = 0.0) -> pa.Table:
    """Next-step (or previous-step) tree: one row per prefix, with its parent, count,
    share of the parent and how many stop there (``ended``)."""
    prefixes: Counter[tuple[str, ...]] = Counter()
    ended: Counter[tuple[str, ...]] = Counter()
    total = 0
    for steps, more, n in _paths(counts, spec.depth):
        total += n
        for d in range(1, len(steps) + 1):
            prefixes[steps[:d]] += n
        if not more:
            ended[steps] += n
    rows = []
    shown: set[tuple[str, ...]] = {()}
    for prefix, n in sorted(prefixes.items(), key=lambda kv: (len(kv[0]), -kv[1], kv[0])):
        parent_n = prefixes[prefix[:-1]] if len(prefix) > 1 else total
        share = n / parent_n if parent_n else 0.0
        if share < min_share or prefix[:-1] not in shown:  # small branches are pruned whole
            continue
        shown.add(prefix)
        rows.append({"depth": len(prefix), "parent": ARROW.join(prefix[:-1]),
                     "step": prefix[-1], "path": ARROW.join(prefix), "actors": n,
                     "share_of_parent": share, "ended": ended.get(prefix, 0)})
    return pa.Table.from_pylist(rows, schema=pa.schema([
        ("depth", pa.int64()), ("parent", pa.string()), ("step", pa.string()),
        ("path", pa.string()), ("actors", pa.int64()), ("share_of_parent", pa.float64()),
        ("ended", pa.int64())]))


@dataclass(frozen=True)
class PathsResult(TableResult):
    """``table``: the top paths; ``counts``: every distinct path with its actors, from which
    :meth:`tree` and :meth:`sankey` are summed."""

    counts: pa.Table | None = None
    spec: PathSpec | None = None

    def tree(self, min_share: float = 0.0) -> TableResult:
        assert self.counts is not None and self.spec is not None
        word = "next" if self.spec.direction == "after" else "previous"
        return TableResult(tree(self.counts, self.spec, min_share), f"{word}-step tree")

    def sankey(self, top_per_step: int = 8, min_share: float = 0.01) -> Any:
        assert self.counts is not None and self.spec is not None
        from journeymap.analytics.sankey import SankeyResult, sankey

        nodes, links = sankey(self.counts, self.spec.depth, top_per_step, min_share)
        return SankeyResult(links, "flows", nodes=TableResult(nodes, "nodes"))

    def figure(self) -> Any:
        return self.sankey().figure()


def run_paths(engine: Engine, spec: PathSpec, top: int = 20) -> PathsResult:
    """Count the distinct paths in the engine; summarise in Python (small)."""
    require_built(engine, Tables.touches)
    counts = engine.to_arrow(path_counts(engine.table(Tables.touches), spec))
    if spec.start is not None and counts.num_rows == 0:
        from journeymap.analytics.funnel import check_touchpoints

        check_touchpoints(engine, [spec.start])
    where = (f" {spec.direction} {spec.start.name}" if spec.start is not None
             else " from the first touch")
    return PathsResult(top_paths(counts, spec, top), f"{spec.level} paths{where}",
                       counts=counts, spec=spec)

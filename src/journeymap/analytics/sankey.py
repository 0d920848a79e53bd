"""Sankey flows from counted paths, vectorised (Polars) over the distinct-path counts.

Per step, names outside the ``top_per_step`` largest or below ``min_share`` of all actors
become ``other``; journeys that stop flow into ``(end)`` in the next column. Every node's
in-flow equals its count, and every node before the last column sends all of it on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import pyarrow as pa

from journeymap.analytics.paths import step_columns
from journeymap.results import TableResult

END = "(end)"
OTHER = "other"
NODE_SCHEMA = pa.schema([("step", pa.int64()), ("name", pa.string()), ("actors", pa.int64())])
LINK_SCHEMA = pa.schema([("step", pa.int64()), ("source", pa.string()),
                         ("target", pa.string()), ("actors", pa.int64())])


def _grouped(df: pl.DataFrame, depth: int, top_per_step: int, min_share: float
             ) -> pl.DataFrame:
    """``s1..sN`` with small names per column replaced by ``other``, summed again over
    the renamed paths (a few thousand rows where the engine sent a hundred thousand), so
    the flows below are summed over few rows."""
    total = df["actors"].sum()
    cols = step_columns(depth)
    sizes = pl.collect_all([
        df.lazy().filter(pl.col(col).is_not_null()).group_by(col)
        .agg(pl.col("actors").sum()).sort(["actors", col], descending=[True, False])
        .head(top_per_step) for col in cols])
    exprs = []
    for col, top in zip(cols, sizes, strict=True):
        kept = [name for name, n in top.iter_rows() if total and n / total >= min_share]
        exprs.append(pl.when(pl.col(col).is_null()).then(None)
                     .when(pl.col(col).is_in(kept)).then(pl.col(col))
                     .otherwise(pl.lit(OTHER)).alias(col))
    return (df.lazy().with_columns(exprs).group_by([*cols, "more"])
            .agg(pl.col("actors").sum()).collect())


def sankey(counts: pa.Table, depth: int, top_per_step: int = 8, min_share: float = 0.01
           ) -> tuple[pa.Table, pa.Table]:
    """(nodes, links) of the first ``depth`` steps."""
    df = _grouped(pl.from_arrow(counts), depth, top_per_step, min_share)
    cols = step_columns(depth)
    nodes, links = [], []
    for d, col in enumerate(cols, start=1):
        here = df.filter(pl.col(col).is_not_null())
        nodes.append(here.group_by(col).agg(pl.col("actors").sum())
                     .select(pl.lit(d).alias("step"), pl.col(col).alias("name"), "actors"))
        if d < depth:
            nxt = pl.col(cols[d])
            ended = nxt.is_null()
            target = pl.when(ended).then(pl.lit(END)).otherwise(nxt)
        else:  # the last column: only paths that end there flow on, to (end)
            here = here.filter(~pl.col("more"))
            target = pl.lit(END)
        flows = (here.select(pl.col(col).alias("source"), target.alias("target"), "actors")
                 .group_by(["source", "target"]).agg(pl.col("actors").sum())
                 .select(pl.lit(d).alias("step"), "source", "target", "actors"))
        links.append(flows)
        stopped = flows.filter(pl.col("target") == END)
        if stopped.height:
            nodes.append(pl.DataFrame({"step": [d + 1], "name": [END],
                                       "actors": [stopped["actors"].sum()]}))
    node_df = _stack(nodes, NODE_SCHEMA).sort(["step", "actors", "name"],
                                              descending=[False, True, False])
    link_df = _stack(links, LINK_SCHEMA).sort(["step", "actors", "source", "target"],
                                              descending=[False, True, False, False])
    return node_df.to_arrow().cast(NODE_SCHEMA), link_df.to_arrow().cast(LINK_SCHEMA)


def _stack(frames: list[pl.DataFrame], schema: pa.Schema) -> pl.DataFrame:
    casts = {f.name: pl.Int64 if pa.types.is_integer(f.type) else pl.String for f in schema}
    frames = [f.with_columns(pl.col(c).cast(t) for c, t in casts.items()) for f in frames]
    if not frames:
        return pl.DataFrame(schema=casts)
    out = pl.concat(frames)
    return out.group_by(["step", "name"] if "name" in casts else
                        ["step", "source", "target"]).agg(pl.col("actors").sum())


@dataclass(frozen=True)
class SankeyResult(TableResult):
    """``table``: the links (step, source, target, actors); ``nodes``: step, name, actors."""

    nodes: TableResult | None = None

    def to_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {"nodes": self.nodes.to_dict() if self.nodes else [],
                "links": self.to_dict_links()}

    def to_dict_links(self) -> list[dict[str, Any]]:
        return self.table.to_pylist()

    def figure(self) -> Any:
        from journeymap.render.sankey_chart import sankey_figure

        return sankey_figure(self)

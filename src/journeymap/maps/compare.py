"""Current state against future state, side by side.

Stages are matched by their analytics stage, else by name (case-insensitive), and lanes by
kind and name, so two maps drawn separately (or a future state copied from the current one)
line up; what exists on one side only shows as new or dropped.
"""

from __future__ import annotations

import pyarrow as pa

from journeymap.maps.items import item_text
from journeymap.maps.model import JourneyMap, Lane, Stage
from journeymap.results import TableResult


def _stage_key(stage: Stage) -> str:
    return (stage.analytics_stage or stage.name).casefold()


def _lane_key(lane: Lane) -> str:
    return f"{lane.kind}:{lane.name.casefold()}" if lane.kind == "custom" else str(lane.kind)


def compare_maps(current: JourneyMap, future: JourneyMap) -> TableResult:
    """One row per stage and lane: the current items, the future items and a status
    (same, changed, new, dropped)."""
    stages = _union([(_stage_key(s), s.name) for s in current.stages],
                    [(_stage_key(s), s.name) for s in future.stages])
    lanes = _union([(_lane_key(x), x.name) for x in current.lanes],
                   [(_lane_key(x), x.name) for x in future.lanes])
    rows = []
    for skey, sname in stages:
        for lkey, lname in lanes:
            now = _texts(current, skey, lkey)
            then = _texts(future, skey, lkey)
            if not now and not then:
                continue
            status = ("same" if now == then else "new" if not now
                      else "dropped" if not then else "changed")
            rows.append({"stage": sname, "lane": lname, "current": "\n".join(now),
                         "future": "\n".join(then), "status": status})
    schema = pa.schema([(f, pa.string()) for f in ("stage", "lane", "current", "future",
                                                    "status")])
    return TableResult(pa.Table.from_pylist(rows, schema=schema),
                       f"{current.title} → {future.title}")


def _union(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keys of ``a`` in order, then those only in ``b``; the first side's name wins."""
    seen = {k for k, _ in a}
    return a + [(k, n) for k, n in b if k not in seen]


def _texts(doc: JourneyMap, stage_key: str, lane_key: str) -> list[str]:
    stage = next((s for s in doc.stages if _stage_key(s) == stage_key), None)
    lane = next((x for x in doc.lanes if _lane_key(x) == lane_key), None)
    if stage is None or lane is None:
        return []
    return [item_text(i) for i in doc.items(stage.id, lane.id)]

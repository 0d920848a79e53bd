"""Converters against non-converters: which steps are over-represented on each side.

For each step name, the share of converting journeys that contain it **before** their
conversion, against the share of non-converting journeys that contain it at all (steps at
or after a conversion would trivially favour converters). Lift, difference and a Fisher
exact test (two-sided) tell a real difference from noise; rows are ordered by lift.
"""

from __future__ import annotations

import pyarrow as pa
from scipy import stats

from journeymap.analytics.fields import field_expr
from journeymap.analytics.paths import NONE_NAME
from journeymap.analytics.spec import actor_column
from journeymap.engine import Engine
from journeymap.pipeline.lookup import require_built
from journeymap.results import TableResult
from journeymap.schema import Tables


def compare_paths(engine: Engine, level: str = "person", step_by: str = "touchpoint",
                  min_actors: int = 5) -> TableResult:
    """Per step name: converters_with, non_converters_with, their shares, lift, p_value."""
    require_built(engine, Tables.touches, Tables.journeys)
    actor = actor_column(level)
    j = engine.table(Tables.journeys)
    j = j.filter(j.level == level).select(actor, "converted", "converted_at")
    t = engine.table(Tables.touches)
    t = t.filter(t[actor].notnull())
    t = t.mutate(_name=field_expr(t, step_by).cast("string").fill_null(NONE_NAME))
    x = t.select(actor, "ts", "_name").inner_join(j, actor)
    x = x.filter(~x.converted | (x.ts < x.converted_at))
    pairs = x.select(actor, "_name", "converted").distinct()
    counts = pairs.group_by(["_name", "converted"]).aggregate(n=pairs.count())
    totals = engine.to_arrow(j.group_by("converted").aggregate(n=j.count())).to_pylist()
    total = {r["converted"]: r["n"] for r in totals}
    conv_total, other_total = total.get(True, 0), total.get(False, 0)
    by_name: dict[str, list[int]] = {}
    for r in engine.to_arrow(counts).to_pylist():
        by_name.setdefault(r["_name"], [0, 0])[0 if r["converted"] else 1] = r["n"]
    rows = []
    for name, (c, o) in by_name.items():
        if c + o < min_actors:
            continue
        cs = c / conv_total if conv_total else None
        os_ = o / other_total if other_total else None
        p = stats.fisher_exact([[c, conv_total - c], [o, other_total - o]])[1]
        rows.append({"step": name, "converters_with": c, "non_converters_with": o,
                     "share_of_converters": cs, "share_of_non_converters": os_,
                     "difference": cs - os_ if cs is not None and os_ is not None else None,
                     "lift": cs / os_ if cs is not None and os_ else None,
                     "p_value": float(p)})
    rows.sort(key=lambda r: (-(r["lift"] if r["lift"] is not None else float("inf")),
                             r["step"]))
    schema = pa.schema([("step", pa.string()), ("converters_with", pa.int64()),
                        ("non_converters_with", pa.int64()),
                        ("share_of_converters", pa.float64()),
                        ("share_of_non_converters", pa.float64()),
                        ("difference", pa.float64()), ("lift", pa.float64()),
                        ("p_value", pa.float64())])
    title = f"steps of converting vs non-converting {level} journeys ({conv_total:,} vs " \
            f"{other_total:,})"
    return TableResult(pa.Table.from_pylist(rows, schema=schema), title)

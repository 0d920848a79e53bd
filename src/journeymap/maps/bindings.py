"""Bindings: the stored analytics queries behind every number on a map.

A binding names a metric and its parameters (``stage.conversion`` of ``decision``, for
``account`` journeys of ``account.industry=retail``); :func:`evaluate` computes many at once.
Metrics of one family share one query per scope (all stage figures come from one aggregate
over journeys, all touchpoint volumes from one grouped count of touches), so refreshing a
map of 60 numbers costs a handful of queries, not 60.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis

from journeymap.analytics.stages import stage_figures
from journeymap.errors import MapError
from journeymap.maps.items import Binding
from journeymap.maps.scope import Scope, scoped_journeys, scoped_touches

if TYPE_CHECKING:
    from journeymap.workspace import Workspace

#: survey touchpoints and the range of their rating, mapped linearly onto -2..+2
SURVEY_SCALES = {"nps_response": (0.0, 10.0), "csat_response": (1.0, 5.0)}


@dataclass(frozen=True)
class Metric:
    family: str
    unit: str  # count, ratio (0-1), days or score (-2..+2)
    description: str
    params: tuple[str, ...] = ()


METRICS: dict[str, Metric] = {
    "journeys.count": Metric("journeys", "count", "journeys in the scope"),
    "journeys.conversion": Metric("journeys", "ratio", "share of journeys that converted"),
    "journeys.median_days_to_convert": Metric("journeys", "days",
                                              "median days from first touch to conversion"),
    "journeys.mean_touches_to_convert": Metric("journeys", "count",
                                               "mean touches before conversion"),
    "journeys.mean_channels_to_convert": Metric("journeys", "count",
                                                "mean channels before conversion"),
    "stage.reached": Metric("stage", "count", "journeys that reached the stage", ("stage",)),
    "stage.share_reached": Metric("stage", "ratio", "share of journeys reaching the stage",
                                  ("stage",)),
    "stage.conversion": Metric("stage", "ratio", "conversion to the next stage", ("stage",)),
    "stage.dropoff": Metric("stage", "ratio", "share that did not reach the next stage",
                            ("stage",)),
    "stage.median_days": Metric("stage", "days", "median days in the stage", ("stage",)),
    "touchpoint.actors": Metric("touchpoint", "count", "persons or accounts with the touchpoint",
                                ("touchpoint", "stage")),
    "touchpoint.events": Metric("touchpoint", "count", "events of the touchpoint",
                                ("touchpoint", "stage")),
    "channel.share": Metric("channel", "ratio", "the channel's share of the stage's touches",
                            ("channel", "stage")),
    "survey.emotion": Metric("survey", "score", "mean survey rating on the -2..+2 scale",
                             ("stage",)),
    "survey.responses": Metric("survey", "count", "survey answers", ("stage",)),
    "friction.lost": Metric("friction", "count", "estimated conversions lost to a friction point",
                            ("kind", "where", "stage")),
}


def binding(metric: str, scope: Scope, **params: Any) -> Binding:
    """A new binding of ``metric`` in ``scope`` (checked against :data:`METRICS`)."""
    check_metric(metric)
    full = {"level": scope.level, "segment": scope.segment, **params}
    return Binding(metric=metric, params={k: v for k, v in full.items() if v is not None})


def check_metric(metric: str) -> Metric:
    if metric not in METRICS:
        import difflib

        near = difflib.get_close_matches(metric, METRICS, n=1)
        raise MapError(f"unknown metric '{metric}'", field="binding.metric",
                       hint=f"did you mean '{near[0]}'?" if near else
                       "metrics: " + ", ".join(METRICS))
    return METRICS[metric]


def evaluate(ws: Workspace, bindings: Iterable[Binding]) -> list[float | None]:
    """The current value of each binding (None where the data has none)."""
    cache: dict[tuple, Any] = {}
    return [_value(ws, b, cache) for b in bindings]


def _value(ws: Workspace, b: Binding, cache: dict[tuple, Any]) -> float | None:
    metric = check_metric(b.metric)
    p = b.params
    scope = Scope(level=str(p.get("level", "person")),
                  segment=str(p["segment"]) if p.get("segment") else None)
    key = (metric.family, scope.key())
    if key not in cache:
        cache[key] = FAMILIES[metric.family](ws, scope)
    table = cache[key]
    stage = p.get("stage")
    match b.metric.split(".", 1)[1], metric.family:
        case name, "journeys":
            return table.get(name)
        case name, "stage":
            row = table.get(stage)
            if row is None:
                return None
            field = {"reached": "reached", "share_reached": "share_reached",
                     "conversion": "conversion_to_next",
                     "median_days": "median_days_in_stage"}.get(name)
            if name == "dropoff":
                conv = row["conversion_to_next"]
                return None if conv is None else 1.0 - conv
            return row[field]
        case name, "touchpoint":
            return _touchpoint_value(ws, scope, table, str(p.get("touchpoint", "*")), stage,
                                     name, cache)
        case _, "channel":
            counts = table.get(stage, {})
            total = sum(counts.values())
            return counts.get(p.get("channel"), 0) / total if total else None
        case name, "survey":
            score, n = table.get(stage, (None, 0))
            return score if name == "emotion" else float(n)
        case _, "friction":
            return table.get((p.get("kind"), p.get("where"), stage), 0.0)
    return None


def _touchpoint_value(ws: Workspace, scope: Scope, table: dict, pattern: str,
                      stage: Any, name: str, cache: dict) -> float:
    """Exact touchpoint names read the shared grouped count; a glob counts its own distinct
    actors (actors of two touchpoints cannot be added up)."""
    if not any(ch in pattern for ch in "*?["):
        actors, events = table.get((stage, pattern), (0, 0))
        return float(actors if name == "actors" else events)
    key = ("glob", scope.key(), pattern, stage)
    if key not in cache:
        t = scoped_touches(ws.engine, scope)
        names = {tp for (_, tp) in table if fnmatch.fnmatchcase(tp, pattern)}
        t = t.filter(t.touchpoint.isin(sorted(names) or [""]))
        if stage is not None:
            t = t.filter(t.stage == stage)
        row = ws.engine.to_arrow(t.aggregate(actors=t[scope.actor].nunique(),
                                             events=t.count())).to_pylist()[0]
        cache[key] = (row["actors"], row["events"])
    actors, events = cache[key]
    return float(actors if name == "actors" else events)


def _journeys(ws: Workspace, scope: Scope) -> dict[str, float | None]:
    j = scoped_journeys(ws.engine, scope)
    row = ws.engine.to_arrow(j.aggregate(
        count=j.count(), converted=j.converted.sum(),
        median_days_to_convert=j.days_to_convert.quantile(0.5),
        mean_touches_to_convert=j.touches_to_convert.mean(),
        mean_channels_to_convert=j.channels_to_convert.mean(),
    )).to_pylist()[0]
    count = row.pop("count")
    row["count"] = float(count)
    row["conversion"] = (row.pop("converted") or 0) / count if count else None
    return row


def _stages(ws: Workspace, scope: Scope) -> dict[str, dict]:
    stages = list(ws.settings.journeys.stages)
    rows = stage_figures(ws.engine, scoped_journeys(ws.engine, scope), stages)
    return dict(zip(stages, rows, strict=True))


def _touchpoints(ws: Workspace, scope: Scope) -> dict[tuple, tuple[int, int]]:
    """(stage, touchpoint) and (None, touchpoint) -> (actors, events)."""
    t = scoped_touches(ws.engine, scope)
    out: dict[tuple, tuple[int, int]] = {}
    for by in (["stage", "touchpoint"], ["touchpoint"]):
        agg = t.group_by(by).aggregate(actors=t[scope.actor].nunique(), events=t.count())
        for r in ws.engine.to_arrow(agg).to_pylist():
            out[(r.get("stage"), r["touchpoint"])] = (r["actors"], r["events"])
    return out


def _channels(ws: Workspace, scope: Scope) -> dict[Any, dict[str, int]]:
    t = scoped_touches(ws.engine, scope)
    out: dict[Any, dict[str, int]] = {}
    for by in (["stage", "channel"], ["channel"]):
        agg = t.group_by(by).aggregate(n=t.count())
        for r in ws.engine.to_arrow(agg).to_pylist():
            out.setdefault(r.get("stage"), {})[r["channel"]] = r["n"]
    return out


def survey_score(t: Any) -> Any:
    """A survey answer's rating on the -2..+2 scale (null for other touches)."""
    expr = ibis.null("float64")
    for touchpoint, (lo, hi) in SURVEY_SCALES.items():
        scaled = -2.0 + 4.0 * (t.rating.cast("float64") - lo) / (hi - lo)
        expr = ibis.ifelse(t.touchpoint == touchpoint, scaled, expr)
    return expr


def _surveys(ws: Workspace, scope: Scope) -> dict[Any, tuple[float | None, int]]:
    t = scoped_touches(ws.engine, scope)
    t = t.filter(t.touchpoint.isin(list(SURVEY_SCALES)) & t.rating.notnull())
    t = t.mutate(score=survey_score(t))
    out: dict[Any, tuple[float | None, int]] = {}
    for by in (["stage"], []):
        agg = (t.group_by(by).aggregate(score=t.score.mean(), n=t.count()) if by
               else t.aggregate(score=t.score.mean(), n=t.count()))
        for r in ws.engine.to_arrow(agg).to_pylist():
            out[r.get("stage")] = (r["score"], r["n"])
    return out


def _friction(ws: Workspace, scope: Scope) -> dict[tuple, float]:
    """Friction is ranked over all journeys of the level (a segment map shows the
    workspace's friction points of its stages)."""
    rows = ws.friction(level=scope.level, top=1000).to_dict()
    return {(r["kind"], r["where"], r["stage"]): r["lost_conversions"] for r in rows}


FAMILIES: dict[str, Callable[[Workspace, Scope], Any]] = {
    "journeys": _journeys, "stage": _stages, "touchpoint": _touchpoints,
    "channel": _channels, "survey": _surveys, "friction": _friction,
}

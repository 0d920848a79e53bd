"""Every analysis over GET (viewers may run them): the query parameters mirror the Python
API's arguments and the answer is the result's ``to_dict()``.

Steps (``steps``, ``start``, ``end``, ``returning``, ``include``, ``exclude``) are written
in the text form of the CLI (``demo_request[channel=paid_search]``, ``stage:decision``,
``webinar?``) or as a JSON object of the step's fields (``{"touchpoint": "demo_request",
"within": "P7D"}``), as ``ws.funnel`` takes a string or a dict.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from journeymap.errors import AnalysisError
from journeymap.web.api.analytics_rows import (
    ComparePathRow,
    FrictionRow,
    FunnelOut,
    PathRow,
    RetentionOut,
    SankeyOut,
    StageRow,
    TimeToConvertOut,
    TreeRow,
)
from journeymap.web.api.common import Reader, engine_of, plain, rows

router = APIRouter(prefix="/analytics", tags=["analytics"])

Level = Literal["person", "account"]
Period = Literal["day", "week", "month"]
STEP = "a step: text form (demo_request, stage:decision, x[channel=email]) or a JSON object"


def step(text: str | None) -> str | dict[str, Any] | None:
    """A step as the Python API takes it: the text form, or a dict from JSON text."""
    if text is None or not text.lstrip().startswith("{"):
        return text
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnalysisError(f"cannot read the step {text!r} as JSON: {exc.msg}",
                            field="steps", hint="see docs/analytics.md for step fields"
                            ) from exc
    if not isinstance(value, dict):
        raise AnalysisError(f"a step in JSON is an object, not {text!r}", field="steps")
    return value


class Dates(BaseModel):
    since: str | None = Field(None, description="First entry or start (UTC, YYYY-MM-DD)")
    until: str | None = Field(None, description="Entries or starts before this (UTC)")


class FunnelQuery(Dates):
    steps: list[str] = Field(description=f"Two or more steps in order; each is {STEP}")
    order: Literal["ordered", "strict", "any"] = "ordered"
    window: str = Field("30d", description="Conversion window from step 1: 30d, 12h, 2w")
    level: Level = "person"
    exclude: list[str] = Field([], description=(
        "Drop actors doing this step between the first and last step; a JSON object "
        '{"step": …, "between": [A, B]} names the steps (1-based)'))
    breakdown: str | None = Field(None, description=(
        "An event field at entry (channel, properties.KEY), journey.COL or account.COL"))
    trend: Period | None = Field(None, description="Also conversion by period of entry")
    dropped: int | None = Field(None, ge=1, le=1000, description=(
        "Also list who reached the step before step N but not step N"))
    dropped_limit: int = Field(1000, ge=1, le=100_000)


@router.get("/funnel", response_model_exclude_unset=True,
            response_model=FunnelOut, summary="Funnel: conversion step by step")
def funnel(request: Request, user: Reader, q: Annotated[FunnelQuery, Query()]) -> dict:
    with engine_of(request) as ws:
        result = ws.funnel([step(s) for s in q.steps], order=q.order, window=q.window,
                           level=q.level, exclude=[step(x) for x in q.exclude],
                           breakdown=q.breakdown, since=q.since, until=q.until)
        out = rows(result)
        if q.trend is not None:
            out["trend"] = rows(result.trend(q.trend))
        if q.dropped is not None:
            out["dropped"] = rows(result.dropped(q.dropped, limit=q.dropped_limit))
    return out


class StagesQuery(BaseModel):
    level: Level = "account"
    period: str | None = Field(None, description=(
        "Compare journeys started in the last PERIOD (90d) with the PERIOD before"))
    as_of: str | None = Field(None, description="The end of the period (UTC; default: now)")


@router.get("/stages", response_model_exclude_unset=True,
            response_model=list[StageRow], summary="Stage completion")
def stages(request: Request, user: Reader, q: Annotated[StagesQuery, Query()]) -> list:
    with engine_of(request) as ws:
        return rows(ws.stages(level=q.level, period=q.period, as_of=q.as_of))


class TimeToConvertQuery(Dates):
    level: Level = "person"
    start: str | None = Field(None, description=f"Start step (default: first touch); {STEP}")
    end: str | None = Field(None, description="End step (default: a conversion touchpoint)")
    breakdown: str | None = Field(None, description="journey.COL or account.COL")
    trend: Period = "month"


@router.get("/time-to-convert", response_model_exclude_unset=True,
            response_model=TimeToConvertOut,
            summary="Days to convert, with a Kaplan-Meier curve")
def time_to_convert(request: Request, user: Reader,
                    q: Annotated[TimeToConvertQuery, Query()]) -> dict:
    with engine_of(request) as ws:
        return rows(ws.time_to_convert(level=q.level, start=step(q.start), end=step(q.end),
                                       breakdown=q.breakdown, trend=q.trend, since=q.since,
                                       until=q.until))


class RetentionQuery(Dates):
    period: Period = "week"
    periods: int = Field(12, ge=1, le=520, description="Later periods to count")
    level: Level = "person"
    start: str | None = Field(None, description=f"What starts an actor (any event); {STEP}")
    returning: str | None = Field(None, description="What counts as coming back (any event)")


@router.get("/retention", response_model_exclude_unset=True,
            response_model=RetentionOut, summary="Retention cohorts")
def retention(request: Request, user: Reader, q: Annotated[RetentionQuery, Query()]) -> dict:
    with engine_of(request) as ws:
        return rows(ws.retention(q.period, periods=q.periods, level=q.level,
                                 start=step(q.start), returning=step(q.returning),
                                 since=q.since, until=q.until))


class PathsQuery(Dates):
    start: str | None = Field(None, description=(
        f"Paths after (or before) the first time this happens; {STEP}"))
    direction: Literal["after", "before"] = "after"
    depth: int = Field(5, ge=1, le=50, description="Steps per path")
    step_by: str = Field("touchpoint", description="touchpoint, channel, properties.KEY …")
    include: str | None = Field(None, description="Only these events make steps")
    collapse_loops: bool = True
    level: Level = "person"
    top: int = Field(20, ge=1, le=1000, description="Paths to list")


def _paths(request: Request, q: PathsQuery):
    with engine_of(request) as ws:
        return ws.paths(step(q.start), direction=q.direction, depth=q.depth,
                        step_by=q.step_by, include=step(q.include),
                        collapse_loops=q.collapse_loops, level=q.level, top=q.top,
                        since=q.since, until=q.until)


@router.get("/paths", response_model_exclude_unset=True,
            response_model=list[PathRow], summary="Top paths")
def paths(request: Request, user: Reader, q: Annotated[PathsQuery, Query()]) -> list:
    return rows(_paths(request, q))


class TreeQuery(PathsQuery):
    min_share: float = Field(0.0, ge=0, le=1, description="Hide branches below this share")


@router.get("/paths/tree", response_model_exclude_unset=True,
            response_model=list[TreeRow], summary="Next- or previous-step tree")
def paths_tree(request: Request, user: Reader, q: Annotated[TreeQuery, Query()]) -> list:
    return rows(_paths(request, q).tree(min_share=q.min_share))


class SankeyQuery(PathsQuery):
    top_per_step: int = Field(8, ge=1, le=100, description="Names kept per step")
    min_share: float = Field(0.01, ge=0, le=1, description="Hide flows below this share")


@router.get("/paths/sankey", response_model_exclude_unset=True,
            response_model=SankeyOut, summary="Flows for a Sankey diagram")
def paths_sankey(request: Request, user: Reader, q: Annotated[SankeyQuery, Query()]) -> dict:
    return rows(_paths(request, q).sankey(top_per_step=q.top_per_step, min_share=q.min_share))


class ComparePathsQuery(BaseModel):
    level: Level = "person"
    step_by: str = "touchpoint"
    min_actors: int = Field(5, ge=1, le=1_000_000)


@router.get("/compare-paths", response_model_exclude_unset=True,
            response_model=list[ComparePathRow],
            summary="Steps of converting journeys against the others")
def compare_paths(request: Request, user: Reader,
                  q: Annotated[ComparePathsQuery, Query()]) -> list:
    with engine_of(request) as ws:
        return rows(ws.compare_paths(level=q.level, step_by=q.step_by,
                                     min_actors=q.min_actors))


class FrictionQuery(BaseModel):
    level: Level = "account"
    inactive_days: float = Field(30, gt=0, le=36_500, description=(
        "A journey silent this long without converting is abandoned"))
    loop_min: int = Field(3, ge=2, le=1000, description="Repeats in a row that make a loop")
    break_days: float = Field(30, gt=0, le=36_500, description="Days without a touch")
    segment_by: str | None = Field(None, description="A journey./account. column")
    history_days: float = Field(60, gt=0, le=36_500)
    recent_days: float = Field(90, gt=0, le=36_500)
    top: int = Field(30, ge=1, le=1000)


@router.get("/friction", response_model_exclude_unset=True,
            response_model=list[FrictionRow], summary="Ranked friction points")
def friction(request: Request, user: Reader, q: Annotated[FrictionQuery, Query()]) -> list:
    with engine_of(request) as ws:
        return plain(ws.friction(**q.model_dump()).to_dict())

"""Journeys: a filtered, paged list and one journey with its touches."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from journeymap.web.api.common import Reader, Row, engine_of, plain

router = APIRouter(tags=["journeys"])


class JourneyRow(Row):
    """One journey of a person or an account (times UTC, days as float days)."""

    journey_id: str
    level: str
    person_id: str | None = None
    account_id: str | None = None
    first_touch_at: datetime | None = None
    last_touch_at: datetime | None = None
    first_touchpoint: str | None = None
    last_touchpoint: str | None = None
    first_channel: str | None = None
    touches: int | None = None
    channels: int | None = None
    sessions: int | None = None
    persons: int | None = None
    days: float | None = None
    converted: bool | None = None
    converted_at: datetime | None = None
    value: float | None = None
    touches_to_convert: int | None = None
    channels_to_convert: int | None = None
    days_to_convert: float | None = None
    current_stage: str | None = None


class TouchRow(Row):
    """One clean touch of a journey, with its person, session and stage."""

    event_id: str
    ts: datetime
    source: str | None = None
    channel: str | None = None
    touchpoint: str | None = None
    person_id: str | None = None
    account_id: str | None = None
    session_id: str | None = None
    stage: str | None = None
    value: float | None = None
    text: str | None = None
    rating: float | None = None
    properties: str | None = None


class JourneyPage(BaseModel):
    """A page of journeys, most touches first; ``next_offset`` is null on the last page."""

    offset: int
    limit: int
    next_offset: int | None
    items: list[JourneyRow]


class JourneyOut(BaseModel):
    """One journey; for a person, also the journey of their account."""

    key: str
    journey: JourneyRow
    account_journey: JourneyRow | None
    touches: list[TouchRow]


@router.get("/journeys", response_model=JourneyPage, summary="Journeys, most touches first")
def list_journeys(request: Request, user: Reader,
                  level: Literal["account", "person"] = "account",
                  converted: bool | None = None,
                  limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
                  offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> JourneyPage:
    with engine_of(request) as ws:
        table = ws.journeys(level=level, converted=converted, limit=offset + limit + 1).table
    items = plain(table.slice(offset, limit).to_pylist()) if offset < table.num_rows else []
    more = table.num_rows > offset + limit
    return JourneyPage(offset=offset, limit=limit,
                       next_offset=offset + limit if more else None, items=items)


@router.get("/journeys/{key:path}", response_model=JourneyOut,
            summary="One journey with its touches")
def get_journey(request: Request, user: Reader,
                key: Annotated[str, Path(description=(
                    "account:ID, person:ID, an email, a user id or an anonymous id"))]
                ) -> dict:
    with engine_of(request) as ws:
        return plain(ws.journey(key).to_dict())

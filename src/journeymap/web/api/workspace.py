"""The workspace at a glance (``GET /workspace``) and building it (``POST /build``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.engine import make_url
from starlette.responses import Response

from journeymap.errors import NotBuiltError
from journeymap.pipeline.scalars import count
from journeymap.schema import Tables
from journeymap.web.api.common import Editor, Reader, engine_of, plain
from journeymap.web.api.jobs import JobOut, submit
from journeymap.web.routes.overview import build_and_prepare

router = APIRouter(tags=["workspace"])


class Counts(BaseModel):
    """Rows of the workspace's tables; the journey figures are null before the first
    build."""

    events: int
    loads: int
    rejected: int
    maps: int
    persons: int | None = None
    accounts: int | None = None
    person_journeys: int | None = None
    account_journeys: int | None = None
    converted_accounts: int | None = None


class Figures(BaseModel):
    """Won account journeys (touches, channels, days: mean and median) beside the B2B
    benchmark, as ``ws.summary()`` gives them."""

    conversion_rate: float | None
    won_touches_mean: float | None
    won_touches_median: float | None
    won_channels_mean: float | None
    won_channels_median: float | None
    won_days_mean: float | None
    won_days_median: float | None
    benchmark_touches: float
    benchmark_channels: float
    benchmark_days: float


class WorkspaceOut(BaseModel):
    """Where the workspace is, its main settings, when it was last built and its counts."""

    path: str
    name: str
    locale: str
    timezone: str
    engine: str
    documents: str
    built: bool
    built_at: datetime | None
    counts: Counts
    figures: Figures | None


@router.get("/workspace", response_model=WorkspaceOut, summary="The workspace at a glance")
def get_workspace(request: Request, user: Reader) -> WorkspaceOut:
    with engine_of(request) as ws:
        engine = ws.engine
        counts = {"events": count(engine, engine.table(Tables.events)),
                  "loads": count(engine, engine.table(Tables.loads)),
                  "rejected": count(engine, engine.table(Tables.rejected))}
        try:
            summary = plain(ws.summary().to_dict())
        except NotBuiltError:
            summary = None
    counts["maps"] = len(ws.maps.list())
    settings = ws.settings
    figures = None
    if summary is not None:
        counts |= {k: summary[k] for k in ("persons", "accounts", "person_journeys",
                                           "account_journeys", "converted_accounts")}
        figures = Figures(**{k: summary[k] for k in Figures.model_fields})
    return WorkspaceOut(
        path=str(ws.path), name=settings.name, locale=settings.locale,
        timezone=settings.timezone, engine=settings.engine.backend,
        documents=make_url(ws.maps.store.url).get_backend_name(),
        built=summary is not None, built_at=summary["built_at"] if summary else None,
        counts=Counts(**counts), figures=figures)


@router.post("/build", status_code=202, response_model=JobOut,
             summary="Build touches and journeys (a background job)")
def build(request: Request, user: Editor) -> Response:
    """Clean, dedupe, unify identities and build touches and journeys from every loaded
    event, then refresh the bound numbers of the maps. Poll the job at ``Location``."""
    app = request.app
    return submit(request, "build", "build", lambda progress: build_and_prepare(app, progress))

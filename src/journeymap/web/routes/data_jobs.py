"""Loads and builds run as background jobs; a small status partial reports their progress.

Jobs run one at a time on one worker thread, on that thread's own engine connection, so
pages keep reading the last committed tables meanwhile (on Spark a job takes the engine's
turn only while it calls the workspace, and pages show "busy" rather than hang). The
status partial polls itself every second with htmx until the job ends, then tells the page
(``HX-Trigger: jm-data-changed``) to refresh the load history.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from starlette.responses import JSONResponse, Response

from journeymap.progress import ProgressFn
from journeymap.results import BuildResult, LoadResult
from journeymap.web.jobs import Job
from journeymap.web.labels import N_
from journeymap.web.routes.overview import PREPARE_STEP, build_and_prepare
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)

KINDS = ("ingest", "ingest_build", "build")
CHANGED_EVENT = "jm-data-changed"
SHOWN_JOBS = 5


@dataclass(frozen=True)
class DataJobResult:
    """What a data job did: the load, the build, or both."""

    load: LoadResult | None = None
    build: BuildResult | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"load": self.load.to_dict() if self.load else None,
                "build": self.build.to_dict() if self.build else None}


def submit_ingest(request: Request, path: Path, source: str, build: bool) -> Job:
    """Load ``path`` as ``source`` (with ``mappings/<source>.toml``), then build if asked."""
    app, ws, lock = request.app, request.app.state.workspace, request.app.state.lock

    def work(progress: ProgressFn) -> DataJobResult:
        with lock:
            load = ws.ingest(path, source, progress=progress)
        if not build:
            return DataJobResult(load=load)
        with lock:
            return DataJobResult(load=load, build=build_and_prepare(app, progress))

    return request.app.state.jobs.submit("ingest_build" if build else "ingest", path.name,
                                         work)


def submit_build(request: Request) -> Job:
    """Build journeys; a build still waiting in the queue is reused, not doubled."""
    jobs = request.app.state.jobs
    for job in jobs.list():
        if job.kind == "build" and job.status == "queued":
            return job
    app, lock = request.app, request.app.state.lock

    def work(progress: ProgressFn) -> DataJobResult:
        with lock:
            return DataJobResult(build=build_and_prepare(app, progress))

    return jobs.submit("build", "", work)


def data_jobs(request: Request, limit: int = SHOWN_JOBS) -> list[Job]:
    """The newest loads and builds, newest first."""
    return [j for j in request.app.state.jobs.list() if j.kind in KINDS][:limit]


def job_title(job: Job) -> str:
    if job.kind == "ingest":
        return _("Load {file}").format(file=job.title)
    if job.kind == "ingest_build":
        return _("Load {file}, then build journeys").format(file=job.title)
    return _("Build journeys")


#: the build's steps (``pipeline.build.STEPS``) and the dashboard's, in the reader's words
BUILD_STEPS = {"clean": N_("build:clean"), "identity": N_("build:identity"),
               "accounts": N_("build:accounts"), "dedupe": N_("build:dedupe"),
               "touches": N_("build:touches"), "journeys": N_("build:journeys"),
               "done": N_("build:done")}


def step_label(step: str) -> str:
    """The pipeline's step names, in the reader's language where they are ours."""
    if step.startswith("ingest "):
        return _("Reading and checking the file")
    if step.startswith("build: "):
        name = step.removeprefix("build: ")
        word = BUILD_STEPS.get(name)
        return _("Building journeys") + " · " + (_(word) if word else name)
    if step.startswith("maps: "):
        return _("Refreshing the numbers of journey maps")
    if step == PREPARE_STEP:
        return _("Preparing the overview")
    return step


def job_view(job: Job) -> dict[str, Any]:
    """What the status partial shows of a job."""
    share = job.share
    return {"job": job, "title": job_title(job), "step": step_label(job.step),
            "percent": None if share is None else max(0, min(100, round(share * 100))),
            "active": job.status in ("queued", "running"),
            "result": job.result if isinstance(job.result, DataJobResult) else None}


@router.get("/data/jobs/{job_id}")
def job_status(request: Request, job_id: int, user: Annotated[User, Depends(viewer)],
               new: bool = False) -> Response:
    """The status partial (htmx polls it), or the job as JSON for scripts."""
    job = request.app.state.jobs.get(job_id)
    if job is None or job.kind not in KINDS:
        raise HTTPException(404, _("No such job."))
    view = job_view(job)
    if "application/json" in request.headers.get("accept", ""):
        result = view["result"].to_dict() if view["result"] else None
        return JSONResponse(jsonable_encoder({**job.to_dict(), "result": result}))
    response = render(request, "data_job.html", highlight=job.id if new else 0, **view)
    if request.headers.get("hx-request") and not view["active"]:
        response.headers["HX-Trigger"] = CHANGED_EVENT
    return response

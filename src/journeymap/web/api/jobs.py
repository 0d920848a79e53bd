"""Long work over the API: ``POST /build`` and uploads answer 202 with a job to poll."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.responses import JSONResponse

from journeymap.errors import NotFoundError
from journeymap.progress import ProgressFn
from journeymap.web.api.common import Reader, plain
from journeymap.web.jobs import Job

router = APIRouter(tags=["jobs"])


class JobOut(BaseModel):
    """A background job; ``result`` is the load's or build's figures once ``done``,
    ``error`` the one-line reason once ``failed``. Times are UTC."""

    id: int
    kind: str
    title: str
    status: Literal["queued", "running", "done", "failed"]
    step: str
    completed: float
    total: float | None
    share: float | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None
    result: Any = None
    url: str


def job_out(job: Job) -> JobOut:
    return JobOut(**job.to_dict(), result=plain(job.result), url=f"/api/v1/jobs/{job.id}")


def submit(request: Request, kind: str, title: str,
           work: Callable[[ProgressFn], Any]) -> JSONResponse:
    """Queue ``work(progress)``, in the engine's turn while it runs; answer 202 with
    the job and its URL in ``Location``."""
    lock = request.app.state.lock

    def locked(progress: ProgressFn) -> Any:
        with lock:
            result = work(progress)
        return result.to_dict() if hasattr(result, "to_dict") else result

    job = request.app.state.jobs.submit(kind, title, locked)
    out = job_out(job)
    return JSONResponse(out.model_dump(mode="json"), status_code=202,
                        headers={"Location": out.url})


@router.get("/jobs", response_model=list[JobOut], summary="Background jobs, newest first")
def list_jobs(request: Request, user: Reader) -> list[JobOut]:
    return [job_out(j) for j in request.app.state.jobs.list()]


@router.get("/jobs/{job_id}", response_model=JobOut, summary="One background job")
def get_job(request: Request, job_id: int, user: Reader) -> JobOut:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"there is no job {job_id}", hint="see GET /api/v1/jobs")
    return job_out(job)

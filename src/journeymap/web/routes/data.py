"""The Data page: upload a file, map it with the assistant, load it and build journeys in
the background, and see the load history and the quarantine.

Viewers see the history, the jobs and the quarantine; uploading, mapping, loading and
building need the editor role (the buttons are hidden and the endpoints answer 403).
The sub-pages live in ``data_mapping`` (the mapping assistant), ``data_rejected`` (the
quarantine) and ``data_jobs`` (background jobs and their status partial).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from journeymap.web.routes import data_jobs, data_mapping, data_rejected
from journeymap.web.routes.data_files import (
    engine_if_free,
    known_extension,
    shown_name,
    store_upload,
    valid_source,
)
from journeymap.web.routes.data_jobs import data_jobs as recent_jobs
from journeymap.web.routes.data_jobs import job_view, submit_build
from journeymap.web.routes.data_mapping import mapping_url
from journeymap.web.security import editor, viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render
from journeymap.web.users import Role, User

router = APIRouter(include_in_schema=False)
for part in (data_jobs, data_mapping, data_rejected):
    router.include_router(part.router)

LOAD_ROWS = 20
ACCEPT = ".csv,.tsv,.txt,.json,.ndjson,.jsonl,.parquet,.xlsx,.xlsm,.xes,.gz"


def loads_view(request: Request, page: int = 1) -> dict[str, Any]:
    """The load history, a page at a time; ``busy`` while a job holds the engine."""
    ws = request.app.state.workspace
    with engine_if_free(request) as free:
        if not free:
            return {"busy": True}
        table = ws.loads().table
        rejected = ws.rejected().table.num_rows
    pages = max(1, math.ceil(table.num_rows / LOAD_ROWS))
    page = min(max(page, 1), pages)
    rows = table.slice((page - 1) * LOAD_ROWS, LOAD_ROWS).to_pylist()
    for row in rows:
        row["shown"] = shown_name(request, row["file"])
        row["exists"] = Path(row["file"]).is_file()
        row["retry"] = mapping_url(row["source"], row["file"])
    return {"busy": False, "loads": rows, "load_total": table.num_rows, "page": page,
            "pages": pages, "rejected_total": rejected}


def page_view(request: Request, user: User, status_code: int = 200, **extra: Any
              ) -> Response:
    job = request.query_params.get("job", "")
    return render(request, "data.html", status_code=status_code,
                  can_edit=user.role.allows(Role.editor),
                  jobs=[job_view(j) for j in recent_jobs(request)],
                  highlight=int(job) if job.isdigit() else 0,
                  accept=ACCEPT, **loads_view(request), **extra)


@router.get("/data")
def data_page(request: Request, user: Annotated[User, Depends(viewer)]) -> Response:
    return page_view(request, user)


@router.get("/data/loads")
def loads_partial(request: Request, user: Annotated[User, Depends(viewer)], page: int = 1
                  ) -> Response:
    """The load history alone (htmx refreshes it when a job ends)."""
    return render(request, "data_loads.html", can_edit=user.role.allows(Role.editor),
                  **loads_view(request, page))


@router.post("/data/upload")
def upload(request: Request, user: Annotated[User, Depends(editor)],
           file: Annotated[UploadFile | None, File()] = None,
           source: Annotated[str, Form()] = "") -> Response:
    """Keep the file in ``uploads/`` and open the mapping assistant on it."""
    source = source.strip()
    errors: dict[str, str] = {}
    name = (file.filename or "") if file is not None else ""
    if not name:
        errors["file"] = _("Choose a file to upload.")
    elif not known_extension(name):
        errors["file"] = _("journeymap reads CSV, TSV, JSON, NDJSON, Parquet, Excel (.xlsx) "
                           "and XES files.")
    if not valid_source(source):
        errors["source"] = _("Name the source with letters, digits, - and _ (up to 64), "
                             "for example newsletter.")
    if not errors and file is not None:
        path = store_upload(request, name, file.file)
        if path.stat().st_size == 0:
            path.unlink()
            errors["file"] = _("The file is empty.")
        else:
            return RedirectResponse(mapping_url(source, path.name), status_code=303)
    return page_view(request, user, status_code=400, upload_errors=errors,
                     upload_source=source)


@router.post("/data/build")
def build(request: Request, user: Annotated[User, Depends(editor)]) -> Response:
    """Build journeys in the background and show its progress on the Data page."""
    job = submit_build(request)
    return RedirectResponse(f"/data?job={job.id}#job-{job.id}", status_code=303)

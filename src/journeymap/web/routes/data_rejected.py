"""The quarantine: rows the loads set aside, by reason and file, a page at a time, as a
CSV download (UTF-8 with BOM, so Excel shows Korean), and per file a way to fix the
mapping and load the file again (which loads the rows that now pass and replaces the
file's earlier rejections)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
import pyarrow.compute as pc
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.schema import REJECT_REASONS
from journeymap.web.downloads import csv_response
from journeymap.web.labels import N_
from journeymap.web.routes.data_files import engine_if_free, shown_name
from journeymap.web.routes.data_mapping import mapping_url
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render
from journeymap.web.users import Role, User

router = APIRouter(include_in_schema=False)
PAGE_ROWS = 50
#: How long the quarantine page and the download wait for a running job (seconds).
WAIT = 2.0
#: Reason codes as people read them (the code itself is shown too).
REASON_LABELS = [N_("parse_error"), N_("cast_error"), N_("schema_violation"),
                 N_("missing_identifier"), N_("size_violation")]


def _filters(reason: str, file: str) -> tuple[str | None, str | None]:
    return (reason.strip() or None), (file.strip() or None)


def file_groups(request: Request, table: pa.Table) -> list[dict[str, Any]]:
    """One entry per file and source in the quarantine: rows and rows by reason."""
    counts = table.select(["file", "source", "reason"]).group_by(
        ["file", "source", "reason"]).aggregate([([], "count_all")]).to_pylist()
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for c in counts:
        key = (c["file"], c["source"])
        entry = groups.setdefault(key, {
            "file": c["file"], "source": c["source"], "shown": shown_name(request, c["file"]),
            "count": 0, "reasons": {}, "exists": Path(c["file"]).is_file(),
            "retry": mapping_url(c["source"], c["file"])})
        entry["count"] += c["count_all"]
        entry["reasons"][c["reason"]] = c["count_all"]
    return sorted(groups.values(), key=lambda g: (g["shown"], g["source"]))


@router.get("/data/rejected")
def rejected_page(request: Request, user: Annotated[User, Depends(viewer)],
                  reason: str = "", file: str = "", page: int = 1) -> Response:
    chosen_reason, chosen_file = _filters(reason, file)
    ws = request.app.state.workspace
    context: dict[str, Any] = {"reason": chosen_reason or "", "file": chosen_file or "",
                               "reasons": REJECT_REASONS,
                               "can_edit": user.role.allows(Role.editor)}
    with engine_if_free(request, WAIT) as free:
        if not free:
            return render(request, "data_rejected.html", busy=True, **context)
        every = ws.rejected().table
        chosen = ws.rejected(reason=chosen_reason, file=chosen_file).table
    pages = max(1, math.ceil(chosen.num_rows / PAGE_ROWS))
    page = min(max(page, 1), pages)
    rows = chosen.slice((page - 1) * PAGE_ROWS, PAGE_ROWS).to_pylist()
    for row in rows:
        row["shown"] = shown_name(request, row["file"])
    by_reason = {r: int(pc.sum(pc.equal(every["reason"], r)).as_py() or 0)
                 for r in REJECT_REASONS} if every.num_rows else {}
    return render(request, "data_rejected.html", busy=False, rows=rows, total=chosen.num_rows,
                  every=every.num_rows, page=page, pages=pages, groups=file_groups(request, every),
                  by_reason=by_reason, **context)


@router.get("/data/rejected.csv")
def rejected_csv(request: Request, user: Annotated[User, Depends(viewer)],
                 reason: str = "", file: str = "") -> Response:
    """The filtered quarantine as CSV (UTF-8 with BOM)."""
    chosen_reason, chosen_file = _filters(reason, file)
    ws = request.app.state.workspace
    with engine_if_free(request, WAIT) as free:
        if not free:
            return Response(_("A load or build is running; try again in a moment."),
                            status_code=503, headers={"Retry-After": "5"},
                            media_type="text/plain; charset=utf-8")
        table = ws.rejected(reason=chosen_reason, file=chosen_file).table
    return csv_response(table, "rejected")

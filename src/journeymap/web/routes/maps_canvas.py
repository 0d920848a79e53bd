"""One map's page: the canvas, its metric picker's choices, exports, review and refresh.

The canvas itself is drawn by the modules of ``static/canvas/`` from the JSON of
:func:`~journeymap.web.routes.maps_view.canvas_view`, embedded in the page (``tojson``
escapes it for a ``<script>`` element); edits go through ``maps_edit``.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

import ibis
from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from journeymap.errors import NotBuiltError, NotFoundError
from journeymap.maps.items import LaneKind
from journeymap.maps.model import MapType
from journeymap.render.map_export import EXPORTS, MEDIA_TYPES, export_map
from journeymap.schema import Tables
from journeymap.web.downloads import map_download
from journeymap.web.routes.maps_view import (
    EXPORT_LABELS,
    FRICTION_KIND_LABELS,
    STATUS_LABELS,
    canvas_view,
    metric_catalogue,
)
from journeymap.web.security import editor, viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import language, render
from journeymap.web.users import Role, User

router = APIRouter(include_in_schema=False)
Viewer = Annotated[User, Depends(viewer)]
Editor = Annotated[User, Depends(editor)]


def page_context(request: Request, user: User, map_id: int, version: int | None
                 ) -> dict[str, Any]:
    ws = request.app.state.workspace
    info = ws.maps.info(map_id)
    history = ws.maps.history(map_id)
    shown = next((v for v in history if v.version == version), None) if version else None
    if version is not None and shown is None:
        raise NotFoundError(f"map {map_id} has no version {version}", code="maps.no_version",
                            params={"map": map_id, "version": version})
    doc = ws.maps.get(map_id, version)
    old = version is not None and version != info.head
    view = canvas_view(doc, info, shown or history[-1], zone=ws.settings.timezone,
                       language=language.get(), version=version)
    return {
        "info": info, "doc": doc, "view": view, "old": old,
        "can_edit": user.role.allows(Role.editor) and not old,
        "exports": [suffix.lstrip(".") for suffix in EXPORTS],
        "metrics": metric_catalogue(),
        "analytics_stages": list(ws.settings.journeys.stages),
        "stage_labels": {s: _(s) for s in ws.settings.journeys.stages},
        "friction_kinds": FRICTION_KIND_LABELS,
        "export_labels": EXPORT_LABELS,
        "statuses": STATUS_LABELS,
        "lane_kinds": [k.value for k in LaneKind],
        "map_types": [t.value for t in MapType],
        "done": request.query_params.get("done"),
    }


@router.get("/maps/{map_id}")
def map_page(request: Request, map_id: int, user: Viewer, version: int | None = None
             ) -> Response:
    return render(request, "maps_canvas.html", **page_context(request, user, map_id, version))


@router.get("/maps/{map_id}/view")
def map_view(request: Request, map_id: int, user: Viewer) -> Response:
    """The latest version as the canvas draws it (the canvas reloads it after a conflict)."""
    return JSONResponse(page_context(request, user, map_id, None)["view"])


@router.get("/maps/{map_id}/metric-options")
def metric_options(request: Request, map_id: int, user: Viewer) -> Response:
    """Touchpoints, channels and friction points of the data, for the picker's suggestions."""
    ws = request.app.state.workspace
    ws.maps.info(map_id)
    out: dict[str, list] = {"touchpoints": [], "channels": [], "friction": []}
    with request.app.state.lock:
        try:
            t = ws.engine.table(Tables.touches)
            for column in ("touchpoint", "channel"):
                known = t.filter(t[column].notnull())
                top = (known.group_by(column).aggregate(n=known.count())
                       .order_by(ibis.desc("n")).limit(300))
                out[column + "s"] = [r[column] for r in ws.engine.to_arrow(top).to_pylist()]
            out["friction"] = [
                {"kind": r["kind"], "where": r["where"], "stage": r["stage"]}
                for r in ws.friction(level="account", top=50).to_dict()]
        except NotBuiltError:
            pass
    return JSONResponse(out)


def download_name(title: str, suffix: str) -> str:
    """A file name from the map's title: path and reserved characters removed."""
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .") or "journey-map"
    return f"{clean[:100]}.{suffix}"


@router.get("/maps/{map_id}/export.{suffix}")
def export(request: Request, map_id: int, suffix: str, user: Viewer,
           version: int | None = None) -> Response:
    ws = request.app.state.workspace
    if suffix not in MEDIA_TYPES:
        raise NotFoundError(f"there is no .{suffix} export",
                            hint="exports: " + ", ".join(MEDIA_TYPES), code="maps.no_export",
                            params={"suffix": suffix, "suffixes": list(MEDIA_TYPES)})
    doc = ws.maps.get(map_id, version)
    with tempfile.TemporaryDirectory(prefix="journeymap-export-") as folder:
        path = export_map(doc, Path(folder) / f"map.{suffix}", tz=ws.settings.timezone)
        content = path.read_bytes()
    return map_download(content, map_id, suffix, download_name(doc.title, suffix))


@router.post("/maps/{map_id}/review")
def review(request: Request, map_id: int, user: Editor,
           cadence_months: Annotated[int, Form(ge=1, le=24)] = 6) -> Response:
    request.app.state.workspace.maps.review(map_id, author=user.username,
                                            cadence_months=cadence_months)
    return RedirectResponse(f"/maps/{map_id}?done=reviewed", status_code=303)


@router.post("/maps/{map_id}/refresh")
def refresh(request: Request, map_id: int, user: Editor) -> Response:
    ws = request.app.state.workspace
    with request.app.state.lock:
        ws.maps.refresh(map_id, author=user.username)
    return RedirectResponse(f"/maps/{map_id}?done=refreshed", status_code=303)


@router.post("/maps/{map_id}/restore")
def restore(request: Request, map_id: int, user: Editor,
            version: Annotated[int, Form()]) -> Response:
    """Save an older version again as the newest one."""
    ws = request.app.state.workspace
    ws.maps.save(map_id, ws.maps.get(map_id, version), author=user.username,
                 message=f"restored version {version}")
    return RedirectResponse(f"/maps/{map_id}?done=restored", status_code=303)

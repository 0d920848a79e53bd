"""The Maps pages: the list of maps, new maps from a template, from the data or a file.

``router`` also carries the canvas page, its editing API, history, comparison and exports
(``maps_canvas``, ``maps_edit``, ``maps_history``), so the app mounts the Maps section with
one router.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from journeymap.errors import JourneymapError
from journeymap.maps.due import add_months, moved_metrics
from journeymap.maps.read_file import IMPORTS
from journeymap.maps.templates import list_templates
from journeymap.web.map_words import map_error_hint, map_error_text
from journeymap.web.routes import maps_canvas, maps_edit, maps_history
from journeymap.web.security import editor, viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import language, render
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
Viewer = Annotated[User, Depends(viewer)]
Editor = Annotated[User, Depends(editor)]
LEVELS = ("person", "account")


def map_rows(request: Request) -> list[dict[str, Any]]:
    """Every map with what the list shows: persona, version, next review, why it is due."""
    ws = request.app.state.workspace
    due = {row["map_id"]: row for row in ws.maps.due().to_dict()}
    threshold = ws.settings.documents.review_threshold
    now = datetime.now(UTC)
    rows = []
    for info in ws.maps.list():
        doc = ws.maps.get(info.id)
        next_review = add_months(info.last_reviewed_at or info.created_at,
                                 info.review_cadence_months)
        reasons = []
        if info.id in due:
            if next_review <= now:
                reasons.append(_("The review date has passed."))
            moved = len(moved_metrics(doc, threshold))
            if moved:
                reasons.append(_("{count} bound numbers moved more than {share} since the "
                                 "last review.").format(count=moved,
                                                        share=f"{threshold:.0%}"))
        rows.append({"info": info, "personas": ", ".join(p.name for p in doc.personas),
                     "next_review": next_review, "due": info.id in due, "reasons": reasons,
                     "stages": len(doc.stages)})
    return rows


def list_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    ws = request.app.state.workspace
    lang = language.get()
    return render(request, "maps.html", status_code=status_code, maps=map_rows(request),
                  templates=list_templates(lang), map_language=ws.maps.language(),
                  levels=LEVELS, imports=IMPORTS, done=request.query_params.get("done"),
                  **context)


@router.get("/maps")
def maps_list(request: Request, user: Viewer) -> Response:
    return list_page(request)


@router.post("/maps/new")
def new_map(request: Request, user: Editor, template: Annotated[str, Form()],
            map_language: Annotated[str, Form()] = "ko",
            title: Annotated[str, Form()] = "") -> Response:
    ws = request.app.state.workspace
    try:
        info = ws.maps.new(template, language=map_language if map_language in ("ko", "en")
                           else None, title=title.strip() or None, author=user.username)
    except JourneymapError as exc:
        return list_page(request, 400, error=map_error_text(exc), failed="new")
    return RedirectResponse(f"/maps/{info.id}", status_code=303)


@router.post("/maps/generate")
def generate_map(request: Request, user: Editor, level: Annotated[str, Form()] = "account",
                 segment: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
                 map_language: Annotated[str, Form()] = "ko") -> Response:
    ws = request.app.state.workspace
    try:
        with request.app.state.lock:
            info = ws.maps.generate(level=level if level in LEVELS else "person",
                                    segment=segment.strip() or None,
                                    language=map_language if map_language in ("ko", "en")
                                    else None, title=title.strip() or None,
                                    author=user.username)
    except JourneymapError as exc:
        return list_page(request, 400, error=map_error_text(exc), hint=map_error_hint(exc),
                         failed="generate")
    return RedirectResponse(f"/maps/{info.id}", status_code=303)


@router.post("/maps/import")
def import_map(request: Request, user: Editor, file: Annotated[UploadFile, File()],
               title: Annotated[str, Form()] = "") -> Response:
    ws = request.app.state.workspace
    name = Path(file.filename or "map").name
    try:
        with tempfile.TemporaryDirectory(prefix="journeymap-import-") as folder:
            path = Path(folder) / name
            path.write_bytes(file.file.read())
            info = ws.maps.import_file(path, author=user.username, title=title.strip() or None)
    except JourneymapError as exc:
        return list_page(request, 400, error=map_error_text(exc), hint=map_error_hint(exc),
                         failed="import")
    return RedirectResponse(f"/maps/{info.id}", status_code=303)


@router.post("/maps/{map_id}/delete")
def delete_map(request: Request, map_id: int, user: Editor) -> Response:
    request.app.state.workspace.maps.delete(map_id)
    return RedirectResponse("/maps?done=deleted", status_code=303)


router.include_router(maps_history.router)
router.include_router(maps_canvas.router)
router.include_router(maps_edit.router)

"""A map's versions and what changed between any two, and current vs future side by side."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.labels import N_
from journeymap.web.security import viewer
from journeymap.web.templating import render
from journeymap.web.users import Role, User

router = APIRouter(include_in_schema=False)
Viewer = Annotated[User, Depends(viewer)]

#: words of the diff and comparison tables (``_()`` translates them in the templates)
CHANGE_WORDS = [N_("added"), N_("removed"), N_("changed"), N_("map"), N_("persona"),
                N_("stage"), N_("lane"), N_("item"), N_("kpi value"), N_("bound value"),
                N_("comment"), N_("same"), N_("new"), N_("dropped")]


@router.get("/maps/{map_id}/history")
def history(request: Request, map_id: int, user: Viewer, old: int | None = None,
            new: int | None = None) -> Response:
    ws = request.app.state.workspace
    info = ws.maps.info(map_id)
    versions = ws.maps.history(map_id)
    numbers = [v.version for v in versions]
    new = new if new in numbers else info.head
    old = old if old in numbers else max(new - 1, 1)
    changes = ws.maps.diff(map_id, old, new).to_dict() if old != new else []
    return render(request, "maps_history.html", info=info, doc=ws.maps.get(map_id),
                  versions=list(reversed(versions)), old=old, new=new, changes=changes,
                  can_edit=user.role.allows(Role.editor))


@router.get("/maps/{map_id}/compare")
def compare(request: Request, map_id: int, user: Viewer, other: int | None = None
            ) -> Response:
    """This map (as the current state) beside another (the future state)."""
    ws = request.app.state.workspace
    info = ws.maps.info(map_id)
    maps = [m for m in ws.maps.list() if m.id != map_id]
    if other is None or other not in {m.id for m in maps}:
        other = next((m.id for m in maps if m.type == "future_state"),
                     maps[0].id if maps else None)
    rows = ws.maps.compare(map_id, other).to_dict() if other is not None else []
    return render(request, "maps_compare.html", info=info, doc=ws.maps.get(map_id),
                  maps=maps, other=other,
                  other_doc=ws.maps.get(other) if other is not None else None, rows=rows)

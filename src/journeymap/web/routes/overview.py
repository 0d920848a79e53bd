"""The overview dashboard: the workspace's headline figures on one page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.errors import NotBuiltError
from journeymap.web.security import viewer
from journeymap.web.templating import render
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)


def overview_data(request: Request) -> dict[str, Any]:
    """Everything the dashboard shows; ``built`` is False before the first build."""
    ws = request.app.state.workspace
    with request.app.state.lock:
        try:
            summary = ws.summary()
        except NotBuiltError:
            return {"built": False, "due": ws.maps.due().to_dict()}
        return {
            "built": True,
            "summary": summary,
            "stages": ws.stages(level="account").to_dict(),
            "friction": ws.friction(level="account", top=5).to_dict(),
            "due": ws.maps.due().to_dict(),
        }


@router.get("/")
def overview(request: Request, user: Annotated[User, Depends(viewer)]) -> Response:
    return render(request, "overview.html", **overview_data(request))

"""Analytics pages: a landing page and one page per analysis (funnel, paths, friction,
time to convert, retention, stage completion), each in its own module."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.routes import (
    analytics_friction,
    analytics_funnel,
    analytics_paths,
    analytics_retention,
    analytics_stages,
    analytics_time,
)
from journeymap.web.security import viewer
from journeymap.web.templating import render
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)


@router.get("/analytics")
def analytics_home(request: Request, user: Annotated[User, Depends(viewer)]) -> Response:
    return render(request, "analytics.html")


for module in (analytics_funnel, analytics_paths, analytics_friction, analytics_time,
               analytics_retention, analytics_stages):
    router.include_router(module.router)

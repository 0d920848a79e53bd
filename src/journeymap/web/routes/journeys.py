"""The journeys explorer: find a person or an account by any key (email, user id, account
id, person id — ``ws.journey``), or browse the list (``ws.journeys``); one journey's page
shows its figures and its touches in time order, by stage and day."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from journeymap.errors import NotFoundError
from journeymap.web.routes.analytics_charts import channel_label
from journeymap.web.routes.analytics_common import chart, locked, whole
from journeymap.web.routes.journeys_timeline import (
    bands,
    channel_icon,
    channel_mix,
    people,
    touches_chart,
)
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import render
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
LEVELS = ("account", "person")
CONVERTED = {"": None, "yes": True, "no": False}
PAGE_SIZE = 50
MAX_PAGE = 400
TOUCH_LIMIT = 500  # touches shown before "show all"
ALL_TOUCHES = 20_000


def journey_url(journey_id: str) -> str:
    return "/journeys/" + quote(journey_id, safe=":")


@router.get("/journeys")
def journeys_page(request: Request, user: Annotated[User, Depends(viewer)], q: str = "",
                  level: str = "", converted: str = "", page: str = "") -> Response:
    """The search box and the list; a search that finds someone opens their journey."""
    key = q.strip()
    error = None
    if key:
        try:
            found = locked(request, lambda: request.app.state.workspace.journey(key))
            return RedirectResponse(journey_url(found.journey["journey_id"]), status_code=303)
        except NotFoundError as exc:
            error = exc
    lvl = level if level in LEVELS else LEVELS[0]
    conv = converted if converted in CONVERTED else ""
    try:
        number = whole(page, 1, 1, MAX_PAGE, "page", _("Page"))
    except ValueError:
        number = 1
    ws = request.app.state.workspace
    listed = locked(request, lambda: ws.journeys(level=lvl, converted=CONVERTED[conv],
                                                 limit=number * PAGE_SIZE + 1)).to_dict()
    start = (number - 1) * PAGE_SIZE
    rows = listed[start:start + PAGE_SIZE]
    return render(request, "journeys.html", status_code=404 if error else 200, q=key,
                  error=error, level=lvl, converted=conv, page=number, rows=rows,
                  has_next=len(listed) > start + PAGE_SIZE and number < MAX_PAGE,
                  first_row=start + 1, levels=LEVELS, journey_url=journey_url)


def _detail(request: Request, key: str) -> Any:
    return locked(request, lambda: request.app.state.workspace.journey(key))


@router.get("/journeys/{key:path}")
def journey_page(request: Request, key: str, user: Annotated[User, Depends(viewer)],
                 full: str = "") -> Response:
    """One journey: figures, stages, channel mix, the people of an account, and the
    timeline of touches (workspace time zone)."""
    detail = _detail(request, key)
    ws = request.app.state.workspace
    timezone = ws.settings.timezone
    touches = detail.touches.to_dict()
    total = len(touches)
    shown = touches[:ALL_TOUCHES if full else TOUCH_LIMIT]
    journey = detail.journey
    stages = [(s, journey.get(f"entered_{s}")) for s in ws.settings.journeys.stages]
    figure = chart(touches_chart(touches, timezone), "chart-touches",
                   "journeymap-" + journey["journey_id"].replace(":", "-")) if touches else None
    return render(request, "journeys_detail.html", key=key, journey=journey,
                  account=detail.account_journey, stages=stages, bands=bands(shown, timezone),
                  total=total, shown=len(shown), full=bool(full), mix=channel_mix(touches),
                  people=people(touches) if journey["level"] == "account" else [],
                  figure=figure, journey_url=journey_url, channel_icon=channel_icon,
                  channel_label=channel_label)


"""The friction list: where journeys stall or end, ranked by estimated lost conversions,
with the evidence and example journeys to open (``ws.friction``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.labels import N_
from journeymap.web.routes.analytics_charts import friction_chart, kind_label
from journeymap.web.routes.analytics_common import (
    answer,
    attempt,
    chart,
    choice,
    csv_of,
    csv_url,
    decimal,
    whole,
)
from journeymap.web.routes.overview_cache import kept_answer
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
LEVELS = ("account", "person")  # friction is read per account first (B2B)
KINDS = [N_("friction:abandonment"), N_("friction:loop"), N_("friction:long_break"),
         N_("friction:support"), N_("friction:drop_off")]


@dataclass(frozen=True)
class FrictionForm:
    level: str = ""
    inactive: str = ""
    loop: str = ""
    pause: str = ""
    top: str = ""


@kept_answer
def run_friction(request: Request, form: FrictionForm) -> Any:
    ws = request.app.state.workspace
    return ws.friction(level=choice(form.level, LEVELS, "level"),
                       inactive_days=decimal(form.inactive, 30, 1, 3650, "inactive",
                                             _("Silent for (days)")),
                       loop_min=whole(form.loop, 3, 2, 100, "loop", _("Repeats in a row")),
                       break_days=decimal(form.pause, 30, 1, 3650, "pause", _("Break (days)")),
                       top=whole(form.top, 30, 1, 200, "top", _("Items")))


def rows_of(result: Any) -> list[dict[str, Any]]:
    """Friction rows with their example journeys as a list (to link each)."""
    rows = result.to_dict()
    for row in rows:
        row["example_ids"] = [e.strip() for e in (row.get("examples") or "").split(",")
                              if e.strip()]
    return rows


@router.get("/analytics/friction")
def friction_page(request: Request, user: Annotated[User, Depends(viewer)], level: str = "",
                  inactive: str = "", loop: str = "", pause: str = "", top: str = ""
                  ) -> Response:
    form = FrictionForm(level, inactive, loop, pause, top)
    result, error = attempt(request, lambda: run_friction(request, form))
    rows = rows_of(result) if result is not None else []
    figure = (chart(friction_chart(rows), "chart-friction", "journeymap-friction",
                    csv_url(request, "/analytics/friction.csv")) if rows else None)
    return answer(request, "analytics_friction.html", "analytics_friction_result.html",
                  error=error, form=form, result=result, rows=rows, figure=figure,
                  levels=LEVELS, kind_label=kind_label)


@router.get("/analytics/friction.csv")
def friction_csv(request: Request, user: Annotated[User, Depends(viewer)], level: str = "",
                 inactive: str = "", loop: str = "", pause: str = "", top: str = ""
                 ) -> Response:
    form = FrictionForm(level, inactive, loop, pause, top)
    return csv_of(request, lambda: run_friction(request, form).table, "journeymap-friction")

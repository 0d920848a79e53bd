"""Stage completion: per journey stage, how many reached it, moved on, converted to the next
stage and how long they stayed — optionally against the period before (``ws.stages``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.routes.analytics_charts import stage_chart
from journeymap.web.routes.analytics_common import (
    answer,
    attempt,
    chart,
    choice,
    csv_of,
    csv_url,
    text,
)
from journeymap.web.routes.overview_cache import kept_answer
from journeymap.web.security import viewer
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
LEVELS = ("account", "person")


@dataclass(frozen=True)
class StagesForm:
    level: str = ""
    period: str = ""


@kept_answer
def run_stages(request: Request, form: StagesForm) -> Any:
    ws = request.app.state.workspace
    return ws.stages(level=choice(form.level, LEVELS, "level"), period=text(form.period))


@router.get("/analytics/stages")
def stages_page(request: Request, user: Annotated[User, Depends(viewer)], level: str = "",
                period: str = "") -> Response:
    form = StagesForm(level, period.strip())
    result, error = attempt(request, lambda: run_stages(request, form))
    figure = None
    if result is not None:
        figure = chart(stage_chart(result), "chart-stages", "journeymap-stages",
                       csv_url(request, "/analytics/stages.csv"))
    return answer(request, "analytics_stages.html", "analytics_stages_result.html",
                  error=error, form=form, result=result, figure=figure, levels=LEVELS,
                  compared=bool(form.period))


@router.get("/analytics/stages.csv")
def stages_csv(request: Request, user: Annotated[User, Depends(viewer)], level: str = "",
               period: str = "") -> Response:
    form = StagesForm(level, period.strip())
    return csv_of(request, lambda: run_stages(request, form).table, "journeymap-stages")

"""Time to convert: days from the first touch (or a chosen step) to conversion (or a chosen
later step) — the distribution of converters and the Kaplan-Meier curve in which open
journeys count as censored (``ws.time_to_convert``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.routes.analytics_charts import histogram_chart, time_chart
from journeymap.web.routes.analytics_common import (
    LEVELS,
    answer,
    attempt,
    chart,
    choice,
    csv_of,
    csv_url,
    suggestions,
    text,
)
from journeymap.web.routes.overview_cache import kept_answer
from journeymap.web.security import viewer
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
PARTS = ("stats", "curve", "histogram", "trend")


@dataclass(frozen=True)
class TimeForm:
    level: str = ""
    start: str = ""
    end: str = ""
    by: str = ""


@kept_answer
def run_time(request: Request, form: TimeForm) -> Any:
    ws = request.app.state.workspace
    return ws.time_to_convert(level=choice(form.level, LEVELS, "level"),
                              start=text(form.start), end=text(form.end),
                              breakdown=text(form.by))


@router.get("/analytics/time-to-convert")
def time_page(request: Request, user: Annotated[User, Depends(viewer)], level: str = "",
              start: str = "", end: str = "", by: str = "") -> Response:
    form = TimeForm(level, start.strip(), end.strip(), by.strip())
    result, error = attempt(request, lambda: run_time(request, form))
    figures = []
    if result is not None:
        path = "/analytics/time-to-convert.csv"
        figures = [chart(time_chart(result), "chart-ttc-curve", "journeymap-time-to-convert",
                         csv_url(request, path, part="curve")),
                   chart(histogram_chart(result), "chart-ttc-histogram",
                         "journeymap-days-to-convert", csv_url(request, path, part="histogram"))]
    return answer(request, "analytics_time.html", "analytics_time_result.html", error=error,
                  form=form, result=result, figures=figures, levels=LEVELS,
                  suggest=suggestions(request))


@router.get("/analytics/time-to-convert.csv")
def time_csv(request: Request, user: Annotated[User, Depends(viewer)], level: str = "",
             start: str = "", end: str = "", by: str = "", part: str = "stats") -> Response:
    form = TimeForm(level, start.strip(), end.strip(), by.strip())

    def table() -> Any:
        which = choice(part, PARTS, "part")
        result = run_time(request, form)
        return result.table if which == "stats" else getattr(result, which).table

    return csv_of(request, table, f"journeymap-time-to-convert-{part}")

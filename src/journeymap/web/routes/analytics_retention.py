"""Retention: cohorts by the week or month of their start, and the share that came back in
each later period (``ws.retention``), as a heatmap and a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.labels import N_
from journeymap.web.routes.analytics_charts import retention_chart
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
    whole,
)
from journeymap.web.routes.overview_cache import kept_answer
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.users import User

router = APIRouter(include_in_schema=False)
PERIODS = (N_("week"), N_("month"))


@dataclass(frozen=True)
class RetentionForm:
    period: str = ""
    periods: str = ""
    level: str = ""
    start: str = ""
    returning: str = ""


@kept_answer
def run_retention(request: Request, form: RetentionForm) -> Any:
    ws = request.app.state.workspace
    return ws.retention(choice(form.period, PERIODS, "period"),
                        periods=whole(form.periods, 12, 1, 104, "periods",
                                              _("Periods")),
                        level=choice(form.level, LEVELS, "level"), start=text(form.start),
                        returning=text(form.returning))


def matrix(result: Any) -> tuple[list[int], list[dict[str, Any]]]:
    """(periods, one row per cohort with its size and rates by period) for the table."""
    cohorts: dict[Any, dict[str, Any]] = {}
    periods: list[int] = []
    for r in result.table.to_pylist():
        row = cohorts.setdefault(r["cohort"], {"cohort": r["cohort"], "size": r["size"],
                                               "rates": {}})
        row["rates"][r["period"]] = r["rate"]
        if r["period"] not in periods:
            periods.append(r["period"])
    return periods, list(cohorts.values())


@router.get("/analytics/retention")
def retention_page(request: Request, user: Annotated[User, Depends(viewer)], period: str = "",
                   periods: str = "", level: str = "", start: str = "", returning: str = ""
                   ) -> Response:
    form = RetentionForm(period, periods, level, start.strip(), returning.strip())
    result, error = attempt(request, lambda: run_retention(request, form))
    figure, table = None, ([], [])
    if result is not None:
        figure = chart(retention_chart(result), "chart-retention", "journeymap-retention",
                       csv_url(request, "/analytics/retention.csv"))
        table = matrix(result)
    return answer(request, "analytics_retention.html", "analytics_retention_result.html",
                  error=error, form=form, result=result, figure=figure, periods=table[0],
                  cohorts=table[1], period_choices=PERIODS, levels=LEVELS,
                  suggest=suggestions(request))


@router.get("/analytics/retention.csv")
def retention_csv(request: Request, user: Annotated[User, Depends(viewer)], period: str = "",
                  periods: str = "", level: str = "", start: str = "", returning: str = ""
                  ) -> Response:
    form = RetentionForm(period, periods, level, start.strip(), returning.strip())
    return csv_of(request, lambda: run_retention(request, form).table, "journeymap-retention")

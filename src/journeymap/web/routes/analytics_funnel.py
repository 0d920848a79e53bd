"""The funnel builder: steps (touchpoints, globs, ``stage:NAME``, filters), the order mode,
the window, the level and a breakdown; the answer is ``ws.funnel`` as a chart and a table
of steps with conversion, drop-off and the median time from the previous step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from journeymap.web.labels import N_
from journeymap.web.routes.analytics_charts import funnel_chart
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
ORDERS = (N_("ordered"), N_("strict"), N_("any"))


@dataclass(frozen=True)
class FunnelForm:
    """The builder's inputs as typed (blank steps dropped); ``submitted`` once any step
    was given."""

    steps: list[str] = field(default_factory=list)
    order: str = ""
    window: str = ""
    level: str = ""
    by: str = ""

    @property
    def submitted(self) -> bool:
        return bool(self.steps)

    @property
    def rows(self) -> list[str]:
        """The step inputs to show: the steps, at least two."""
        return self.steps + [""] * max(0, 2 - len(self.steps))


def funnel_form(step: list[str] | None, order: str, window: str, level: str, by: str
                ) -> FunnelForm:
    steps = [s.strip() for s in step or [] if s and s.strip()]
    return FunnelForm(steps, order, window.strip(), level, by.strip())


@kept_answer
def run_funnel(request: Request, form: FunnelForm) -> Any:
    """``ws.funnel`` for the form (an AnalysisError names a wrong input)."""
    ws = request.app.state.workspace
    return ws.funnel(form.steps, order=choice(form.order, ORDERS, "order"),
                     window=form.window or "30d", level=choice(form.level, LEVELS, "level"),
                     breakdown=text(form.by))


def step_groups(result: Any) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """The table's rows per breakdown value (one group without a breakdown)."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for row in result.table.to_pylist():
        groups.setdefault(row.get("breakdown"), []).append(row)
    return list(groups.items())


Step = Annotated[list[str] | None, Query()]


@router.get("/analytics/funnel")
def funnel_page(request: Request, user: Annotated[User, Depends(viewer)], step: Step = None,
                order: str = "", window: str = "", level: str = "", by: str = "") -> Response:
    form = funnel_form(step, order, window, level, by)
    result, error, figure = None, None, None
    if form.submitted:
        result, error = attempt(request, lambda: run_funnel(request, form))
    if result is not None:
        figure = chart(funnel_chart(result), "chart-funnel", "journeymap-funnel",
                       csv_url(request, "/analytics/funnel.csv"))
    return answer(request, "analytics_funnel.html", "analytics_funnel_result.html",
                  error=error, form=form, result=result, figure=figure,
                  groups=step_groups(result) if result is not None else [],
                  orders=ORDERS, levels=LEVELS, suggest=suggestions(request))


@router.get("/analytics/funnel.csv")
def funnel_csv(request: Request, user: Annotated[User, Depends(viewer)], step: Step = None,
               order: str = "", window: str = "", level: str = "", by: str = "") -> Response:
    form = funnel_form(step, order, window, level, by)
    return csv_of(request, lambda: run_funnel(request, form).table, "journeymap-funnel")

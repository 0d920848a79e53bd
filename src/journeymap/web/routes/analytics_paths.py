"""The paths explorer: what journeys do after (or before) a step, or from their first touch,
as a Sankey of the first steps and a table of the most common paths (``ws.paths``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from journeymap.web.labels import N_
from journeymap.web.routes.analytics_charts import sankey_chart
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
DIRECTIONS = (N_("after"), N_("before"))
STEP_BY = ("touchpoint", "channel", "source", "stage", "utm_campaign", "utm_source")


@dataclass(frozen=True)
class PathsForm:
    start: str = ""
    direction: str = ""
    depth: str = ""
    level: str = ""
    by: str = ""
    width: str = ""


@dataclass(frozen=True)
class Paths:
    """Top paths and the Sankey of the same counts."""

    paths: Any
    sankey: Any


@kept_answer
def run_paths(request: Request, form: PathsForm) -> Paths:
    ws = request.app.state.workspace
    width = whole(form.width, 8, 2, 20, "width", _("Names per column"))
    result = ws.paths(text(form.start), direction=choice(form.direction, DIRECTIONS, "direction"),
                      depth=whole(form.depth, 5, 2, 10, "depth", _("Depth (steps)")),
                      step_by=text(form.by) or "touchpoint",
                      level=choice(form.level, LEVELS, "level"), top=25)
    return Paths(result, result.sankey(top_per_step=width))


def paths_form(start: str, direction: str, depth: str, level: str, by: str, width: str
               ) -> PathsForm:
    return PathsForm(start.strip(), direction, depth, level, by.strip(), width)


@router.get("/analytics/paths")
def paths_page(request: Request, user: Annotated[User, Depends(viewer)], start: str = "",
               direction: str = "", depth: str = "", level: str = "", by: str = "",
               width: str = "") -> Response:
    form = paths_form(start, direction, depth, level, by, width)
    result, error = attempt(request, lambda: run_paths(request, form))
    figure = None
    if result is not None:
        figure = chart(sankey_chart(result.sankey, result.paths.spec.level), "chart-paths",
                       "journeymap-paths", csv_url(request, "/analytics/paths.csv",
                                                   part="flows"))
    return answer(request, "analytics_paths.html", "analytics_paths_result.html", error=error,
                  form=form, result=result, figure=figure, directions=DIRECTIONS,
                  levels=LEVELS, step_by=STEP_BY, suggest=suggestions(request))


@router.get("/analytics/paths.csv")
def paths_csv(request: Request, user: Annotated[User, Depends(viewer)], start: str = "",
              direction: str = "", depth: str = "", level: str = "", by: str = "",
              width: str = "", part: str = "paths") -> Response:
    form = paths_form(start, direction, depth, level, by, width)
    if part == "flows":
        return csv_of(request, lambda: run_paths(request, form).sankey.table,
                      "journeymap-path-flows")
    return csv_of(request, lambda: run_paths(request, form).paths.table, "journeymap-paths")

"""The overview dashboard: the workspace's headline figures on one page.

Its figures come from the derived tables, so each is computed once per build and kept (see
:mod:`overview_cache`), the charts' JSON once per build and language. The headline figures
and stage completion are read with the page; the stage funnel, the channel flows and the
friction points take seconds on millions of events, so until they are kept the page asks
for each with htmx (``/overview/part/NAME``) and shows it when it is ready. Maps due for
review live in the document store and are read on every load.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from journeymap.errors import AnalysisError, JourneymapError, NotBuiltError
from journeymap.progress import ProgressFn, silent
from journeymap.results import BuildResult
from journeymap.web.routes.analytics_charts import (
    channel_label,
    funnel_chart,
    sankey_chart,
    stage_chart,
)
from journeymap.web.routes.analytics_common import chart, locked
from journeymap.web.routes.overview_cache import keep, kept, per_build
from journeymap.web.security import viewer
from journeymap.web.templating import gettext as _
from journeymap.web.templating import language, render
from journeymap.web.users import User
from journeymap.workspace import Workspace

router = APIRouter(include_in_schema=False)
FLOW_DEPTH = 4
FLOW_WIDTH = 6
FUNNEL_WINDOW = "365d"
PARTS = ("funnel", "flows", "friction")


def headline(ws: Workspace) -> dict[str, Any] | None:
    """Summary and stage completion; None before the first build."""
    try:
        summary = ws.summary()
    except NotBuiltError:
        return None
    stages = ws.stages(level="account")
    return {"summary": summary, "stages": stages.to_dict(), "stage_result": stages}


def stage_funnel(ws: Workspace) -> Any:
    """The accounts' funnel through the configured stages (None with fewer than two)."""
    try:
        return ws.funnel([f"stage:{s}" for s in ws.settings.journeys.stages],
                         window=FUNNEL_WINDOW, level="account")
    except AnalysisError:
        return None


COMPUTE: dict[str, Callable[[Workspace], Any]] = {
    "funnel": stage_funnel,
    "flows": lambda ws: ws.paths(depth=FLOW_DEPTH, level="account", step_by="channel"
                                 ).sankey(top_per_step=FLOW_WIDTH),
    "friction": lambda ws: ws.friction(level="account", top=5).to_dict(),
}


#: The step a build job shows while it prepares the dashboard.
PREPARE_STEP = "dashboard"


def build_and_prepare(app: FastAPI, progress: ProgressFn = silent) -> BuildResult:
    """Build, then compute the dashboard for the new build in the same background job, so
    the first person to open it after a build does not wait (friction and channel flows
    take tens of seconds on ten million events). A part that cannot be computed is left
    to the page, which says why."""
    ws = app.state.workspace
    result = ws.build(progress=progress)
    values: dict[str, Callable[[], Any]] = {"overview": lambda: headline(ws)}
    values |= {f"overview:{name}": (lambda f=f: f(ws)) for name, f in COMPUTE.items()}
    for i, (name, compute) in enumerate(values.items()):
        progress(PREPARE_STEP, i, len(values))
        try:
            keep(app, name, compute)
        except JourneymapError:
            continue
    progress(PREPARE_STEP, len(values), len(values))
    return result


def links(ws: Workspace) -> dict[str, str]:
    """The same questions in the analytics pages (query strings), to explore further."""
    steps = [("step", f"stage:{s}") for s in ws.settings.journeys.stages]
    return {"funnel": urlencode([*steps, ("window", FUNNEL_WINDOW), ("level", "account")]),
            "flows": urlencode({"depth": FLOW_DEPTH, "level": "account", "by": "channel",
                                "width": FLOW_WIDTH})}


def shown(ws: Workspace, name: str, value: Any) -> dict[str, Any]:
    """A part as the page shows it, in the request's language."""
    query = links(ws)
    if name == "friction":
        return {"rows": value}
    if name == "funnel":
        if value is None:
            return {"chart": None}
        fig = funnel_chart(value)
        fig.update_layout(title_text=_("Stage funnel of accounts ({window})").format(
            window=FUNNEL_WINDOW))
        return {"chart": chart(fig, "chart-funnel", "journeymap-stage-funnel",
                               f"/analytics/funnel.csv?{query['funnel']}"),
                "link": f"/analytics/funnel?{query['funnel']}"}
    fig = sankey_chart(value, "account")
    nodes = value.nodes.to_dict() if value.nodes is not None else []
    end = _("(end)")
    fig.data[0].node.label = [  # channels in the reader's words
        f"{end if n['name'] == '(end)' else channel_label(n['name'])} ({n['actors']:,})"
        for n in nodes]
    fig.update_layout(title_text=_("Channel flows of accounts: the first {n} steps").format(
        n=FLOW_DEPTH))
    return {"chart": chart(fig, "chart-flows", "journeymap-channel-flows",
                           f"/analytics/paths.csv?{query['flows']}&part=flows"),
            "link": f"/analytics/paths?{query['flows']}"}


def part_view(request: Request, name: str, value: Any) -> dict[str, Any]:
    ws = request.app.state.workspace
    return per_build(request, f"overview:{name}:{language.get()}",
                     lambda: shown(ws, name, value))


def overview_data(request: Request) -> dict[str, Any]:
    """Everything the dashboard shows; ``built`` is False before the first build. A part
    not computed yet for this build is None (the page fetches it)."""
    ws = request.app.state.workspace
    due = locked(request, lambda: ws.maps.due().to_dict())
    data = per_build(request, "overview", lambda: headline(ws))
    if data is None:
        return {"built": False, "due": due}
    stages = per_build(request, f"overview:stages:{language.get()}", lambda: chart(
        stage_chart(data["stage_result"]), "chart-stages", "journeymap-stage-completion",
        "/analytics/stages.csv"))
    ready = kept(request, *(f"overview:{name}" for name in PARTS))
    parts = {name: part_view(request, name, ready[f"overview:{name}"])
             if f"overview:{name}" in ready else None for name in PARTS}
    return {"built": True, "summary": data["summary"], "stages": data["stages"],
            "stage_chart": stages, "parts_shown": parts, "due": due}


@router.get("/")
def overview(request: Request, user: Annotated[User, Depends(viewer)]) -> Response:
    return render(request, "overview.html", **overview_data(request))


@router.get("/overview/part/{name}")
def overview_part(request: Request, name: str, user: Annotated[User, Depends(viewer)]
                  ) -> Response:
    """One slow part of the dashboard, computed (once per build) when the page asks."""
    if name not in COMPUTE:
        raise HTTPException(404)
    ws = request.app.state.workspace
    value = per_build(request, f"overview:{name}", lambda: COMPUTE[name](ws))
    return render(request, "overview_part.html", name=name,
                  part=part_view(request, name, value))

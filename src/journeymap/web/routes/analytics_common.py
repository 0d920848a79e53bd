"""What every analytics page shares: reading the form, running an analysis under the
engine lock, answering with the whole page or (for htmx) only the result, charts as JSON
and result tables as CSV.

Analyses are questions, not changes, so their forms are GET requests: the address of a
result can be bookmarked and shared, and the CSV of a result is the same address with
``.csv``. A bad input (an unknown touchpoint, a window of "abc") is an
:class:`~journeymap.errors.AnalysisError` whose message is shown next to the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

import pyarrow as pa
from fastapi import Request
from markupsafe import Markup
from starlette.responses import Response

from journeymap.errors import AnalysisError, JourneymapError
from journeymap.schema import Tables
from journeymap.web.downloads import csv_response
from journeymap.web.errors import status_of
from journeymap.web.labels import N_
from journeymap.web.routes.overview_cache import per_build
from journeymap.web.templating import gettext as _
from journeymap.web.templating import number, render

T = TypeVar("T")
LEVELS = (N_("person"), N_("account"))


def is_partial(request: Request) -> bool:
    """An htmx request that wants only the result (not a history restore, which needs the
    whole page)."""
    return bool(request.headers.get("hx-request")) and not request.headers.get(
        "hx-history-restore-request")


def locked(request: Request, compute: Callable[[], T]) -> T:
    """Run ``compute`` while holding the engine lock (one DuckDB connection)."""
    with request.app.state.lock:
        return compute()


def attempt(request: Request, compute: Callable[[], T]) -> tuple[T | None, JourneymapError | None]:
    """(result, None) or (None, the error a user caused) — shown beside the form."""
    try:
        return locked(request, compute), None
    except JourneymapError as exc:
        return None, exc


def answer(request: Request, page: str, partial: str, *, error: JourneymapError | None = None,
           **context: Any) -> Response:
    """The whole page, or only the result for htmx; with an error, its status (400 for a
    wrong input, 409 before the first build) — the page's script lets htmx show it too."""
    status = status_of(error) if error is not None else 200
    response = render(request, partial if is_partial(request) else page, status_code=status,
                      error=error, query=request.url.query, duration=duration, **context)
    response.headers["Vary"] = "HX-Request"
    return response


def duration(seconds: float | None) -> str:
    """A time span as people say it, in the reader's language (45 s, 12 min, 3.5 h, 2.1 d)."""
    if seconds is None or seconds != seconds:  # None or NaN
        return "—"
    for size, unit in ((86_400, _("{n} d")), (3_600, _("{n} h")), (60, _("{n} min"))):
        if abs(seconds) >= size:
            return unit.format(n=number(seconds / size, 1))
    return _("{n} s").format(n=number(seconds))


# -- reading form values -------------------------------------------------------------------
def choice(value: str | None, allowed: tuple[str, ...], field: str) -> str:
    """``value`` if it is one of ``allowed`` (the first one when empty)."""
    if not value:
        return allowed[0]
    if value not in allowed:
        raise AnalysisError(_("'{value}' is not a choice for {field}").format(
            value=value, field=field), field=field, hint=", ".join(allowed))
    return value


def whole(value: str | None, default: int, low: int, high: int, field: str, label: str
          ) -> int:
    """A whole number between ``low`` and ``high`` (``default`` when empty); ``label`` is
    the field as the form names it."""
    if value is None or not value.strip():
        return default
    try:
        given: int | None = int(value.strip())
    except ValueError:
        given = None
    if given is None or not low <= given <= high:
        raise AnalysisError(_("{field} must be a whole number from {low} to {high}").format(
            field=label, low=low, high=high), field=field)
    return given


def decimal(value: str | None, default: float, low: float, high: float, field: str,
            label: str) -> float:
    """A number between ``low`` and ``high`` (``default`` when empty)."""
    if value is None or not value.strip():
        return default
    try:
        given: float | None = float(value.strip())
    except ValueError:
        given = None
    if given is None or not low <= given <= high:
        raise AnalysisError(_("{field} must be a number from {low} to {high}").format(
            field=label, low=low, high=high), field=field)
    return given


def text(value: str | None) -> str | None:
    """Trimmed text, None when blank."""
    return value.strip() or None if value else None


# -- charts and tables ---------------------------------------------------------------------
@dataclass(frozen=True)
class Chart:
    """A Plotly figure ready for a page: its JSON (safe inside ``<script>``), the id of its
    element, the file name of its PNG and the address of its data as CSV."""

    id: str
    json: Markup
    filename: str
    csv: str | None = None


def figure_json(fig: Any) -> Markup:
    """``fig`` as JSON that cannot end the ``<script type="application/json">`` holding it:
    ``<``, ``>`` and ``&`` appear only inside JSON strings, where ``\\u003c`` means the same."""
    raw = fig.to_json()
    return Markup(raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def chart(fig: Any, id: str, filename: str, csv: str | None = None) -> Chart:
    return Chart(id, figure_json(fig), filename, csv)


def csv_url(request: Request, path: str, **extra: str) -> str:
    """The address of a result's CSV: the page's own query with ``extra`` (``part=``)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in extra]
    items += list(extra.items())
    return f"{path}?{urlencode(items)}" if items else path


def csv_of(request: Request, compute: Callable[[], pa.Table], name: str) -> Response:
    """The CSV of a result; a wrong input raises, and the app's error page says why."""
    return csv_response(locked(request, compute), name)


# -- what the forms suggest ----------------------------------------------------------------
@dataclass(frozen=True)
class Suggestions:
    """Datalist entries: touchpoints (most frequent first), ``stage:NAME`` steps, and the
    fields an analysis can be broken down by."""

    touchpoints: list[str]
    stages: list[str]
    breakdowns: list[str]
    journey_breakdowns: list[str]


EVENT_FIELDS = ["channel", "source", "utm_source", "utm_medium", "utm_campaign"]


def suggestions(request: Request) -> Suggestions:
    """What the workspace has, kept per build (a scan of the touches)."""

    def compute() -> Suggestions:
        ws = request.app.state.workspace
        engine = ws.engine
        stages = [f"stage:{s}" for s in ws.settings.journeys.stages]
        if not engine.has(Tables.touches) or not engine.has(Tables.accounts):
            return Suggestions([], stages, [], [])
        t = engine.table(Tables.touches)
        t = t.filter(t.touchpoint.notnull())
        counted = t.group_by("touchpoint").aggregate(n=t.count())
        counted = counted.order_by([counted.n.desc(), counted.touchpoint]).limit(500)
        names = engine.to_arrow(counted).column("touchpoint").to_pylist()
        accounts = [f"account.{c}" for c in engine.table(Tables.accounts).columns
                    if c not in ("account_id", "name", "domain", "persons")]
        journeys = ["journey.first_channel", "journey.first_touchpoint",
                    "journey.current_stage"]
        return Suggestions(names, stages, [*EVENT_FIELDS, *journeys, *accounts],
                           [*journeys, *accounts])

    return per_build(request, "suggestions", compute)

"""The analyses' Plotly figures as the web app shows them: titles, axes and series in the
reader's language, the app's fonts and colours, room for the modebar. The numbers are the
figures' own (``result.figure()``); only words and looks change here."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from journeymap.web.friction_words import friction_where
from journeymap.web.templating import gettext as _
from journeymap.web.templating import number, percent

FONT = ('system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Noto Sans CJK KR", '
        '"Apple SD Gothic Neo", "Malgun Gothic", sans-serif')
COLOURS = ["#3b4fd8", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]


def prefixed(prefix: str, value: str | None) -> str:
    """The reader's word for a data value marked as ``prefix:value`` in the catalogue (the
    prefix keeps, say, the channel "support" apart from the map lane "support"); values
    without a translation are shown as they are."""
    if not value:
        return "—"
    key = f"{prefix}:{value}"
    word = _(key)
    return value if word == key else word


def kind_label(kind: str | None) -> str:
    return prefixed("friction", kind)


def channel_label(channel: str | None) -> str:
    return prefixed("channel", channel or "other")


def level_word(level: str) -> str:
    return _("accounts") if level == "account" else _("people")


def styled(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font={"family": FONT, "size": 12, "color": "#1f2430"}, colorway=COLOURS,
        height=height, margin={"l": 60, "r": 24, "t": 56, "b": 48},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        legend={"orientation": "h", "y": -0.15, "x": 0})
    fig.update_xaxes(gridcolor="#eef0f5", zerolinecolor="#dfe3ea")
    fig.update_yaxes(gridcolor="#eef0f5", zerolinecolor="#dfe3ea")
    return fig


def _name_all(fig: go.Figure) -> None:
    for trace in fig.data:
        if trace.name == "all":
            trace.name = _("all")


def step_label(name: str) -> str:
    """A step as the chart names it: ``stage:decision`` in the reader's words."""
    return _(name[len("stage:"):]) if name.startswith("stage:") else name


def funnel_chart(result: Any) -> go.Figure:
    """Bars say how many entered and their share of the first step; the drop-off is in the
    hover text and the table."""
    fig = result.figure()
    level = result.spec.level if result.spec else "person"
    _name_all(fig)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in result.table.to_pylist():
        groups.setdefault(row.get("breakdown") or "", []).append(row)
    for trace, rows in zip(fig.data, groups.values(), strict=False):
        trace.y = [f"{r['step']}. {step_label(r['name'])}" for r in rows]
        trace.text = [" · ".join(p for p in (
            number(r["entered"]), _("{share} of step 1").format(
                share=percent(r["conversion_from_first"])),
            _("{n} dropped").format(n=number(r["dropped"])) if r["dropped"] else "") if p)
            for r in rows]
        trace.textposition = "auto"
        trace.cliponaxis = False
        trace.hovertemplate = "%{y}<br>%{text}<extra>" + (trace.name or "") + "</extra>"
    fig.update_layout(xaxis_title=level_word(level), uniformtext={"minsize": 10,
                                                                  "mode": "hide"})
    rows = max(len(result.spec.steps) if result.spec else 3, 2)
    return styled(fig, _("Funnel of {who}").format(who=level_word(level)),
                  height=140 + 70 * rows)


STAGE_SERIES = {"reached": lambda: _("Reached"), "moved on": lambda: _("Moved on"),
                "reached (previous period)": lambda: _("Reached (previous period)")}


def stage_chart(result: Any) -> go.Figure:
    fig = result.figure()
    for trace in fig.data:
        trace.x = [_(x) for x in trace.x]
        if trace.name in STAGE_SERIES:
            label = STAGE_SERIES[trace.name]()
            trace.name = label
            trace.hovertemplate = "%{x}: %{y:.1%}<extra>" + label + "</extra>"
    level = result.spec.level if result.spec else "account"
    return styled(fig, _("Stage completion of {who}").format(who=level_word(level)),
                  height=360)


def sankey_chart(sankey: Any, level: str) -> go.Figure:
    fig = sankey.figure()
    return styled(fig, _("Paths of {who}").format(who=level_word(level)), height=520)


def time_chart(result: Any) -> go.Figure:
    fig = result.figure()
    _name_all(fig)
    for trace in fig.data:
        trace.hovertemplate = (_("day %{x}: %{y:.1%} converted") + "<extra>"
                               + (trace.name or "") + "</extra>")
    fig.update_layout(xaxis_title=_("days since start"),
                      yaxis_title=_("converted (Kaplan-Meier)"))
    return styled(fig, _("Cumulative conversion over time"))


def histogram_chart(result: Any) -> go.Figure:
    """Converters per bucket of days on a day axis (empty buckets stay visible as gaps),
    one series per breakdown value."""
    rows = result.histogram.to_dict() if result.histogram is not None else []
    fig = go.Figure()
    for name in sorted({r["breakdown"] for r in rows}):
        mine = [r for r in rows if r["breakdown"] == name]
        label = _("all") if name == "all" else name
        fig.add_trace(go.Bar(
            x=[(r["from_day"] + r["to_day"]) / 2 for r in mine], y=[r["journeys"] for r in mine],
            width=[r["to_day"] - r["from_day"] for r in mine], name=label,
            customdata=[f"{r['from_day']}–{r['to_day']}" for r in mine],
            marker={"line": {"color": "#ffffff", "width": 1}},
            hovertemplate=_("days %{customdata}: %{y}") + "<extra>" + label + "</extra>"))
    fig.update_layout(barmode="overlay" if len(fig.data) > 1 else "relative",
                      showlegend=len(fig.data) > 1, xaxis_title=_("days to convert"),
                      yaxis={"title": _("converted journeys"), "tickformat": ",d",
                             "rangemode": "tozero"})
    return styled(fig, _("Days to convert"), height=380)


def retention_chart(result: Any) -> go.Figure:
    fig = result.figure()
    fig.update_traces(colorbar={"tickformat": ".0%", "thickness": 14})
    period = result.spec.period if result.spec else "week"
    fig.update_layout(xaxis_title=_("weeks after start") if period == "week"
                      else _("months after start"))
    rows = len({r["cohort"] for r in result.table.select(["cohort"]).to_pylist()})
    return styled(fig, _("Return rate by cohort"), height=max(320, 120 + 28 * rows))


def friction_chart(rows: list[dict[str, Any]]) -> go.Figure:
    """Estimated lost conversions per friction point, largest on top."""
    rows = rows[:12]
    labels = [f"{r['rank']}. {kind_label(r['kind'])} · {friction_where(r)}" for r in rows]
    fig = go.Figure(go.Bar(
        x=[r["lost_conversions"] for r in rows], y=labels, orientation="h",
        marker={"color": COLOURS[3]},
        text=[number(r["lost_conversions"], 1) for r in rows], textposition="auto",
        hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_layout(yaxis={"autorange": "reversed", "automargin": True},
                      xaxis_title=_("estimated lost conversions"))
    return styled(fig, _("Where journeys are lost"), height=max(300, 90 + 34 * len(rows)))

"""Stage-completion bars: the share of journeys that reached each stage and the share that
moved on from it, with the previous period beside them when there is one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from journeymap.analytics.stages import StageResult


def stage_figure(result: StageResult) -> go.Figure:
    rows = result.to_dict()
    names = [r["stage"] for r in rows]
    fig = go.Figure()
    series = [("share_reached", "reached"), ("share_moved_on", "moved on")]
    if rows and "previous_share_reached" in rows[0]:
        series += [("previous_share_reached", "reached (previous period)")]
    for key, label in series:
        fig.add_trace(go.Bar(x=names, y=[r[key] for r in rows], name=label,
                             hovertemplate="%{x}: %{y:.1%}<extra>" + label + "</extra>"))
    fig.update_layout(title=result.title, barmode="group", yaxis={"tickformat": ".0%"},
                      font={"family": "Noto Sans CJK KR, Noto Sans KR, sans-serif"})
    return fig

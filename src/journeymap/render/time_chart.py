"""The time-to-convert curve: cumulative share converted after d days (1 - Kaplan-Meier),
one line per breakdown value, so censored open journeys do not bias the picture."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from journeymap.analytics.time_to_convert import TimeToConvertResult


def time_to_convert_figure(result: TimeToConvertResult) -> go.Figure:
    fig = go.Figure()
    points = result.curve.to_dict() if result.curve else []
    for name in sorted({p["breakdown"] for p in points}):
        mine = [p for p in points if p["breakdown"] == name]
        fig.add_trace(go.Scatter(
            x=[0] + [p["day"] for p in mine], y=[0.0] + [1 - p["survival"] for p in mine],
            mode="lines", line_shape="hv", name=name,
            hovertemplate="day %{x}: %{y:.1%} converted<extra>" + name + "</extra>"))
    fig.update_layout(title=result.title, xaxis_title="days since start",
                      yaxis={"title": "converted (Kaplan-Meier)", "tickformat": ".0%"},
                      font={"family": "Noto Sans CJK KR, Noto Sans KR, sans-serif"})
    return fig

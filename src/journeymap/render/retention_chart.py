"""The retention heatmap: one row per cohort, one column per period, colour = rate."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from journeymap.analytics.retention import RetentionResult


def retention_figure(result: RetentionResult) -> go.Figure:
    m = result.matrix()
    labels = [f"{c} (n={s:,})" for c, s in m.index]
    fig = go.Figure(go.Heatmap(
        z=m.to_numpy(), x=[str(p) for p in m.columns], y=labels, colorscale="Blues",
        zmin=0, zmax=1, text=[["" if v != v else f"{v:.0%}" for v in row] for row in m.to_numpy()],
        texttemplate="%{text}", hovertemplate="%{y}<br>period %{x}: %{z:.1%}<extra></extra>"))
    period = result.spec.period if result.spec else "period"
    fig.update_layout(title=result.title, xaxis_title=f"{period}s after start",
                      yaxis={"autorange": "reversed"},
                      font={"family": "Noto Sans CJK KR, Noto Sans KR, sans-serif"})
    return fig

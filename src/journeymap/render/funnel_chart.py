"""The funnel chart: bars per step with conversion from the first step and the drop-off
from the previous one, so the biggest leak is visible without reading the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from journeymap.analytics.funnel_result import FunnelResult


def _hover(row: dict) -> str:
    parts = [f"{row['entered']:,}"]
    if row["conversion_from_first"] is not None:
        parts.append(f"{row['conversion_from_first']:.1%} of step 1")
    if row["dropped"]:
        parts.append(f"−{row['dropped']:,} dropped")
    return " · ".join(parts)


def funnel_figure(result: FunnelResult) -> go.Figure:
    """A ``go.Funnel`` per breakdown value (one when there is no breakdown)."""
    rows = result.table.to_pylist()
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row.get("breakdown") or "", []).append(row)
    fig = go.Figure()
    for name, steps in groups.items():
        fig.add_trace(go.Funnel(
            name=name or "all",
            y=[f"{r['step']}. {r['name']}" for r in steps],
            x=[r["entered"] for r in steps],
            text=[_hover(r) for r in steps],
            textinfo="text",
            hovertemplate="%{y}<br>%{text}<extra>" + (name or "") + "</extra>",
        ))
    level = result.spec.level if result.spec else "person"
    fig.update_layout(title=result.title, showlegend=len(groups) > 1,
                      yaxis_title=None, xaxis_title=f"{level}s",
                      font={"family": "Noto Sans CJK KR, Noto Sans KR, sans-serif"})
    return fig

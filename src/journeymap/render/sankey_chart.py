"""The Sankey diagram of paths: one column per step, drop-offs flowing to "(end)"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from journeymap.analytics.sankey import SankeyResult


def sankey_figure(result: SankeyResult) -> go.Figure:
    nodes = result.nodes.to_dict() if result.nodes else []
    index = {(n["step"], n["name"]): i for i, n in enumerate(nodes)}
    links = result.table.to_pylist()
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [f"{n['name']} ({n['actors']:,})" for n in nodes], "pad": 12,
              "color": ["#bbbbbb" if n["name"] == "(end)" else "#4c78a8" for n in nodes]},
        link={"source": [index[(lk["step"], lk["source"])] for lk in links],
              "target": [index[(lk["step"] + 1, lk["target"])] for lk in links],
              "value": [lk["actors"] for lk in links]},
    ))
    fig.update_layout(title=result.title,
                      font={"family": "Noto Sans CJK KR, Noto Sans KR, sans-serif"})
    return fig

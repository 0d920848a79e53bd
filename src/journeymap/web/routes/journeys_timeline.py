"""A journey's touches as a reader follows them: days in the workspace time zone, stage
bands (a new band whenever the stage changes), a channel icon per touch, and the journey's
touches per month by channel as a chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import plotly.graph_objects as go

from journeymap.web.labels import N_
from journeymap.web.routes.analytics_charts import COLOURS, channel_label, styled
from journeymap.web.templating import gettext as _

#: Standard channels (see journeymap.pipeline.channels) and the icon each is drawn with;
#: any other channel gets the "other" icon.
CHANNEL_ICONS = {
    "organic_search": "search", "paid_search": "search", "paid_social": "ad", "display": "ad",
    "organic_social": "social", "email": "mail", "direct": "direct", "referral": "link",
    "webinar": "webinar", "event": "event", "sales": "sales", "support": "support",
    "survey": "survey", "partner": "partner", "affiliate": "partner", "other": "other",
}
#: Their names in the catalogue (see ``channel_label``).
CHANNEL_WORDS = [
    N_("channel:organic_search"), N_("channel:paid_search"), N_("channel:paid_social"),
    N_("channel:display"), N_("channel:organic_social"), N_("channel:email"),
    N_("channel:direct"), N_("channel:referral"), N_("channel:webinar"), N_("channel:event"),
    N_("channel:sales"), N_("channel:support"), N_("channel:survey"), N_("channel:partner"),
    N_("channel:affiliate"), N_("channel:other"),
]


def channel_icon(channel: str | None) -> str:
    return CHANNEL_ICONS.get(channel or "", "other")


def _utc(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


@dataclass
class Day:
    """Touches of one local day."""

    day: date
    first: datetime
    touches: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Band:
    """Consecutive touches in one stage."""

    stage: str | None
    order: int
    days: list[Day] = field(default_factory=list)
    count: int = 0


def bands(touches: list[dict[str, Any]], timezone: str) -> list[Band]:
    """Touches (in time order) grouped into stage bands, and within a band by local day."""
    zone = ZoneInfo(timezone)
    out: list[Band] = []
    for touch in touches:
        local = _utc(touch["ts"]).astimezone(zone)
        touch = {**touch, "icon": channel_icon(touch.get("channel"))}
        if not out or out[-1].stage != touch.get("stage"):
            out.append(Band(touch.get("stage"), touch.get("stage_order") or 0))
        band = out[-1]
        if not band.days or band.days[-1].day != local.date():
            band.days.append(Day(local.date(), touch["ts"]))
        band.days[-1].touches.append(touch)
        band.count += 1
    return out


def channel_mix(touches: list[dict[str, Any]]) -> list[tuple[str, int, float]]:
    """(channel, touches, share) most used first."""
    counts = Counter(t.get("channel") or "other" for t in touches)
    total = sum(counts.values()) or 1
    return [(c, n, n / total) for c, n in counts.most_common()]


def people(touches: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """People of an account journey by their touches, most active first."""
    counts = Counter(t["person_id"] for t in touches if t.get("person_id"))
    return counts.most_common()


def touches_chart(touches: list[dict[str, Any]], timezone: str) -> go.Figure:
    """Touches per month (workspace time zone), stacked by channel."""
    zone = ZoneInfo(timezone)
    counts: Counter[tuple[str, str]] = Counter()
    for t in touches:
        month = _utc(t["ts"]).astimezone(zone).strftime("%Y-%m-01")
        counts[(t.get("channel") or "other", month)] += 1
    months = sorted({m for _c, m in counts})
    fig = go.Figure()
    for i, (channel, _n, _s) in enumerate(channel_mix(touches)):
        label = channel_label(channel)
        fig.add_trace(go.Bar(x=months, y=[counts.get((channel, m), 0) for m in months],
                             name=label, marker={"color": COLOURS[i % len(COLOURS)]},
                             hovertemplate="%{x|%Y-%m}: %{y}<extra>" + label + "</extra>"))
    fig.update_layout(barmode="stack", xaxis={"type": "date", "tickformat": "%Y-%m"},
                      yaxis={"title": _("touches"), "tickformat": ",d"})
    styled(fig, _("Touches per month by channel"), height=400)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0})
    return fig

"""What goes into one cell of a journey map: typed items, their bindings and comments.

A cell (one stage x one lane) holds a list of items. Each lane kind accepts some item kinds
(an emotions lane takes emotion points, a KPI lane takes KPIs ...); ``LANE_ITEMS`` is the one
table that says which, so validation, templates, imports and the canvas agree.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool | None


class Strict(BaseModel):
    """Map documents refuse unknown fields: a typo must not vanish silently."""

    model_config = ConfigDict(extra="forbid")


class Binding(Strict):
    """A number on the map that comes from a stored analytics query.

    ``metric`` names the query (see ``journeymap.maps.bindings.METRICS``) and ``params`` its
    arguments; ``value`` is the last refreshed result (counts, ratios 0-1, days or scores),
    ``previous`` the value before that refresh (so a map shows its change), ``reviewed`` the
    value when the map was last reviewed (so ``maps due`` can flag metrics that moved).
    """

    metric: str
    params: dict[str, Scalar] = Field(default_factory=dict)
    value: float | None = None
    refreshed_at: datetime | None = None
    previous: float | None = None
    reviewed: float | None = None

    @property
    def change(self) -> float | None:
        """Value minus the value before the latest refresh (None until both exist)."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


class Comment(Strict):
    """A remark on a cell, as in the comment threads of mapping tools."""

    author: str
    at: datetime
    text: str = Field(min_length=1)


class TextItem(Strict):
    """Free text: an action, a thought, a channel name, a backstage process ..."""

    kind: Literal["text"] = "text"
    text: str = Field(min_length=1)
    binding: Binding | None = None


class TouchpointItem(Strict):
    """A touchpoint, optionally bound to its event volume (``name`` is the touchpoint glob)."""

    kind: Literal["touchpoint"] = "touchpoint"
    name: str = Field(min_length=1)
    channel: str | None = None
    binding: Binding | None = None


class EmotionItem(Strict):
    """A point of the emotion curve: -2 (very negative) to +2 (very positive)."""

    kind: Literal["emotion"] = "emotion"
    score: float = Field(ge=-2, le=2)
    label: str = ""
    binding: Binding | None = None


class PainPointItem(Strict):
    """A pain point; ``severity`` 1 (minor) to 5 (blocks the journey)."""

    kind: Literal["pain_point"] = "pain_point"
    text: str = Field(min_length=1)
    severity: int | None = Field(None, ge=1, le=5)
    binding: Binding | None = None


class OpportunityStatus(StrEnum):
    idea = "idea"
    planned = "planned"
    in_progress = "in_progress"
    done = "done"


class OpportunityItem(Strict):
    """An improvement idea, prioritised by impact and effort (1 low - 5 high)."""

    kind: Literal["opportunity"] = "opportunity"
    description: str = Field(min_length=1)
    impact: int = Field(3, ge=1, le=5)
    effort: int = Field(3, ge=1, le=5)
    owner: str | None = None
    status: OpportunityStatus = OpportunityStatus.idea
    target_kpi: str | None = None


class KpiItem(Strict):
    """A KPI of the stage: a bound value, or a hand-entered one, with an optional target."""

    kind: Literal["kpi"] = "kpi"
    name: str = Field(min_length=1)
    value: float | None = None
    target: float | None = None
    unit: str = ""
    binding: Binding | None = None

    @property
    def current(self) -> float | None:
        """The bound value when there is one, else the hand-entered value."""
        return self.binding.value if self.binding is not None else self.value


Item = Annotated[
    TextItem | TouchpointItem | EmotionItem | PainPointItem | OpportunityItem | KpiItem,
    Field(discriminator="kind"),
]


class LaneKind(StrEnum):
    """Rows of a map; the last five are the service-blueprint rows."""

    actions = "actions"
    touchpoints = "touchpoints"
    channels = "channels"
    thoughts = "thoughts"
    emotions = "emotions"
    pain_points = "pain_points"
    opportunities = "opportunities"
    kpis = "kpis"
    custom = "custom"
    evidence = "evidence"
    frontstage = "frontstage"
    line_of_visibility = "line_of_visibility"
    backstage = "backstage"
    support = "support"


LANE_ITEMS: dict[LaneKind, frozenset[str]] = {
    kind: frozenset({"text"}) for kind in LaneKind
} | {
    LaneKind.touchpoints: frozenset({"touchpoint", "text"}),
    LaneKind.emotions: frozenset({"emotion"}),
    LaneKind.pain_points: frozenset({"pain_point", "text"}),
    LaneKind.opportunities: frozenset({"opportunity"}),
    LaneKind.kpis: frozenset({"kpi"}),
    LaneKind.line_of_visibility: frozenset(),
}


def item_text(item: Any) -> str:
    """The one-line text of any item, for grids, outlines and diffs."""
    match item.kind:
        case "text" | "pain_point":
            return item.text
        case "touchpoint":
            return item.name + (f" ({item.channel})" if item.channel else "")
        case "emotion":
            return f"{item.score:+g} {item.label}".strip()
        case "opportunity":
            return item.description
        case _:
            return item.name

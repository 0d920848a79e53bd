"""Where everything of a journey map goes on the canvas (CSS pixels, origin top left).

Stages are columns and lanes are rows. The layout wraps every text once, sizes each lane
row to its tallest cell across *all* stages (so pages of a split map line up) and places
the emotion curve: one point per stage at the mean score of the stage's emotion items,
``y`` running from +2 at the top to -2 at the bottom of the emotions lane. Drawing
(``map_svg``) reads only this object and the document, and tests check geometry with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from journeymap.maps.items import LaneKind
from journeymap.maps.model import JourneyMap, Lane, Stage
from journeymap.render.map_header import Header, layout_header
from journeymap.render.map_labels import bound_text
from journeymap.render.map_text import wrap

MARGIN = 28
LANE_HEADER_W = 184
MIN_COLUMN_W = 250
MIN_CANVAS_W = 980
CELL_PAD = 10
CARD_PAD = 8
CARD_GAP = 8
FONT, LINE_H = 13, 18
SMALL, SMALL_H = 11, 15
BADGE = 26  # room left of a card's text for its channel badge
EMOTION_ROW_H, EMOTION_PAD = 190, 40
LINE_OF_VISIBILITY_H = 44
MIN_ROW_H = 58
STAGE_NAME, STAGE_DESC = 15, 11


@dataclass(frozen=True)
class Column:
    stage: Stage
    index: int  # position of the stage in the whole map (0-based)
    x: float
    width: float

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Row:
    lane: Lane
    y: float
    height: float


@dataclass(frozen=True)
class Card:
    """One item drawn as a card; ``lines`` is its main text, wrapped."""

    item: Any
    stage: str
    lane: str
    style: str  # text, thought, channel, touchpoint, pain_point, opportunity, kpi
    x: float
    y: float
    width: float
    height: float
    lines: list[str]


@dataclass(frozen=True)
class EmotionPoint:
    stage: str
    lane: str
    score: float  # mean of the stage's emotion items, -2..+2
    labels: list[str]
    x: float
    y: float


@dataclass
class MapLayout:
    width: float
    height: float
    header: Header
    stage_row_y: float
    stage_row_h: float
    columns: list[Column]
    rows: list[Row]
    stage_names: dict[str, list[str]] = field(default_factory=dict)
    stage_descriptions: dict[str, list[str]] = field(default_factory=dict)
    cards: list[Card] = field(default_factory=list)
    emotion_points: list[EmotionPoint] = field(default_factory=list)

    @property
    def grid_left(self) -> float:
        return MARGIN + LANE_HEADER_W

    @property
    def grid_right(self) -> float:
        return self.columns[-1].x + self.columns[-1].width if self.columns else self.grid_left

    @property
    def grid_bottom(self) -> float:
        return self.rows[-1].y + self.rows[-1].height if self.rows else self.stage_row_y + \
            self.stage_row_h

    def column(self, stage: str) -> Column:
        return next(c for c in self.columns if c.stage.id == stage)

    def row(self, lane: str) -> Row:
        return next(r for r in self.rows if r.lane.id == lane)

    def emotion_y(self, lane: str, score: float) -> float:
        """The canvas ``y`` of an emotion ``score`` in the emotions lane ``lane``."""
        row = self.row(lane)
        return row.y + EMOTION_PAD + (2 - score) / 4 * (row.height - 2 * EMOTION_PAD)


def layout_map(doc: JourneyMap, stages: list[str] | None = None) -> MapLayout:
    """Lay out ``doc``, or only the stages with ids ``stages`` (a page of a split map)."""
    shown = [s for s in doc.stages if stages is None or s.id in stages]
    column_w = max(MIN_COLUMN_W, (MIN_CANVAS_W - 2 * MARGIN - LANE_HEADER_W) / max(len(shown), 1))
    width = 2 * MARGIN + LANE_HEADER_W + column_w * len(shown)
    header = layout_header(doc, MARGIN, MARGIN, width - 2 * MARGIN)
    index = {s.id: n for n, s in enumerate(doc.stages)}
    columns = [Column(s, index[s.id], MARGIN + LANE_HEADER_W + n * column_w, column_w)
               for n, s in enumerate(shown)]
    text_w = column_w - 2 * CELL_PAD
    names = {s.id: wrap(s.name, text_w - 28, STAGE_NAME, bold=True, max_lines=2)
             for s in doc.stages}
    descriptions = {s.id: wrap(s.description, text_w - 28, STAGE_DESC, max_lines=2)
                    if s.description else [] for s in doc.stages}
    stage_h = max([36 + LINE_H * len(names[s.id]) + SMALL_H * len(descriptions[s.id])
                   for s in doc.stages] or [56])
    layout = MapLayout(width, 0, header, header.bottom + 20, stage_h, columns, [],
                       names, descriptions)
    y = layout.stage_row_y + stage_h + 8
    for lane in doc.lanes:
        stacks = {s.id: _stack(doc, s.id, lane, text_w) for s in doc.stages}
        height = _row_height(lane, stacks)
        layout.rows.append(Row(lane, y, height))
        for column in columns:
            card_y = y + CELL_PAD
            for style, item, lines, h in stacks[column.stage.id]:
                layout.cards.append(Card(item, column.stage.id, lane.id, style,
                                         column.x + CELL_PAD, card_y, text_w, h, lines))
                card_y += h + CARD_GAP
        y += height
    layout.height = y + MARGIN + 16
    for lane in doc.lanes_of(LaneKind.emotions):
        for column in columns:
            emotions = doc.items(column.stage.id, lane.id)
            if emotions:
                score = fmean(e.score for e in emotions)
                layout.emotion_points.append(EmotionPoint(
                    column.stage.id, lane.id, score, [e.label for e in emotions if e.label],
                    column.center, layout.emotion_y(lane.id, score)))
    return layout


Stacked = tuple[str, Any, list[str], float]  # style, item, wrapped lines, card height


def _row_height(lane: Lane, stacks: dict[str, list[Stacked]]) -> float:
    if lane.kind == LaneKind.emotions:
        return EMOTION_ROW_H
    if lane.kind == LaneKind.line_of_visibility:
        return LINE_OF_VISIBILITY_H
    tallest = max((sum(h for *_, h in stack) + CARD_GAP * (len(stack) - 1)
                   for stack in stacks.values() if stack), default=0)
    return max(MIN_ROW_H, tallest + 2 * CELL_PAD)


def _stack(doc: JourneyMap, stage: str, lane: Lane, width: float) -> list[Stacked]:
    """The cards of one cell, top to bottom (emotion items are drawn as the curve)."""
    return [_card(item, lane.kind, width) for item in doc.items(stage, lane.id)
            if item.kind != "emotion"]


def _card(item: Any, lane_kind: LaneKind, width: float) -> Stacked:
    inner = width - 2 * CARD_PAD
    if item.kind == "kpi":
        lines = wrap(item.name, inner, SMALL, bold=True, max_lines=2)
        meta = item.target is not None or (item.binding and item.binding.refreshed_at)
        return "kpi", item, lines, 2 * CARD_PAD + SMALL_H * (len(lines) + bool(meta)) + 30
    if item.kind == "touchpoint" or lane_kind == LaneKind.channels:
        name = item.name if item.kind == "touchpoint" else item.text
        lines = wrap(name, inner - BADGE, FONT, max_lines=3)
        extra = SMALL_H if item.kind == "touchpoint" and item.channel else 0
        extra += SMALL_H if item_bound_text(item) else 0
        style = "touchpoint" if item.kind == "touchpoint" else "channel"
        return style, item, lines, max(34, 2 * CARD_PAD + LINE_H * len(lines) + extra)
    if item.kind == "opportunity":
        lines = wrap(item.description, inner, FONT)
        return "opportunity", item, lines, 2 * CARD_PAD + LINE_H * len(lines) + 24 + SMALL_H
    text = item.text
    lines = wrap(text, inner - (4 if lane_kind == LaneKind.pain_points else 0), FONT)
    style = {LaneKind.pain_points: "pain_point", LaneKind.thoughts: "thought"}.get(
        lane_kind, "text")
    extra = SMALL_H + 4 if getattr(item, "severity", None) else 0
    extra += SMALL_H if item_bound_text(item) else 0
    return style, item, lines, 2 * CARD_PAD + LINE_H * len(lines) + extra


def item_bound_text(item: Any, language: str = "en") -> str:
    """The bound value line of a card (empty for items without a bound value)."""
    return bound_text(getattr(item, "binding", None), language)


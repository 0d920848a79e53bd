"""A journey map as an SVG canvas: stages as columns, lanes as rows, cell items as cards,
the emotion curve across the stages, channel glyphs, highlighted pain points and
opportunities, bound KPIs with their change and a blueprint's line of visibility.

The SVG is the one drawing of a map: PNG, PDF and PPTX exports render it with cairosvg.
Text is set in ``Noto Sans CJK KR`` first (cairosvg uses only the first family), so Korean
maps render in a real Hangul font.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from journeymap.maps.items import LaneKind
from journeymap.maps.model import JourneyMap
from journeymap.render.map_cards import INK, MUTED, draw_card, text_lines
from journeymap.render.map_glyphs import el, emotion_colour
from journeymap.render.map_header import BOX_PAD, HEADING_H, TITLE, TITLE_H, Header
from journeymap.render.map_labels import display_zone
from journeymap.render.map_layout import (
    LANE_HEADER_W,
    LINE_H,
    MARGIN,
    SMALL_H,
    STAGE_DESC,
    STAGE_NAME,
    MapLayout,
    layout_map,
)
from journeymap.render.map_text import FONT_FAMILY, text_width, truncate

SVG_NS = "http://www.w3.org/2000/svg"
CURVE = "#7048e8"  # the emotion curve and its dots
STAGE_FILLS = ("#364fc7", "#4263eb")
GRID, ROW_FILLS = "#dee2e6", ("#ffffff", "#f8f9fb")
LANE_COLOURS: dict[LaneKind, str] = {
    LaneKind.actions: "#1971c2", LaneKind.touchpoints: "#0c8599",
    LaneKind.channels: "#6741d9", LaneKind.thoughts: "#f08c00",
    LaneKind.emotions: CURVE, LaneKind.pain_points: "#e03131",
    LaneKind.opportunities: "#2f9e44", LaneKind.kpis: "#364fc7",
    LaneKind.custom: "#495057", LaneKind.evidence: "#5c940d",
    LaneKind.frontstage: "#1098ad", LaneKind.line_of_visibility: "#868e96",
    LaneKind.backstage: "#5f3dc4", LaneKind.support: "#495057",
}



def map_to_svg(doc: JourneyMap, stages: list[str] | None = None, tz: str | None = None) -> str:
    """The SVG document of ``doc`` (or of the stages with ids ``stages``); times print in
    ``tz`` (default: Asia/Seoul for a Korean map, else UTC)."""
    return ET.tostring(map_svg_element(doc, layout_map(doc, stages), tz), encoding="unicode")


def write_svg(doc: JourneyMap, path: str | Path, tz: str | None = None) -> Path:
    """Write the SVG of ``doc`` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(map_to_svg(doc, tz=tz), encoding="utf-8")
    return path


def map_svg_element(doc: JourneyMap, layout: MapLayout, tz: str | None = None) -> ET.Element:
    """The ``<svg>`` root of a laid-out map, for callers that compose pages."""
    root = ET.Element("svg", {"xmlns": SVG_NS, "version": "1.1",
                              "width": f"{layout.width:.0f}", "height": f"{layout.height:.0f}",
                              "viewBox": f"0 0 {layout.width:.0f} {layout.height:.0f}",
                              "font-family": FONT_FAMILY})
    el(root, "title", doc.title)
    el(root, "rect", x=0, y=0, width=layout.width, height=layout.height, fill="#ffffff")
    _header(el(root, "g", class_="header"), layout.header)
    _lanes(el(root, "g", class_="lanes"), doc, layout)
    _stages(el(root, "g", class_="stages"), layout)
    zone = display_zone(doc, tz)
    cards = el(root, "g", class_="cards")
    for card in layout.cards:
        draw_card(cards, doc, card, LANE_COLOURS[layout.row(card.lane).lane.kind], zone)
    _comments(el(root, "g", class_="comments"), doc, layout)
    _emotions(el(root, "g", class_="emotions"), layout)
    return root


def _header(g: ET.Element, header: Header) -> None:
    text_lines(g, header.title_lines, MARGIN, MARGIN, TITLE, TITLE_H, font_weight="bold",
               fill=INK, class_="title")
    width = 24 + text_width(header.type_label, 12, bold=True)
    el(g, "rect", x=MARGIN, y=header.meta_y, width=width, height=24, rx=12, fill="#edf2ff")
    el(g, "text", header.type_label, x=MARGIN + width / 2, y=header.meta_y + 17, font_size=12,
       font_weight="bold", fill="#364fc7", text_anchor="middle", class_="map-type")
    if header.owner:
        el(g, "text", header.owner, x=MARGIN + width + 12, y=header.meta_y + 17, font_size=12,
           fill=MUTED, class_="owner")
    for box in header.boxes:
        b = el(g, "g", class_=box.kind)
        el(b, "rect", x=box.x, y=box.y, width=box.width, height=box.height, rx=10,
           fill="#f8f9fa", stroke="#e9ecef")
        x = box.x + BOX_PAD
        if box.kind == "persona":
            el(b, "circle", cx=x + 16, cy=box.y + BOX_PAD + HEADING_H + 16, r=16, fill="#364fc7")
            el(b, "text", box.lines[0].text[:1].upper(), x=x + 16,
               y=box.y + BOX_PAD + HEADING_H + 22, font_size=16, font_weight="bold",
               fill="#ffffff", text_anchor="middle")
        el(b, "text", box.heading.upper(), x=x, y=box.y + BOX_PAD + 10, font_size=10,
           font_weight="bold", fill=MUTED, letter_spacing=0.8, class_="heading")
        top = box.y + BOX_PAD + HEADING_H
        for line in box.lines:
            top = text_lines(b, [line.text], x + (44 if box.kind == "persona" else 0), top,
                             line.size, line.height, fill=line.colour,
                             font_weight="bold" if line.bold else None)


def _stages(g: ET.Element, layout: MapLayout) -> None:
    y, h = layout.stage_row_y, layout.stage_row_h
    for n, column in enumerate(layout.columns):
        x, w, notch = column.x, column.width, 14
        notch_in = "" if n == 0 else f" {x + notch:.1f},{y + h / 2:.1f}"  # first has none
        points = (f"{x:.1f},{y:.1f} {x + w - notch:.1f},{y:.1f} {x + w:.1f},{y + h / 2:.1f} "
                  f"{x + w - notch:.1f},{y + h:.1f} {x:.1f},{y + h:.1f}{notch_in}")
        s = el(g, "g", class_="stage", data_stage=column.stage.id)
        el(s, "polygon", points=points, fill=STAGE_FILLS[column.index % 2], stroke="#ffffff",
           stroke_width=2)
        tx = x + notch + 12
        el(s, "text", f"{column.index + 1:02d}", x=tx, y=y + 18, font_size=11,
           font_weight="bold", fill="#bac8ff")
        bottom = text_lines(s, layout.stage_names[column.stage.id], tx, y + 22, STAGE_NAME,
                            LINE_H, font_weight="bold", fill="#ffffff", class_="stage-name")
        text_lines(s, layout.stage_descriptions[column.stage.id], tx, bottom, STAGE_DESC,
                   SMALL_H, fill="#dbe4ff")


def _lanes(g: ET.Element, doc: JourneyMap, layout: MapLayout) -> None:
    right = layout.grid_right
    for n, row in enumerate(layout.rows):
        colour = LANE_COLOURS[row.lane.kind]
        r = el(g, "g", class_=f"lane {row.lane.kind.value}", data_lane=row.lane.id)
        el(r, "rect", x=MARGIN, y=row.y, width=right - MARGIN, height=row.height,
           fill=ROW_FILLS[n % 2])
        el(r, "rect", x=MARGIN, y=row.y + 6, width=4, height=row.height - 12, rx=2, fill=colour)
        name = [truncate(row.lane.name, LANE_HEADER_W - 30, 13, bold=True)]
        centred = row.lane.kind in (LaneKind.emotions, LaneKind.line_of_visibility)
        top = row.y + (row.height - 18) / 2 if centred else row.y + 12
        text_lines(r, name, MARGIN + 14, top, 13, 18, font_weight="bold", fill=colour,
                   class_="lane-name")
        el(r, "line", x1=MARGIN, y1=row.y + row.height, x2=right, y2=row.y + row.height,
           stroke=GRID)
        if row.lane.kind == LaneKind.line_of_visibility:
            mid = row.y + row.height / 2
            el(r, "line", x1=layout.grid_left, y1=mid, x2=right, y2=mid, stroke="#868e96",
               stroke_width=2, stroke_dasharray="10 6", class_="line-of-visibility")
        if row.lane.kind == LaneKind.emotions:
            for score in (2, 1, 0, -1, -2):
                y = layout.emotion_y(row.lane.id, score)
                el(r, "line", x1=layout.grid_left, y1=y, x2=right, y2=y,
                   stroke="#ced4da" if score == 0 else "#edf0f3",
                   stroke_dasharray="4 4" if score == 0 else None)
                el(r, "text", f"{score:+d}" if score else "0", x=layout.grid_left - 8, y=y + 4,
                   font_size=10, fill="#adb5bd", text_anchor="end")
    top = layout.stage_row_y + layout.stage_row_h + 8
    for column in layout.columns[1:]:
        el(g, "line", x1=column.x, y1=top, x2=column.x, y2=layout.grid_bottom, stroke=GRID)
    el(g, "line", x1=layout.grid_left, y1=top, x2=layout.grid_left, y2=layout.grid_bottom,
       stroke="#ced4da")


def _emotions(g: ET.Element, layout: MapLayout) -> None:
    lanes = dict.fromkeys(p.lane for p in layout.emotion_points)
    for lane in lanes:
        points = [p for p in layout.emotion_points if p.lane == lane]
        bottom = layout.row(lane).y + layout.row(lane).height
        area = [(points[0].x, bottom), *((p.x, p.y) for p in points), (points[-1].x, bottom)]
        el(g, "polygon", points=" ".join(f"{x:.1f},{y:.1f}" for x, y in area), fill=CURVE,
           fill_opacity=0.07)
        el(g, "polyline", points=" ".join(f"{p.x:.1f},{p.y:.1f}" for p in points), fill="none",
           stroke=CURVE, stroke_width=3, stroke_linejoin="round", stroke_linecap="round",
           class_="emotion-curve", data_lane=lane)
        for p in points:
            dot = el(g, "g", class_="emotion-point", data_stage=p.stage, data_lane=lane)
            el(dot, "circle", cx=p.x, cy=p.y, r=7, fill=CURVE, stroke="#ffffff",
               stroke_width=2.5)
            score = f"{p.score:+.1f}".replace(".0", "")
            el(dot, "rect", x=p.x - 18, y=p.y - 33, width=36, height=20, rx=10,
               fill=emotion_colour(p.score))
            el(dot, "text", score, x=p.x, y=p.y - 18.5, font_size=12, font_weight="bold",
               fill="#ffffff", text_anchor="middle", class_="score")
            if p.labels:
                width = layout.column(p.stage).width - 24
                el(dot, "text", truncate(", ".join(p.labels), width, 12), x=p.x, y=p.y + 27,
                   font_size=12, fill="#495057", text_anchor="middle", class_="emotion-label")


def _comments(g: ET.Element, doc: JourneyMap, layout: MapLayout) -> None:
    """A small bubble with the comment count in the corner of each commented cell."""
    shown = {c.stage.id for c in layout.columns}
    for cell in doc.cells:
        if cell.comments and cell.stage in shown:
            column, row = layout.column(cell.stage), layout.row(cell.lane)
            x, y = column.x + column.width - 26, row.y + 3
            b = el(g, "g", class_="comment-count", data_stage=cell.stage, data_lane=cell.lane)
            el(b, "path", d=f"M{x:.1f} {y:.1f}h20v13h-12l-4 4v-4h-4z", fill="#fab005")
            el(b, "text", str(len(cell.comments)), x=x + 10, y=y + 10.5, font_size=10,
               font_weight="bold", fill="#ffffff", text_anchor="middle")

"""The top of a map canvas: title, map type, owner, persona cards and the scenario box."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.maps.model import JourneyMap
from journeymap.render.map_labels import label
from journeymap.render.map_text import wrap

TITLE, TITLE_H = 26, 34
PERSONA_W, SCENARIO_MIN_W, GAP = 300, 320, 16
BOX_PAD, HEADING_H = 12, 18
INK, MUTED = "#212529", "#6c757d"


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    height: float
    bold: bool = False
    colour: str = INK


@dataclass
class Box:
    """A rounded box with a small heading and styled text (a persona, the scenario);
    ``paragraphs`` are wrapped into ``lines`` once the box has its width."""

    kind: str  # persona or scenario
    heading: str
    paragraphs: list[Line]
    lines: list[Line] = field(default_factory=list)
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Header:
    title_lines: list[str]
    type_label: str
    owner: str
    meta_y: float
    boxes: list[Box] = field(default_factory=list)
    bottom: float = 0


def layout_header(doc: JourneyMap, x: float, y: float, width: float) -> Header:
    """Lay out the header in the band ``x``..``x + width`` starting at ``y``."""
    title = wrap(doc.title, width, TITLE, bold=True, max_lines=2)
    owner = f"{label(doc, 'owner')}: {doc.owner}" if doc.owner else ""
    header = Header(title, label(doc, doc.type), owner, y + TITLE_H * len(title) + 4)
    boxes = [_persona(doc, n) for n in range(len(doc.personas))]
    if doc.scenario or doc.goals or doc.expectations:
        boxes.append(_scenario(doc))
    top, cx, row = header.meta_y + 34, x, []
    for box in boxes:
        flexible = box.kind == "scenario"
        needed = SCENARIO_MIN_W if flexible else PERSONA_W
        if row and cx + needed > x + width:  # a box that does not fit starts a new row
            top = _close_row(row, top)
            cx, row = x, []
        box.x, box.y = cx, top
        box.width = x + width - cx if flexible else PERSONA_W
        _fill(box)
        row.append(box)
        cx += box.width + GAP
    header.boxes = boxes
    header.bottom = _close_row(row, top) - GAP if row else top - 10
    return header


def _close_row(row: list[Box], top: float) -> float:
    """Give every box of a row the height of its tallest; return where the next row starts."""
    tallest = max(b.height for b in row)
    for box in row:
        box.height = tallest
    return top + tallest + GAP


def _persona(doc: JourneyMap, n: int) -> Box:
    p = doc.personas[n]
    paragraphs = [Line(p.name, 15, 21, bold=True), Line(p.description, 12, 17)]
    if p.goals:
        paragraphs.append(Line(f"{label(doc, 'goals')}: " + " · ".join(p.goals), 12, 17,
                               colour=MUTED))
    return Box("persona", label(doc, "persona"), paragraphs)


def _scenario(doc: JourneyMap) -> Box:
    paragraphs = [Line(doc.scenario, 13, 19)]
    for key in ("goals", "expectations"):
        if getattr(doc, key):
            paragraphs.append(Line(f"{label(doc, key)}: " + " · ".join(getattr(doc, key)), 12,
                                   17, colour=MUTED))
    return Box("scenario", label(doc, "scenario"), paragraphs)


def _fill(box: Box) -> None:
    """Wrap the box's paragraphs to its width (the persona's avatar takes 44 px) and size it."""
    width = box.width - 2 * BOX_PAD - (44 if box.kind == "persona" else 0)
    box.lines = [Line(text, p.size, p.height, p.bold, p.colour) for p in box.paragraphs
                 if p.text for text in wrap(p.text, width, p.size, bold=p.bold, max_lines=4)]
    box.height = 2 * BOX_PAD + HEADING_H + sum(line.height for line in box.lines)

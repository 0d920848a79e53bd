"""Drawing the cards of map cells: text and thoughts, channels and touchpoints with their
glyphs, red-tinted pain points with severity, green opportunities with impact and effort,
and KPIs with their bound value and change."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from journeymap.maps.model import JourneyMap
from journeymap.render.map_glyphs import channel_badge, el
from journeymap.render.map_labels import (
    change_tone,
    format_change,
    format_time,
    format_value,
    label,
)
from journeymap.render.map_layout import (
    BADGE,
    CARD_PAD,
    FONT,
    LINE_H,
    SMALL,
    SMALL_H,
    Card,
    item_bound_text,
)
from journeymap.render.map_text import text_width

INK, MUTED = "#212529", "#6c757d"
TONES = {"good": "#2b8a3e", "bad": "#c92a2a", "neutral": "#495057"}
# style -> (fill, border, accent bar or None)
CARD_COLOURS = {
    "text": ("#ffffff", "#dee2e6", None),
    "thought": ("#fff9db", "#ffe066", None),
    "channel": ("#ffffff", "#dee2e6", None),
    "touchpoint": ("#ffffff", "#dee2e6", None),
    "pain_point": ("#fff5f5", "#ffc9c9", "#e03131"),
    "opportunity": ("#ebfbee", "#b2f2bb", "#2f9e44"),
    "kpi": ("#f5f7ff", "#dbe4ff", "#4263eb"),
}


def text_lines(parent: ET.Element, lines: list[str], x: float, top: float, size: float,
               height: float, **attrs: object) -> float:
    """One ``<text>`` per line, each centred in a band ``height`` tall; returns the bottom."""
    for n, line in enumerate(lines):
        baseline = top + n * height + (height - size) / 2 + size * 0.86
        el(parent, "text", line, x=x, y=baseline, font_size=size, **attrs)
    return top + len(lines) * height


def draw_card(parent: ET.Element, doc: JourneyMap, card: Card, accent: str,
              zone: ZoneInfo) -> None:
    fill, border, bar = CARD_COLOURS[card.style]
    g = el(parent, "g", class_=f"card {card.style}", data_stage=card.stage,
           data_lane=card.lane, data_kind=card.item.kind)
    el(g, "rect", x=card.x, y=card.y, width=card.width, height=card.height,
       rx=12 if card.style == "thought" else 6, fill=fill, stroke=border)
    el(g, "rect", x=card.x, y=card.y + 4, width=3.5, height=card.height - 8, rx=1.5,
       fill=bar or accent)
    x, top = card.x + CARD_PAD + 2, card.y + CARD_PAD
    match card.style:
        case "kpi":
            _kpi(g, doc, card, x, top, zone)
        case "opportunity":
            _opportunity(g, doc, card, x, top)
        case "channel" | "touchpoint":
            _channel(g, doc, card, x, top)
        case _:
            colour = "#862e2e" if card.style == "pain_point" else INK
            bottom = text_lines(g, card.lines, x, top, FONT, LINE_H, fill=colour)
            if getattr(card.item, "severity", None):
                _severity(g, doc, card.item.severity, x, bottom + 4)
                bottom += SMALL_H + 4
            _bound(g, doc, card, x, bottom)


def _channel(g: ET.Element, doc: JourneyMap, card: Card, x: float, top: float) -> None:
    item = card.item
    channel = item.text if card.style == "channel" else (item.channel or item.name.split(":")[0])
    channel_badge(g, channel, x + 10, top + 9, r=10)
    bottom = text_lines(g, card.lines, x + BADGE, top, FONT, LINE_H, fill=INK)
    if card.style == "touchpoint" and item.channel:
        bottom = text_lines(g, [item.channel], x + BADGE, bottom, SMALL, SMALL_H, fill=MUTED)
    _bound(g, doc, card, x + BADGE, bottom)


def _bound(g: ET.Element, doc: JourneyMap, card: Card, x: float, top: float) -> None:
    text = item_bound_text(card.item, doc.language)
    if text:
        text_lines(g, [text], x, top, SMALL, SMALL_H, fill="#364fc7", font_weight="bold",
                   class_="bound")


def _severity(g: ET.Element, doc: JourneyMap, severity: int, x: float, top: float) -> None:
    name = label(doc, "severity")
    el(g, "text", name, x=x, y=top + 11, font_size=SMALL, fill=MUTED)
    start = x + text_width(name, SMALL) + 10
    for n in range(5):
        el(g, "circle", cx=start + n * 11, cy=top + 7, r=3.8,
           fill="#e03131" if n < severity else "#ffc9c9")


def _opportunity(g: ET.Element, doc: JourneyMap, card: Card, x: float, top: float) -> None:
    item = card.item
    bottom = text_lines(g, card.lines, x, top, FONT, LINE_H, fill="#1b4d2b")
    cx = x
    for key, value, fill, ink in (("impact", item.impact, "#2f9e44", "#ffffff"),
                                  ("effort", item.effort, "#d3f9d8", "#2b8a3e")):
        text = f"{label(doc, key)} {value}"
        width = 18 + text_width(text, SMALL, bold=True)
        el(g, "rect", x=cx, y=bottom + 4, width=width, height=18, rx=9, fill=fill)
        el(g, "text", text, x=cx + width / 2, y=bottom + 17, font_size=SMALL, fill=ink,
           font_weight="bold", text_anchor="middle", class_=key)
        cx += width + 6
    meta = " · ".join(v for v in (label(doc, item.status.value), item.owner) if v)
    text_lines(g, [meta], x, bottom + 24, SMALL, SMALL_H, fill=MUTED)


def _kpi(g: ET.Element, doc: JourneyMap, card: Card, x: float, top: float,
         zone: ZoneInfo) -> None:
    item = card.item
    bottom = text_lines(g, card.lines, x, top, SMALL, SMALL_H, fill=MUTED, font_weight="bold")
    value = format_value(item.current, item.unit)
    el(g, "text", value, x=x, y=bottom + 23, font_size=22, font_weight="bold",
       fill="#364fc7", class_="value")
    change = item.binding.change if item.binding else None
    if change is not None:
        cx = x + text_width(value, 22, bold=True) + 8
        colour = TONES[change_tone(item.binding.value, item.binding.previous, item.target)]
        if change:  # a triangle pointing up or down, drawn rather than a font glyph
            apex, step = (bottom + 9, 8) if change > 0 else (bottom + 18, -8)
            el(g, "path", d=f"M{cx + 5:.1f} {apex:.1f}l5 {step}h-10z", fill=colour)
        el(g, "text", format_change(change, item.unit, doc.language), x=cx + 14,
           y=bottom + 21, font_size=12, font_weight="bold", fill=colour, class_="change")
    meta = []
    if item.target is not None:
        meta.append(f"{label(doc, 'target')} {format_value(item.target, item.unit)}")
    if item.binding and item.binding.refreshed_at:
        meta.append(f"{label(doc, 'as_of')} {format_time(item.binding.refreshed_at, zone)}")
    if meta:
        text_lines(g, [" · ".join(meta)], x, bottom + 30, SMALL, SMALL_H, fill=MUTED,
                   class_="meta")

"""A journey map as PowerPoint slides: the map canvas, then one slide per stage with its
numbers (bound KPIs with value, change and refresh time), touchpoints, emotion, pain points
and opportunities; a stage's cell comments go into the slide notes."""

from __future__ import annotations

import io
from pathlib import Path
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from journeymap.maps.items import LaneKind, item_text
from journeymap.maps.model import JourneyMap, Stage
from journeymap.render.map_image import map_png_bytes
from journeymap.render.map_labels import (
    bound_text,
    change_tone,
    display_zone,
    format_change,
    format_time,
    format_value,
    label,
)
from journeymap.render.map_text import FONT_NAME

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
INK, MUTED, ACCENT = RGBColor(0x21, 0x25, 0x29), RGBColor(0x6C, 0x75, 0x7D), \
    RGBColor(0x36, 0x4F, 0xC7)
TONES = {"good": RGBColor(0x2B, 0x8A, 0x3E), "bad": RGBColor(0xC9, 0x2A, 0x2A),
         "neutral": None}
PAIN, GAIN = RGBColor(0xC9, 0x2A, 0x2A), RGBColor(0x2B, 0x8A, 0x3E)


def map_to_pptx(doc: JourneyMap, path: str | Path, tz: str | None = None) -> Path:
    """Write ``doc`` as a 16:9 deck: 1 slide with the map, then 1 per stage."""
    path = Path(path)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    zone = display_zone(doc, tz)
    _map_slide(deck, doc, tz)
    for n, stage in enumerate(doc.stages):
        _stage_slide(deck, doc, n, stage, zone)
    deck.save(str(path))
    return path


def _map_slide(deck: Any, doc: JourneyMap, tz: str | None) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, Inches(0.4), Inches(0.25), Inches(12.5), Inches(0.6),
          [(doc.title, 26, True, INK)])
    _text(slide, Inches(0.4), Inches(0.8), Inches(12.5), Inches(0.3),
          [(f"{label(doc, doc.type)} · {len(doc.stages)} {label(doc, 'stage')}", 12, False,
            MUTED)])
    png = map_png_bytes(doc, scale=2.0, tz=tz)
    picture = slide.shapes.add_picture(io.BytesIO(png), 0, 0)
    box_w, box_h = SLIDE_W - Inches(0.8), SLIDE_H - Inches(1.45)
    ratio = min(box_w / picture.width, box_h / picture.height)
    picture.width, picture.height = Emu(int(picture.width * ratio)), \
        Emu(int(picture.height * ratio))
    picture.left = Emu(int((SLIDE_W - picture.width) / 2))
    picture.top = Inches(1.2)


def _stage_slide(deck: Any, doc: JourneyMap, n: int, stage: Stage, zone: ZoneInfo) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.7),
          [(f"{n + 1:02d}  {stage.name}", 30, True, ACCENT)])
    sub = [(f"{label(doc, 'stage')} {n + 1} / {len(doc.stages)} · {doc.title}", 11, False,
            MUTED)]
    if stage.description:
        sub.insert(0, (stage.description, 13, False, INK))
    _text(slide, Inches(0.5), Inches(0.95), Inches(12.3), Inches(0.5), sub)
    kpis = _items(doc, stage.id, LaneKind.kpis)
    top = Inches(1.7)
    if kpis:
        top = _kpi_table(slide, doc, kpis, top, zone) + Inches(0.3)
    touchpoints = [item_text(i) + _bound(i, doc.language)
                   for i in _items(doc, stage.id, LaneKind.touchpoints)]
    channels = [item_text(i) for i in _items(doc, stage.id, LaneKind.channels)]
    if channels:
        touchpoints.append(f"{label(doc, 'channels')}: " + ", ".join(channels))
    emotions = _items(doc, stage.id, LaneKind.emotions)
    feeling = [f"{fmean(e.score for e in emotions):+.1f} (-2..+2) "
               + ", ".join(e.label for e in emotions if e.label)] if emotions else []
    pains = [item_text(i) + (f" ({label(doc, 'severity')} {i.severity}/5)"
                             if getattr(i, "severity", None) else "")
             for i in _items(doc, stage.id, LaneKind.pain_points)]
    ideas = [f"{i.description} ({label(doc, 'impact')} {i.impact}, {label(doc, 'effort')} "
             f"{i.effort}, {label(doc, i.status.value)}{', ' + i.owner if i.owner else ''})"
             for i in _items(doc, stage.id, LaneKind.opportunities)]
    left_col = _section(doc, "touchpoints", touchpoints, INK) + _section(
        doc, "emotion", feeling, INK)
    right_col = _section(doc, "pain_points", pains, PAIN) + _section(
        doc, "opportunities", ideas, GAIN)
    height = SLIDE_H - top - Inches(0.4)
    _text(slide, Inches(0.5), top, Inches(6.0), height, left_col)
    _text(slide, Inches(6.8), top, Inches(6.0), height, right_col)
    comments = [f"{c.author} ({format_time(c.at, zone)}): {c.text}"
                for cell in doc.cells if cell.stage == stage.id for c in cell.comments]
    if comments:
        slide.notes_slide.notes_text_frame.text = "\n".join(comments)


def _kpi_table(slide: Any, doc: JourneyMap, kpis: list[Any], top: int, zone: ZoneInfo) -> int:
    """A table KPI | value | change | target | refreshed; returns its bottom."""
    heads = [label(doc, k) for k in ("kpis", "value", "change", "target", "refreshed")]
    rows = [[k.name, format_value(k.current, k.unit),
             format_change(k.binding.change if k.binding else None, k.unit, doc.language)
             or "—", format_value(k.target, k.unit) if k.target is not None else "—",
             format_time(k.binding.refreshed_at, zone) if k.binding else "—"] for k in kpis]
    height = Inches(0.4) * (len(rows) + 1)
    table = slide.shapes.add_table(len(rows) + 1, 5, Inches(0.5), top, Inches(12.3),
                                   height).table
    for c, width in enumerate((4.3, 2.0, 2.0, 1.8, 2.2)):
        table.columns[c].width = Inches(width)
    for r, values in enumerate([heads, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            run = cell.text_frame.paragraphs[0].runs[0]
            _font(run, 13 if r else 12, bold=r == 0 or c == 1,
                  colour=_tone(kpis[r - 1]) if r and c == 2 else None)
    return top + height


def _tone(kpi: Any) -> RGBColor | None:
    b = kpi.binding
    return TONES[change_tone(b.value, b.previous, kpi.target)] if b else None


Para = tuple[str, int, bool, RGBColor]


def _section(doc: JourneyMap, key: str, lines: list[str], colour: RGBColor) -> list[Para]:
    return [(label(doc, key), 15, True, colour)] + [
        (f"• {line}", 13, False, INK) for line in lines or [label(doc, "none")]
    ] + [("", 8, False, INK)]


def _items(doc: JourneyMap, stage: str, kind: LaneKind) -> list[Any]:
    return [i for lane in doc.lanes_of(kind) for i in doc.items(stage, lane.id)]


def _bound(item: Any, language: str) -> str:
    text = bound_text(getattr(item, "binding", None), language)
    return f" — {text}" if text else ""


def _text(slide: Any, left: int, top: int, width: int, height: int,
          paragraphs: list[Para]) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for n, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        _font(paragraph.add_run(), size, bold, colour, text)


def _font(run: Any, size: int, bold: bool, colour: RGBColor | None, text: str | None = None,
          ) -> None:
    """Size, weight and colour of a run, in the map's font for Latin and East Asian text."""
    if text is not None:
        run.text = text
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT_NAME
    if colour is not None:
        run.font.color.rgb = colour
    r_pr = run._r.get_or_add_rPr()
    ea = etree.SubElement(r_pr, "{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
    ea.set("typeface", FONT_NAME)

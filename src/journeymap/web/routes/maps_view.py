"""What the canvas script draws: a map's document plus the words and numbers to show.

The canvas (``static/canvas/main.js``) builds its grid from this one JSON object, on page load
and after every edit, so there is one renderer. Numbers, changes and times are formatted
here, in Python, with the same functions as the exported canvas (``render.map_labels``) and
the request's language for times, so the page and the PDF say the same thing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from journeymap.maps.bindings import METRICS
from journeymap.maps.due import add_months
from journeymap.maps.guide import GUIDE_STEPS, check_map
from journeymap.maps.items import LANE_ITEMS, LaneKind
from journeymap.maps.model import JourneyMap
from journeymap.maps.store import MapInfo, VersionInfo
from journeymap.render.map_labels import change_tone, format_change, format_value, metric_unit
from journeymap.web.i18n import babel_locale
from journeymap.web.labels import N_
from journeymap.web.routes.maps_ops import MAIN_FIELD, new_item_kind
from journeymap.web.templating import gettext as _

#: what each metric counts, in words the picker shows (METRICS' descriptions, translated)
METRIC_LABELS = {
    "journeys.count": N_("Journeys in the scope"),
    "journeys.conversion": N_("Share of journeys that converted"),
    "journeys.median_days_to_convert": N_("Median days from first touch to conversion"),
    "journeys.mean_touches_to_convert": N_("Mean touches before conversion"),
    "journeys.mean_channels_to_convert": N_("Mean channels before conversion"),
    "stage.reached": N_("Journeys that reached the stage"),
    "stage.share_reached": N_("Share of journeys reaching the stage"),
    "stage.conversion": N_("Conversion to the next stage"),
    "stage.dropoff": N_("Share that did not reach the next stage"),
    "stage.median_days": N_("Median days in the stage"),
    "touchpoint.actors": N_("Persons or accounts with the touchpoint"),
    "touchpoint.events": N_("Events of the touchpoint"),
    "channel.share": N_("The channel's share of the stage's touches"),
    "survey.emotion": N_("Mean survey rating on the -2..+2 scale"),
    "survey.responses": N_("Survey answers"),
    "friction.lost": N_("Estimated conversions lost to a friction point"),
}
FAMILY_LABELS = {"journeys": N_("Journeys"), "stage": N_("Stage"),
                 "touchpoint": N_("Touchpoint"), "channel": N_("Channel"),
                 "survey": N_("Survey"), "friction": N_("Friction")}
PARAM_LABELS = {"stage": N_("Stage"), "touchpoint": N_("Touchpoint (name or glob)"),
                "channel": N_("Channel"), "kind": N_("Friction kind"),
                "where": N_("Where (touchpoint)"), "level": N_("Level"),
                "segment": N_("Segment (optional)")}
UNIT_LABELS = {"count": N_("count"), "ratio": N_("ratio"), "days": N_("days"),
               "score": N_("score")}
FRICTION_KIND_LABELS = {"abandonment": N_("Abandoned after"), "loop": N_("Repeated touchpoint"),
                        "long_break": N_("Long break"), "support": N_("Support or negative answer"),
                        "drop_off": N_("Drop-off in the segment"),
                        "history_drop_off": N_("Drop-off against history")}
EXPORT_LABELS = {"json": N_("the map document (lossless)"), "md": N_("Markdown"),
                 "mmd": N_("Mermaid journey diagram"), "svg": N_("canvas as SVG"),
                 "png": N_("canvas as PNG"), "pdf": N_("A3 landscape PDF"),
                 "pptx": N_("PowerPoint slides"), "xlsx": N_("Excel grid and lane sheets"),
                 "csv": N_("CSV grid"), "xmind": N_("Xmind mind map")}
STATUS_LABELS = {"idea": N_("idea"), "planned": N_("planned"), "in_progress": N_("in progress"),
                 "done": N_("done")}


def format_when(value: datetime | None, zone: str, language: str,
                fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A stored UTC time in the workspace zone, worded for ``language``."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return format_datetime(value.astimezone(ZoneInfo(zone)), format=fmt,
                           locale=babel_locale(language))


def metric_catalogue() -> list[dict[str, Any]]:
    """Every metric a binding can name, for the picker."""
    return [{"name": name, "family": m.family, "family_label": _(FAMILY_LABELS[m.family]),
             "unit": m.unit, "unit_label": _(UNIT_LABELS[m.unit]),
             "label": _(METRIC_LABELS.get(name, m.description)), "params": list(m.params)}
            for name, m in METRICS.items()]


def _bound(item: Any, doc: JourneyMap, zone: str, language: str) -> dict[str, Any] | None:
    b = getattr(item, "binding", None)
    if b is None:
        return None
    unit = item.unit if item.kind == "kpi" and item.unit else metric_unit(b)
    target = getattr(item, "target", None)
    return {"metric": b.metric, "params": b.params,
            "label": _(METRIC_LABELS.get(b.metric, b.metric)),
            "value": b.value, "value_text": format_value(b.value, unit),
            "change_text": format_change(b.change, unit, language),
            "tone": change_tone(b.value, b.previous, target),
            "refreshed": format_when(b.refreshed_at, zone, language),
            "refreshed_short": format_when(b.refreshed_at, zone, language, "MM-dd HH:mm")}


def _item(item: Any, doc: JourneyMap, zone: str, language: str) -> dict[str, Any]:
    out = item.model_dump(mode="json")
    out["main_field"] = MAIN_FIELD[item.kind]
    out["bound"] = _bound(item, doc, zone, language)
    out["bindable"] = "binding" in type(item).model_fields
    if item.kind == "kpi":
        out["value_text"] = format_value(item.current, item.unit)
        out["target_text"] = "" if item.target is None else format_value(item.target,
                                                                           item.unit)
    if item.kind == "opportunity":
        out["status_label"] = _(STATUS_LABELS[item.status.value])
    return out


def checklist(doc: JourneyMap, language: str) -> list[dict[str, Any]]:
    """The six steps of journey mapping, each with what the map still lacks."""
    gaps = check_map(doc, language)
    return [{"key": step.key, "title": step.title[language],
             "explanation": step.explanation[language],
             "gaps": [g.message for g in gaps if g.step == step.key]} for step in GUIDE_STEPS]


def canvas_view(doc: JourneyMap, info: MapInfo, latest: VersionInfo, *, zone: str,
                language: str, version: int | None = None) -> dict[str, Any]:
    """The map as the canvas script draws it (``version`` set: an older, read-only one)."""
    cells = []
    for cell in doc.ordered_cells():
        cells.append({
            "stage": cell.stage, "lane": cell.lane,
            "items": [_item(i, doc, zone, language) for i in cell.items],
            "comments": [{"author": c.author, "text": c.text,
                          "at": format_when(c.at, zone, language)} for c in cell.comments],
        })
    due = add_months(doc.review.last_reviewed_at or info.created_at, doc.review.cadence_months)
    return {
        "id": info.id,
        "version": version or info.head,
        "head": info.head,
        "saved_by": latest.author,
        "saved_at": format_when(latest.created_at, zone, language),
        "title": doc.title,
        "type": doc.type.value,
        "language": doc.language,
        "owner": doc.owner,
        "personas": [p.model_dump(mode="json") for p in doc.personas],
        "scenario": doc.scenario,
        "expectations": doc.expectations,
        "goals": doc.goals,
        "stages": [s.model_dump(mode="json") for s in doc.stages],
        "lanes": [{**lane.model_dump(mode="json"), "kind_label": _(lane.kind.value),
                   "new_item": new_item_kind(lane.kind.value),
                   "item_kinds": sorted(LANE_ITEMS[LaneKind(lane.kind)])}
                  for lane in doc.lanes],
        "cells": cells,
        "review": {"cadence_months": doc.review.cadence_months,
                   "last": format_when(doc.review.last_reviewed_at, zone, language, "yyyy-MM-dd"),
                   "due": format_when(due, zone, language, "yyyy-MM-dd")},
        "generated": doc.generated.model_dump(mode="json") if doc.generated else None,
        "checks": checklist(doc, language),
    }

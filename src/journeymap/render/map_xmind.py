"""Exporting a journey map to Xmind (.xmind, the JSON format of Xmind 2020 and later).

The file is a zip of ``content.json`` (a list of sheets, each with a ``rootTopic`` whose
sub-topics sit in ``children.attached``), ``metadata.json`` and ``manifest.json``, as
Xmind's own generator (xmindltd/xmind-generator) writes it. The root topic is the map's
title; its children are the stages, theirs the lanes and theirs the items, like Xmind's
customer-journey template. A lane carries its kind as a label and an item its details as
labels and a note (severity, impact and effort, KPI values, bound metrics); emotions get
smiley markers and opportunities task markers, so the map reads well in Xmind, and
:func:`journeymap.maps.import_xmind.read_xmind` reads it back.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from datetime import UTC
from pathlib import Path
from typing import Any

from journeymap.maps.items import item_text
from journeymap.maps.model import JourneyMap

STRUCTURE = "org.xmind.ui.logic.right"
SMILEYS = {2: "smiley-laugh", 1: "smiley-smile", 0: "smiley-boring", -1: "smiley-cry",
           -2: "smiley-angry"}
TASKS = {"idea": "task-start", "planned": "task-quarter", "in_progress": "task-half",
         "done": "task-done"}
WORDS: dict[str, tuple[str, str]] = {
    "severity": ("severity", "심각도"), "impact": ("impact", "영향"),
    "effort": ("effort", "노력"), "owner": ("owner", "담당"),
    "target_kpi": ("target KPI", "목표 KPI"), "value": ("value", "값"),
    "target": ("target", "목표"), "metric": ("metric", "지표"),
    "refreshed": ("refreshed", "갱신"), "change": ("change", "변화"),
    "scenario": ("Scenario", "시나리오"), "personas": ("Personas", "페르소나"),
    "expectations": ("Expectations", "기대"), "goals": ("Goals", "목표"),
    "analytics_stage": ("analytics stage", "분석 단계"),
}


def write_map_xmind(doc: JourneyMap, out_path: Path) -> Path:
    """Write ``doc`` to an .xmind file (one sheet: title > stages > lanes > items)."""
    from journeymap import __version__

    topics = _Topics(doc)
    root = topics.topic(doc.title, labels=[doc.type.value], note=_map_note(doc, topics.word),
                        children=[_stage(doc, stage.id, topics) for stage in doc.stages])
    root["structureClass"] = STRUCTURE
    content = [{"id": topics.new_id(), "class": "sheet", "title": doc.title,
                "rootTopic": root}]
    files = {
        "content.json": content,
        "metadata.json": {"creator": {"name": "journeymap", "version": __version__}},
        "manifest.json": {"file-entries": {"content.json": {}, "metadata.json": {}}},
    }
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, json.dumps(data, ensure_ascii=False))
    return Path(out_path)


class _Topics:
    """Makes topics with ids that are unique in the file and the same on every export."""

    def __init__(self, doc: JourneyMap) -> None:
        self.seed = doc.title
        self.count = 0
        self.ko = doc.language == "ko"

    def new_id(self) -> str:
        self.count += 1
        return uuid.uuid5(uuid.NAMESPACE_URL, f"journeymap:{self.seed}:{self.count}").hex

    def word(self, key: str) -> str:
        return WORDS[key][self.ko]

    def topic(self, title: str, *, labels: list[str] | None = None, note: str = "",
              markers: list[str] | None = None,
              children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        topic: dict[str, Any] = {"id": self.new_id(), "class": "topic", "title": title}
        if note:
            topic["notes"] = {"plain": {"content": note + "\n"}}
        if labels:
            topic["labels"] = labels
        if markers:
            topic["markers"] = [{"markerId": marker} for marker in markers]
        if children:
            topic["children"] = {"attached": children}
        return topic


def _stage(doc: JourneyMap, stage_id: str, topics: _Topics) -> dict[str, Any]:
    stage = next(s for s in doc.stages if s.id == stage_id)
    note = "\n".join(filter(None, [stage.description, stage.analytics_stage and
                                   f"{topics.word('analytics_stage')}: {stage.analytics_stage}"]))
    lanes = [topics.topic(lane.name, labels=[lane.kind.value],
                          children=[_item(item, topics) for item in doc.items(stage_id, lane.id)])
             for lane in doc.lanes]
    return topics.topic(stage.name, note=note, children=lanes)


def _item(item: Any, topics: _Topics) -> dict[str, Any]:
    word = topics.word
    labels: list[str] = []
    notes: list[str] = []
    markers: list[str] = []
    match item.kind:
        case "emotion":
            markers.append(SMILEYS[max(-2, min(2, round(item.score)))])
        case "pain_point" if item.severity is not None:
            labels.append(f"{word('severity')} {item.severity}")
        case "opportunity":
            labels += [f"{word('impact')} {item.impact}", f"{word('effort')} {item.effort}",
                       item.status.value]
            markers.append(TASKS[item.status.value])
            notes += [f"{word(key)}: {getattr(item, key)}" for key in ("owner", "target_kpi")
                      if getattr(item, key)]
        case "kpi":
            labels += [f"{word(key)} {_value(getattr(item, key), item.unit)}"
                       for key in ("value", "target") if getattr(item, key) is not None]
    binding = getattr(item, "binding", None)
    if binding is not None:
        unit = getattr(item, "unit", "")
        line = f"{word('metric')}: {binding.metric} = {_value(binding.value, unit)}"
        if binding.refreshed_at is not None:
            at = binding.refreshed_at.astimezone(UTC) if binding.refreshed_at.tzinfo else \
                binding.refreshed_at
            line += f" ({word('refreshed')} {at:%Y-%m-%d %H:%M} UTC)"
        if binding.change is not None:
            line += f", {word('change')} {binding.change:+g}"
        notes.append(line)
    return topics.topic(item_text(item), labels=labels, note="\n".join(notes), markers=markers)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value * 100:.4g}%"
    return f"{value:.6g}" + (f" {unit}" if unit else "")


def _map_note(doc: JourneyMap, word: Any) -> str:
    """The scenario, personas, expectations and goals as the root topic's note."""
    parts = [f"{word('scenario')}: {doc.scenario}"] if doc.scenario else []
    if doc.personas:
        parts.append(f"{word('personas')}:\n" + "\n".join(
            f"- {p.name}" + (f": {p.description}" if p.description else "")
            for p in doc.personas))
    for key in ("expectations", "goals"):
        values = getattr(doc, key)
        if values:
            parts.append(f"{word(key)}:\n" + "\n".join(f"- {v}" for v in values))
    return "\n\n".join(parts)


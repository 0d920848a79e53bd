"""Text exports of a map: JSON (the document itself), Markdown and Mermaid ``journey``.

JSON is the lossless format (it reads back to an identical map). Markdown is for wikis and
pull requests: the header, a stages x lanes table and each bound number with its freshness.
Mermaid's ``journey`` diagram has sections with tasks scored 1-5, so each stage becomes a
section, its touchpoints and actions the tasks, scored by the stage's emotion (-2..+2 -> 1..5).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from statistics import mean

from journeymap.maps.items import LaneKind, item_text
from journeymap.maps.model import JourneyMap
from journeymap.render.map_labels import bound_text, format_change, format_value, metric_unit


def map_to_json(doc: JourneyMap) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def map_to_markdown(doc: JourneyMap) -> str:
    lines = [f"# {doc.title}", "", f"- type: {doc.type.value}", f"- language: {doc.language}"]
    if doc.owner:
        lines.append(f"- owner: {doc.owner}")
    for p in doc.personas:
        goals = f" — goals: {'; '.join(p.goals)}" if p.goals else ""
        lines.append(f"- persona: **{p.name}** {p.description}{goals}".rstrip())
    if doc.scenario:
        lines.append(f"- scenario: {doc.scenario}")
    for label, values in (("expectations", doc.expectations), ("goals", doc.goals)):
        if values:
            lines.append(f"- {label}: {'; '.join(values)}")
    lines += ["", "| | " + " | ".join(_md(s.name) for s in doc.stages) + " |",
              "|---|" + "---|" * len(doc.stages)]
    for lane in doc.lanes:
        if lane.kind == LaneKind.line_of_visibility:
            lines.append(f"| *{_md(lane.name)}* |" + " ··· |" * len(doc.stages))
            continue
        cells = ["<br>".join(_md(_item_line(i)) for i in doc.items(s.id, lane.id))
                 for s in doc.stages]
        lines.append(f"| **{_md(lane.name)}** | " + " | ".join(cells) + " |")
    bound = [(cell, item) for cell in doc.ordered_cells() for item in cell.items
             if getattr(item, "binding", None) is not None]
    if bound:
        stages = {s.id: s.name for s in doc.stages}
        lines += ["", "## Numbers from data", "",
                  "| stage | item | metric | value | change | refreshed |",
                  "|---|---|---|---|---|---|"]
        for cell, item in bound:
            b = item.binding
            unit = metric_unit(b)
            refreshed = f"{b.refreshed_at:%Y-%m-%d %H:%M} UTC" if b.refreshed_at else "—"
            change = format_change(b.change, unit) or "—"
            lines.append(f"| {_md(stages[cell.stage])} | {_md(item_text(item))} | {b.metric} "
                         f"| {format_value(b.value, unit)} | {change} | {refreshed} |")
    comments = [(cell, c) for cell in doc.ordered_cells() for c in cell.comments]
    if comments:
        lines += ["", "## Comments", ""]
        lines += [f"- {cell.stage} / {cell.lane} — {c.author}, {c.at:%Y-%m-%d}: {c.text}"
                  for cell, c in comments]
    return "\n".join(lines) + "\n"


def _item_line(item) -> str:
    match item.kind:
        case "kpi":
            text = f"{item.name}: {format_value(item.current, item.unit)}"
            return text + (f" (target {format_value(item.target, item.unit)})"
                           if item.target is not None else "")
        case "opportunity":
            return (f"{item.description} (impact {item.impact}, effort {item.effort}, "
                    f"{item.status.value})")
        case "touchpoint" if bound_text(item.binding):
            return f"{item_text(item)}: {bound_text(item.binding)}"
        case _:
            return item_text(item)


def _mermaid(text: str, *, starts_line: bool = False) -> str:
    """Mermaid journey tasks end at ':' and lines at newlines; '#' and ';' start
    comments and entities; '%%' starts comments and directives anywhere (split to '% %').
    A task (``starts_line``) beginning with a keyword (journey, title, section, accTitle,
    accDescr) or '%' is read as that keyword or a comment: an invisible word joiner in
    front keeps it text."""
    text = re.sub(r"%(?=%)", "% ", " ".join(re.sub(r"[:#;]", " ", text).split()))
    if starts_line and re.match(r"(?i)journey|title|section|acc(title|descr)|%", text):
        text = "\u2060" + text
    return text or "-"


def map_to_mermaid(doc: JourneyMap) -> str:
    actors = ", ".join(_mermaid(p.name.replace(",", " ")) for p in doc.personas) or "Customer"
    lines = ["journey", f"  title {_mermaid(doc.title)}"]
    for stage in doc.stages:
        scores = [i.score for lane in doc.lanes_of(LaneKind.emotions)
                  for i in doc.items(stage.id, lane.id)]
        score = round(mean(scores)) + 3 if scores else 3
        tasks = [item_text(i) for kind in (LaneKind.actions, LaneKind.touchpoints)
                 for lane in doc.lanes_of(kind) for i in doc.items(stage.id, lane.id)]
        lines.append(f"  section {_mermaid(stage.name)}")
        for task in tasks or [stage.name]:
            lines.append(f"    {_mermaid(task, starts_line=True)}: {score}: {actors}")
    return "\n".join(lines) + "\n"


def write_json(doc: JourneyMap, path: Path) -> None:
    path.write_text(map_to_json(doc), encoding="utf-8")


def write_markdown(doc: JourneyMap, path: Path) -> None:
    path.write_text(map_to_markdown(doc), encoding="utf-8")


def write_mermaid(doc: JourneyMap, path: Path) -> None:
    path.write_text(map_to_mermaid(doc), encoding="utf-8")

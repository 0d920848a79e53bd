"""One editing operation of the map canvas, applied to a map's JSON document.

The canvas sends small operations (edit an item, add a stage, reorder lanes ...); each is a
function here that changes the plain ``dict`` of a map (``JourneyMap.model_dump(mode="json")``)
in place and returns the version message (a :class:`~journeymap.maps.version_notes.Note`,
so the history can word it in the reader's language). The caller validates the result with
:func:`journeymap.maps.schema.parse_map`, so a bad value is refused with the same words as a
bad file: ``stage 'Decision', lane 'Emotions', item 1, score: ...``. Addressing mistakes
(a stage the map lacks, an item index out of range) raise :class:`MapError` here.
"""

from __future__ import annotations

from typing import Any

from journeymap.errors import MapError
from journeymap.maps.items import LANE_ITEMS, LaneKind
from journeymap.maps.version_notes import Note
from journeymap.web.templating import gettext as _

Doc = dict[str, Any]

#: the field the canvas edits in place, per item kind
MAIN_FIELD = {"text": "text", "touchpoint": "name", "emotion": "label",
              "pain_point": "text", "opportunity": "description", "kpi": "name"}
#: the item kind a new item of a lane gets (the first of LANE_ITEMS is not ordered)
NEW_ITEM_KIND = {LaneKind.touchpoints: "touchpoint", LaneKind.emotions: "emotion",
                 LaneKind.pain_points: "pain_point", LaneKind.opportunities: "opportunity",
                 LaneKind.kpis: "kpi"}
#: fields the canvas may not set through an item edit (a binding has its own operation)
FIXED_FIELDS = {"kind", "binding"}


def new_item_kind(lane_kind: str) -> str | None:
    """The kind of item the lane's "add" button creates (None: the lane takes no items)."""
    kind = LaneKind(lane_kind)
    if not LANE_ITEMS[kind]:
        return None
    return NEW_ITEM_KIND.get(kind, "text")


# -- addressing ------------------------------------------------------------------------
def stage_of(doc: Doc, stage_id: str) -> Doc:
    for stage in doc["stages"]:
        if stage["id"] == stage_id:
            return stage
    raise MapError(_("the map has no stage '{id}'").format(id=stage_id), field="stage",
                   hint=_("Reload the map: someone may have removed it."))


def lane_of(doc: Doc, lane_id: str) -> Doc:
    for lane in doc["lanes"]:
        if lane["id"] == lane_id:
            return lane
    raise MapError(_("the map has no lane '{id}'").format(id=lane_id), field="lane",
                   hint=_("Reload the map: someone may have removed it."))


def cell_of(doc: Doc, stage_id: str, lane_id: str) -> Doc:
    """The cell at stage x lane, added empty when the map has none yet."""
    stage_of(doc, stage_id)
    lane_of(doc, lane_id)
    for cell in doc["cells"]:
        if cell["stage"] == stage_id and cell["lane"] == lane_id:
            return cell
    cell = {"stage": stage_id, "lane": lane_id, "items": [], "comments": []}
    doc["cells"].append(cell)
    return cell


def item_of(doc: Doc, stage_id: str, lane_id: str, index: int) -> Doc:
    items = cell_of(doc, stage_id, lane_id)["items"]
    if not 0 <= index < len(items):
        raise MapError(_("stage '{stage}', lane '{lane}' has no item {n}").format(
                           stage=stage_id, lane=lane_id, n=index + 1),
                       field="index", hint=_("Reload the map: someone may have changed it."))
    return items[index]


def where(doc: Doc, stage_id: str, lane_id: str, prefix: str = "") -> dict[str, str]:
    """The names of a cell's stage and lane, as a note's ``{prefix}stage`` and
    ``{prefix}lane``."""
    return {f"{prefix}stage": stage_of(doc, stage_id)["name"],
            f"{prefix}lane": lane_of(doc, lane_id)["name"]}


# -- items -----------------------------------------------------------------------------
def add_item(doc: Doc, stage: str, lane: str, item: Doc, index: int | None = None) -> Note:
    items = cell_of(doc, stage, lane)["items"]
    kind = item.get("kind") or new_item_kind(lane_of(doc, lane)["kind"]) or "text"
    item = {**item, "kind": kind}
    items.insert(len(items) if index is None else max(0, min(index, len(items))), item)
    return Note("web.add_item", where(doc, stage, lane))


def edit_item(doc: Doc, stage: str, lane: str, index: int, fields: Doc) -> Note:
    item = item_of(doc, stage, lane, index)
    fixed = sorted(FIXED_FIELDS & set(fields))
    if fixed:
        raise MapError(_("an item edit cannot change '{field}'").format(field=fixed[0]),
                       field=fixed[0],
                       hint=_("Bind or unbind a metric with the binding operation."))
    for name, value in fields.items():
        if value is None or (isinstance(value, str) and not value.strip()
                             and name != MAIN_FIELD[item["kind"]]):
            item.pop(name, None)  # an emptied optional field goes back to its default
        else:
            item[name] = value.strip() if isinstance(value, str) else value
    return Note("web.edit_item", {"fields": ", ".join(sorted(fields)),
                                  **where(doc, stage, lane)})


def remove_item(doc: Doc, stage: str, lane: str, index: int) -> Note:
    item_of(doc, stage, lane, index)
    cell_of(doc, stage, lane)["items"].pop(index)
    return Note("web.remove_item", where(doc, stage, lane))


def move_item(doc: Doc, stage: str, lane: str, index: int, to_stage: str, to_lane: str,
              to_index: int) -> Note:
    item = item_of(doc, stage, lane, index)
    cell_of(doc, stage, lane)["items"].pop(index)
    target = cell_of(doc, to_stage, to_lane)["items"]
    target.insert(max(0, min(to_index, len(target))), item)
    return Note("web.move_item", {**where(doc, stage, lane),
                                  **where(doc, to_stage, to_lane, "to_")})


def set_binding(doc: Doc, stage: str, lane: str, index: int, binding: Doc | None) -> Note:
    item = item_of(doc, stage, lane, index)
    if binding is None:
        item.pop("binding", None)
        return Note("web.unbind", where(doc, stage, lane))
    if item["kind"] == "opportunity":
        raise MapError(_("an opportunity cannot be bound to a metric"), field="binding",
                       hint=_("Bind a KPI, a touchpoint, a pain point or an emotion point."))
    item["binding"] = binding
    if item["kind"] == "emotion" and binding.get("value") is not None:
        item["score"] = max(-2.0, min(2.0, round(binding["value"], 2)))
    return Note("web.bind", {"metric": binding["metric"], **where(doc, stage, lane)})


# -- stages and lanes ------------------------------------------------------------------
def _unique_id(existing: list[str], name: str) -> str:
    base = name.strip()
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base} ({n})", n + 1
    return candidate


def add_part(doc: Doc, part: str, fields: Doc, index: int | None = None) -> Note:
    """Add a stage or a lane (``part`` is ``stages`` or ``lanes``)."""
    entries = doc[part]
    name = str(fields.get("name") or "").strip()
    entry = {**{k: v for k, v in fields.items() if v not in (None, "")}, "name": name,
             "id": _unique_id([e["id"] for e in entries], name) if name else ""}
    entries.insert(len(entries) if index is None else max(0, min(index, len(entries))), entry)
    return Note(f"web.add_{part[:-1]}", {"name": name})


def edit_part(doc: Doc, part: str, part_id: str, fields: Doc) -> Note:
    entry = stage_of(doc, part_id) if part == "stages" else lane_of(doc, part_id)
    if "id" in fields:
        raise MapError(_("a stage's id cannot change") if part == "stages"
                       else _("a lane's id cannot change"), field="id")
    for name, value in fields.items():
        if value is None or (isinstance(value, str) and not value.strip() and name != "name"):
            entry.pop(name, None)
        else:
            entry[name] = value.strip() if isinstance(value, str) else value
    return Note(f"web.edit_{part[:-1]}", {"name": entry["name"]})


def remove_part(doc: Doc, part: str, part_id: str) -> Note:
    entry = stage_of(doc, part_id) if part == "stages" else lane_of(doc, part_id)
    key = part[:-1]
    doc[part] = [e for e in doc[part] if e["id"] != part_id]
    doc["cells"] = [c for c in doc["cells"] if c[key] != part_id]
    return Note(f"web.remove_{key}", {"name": entry["name"]})


def order_parts(doc: Doc, part: str, ids: list[str]) -> Note:
    current = [e["id"] for e in doc[part]]
    if sorted(ids) != sorted(current):
        message = (_("the new order must name every stage once (the map has: {ids})")
                   if part == "stages" else
                   _("the new order must name every lane once (the map has: {ids})"))
        raise MapError(message.format(ids=", ".join(current)), field="order",
                       hint=_("Reload the map: someone may have changed it."))
    by_id = {e["id"]: e for e in doc[part]}
    doc[part] = [by_id[i] for i in ids]
    return Note(f"web.order_{part}")


# -- comments and details --------------------------------------------------------------
def add_comment(doc: Doc, stage: str, lane: str, author: str, text: str, at: str) -> Note:
    cell_of(doc, stage, lane)["comments"].append({"author": author, "at": at,
                                                  "text": text.strip()})
    return Note("web.comment", where(doc, stage, lane))


DETAIL_FIELDS = ("title", "type", "owner", "scenario", "expectations", "goals", "personas")


def edit_details(doc: Doc, fields: Doc) -> Note:
    """Change the map's header: title, type, owner, scenario, expectations, goals and
    personas (a persona whose name is emptied is removed)."""
    unknown = sorted(set(fields) - set(DETAIL_FIELDS))
    if unknown:
        raise MapError(_("'{field}' is not a detail of the map").format(field=unknown[0]),
                       field=unknown[0])
    for name, value in fields.items():
        if name in ("expectations", "goals"):
            value = [line.strip() for line in value or [] if str(line).strip()]
        elif name == "personas":
            value = [_persona(p) for p in value or [] if str(p.get("name") or "").strip()]
        elif name == "owner":
            value = (value or "").strip() or None
        elif isinstance(value, str):
            value = value.strip()
        doc[name] = value
    return Note("web.edit_details")


def _persona(raw: Doc) -> Doc:
    goals = [g.strip() for g in raw.get("goals") or [] if str(g).strip()]
    segment = str(raw.get("segment") or "").strip() or None
    return {"name": str(raw["name"]).strip(), "description":
            str(raw.get("description") or "").strip(), "goals": goals, "segment": segment}

"""What changed between two versions of a map: stages, lanes, cells and KPI values.

Items are matched within their cell by identity (a KPI by name, a touchpoint by name, an
opportunity by description, an emotion point by position, text by its text), so editing
a KPI's target reads as one change, not a removal and an addition.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pyarrow as pa

from journeymap.maps.items import item_text
from journeymap.maps.model import JourneyMap
from journeymap.results import TableResult

HEADER_FIELDS = ("title", "type", "language", "owner", "scenario", "expectations", "goals")


@dataclass(frozen=True)
class Change:
    change: str  # added, removed, changed
    what: str  # map, persona, stage, lane, item, kpi value, comment
    where: str
    before: str | None
    after: str | None


def diff_maps(old: JourneyMap, new: JourneyMap, title: str = "map diff") -> TableResult:
    """Every difference from ``old`` to ``new``, in reading order, as a table."""
    changes: list[Change] = []
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    for field in HEADER_FIELDS:
        if a[field] != b[field]:
            changes.append(Change("changed", "map", field, _show(a[field]), _show(b[field])))
    changes += _named("persona", {p.name: p.model_dump_json() for p in old.personas},
                      {p.name: p.model_dump_json() for p in new.personas})
    changes += _named("stage", {s.id: s.name for s in old.stages},
                      {s.id: s.name for s in new.stages})
    if [s.id for s in old.stages if s.id in {x.id for x in new.stages}] != [
            s.id for s in new.stages if s.id in {x.id for x in old.stages}]:
        changes.append(Change("changed", "stage", "order", _show([s.name for s in old.stages]),
                              _show([s.name for s in new.stages])))
    changes += _named("lane", {x.id: f"{x.name} ({x.kind})" for x in old.lanes},
                      {x.id: f"{x.name} ({x.kind})" for x in new.lanes})
    if old.review != new.review:
        changes.append(Change("changed", "map", "review", old.review.model_dump_json(),
                              new.review.model_dump_json()))
    changes += _cells(old, new)
    schema = pa.schema([(f, pa.string()) for f in ("change", "what", "where", "before",
                                                    "after")])
    return TableResult(pa.Table.from_pylist([asdict(c) for c in changes], schema=schema), title)


def _named(what: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    out = [Change("removed", what, k, v, None) for k, v in old.items() if k not in new]
    out += [Change("added", what, k, None, v) for k, v in new.items() if k not in old]
    out += [Change("changed", what, k, old[k], new[k]) for k in old
            if k in new and old[k] != new[k]]
    return out


def _cells(old: JourneyMap, new: JourneyMap) -> list[Change]:
    names = {s.id: s.name for s in [*old.stages, *new.stages]}
    lanes = {x.id: x.name for x in [*old.lanes, *new.lanes]}
    keys = [(c.stage, c.lane) for c in old.ordered_cells()]
    keys += [(c.stage, c.lane) for c in new.ordered_cells() if (c.stage, c.lane) not in keys]
    out: list[Change] = []
    for stage, lane in keys:
        where = f"{names[stage]} / {lanes[lane]}"
        before = {_identity(i, n): i for n, i in enumerate(old.items(stage, lane))}
        after = {_identity(i, n): i for n, i in enumerate(new.items(stage, lane))}
        for key, item in before.items():
            if key not in after:
                out.append(Change("removed", "item", where, item_text(item), None))
        for key, item in after.items():
            if key not in before:
                out.append(Change("added", "item", where, None, item_text(item)))
                continue
            out += _item_changes(where, before[key], item)
        out += _comments(where, old, new, stage, lane)
    return out


def _identity(item: Any, position: int) -> tuple:
    match item.kind:
        case "emotion":
            return ("emotion", position)
        case "kpi" | "touchpoint":
            return (item.kind, item.name)
        case "opportunity":
            return (item.kind, item.description)
        case _:
            return (item.kind, item.text)


def _item_changes(where: str, old: Any, new: Any) -> list[Change]:
    out = []
    if old.kind == "kpi" and old.current != new.current:
        out.append(Change("changed", "kpi value", f"{where} / {new.name}",
                          _show(old.current), _show(new.current)))
    a = old.model_dump(mode="json", exclude={"binding"})
    b = new.model_dump(mode="json", exclude={"binding"})
    if old.kind == "kpi":
        a.pop("value")
        b.pop("value")
    for field in a:
        if a[field] != b[field]:
            out.append(Change("changed", "item", f"{where} / {item_text(new)} / {field}",
                              _show(a[field]), _show(b[field])))
    ob, nb = getattr(old, "binding", None), getattr(new, "binding", None)
    if old.kind != "kpi" and ob is not None and nb is not None and ob.value != nb.value:
        out.append(Change("changed", "bound value", f"{where} / {item_text(new)}",
                          _show(ob.value), _show(nb.value)))
    return out


def _comments(where: str, old: JourneyMap, new: JourneyMap, stage: str, lane: str
              ) -> list[Change]:
    def texts(doc: JourneyMap) -> list[str]:
        for cell in doc.cells:
            if cell.stage == stage and cell.lane == lane:
                return [f"{c.author}: {c.text}" for c in cell.comments]
        return []

    a, b = texts(old), texts(new)
    return ([Change("removed", "comment", where, c, None) for c in a if c not in b]
            + [Change("added", "comment", where, None, c) for c in b if c not in a])


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)

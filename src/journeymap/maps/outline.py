"""A map as imported text, before it is typed: stage names, lane names and item lines.

Grid (CSV, XLSX) and mind-map (Xmind) imports both read their file into an
:class:`Outline`; :func:`build_map` then guesses lane kinds, parses each line into an item
of its lane's kind and validates the document, so both imports name a bad cell the same
way: the file, the row and column (or the topic) and what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from journeymap.errors import MapError
from journeymap.maps.grid_format import Line, parse_item
from journeymap.maps.items import LaneKind
from journeymap.maps.lane_kinds import guess_lane_kind
from journeymap.maps.model import JourneyMap, MapType
from journeymap.maps.schema import parse_map

HANGUL = re.compile(r"[\uac00-\ud7a3]")

#: Where something came from, for errors: (row or None, field such as "column C").
Where = tuple[int | None, str | None]


@dataclass
class Outline:
    """Stages, lanes and the lines of each cell, with where each came from in the file.

    ``cells`` and ``where`` are keyed by (lane index, stage index); ``where`` also holds
    (None, stage index) for a stage's name and (lane index, None) for a lane's title.
    ``fields`` are document fields the file states (title, type, language, owner,
    personas ...); ``kinds`` lane kinds it states by lane name; ``stage_fields`` extra
    stage fields (description, analytics_stage) by stage name.
    """

    source: str
    stages: list[str] = field(default_factory=list)
    lanes: list[str] = field(default_factory=list)
    cells: dict[tuple[int, int], list[Line]] = field(default_factory=dict)
    where: dict[tuple[int | None, int | None], Where] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    kinds: dict[str, LaneKind] = field(default_factory=dict)
    stage_fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    def error(self, message: str, key: tuple[int | None, int | None],
              hint: str | None = None, code: str | None = None,
              params: dict[str, Any] | None = None) -> MapError:
        row, where = self.where.get(key, (None, None))
        return MapError(message, file=self.source, row=row, field=where, hint=hint,
                        code=code, params=params)


def build_map(outline: Outline, title: str | None = None,
              language: str | None = None) -> JourneyMap:
    """The typed, validated map an outline describes (raises MapError naming the cell)."""
    _check_names(outline)
    kinds = [outline.kinds.get(name) or guess_lane_kind(name) for name in outline.lanes]
    cells = []
    for (lane_no, stage_no), lines in sorted(outline.cells.items()):
        items = []
        stage, lane = outline.stages[stage_no], outline.lanes[lane_no]
        for line in lines:
            try:
                item = parse_item(kinds[lane_no], line)
            except ValueError as exc:
                raise outline.error(
                    f"stage '{stage}', lane '{lane}' ({kinds[lane_no]}): {exc}",
                    (lane_no, stage_no), code="map.bad_cell",
                    params={"stage": stage, "lane": lane, "kind": kinds[lane_no].value,
                            "problem": str(exc), "problem_code": getattr(exc, "code", None),
                            "problem_params": getattr(exc, "params", {})}) from None
            if item is not None:
                items.append(item)
        if items:
            cells.append({"stage": stage, "lane": lane, "items": items})
    fields = dict(outline.fields)
    doc: dict[str, Any] = {
        **fields,
        "title": title or fields.get("title") or "Journey map",
        "language": language or fields.get("language") or _language(outline),
        "stages": [{"name": name, **outline.stage_fields.get(name, {})}
                   for name in outline.stages],
        "lanes": [{"name": name, "kind": kind.value}
                  for name, kind in zip(outline.lanes, kinds, strict=True)],
        "cells": cells,
    }
    if "type" not in fields and LaneKind.line_of_visibility in kinds:
        doc["type"] = MapType.service_blueprint.value
    return parse_map(doc, source=outline.source)


def _check_names(outline: Outline) -> None:
    if not outline.stages:
        raise outline.error("the map has no stages", (None, 0),
                            hint="put the stage names in the first row, after a corner cell",
                            code="map.no_stages")
    for what, names in (("stage", outline.stages), ("lane", outline.lanes)):
        seen: set[str] = set()
        for n, name in enumerate(names):
            key = (None, n) if what == "stage" else (n, None)
            if not name.strip():
                raise outline.error(f"a {what} has no name", key,
                                    hint=f"name the {what} or delete it",
                                    code=f"map.unnamed_{what}")
            if name in seen:
                raise outline.error(f"two {what}s are named '{name}'", key,
                                    hint=f"give each {what} its own name",
                                    code=f"map.duplicate_{what}", params={"name": name})
            seen.add(name)


def _language(outline: Outline) -> str:
    """Korean when the title, stages or lanes have Hangul, else English."""
    texts = [str(outline.fields.get("title", "")), *outline.stages, *outline.lanes]
    return "ko" if any(HANGUL.search(t) for t in texts) else "en"

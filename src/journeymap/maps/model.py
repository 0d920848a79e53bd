"""The journey-map document: personas, scenario, ordered stages, lanes and their cells.

A map is a plain Pydantic document with a ``schema_version``; storage keeps it as JSON so a
map saved by one release opens in the next (``journeymap.maps.schema`` upgrades old
versions on read). Stages are columns and lanes are rows; a cell is addressed by the ids of
its stage and lane, which default to their names so hand-written files stay short.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from journeymap.maps.items import (
    LANE_ITEMS,
    Binding,
    Comment,
    Item,
    LaneKind,
    Strict,
)

SCHEMA_VERSION = 1


class MapType(StrEnum):
    current_state = "current_state"
    future_state = "future_state"
    day_in_the_life = "day_in_the_life"
    service_blueprint = "service_blueprint"


class _Named(Strict):
    """Something with a name whose id defaults to that name."""

    id: str = ""
    name: str = Field(min_length=1)

    @model_validator(mode="after")
    def _default_id(self) -> _Named:
        if not self.id:
            self.id = self.name
        return self


class Persona(Strict):
    """Who the map is about; ``segment`` ties it to data (a ``journey.COL=value`` filter)."""

    name: str = Field(min_length=1)
    description: str = ""
    goals: list[str] = Field(default_factory=list)
    segment: str | None = None


class Stage(_Named):
    """A column; ``analytics_stage`` is the journey stage of the data it is bound to."""

    description: str = ""
    analytics_stage: str | None = None


class Lane(_Named):
    """A row of the map; its ``kind`` decides which items its cells hold."""

    kind: LaneKind = LaneKind.custom


class Cell(Strict):
    """The items and comments where one stage meets one lane."""

    stage: str
    lane: str
    items: list[Item] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)


class ReviewPolicy(Strict):
    """How often the map is reviewed (every 6 months by default; 3 = quarterly)."""

    cadence_months: int = Field(6, ge=1, le=24)
    last_reviewed_at: datetime | None = None


class Generated(Strict):
    """What a generated map was made from, so a refresh can redo it."""

    persona: str | None = None
    segment: str | None = None
    level: Literal["person", "account"] = "person"


class JourneyMap(Strict):
    """One journey-map document."""

    schema_version: Literal[1] = SCHEMA_VERSION
    title: str = Field(min_length=1)
    type: MapType = MapType.current_state
    language: Literal["ko", "en"] = "en"
    owner: str | None = None
    personas: list[Persona] = Field(default_factory=list)
    scenario: str = ""
    expectations: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    lanes: list[Lane] = Field(default_factory=list)
    cells: list[Cell] = Field(default_factory=list)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)
    generated: Generated | None = None

    @model_validator(mode="after")
    def _consistent(self) -> JourneyMap:
        _unique("stage", [s.id for s in self.stages])
        _unique("lane", [lane.id for lane in self.lanes])
        stages = {s.id: s for s in self.stages}
        lanes = {lane.id: lane for lane in self.lanes}
        seen: set[tuple[str, str]] = set()
        for cell in self.cells:
            if cell.stage not in stages:
                raise PydanticCustomError(
                    "map_unknown_stage", "a cell names stage '{stage}', which the map does not "
                    "have (stages: {stages})",
                    {"stage": cell.stage, "stages": ", ".join(stages) or "none"})
            if cell.lane not in lanes:
                raise PydanticCustomError(
                    "map_unknown_lane", "a cell names lane '{lane}', which the map does not "
                    "have (lanes: {lanes})",
                    {"lane": cell.lane, "lanes": ", ".join(lanes) or "none"})
            if (cell.stage, cell.lane) in seen:
                raise PydanticCustomError(
                    "map_two_cells", "stage '{stage}', lane '{lane}': two cells; put all "
                    "items of a cell in one list", {"stage": cell.stage, "lane": cell.lane})
            seen.add((cell.stage, cell.lane))
            kind = lanes[cell.lane].kind
            for n, item in enumerate(cell.items, 1):
                if item.kind not in LANE_ITEMS[kind]:
                    allowed = ", ".join(sorted(LANE_ITEMS[kind])) or "no items"
                    raise PydanticCustomError(
                        "map_item_in_wrong_lane", "stage '{stage}', lane '{lane}', item {n}: "
                        "a {item} item cannot go in a lane of kind {kind} (it takes "
                        "{allowed})", {"stage": cell.stage, "lane": cell.lane, "n": n,
                                       "item": item.kind, "kind": str(kind),
                                       "allowed": allowed})
        if self.type == MapType.service_blueprint and not any(
            lane.kind == LaneKind.line_of_visibility for lane in self.lanes
        ):
            raise PydanticCustomError(
                "map_blueprint_without_visibility", "a service blueprint needs a "
                "line_of_visibility lane between its frontstage and backstage lanes")
        return self

    def cell(self, stage: str, lane: str) -> Cell:
        """The cell at ``stage`` x ``lane`` (ids), added empty if the map has none yet."""
        for cell in self.cells:
            if cell.stage == stage and cell.lane == lane:
                return cell
        if stage not in {s.id for s in self.stages} or lane not in {x.id for x in self.lanes}:
            raise KeyError(f"no stage '{stage}' or lane '{lane}' on this map")
        cell = Cell(stage=stage, lane=lane)
        self.cells.append(cell)
        return cell

    def items(self, stage: str, lane: str) -> list[Any]:
        """The items of a cell (empty when the cell does not exist)."""
        for cell in self.cells:
            if cell.stage == stage and cell.lane == lane:
                return list(cell.items)
        return []

    def lanes_of(self, kind: LaneKind) -> list[Lane]:
        return [lane for lane in self.lanes if lane.kind == kind]

    def bindings(self) -> Iterator[tuple[Cell, Binding]]:
        """Every bound number on the map with the cell it sits in."""
        for cell in self.cells:
            for item in cell.items:
                binding = getattr(item, "binding", None)
                if binding is not None:
                    yield cell, binding

    def ordered_cells(self) -> list[Cell]:
        """Cells in reading order: lane by lane, stage by stage (for stable output)."""
        stage_pos = {s.id: n for n, s in enumerate(self.stages)}
        lane_pos = {lane.id: n for n, lane in enumerate(self.lanes)}
        return sorted(self.cells, key=lambda c: (lane_pos[c.lane], stage_pos[c.stage]))


def _unique(what: str, ids: list[str]) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise PydanticCustomError(
            "map_duplicate_id", "two {what}s have the id '{id}'; give each {what} its own id",
            {"what": what, "id": dupes[0]})

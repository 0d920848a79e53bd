"""Importing a journey map from an Xmind mind map (.xmind).

Reads the JSON format of Xmind 2020 and later (``content.json``) and the XML format of
Xmind 8 (``content.xml``), first sheet only. The root topic is the title; its children
are the stages and theirs the lanes, whose sub-topics are the items (a topic's own
sub-topics become items after it) — the shape of Xmind's customer-journey template and of
:func:`journeymap.render.map_xmind.write_map_xmind`. When at least half of the root's
children look like lanes, and more of them than of their children (by their titles, or a
lane-kind label as the export writes), the tree is read the other way round: root > lanes
> stages > items. A smiley marker gives an emotion its score when the title has no number.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from journeymap.errors import InputNotFoundError, MapError
from journeymap.maps.grid_format import SMILEY_MARKERS, Line
from journeymap.maps.items import LaneKind
from journeymap.maps.lane_kinds import is_lane_title
from journeymap.maps.model import JourneyMap, MapType
from journeymap.maps.outline import Outline, build_map

#: Largest content file read (bytes, uncompressed), against zip bombs.
MAX_CONTENT_BYTES = 64 << 20


@dataclass
class Topic:
    """A mind-map topic, whichever format it came from."""

    title: str
    labels: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    children: list[Topic] = field(default_factory=list)

    def lane_kind(self) -> LaneKind | None:
        """The lane kind a label states (as the export writes it), else None."""
        return next((LaneKind(x) for x in self.labels if x in LaneKind.__members__), None)


def read_xmind(path: Path | str, title: str | None = None,
               language: str | None = None) -> JourneyMap:
    """The map an .xmind file describes (title: ``title``, else the root topic's)."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFoundError("the Xmind file does not exist", file=str(path),
                                 code="import.no_file")
    root = read_root_topic(path)
    outline = topic_outline(root, str(path))
    outline.fields.setdefault("title", path.stem)
    return build_map(outline, title, language)


def topic_outline(root: Topic, source: str) -> Outline:
    """The outline of a tree: root > stages > lanes > items (or root > lanes > stages)."""
    outline = Outline(source)
    if root.title:
        outline.fields["title"] = root.title
    map_type = next((x for x in root.labels if x in MapType.__members__), None)
    if map_type is not None:
        outline.fields["type"] = map_type
    outer_share = _share_of_lanes(root.children)
    lanes_first = outer_share >= 0.5 and outer_share > _share_of_lanes(
        [t for branch in root.children for t in branch.children])
    outer = [branch.title for branch in root.children]
    inner = _merged([[t.title for t in branch.children] for branch in root.children])
    outline.stages, outline.lanes = (inner, outer) if lanes_first else (outer, inner)
    for n, branch in enumerate(root.children):
        key = (n, None) if lanes_first else (None, n)
        outline.where[key] = (None, f"topic '{branch.title}'")
        for topic in branch.children:
            lane_topic = branch if lanes_first else topic
            stage, lane = (topic.title, branch.title) if lanes_first else (branch.title,
                                                                            topic.title)
            kind = lane_topic.lane_kind()
            if kind is not None:
                outline.kinds.setdefault(lane, kind)
            cell = (outline.lanes.index(lane), outline.stages.index(stage))
            outline.where[cell] = (None, f"topic '{branch.title} > {topic.title}'")
            outline.where.setdefault((cell[0], None), (None, f"topic '{lane}'"))
            outline.where.setdefault((None, cell[1]), (None, f"topic '{stage}'"))
            outline.cells.setdefault(cell, []).extend(
                Line(t.title, _smiley(t)) for t in _descendants(topic) if t.title)
    return outline


def _share_of_lanes(topics: list[Topic]) -> float:
    if not topics:
        return 0.0
    lanes = sum(t.lane_kind() is not None or is_lane_title(t.title) for t in topics)
    return lanes / len(topics)


def _merged(sequences: list[list[str]]) -> list[str]:
    """The names of all branches in one order that keeps each branch's order where it can:
    a name first seen in a later branch goes before the next name it precedes there that
    is already placed, else at the end."""
    merged: list[str] = []
    for names in sequences:
        for n, name in enumerate(names):
            if name in merged:
                continue
            after = next((x for x in names[n + 1:] if x in merged), None)
            merged.insert(merged.index(after) if after is not None else len(merged), name)
    return merged


def _descendants(topic: Topic) -> list[Topic]:
    found = []
    for child in topic.children:
        found.append(child)
        found.extend(_descendants(child))
    return found


def _smiley(topic: Topic) -> float | None:
    return next((SMILEY_MARKERS[m] for m in topic.markers if m in SMILEY_MARKERS), None)


# --- files -------------------------------------------------------------------------------


def read_root_topic(path: Path) -> Topic:
    """The root topic of the first sheet of an .xmind file (JSON or legacy XML)."""
    source = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for name, parse in (("content.json", _json_root), ("content.xml", _xml_root)):
                if name in names:
                    if zf.getinfo(name).file_size > MAX_CONTENT_BYTES:
                        raise MapError(f"{name} is larger than {MAX_CONTENT_BYTES >> 20} MB",
                                       file=source, code="xmind.too_large",
                                       params={"name": name, "mb": MAX_CONTENT_BYTES >> 20})
                    return parse(zf.read(name), source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise MapError(f"not an Xmind file: {exc}", file=source,
                       hint="save the mind map as .xmind", code="xmind.unreadable",
                       params={"error": str(exc)}) from None
    except RecursionError:
        raise MapError("the mind map is nested too deeply to read", file=source,
                       code="xmind.too_deep") from None
    raise MapError("not an Xmind file: it has neither content.json nor content.xml",
                   file=source, hint="save the mind map as .xmind", code="xmind.no_content")


def _json_root(data: bytes, source: str) -> Topic:
    try:
        sheets = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MapError(f"content.json is not valid JSON: {exc}", file=source,
                       code="xmind.bad_json", params={"error": str(exc)}) from None
    sheet = sheets[0] if isinstance(sheets, list) and sheets else sheets
    if not isinstance(sheet, dict) or not isinstance(sheet.get("rootTopic"), dict):
        raise MapError("content.json has no sheet with a root topic", file=source,
                       code="xmind.no_root_topic", params={"part": "content.json"})
    return _json_topic(sheet["rootTopic"])


def _json_topic(node: dict[str, Any]) -> Topic:
    children = node.get("children")
    attached = children.get("attached") if isinstance(children, dict) else None
    return Topic(
        title=str(node.get("title") or "").strip(),
        labels=[str(x) for x in node.get("labels") or [] if x],
        markers=[str(m.get("markerId", "")) for m in node.get("markers") or []
                 if isinstance(m, dict)],
        children=[_json_topic(c) for c in attached or [] if isinstance(c, dict)],
    )


def _xml_root(data: bytes, source: str) -> Topic:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise MapError("content.xml declares a DOCTYPE or entities, which are not read",
                       file=source, code="xmind.doctype")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise MapError(f"content.xml is not valid XML: {exc}", file=source,
                       code="xmind.bad_xml", params={"error": str(exc)}) from None
    sheet = next((el for el in root if _tag(el) == "sheet"), None)
    topic = next((el for el in sheet if _tag(el) == "topic"), None) if sheet is not None \
        else None
    if topic is None:
        raise MapError("content.xml has no sheet with a root topic", file=source,
                       code="xmind.no_root_topic", params={"part": "content.xml"})
    return _xml_topic(topic)


def _xml_topic(el: ElementTree.Element) -> Topic:
    topic = Topic("")
    for child in el:
        match _tag(child):
            case "title":
                topic.title = "".join(child.itertext()).strip()
            case "labels":
                topic.labels = [(x.text or "").strip() for x in child if _tag(x) == "label"]
            case "marker-refs":
                topic.markers = [x.get("marker-id", "") for x in child]
            case "children":
                for group in child:
                    if _tag(group) == "topics" and group.get("type") == "attached":
                        topic.children += [_xml_topic(t) for t in group if _tag(t) == "topic"]
    return topic


def _tag(el: ElementTree.Element) -> str:
    return str(el.tag).rpartition("}")[2]

"""Map texts that come from the documents layer, in the reader's language.

- Version messages: a version saved with a note (:mod:`journeymap.maps.version_notes`) is
  worded from its code and arguments; one saved without (older databases, messages a
  script typed) is recognised when one of the notes made its text, else shown as stored.
- Field names of map items, as edits and validation errors name them.
"""

from __future__ import annotations

from typing import Any

from journeymap.maps.store import VersionInfo
from journeymap.maps.version_notes import note_of
from journeymap.web.labels import N_
from journeymap.web.templating import gettext as _
from journeymap.web.templating import number

#: the words of each version note (the English is the note's own text)
VERSION_WORDS = {
    "created": N_("created"),
    "created_from_template": N_("created from template {template}"),
    "generated": N_("generated from data"),
    "refreshed": N_("refreshed numbers ({changed} changed)"),
    "reviewed": N_("reviewed"),
    "imported": N_("imported from {file}"),
    "restored": N_("restored version {version}"),
    "commented": N_("commented"),
    "guided": N_("guided"),
    "guided_from_template": N_("guided, from template {template}"),
    "web.add_item": N_("web: added an item to {stage} / {lane}"),
    "web.edit_item": N_("web: edited {fields} of an item in {stage} / {lane}"),
    "web.remove_item": N_("web: removed an item from {stage} / {lane}"),
    "web.move_item": N_("web: moved an item from {stage} / {lane} to {to_stage} / {to_lane}"),
    "web.unbind": N_("web: unbound an item in {stage} / {lane}"),
    "web.bind": N_("web: bound {metric} in {stage} / {lane}"),
    "web.add_stage": N_("web: added stage '{name}'"),
    "web.add_lane": N_("web: added lane '{name}'"),
    "web.edit_stage": N_("web: edited stage '{name}'"),
    "web.edit_lane": N_("web: edited lane '{name}'"),
    "web.remove_stage": N_("web: removed stage '{name}'"),
    "web.remove_lane": N_("web: removed lane '{name}'"),
    "web.order_stages": N_("web: reordered stages"),
    "web.order_lanes": N_("web: reordered lanes"),
    "web.comment": N_("web: commented on {stage} / {lane}"),
    "web.edit_details": N_("web: edited the map's details"),
}
#: the fields of map items and maps, as the reader calls them
FIELD_WORDS = {
    "text": N_("field:text"), "name": N_("field:name"), "label": N_("field:label"),
    "score": N_("field:score"), "severity": N_("field:severity"),
    "description": N_("field:description"), "impact": N_("field:impact"),
    "effort": N_("field:effort"), "owner": N_("field:owner"), "status": N_("field:status"),
    "target_kpi": N_("field:target_kpi"), "value": N_("field:value"),
    "target": N_("field:target"), "unit": N_("field:unit"), "channel": N_("field:channel"),
    "title": N_("field:title"), "type": N_("field:type"), "language": N_("field:language"),
    "kind": N_("field:kind"), "metric": N_("field:metric"), "params": N_("field:params"),
    "goals": N_("field:goals"), "scenario": N_("field:scenario"),
    "expectations": N_("field:expectations"), "personas": N_("field:personas"),
    "segment": N_("field:segment"), "analytics_stage": N_("field:analytics_stage"),
    "cadence_months": N_("field:cadence_months"), "id": N_("field:id"),
}


def field_word(name: str) -> str:
    """A field's name in the reader's words (unknown fields as they are)."""
    key = FIELD_WORDS.get(name)
    return _(key) if key else name


def _metric_word(metric: str) -> str:
    from journeymap.web.routes.maps_view import METRIC_LABELS

    label = METRIC_LABELS.get(metric)
    return _(label) if label else metric


def _arguments(args: dict[str, Any]) -> dict[str, str]:
    out = {k: str(v) for k, v in args.items()}
    if "changed" in args:
        out["changed"] = number(args["changed"])
    if "fields" in args:
        out["fields"] = ", ".join(field_word(f.strip()) for f in str(args["fields"]).split(","))
    if "metric" in args:
        out["metric"] = _metric_word(str(args["metric"]))
    return out


def version_message(version: VersionInfo) -> str:
    """What a save did, in the request's language (else the message as stored)."""
    note = note_of(version.code, version.args, version.message)
    words = VERSION_WORDS.get(note.code) if note else None
    if note is None or words is None:
        return version.message
    try:
        return _(words).format(**_arguments(note.args))
    except (KeyError, IndexError, ValueError):
        return version.message

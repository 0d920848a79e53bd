"""Map texts that come from the documents layer, in the reader's language.

- Version messages: a version saved with a note (:mod:`journeymap.maps.version_notes`) is
  worded from its code and arguments; one saved without (older databases, messages a
  script typed) is recognised when one of the notes made its text, else shown as stored.
- Field names of map items, as edits and validation errors name them.
- What is wrong with a map document: ``MapError.problem`` (location parts, Pydantic's error
  type and context) worded by type; other errors keep their message.
"""

from __future__ import annotations

from typing import Any

from journeymap.errors import JourneymapError
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


# -- what is wrong with a map ------------------------------------------------------------
#: Pydantic's error types and the map model's own (``map_*``), worded with their context
PROBLEM_WORDS = {
    "missing": N_("required"),
    "string_too_long": N_("must be at most {max_length} characters"),
    "greater_than_equal": N_("must be {ge} or more"),
    "less_than_equal": N_("must be {le} or less"),
    "greater_than": N_("must be more than {gt}"),
    "less_than": N_("must be less than {lt}"),
    "float_parsing": N_("must be a number"), "float_type": N_("must be a number"),
    "int_parsing": N_("must be a whole number"), "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "string_type": N_("must be text"),
    "bool_parsing": N_("must be true or false"), "bool_type": N_("must be true or false"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be an object"), "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "datetime_parsing": N_("must be a date and time"),
    "datetime_type": N_("must be a date and time"),
    "datetime_from_date_parsing": N_("must be a date and time"),
    "enum": N_("must be one of: {expected}"),
    "literal_error": N_("must be one of: {expected}"),
    "extra_forbidden": N_("is not a field of this part of the map"),
    "union_tag_invalid": N_("'{tag}' is not a kind of item (kinds: {expected_tags})"),
    "union_tag_not_found": N_("says no kind"),
    "map_unknown_stage": N_("a cell names stage '{stage}', which the map does not have "
                            "(stages: {stages})"),
    "map_unknown_lane": N_("a cell names lane '{lane}', which the map does not have "
                           "(lanes: {lanes})"),
    "map_two_cells": N_("stage '{stage}', lane '{lane}': two cells; put all items of a cell "
                        "in one list"),
    "map_item_in_wrong_lane": N_("stage '{stage}', lane '{lane}', item {n}: a {item} item "
                                 "cannot go in a lane of kind {kind} (it takes {allowed})"),
    "map_blueprint_without_visibility": N_("a service blueprint needs a line_of_visibility "
                                           "lane between its frontstage and backstage lanes"),
    "map_duplicate_id": N_("two {what}s have the id '{id}'; give each {what} its own id"),
}
PART_WORDS = {
    "cell": N_("stage '{stage}', lane '{lane}'"),
    "item": N_("item {n}"), "comment": N_("comment {n}"),
    "stage": N_("stage {n} ('{name}')"), "lane": N_("lane {n} ('{name}')"),
    "persona": N_("persona {n} ('{name}')"),
}
UNNAMED_PART_WORDS = {"stage": N_("stage {n}"), "lane": N_("lane {n}"),
                      "persona": N_("persona {n}")}
MAP_FORMAT_HINT = "see docs/maps.md for the map format"


def location_words(parts: tuple[tuple[Any, ...], ...]) -> str:
    """Where in a map a problem is, in the reader's words."""
    words = []
    for part in parts:
        kind = part[0]
        if kind == "cell":
            words.append(_(PART_WORDS[kind]).format(stage=part[1], lane=part[2]))
        elif kind in ("item", "comment"):
            words.append(_(PART_WORDS[kind]).format(n=number(part[1])))
        elif kind == "field":
            words.append(field_word(str(part[1])))
        elif kind in UNNAMED_PART_WORDS:
            template = PART_WORDS[kind] if part[2] else UNNAMED_PART_WORDS[kind]
            words.append(_(template).format(n=number(part[1]), name=part[2]))
        else:
            words.append(" ".join(str(p) for p in part))
    return ", ".join(words)


def _context(ctx: dict[str, Any]) -> dict[str, str]:
    out = {k: number(v, 3) if isinstance(v, int | float) and not isinstance(v, bool)
           else str(v) for k, v in ctx.items()}
    for key in ("kind", "what"):  # a lane kind, "stage" or "lane": words of the catalogue
        if key in ctx:
            out[key] = _(str(ctx[key]))
    return out


def problem_words(problem: Any) -> str:
    """A :class:`~journeymap.maps.schema.Problem` (or a Pydantic error dict with ``loc``
    already turned into parts) in the reader's words; Pydantic's English for a type this
    table does not know."""
    ctx = dict(problem.ctx or {})
    if problem.type == "string_too_short":
        what = (_("must not be empty") if ctx.get("min_length", 1) <= 1
                else _("must be at least {min_length} characters").format(**_context(ctx)))
    else:
        template = PROBLEM_WORDS.get(problem.type)
        try:
            what = _(template).format(**_context(ctx)) if template else problem.message
        except (KeyError, IndexError, ValueError):
            what = problem.message
    where = location_words(problem.where)
    return f"{where}: {what}" if where else what


def map_error_text(exc: JourneymapError) -> str:
    """A map error's message in the reader's words (an invalid document worded from its
    problem; other errors from their code, else as they are)."""
    from journeymap.web.error_words import error_text

    problem = getattr(exc, "problem", None)
    return problem_words(problem) if problem is not None else error_text(exc)


def map_error_hint(exc: JourneymapError) -> str | None:
    from journeymap.web.error_words import error_hint

    if exc.hint == MAP_FORMAT_HINT:
        return _("See docs/maps.md for the format of map files.")
    return error_hint(exc)

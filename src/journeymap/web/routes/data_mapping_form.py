"""The mapping editor's model: a mapping as a form (one row per canonical field) or as
TOML text, checked field by field (the preview is :mod:`journeymap.ingest.preview`).

The form edits ``[columns]``, ``[constants]``, ``[timestamp]`` and ``[properties].rest``
and keeps every other section of the mapping it started from; anything the form cannot
show (several columns for one field, nested keys, templates, value maps) is edited as TOML.
Checks here catch, before a load, what would otherwise reject every row.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w

from journeymap.errors import MappingError
from journeymap.ingest.loader import FIXED_HEADER_FORMATS
from journeymap.ingest.mapping import Mapping, mapping_from_dict
from journeymap.ingest.preview import Preview, Sample
from journeymap.schema import IDENTIFIER_FIELDS
from journeymap.web.labels import N_
from journeymap.web.templating import gettext as _

FIELD_HELP = {
    "event_id": N_("Unique id of the event; computed from the row when not mapped"),
    "ts": N_("When it happened"),
    "source": N_("System that recorded it; the source name when not mapped"),
    "channel": N_("Marketing channel; standardised by the build when empty"),
    "touchpoint": N_("What happened: the event name"),
    "anonymous_id": N_("Cookie or device id"),
    "user_id": N_("Member or customer number"),
    "email": N_("E-mail address"),
    "account_id": N_("Company account id"),
    "value": N_("Revenue or deal value (a number)"),
    "text": N_("Free text: feedback, ticket, comment"),
    "rating": N_("Survey score (a number)"),
    "utm_source": N_("UTM source"),
    "utm_medium": N_("UTM medium"),
    "utm_campaign": N_("Campaign"),
    "referrer": N_("Referring page"),
    "name": N_("Company name"),
    "domain": N_("Company web domain"),
    "industry": N_("Industry"),
    "size": N_("Company size"),
    "region": N_("Region"),
}
REQUIRED = {"events": ("ts", "touchpoint"), "accounts": ("account_id",)}
EMPTY_SECTIONS = ("columns", "constants", "templates", "values")


@dataclass(frozen=True)
class FieldRow:
    """One canonical field in the form: the column it comes from, or a fixed value."""

    name: str
    column: str
    constant: str
    group: str  # required, identifiers or more
    note: str

    @property
    def required(self) -> bool:
        return self.group == "required"


@dataclass
class Editor:
    """Everything the mapping page shows; ``errors`` maps a form field to its message."""

    source: str
    file: Path
    toml: str
    mode: str = "form"
    columns: list[str] = field(default_factory=list)
    samples: dict[str, str] = field(default_factory=dict)
    rows: list[FieldRow] = field(default_factory=list)
    formats: str = ""
    timezone: str = "UTC"
    keep_rest: bool = True
    form_ok: bool = True
    kind: str = "events"
    errors: dict[str, str] = field(default_factory=dict)
    mapping: Mapping | None = None
    preview: Preview | None = None


def table(data: dict[str, Any], key: str) -> dict[str, Any]:
    """A section of a mapping dict typed by hand; anything but a table counts as empty
    (validation then reports it)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def parse_toml(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The TOML text as a dict, or the parser's message (with line and column)."""
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return None, _("This is not valid TOML: {error}").format(error=exc)


def to_toml(data: dict[str, Any]) -> str:
    """A mapping dict as the TOML saved in ``mappings/<source>.toml``."""
    tidy = {k: v for k, v in data.items() if not (k in EMPTY_SECTIONS and not v)}
    name = table(tidy, "source").get("name", "")
    head = (f"# Mapping of source '{name}', saved on the Data page of journeymap "
            "(see docs/mapping.md).\n\n")
    return head + tomli_w.dumps(tidy)


def reader_mapping(data: dict[str, Any] | None, origin: str) -> Mapping | None:
    """A mapping with only the ``[source]`` section: enough to read the file as meant."""
    if not data or not table(data, "source"):
        return None
    try:
        return mapping_from_dict({"source": data["source"]}, origin)
    except MappingError:
        return None


def form_rows(data: dict[str, Any], columns: list[str]) -> tuple[list[FieldRow], bool]:
    """The form's rows, and whether the form can show this mapping faithfully."""
    mapping = reader_mapping(data, "<form>")
    kind = mapping.source.kind if mapping else "events"
    fields = [f for f in (mapping or _dummy(kind)).fields if f != "properties"]
    by_field: dict[str, list[str]] = {}
    for raw, target in table(data, "columns").items():
        by_field.setdefault(str(target), []).append(raw)
    faithful = all(len(raws) == 1 and raws[0] in columns and target in fields
                   for target, raws in by_field.items())
    constants, templates, values = (table(data, k) for k in ("constants", "templates",
                                                               "values"))
    required = REQUIRED.get(kind, ())
    identifiers = IDENTIFIER_FIELDS if kind == "events" else ()
    order = [*required, *identifiers, *(f for f in fields
                                       if f not in required and f not in identifiers)]
    rows = []
    for name in order:
        notes = []
        if name in templates:
            notes.append(_("also built from the template {template}").format(
                template=templates[name]))
        if isinstance(values.get(name), dict) and values[name]:
            notes.append(_("{count} values renamed").format(count=len(values[name])))
        raws = by_field.get(name, [])
        rows.append(FieldRow(
            name=name, column=raws[0] if raws else "", constant=str(constants.get(name, "")),
            group="required" if name in required else
            "identifiers" if name in identifiers else "more", note="; ".join(notes)))
    return rows, faithful


def _dummy(kind: str) -> Mapping:
    return mapping_from_dict({"source": {"name": "x", "kind": kind}})


def from_form(form: Any, base: dict[str, Any], columns: list[str]
              ) -> tuple[dict[str, Any], dict[str, str]]:
    """The mapping the form describes, built on ``base``; errors by form field."""
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    rows, _faithful = form_rows(base, columns)
    errors: dict[str, str] = {}
    mapped: dict[str, str] = {}
    constants = {k: v for k, v in table(base, "constants").items()
                 if k not in {r.name for r in rows}}
    for row in rows:
        column = str(form.get(f"column__{row.name}", "")).strip()
        constant = str(form.get(f"constant__{row.name}", "")).strip()
        if column and column not in columns:
            errors[row.name] = _("The file has no column '{column}'.").format(column=column)
        elif column in mapped:
            errors[row.name] = _("Column '{column}' is already used for {field}; a column "
                                 "fills one field only.").format(column=column,
                                                                 field=mapped[column])
        elif column:
            mapped[column] = row.name
        if constant:
            constants[row.name] = constant
    data["columns"] = mapped
    data["constants"] = constants
    formats = [line.strip() for line in str(form.get("formats", "")).splitlines()
               if line.strip()]
    data["timestamp"] = {**table(base, "timestamp"), "formats": formats,
                         "timezone": str(form.get("timezone", "")).strip()}
    data["properties"] = {**table(base, "properties"),
                          "rest": form.get("keep_rest") == "on"}
    return data, errors


def check(data: dict[str, Any], source: str, origin: str, sample: Sample, fmt: str
          ) -> tuple[Mapping | None, dict[str, str]]:
    """Validate a mapping dict for ``source`` and a file of format ``fmt``; errors by
    form field."""
    errors: dict[str, str] = {}
    try:
        mapping = mapping_from_dict(data, origin)
    except MappingError as exc:
        from journeymap.web.error_words import error_text

        where = exc.field or ""
        key = ("timezone" if where.startswith("timestamp.timezone") else
               "formats" if where.startswith("timestamp") else "general")
        message = error_text(exc)
        text = f"{where}: {message}" if where and key == "general" else message
        return None, {key: text}
    if mapping.source.name != source:
        errors["general"] = _("[source] name must be '{source}', the source this file is "
                              "loaded as.").format(source=source)
    try:
        ZoneInfo(mapping.timestamp.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = _("Unknown time zone '{zone}'; use a name such as Asia/Seoul "
                               "or UTC.").format(zone=mapping.timestamp.timezone)
    for pattern in mapping.timestamp.formats:
        if "%" not in pattern:
            errors["formats"] = _("'{format}' is not a time format: it needs directives "
                                  "such as {example}.").format(format=pattern,
                                                                example="%Y-%m-%d %H:%M")
            break
    kind = mapping.source.kind
    filled = _filled(mapping)
    if fmt in FIXED_HEADER_FORMATS:
        for raw, target in mapping.columns.items():
            if raw not in sample.columns:
                errors.setdefault(target, _("The file has no column '{column}'.").format(
                    column=raw))
    for name in REQUIRED[kind]:
        if name not in filled:
            errors.setdefault(name, _("Required: choose the column that holds it, or type a "
                                      "fixed value."))
    if kind == "events" and not filled & set(IDENTIFIER_FIELDS):
        errors["identifiers"] = _("Choose at least one identifier column (anonymous_id, "
                                  "user_id, email or account_id); without one every row is "
                                  "set aside.")
    return (None if errors else mapping), errors


def _filled(mapping: Mapping) -> set[str]:
    return {*mapping.columns.values(), *mapping.constants, *mapping.templates}

"""Mapping files: how the columns of one source's files become canonical fields.

A mapping is a TOML file (see ``docs/mapping.md``). It is validated on load so a typo in a
field name is reported with the file, the key and the nearest valid name.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from journeymap.errors import MappingError
from journeymap.schema import MAPPABLE_ACCOUNT_FIELDS, MAPPABLE_FIELDS
from journeymap.tomlfile import read_toml

FORMATS = ("csv", "json", "ndjson", "parquet", "xlsx", "xes")
#: Names people write for a field, so a typo like 'timestmp' still gets 'ts' as a hint.
FIELD_ALIASES = {
    "timestamp": "ts", "time": "ts", "date": "ts", "datetime": "ts", "event": "touchpoint",
    "activity": "touchpoint", "action": "touchpoint", "amount": "value", "revenue": "value",
    "score": "rating", "mail": "email", "userid": "user_id", "anonymousid": "anonymous_id",
    "company": "account_id", "campaign": "utm_campaign", "comment": "text",
}


class SourceSection(BaseModel):
    """What the files are and how to read them."""

    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Literal["events", "accounts"] = "events"
    format: Literal["csv", "json", "ndjson", "parquet", "xlsx", "xes"] | None = None
    encoding: str = "auto"
    delimiter: str = ","
    sheet: str | None = None
    header_row: int = Field(1, ge=1)


class TimestampSection(BaseModel):
    """How timestamps are written and in which zone, when they carry no offset."""

    model_config = ConfigDict(extra="forbid")

    formats: list[str] = Field(default_factory=list)
    timezone: str = "UTC"


class PropertiesSection(BaseModel):
    """Which raw columns are kept in ``properties``."""

    model_config = ConfigDict(extra="forbid")

    columns: list[str] = Field(default_factory=list)
    rest: bool = True


class Mapping(BaseModel):
    """A validated mapping; ``path`` is where it was read from, for messages."""

    model_config = ConfigDict(extra="forbid")

    source: SourceSection
    columns: dict[str, str] = Field(default_factory=dict)
    constants: dict[str, str | float | int] = Field(default_factory=dict)
    templates: dict[str, str] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    timestamp: TimestampSection = Field(default_factory=TimestampSection)
    properties: PropertiesSection = Field(default_factory=PropertiesSection)
    path: str | None = Field(None, exclude=True)

    @property
    def fields(self) -> tuple[str, ...]:
        """The canonical fields this mapping's kind may target."""
        return MAPPABLE_FIELDS if self.source.kind == "events" else MAPPABLE_ACCOUNT_FIELDS

    @model_validator(mode="after")
    def _known_fields(self) -> Mapping:
        targets = [
            ("columns", col, field) for col, field in self.columns.items()
        ] + [("constants", f, f) for f in self.constants] + [
            ("templates", f, f) for f in self.templates
        ] + [("values", f, f) for f in self.values]
        for section, key, field in targets:
            if field not in self.fields:
                names = [*self.fields, *(a for a, f in FIELD_ALIASES.items() if f in self.fields)]
                near = difflib.get_close_matches(field, names, n=1)
                hint = f"did you mean '{FIELD_ALIASES.get(near[0], near[0])}'?" if near else ""
                raise ValueError(
                    f"[{section}] '{key}' targets unknown field '{field}'; "
                    f"valid fields: {', '.join(self.fields)}. {hint}".strip()
                )
        return self

    def sha256(self) -> str:
        """Fingerprint recorded with each load, so a changed mapping is visible."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file; errors name the file and the bad key."""
    data = read_toml(path, what="mapping file", error=MappingError)
    return mapping_from_dict(data, str(path))


def mapping_from_dict(data: dict, origin: str = "<mapping>") -> Mapping:
    """Validate a mapping given as a dict (as read from TOML)."""
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        code = "mapping.invalid"
        if err["type"] == "extra_forbidden":
            msg, code = "unknown key", "mapping.unknown_key"
        ctx = {k: v for k, v in (err.get("ctx") or {}).items()
               if isinstance(v, str | int | float)}
        raise MappingError(msg, file=origin, field=loc or None, code=code,
                           params={"type": err["type"], "ctx": ctx}) from None
    mapping.path = origin
    return mapping

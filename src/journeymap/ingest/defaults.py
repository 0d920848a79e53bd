"""Mappings that need no file: canonical columns, and XES event logs.

A file whose columns already carry the canonical names loads as it is; an XES log's case,
activity and timestamp are standardised by IEEE 1849, so its mapping is known. Anything
else needs a mapping file, and the error says how to draft one.
"""

from __future__ import annotations

from pathlib import Path

from journeymap.errors import MappingError
from journeymap.ingest.mapping import Mapping, mapping_from_dict
from journeymap.schema import MAPPABLE_FIELDS

CANONICAL_ORIGIN = "<canonical columns>"
XES_ORIGIN = "<XES event log>"


def file_stem(path: Path) -> str:
    """``Helpdesk.xes.gz`` → ``Helpdesk``: the default source name of a file."""
    name = path.name
    for suffix in reversed(path.suffixes):
        name = name.removesuffix(suffix)
    return name or path.stem


def xes_mapping(source: str) -> Mapping:
    """Case id → user_id, activity (with lifecycle) → touchpoint, time → ts."""
    return mapping_from_dict(
        {
            "source": {"name": source, "format": "xes"},
            "columns": {
                "case:concept:name": "user_id",
                "__activity": "touchpoint",
                "time:timestamp": "ts",
            },
        },
        XES_ORIGIN,
    )


def default_mapping(path: Path, fmt: str, columns: list[str], source: str | None) -> Mapping:
    """The mapping of a file loaded without one, or an error saying how to make one."""
    name = source or file_stem(path)
    if fmt == "xes":
        return xes_mapping(name)
    canonical = [c for c in columns if c in MAPPABLE_FIELDS]
    if {"ts", "touchpoint"} <= set(canonical) and (source or "source" in canonical):
        return mapping_from_dict(
            {"source": {"name": name}, "columns": {c: c for c in canonical}}, CANONICAL_ORIGIN
        )
    missing = [c for c in ("ts", "touchpoint", "source") if c not in canonical]
    raise MappingError(
        f"no mapping file for this file, and its columns are not the canonical ones "
        f"(missing: {', '.join(missing)})",
        file=str(path),
        hint=f"run: journeymap ingest {path} --source {source or 'NAME'} --suggest "
             f"(it drafts mappings/{source or 'NAME'}.toml and previews it)",
        code="mapping.not_canonical",
        params={"missing": list(missing), "path": str(path), "source": source or "NAME"},
    )


def check_columns(path: Path, mapping: Mapping, columns: list[str]) -> None:
    """Mapped columns must exist in files with a fixed header (CSV, Excel, Parquet)."""
    for raw, field in mapping.columns.items():
        if raw not in columns:
            raise MappingError(
                f"[columns] '{raw}' (-> {field}) is not a column of {path.name}; its "
                f"columns are: {', '.join(columns)}",
                file=mapping.path, field=raw,
                hint="fix the column name in the mapping (names are case-sensitive)",
                code="mapping.unknown_column",
                params={"column": raw, "field": field, "name": path.name,
                        "columns": list(columns)},
            )

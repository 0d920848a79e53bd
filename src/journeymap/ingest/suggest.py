"""Drafting a mapping from a file's header, with its first rows mapped as a preview.

A draft saves typing and shows at once what the data will look like; the person reviews
the TOML, saves it as ``mappings/<source>.toml`` and loads the file with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import tomli_w

from journeymap.ingest.chunks import open_binary
from journeymap.ingest.defaults import XES_ORIGIN, xes_mapping
from journeymap.ingest.headers import has_korean, recognise
from journeymap.ingest.mapping import Mapping, mapping_from_dict
from journeymap.ingest.preview import read_sample
from journeymap.ingest.read_csv import default_delimiter, resolve_encoding
from journeymap.ingest.readers import file_format
from journeymap.ingest.transform import KEY, map_batch
from journeymap.results import TableResult

PREVIEW_ROWS = 10
#: Formats recognised in sample values, most specific first.
CANDIDATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M",
    "%Y. %m. %d %H:%M", "%Y.%m.%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%Y%m%d%H%M%S", "%Y년 %m월 %d일 %H:%M", "%Y년 %m월 %d일",
    "%y.%m.%d %H:%M", "%y.%m.%d",
)
#: A year below this read by ``%Y`` is a two-digit year (``15.08.25``), not a match.
FIRST_YEAR = 1000


@dataclass(frozen=True)
class MappingSuggestion:
    """A drafted mapping: its TOML text, the validated model, a preview and leftovers."""

    toml: str
    mapping: Mapping
    preview: TableResult
    unmapped: list[str] = field(default_factory=list)
    problems: TableResult | None = None

    def _repr_html_(self) -> str:
        return f"<pre>{self.toml}</pre>" + self.preview._repr_html_()


def detect_formats(values: list[str]) -> list[str]:
    """strptime formats that, in order, read every sample value; ISO needs none."""
    todo = [v.strip() for v in values if v and v.strip()]
    found: list[str] = []
    for fmt in CANDIDATE_FORMATS:
        if not todo:
            break
        parsed = pl.Series(todo).str.to_datetime(fmt, strict=False, exact=True)
        parsed = parsed.set(parsed.dt.year() < FIRST_YEAR, None)
        if parsed.is_not_null().any():
            found.append(fmt)
            todo = [v for v, p in zip(todo, parsed.to_list(), strict=True) if p is None]
    return found


def suggest_mapping(path: Path, source: str, encoding: str | None = None
                    ) -> MappingSuggestion:
    """Draft ``mappings/<source>.toml`` for ``path`` from its header and first rows."""
    fmt = file_format(path)
    sample = read_sample(path, None, encoding)
    frame, columns = sample.frame, sample.columns
    if fmt == "xes":
        draft = xes_mapping(source).model_dump(exclude_none=True)
    else:
        draft = _draft(path, fmt, source, columns, frame, encoding)
    mapping = mapping_from_dict(draft, str(path.parent / f"{source}.toml"))
    mapped = map_batch(frame.head(PREVIEW_ROWS), mapping, source, 1 << 30)
    preview = mapped.good.drop(KEY, strict=False)
    if preview.height and preview["event_id"].null_count() == preview.height:
        preview = preview.drop("event_id")  # computed by the load from the raw row
    used = set(mapping.columns)
    unmapped = [c for c in columns if c not in used and not c.startswith("__")]
    text = _toml(draft, unmapped, fmt == "xes")
    return MappingSuggestion(
        toml=text, mapping=mapping, preview=TableResult(preview.to_arrow(), "preview"),
        unmapped=unmapped, problems=TableResult(mapped.rejects.to_arrow(), "problems"),
    )


def _draft(path: Path, fmt: str, source: str, columns: list[str], frame: pl.DataFrame,
           encoding: str | None) -> dict[str, Any]:
    found = recognise(columns)
    section: dict[str, Any] = {"name": source, "format": fmt}
    if fmt == "csv":
        section["encoding"] = resolve_encoding(path, encoding or "auto")
        # the sample was read with the delimiter a file without a mapping gets; a mapping
        # reads "," unless told, so any other one is written down
        with open_binary(path) as fh:
            header = fh.readline().decode(section["encoding"], errors="replace")
        delimiter = default_delimiter(path, header.lstrip("\ufeff"))
        if delimiter != ",":
            section["delimiter"] = delimiter
    draft: dict[str, Any] = {"source": section, "columns": found}
    if "touchpoint" not in found.values():
        draft["constants"] = {"touchpoint": source}
    stamp = next((c for c, f in found.items() if f == "ts"), None)
    zone = "Asia/Seoul" if has_korean(columns) else "UTC"
    formats = detect_formats(frame[stamp].drop_nulls().to_list()) if stamp else []
    draft["timestamp"] = {"formats": formats, "timezone": zone}
    draft["properties"] = {"rest": True}
    return draft


def _toml(draft: dict[str, Any], unmapped: list[str], xes: bool) -> str:
    head = ["# Draft mapping made by journeymap --suggest: check it, then save it as",
            f"# mappings/{draft['source']['name']}.toml (see docs/mapping.md)."]
    if xes:
        head.append(f"# {XES_ORIGIN}: this is the mapping used when none is given.")
    if "constants" in draft:
        head.append("# No event column was recognised: every row gets the constant "
                    "touchpoint below; change it or map a column.")
    if unmapped:
        head.append("# Not mapped (kept in properties): " + ", ".join(unmapped))
    return "\n".join(head) + "\n\n" + tomli_w.dumps(draft)

"""Which reader reads a file: the format from the mapping, else from the extension."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from journeymap.errors import InputFileError
from journeymap.ingest.batch import RawBatch
from journeymap.ingest.mapping import Mapping
from journeymap.ingest.read_columnar import read_parquet, read_xlsx
from journeymap.ingest.read_csv import CsvOptions, read_csv
from journeymap.ingest.read_json import read_json, read_ndjson
from journeymap.ingest.read_xes import read_xes

EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".json": "json",
    ".ndjson": "ndjson", ".jsonl": "ndjson",
    ".parquet": "parquet", ".pq": "parquet",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".xes": "xes",
}


def file_format(path: Path, mapping: Mapping | None = None) -> str:
    """The mapping's ``[source].format``, else the one the extension names (``.gz`` aside)."""
    if mapping is not None and mapping.source.format:
        return mapping.source.format
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise InputFileError(
            f"unknown file type '{''.join(path.suffixes) or '(none)'}'", file=str(path),
            hint="use .csv, .json, .ndjson, .parquet, .xlsx or .xes(.gz), or set "
                 "format in the mapping's [source]",
            code="input.unknown_type", params={"suffix": "".join(path.suffixes)},
        )
    return fmt


def read_batches(path: Path, fmt: str, mapping: Mapping | None, encoding: str | None,
                 batch_rows: int) -> Iterator[RawBatch]:
    """Raw batches of any supported file; ``encoding`` overrides the mapping's (CSV only)."""
    src = mapping.source if mapping is not None else None
    if fmt == "csv":
        options = CsvOptions(
            encoding=encoding or (src.encoding if src else "auto"),
            delimiter=src.delimiter if src else None,  # None: see read_csv.default_delimiter
            header_row=src.header_row if src else 1,
            batch_rows=batch_rows,
        )
        return read_csv(path, options)
    if fmt == "ndjson":
        return read_ndjson(path, batch_rows)
    if fmt == "json":
        return read_json(path, batch_rows)
    if fmt == "parquet":
        return read_parquet(path, batch_rows)
    if fmt == "xlsx":
        return read_xlsx(path, src.sheet if src else None, src.header_row if src else 1,
                         batch_rows)
    return read_xes(path, batch_rows)

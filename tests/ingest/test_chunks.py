"""Chunks of whole records: every chunk ends where a record ends, nothing is lost."""

from __future__ import annotations

import csv
import io
import random

import pytest

from journeymap.ingest import chunks
from journeymap.ingest.chunks import record_chunks


def _csv_bytes(rows: int) -> tuple[bytes, list[list[str]]]:
    rnd = random.Random(7)
    records = [[str(i), rnd.choice(["plain", "with\nnewline", 'with "q" x', "a,b", ""]), "end"]
               for i in range(rows)]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode(), records


@pytest.mark.parametrize("chunk_bytes", [1 << 12, 10_007, 1 << 16])
def test_csv_chunks_end_on_records_outside_quotes(monkeypatch, chunk_bytes: int):
    monkeypatch.setattr(chunks, "READ_BYTES", 1 << 10)  # many reads per chunk, cuts anywhere
    data, records = _csv_bytes(30_000)
    pieces = list(record_chunks(io.BytesIO(data), chunk_bytes, quoted=True))
    assert len(pieces) > 5
    assert b"".join(pieces) == data
    parsed = [row for p in pieces for row in csv.reader(io.StringIO(p.decode(), newline=""))]
    assert parsed == records  # no record was split between two chunks


def test_line_chunks_and_a_last_line_without_newline(monkeypatch):
    monkeypatch.setattr(chunks, "READ_BYTES", 1 << 10)
    lines = [f'{{"n": {i}}}' for i in range(3_000)]
    data = "\n".join(lines).encode()  # no newline after the last line
    pieces = list(record_chunks(io.BytesIO(data), 1 << 12, quoted=False))
    assert all(p.endswith(b"\n") for p in pieces)
    assert b"".join(pieces) == data + b"\n"
    assert [line for p in pieces for line in p.decode().splitlines()] == lines

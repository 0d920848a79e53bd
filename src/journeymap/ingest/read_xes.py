"""XES event logs (IEEE 1849, process mining): one row per event, streamed with iterparse.

A ``<trace>`` is one case (a customer's journey), so its ``concept:name`` becomes the
``case:concept:name`` column; event attributes keep their keys. ``__activity`` joins the
event's ``concept:name`` with its ``lifecycle:transition`` when that is not ``complete``
(``W_Call:start``), and ``__trace_pos`` keeps two identical events of one case distinct.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, iterparse

from journeymap.errors import InputFileError
from journeymap.ingest.batch import RawBatch
from journeymap.ingest.chunks import open_binary, position
from journeymap.ingest.read_json import records_frame

ATTRIBUTES = {"string", "date", "int", "float", "boolean", "id"}
CASE_PREFIX = "case:"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xes(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    """Yield batches of events; ``_row`` is the event's position in the log (first = 1)."""
    records: list[dict[str, str | None]] = []
    numbers: list[int] = []
    stack: list[str] = []
    trace: dict[str, str | None] = {}
    event: dict[str, str | None] = {}
    trace_pos = 0
    count = 0
    root: Element | None = None
    with open_binary(path) as fh:
        try:
            for kind, elem in iterparse(fh, events=("start", "end")):
                tag = _local(elem.tag)
                if kind == "start":
                    if root is None:
                        root = elem
                    stack.append(tag)
                    if tag == "trace":
                        trace, trace_pos = {}, 0
                    elif tag == "event":
                        event = {}
                    continue
                stack.pop()
                parent = stack[-1] if stack else ""
                if tag in ATTRIBUTES and parent in ("event", "trace"):
                    key = elem.get("key")
                    if key:
                        target = event if parent == "event" else trace
                        target[key if parent == "event" else CASE_PREFIX + key] = elem.get(
                            "value")
                elif tag == "event":
                    trace_pos += 1
                    count += 1
                    records.append(_event_row(trace, event, trace_pos))
                    numbers.append(count)
                if parent == "log" and root is not None:
                    root.clear()  # a finished trace or log attribute: free it
                if len(records) >= batch_rows:
                    yield RawBatch(records_frame(records, numbers), position(fh))
                    records, numbers = [], []
        except ParseError as exc:
            raise InputFileError(f"not a valid XES (XML) file: {exc}", file=str(path),
                                 row=count + 1 if count else None, code="input.bad_xes",
                                 params={"error": str(exc)}) from None
        yield RawBatch(records_frame(records, numbers), position(fh))


def _event_row(trace: dict[str, str | None], event: dict[str, str | None],
               trace_pos: int) -> dict[str, str | None]:
    row = {**trace, **event}
    name = event.get("concept:name")
    transition = (event.get("lifecycle:transition") or "").strip().lower()
    if name and transition and transition != "complete":
        name = f"{name}:{transition}"
    row["__activity"] = name
    row["__trace_pos"] = str(trace_pos)
    return row

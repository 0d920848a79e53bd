"""The canonical event schema and the names and schemas of derived tables.

Raw input is mapped onto :data:`EVENT_SCHEMA`; every later step reads and writes the
tables named in :class:`Tables`. Timestamps are UTC (naive ``timestamp`` columns holding
UTC wall time, which every engine treats alike).
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt

#: Canonical event columns, in order. ``utm_*`` and ``referrer`` are first-class because
#: channel standardisation reads them on every build (Snowplow's mkt_* fields do the same).
EVENT_SCHEMA = ibis.schema(
    {
        "event_id": dt.string,
        "ts": dt.timestamp,
        "source": dt.string,
        "channel": dt.string,
        "touchpoint": dt.string,
        "anonymous_id": dt.string,
        "user_id": dt.string,
        "email": dt.string,
        "account_id": dt.string,
        "value": dt.float64,
        "text": dt.string,
        "rating": dt.float64,
        "utm_source": dt.string,
        "utm_medium": dt.string,
        "utm_campaign": dt.string,
        "referrer": dt.string,
        "properties": dt.string,  # JSON object text
        "load_id": dt.string,  # lineage: which load brought the event (table `loads`)
        "source_row": dt.int64,  # lineage: the row of the input file (header = row 1)
    }
)

#: Fields set by the loader, never by a mapping.
LINEAGE_FIELDS = ("load_id", "source_row")
#: Fields a mapping may target.
MAPPABLE_FIELDS = tuple(n for n in EVENT_SCHEMA.names if n not in LINEAGE_FIELDS)
#: Fields every event must have after mapping.
REQUIRED_FIELDS = ("ts", "source", "touchpoint")
IDENTIFIER_FIELDS = ("anonymous_id", "user_id", "email", "account_id")

#: Firmographics of company accounts (loaded from CRM account exports).
ACCOUNT_SCHEMA = ibis.schema(
    {
        "account_id": dt.string,
        "name": dt.string,
        "domain": dt.string,
        "industry": dt.string,
        "size": dt.string,
        "region": dt.string,
        "properties": dt.string,
        "load_id": dt.string,
    }
)
MAPPABLE_ACCOUNT_FIELDS = tuple(n for n in ACCOUNT_SCHEMA.names if n != "load_id")

#: Rows that could not be loaded, with a reason a person can act on.
REJECTED_SCHEMA = ibis.schema(
    {
        "load_id": dt.string,
        "file": dt.string,
        "source": dt.string,
        "row": dt.int64,
        "field": dt.string,
        "raw_value": dt.string,
        "reason": dt.string,  # one of REJECT_REASONS
        "message": dt.string,
        "raw": dt.string,  # the whole raw row as JSON text
        "rejected_at": dt.timestamp,
    }
)
REJECT_REASONS = (
    "parse_error",  # the row cannot be split into fields (ragged CSV, broken JSON line)
    "cast_error",  # a value does not convert (bad timestamp, non-numeric amount)
    "schema_violation",  # a required field is empty
    "missing_identifier",  # no anonymous_id, user_id, email or account_id
    "size_violation",  # a value is longer than allowed
)

#: One row per load: what was read, loaded and rejected. Written with the data in one
#: transaction so a re-run adds nothing twice.
LOADS_SCHEMA = ibis.schema(
    {
        "load_id": dt.string,
        "file": dt.string,
        "file_sha256": dt.string,
        "source": dt.string,
        "kind": dt.string,
        "mapping_sha256": dt.string,
        "rows_read": dt.int64,
        "loaded": dt.int64,
        "rejected": dt.int64,
        "already_loaded": dt.int64,
        "started_at": dt.timestamp,
        "finished_at": dt.timestamp,
    }
)


class Tables:
    """Table names in the events engine; nothing else spells them."""

    events = "events"
    accounts_raw = "account_records"
    rejected = "rejected"
    loads = "loads"
    merges = "merges"
    identities = "identities"
    identity_links = "identity_links"
    persons = "persons"
    accounts = "accounts"
    touches = "touches"
    journeys = "journeys"
    build_info = "build_info"


#: Per table, the text columns whose values are (nearly) all distinct: engines that
#: compress columns store these plainly. DuckDB's dictionary and FSST compression finds
#: little to share in them, yet costs about four times the write, and they read as fast
#: or faster uncompressed. Writing 10M touches, ``event_id`` took 3.9 CPU-s compressed and
#: 0.9 uncompressed (157 and 320 MB), ``session_id`` 2.3 and 0.6 (70 and 182 MB). The
#: whole 10M ingest and build: 206 CPU-s instead of 220-239, a 2.0 GB file instead of 1.4.
#: ``person_id`` repeats in touches (dictionaries pay off there) but not in persons.
UNIQUE_TEXT_COLUMNS: dict[str, frozenset[str]] = {
    Tables.events: frozenset({"event_id"}),
    Tables.touches: frozenset({"event_id", "session_id"}),
    Tables.identities: frozenset({"identifier", "person_id"}),
    Tables.identity_links: frozenset({"left", "right", "first_event_id"}),
    Tables.persons: frozenset({"person_id", "email"}),
    Tables.merges: frozenset({"kept_event_id", "merged_event_id"}),
    Tables.journeys: frozenset({"journey_id", "person_id"}),
}

#: Per table, the JSON text columns: long values, read by few analyses. DuckDB stores them
#: with zstd, which writes them faster than its default (FSST) and smaller, but reads them
#: slower. ``properties`` of 10M touches: written in 2.2 CPU-s instead of 3.6, 106 MB
#: instead of 144; a scan grouping by a JSON member takes 1.2 CPU-s instead of 1.0.
JSON_TEXT_COLUMNS: dict[str, frozenset[str]] = {
    Tables.events: frozenset({"properties"}),
    Tables.touches: frozenset({"properties"}),
}


def column_compression(table: str) -> dict[str, str]:
    """How DuckDB is to store the columns of ``table`` that it must not choose for itself
    (column -> compression method): unique text plainly, JSON text with zstd."""
    return {**dict.fromkeys(UNIQUE_TEXT_COLUMNS.get(table, ()), "uncompressed"),
            **dict.fromkeys(JSON_TEXT_COLUMNS.get(table, ()), "zstd")}

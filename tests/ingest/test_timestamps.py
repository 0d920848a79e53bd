"""Timestamps: the same instant whichever built-in format reads it, and in any order."""

from __future__ import annotations

import datetime as dt
import itertools

import polars as pl
import pytest

from journeymap.ingest.timestamps import parse_timestamps

VALUES = {
    "2026-03-01T10:30:15.537Z": dt.datetime(2026, 3, 1, 10, 30, 15, 537000),
    "2026-03-01T10:30:15Z": dt.datetime(2026, 3, 1, 10, 30, 15),
    "2026-03-01 10:30:15": dt.datetime(2026, 3, 1, 1, 30, 15),  # Seoul, no offset
    "2026-03-01T10:30:15": dt.datetime(2026, 3, 1, 1, 30, 15),
    "2026-03-01T10:30:15+09:00": dt.datetime(2026, 3, 1, 1, 30, 15),
    "2026-03-01 10:30:15 z": dt.datetime(2026, 3, 1, 10, 30, 15),
    "2026-03-01": dt.datetime(2026, 2, 28, 15, 0),
    "1772361015": dt.datetime(2026, 3, 1, 10, 30, 15),
    "1772361015537": dt.datetime(2026, 3, 1, 10, 30, 15, 537000),
    "not a time": None,
}


@pytest.mark.parametrize("first", list(VALUES))
def test_every_built_in_format_whichever_value_comes_first(first: str):
    order = [first, *(v for v in VALUES if v != first)]
    got = parse_timestamps(pl.Series("ts", order), [], "Asia/Seoul").to_list()
    assert got == [VALUES[v] for v in order]


def test_mapping_formats_keep_precedence_over_built_in_ones():
    # "%Y-%d-%m" reads 2026-03-01 as 3 January; the built-in ISO date would say 1 March
    values = ["2026-03-01", "2026-03-01T10:30:15Z", None, " 2026-04-02 "]
    got = parse_timestamps(pl.Series("ts", values), ["%Y-%d-%m"], "UTC").to_list()
    assert got == [dt.datetime(2026, 1, 3), dt.datetime(2026, 3, 1, 10, 30, 15), None,
                   dt.datetime(2026, 2, 4)]


def test_order_of_values_does_not_change_results():
    values = list(VALUES)
    expected = parse_timestamps(pl.Series("ts", values), [], "Asia/Seoul").to_list()
    for perm in itertools.islice(itertools.permutations(range(len(values))), 0, 2000, 97):
        got = parse_timestamps(pl.Series("ts", [values[i] for i in perm]), [], "Asia/Seoul")
        assert got.to_list() == [expected[i] for i in perm]

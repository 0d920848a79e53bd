"""The ground truth agrees with the raw files, and the world has the promised shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from journeymap.demo import DemoResult

from .readers import read_rows

EMAIL = {
    "data/crm/contacts.csv": "Email", "data/crm/activities.csv": "Contact Email",
    "data/email/newsletter_export.csv": "이메일", "data/webinar/webinar_attendance.xlsx":
    "Registrant Email", "data/events/booth_scans.csv": "Email",
    "data/support/tickets.ndjson": "requester.email", "data/survey/survey_responses.csv": "email",
    "data/shop/orders.csv": "고객이메일",
    "data/web/hanbitcloud_events.ndjson": "context.traits.email",
    "data/shop/shop_events.ndjson": "context.traits.email",
}
VISITOR = {
    "data/web/hanbitcloud_events.ndjson": "anonymousId", "data/shop/shop_events.ndjson":
    "anonymousId", "data/ads/google_ads_clicks.csv": "Visitor ID",
    "data/ads/naver_searchad_clicks.csv": "방문자ID", "data/ads/meta_ads_clicks.csv": "visitor_id",
    "data/ads/linkedin_ads_clicks.csv": "Visitor ID",
}
BAD_MARKERS = ("TBD", "N/A", "13-45", "13/45", "13.45", "02-30")


@pytest.fixture(scope="module")
def truth(demo_dir: Path) -> dict[str, pl.DataFrame]:
    read = lambda name: pl.read_csv(demo_dir / "ground_truth" / f"{name}.csv",  # noqa: E731
                                    infer_schema_length=0)
    events = read("events").with_columns(
        pl.col("row").cast(pl.Int64), pl.col("ts").str.to_datetime("%Y-%m-%dT%H:%M:%SZ"))
    bad = read("bad_rows").with_columns(pl.col("row").cast(pl.Int64))
    dups = read("duplicates").with_columns(pl.col("row_a", "row_b").cast(pl.Int64))
    return {"events": events, "bad": bad, "dups": dups, "persons": read("persons"),
            "accounts": read("accounts")}


@pytest.fixture(scope="module")
def raw(demo: DemoResult, demo_dir: Path) -> dict[str, dict[int, dict | None]]:
    return {f: read_rows(demo_dir, f)[1] for f in demo.files if f != "data/crm/accounts.csv"}


def test_every_row_of_every_event_file_has_truth(truth, raw) -> None:
    events = truth["events"]
    for file, rows in raw.items():
        listed = events.filter(pl.col("file") == file)["row"].sort().to_list()
        assert listed == sorted(rows), file


def test_bad_rows_exist_and_carry_their_defect(truth, raw) -> None:
    bad, events = truth["bad"], truth["events"]
    assert set(bad["reason"]) == {"parse_error", "cast_error", "schema_violation",
                                  "missing_identifier", "size_violation"}
    kinds = dict(zip(zip(events["file"], events["row"], strict=True), events["kind"],
                     strict=True))
    for rec in bad.iter_rows(named=True):
        assert kinds[(rec["file"], rec["row"])] == "bad"
        row = raw[rec["file"]][rec["row"]]
        if rec["reason"] == "parse_error":
            assert row is None, rec
            continue
        assert row is not None, rec
        values = [row.get(c) for c in rec["column"].split(";")]
        if rec["reason"] == "cast_error":
            assert any(m in str(values[0]) for m in BAD_MARKERS), rec
        elif rec["reason"] == "size_violation":
            assert len(values[0]) > 20_000
        else:
            assert all(v in (None, "") for v in values), rec
    n_bad = (events["kind"] == "bad").sum()
    assert n_bad == len(bad)
    good = events.filter(pl.col("kind") != "bad")
    assert all(raw[f][r] is not None for f, r in zip(good["file"], good["row"], strict=True))


def test_duplicate_pairs_are_one_touch_in_two_sources(truth) -> None:
    ev = truth["events"].select("file", "row", "true_person", "touchpoint", "source", "ts", "kind")
    pairs = truth["dups"].join(ev, left_on=["file_a", "row_a"], right_on=["file", "row"]).join(
        ev, left_on=["file_b", "row_b"], right_on=["file", "row"], suffix="_b")
    assert len(pairs) == len(truth["dups"]) > 0
    assert (pairs["true_person"] == pairs["true_person_b"]).all()
    assert (pairs["touchpoint"] == pairs["touchpoint_b"]).all()
    assert (pairs["source"] != pairs["source_b"]).all()
    assert ((pairs["ts_b"] - pairs["ts"]).abs() <= timedelta(minutes=15)).all()
    assert set(pairs["kind_b"]) == {"duplicate"}
    assert set(pairs["touchpoint"]) == {"webinar_attended", "event_attended", "purchase"}


def test_no_other_cross_source_pair_within_an_hour(truth) -> None:
    ev = truth["events"].filter(pl.col("kind") != "bad").select(
        "file", "row", "true_person", "touchpoint", "source", "ts")
    near = ev.join(ev, on=["true_person", "touchpoint"], suffix="_b").filter(
        (pl.col("source") < pl.col("source_b"))
        & ((pl.col("ts_b") - pl.col("ts")).abs() <= timedelta(minutes=60)))
    planted = {(r["file_a"], r["row_a"], r["file_b"], r["row_b"]) for r in truth["dups"].iter_rows(
        named=True)}
    for r in near.iter_rows(named=True):
        key, rev = (r["file"], r["row"], r["file_b"], r["row_b"]), (
            r["file_b"], r["row_b"], r["file"], r["row"])
        assert key in planted or rev in planted, r


def test_raw_values_belong_to_the_true_person(truth, raw) -> None:
    persons = truth["persons"]
    email = dict(zip(persons["person_id"], persons["email"], strict=True))
    anons = dict(zip(persons["person_id"], zip(persons["anonymous_id"],
                                                persons["second_anonymous_id"], strict=True),
                     strict=True))
    ev = truth["events"].filter(pl.col("kind") != "bad")
    checked = 0
    for file, person, row in zip(ev["file"], ev["true_person"], ev["row"], strict=True):
        rec = raw[file][row]
        if file in EMAIL and rec.get(EMAIL[file]):
            assert rec[EMAIL[file]].strip().lower() == email[person], (file, row)
            checked += 1
        if file in VISITOR and rec.get(VISITOR[file]):
            assert rec[VISITOR[file]] in anons[person], (file, row)
            checked += 1
    assert checked > len(ev) * 0.8


def test_truth_times_match_the_raw_timestamps(truth, raw) -> None:
    ev = truth["events"].filter(pl.col("kind") != "bad")
    formats = {  # file -> (column, format, offset of the written zone)
        "data/web/hanbitcloud_events.ndjson": ("timestamp", "%Y-%m-%dT%H:%M:%S.%fZ", 0),
        "data/crm/activities.csv": ("Activity Date", "%Y-%m-%d %H:%M", 9),
        "data/email/newsletter_export.csv": ("이벤트일시", "%Y.%m.%d %H:%M", 9),
        "data/ads/linkedin_ads_clicks.csv": ("Click Time (UTC)", "%m/%d/%Y %H:%M:%S", 0),
    }
    for file, (col, fmt, hours) in formats.items():
        sub = ev.filter(pl.col("file") == file)
        for row, ts in zip(sub["row"], sub["ts"], strict=True):
            parsed = datetime.strptime(raw[file][row][col], fmt) - timedelta(hours=hours)
            assert parsed.replace(microsecond=0, tzinfo=None) == ts, (file, row)
    webinar = ev.filter(pl.col("file") == "data/webinar/webinar_attendance.xlsx")
    for row, ts in zip(webinar["row"], webinar["ts"], strict=True):
        cell = raw["data/webinar/webinar_attendance.xlsx"][row]["Time (KST)"]
        assert cell - timedelta(hours=9) == ts
    assert datetime(2024, 6, 30, tzinfo=UTC).replace(tzinfo=None) <= ev["ts"].min()


def test_won_account_journeys_are_long_and_multichannel(truth) -> None:
    won = truth["accounts"].filter(pl.col("outcome") == "won")
    touches = truth["events"].filter(
        (pl.col("kind") == "event") & pl.col("true_account").is_in(won["account_id"].implode()))
    stats = touches.group_by("true_account").agg(
        touches=pl.len(), days=(pl.col("ts").max() - pl.col("ts").min()).dt.total_days(),
        channels=pl.col("channel").n_unique(), sources=pl.col("source").n_unique(),
        won=(pl.col("touchpoint") == "deal_won").sum())
    assert len(stats) == len(won) > 10
    assert (stats["touches"] >= 15).all()
    assert (stats["days"] >= 60).all()
    assert (stats["channels"] >= 3).all() and (stats["sources"] >= 3).all()
    assert (stats["won"] <= 1).all()  # a won deal row may be among the bad rows


def test_committees_shared_pcs_and_free_mail(truth) -> None:
    persons = truth["persons"]
    sizes = persons.filter(pl.col("kind") == "b2b_contact").group_by("account_id").len()["len"]
    assert sizes.min() >= 3 and sizes.max() <= 8
    shared = persons.filter(pl.col("shared_anonymous_id") == "true").group_by(
        "anonymous_id").len()
    assert len(shared) >= 1 and (shared["len"] > 3).all()
    shoppers = persons.filter(pl.col("kind") == "b2c_customer")["email"]
    assert shoppers.str.contains(r"@(naver\.com|gmail\.com|daum\.net|kakao\.com|hanmail\.net|"
                                 r"nate\.com)$").all()
    assert persons.filter(pl.col("kind") == "b2b_contact")["email"].str.ends_with(
        ".co.kr").mean() > 0.8

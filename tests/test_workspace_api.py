"""The notebook API: results convert to pandas, polars, dicts and escaped HTML."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import journeymap as jm
from journeymap.errors import NotBuiltError

CSV = (
    "event_id,ts,source,touchpoint,email,account_id,value,text\n"
    "a1,2026-03-02T00:00:00Z,web,page_view:/blog,kim@acme.co.kr,,,\n"
    "a2,2026-03-10T00:00:00Z,web,page_view:/pricing,kim@acme.co.kr,,,\n"
    "a3,2026-03-12T00:00:00Z,crm,contact_created,park@acme.co.kr,ACME,,\n"
    "a4,2026-04-01T00:00:00Z,crm,deal_won,park@acme.co.kr,ACME,5000,<script>x</script>\n"
    "a5,2026-04-02T00:00:00Z,web,page_view:/,,,,\n"
)


@pytest.fixture
def built(workspace: jm.Workspace, tmp_path: Path) -> jm.Workspace:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    load = workspace.ingest(path, source="web")
    assert (load.rows_read, load.loaded, load.rejected) == (5, 4, 1)
    workspace.build()
    return workspace


def test_results_convert(built: jm.Workspace):
    journeys = built.journeys(level="account")
    assert isinstance(journeys.to_pandas(), pd.DataFrame)
    assert isinstance(journeys.to_polars(), pl.DataFrame)
    rows = journeys.to_dict()
    assert len(rows) == 1 and len(journeys) == 1
    acme = rows[0]
    # kim (by the corporate domain acme.co.kr) and park (CRM account) form one buying team
    assert acme["account_id"] == "ACME"
    assert acme["touches"] == 4 and acme["persons"] == 2
    assert acme["converted"] is True and acme["value"] == 5000
    assert acme["days_to_convert"] == pytest.approx(30.0)


def test_rejected_row_says_what_and_where(built: jm.Workspace):
    rejected = built.rejected().to_dict()
    assert [(r["row"], r["reason"]) for r in rejected] == [(6, "missing_identifier")]
    assert rejected[0]["file"].endswith("events.csv")


def test_html_is_escaped(built: jm.Workspace):
    detail = built.journey("park@acme.co.kr")
    html = detail.touches._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<table>" in detail._repr_html_()
    assert "<table>" in built.summary()._repr_html_()


def test_record_results_are_plain_dicts(built: jm.Workspace):
    summary = built.summary().to_dict()
    assert summary["converted_accounts"] == 1
    assert summary["benchmark_touches"] == 31
    detail = built.journey("kim@acme.co.kr").to_dict()
    assert isinstance(detail["touches"], list)
    assert {t["touchpoint"] for t in detail["touches"]} == {"page_view:/blog", "page_view:/pricing"}


def test_summary_before_build_says_to_build(workspace: jm.Workspace):
    with pytest.raises(NotBuiltError, match="journeymap build"):
        workspace.summary()


def test_hashed_emails_still_found_and_forgotten(tmp_path: Path):
    ws = jm.init_workspace(tmp_path / "ws", ingest={"hash_emails": True})
    path = tmp_path / "events.csv"
    path.write_text(CSV + "a6,not-a-time,web,signup,Kim@Acme.co.kr,,,\n", encoding="utf-8")
    ws.ingest(path, source="web")
    ws.build()
    stored = ws.engine.con.table("events").email.to_pyarrow().to_pylist()
    assert not any("kim@" in (e or "") for e in stored)
    assert any((e or "").endswith("@acme.co.kr") for e in stored)  # the domain stays
    assert ws.journey("kim@acme.co.kr").journey["touches"] == 2
    removed = ws.forget("kim@acme.co.kr").removed
    assert removed["events"] == 2 and removed["rejected"] == 1  # the raw row held the email
    assert [r["row"] for r in ws.rejected().to_dict()] == [6]
    ws.close()

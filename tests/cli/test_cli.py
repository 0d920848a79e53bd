"""The CLI as a user runs it: a real process, real files, exit codes and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_process import run


def test_version():
    assert run("--version").stdout.startswith("journeymap 0.")


def test_missing_workspace_is_one_clear_line(tmp_path: Path):
    proc = run("--workspace", str(tmp_path / "none"), "summary", ok=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "no journeymap workspace here" in proc.stderr
    assert "journeymap init" in proc.stderr


def test_ingest_build_summary_round_trip(tmp_path: Path):
    ws = tmp_path / "ws"
    run("init", str(ws))
    csv = tmp_path / "events.csv"
    csv.write_text(
        "event_id,ts,source,touchpoint,email,value\n"
        "e1,2026-01-05T09:00:00Z,crm,contact_created,kim@acme.co.kr,\n"
        "e2,2026-01-06T09:00:00Z,web,page_view:/pricing,kim@acme.co.kr,\n"
        "e3,2026-02-01T09:00:00Z,crm,deal_won,kim@acme.co.kr,1000\n"
        "e4,not-a-date,crm,deal_won,lee@acme.co.kr,5\n",
        encoding="utf-8",
    )
    loads = json.loads(run("-w", str(ws), "ingest", str(csv), "--source", "crm", "--json").stdout)
    assert loads[0]["rows_read"] == 4
    assert loads[0]["loaded"] == 3
    assert loads[0]["rejected"] == 1
    again = json.loads(run("-w", str(ws), "ingest", str(csv), "--source", "crm", "--json").stdout)
    assert again[0]["loaded"] == 0 and again[0]["already_loaded"] == 3

    rejected = json.loads(run("-w", str(ws), "rejected", "--json").stdout)
    assert [(r["row"], r["field"], r["reason"]) for r in rejected] == [(5, "ts", "cast_error")]

    run("-w", str(ws), "build", "--json")
    journeys = json.loads(run("-w", str(ws), "journeys", "list", "--json").stdout)
    assert len(journeys) == 1
    assert journeys[0]["touches"] == 3 and journeys[0]["converted"] is True

    text = run("-w", str(ws), "summary").stdout
    assert "192" in text  # the industry figure is shown next to ours

    out = tmp_path / "rejected.csv"
    run("-w", str(ws), "rejected", "--export", str(out))
    assert "not-a-date" in out.read_text(encoding="utf-8")


def test_bad_mapping_is_one_clear_line(tmp_path: Path):
    ws = tmp_path / "ws"
    run("init", str(ws))
    mapping = tmp_path / "m.toml"
    mapping.write_text('[source]\nname = "crm"\n[columns]\nwhen = "timestmp"\n')
    csv = tmp_path / "x.csv"
    csv.write_text("when\n2026-01-01\n")
    proc = run("-w", str(ws), "ingest", str(csv), "--source", "crm", "--mapping", str(mapping),
               ok=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "m.toml" in proc.stderr and "timestmp" in proc.stderr and "'ts'" in proc.stderr


def test_build_on_an_empty_workspace_then_verbs_work(tmp_path: Path):
    ws = tmp_path / "ws"
    run("init", str(ws))
    built = json.loads(run("-w", str(ws), "build", "--json").stdout)
    assert built["events"] == 0 and built["journeys"] == 0
    assert json.loads(run("-w", str(ws), "journeys", "list", "--json").stdout) == []


@pytest.mark.parametrize("verb", [["journeys", "list"], ["summary"],
                                  ["funnel", "signup", "login"]])
def test_verbs_before_build_explain_themselves(tmp_path: Path, verb: list[str]):
    ws = tmp_path / "ws"
    run("init", str(ws))
    proc = run("-w", str(ws), *verb, ok=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "journeymap build" in proc.stderr


def test_messages_keep_square_brackets(tmp_path: Path):
    """'[source]' in a message is text, not terminal markup to be swallowed."""
    ws = tmp_path / "ws"
    run("init", str(ws))
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n")
    proc = run("-w", str(ws), "ingest", str(blank), "--source", "x", ok=False)
    assert proc.returncode == 1
    assert "blank.csv" in proc.stderr and "[source]" in proc.stderr


def test_suggest_writes_a_mapping_that_loads(tmp_path: Path):
    ws = tmp_path / "ws"
    run("init", str(ws))
    csv = tmp_path / "뉴스레터.csv"
    text = "이메일,발송일시,캠페인,이벤트\nkim@acme.co.kr,2026.03.01 14:00,봄 뉴스레터,open\n"
    csv.write_bytes(text.encode("cp949"))
    out = run("-w", str(ws), "ingest", str(csv), "--source", "newsletter", "--suggest").stdout
    assert "kim@acme.co.kr" in out  # the preview shows the mapped row
    assert (ws / "mappings" / "newsletter.toml").exists()
    loads = json.loads(run("-w", str(ws), "ingest", str(csv), "--source", "newsletter",
                           "--json").stdout)
    assert (loads[0]["loaded"], loads[0]["rejected"]) == (1, 0)

"""Drafting mappings from Korean and English headers."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from journeymap.ingest.suggest import detect_formats, suggest_mapping

from .helpers import rows, write

KOREAN = (
    "회원번호,이메일,발송일시,캠페인,회사명,이름,금액,평점,내용,채널\n"
    "1001,Kim@Acme.co.kr,2026.03.01 14:00,spring,에이크미,김철수,\"1,000원\",9,좋아요,이메일\n"
    "1002,lee@b.com,2026.03.02 09:30,spring,비상사,이영희,500,7,,이메일\n"
)


def test_korean_headers_in_cp949(tmp_path: Path):
    path = write(tmp_path / "crm.csv", KOREAN, "cp949")
    s = suggest_mapping(path, "crm")
    assert s.mapping.columns == {
        "회원번호": "user_id", "이메일": "email", "발송일시": "ts", "캠페인": "utm_campaign",
        "금액": "value", "평점": "rating", "내용": "text", "채널": "channel"}
    assert s.unmapped == ["회사명", "이름"]
    assert s.mapping.source.encoding == "cp949"
    assert s.mapping.timestamp.formats == ["%Y.%m.%d %H:%M"]
    assert s.mapping.timestamp.timezone == "Asia/Seoul"
    assert s.mapping.constants == {"touchpoint": "crm"}
    assert tomllib.loads(s.toml)["columns"]["발송일시"] == "ts"
    preview = s.preview.to_dict()
    assert [(r["user_id"], r["ts"], r["value"], r["email"]) for r in preview] == [
        ("1001", dt.datetime(2026, 3, 1, 5), 1000.0, "kim@acme.co.kr"),
        ("1002", dt.datetime(2026, 3, 2, 0, 30), 500.0, "lee@b.com")]


def test_english_and_nested_headers(tmp_path: Path):
    path = write(tmp_path / "web.ndjson",
                 '{"messageId":"m1","timestamp":"2026-03-01T00:00:00Z","anonymousId":"a1",'
                 '"event":"Signed Up","context":{"traits":{"email":"a@x.com"}},'
                 '"utm_source":"naver","amount":"3"}\n')
    s = suggest_mapping(path, "web")
    assert s.mapping.columns == {
        "messageId": "event_id", "timestamp": "ts", "anonymousId": "anonymous_id",
        "event": "touchpoint", "context.traits.email": "email", "utm_source": "utm_source",
        "amount": "value"}
    assert s.mapping.timestamp.formats == []
    assert s.preview.to_dict()[0]["event_id"] == "m1"


def test_canonical_headers_map_to_themselves(tmp_path: Path):
    path = write(tmp_path / "events.csv", "ts,touchpoint,email,channel\n"
                 "2026-03-01 09:00:00,demo_request,a@x.com,web\n")
    s = suggest_mapping(path, "events")
    assert s.mapping.columns == {"ts": "ts", "touchpoint": "touchpoint", "email": "email",
                                 "channel": "channel"}


def test_detect_formats():
    assert detect_formats(["2026-03-01 14:00:00", "03/01/2026", "2026.03.01 14:00"]) == [
        "%Y-%m-%d %H:%M:%S", "%Y.%m.%d %H:%M", "%m/%d/%Y"]
    assert detect_formats(["2026-03-01T14:00:00+09:00"]) == []


def test_two_digit_years_are_not_read_as_years_of_the_first_millennium():
    # Korean review sites write 15.08.25 for 2015-08-25; %Y would read the year 15
    assert detect_formats(["15.08.25", "16.01.02"]) == ["%y.%m.%d"]
    assert detect_formats(["15.08.25 10:30"]) == ["%y.%m.%d %H:%M"]
    assert detect_formats(["01.03.2026", "2026.03.01"]) == ["%Y.%m.%d", "%d.%m.%Y"]


@pytest.mark.parametrize(("name", "text", "delimiter"), [
    ("visits.tsv", "email\ttimestamp\tcampaign\na@x.com\t2026-03-01 09:00:00\tspring\n", "\t"),
    ("visits.csv", "email;timestamp;campaign\na@x.com;2026-03-01 09:00:00;spring\n", ";"),
    ("visits.csv", "email,timestamp,campaign\na@x.com,2026-03-01 09:00:00,spring\n", ","),
])
def test_drafted_mapping_reads_the_file_it_was_drafted_from(workspace, tmp_path: Path,
                                                           name: str, text: str,
                                                           delimiter: str):
    """A draft names the delimiter its sample was read with unless it is the mappings'
    default comma, so saving the draft and loading the file with it reads the same rows."""
    path = write(tmp_path / name, text)
    s = suggest_mapping(path, "visits")
    assert s.mapping.source.delimiter == delimiter
    assert ("delimiter" in tomllib.loads(s.toml)["source"]) == (delimiter != ",")
    saved = workspace.path / "mappings" / "visits.toml"
    saved.write_text(s.toml, encoding="utf-8")
    result = workspace.ingest(path, "visits")
    assert (result.loaded, result.rejected) == (1, 0)
    (row,) = rows(workspace, "events")
    assert (row["email"], row["utm_campaign"]) == ("a@x.com", "spring")

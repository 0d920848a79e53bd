"""Clean step: name normalisation and channel rules, on literal events in DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.config import CleanSettings
from journeymap.errors import ConfigError
from journeymap.pipeline.channels import load_channel_rules
from journeymap.pipeline.clean import clean
from journeymap.schema import Tables


def cleaned(make_ws, events, **settings) -> list[dict]:
    engine, s = make_ws(events, **settings)
    out = clean(engine.table(Tables.events), s.clean).order_by("event_id")
    return engine.to_arrow(out.select("event_id", "source", "touchpoint", "channel")).to_pylist()


def channel_of(make_ws, **event) -> str:
    return cleaned(make_ws, [{"touchpoint": "page_view:/", **event}])[0]["channel"]


@pytest.mark.parametrize(
    ("event", "channel"),
    [
        ({"utm_source": "naver", "utm_medium": "cpc"}, "paid_search"),
        ({"utm_source": "Google", "utm_medium": " PPC "}, "paid_search"),
        ({"utm_source": "linkedin", "utm_medium": "paid"}, "paid_social"),
        ({"utm_source": "facebook", "utm_medium": "cpc"}, "paid_social"),
        ({"utm_source": "kakao", "utm_medium": "display"}, "paid_social"),
        ({"utm_source": "stibee", "utm_medium": "newsletter"}, "email"),
        ({"utm_source": "dsp", "utm_medium": "banner"}, "display"),
        ({"utm_source": "kakaotalk"}, "organic_social"),
        ({"utm_source": "band"}, "organic_social"),
        ({"utm_source": "naver"}, "organic_search"),
        ({"referrer": "https://m.search.naver.com/search.naver?query=crm"}, "organic_search"),
        ({"referrer": "https://search.naver.com/search.naver?query=crm"}, "organic_search"),
        ({"referrer": "https://search.daum.net/search?q=x"}, "organic_search"),
        ({"referrer": "https://www.google.co.kr/"}, "organic_search"),
        ({"referrer": "https://band.us/band/123"}, "organic_social"),
        ({"referrer": "https://pf.kakao.com/_abc"}, "organic_social"),
        ({"referrer": "https://blog.naver.com/someone/1"}, "organic_social"),
        ({"referrer": "https://www.linkedin.com/feed"}, "organic_social"),
        ({"referrer": "https://t.co/xyz"}, "organic_social"),
        ({"referrer": "https://mail.naver.com/"}, "email"),
        ({"referrer": "https://partner-blog.example.com/post"}, "referral"),
        ({}, "direct"),
        ({"source": "webinar"}, "webinar"),
        ({"source": "event"}, "event"),
        ({"source": "CRM"}, "sales"),
        ({"source": "salesforce"}, "sales"),
        ({"source": "support"}, "support"),
        ({"source": "survey"}, "survey"),
        ({"source": "unknown_tool"}, "other"),
        ({"channel": "Paid Search", "utm_source": "naver", "utm_medium": "email"}, "paid_search"),
    ],
)
def test_channel_rules(make_ws, event, channel):
    assert channel_of(make_ws, **event) == channel


def test_user_rules_are_tried_first_and_may_extend_sets(make_ws, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[sets]\nsocial = ["mastodon"]\n'
        '[[rule]]\nchannel = "partner"\nutm_source = ["naver"]\nutm_medium = ["cpc"]\n'
        '[[rule]]\nchannel = "community"\nreferrer = ["okky.kr"]\n',
        encoding="utf-8",
    )
    out = cleaned(make_ws, [
        {"touchpoint": "x", "utm_source": "naver", "utm_medium": "cpc"},
        {"touchpoint": "x", "referrer": "https://okky.kr/articles/1"},
        {"touchpoint": "x", "utm_source": "mastodon", "utm_medium": "cpc"},
        {"touchpoint": "x", "utm_source": "google", "utm_medium": "cpc"},
    ], clean={"channel_rules": str(rules)})
    assert [r["channel"] for r in out] == ["partner", "community", "paid_social", "paid_search"]


def test_bad_rules_file_names_the_file(tmp_path: Path):
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rule]]\nchanel = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_channel_rules(rules)


def test_names_are_normalised_and_aliased(make_ws):
    out = cleaned(make_ws, [
        {"source": " Web ", "touchpoint": "Page View:/Pricing/"},
        {"source": "Zoom-Webinar", "touchpoint": "Webinar Attendance"},
        {"source": "web", "touchpoint": "page_view:/Blog/Post-1/?utm_source=x#top"},
        {"source": "web", "touchpoint": "page_view:/"},
        {"source": "app", "touchpoint": "pageview:/Docs"},
        {"source": "crm", "touchpoint": "Closed-Won"},
        {"source": "My-Source ", "touchpoint": "my event"},
    ], clean={"source_aliases": {"My Source": "web"},
              "touchpoint_aliases": {"my-event": "demo_request"}})
    assert [(r["source"], r["touchpoint"]) for r in out] == [
        ("web", "page_view:/pricing"),
        ("webinar", "webinar_attended"),
        ("web", "page_view:/blog/post-1"),
        ("web", "page_view:/"),
        ("app", "page_view:/docs"),
        ("crm", "deal_won"),
        ("web", "demo_request"),
    ]


def test_rules_compile_to_literals_only():
    """A value with quotes stays a value: nothing from a rules file becomes SQL text."""
    import ibis

    from journeymap.pipeline.channels import ChannelRule, with_channel
    from journeymap.schema import EVENT_SCHEMA

    t = ibis.table(EVENT_SCHEMA, name="events")
    rule = ChannelRule("x'); DROP TABLE events; --", {"utm_source": ("a' OR '1'='1",)})
    sql = ibis.to_sql(with_channel(t, [rule], t.source), dialect="duckdb")
    assert "'a'' OR ''1''=''1'" in sql and "DROP TABLE events; --'" in sql
    assert CleanSettings().channel_rules is None

"""Funnels against the independent pandas reference, on the generated demo data and on
random small journeys (hypothesis), plus the invariants every funnel must keep."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.analytics.funnel_spec import FunnelSpec
from journeymap.analytics.steps import parse_step

from .reference import RefExclusion, RefStep, actor_times, funnel_counts
from .story import write_story


def _mask(df: pd.DataFrame, text: str) -> np.ndarray:
    """The reference's own reading of a step's text form (touchpoint glob + channel)."""
    step = parse_step(text)
    mask = np.ones(len(df), dtype=bool)
    if step.touchpoint is not None:
        tp = df["touchpoint"].fillna("")
        if step.touchpoint.endswith("*"):
            mask &= tp.str.startswith(step.touchpoint[:-1]).to_numpy()
        else:
            mask &= (tp == step.touchpoint).to_numpy()
    if step.stage is not None:
        mask &= (df["stage"] == step.stage).fillna(False).to_numpy()
    for c in step.where:
        mask &= (df[c.field] == c.value).fillna(False).to_numpy()
    return mask


def reference(df: pd.DataFrame, spec: FunnelSpec) -> list[dict]:
    steps = [RefStep(_mask(df, s.name.rstrip("?")), s.optional, s.within) for s in spec.steps]
    xs = [RefExclusion(_mask(df, x.step.name), spec.between(x)) for x in spec.exclusions]
    actor = {"person": "person_id", "account": "account_id"}[spec.level]
    times = actor_times(df, steps, spec.order, spec.window, actor, xs)
    return funnel_counts(times, steps, spec.order)


def assert_same(result, expected: list[dict]) -> None:
    got = result.table.to_pylist()
    assert [g["entered"] for g in got] == [e["entered"] for e in expected]
    for g, e in zip(got, expected, strict=True):
        for mine, theirs in (("median_seconds_from_previous", "median"),
                             ("p90_seconds_from_previous", "p90")):
            if e[theirs] is None:
                assert g[mine] is None
            else:
                assert g[mine] == pytest.approx(e[theirs], rel=1e-9, abs=1e-3)


DEMO_FUNNELS = [
    dict(steps=["ad_click", "page_view:/pricing", "demo_request", "sales_meeting"],
         window="60d", level="account"),
    dict(steps=["page_view:*", "signup", "login"], window="14d", level="person"),
    dict(steps=["page_view:*", "signup", "login"], window="14d", order="strict"),
    dict(steps=["page_view:*", "signup", "login"], window="14d", order="any"),
    dict(steps=["newsletter_sent", "newsletter_opened?", "newsletter_clicked?", "form_submitted"],
         window="30d"),
    dict(steps=["newsletter_sent", "newsletter_opened?", "newsletter_clicked"],
         window="30d", order="strict"),
    dict(steps=["page_view:/products/*", "add_to_cart",
                {"touchpoint": "purchase", "within": "2d"}], window="30d"),
    dict(steps=["contact_created", "mql", "sql", "opportunity_created", "deal_won"],
         window="365d", level="account", exclude=["deal_lost"]),
    dict(steps=["ad_click[channel=paid_search]", "stage:consideration", "stage:decision"],
         window="90d", level="account",
         exclude=[{"step": "ticket_opened", "between": (2, 3)}]),
    dict(steps=["ad_click", "signup", "login"], window="30d", order="any",
         exclude=["ticket_opened"]),
]


@pytest.mark.parametrize("kwargs", DEMO_FUNNELS, ids=lambda k: " > ".join(map(str, k["steps"])))
def test_demo_funnels_match_the_pandas_reference(demo_ws, demo_touches, kwargs):
    result = demo_ws.funnel(**kwargs)
    spec = result.spec
    expected = reference(demo_touches, spec)
    assert expected[0]["entered"] > 0
    assert_same(result, expected)


# -- property-based: random small journeys ---------------------------------------------------
TOUCHPOINTS = ["a", "b", "c", "d"]
event = st.tuples(st.sampled_from(TOUCHPOINTS), st.integers(0, 20))
stories = st.dictionaries(st.sampled_from([f"p{i}" for i in range(6)]),
                          st.lists(event, min_size=1, max_size=8), min_size=1)
step_lists = st.lists(st.sampled_from(TOUCHPOINTS), min_size=2, max_size=4)
#: the workspace fixture is reused on purpose: each example rewrites its tables
FIXTURE_OK = [HealthCheck.function_scoped_fixture]



def _load(ws, story) -> pd.DataFrame:
    items = {p: [{"tp": tp, "day": d / 4} for tp, d in evs] for p, evs in story.items()}
    # someone does every touchpoint once, long after, so no step names an unknown one
    items["zz"] = [{"tp": tp, "day": 100 + i} for i, tp in enumerate(TOUCHPOINTS)]
    write_story(ws.engine, ws.settings, items)
    return ws.engine.to_arrow(ws.engine.table("touches")).to_pandas()


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(story=stories, steps=step_lists, window=st.integers(1, 6))
def test_random_funnels_match_the_reference_and_keep_invariants(scratch_ws, story, steps, window):
    df = _load(scratch_ws, story)
    counts = {}
    for order in ("strict", "ordered", "any"):
        result = scratch_ws.funnel(steps, window=f"{window}d", order=order)
        assert_same(result, reference(df, result.spec))
        entered = result.table.column("entered").to_pylist()
        assert all(a >= b for a, b in itertools.pairwise(entered)), "counts never increase"
        counts[order] = entered
    for k in range(len(steps)):
        assert counts["any"][k] >= counts["ordered"][k] >= counts["strict"][k]


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE_OK)
@given(story=stories, steps=step_lists, excluded=st.sampled_from(TOUCHPOINTS),
       optional=st.booleans())
def test_random_optional_and_exclusion_steps_match_the_reference(scratch_ws, story, steps,
                                                                 excluded, optional):
    df = _load(scratch_ws, story)
    steps = list(steps)
    if optional and len(steps) >= 3:
        steps[1] += "?"
    for order in ("ordered", "strict"):
        result = scratch_ws.funnel(steps, window="3d", order=order, exclude=[excluded])
        assert_same(result, reference(df, result.spec))


def test_the_reference_itself_on_a_hand_case():
    t0 = datetime(2024, 1, 1)
    df = pd.DataFrame({"event_id": ["1", "2", "3"], "person_id": ["x"] * 3,
                       "ts": [t0, t0 + timedelta(days=1), t0 + timedelta(days=2)],
                       "touchpoint": ["a", "b", "c"]})
    steps = [RefStep((df.touchpoint == tp).to_numpy()) for tp in "abc"]
    times = actor_times(df, steps, "ordered", timedelta(days=7), "person_id")
    assert funnel_counts(times, steps, "ordered")[2] == {
        "entered": 1, "median": 86_400.0, "p90": 86_400.0}

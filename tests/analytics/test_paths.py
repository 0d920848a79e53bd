"""Paths, next/previous-step trees, Sankey flows and the converter comparison."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.errors import AnalysisError

from .story import write_story

STORY = {
    "a": ["ad@0", "home@1", "pricing@2", "pricing@2.1", "demo@3"],
    "b": ["ad@0", "home@1", "blog@2"],
    "c": ["home@0", "pricing@1", "demo@2", "purchase@3"],
    "d": ["ad@0", "pricing@1"],
}


def paths(result):
    return {r["path"]: r["actors"] for r in result.to_dict()}


def test_top_paths_collapse_loops_and_mark_longer_paths(story_ws):
    ws = story_ws(STORY)
    r = ws.paths(depth=3)
    assert paths(r) == {"ad → home → pricing → …": 1, "ad → home → blog": 1,
                        "home → pricing → demo → …": 1, "ad → pricing": 1}
    raw = ws.paths(depth=4, collapse_loops=False)
    assert "ad → home → pricing → pricing → …" in paths(raw)


def test_after_and_before_a_step(story_ws):
    ws = story_ws(STORY)
    after = ws.paths("home", depth=2)
    # a: pricing, demo; b: blog; c: pricing, demo (and more)
    assert paths(after) == {"pricing → demo": 1, "blog": 1, "pricing → demo → …": 1}
    assert paths(ws.paths("demo", depth=2)) == {"(end)": 1, "purchase": 1}  # a stops at demo
    before = ws.paths("pricing", direction="before", depth=2)
    # step 1 is the event just before pricing: a home (then ad), c home, d ad
    assert paths(before) == {"home → ad": 1, "home": 1, "ad": 1}
    last = ws.paths(direction="before", depth=2)  # no start: the last steps of journeys
    assert paths(last) == {"demo → pricing → …": 1, "blog → home → …": 1,
                           "purchase → demo → …": 1, "pricing → ad": 1}
    by_field = ws.paths("home", depth=1, step_by="channel")
    assert paths(by_field) == {"direct": 3}  # every step is direct: loops collapse to one
    # the step next to the start begins the path even when it is named like the start
    assert paths(ws.paths("pricing", direction="before", depth=1, step_by="channel")) == {
        "direct": 3}
    raw = ws.paths("home", depth=1, step_by="channel", collapse_loops=False)
    assert paths(raw) == {"direct": 1, "direct → …": 2}


def test_tree_counts_add_up_and_prune_small_branches(story_ws):
    ws = story_ws(STORY)
    tree = ws.paths(depth=3).tree().to_dict()
    first = {t["step"]: t["actors"] for t in tree if t["depth"] == 1}
    assert first == {"ad": 3, "home": 1}
    under_ad = {t["step"]: (t["actors"], t["ended"]) for t in tree if t["parent"] == "ad"}
    assert under_ad == {"home": (2, 0), "pricing": (1, 1)}
    assert {t["path"] for t in ws.paths(depth=3).tree(min_share=0.5).to_dict()} == {
        "ad", "ad → home", "ad → home → blog", "ad → home → pricing"}


def test_sankey_groups_small_branches_and_shows_drop_offs(story_ws):
    ws = story_ws(STORY)
    s = ws.paths(depth=3).sankey(top_per_step=1, min_share=0.0)
    nodes = {(n["step"], n["name"]): n["actors"] for n in s.nodes.to_dict()}
    assert nodes[(1, "ad")] == 3 and nodes[(1, "other")] == 1
    links = {(lk["step"], lk["source"], lk["target"]): lk["actors"] for lk in s.to_dict_links()}
    assert links[(2, "other", "(end)")] == 1  # d stops after pricing
    fig = s.figure()
    assert sum(fig.data[0].link.value) == sum(links.values())


def test_compare_paths_before_conversion(story_ws):
    ws = story_ws(STORY)
    r = {row["step"]: row for row in ws.compare_paths(min_actors=1).to_dict()}
    # c converts (purchase): its steps before the purchase are home, pricing, demo
    assert (r["demo"]["converters_with"], r["demo"]["non_converters_with"]) == (1, 1)
    assert r["demo"]["share_of_converters"] == 1.0
    assert r["demo"]["share_of_non_converters"] == pytest.approx(1 / 3)
    assert "purchase" not in r  # the conversion itself is not a step before it
    assert r["ad"]["converters_with"] == 0 and r["ad"]["lift"] == 0.0


def test_bad_input(story_ws):
    ws = story_ws(STORY)
    with pytest.raises(AnalysisError, match="did you mean demo"):
        ws.paths("dmeo")
    with pytest.raises(AnalysisError, match="no field named"):
        ws.paths(step_by="chanel")
    with pytest.raises(AnalysisError, match="depth"):
        ws.paths(depth=0)



@settings(max_examples=30, deadline=None)
@given(story=st.dictionaries(
    st.sampled_from([f"p{i}" for i in range(8)]),
    st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 30)), min_size=1, max_size=9),
    min_size=1), depth=st.integers(1, 4), top=st.integers(1, 3))
def test_sankey_flows_conserve_counts(scratch_ws, story, depth, top):
    write_story(scratch_ws.engine, scratch_ws.settings,
                {p: [f"{tp}@{d}" for tp, d in evs] for p, evs in story.items()})
    s = scratch_ws.paths(depth=depth).sankey(top_per_step=top, min_share=0.0)
    nodes = {(n["step"], n["name"]): n["actors"] for n in s.nodes.to_dict()}
    inflow: Counter = Counter()
    outflow: Counter = Counter()
    for lk in s.to_dict_links():
        outflow[(lk["step"], lk["source"])] += lk["actors"]
        inflow[(lk["step"] + 1, lk["target"])] += lk["actors"]
    assert sum(n for (step, _), n in nodes.items() if step == 1) == len(story)
    for (step, name), n in nodes.items():
        if step > 1:
            assert inflow[(step, name)] == n
        if step < depth and name != "(end)":
            assert outflow[(step, name)] == n


def reference_paths(df, start, depth, direction="after", collapse=True):
    """Straight pandas/Python: walk each person's events from their first ``start`` (or
    from the first or last event without one)."""
    out: Counter = Counter()
    df = df[df["person_id"].notna()].sort_values(["person_id", "ts", "event_id"])
    for _, ev in df.groupby("person_id", sort=False):
        names = list(ev["touchpoint"].fillna("(none)"))
        if start is None:
            seq = names if direction == "after" else names[::-1]
        elif start not in names:
            continue
        else:
            i = names.index(start)
            seq = names[i + 1:] if direction == "after" else names[:i][::-1]
        if collapse:
            seq = [n for k, n in enumerate(seq) if k == 0 or seq[k - 1] != n]
        key = (" → ".join(seq[:depth]) or "(end)") + (" → …" if len(seq) > depth else "")
        out[key] += 1
    return out


@pytest.mark.parametrize(("start", "direction", "collapse"), [
    ("contact_created", "after", True), ("demo_request", "before", True),
    (None, "after", True), (None, "before", True), (None, "after", False),
    ("page_view:/pricing", "after", False)])
def test_demo_paths_match_pandas(demo_ws, demo_touches, start, direction, collapse):
    r = demo_ws.paths(start, direction=direction, depth=3, collapse_loops=collapse,
                      top=100_000)
    assert paths(r) == dict(reference_paths(demo_touches, start, 3, direction, collapse))


@settings(max_examples=40, deadline=None)
@given(story=st.dictionaries(
    st.sampled_from([f"p{i}" for i in range(6)]),
    st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 5)), min_size=1, max_size=10),
    min_size=1), data=st.data())
def test_paths_match_pandas_on_repeats_and_ties(scratch_ws, story, data):
    """Few names and days: many repeats in a row and many events at the same time."""
    write_story(scratch_ws.engine, scratch_ws.settings,
                {p: [f"{tp}@{d}" for tp, d in evs] for p, evs in story.items()})
    done = sorted({tp for evs in story.values() for tp, _ in evs})
    start = data.draw(st.sampled_from([None, *done]))
    direction = data.draw(st.sampled_from(["after", "before"]))
    collapse = data.draw(st.booleans())
    depth = data.draw(st.integers(1, 4))
    r = scratch_ws.paths(start, direction=direction, depth=depth, collapse_loops=collapse,
                         top=100_000)
    touches = scratch_ws.engine.to_arrow(scratch_ws.engine.table("touches")).to_pandas()
    assert paths(r) == dict(reference_paths(touches, start, depth, direction, collapse))

"""Properties that hold for any input: components partition identifiers and respect
every used edge; a build keeps every event exactly once (touches + merges = events)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.config import load_settings
from journeymap.engine import connect
from journeymap.pipeline.build import build
from journeymap.pipeline.components import identity_components
from journeymap.schema import Tables

from .literal import account_rows, at, event_rows

edges = st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=40)


@given(strong=edges, anon=edges, limit=st.integers(1, 4))
def test_components_partition_and_respect_used_edges(strong, anon, limit):
    n = 20
    s = np.array(strong or [], dtype=np.int64).reshape(-1, 2)
    a = np.array(anon or [], dtype=np.int64).reshape(-1, 2)
    comp = identity_components(n, s[:, 0], s[:, 1], a[:, 0], a[:, 1], limit)
    assert comp.label.shape == (n,)  # every identifier in exactly one component
    for left, right in s:
        assert comp.label[left] == comp.label[right]
    for left, right in a:
        if comp.used_for_merge[left]:
            assert comp.label[left] == comp.label[right]
        else:
            assert comp.linked_people[left] > limit


event = st.fixed_dictionaries({
    "anonymous_id": st.sampled_from([None, "a1", "a2", "a3"]),
    "email": st.sampled_from([None, "kim@acme.com", "lee@beta.com", "x@gmail.com"]),
    "source": st.sampled_from(["web", "crm", "webinar"]),
    "touchpoint": st.sampled_from(["page_view:/", "webinar_attended", "deal_won"]),
    "minute": st.integers(0, 120),
})


@settings(max_examples=8, deadline=None)
@given(st.lists(event, min_size=1, max_size=12))
def test_every_event_is_a_touch_or_a_merge(events):
    rows = [{**e, "ts": at(e.pop("minute")), "event_id": f"e{i}"}
            for i, e in enumerate(events)]
    with tempfile.TemporaryDirectory() as folder:
        s = load_settings(Path(folder))
        engine = connect(s, Path(folder))
        try:
            engine.replace(Tables.events, event_rows(rows))
            engine.replace(Tables.accounts_raw, account_rows([]))
            result = build(engine, s)
            assert result.touches + result.duplicates_merged == result.events == len(rows)
            touches = engine.to_arrow(engine.table(Tables.touches).select("event_id"))
            merges = engine.to_arrow(engine.table(Tables.merges).select("merged_event_id"))
            ids = touches.column(0).to_pylist() + merges.column(0).to_pylist()
            assert sorted(ids) == sorted(r["event_id"] for r in rows)
        finally:
            engine.close()

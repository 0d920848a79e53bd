"""Connected components of the identity graph, on integer codes with scipy.

The engine reduces millions of events to distinct identifier pairs coded as integers; this
module solves the graph problem in memory (about 0.2 s per million edges) where a SQL
label-propagation loop would take a minute. Python sees integers only, never rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


@dataclass(frozen=True)
class Components:
    """Per identifier code: its component, whether it merged, how many people it touched.

    ``linked_people`` counts the distinct strong people (components of the user_id/email
    graph) an anonymous id was seen with; ``used_for_merge`` is False for anonymous ids
    over the guard, which then stay a person of their own.
    """

    label: np.ndarray
    used_for_merge: np.ndarray
    linked_people: np.ndarray


def _labels(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    data = np.ones(len(left), dtype=np.int8)
    graph = coo_matrix((data, (left, right)), shape=(n, n)).tocsr()
    return connected_components(graph, directed=False)[1]


def identity_components(
    n: int,
    strong_left: np.ndarray,
    strong_right: np.ndarray,
    anon: np.ndarray,
    anon_strong: np.ndarray,
    max_people_per_anonymous_id: int,
) -> Components:
    """Components of ``n`` identifiers.

    ``strong_left``/``strong_right`` are user_id–email edges (always merge);
    ``anon``/``anon_strong`` are anonymous_id–(user_id|email) edges, used only when the
    anonymous id touches at most ``max_people_per_anonymous_id`` strong people, because a
    shared device or a kiosk would otherwise fuse unrelated people into one.
    """
    strong_left = np.asarray(strong_left, np.int64)
    strong_right = np.asarray(strong_right, np.int64)
    anon, anon_strong = np.asarray(anon, np.int64), np.asarray(anon_strong, np.int64)
    strong_label = _labels(n, strong_left, strong_right).astype(np.int64)
    pairs = np.unique(anon * n + strong_label[anon_strong])
    linked_people = np.bincount(pairs // n, minlength=n) if n else np.zeros(0, np.int64)
    guarded = linked_people > max_people_per_anonymous_id
    keep = ~guarded[anon]
    left = np.concatenate([strong_left, anon[keep]])
    right = np.concatenate([strong_right, anon_strong[keep]])
    return Components(_labels(n, left, right), ~guarded, linked_people)

"""Figures computed once per build and kept in ``app.state``.

Everything the dashboard and the analytics forms read from derived tables changes only when
the workspace is rebuilt, so it is keyed by the build's time (``build_info.built_at``): a
rebuild — from the web app or from the CLI on the same files — makes the next request
compute afresh, and every other request reads the kept value. Checking the key is one tiny
query; the values themselves can cost seconds on ten million events.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from fastapi import FastAPI, Request

from journeymap.schema import Tables
from journeymap.web.templating import language
from journeymap.workspace import Workspace

T = TypeVar("T")
F = TypeVar("F")

#: Analysis results kept per build (the oldest asked goes first); dashboard values always stay.
KEPT_RESULTS = 32


@dataclass
class BuildCache:
    """Values of one build: ``stamp`` is its ``built_at``; ``computed`` counts computations
    (tests read it to see that a second load computes nothing)."""

    stamp: datetime | None = None
    values: dict[Hashable, Any] = field(default_factory=dict)
    computed: int = 0
    #: One lock per value: a second request for a value being computed waits for it
    #: instead of computing it again; requests for other values go on.
    computing: dict[Hashable, threading.Lock] = field(default_factory=dict)
    #: Held while ``stamp`` and ``values`` (or the locks) change together.
    mutex: threading.Lock = field(default_factory=threading.Lock)

    def seen(self) -> tuple[datetime | None, dict[Hashable, Any]]:
        """The build and its values, read together."""
        with self.mutex:
            return self.stamp, self.values

    def lock_of(self, name: Hashable) -> threading.Lock:
        """The one lock of value ``name`` (made under the mutex, so two threads asking at
        once get the same lock)."""
        with self.mutex:
            return self.computing.setdefault(name, threading.Lock())


def build_stamp(ws: Workspace) -> datetime | None:
    """When the workspace was last built (UTC), or None before the first build."""
    engine = ws.engine
    if not engine.has(Tables.build_info):
        return None
    info = engine.to_arrow(engine.table(Tables.build_info).select("built_at"))
    stamps = [s for s in info.column("built_at").to_pylist() if s is not None]
    return max(stamps) if stamps else None


def cache_of(app: FastAPI) -> BuildCache:
    state = app.state
    cache = getattr(state, "build_cache", None)
    if cache is None:
        cache = state.build_cache = BuildCache()
    return cache


def _checked(app: FastAPI) -> BuildCache:
    """The cache of the workspace's current build, emptied when the build changed."""
    cache = cache_of(app)
    with app.state.lock:
        stamp = build_stamp(app.state.workspace)
    with cache.mutex:
        if stamp is None or stamp != cache.stamp:
            cache.stamp, cache.values = stamp, {}
    return cache


def current(request: Request) -> BuildCache:
    """The cache of the workspace's current build; the build is checked once per request."""
    cache = cache_of(request.app)
    if getattr(request.state, "build_checked", None) is not cache:
        _checked(request.app)
        request.state.build_checked = cache
    return cache


def kept(request: Request, *names: str) -> dict[str, Any]:
    """Those of ``names`` already computed for the current build."""
    _, values = current(request).seen()
    return {name: values[name] for name in names if name in values}


def per_build(request: Request, name: Hashable, compute: Callable[[], T], *,
              bounded: bool = False) -> T:
    """``compute()`` once per build; later calls return the kept value. Before the first
    build nothing is kept (``compute`` decides what to show). ``bounded`` values (answers
    to forms, of which there are endless) are forgotten oldest first past
    :data:`KEPT_RESULTS`; a value whose computation raises is not kept."""
    return _once(request.app, current(request), name, compute, bounded)


def keep(app: FastAPI, name: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` kept for the workspace's current build, outside any request: a job
    that has just built prepares what the first visitor would otherwise wait for."""
    return _once(app, _checked(app), name, compute, False)


def _once(app: FastAPI, cache: BuildCache, name: Hashable, compute: Callable[[], T],
          bounded: bool) -> T:
    with cache.lock_of(name), app.state.lock:
        # The values of the build this caller saw: a value computed while a newer build
        # lands goes with the old build's values, never the new one's.
        stamp, values = cache.seen()
        if stamp is not None and name in values:
            return values[name]
        value = compute()
        cache.computed += 1
        if stamp is not None:
            values[name] = value
            if bounded:
                _forget_oldest(cache, values)
        return value


def _forget_oldest(cache: BuildCache, values: dict[Hashable, Any]) -> None:
    with cache.mutex:
        answers = [k for k in values if isinstance(k, tuple) and k[:1] == ("answer",)]
        for key in answers[:max(0, len(answers) - KEPT_RESULTS)]:
            values.pop(key, None)
            cache.computing.pop(key, None)  # a later ask makes a new one


def kept_answer(run: Callable[[Request, F], T]) -> Callable[[Request, F], T]:
    """``run(request, form)`` once per build and form: an analytics page asked again — the
    same chart, its CSV, the back button — answers from memory until the next build
    (friction and paths take tens of seconds on ten million events). Keyed by the form's
    values and the reader's language."""

    @functools.wraps(run)
    def kept_run(request: Request, form: F) -> T:
        key = ("answer", run.__qualname__, repr(form), language.get())
        return per_build(request, key, lambda: run(request, form), bounded=True)

    return kept_run

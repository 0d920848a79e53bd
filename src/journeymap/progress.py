"""Progress reporting: long work calls a function; the CLI draws a bar, the web app a status.

``report(task, completed, total)`` says that ``completed`` of ``total`` units of ``task`` are
done (bytes for ingest, steps for build); ``total`` is ``None`` when unknown. Steps of one
piece of work share a prefix before ``": "`` (``"build: identity"``, ``"build: dedupe"``),
so a front end can show them as one bar.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[str, float, float | None], None]


def silent(task: str, completed: float, total: float | None) -> None:
    """The default: report nothing."""

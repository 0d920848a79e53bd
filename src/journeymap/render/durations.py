"""Durations as people say them: 45 s, 12 min, 3.5 h, 2.1 d."""

from __future__ import annotations


def human_duration(seconds: float | None) -> str:
    """A short human reading of a number of seconds; ``—`` for none."""
    if seconds is None or seconds != seconds:  # None or NaN
        return "—"
    for unit, size in (("d", 86_400), ("h", 3_600), ("min", 60)):
        if abs(seconds) >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"

"""One friction item: the shape every kind of friction is reported in.

Besides the English ``evidence`` sentence (what the CLI prints and notebooks read), every
item carries the same evidence as data: ``evidence_code`` names the sentence and
``evidence_args`` (a JSON object as text) holds its figures, so an interface in another
language words it itself instead of translating English text. The codes and their figures:

- ``abandoned``: n, total (abandoned journeys), days (silent for), rate
- ``loop``: n, times (repeats that make a loop), mean (run length), rate, others
- ``long_break``: n, stage, days (break threshold), median (break length), rate, others
- ``support``: n, stage, rate, others
- ``segment_drop``: stage, next, field, segment, n, rate, others, p
- ``history_drop``: stage, next, n, recent_days, within_days, rate, others, earlier, p

``rate`` is the conversion of the affected journeys (0-1), ``others`` of the comparable
others, days are days.
"""

from __future__ import annotations

import json
from typing import Any

EVIDENCE_CODES = ("abandoned", "loop", "long_break", "support", "segment_drop",
                  "history_drop")


def rate(num: float, den: float) -> float | None:
    """A share, or None when there is nothing to divide by."""
    return num / den if den else None


def evidence_args(args: dict[str, Any]) -> str:
    """The figures of an evidence sentence as JSON text; floats rounded to 6 decimals so
    engines that differ in the last bits agree."""
    return json.dumps({k: round(v, 6) if isinstance(v, float) else v
                       for k, v in args.items()}, ensure_ascii=False, sort_keys=True)


def item(kind: str, stage: str | None, where: str, affected: int, conv_a: float | None,
         conv_o: float | None, lost: float, evidence: str, examples: list[str], *,
         code: str, args: dict[str, Any]) -> dict:
    """One row of the friction list; ``lost`` (estimated lost conversions) never < 0;
    ``code`` and ``args`` are the evidence as data (see the module's list)."""
    assert code in EVIDENCE_CODES, code
    return {"kind": kind, "stage": stage, "where": where, "affected": int(affected),
            "conversion_affected": conv_a, "conversion_others": conv_o,
            "lost_conversions": round(max(lost, 0.0), 2), "evidence": evidence,
            "examples": ", ".join(e for e in examples if e), "evidence_code": code,
            "evidence_args": evidence_args(args)}

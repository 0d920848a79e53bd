"""Friction evidence in the reader's language.

The friction list carries its evidence twice: an English sentence (``evidence``, for the
CLI and notebooks) and the same facts as data (``evidence_code`` and the JSON figures of
``evidence_args``, see :mod:`journeymap.analytics.friction_items`). The pages word the
data through the catalogue, with numbers in the reader's locale; a row without a code (or
with one this version does not know) shows its English sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from babel.numbers import format_decimal

from journeymap.web.i18n import babel_locale
from journeymap.web.labels import N_
from journeymap.web.templating import gettext as _
from journeymap.web.templating import language, number, percent

#: sentence per evidence code (formatted with the row's figures, already worded)
EVIDENCE = {
    "abandoned": N_("{n} of {total} abandoned journeys ended here (silent {days}+ days); "
                    "journeys with this touch convert {rate}"),
    "loop": N_("{n} journeys repeat it {times}+ times in a row (mean {mean}); they convert "
               "{rate} vs {others} for the others with this touch"),
    "long_break": N_("{n} journeys in {stage}: no touch for more than {days} days (median "
                     "{median} days); they convert {rate} vs {others}"),
    "support": N_("{n} journeys in {stage}: support tickets or negative survey answers; "
                  "they convert {rate} vs {others}"),
    "segment_drop": N_("{stage} → {next}: {rate} of {n} vs {others} for the other segments "
                       "(p = {p})"),
    "history_drop": N_("of the {n} journeys that entered {stage} in the last {recent_days} "
                       "days, {rate} reached {next} within {within_days} days vs {others} of "
                       "{earlier} earlier ones (p = {p})"),
}
#: what ``where`` says for the kinds whose ``where`` is a phrase rather than a touchpoint
WHERE = {
    "long_break": N_("no touch for more than {days} days"),
    "support": N_("support tickets or negative survey answers"),
    "history_drop": N_("{stage} → {next} lately"),
}


def _p_value(value: Any) -> str:
    return format_decimal(value, format="0.000", locale=babel_locale(language.get()))


def _stage(value: Any) -> str:
    return _(value) if value else _("no stage")


#: how each figure is worded (figures not listed are shown as they are)
FORMATS: dict[str, Callable[[Any], str]] = {
    "n": number, "total": number, "earlier": number, "times": number,
    "days": lambda v: number(v, 2), "recent_days": lambda v: number(v, 2),
    "within_days": lambda v: number(v, 2), "mean": lambda v: number(v, 1),
    "median": number, "rate": lambda v: percent(v, 0), "others": lambda v: percent(v, 0),
    "p": _p_value, "stage": _stage, "next": _stage,
}


def _figures(row: dict[str, Any]) -> dict[str, str] | None:
    try:
        args = json.loads(row.get("evidence_args") or "")
    except (TypeError, ValueError):
        return None
    if not isinstance(args, dict):
        return None
    return {k: FORMATS[k](v) if k in FORMATS else str(v) for k, v in args.items()}


def _worded(sentences: dict[str, str], row: dict[str, Any]) -> str | None:
    sentence = sentences.get(row.get("evidence_code") or "")
    figures = _figures(row) if sentence else None
    if sentence is None or figures is None:
        return None
    try:
        return _(sentence).format(**figures)
    except (KeyError, IndexError, ValueError):
        return None


def friction_evidence(row: dict[str, Any]) -> str:
    """A friction row's evidence in the request's language (else its English sentence)."""
    return _worded(EVIDENCE, row) or row.get("evidence") or ""


def friction_where(row: dict[str, Any]) -> str:
    """Where a friction point is: a touchpoint or segment as the data names it, or the
    phrase of a break, support or history drop in the request's language."""
    return _worded(WHERE, row) or row.get("where") or ""

"""Stages step: each touch gets a journey stage from ordered touchpoint rules.

Stage rules (``stage_rules.toml`` in the package, replaced by ``[journeys] stage_rules``)
map touchpoint globs plus optional rating bounds to the five default stages awareness 인지,
consideration 고려, decision 결정, retention 유지, advocacy 옹호; the first matching rule
wins (so ``nps_response`` with rating >= 9 is advocacy before plain ``nps_response`` is
retention). ``stage_order`` is the stage's 0-based index in ``[journeys] stages``; rules for
stages not listed there are ignored. Globs compile to literal prefix/suffix/equality tests
(regex only for several ``*``), never to SQL text or LIKE, where ``_`` would be a wildcard.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import ibis
import ibis.expr.types as ir

from journeymap.config import JourneySettings, StageRule

BUILTIN_RULES = "stage_rules.toml"


def builtin_stage_rules() -> list[StageRule]:
    """The shipped default rules, in order."""
    text = resources.files(__package__).joinpath(BUILTIN_RULES).read_text(encoding="utf-8")
    return [StageRule(**r) for r in tomllib.loads(text)["rule"]]


def glob_matches(col: ir.StringValue, pattern: str) -> ir.BooleanValue:
    """``col`` matches ``pattern`` where ``*`` is any text (possibly empty)."""
    parts = pattern.split("*")
    if len(parts) == 1:
        return col == pattern
    if len(parts) == 2:
        head, tail = parts
        cond = col.length() >= len(head) + len(tail)
        if head:
            cond &= col.startswith(head)
        if tail:
            cond &= col.endswith(tail)
        return cond
    regex = "^" + ".*".join(re.escape(p) for p in parts) + "$"
    return col.re_search(regex)


def stage_expr(t: ir.Table, settings: JourneySettings) -> tuple[ir.StringValue, ir.IntegerValue]:
    """(stage, stage_order) for each row of ``t``; null when no rule matches."""
    rules = settings.stage_rules if settings.stage_rules is not None else builtin_stage_rules()
    order = {s: i for i, s in enumerate(settings.stages)}
    branches = []
    for rule in rules:
        if rule.stage not in order:
            continue
        cond = glob_matches(t.touchpoint, rule.pattern)
        if rule.min_rating is not None:
            cond &= (t.rating >= rule.min_rating).fill_null(False)
        if rule.max_rating is not None:
            cond &= (t.rating <= rule.max_rating).fill_null(False)
        branches.append((cond, ibis.literal(rule.stage)))
    if not branches:
        return ibis.null("string"), ibis.null("int64")
    stage = ibis.cases(*branches, else_=ibis.null("string"))
    return stage, stage.substitute(order, else_=ibis.null("int64")).cast("int64")


def assign_stages(touches: ir.Table, settings: JourneySettings) -> ir.Table:
    """``touches`` plus ``stage`` and ``stage_order``."""
    stage, order = stage_expr(touches, settings)
    return touches.mutate(stage=stage, stage_order=order)

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


def _rules(settings: JourneySettings) -> tuple[list[StageRule], dict[str, int]]:
    """The rules that can apply (their stage is listed), in order, and each stage's index."""
    rules = settings.stage_rules if settings.stage_rules is not None else builtin_stage_rules()
    order = {s: i for i, s in enumerate(settings.stages)}
    return [r for r in rules if r.stage in order], order


def _rated(rule: StageRule) -> bool:
    return rule.min_rating is not None or rule.max_rating is not None


def stage_expr(t: ir.Table, settings: JourneySettings) -> tuple[ir.StringValue, ir.IntegerValue]:
    """(stage, stage_order) for each row of ``t``; null when no rule matches."""
    return _first_match(t, *_rules(settings))


def _first_match(t: ir.Table, rules: list[StageRule], order: dict[str, int]
                 ) -> tuple[ir.StringValue, ir.IntegerValue]:
    branches = []
    for rule in rules:
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


def assign_stages(touches: ir.Table, settings: JourneySettings,
                  touchpoints: ir.StringColumn | None = None) -> ir.Table:
    """``touches`` plus ``stage`` and ``stage_order``.

    Given ``touchpoints`` (a column holding the touchpoint names, typically far fewer
    distinct ones than touches), the rules run once per distinct name and the touches
    join the answer, instead of every touch going through every glob test (about 4
    CPU-seconds of the build at 10M touches). Only a name that a rating rule could decide
    (the rule matches it before any rule without ratings does) and a name missing from
    ``touchpoints`` are tested per touch, so the result is the same either way.
    """
    if touchpoints is None:
        stage, order = stage_expr(touches, settings)
        return touches.mutate(stage=stage, stage_order=order)
    names = _stage_lookup(touchpoints, settings)
    joined = touches.left_join(names, touches.touchpoint == names._jm_touchpoint)
    stage, order = stage_expr(joined, settings)
    per_touch = joined._jm_per_touch.fill_null(True)
    return joined.mutate(
        stage=ibis.ifelse(per_touch, stage, joined._jm_stage),
        stage_order=ibis.ifelse(per_touch, order, joined._jm_stage_order),
    ).select(*touches.columns, "stage", "stage_order")


def _stage_lookup(touchpoints: ir.StringColumn, settings: JourneySettings) -> ir.Table:
    """Distinct non-null touchpoint names with the stage the rules without ratings give
    (``_jm_stage``, ``_jm_stage_order``) and whether a rating rule could decide it
    (``_jm_per_touch``)."""
    names = touchpoints.name("touchpoint").as_table().distinct()
    names = names.filter(names.touchpoint.notnull())
    rules, order = _rules(settings)
    stage, stage_order = _first_match(names, [r for r in rules if not _rated(r)], order)
    per_touch = ibis.literal(False)
    for i, rule in enumerate(rules):
        if not _rated(rule):
            continue
        earlier_plain = [glob_matches(names.touchpoint, r.pattern) for r in rules[:i]
                         if not _rated(r)]
        decided = ibis.or_(*earlier_plain) if earlier_plain else ibis.literal(False)
        per_touch |= glob_matches(names.touchpoint, rule.pattern) & ~decided
    return names.select(_jm_touchpoint=names.touchpoint, _jm_stage=stage,
                        _jm_stage_order=stage_order, _jm_per_touch=per_touch)

"""Funnel steps: what event counts as doing a step.

A step is a touchpoint (a glob: ``page_view:/pricing``, ``page_view:/blog/*``), a journey
stage (``stage:decision``), or only filters, plus any filters on event fields and
properties. Steps are typed and validated; they compile to one boolean Ibis expression.

The compact text form used by the CLI and by ``Workspace.funnel([...])``::

    demo_request                              a touchpoint
    page_view:/blog/*                         a touchpoint glob
    stage:decision                            a stage
    demo_request[channel=paid_search]         with filters (, between filters)
    webinar_attended?                         optional step
    *[properties.plan in pro|team, value>=100] filters only
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

import ibis
import ibis.expr.types as ir
from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

from journeymap.analytics.fields import Condition, condition_expr, glob_expr
from journeymap.errors import AnalysisError

STAGE_PREFIX = "stage:"
_FILTER = re.compile(r"^\s*([\w.]+)\s*(!=|>=|<=|=|>|<|~| not in | in )\s*(.*?)\s*$")


class Step(BaseModel):
    """One step. ``within`` limits the time since the previous step (per-step window)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    touchpoint: str | None = None
    stage: str | None = None
    where: tuple[Condition, ...] = ()
    optional: bool = False
    within: timedelta | None = None
    label: str | None = None

    @model_validator(mode="after")
    def _something_to_match(self) -> Step:
        if self.touchpoint is None and self.stage is None and not self.where:
            raise ValueError("a step needs a touchpoint, a stage or at least one filter")
        if self.within is not None and self.within <= timedelta(0):
            raise ValueError("a step's window ('within') must be longer than zero")
        return self

    @property
    def name(self) -> str:
        """How the step is shown: its label, else its text form."""
        if self.label:
            return self.label
        head = (f"{STAGE_PREFIX}{self.stage}" if self.stage is not None
                else self.touchpoint or "*")
        if self.where:
            head += "[" + ", ".join(_condition_text(c) for c in self.where) + "]"
        return head


def _condition_text(cond: Condition) -> str:
    if cond.op == "exists":
        return f"{cond.field} exists"
    value = "|".join(map(str, cond.value)) if isinstance(cond.value, list | tuple) else cond.value
    sep = f" {cond.op} " if cond.op in ("in", "not in") else cond.op
    return f"{cond.field}{sep}{value}"


def parse_step(text: str) -> Step:
    """A step from its text form (see the module docstring)."""
    raw = text.strip()
    optional = raw.endswith("?")
    if optional:
        raw = raw[:-1].rstrip()
    head, where = raw, ()
    if raw.endswith("]") and "[" in raw:
        head, _, body = raw[:-1].partition("[")
        where = tuple(parse_condition(part, text) for part in body.split(",") if part.strip())
    head = head.strip()
    if not head and not where:
        raise AnalysisError(f"empty step '{text}'", field="steps",
                            hint="name a touchpoint, stage:NAME, or filters in [...]",
                            code="analysis.empty_step", params={"step": text})
    kwargs: dict[str, object] = {"where": where, "optional": optional}
    if head.startswith(STAGE_PREFIX):
        kwargs["stage"] = head[len(STAGE_PREFIX):]
    elif head and head != "*":
        kwargs["touchpoint"] = head
    return Step(**kwargs)


def parse_condition(text: str, step: str = "") -> Condition:
    """``field op value``; ``in`` takes ``a|b|c``; ``field exists`` tests for a value."""
    part = text.strip()
    if part.endswith(" exists"):
        return Condition(field=part[: -len(" exists")].strip(), op="exists")
    found = _FILTER.match(part)
    if not found:
        raise AnalysisError(f"cannot read the filter '{part}'", field=step or part,
                            hint="write field=value, field>=number, field~glob*, "
                                 "field in a|b, or field exists",
                            code="analysis.bad_filter", params={"filter": part})
    field, op, value = found.group(1), found.group(2).strip(), found.group(3)
    return Condition(field=field, op=op,
                     value=value.split("|") if op in ("in", "not in") else value)


def as_step(step: str | Step | dict) -> Step:
    """Accept the text form, a :class:`Step` or a dict of its fields."""
    if isinstance(step, Step):
        return step
    if isinstance(step, str):
        return parse_step(step)
    return Step.model_validate(step)


def _optional_step(value: object) -> Step | None:
    return None if value is None else as_step(value)  # type: ignore[arg-type]


#: A spec field holding a step written as text, a dict or a :class:`Step`, or nothing.
OptionalStep = Annotated[Step | None, BeforeValidator(_optional_step)]


def step_expr(table: ir.Table, step: Step) -> ir.BooleanValue:
    """True for the events of ``table`` that count as doing ``step``."""
    cond: ir.BooleanValue = ibis.literal(True)
    if step.touchpoint is not None:
        cond &= glob_expr(table.touchpoint, step.touchpoint).fill_null(False)
    if step.stage is not None:
        cond &= (table.stage == step.stage).fill_null(False)
    for c in step.where:
        cond &= condition_expr(table, c)
    return cond

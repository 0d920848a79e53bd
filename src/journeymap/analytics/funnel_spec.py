"""The funnel a user asks for, validated before anything runs.

Semantics (docs/analytics.md has the full text and the comparison with other tools):
an actor (person or account) enters with the first event of step 1 in the date range;
the conversion window starts there and is not moved by later step-1 events; each later
step is the first matching event after the step before it (``ordered``), the very next
event of the actor (``strict``), or, in ``any`` order, steps 2..n may come in any order
after the entry and row k counts actors who did k of the steps.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from journeymap.analytics.spec import Level, parse_duration
from journeymap.analytics.steps import Step, as_step
from journeymap.errors import AnalysisError

Order = Literal["ordered", "strict", "any"]
SPEC_HINT = "see docs/analytics.md for the funnel spec"


def _invalid(message: str, code: str, **params: int) -> AnalysisError:
    """A funnel that cannot be (an AnalysisError is a ValueError, so Pydantic reports it
    and :func:`~journeymap.analytics.validate.validated` passes it on with its code)."""
    return AnalysisError(message, hint=SPEC_HINT, code=code, params=params)


class Exclusion(BaseModel):
    """Drop an actor from the funnel if ``step`` happens between steps ``between``
    (1-based, default: first to last), or after ``between[0]`` within the window when
    ``between[1]`` was never reached."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: Step
    between: tuple[int, int] | None = None

    @field_validator("step", mode="before")
    @classmethod
    def _step(cls, value: object) -> Step:
        return as_step(value)  # type: ignore[arg-type]


class FunnelSpec(BaseModel):
    """A funnel: ordered steps, order mode, window, level, exclusions, breakdown, dates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: tuple[Step, ...]
    order: Order = "ordered"
    window: timedelta = timedelta(days=30)
    level: Level = "person"
    exclusions: tuple[Exclusion, ...] = ()
    breakdown: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @field_validator("steps", mode="before")
    @classmethod
    def _steps(cls, value: object) -> tuple[Step, ...]:
        return tuple(as_step(s) for s in value)  # type: ignore[union-attr]

    @field_validator("exclusions", mode="before")
    @classmethod
    def _exclusions(cls, value: object) -> tuple[Exclusion, ...]:
        return tuple(x if isinstance(x, Exclusion) else
                     Exclusion(step=x) if isinstance(x, str | Step) else Exclusion(**x)
                     for x in value)  # type: ignore[union-attr]

    @field_validator("window", mode="before")
    @classmethod
    def _window(cls, value: object) -> timedelta:
        return parse_duration(value)  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _consistent(self) -> FunnelSpec:
        n = len(self.steps)
        if n < 2:
            raise _invalid("a funnel needs at least two steps", "analysis.too_few_steps")
        if self.steps[0].optional or self.steps[-1].optional:
            raise _invalid("the first and the last step cannot be optional",
                           "analysis.optional_end")
        if self.order == "any" and any(s.optional or s.within for s in self.steps):
            raise _invalid("in 'any' order steps cannot be optional or have their own window",
                           "analysis.any_order_options")
        for x in self.exclusions:
            a, b = self.between(x)
            if not 1 <= a < b <= n:
                raise _invalid(f"exclusion between steps {a} and {b}: "
                               f"give two step numbers from 1 to {n}, the first smaller",
                               "analysis.exclusion_steps", a=a, b=b, n=n)
            if self.steps[a - 1].optional or self.steps[b - 1].optional:
                raise _invalid("an exclusion must lie between two required steps",
                               "analysis.exclusion_optional")
        return self

    def between(self, exclusion: Exclusion) -> tuple[int, int]:
        """The exclusion's (from, to) steps, 1-based."""
        return exclusion.between or (1, len(self.steps))

    def previous_required(self, k: int) -> int:
        """The 0-based index of the required step before step ``k`` (0-based)."""
        j = k - 1
        while self.steps[j].optional:
            j -= 1
        return j

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

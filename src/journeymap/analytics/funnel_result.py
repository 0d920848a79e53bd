"""The funnel result a notebook user holds: the steps table, who dropped, the trend, and
a Plotly figure. Drop-off lists and trends run on demand from the compiled query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import ibis.expr.types as ir

from journeymap.analytics.periods import period_start
from journeymap.analytics.spec import actor_column
from journeymap.errors import AnalysisError
from journeymap.results import TableResult
from journeymap.schema import Tables

if TYPE_CHECKING:
    from journeymap.analytics.funnel_spec import FunnelSpec
    from journeymap.engine import Engine


@dataclass(frozen=True)
class FunnelResult(TableResult):
    """Per step: entered, conversion from previous and from first, dropped, times (s)."""

    spec: FunnelSpec | None = None
    excluded: int = 0
    engine: Engine | None = field(default=None, repr=False, compare=False)
    actors: ir.Table | None = field(default=None, repr=False, compare=False)
    timezone: str = "UTC"

    def to_dict(self) -> dict[str, Any]:  # type: ignore[override]
        return {"steps": self.table.to_pylist(), "excluded": self.excluded,
                "spec": self.spec.model_dump(mode="json") if self.spec else None}

    def step_index(self, step: int | str) -> int:
        """0-based index of a step given by number (1-based) or by name."""
        assert self.spec is not None
        names = self.spec.names
        if isinstance(step, str) and step in names:
            return names.index(step)
        try:
            k = int(step) - 1
        except ValueError:
            k = -1
        if not 0 <= k < len(names):
            raise AnalysisError(f"the funnel has no step '{step}'", field="step",
                                hint=f"give 1..{len(names)} or one of: {', '.join(names)}",
                                code="analysis.no_such_step",
                                params={"step": str(step), "n": len(names),
                                        "names": list(names)})
        return k

    def dropped(self, step: int | str, limit: int | None = None) -> TableResult:
        """Actors who reached the step before ``step`` but not ``step``, with their journey
        figures, longest wait first; the list a CX team follows up."""
        assert self.spec is not None and self.engine is not None and self.actors is not None
        k = self.step_index(step)
        if k == 0:
            raise AnalysisError("nobody drops at the first step: it is the entry",
                                field="step", hint="give a step number from 2",
                                code="analysis.drop_at_entry")
        prev = self.spec.previous_required(k) if self.spec.order != "any" else k - 1
        a = self.actors
        gone = a.filter(~a.excluded & a[f"at_{prev}"].notnull() & a[f"at_{k}"].isnull())
        actor = actor_column(self.spec.level)
        journeys = self.engine.table(Tables.journeys)
        journeys = journeys.filter(journeys.level == self.spec.level)
        keep = ["journey_id", "touches", "last_touch_at", "last_touchpoint",
                "current_stage", "converted"]
        if actor == "person_id":
            keep.insert(1, "account_id")
        joined = gone.left_join(journeys, actor)
        out = joined.select(actor, reached_at=joined[f"at_{prev}"],
                            **{c: joined[c] for c in keep})
        out = out.order_by([out.reached_at, out[actor]])
        if limit is not None:
            out = out.limit(limit)
        title = f"dropped before step {k + 1}: {self.spec.names[k]}"
        return TableResult(self.engine.to_arrow(out), title)

    def trend(self, period: Literal["day", "week", "month"] = "week") -> TableResult:
        """Entries, completions and conversion per period of entry (workspace time zone)."""
        assert self.spec is not None and self.engine is not None and self.actors is not None
        a = self.actors.filter(~self.actors.excluded)
        last = a[f"at_{len(self.spec.steps) - 1}"]
        a = a.mutate(period=period_start(a.at_0, period, self.timezone))
        keys = ["period", *(["breakdown"] if self.spec.breakdown else [])]
        agg = a.group_by(keys).aggregate(entered=a.count(), converted=last.count())
        agg = agg.mutate(conversion=agg.converted.cast("float64") / agg.entered)
        return TableResult(self.engine.to_arrow(agg.order_by(keys)),
                           f"conversion by {period}")

    def figure(self) -> Any:
        """A Plotly funnel chart; each bar says its conversion from the first step and the
        drop-off from the previous one. One coloured series per breakdown value."""
        from journeymap.render.funnel_chart import funnel_figure

        return funnel_figure(self)

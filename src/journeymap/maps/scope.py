"""Who a map's numbers count: journeys of one level, optionally of one segment.

A segment is ``journey.COL=value`` or ``account.COL=value`` (``account.industry=retail``),
the same names analytics breakdowns use; the journeys and touches of the scope are the
workspace tables filtered to the actors in the segment.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis.expr.types as ir

from journeymap.analytics.breakdown import ACCOUNT_PREFIX, JOURNEY_PREFIX, actor_breakdown
from journeymap.analytics.spec import actor_column
from journeymap.engine import Engine
from journeymap.errors import MapError
from journeymap.schema import Tables


@dataclass(frozen=True)
class Scope:
    level: str = "person"
    segment: str | None = None

    @property
    def actor(self) -> str:
        return actor_column(self.level)

    def key(self) -> tuple[str, str | None]:
        return (self.level, self.segment)


def parse_segment(segment: str) -> tuple[str, str]:
    """``account.industry=retail`` -> (``account.industry``, ``retail``)."""
    name, sep, value = segment.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not name.startswith((JOURNEY_PREFIX, ACCOUNT_PREFIX)) or not value:
        raise MapError(f"segment '{segment}' is not COLUMN=VALUE", field="segment",
                       hint="for example account.industry=retail or journey.first_channel=email",
                       code="maps.bad_segment", params={"segment": segment})
    return name, value


def scoped_journeys(engine: Engine, scope: Scope) -> ir.Table:
    """The journeys of the scope's level, filtered to its segment."""
    j = engine.table(Tables.journeys)
    j = j.filter(j.level == scope.level)
    if scope.segment is None:
        return j
    name, value = parse_segment(scope.segment)
    who = actor_breakdown(engine, scope.level, scope.actor, name)
    who = who.filter(who.breakdown == value).select(scope.actor).distinct()
    return j.semi_join(who, scope.actor)


def scoped_touches(engine: Engine, scope: Scope) -> ir.Table:
    """Touches of the actors in the scope (all touches when there is no segment)."""
    t = engine.table(Tables.touches)
    t = t.filter(t[scope.actor].notnull())
    if scope.segment is None:
        return t
    return t.semi_join(scoped_journeys(engine, scope).select(scope.actor), scope.actor)

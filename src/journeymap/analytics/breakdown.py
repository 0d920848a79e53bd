"""Splitting an analysis by a property of who is counted.

A breakdown is an event field taken at the actor's entry event (``channel``,
``utm_campaign``, ``properties.plan``: first-touch attribution of the funnel), a column of
the actor's journey (``journey.first_channel``, ``journey.current_stage``) or a column of
their company account (``account.industry``, ``account.size``, ``account.region``).
Missing values are shown as ``(none)``.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.fields import field_names, unknown_field
from journeymap.engine import Engine
from journeymap.schema import Tables

NONE_LABEL = "(none)"
JOURNEY_PREFIX = "journey."
ACCOUNT_PREFIX = "account."


def is_event_field(name: str) -> bool:
    """True when the breakdown is read from the entry event, not from a journey table."""
    return not name.startswith((JOURNEY_PREFIX, ACCOUNT_PREFIX))


def actor_breakdown(engine: Engine, level: str, actor: str, name: str) -> ir.Table:
    """``actor`` -> ``breakdown`` for a journey or account breakdown."""
    journeys = engine.table(Tables.journeys)
    journeys = journeys.filter(journeys.level == level)
    if name.startswith(JOURNEY_PREFIX):
        col = name[len(JOURNEY_PREFIX):]
        if col not in journeys.columns or col in ("level", actor):
            raise unknown_field(name, [JOURNEY_PREFIX + c for c in journeys.columns])
        return journeys.select(actor, breakdown=journeys[col].cast("string"))
    accounts = engine.table(Tables.accounts)
    col = name[len(ACCOUNT_PREFIX):]
    if col not in accounts.columns or col == "account_id":
        raise unknown_field(name, [ACCOUNT_PREFIX + c for c in accounts.columns])
    acc = accounts.select("account_id", breakdown=accounts[col].cast("string"))
    if actor == "account_id":
        return acc
    people = journeys.select(actor, "account_id")
    joined = people.left_join(acc, "account_id")
    return joined.select(actor, joined.breakdown)


def check_event_field(touches: ir.Table, name: str) -> None:
    """Fail early, naming the field, when an event breakdown does not exist."""
    if name.startswith("properties."):
        return
    if name not in field_names(touches):
        raise unknown_field(name, [*field_names(touches), "journey.<column>",
                                   "account.<column>"])


def labelled(col: ir.Value) -> ir.StringValue:
    """Breakdown values as text with ``(none)`` for missing ones."""
    return col.cast("string").fill_null(ibis.literal(NONE_LABEL))

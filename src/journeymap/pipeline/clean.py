"""Clean step: normalise source and touchpoint names and fill empty channels.

Different exports spell one thing many ways (``Page View:/Pricing/``, ``webinar-attendance``);
journeys, dedupe and stage rules compare names, so names are made canonical first:
trimmed, lower-case, spaces and hyphens to ``_``. A touchpoint ``name:path`` keeps its path
after the first ``:`` (lower-cased, query and fragment dropped, trailing ``/`` removed).
Aliases (built-in plus ``[clean] source_aliases`` / ``touchpoint_aliases``) map synonyms.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from journeymap.config import CleanSettings
from journeymap.pipeline.channels import load_channel_rules, with_channel

#: Synonyms seen in common exports; a workspace's aliases are applied on top of these.
BUILTIN_TOUCHPOINT_ALIASES = {
    "webinar_attendance": "webinar_attended",
    "webinar_attend": "webinar_attended",
    "webinar_registration": "webinar_registered",
    "webinar_register": "webinar_registered",
    "pageview": "page_view",
    "page": "page_view",
    "page_viewed": "page_view",
    "demo_requested": "demo_request",
    "request_demo": "demo_request",
    "sign_up": "signup",
    "signed_up": "signup",
    "closed_won": "deal_won",
    "closed_lost": "deal_lost",
    "order_complete": "order_completed",
    "nps": "nps_response",
    "csat": "csat_response",
}
BUILTIN_SOURCE_ALIASES = {
    "website": "web",
    "site": "web",
    "mobile_app": "app",
    "sfdc": "crm",
    "salesforce": "crm",
    "hubspot_crm": "crm",
    "zendesk": "support",
    "zoom_webinar": "webinar",
}


def normalise_name(col: ir.StringValue) -> ir.StringValue:
    """Trim, lower-case, runs of spaces and hyphens to a single ``_``."""
    return col.strip().lower().re_replace(r"[\s\-]+", "_")


def _alias(col: ir.StringValue, aliases: dict[str, str]) -> ir.StringValue:
    if not aliases:
        return col
    keys = {normalise_key(k): v for k, v in aliases.items()}
    return col.substitute(keys)


def normalise_key(name: str) -> str:
    """The Python twin of :func:`normalise_name`, for alias keys written by people."""
    import re

    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def normalise_touchpoint(col: ir.StringValue, aliases: dict[str, str]) -> ir.StringValue:
    """``Page View:/Pricing/?a=1`` -> ``page_view:/pricing``; aliases apply to the name part
    and then to the whole touchpoint."""
    has_path = col.contains(":")
    name = _alias(normalise_name(col.re_extract(r"^([^:]*)", 1)), aliases)
    path = (
        col.re_extract(r"^[^:]*:(.*)$", 1).strip().lower()
        .re_replace(r"[?#].*$", "").re_replace(r"/+$", "")
    )
    path = ibis.ifelse(path == "", ibis.literal("/"), path)
    full = ibis.ifelse(has_path, name + ":" + path, name)
    return _alias(full, aliases)


#: Columns the source and channel of an event are derived from (the channel rules' inputs).
CHANNEL_INPUTS = ("source", "channel", "utm_source", "utm_medium", "referrer")


def _channels(keys: ir.Table, settings: CleanSettings) -> ir.Table:
    """Canonical ``_jm_source`` and ``_jm_channel`` of each distinct row of ``keys``."""
    source_aliases = {**BUILTIN_SOURCE_ALIASES, **settings.source_aliases}
    source = _alias(normalise_name(keys.source), source_aliases)
    named = keys.mutate(_jm_source=source, _jm_given=normalise_name(keys.channel))
    derived = with_channel(named, load_channel_rules(settings.channel_rules), named._jm_source)
    return derived.select(
        *keys.columns, "_jm_source",
        _jm_channel=ibis.ifelse(derived._jm_given == "", derived._jm_channel,
                                derived._jm_given),
    )


@dataclass(frozen=True)
class NameLookups:
    """The canonical names of every distinct raw combination (thousands of rows).

    ``channels``: the :data:`CHANNEL_INPUTS` (empty for null) with ``_jm_source`` and
    ``_jm_channel``; ``touchpoints``: ``_jm_tp_raw`` (empty for null) with
    ``_jm_touchpoint``.
    """

    channels: ir.Table
    touchpoints: ir.Table


def _keyed(events: ir.Table) -> ir.Table:
    return events.mutate(**{f"_jm_k_{c}": events[c].fill_null("") for c in CHANNEL_INPUTS},
                         _jm_k_touchpoint=events.touchpoint.fill_null(""))


def name_lookups(events: ir.Table, settings: CleanSettings) -> NameLookups:
    """The regexes and rules of :func:`clean`, run once per distinct combination."""
    tp_aliases = {**BUILTIN_TOUCHPOINT_ALIASES, **settings.touchpoint_aliases}
    keyed = _keyed(events)
    keys = keyed.select(**{c: keyed[f"_jm_k_{c}"] for c in CHANNEL_INPUTS}).distinct()
    tps = keyed.select(touchpoint=keyed._jm_k_touchpoint).distinct()
    tps = tps.select(_jm_tp_raw=tps.touchpoint,
                     _jm_touchpoint=normalise_touchpoint(tps.touchpoint, tp_aliases))
    return NameLookups(_channels(keys, settings), tps)


def clean(events: ir.Table, settings: CleanSettings, lookups: NameLookups | None = None
          ) -> ir.Table:
    """Events with canonical ``source``, ``touchpoint`` and a ``channel`` on every row.

    Names and channels depend only on a few columns whose combinations repeat millions of
    times, so the regexes and rules run once per distinct combination (thousands), and
    the answers are joined back to the events by those columns (empty for null).
    ``lookups`` are those answers already materialised (the build keeps them in scratch
    tables): an engine may otherwise move the regexes above the join, onto every event.
    """
    lookups = lookups if lookups is not None else name_lookups(events, settings)
    channels, tps = lookups.channels, lookups.touchpoints
    keyed = _keyed(events)
    joined = keyed.join(
        channels, [keyed[f"_jm_k_{c}"] == channels[c] for c in CHANNEL_INPUTS]
    ).join(tps, keyed._jm_k_touchpoint == tps._jm_tp_raw)
    return joined.select(**{
        c: (joined._jm_source if c == "source" else joined._jm_channel if c == "channel"
            else joined._jm_touchpoint if c == "touchpoint" else joined[c])
        for c in events.columns
    })

"""Clean step: normalise source and touchpoint names and fill empty channels.

Different exports spell one thing many ways (``Page View:/Pricing/``, ``webinar-attendance``);
journeys, dedupe and stage rules compare names, so names are made canonical first:
trimmed, lower-case, spaces and hyphens to ``_``. A touchpoint ``name:path`` keeps its path
after the first ``:`` (lower-cased, query and fragment dropped, trailing ``/`` removed).
Aliases (built-in plus ``[clean] source_aliases`` / ``touchpoint_aliases``) map synonyms.
"""

from __future__ import annotations

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


def clean(events: ir.Table, settings: CleanSettings) -> ir.Table:
    """Events with canonical ``source``, ``touchpoint`` and a ``channel`` on every row."""
    source_aliases = {**BUILTIN_SOURCE_ALIASES, **settings.source_aliases}
    tp_aliases = {**BUILTIN_TOUCHPOINT_ALIASES, **settings.touchpoint_aliases}
    source = _alias(normalise_name(events.source.fill_null("")), source_aliases)
    given = normalise_name(events.channel.fill_null(""))
    named = events.mutate(source=source, _jm_given=given, touchpoint=normalise_touchpoint(
        events.touchpoint.fill_null(""), tp_aliases))
    derived = with_channel(named, load_channel_rules(settings.channel_rules), named.source)
    return derived.mutate(
        channel=ibis.ifelse(derived._jm_given == "", derived._jm_channel, derived._jm_given),
    ).select(*events.columns)

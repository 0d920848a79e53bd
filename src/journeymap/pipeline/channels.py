"""Channel standardisation: ordered rules (TOML) compiled to one ``ibis.cases`` expression.

Sources rarely agree on channel names, and many events carry none, so the build derives
it from utm parameters, the referrer and the recording system. Rules live in a TOML file
shipped with the package (``channel_rules.toml``, documented there); a workspace file named
by ``[clean] channel_rules`` is tried first. Every rule value becomes an Ibis literal:
nothing a user writes is spliced into SQL text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.errors import ConfigError

BUILTIN_RULES = "channel_rules.toml"
MATCH_FIELDS = ("source", "utm_source", "utm_medium", "referrer")
PRESENCE_FIELDS = ("utm_source", "utm_medium", "referrer")
FALLBACK_CHANNEL = "other"


@dataclass(frozen=True)
class ChannelRule:
    """All given conditions must hold; each condition lists alternative values."""

    channel: str
    match: dict[str, tuple[str, ...]]
    empty: tuple[str, ...] = ()
    present: tuple[str, ...] = ()


def _read_toml(path: Path | None, text: str | None = None) -> dict[str, Any]:
    try:
        return tomllib.loads(text if text is not None else path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"channel rules cannot be read: {exc}", file=str(path or BUILTIN_RULES),
            hint="fix the TOML or [clean] channel_rules in journeymap.toml",
        ) from exc


def _parse_rules(doc: dict[str, Any], sets: dict[str, list[str]], where: str) -> list[ChannelRule]:
    rules = []
    for i, raw in enumerate(doc.get("rule", []), start=1):
        unknown = set(raw) - {"channel", "empty", "present", *MATCH_FIELDS}
        if "channel" not in raw or unknown:
            raise ConfigError(
                f"rule {i} needs 'channel' and only {', '.join(MATCH_FIELDS)}, empty, present"
                + (f"; unknown: {', '.join(sorted(unknown))}" if unknown else ""),
                file=where, hint="see channel_rules.toml in the journeymap package",
            )
        match = {}
        for name in MATCH_FIELDS:
            if name in raw:
                values: list[str] = []
                for v in raw[name]:
                    if v.startswith("@"):
                        if v[1:] not in sets:
                            raise ConfigError(f"rule {i}: unknown set '{v}'", file=where)
                        values.extend(sets[v[1:]])
                    else:
                        values.append(v)
                match[name] = tuple(v.strip().lower() for v in values)
        bad = set(raw.get("empty", [])) | set(raw.get("present", []))
        if bad - set(PRESENCE_FIELDS):
            raise ConfigError(f"rule {i}: empty/present take {PRESENCE_FIELDS}", file=where)
        rules.append(ChannelRule(raw["channel"].strip().lower(), match,
                                 tuple(raw.get("empty", [])), tuple(raw.get("present", []))))
    return rules


def load_channel_rules(extra_file: str | Path | None = None) -> list[ChannelRule]:
    """The user's rules (if any) followed by the built-in ones; sets merge, user's win."""
    builtin = _read_toml(None, resources.files(__package__).joinpath(BUILTIN_RULES).read_text(
        encoding="utf-8"))
    sets = dict(builtin.get("sets", {}))
    user_rules: list[ChannelRule] = []
    if extra_file is not None:
        path = Path(extra_file)
        user = _read_toml(path)
        sets.update(user.get("sets", {}))
        user_rules = _parse_rules(user, sets, str(path))
    return user_rules + _parse_rules(builtin, sets, BUILTIN_RULES)


def _host(referrer: ir.StringValue) -> ir.StringValue:
    """Lower-case host of a URL (or bare host), without 'www.'; '' when absent."""
    host = referrer.re_extract(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]*://)?([^/:?#]+)", 1)
    return host.lower().re_replace(r"^www\.", "")


def _condition(rule: ChannelRule, cols: dict[str, ir.StringValue]) -> ir.BooleanValue:
    cond: ir.BooleanValue = ibis.literal(True)
    for name, values in rule.match.items():
        col = cols[name]
        if name == "referrer":
            alts = [(col == v) | col.endswith("." + v) for v in values]
            cond &= ibis.or_(*alts) if alts else ibis.literal(False)
        else:
            cond &= col.isin(values)
    for name in rule.empty:
        cond &= cols[name] == ""
    for name in rule.present:
        cond &= cols[name] != ""
    return cond


def channel_expr(t: ir.Table, rules: list[ChannelRule], source: ir.StringValue) -> ir.StringValue:
    """The channel the first matching rule names (``other`` if none) for each row of ``t``.

    ``source`` is the already normalised source column.
    """
    def norm(c: ir.StringValue) -> ir.StringValue:
        return c.fill_null("").strip().lower()

    cols = {
        "source": source.fill_null(""),
        "utm_source": norm(t.utm_source),
        "utm_medium": norm(t.utm_medium),
        "referrer": _host(norm(t.referrer)),
    }
    if not rules:
        return ibis.literal(FALLBACK_CHANNEL)
    branches = [(_condition(r, cols), ibis.literal(r.channel)) for r in rules]
    return ibis.cases(*branches, else_=ibis.literal(FALLBACK_CHANNEL))

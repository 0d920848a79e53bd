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


#: A referrer rule value matches the host or any parent domain up to this many levels
#: up (m.search.naver.com -> search.naver.com -> naver.com -> com).
HOST_LEVELS = 4


def _inputs(t: ir.Table, source: ir.StringValue) -> ir.Table:
    """Normalised rule inputs as columns, computed once per row (regexes are costly)."""
    def norm(c: ir.StringValue) -> ir.StringValue:
        return c.fill_null("").strip().lower()

    host = _host(norm(t.referrer)).fill_null("")
    cols = {"_jm_source": source.fill_null(""), "_jm_utm_source": norm(t.utm_source),
            "_jm_utm_medium": norm(t.utm_medium), "_jm_host0": host}
    return t.mutate(**cols)


def _parents(t: ir.Table) -> ir.Table:
    """``_jm_host1..`` : the host without its first 1, 2, ... labels ('' when none left)."""
    for level in range(1, HOST_LEVELS):
        prev = t[f"_jm_host{level - 1}"]
        t = t.mutate(**{f"_jm_host{level}": ibis.ifelse(
            prev.contains("."), prev.re_replace(r"^[^.]*\.", ""), ibis.literal(""))})
    return t


def _condition(rule: ChannelRule, t: ir.Table) -> ir.BooleanValue:
    cond: ir.BooleanValue = ibis.literal(True)
    for name, values in rule.match.items():
        if name == "referrer":
            hosts = [t[f"_jm_host{i}"] for i in range(HOST_LEVELS)]
            cond &= ibis.or_(*[(h != "") & h.isin(values) for h in hosts])
        else:
            cond &= t[f"_jm_{name}"].isin(values)
    for name in rule.empty:
        cond &= t[_column(name)] == ""
    for name in rule.present:
        cond &= t[_column(name)] != ""
    return cond


def _column(name: str) -> str:
    return "_jm_host0" if name == "referrer" else f"_jm_{name}"


def with_channel(t: ir.Table, rules: list[ChannelRule], source: ir.StringValue,
                 name: str = "_jm_channel") -> ir.Table:
    """``t`` plus column ``name``: the channel the first matching rule names, else
    ``other``. ``source`` is the already normalised source column of ``t``."""
    staged = _parents(_inputs(t, source))
    if rules:
        branches = [(_condition(r, staged), ibis.literal(r.channel)) for r in rules]
        channel = ibis.cases(*branches, else_=ibis.literal(FALLBACK_CHANNEL))
    else:
        channel = ibis.literal(FALLBACK_CHANNEL)
    helpers = [c for c in staged.columns if c.startswith("_jm_") and c not in t.columns]
    return staged.mutate(**{name: channel}).drop(*helpers)

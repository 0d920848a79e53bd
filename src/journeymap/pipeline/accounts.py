"""Accounts step: which company each person belongs to, and the table of accounts.

B2B journeys are bought by accounts, not by single people, so each person gets an account:
the ``account_id`` CRM events carry (the most frequent wins), else the account whose
``domain`` equals the person's corporate email domain, else the account of colleagues with
the same corporate domain whose CRM account is known, else a synthetic ``domain:<domain>``
account. Free-mail domains (``free_mail_domains.txt`` plus ``[identity]
free_mail_domains_extra``) never make an account. Hashed emails (``sha256:<hex>@domain``)
keep their domain, so they match too.
"""

from __future__ import annotations

from importlib import resources

import ibis
import ibis.expr.types as ir
from ibis import _

from journeymap.config import IdentitySettings

FREE_MAIL_FILE = "free_mail_domains.txt"
SYNTHETIC_PREFIX = "domain:"


def free_mail_domains(extra: list[str] | tuple[str, ...] = ()) -> frozenset[str]:
    """Built-in free-mail domains plus a workspace's extra ones, lower-case."""
    text = resources.files(__package__).joinpath(FREE_MAIL_FILE).read_text(encoding="utf-8")
    lines = [ln.strip().lower() for ln in text.splitlines()]
    builtin = {ln for ln in lines if ln and not ln.startswith("#")}
    return frozenset(builtin | {d.strip().lower() for d in extra if d.strip()})


def email_domain(email: ir.StringValue) -> ir.StringValue:
    """The part after the last ``@``, lower-case ('' when there is none)."""
    return email.re_extract(r"@([^@]+)$", 1).strip().lower()


def normalise_domain(domain: ir.StringValue) -> ir.StringValue:
    """``https://www.Acme.co.kr/`` -> ``acme.co.kr``, so CRM domains match email domains."""
    host = domain.strip().lower().re_extract(r"^(?:[a-z][a-z0-9+.\-]*://)?([^/:?#]+)", 1)
    return host.re_replace(r"^www\.", "")


def _top(t: ir.Table, by: str, weight: str, value: str) -> ir.Table:
    """The ``value`` with the largest ``weight`` per ``by`` (ties: smallest value)."""
    rank = ibis.row_number().over(group_by=t[by], order_by=[t[weight].desc(), t[value]])
    return t.mutate(_jm_rank=rank).filter(_._jm_rank == 0).select(by, value)


def persons(events: ir.Table, identities: ir.Table, account_records: ir.Table,
            settings: IdentitySettings) -> ir.Table:
    """One row per person: account_id, account_match, email, first/last seen, events."""
    mine = events.filter(events.person_id.notnull())
    base = mine.group_by("person_id").aggregate(
        first_seen=_.ts.min(), last_seen=_.ts.max(), events=_.count())
    crm = mine.filter(mine.account_id.notnull() & (mine.account_id != ""))
    crm = _top(crm.group_by("person_id", "account_id").aggregate(n=_.count()),
               "person_id", "n", "account_id").rename(crm_account="account_id")
    emails = identities.filter(identities.identifier_type == "email")
    email = _top(emails, "person_id", "events", "identifier").rename(email="identifier")
    corp = emails.mutate(domain=email_domain(emails.identifier))
    corp = corp.filter((corp.domain != "") & ~corp.domain.isin(
        sorted(free_mail_domains(settings.free_mail_domains_extra))))
    corp = _top(corp.group_by("person_id", "domain").aggregate(n=_.events.sum()),
                "person_id", "n", "domain")
    records = account_records.mutate(domain=normalise_domain(account_records.domain))
    records = records.filter(records.domain.notnull() & (records.domain != ""))
    records = records.group_by("domain").aggregate(record_account=_.account_id.min())
    known = (base.left_join(crm, "person_id").left_join(email, "person_id")
             .left_join(corp, "person_id")
             .select(*base.columns, "crm_account", "email", "domain"))
    # A corporate domain used by people whose CRM account is known belongs to that account,
    # so colleagues seen only by email join it too (the account used by most of them wins).
    # Windows over ``known`` rather than an aggregate joined back: read twice, ``known``
    # (with its email-domain parsing) would be computed twice.
    out = _with_learned_account(known.left_join(records, "domain"))
    synthetic = ibis.ifelse(out.domain.notnull(), SYNTHETIC_PREFIX + out.domain,
                            ibis.null("string"))
    return out.select(
        "person_id",
        account_id=ibis.coalesce(out.crm_account, out.record_account, out.learned_account,
                                 synthetic),
        account_match=ibis.cases(
            (out.crm_account.notnull(), "crm_account_id"),
            (out.domain.notnull(), "email_domain"),
            else_="none",
        ),
        email=out.email, first_seen=out.first_seen, last_seen=out.last_seen, events=out.events,
    )


def _with_learned_account(known: ir.Table) -> ir.Table:
    """``known`` plus ``learned_account``: the CRM account most of the people with the
    row's domain have (ties: smallest id); null without a domain or when none of them has
    a CRM account."""
    pair = ibis.window(group_by=[known.domain, known.crm_account])
    voted = known.mutate(_jm_votes=ibis.ifelse(known.crm_account.notnull(),
                                               known.person_id.count().over(pair),
                                               ibis.null("int64")))
    best = ibis.window(group_by=voted.domain,
                       order_by=[voted.crm_account.isnull(), voted._jm_votes.desc(),
                                 voted.crm_account])
    learned = voted.crm_account.first().over(best)
    return voted.mutate(learned_account=ibis.ifelse(
        voted.domain.isnull(), ibis.null("string"), learned)).drop("_jm_votes")


def accounts(events: ir.Table, persons_t: ir.Table, account_records: ir.Table) -> ir.Table:
    """Every account seen (CRM records, account ids on events, synthetic domain accounts)
    with its firmographics and number of persons."""
    records = account_records.group_by("account_id").aggregate(
        name=_.name.max(), domain=normalise_domain(_.domain).max(), industry=_.industry.max(),
        size=_["size"].max(), region=_.region.max())
    on_events = events.filter(events.account_id.notnull() & (events.account_id != "")).select(
        "account_id").distinct()
    counts = persons_t.filter(persons_t.account_id.notnull()).group_by("account_id").aggregate(
        persons=_.count())
    ids = ibis.union(records.select("account_id"), on_events,
                     counts.select("account_id"), distinct=True)
    out = ids.left_join(records, "account_id").left_join(counts, "account_id")
    synthetic = out.account_id.startswith(SYNTHETIC_PREFIX)
    return out.select(
        "account_id", "name",
        domain=ibis.ifelse(synthetic & out.domain.isnull(),
                           out.account_id.substr(len(SYNTHETIC_PREFIX)), out.domain),
        industry=out.industry, size=out["size"], region=out.region,
        persons=out.persons.fill_null(0),
    )

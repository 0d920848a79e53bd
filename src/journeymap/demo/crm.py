"""The CRM exports: accounts (firmographics), contacts, and activities (lifecycle stages,
opportunities with KRW amounts, sales meetings, and activities that copy a webinar
attendance or a booth scan - the planted cross-source duplicates)."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames, vocab
from journeymap.demo.clock import DAY, HOUR
from journeymap.demo.ids import gather

MINUTE_FORMAT = "%Y-%m-%d %H:%M"
LEAD_SOURCE = {"form": "Web Form", "demo": "Demo Request", "signup": "Free Trial", "none": "Sales"}
#: raw activity type -> canonical touchpoint (the mapping's [values.touchpoint])
TYPES = {
    "MQL": "mql", "SQL": "sql", "Opportunity Created": "opportunity_created",
    "Closed Won": "deal_won", "Closed Lost": "deal_lost", "Meeting": "sales_meeting",
    "Call": "sales_call", "Webinar Attended": "webinar_attended",
    "Trade Show Visit": "event_attended",
}


def account_export(rng: np.random.Generator, accounts: pl.DataFrame) -> pl.DataFrame:
    """Account rows (loaded with a kind = "accounts" mapping)."""
    return pl.DataFrame({
        "Account ID": accounts["account_id"], "회사명": accounts["name"],
        "Domain": accounts["domain"], "Industry": accounts["industry"],
        "Employees": accounts["size"], "Region": accounts["region"],
        "Owner": gather(vocab.SALES_OWNERS, rng.integers(0, 4, len(accounts))),
        "Created Date": pl.Series(accounts["start"]),
    }).with_columns(clock.fmt_kst("Created Date", "%Y-%m-%d"))


def contact_export(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """One row per contact, created a few minutes after the web form synced (or by sales)."""
    n = len(contacts)
    ts = contacts["t_id"].to_numpy() + rng.integers(120, 1800, n)
    email = contacts["email"]
    messy = pl.Series(rng.random(n) < 0.1)
    email = (email.str.slice(0, 1).str.to_uppercase() + email.str.slice(1)).zip_with(messy, email)
    return frames.concat([pl.DataFrame({
        "Contact ID": "003" + contacts["person_no"].cast(pl.String).str.zfill(9),
        "Email": email, "Full Name": contacts["name"], "Account ID": contacts["account_id"],
        "Title": contacts["title"],
        "Lead Source": contacts["id_event"].replace_strict(LEAD_SOURCE),
        "Created Date": pl.Series(ts),
        **frames.truth(contacts["person_no"], contacts["account_no"], ts, "contact_created",
                       "sales"),
    }).with_columns(clock.fmt_kst("Created Date", "%Y-%m-%d %H:%M:%S"))])


def activity_export(rng: np.random.Generator, accounts: pl.DataFrame, contacts: pl.DataFrame,
                    copies: list[tuple[pl.DataFrame, str]]) -> pl.DataFrame:
    """Stages, opportunities and meetings, plus CRM copies of live touches.

    ``copies`` holds (rows of another source to copy, CRM type); about half of the rows of
    contacts whose account reached SQL are logged by sales a few minutes later.
    """
    champ = contacts.filter(pl.col("role") == "champion")  # one per account, in account order
    start, end = accounts["start"].to_numpy(), accounts["end"].to_numpy()
    stage, span = accounts["stage"].to_numpy(), end - start
    n = len(accounts)
    sql_ts = start + (rng.uniform(0.3, 0.4, n) * span).astype(np.int64)
    opp_ts = start + (rng.uniform(0.45, 0.6, n) * span).astype(np.int64)
    parts = []
    # MQL: champions of engaged accounts, some other members
    is_champion = contacts["role"].eq("champion").fill_null(False).to_numpy()
    member_mql = ~is_champion & (rng.random(len(contacts)) < 0.3)
    engaged = (accounts["stage"].gather(_acc_row(contacts, accounts)) >= 1).to_numpy()
    mql = np.flatnonzero(engaged & (is_champion | member_mql))
    t_id = contacts["t_id"].to_numpy()[mql]
    mql_ts = t_id + rng.integers(DAY, 14 * DAY, len(mql))
    acc_of = _acc_row(contacts, accounts)[mql]
    is_champ = is_champion[mql]
    limit = np.where(is_champ & (stage[acc_of] >= 2), sql_ts[acc_of] - DAY, end[acc_of])
    mql_ts = np.maximum(np.minimum(mql_ts, limit), t_id + HOUR)
    parts.append(_rows(contacts[mql], mql_ts, "MQL", None))
    for label, reached, ts in (("SQL", stage >= 2, sql_ts), ("Opportunity Created", stage >= 3,
                                                                 opp_ts)):
        idx = np.flatnonzero(reached)
        amount = accounts["amount"].to_numpy()[idx] if label != "SQL" else None
        parts.append(_rows(champ[idx], ts[idx], label, amount))
    outcome = accounts["outcome"].to_numpy()
    for label, which in (("Closed Won", "won"), ("Closed Lost", "lost")):
        idx = np.flatnonzero(outcome == which)
        parts.append(_rows(champ[idx], end[idx], label, accounts["amount"].to_numpy()[idx]))
    # sales meetings and calls across the committee between SQL and close
    talks = np.where(stage >= 2, 1 + rng.poisson(2, n) + (outcome == "won"), 0)
    acc = np.repeat(np.arange(n), talks)
    n_c = accounts["n_contacts"].to_numpy()
    first = np.cumsum(n_c) - n_c
    member = first[acc] + (rng.random(len(acc)) * n_c[acc]).astype(np.int64)
    ts = clock.uniform_between(rng, sql_ts[acc], end[acc])
    labels = np.where(rng.random(len(acc)) < 0.5, "Meeting", "Call")
    for label in ("Meeting", "Call"):
        pick = labels == label
        parts.append(_rows(contacts[member[pick]], ts[pick], label, None))
    # the planted duplicates
    reached_sql = accounts["stage"].to_numpy() >= 2
    for rows, label in copies:
        rows = rows.filter(pl.col("_account") >= 0)
        acc_row = rows["_account"].to_numpy() - int(accounts["account_no"][0])
        take = np.flatnonzero(reached_sql[acc_row] & (rng.random(len(rows)) < 0.5))
        ts = rows["_ts"].to_numpy()[take] + rng.integers(60, 600, len(take))
        who = rows["_person"].to_numpy()[take] - int(contacts["person_no"][0])
        copy = _rows(contacts[who], ts, label, None)
        parts.append(copy.with_columns(_dup=pl.Series(rows["_dup"].gather(take)), _dup_role=2))
    out = frames.concat(parts)
    return out.with_columns(
        pl.Series("Activity ID", [f"00T{i:010d}" for i in range(len(out))]),
        clock.fmt_kst("Activity Date", MINUTE_FORMAT),
        Owner=gather(vocab.SALES_OWNERS, rng.integers(0, 4, len(out))),
    ).select("Activity ID", pl.exclude("Activity ID"))


def _acc_row(contacts: pl.DataFrame, accounts: pl.DataFrame) -> np.ndarray:
    return contacts["account_no"].to_numpy() - int(accounts["account_no"][0])


def _rows(who: pl.DataFrame, ts: np.ndarray, label: str, amount: np.ndarray | None,
          ) -> pl.DataFrame:
    ts = ts - ts % 60
    n = len(who)
    amt = (pl.Series([f"₩{int(a):,}" for a in amount], dtype=pl.String) if amount is not None
           else pl.Series([None] * n, dtype=pl.String))
    return pl.DataFrame({
        "Account ID": who["account_id"], "Contact Email": who["email"],
        "Type": pl.Series([label] * n, dtype=pl.String), "Activity Date": pl.Series(ts),
        "Amount": amt, "Subject": pl.Series([f"{label} - {c}" for c in who["company"]],
                                            dtype=pl.String),
        **frames.truth(who["person_no"], who["account_no"], ts, TYPES[label], "sales"),
    })

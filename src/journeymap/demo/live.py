"""Live touches: webinar registrations and attendance (an XLSX report) and conference
booth scans (a CSV from the badge scanner app)."""

from __future__ import annotations

import numpy as np
import polars as pl

from journeymap.demo import clock, frames, vocab
from journeymap.demo.clock import DAY, HOUR
from journeymap.demo.ids import gather, random_text


def _pick_slots(rng: np.random.Generator, slots: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                rate: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """(person row, slot index) pairs: up to ``cap`` distinct slots per person in [lo, hi]."""
    first = np.searchsorted(slots, lo)
    avail = np.maximum(np.searchsorted(slots, hi) - first, 0)
    count = np.minimum(np.minimum(rng.poisson(rate), avail), cap)
    who = np.repeat(np.arange(len(lo)), count)
    slot = first[who] + (rng.random(len(who)) * avail[who]).astype(np.int64)
    pairs = np.unique(np.stack([who, slot], axis=1), axis=0) if len(who) else np.zeros((0, 2), int)
    return pairs[:, 0], pairs[:, 1]


def webinars(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """Registered and Attended rows; one registration per person and webinar."""
    times, titles = clock.webinar_times(), clock.webinar_titles()
    champ = contacts["role"].eq("champion").fill_null(False).to_numpy()
    t0, t_end = contacts["t0"].to_numpy(), contacts["t_end"].to_numpy()
    won = contacts["outcome"].eq("won").fill_null(False).to_numpy()
    hi = np.where(won, np.minimum(t_end + 180 * DAY, clock.NOW), t_end)
    who, w = _pick_slots(rng, times, t0 + 2 * DAY, hi, np.where(champ, 0.5, 0.25), 3)
    reg = np.maximum(times[w] - rng.integers(HOUR, 10 * DAY, len(w)), t0[who])
    attended = rng.random(len(w)) < 0.6
    joined = times[w] + rng.integers(-300, 1200, len(w))
    minutes = rng.integers(5, 61, len(w))
    rows = np.concatenate([np.arange(len(w)), np.flatnonzero(attended)])
    is_att = np.concatenate([np.zeros(len(w), bool), np.ones(attended.sum(), bool)])
    ts = np.where(is_att, joined[rows], reg[rows])
    sel = contacts[who[rows]]
    return frames.concat([pl.DataFrame({
        "Registrant Email": sel["email"],
        "Name": sel["name"],
        "Company": sel["company"],
        "Webinar Title": titles.gather(w[rows]),
        "Status": pl.Series(np.where(is_att, "Attended", "Registered")),
        "Time (KST)": pl.Series(ts),
        "Minutes Attended": pl.Series(minutes[rows]).zip_with(
            pl.Series(is_att), pl.Series([None] * len(rows), dtype=pl.Int64)),
        **frames.truth(sel["person_no"], sel["account_no"], ts, pl.Series(
            np.where(is_att, "webinar_attended", "webinar_registered")), "webinar"),
    }).with_columns(clock.fmt_kst("Time (KST)", "%Y-%m-%d %H:%M:%S"))])


def booth_scans(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """One badge scan per person and conference, during opening hours, to the minute."""
    days, names = clock.conference_days(), clock.conference_names()
    champ = contacts["role"].eq("champion").fill_null(False).to_numpy()
    who, c = _pick_slots(rng, days, contacts["t0"].to_numpy(), contacts["t_end"].to_numpy(),
                         np.where(champ, 0.5, 0.25), 2)
    ts = days[c] + rng.integers(0, 2, len(c)) * DAY + rng.integers(0, int(7.5 * HOUR), len(c))
    ts -= ts % 60
    sel = contacts[who]
    n = len(sel)
    return frames.concat([pl.DataFrame({
        "Scan Time": pl.Series(ts),
        "Event": names.gather(c),
        "Badge ID": "B" + random_text(rng, n, 8),
        "Email": sel["email"],
        "Name": sel["name"],
        "Company": sel["company"],
        "Job Title": sel["title"],
        "Interest": gather(vocab.BOOTH_INTERESTS, rng.integers(0, len(vocab.BOOTH_INTERESTS), n)),
        **frames.truth(sel["person_no"], sel["account_no"], ts, "event_attended", "event"),
    }).with_columns(clock.fmt_kst("Scan Time", "%Y/%m/%d %H:%M"))])

"""Headline figures of a build, next to the published B2B benchmark.

The question a journey map answers first is "how long and winding is the road to a won
deal?": for WON account journeys, touches, distinct channels and days from the first
touch to the conversion (inclusive), as mean and median. They are shown beside the
widely quoted B2B figures (about 31 touches, 3.1 channels and 192 days per won deal) so a
team sees at once whether its data is plausible and how it compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import mean, median

from journeymap.config import Settings
from journeymap.engine import Engine
from journeymap.pipeline.lookup import require_built
from journeymap.pipeline.scalars import scalar
from journeymap.results import RecordResult
from journeymap.schema import Tables

BENCHMARK_TOUCHES = 31.0
BENCHMARK_CHANNELS = 3.1
BENCHMARK_DAYS = 192.0


@dataclass(frozen=True)
class Summary(RecordResult):
    """Counts and won-account journey figures (days are float days, UTC)."""

    events: int
    persons: int
    accounts: int
    person_journeys: int
    account_journeys: int
    converted_accounts: int
    conversion_rate: float | None
    won_touches_mean: float | None
    won_touches_median: float | None
    won_channels_mean: float | None
    won_channels_median: float | None
    won_days_mean: float | None
    won_days_median: float | None
    benchmark_touches: float = BENCHMARK_TOUCHES
    benchmark_channels: float = BENCHMARK_CHANNELS
    benchmark_days: float = BENCHMARK_DAYS
    built_at: datetime | None = None


def _stats(values: list[float | None]) -> tuple[float | None, float | None]:
    present = [float(v) for v in values if v is not None]
    if not present:
        return None, None
    return round(mean(present), 3), round(median(present), 3)


def summary(engine: Engine, settings: Settings) -> Summary:
    """Figures of the last build; :class:`NotBuiltError` before the first one."""
    require_built(engine, Tables.journeys, Tables.persons, Tables.accounts)
    journeys = engine.table(Tables.journeys)
    accounts = journeys.filter(journeys.level == "account")
    won = engine.to_arrow(
        accounts.filter(accounts.converted).select(
            "touches_to_convert", "channels_to_convert", "days_to_convert")
    ).to_pydict()
    n_accounts = int(scalar(engine, accounts.count()))
    touches = _stats(won["touches_to_convert"])
    channels = _stats(won["channels_to_convert"])
    days = _stats(won["days_to_convert"])
    info = engine.to_arrow(engine.table(Tables.build_info).select("built_at")).to_pylist()
    return Summary(
        events=int(scalar(engine, engine.table(Tables.events).count())),
        persons=int(scalar(engine, engine.table(Tables.persons).count())),
        accounts=int(scalar(engine, engine.table(Tables.accounts).count())),
        person_journeys=int(scalar(engine, journeys.filter(journeys.level == "person").count())),
        account_journeys=n_accounts,
        converted_accounts=len(won["days_to_convert"]),
        conversion_rate=(round(len(won["days_to_convert"]) / n_accounts, 4)
                         if n_accounts else None),
        won_touches_mean=touches[0], won_touches_median=touches[1],
        won_channels_mean=channels[0], won_channels_median=channels[1],
        won_days_mean=days[0], won_days_median=days[1],
        built_at=info[0]["built_at"] if info else None,
    )

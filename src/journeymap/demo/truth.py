"""The ground truth written next to the data: which true person and account each row
belongs to, the planted duplicate pairs and bad rows, and the true persons and accounts.

Files (in ``ground_truth/``): ``events.csv`` (file, row, true_person, true_account, kind,
source, touchpoint, channel, ts), ``duplicates.csv`` (file_a, row_a, file_b, row_b),
``bad_rows.csv`` (file, row, field, reason, column), ``persons.csv``, ``accounts.csv``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from journeymap.demo import clock

README = """# Ground truth of the journeymap demo data

- events.csv: one line per data row of every event file (not the accounts file). `row` is
  the row as a person counts it: CSV/XLSX header = row 1, NDJSON = line number. `kind` is
  event, duplicate (the second record of a touch another source also recorded) or bad.
  `ts` is UTC; `touchpoint` and `channel` are canonical names.
- duplicates.csv: pairs of rows recording the same touch of the same person in two sources,
  minutes apart. No other pair of one person's rows with the same touchpoint from different
  sources falls within 60 minutes.
- bad_rows.csv: rows the loader must reject, with the canonical `field` ("" for a row that
  fails as a whole), the expected `reason` and the raw `column`(s) damaged.
- persons.csv, accounts.csv: the true people and companies.
"""


class Truth:
    """Appends ground truth shard by shard, so memory stays bounded."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "README.md").write_text(README, encoding="utf-8")
        self._files = {name: (folder / f"{name}.csv").open("wb") for name in
                       ("events", "duplicates", "bad_rows", "persons", "accounts")}
        self._started: set[str] = set()
        self._dup_rows: list[pl.DataFrame] = []
        self.counts = {"events": 0, "duplicates": 0, "bad_rows": 0}

    def add_rows(self, file: str, source: str, frame: pl.DataFrame, rows: np.ndarray,
                 persons: pl.DataFrame, accounts: pl.DataFrame) -> None:
        """Record the rows of one file written for one shard."""
        p0 = int(persons["person_no"][0])
        a0 = int(accounts["account_no"][0]) if len(accounts) else 0
        acc = frame["_account"].to_numpy()
        acc_id = accounts["account_id"].gather(np.where(acc >= 0, acc - a0, 0)).zip_with(
            pl.Series(acc >= 0), pl.Series([None] * len(frame), dtype=pl.String))
        events = pl.DataFrame({
            "file": pl.Series([file] * len(frame), dtype=pl.String),
            "row": pl.Series(rows),
            "true_person": persons["person_id"].gather(frame["_person"].to_numpy() - p0),
            "true_account": acc_id,
            "kind": frame["_kind"],
            "source": pl.Series([source] * len(frame), dtype=pl.String),
            "touchpoint": frame["_touchpoint"],
            "channel": frame["_channel"],
            "ts": frame.select(clock.iso_utc("_ts")).to_series(),
        })
        self._append("events", events)
        bad = events.select("file", "row").with_columns(
            field=frame["_field"], reason=frame["_reason"], column=frame["_column"],
        ).filter(frame["_kind"] == "bad")
        self._append("bad_rows", bad)
        dup = frame["_dup"].to_numpy() >= 0
        if dup.any():
            self._dup_rows.append(events.select("file", "row").filter(pl.Series(dup)).with_columns(
                key=frame["_dup"].filter(pl.Series(dup)).cast(pl.Int64),
                role=frame["_dup_role"].filter(pl.Series(dup)).cast(pl.Int8)))
        self.counts["events"] += len(events)
        self.counts["bad_rows"] += len(bad)

    def end_shard(self, persons: pl.DataFrame, accounts: pl.DataFrame) -> None:
        """Write the duplicate pairs, persons and accounts of a finished shard."""
        if self._dup_rows:
            rows = pl.concat(self._dup_rows)
            a = rows.filter(pl.col("role") == 1).rename({"file": "file_a", "row": "row_a"})
            b = rows.filter(pl.col("role") == 2).rename({"file": "file_b", "row": "row_b"})
            pairs = a.join(b, on="key", how="inner").sort("key").select(
                "file_a", "row_a", "file_b", "row_b")
            self._append("duplicates", pairs)
            self.counts["duplicates"] += len(pairs)
        self._dup_rows = []
        self._append("persons", persons.select(
            "person_id", "kind", "account_id", "email", "name", "user_id", "anon1", "anon2",
            pl.col("shared").alias("shared_anonymous_id"),
        ).rename({"anon1": "anonymous_id", "anon2": "second_anonymous_id"}))
        self._append("accounts", accounts.select(
            "account_id", "name", "domain", "industry", "size", "region", "outcome",
            "n_contacts", pl.col("amount").alias("amount_krw"),
            clock.iso_utc("start").alias("journey_start"),
            clock.iso_utc("end").alias("journey_end"),
        ))

    def close(self) -> None:
        for f in self._files.values():
            f.close()

    def _append(self, name: str, frame: pl.DataFrame) -> None:
        header = name not in self._started
        self._started.add(name)
        self._files[name].write(frame.write_csv(None, include_header=header).encode("utf-8"))

"""Identifier strings drawn from the shard's random generator (so a seed fixes them all)."""

from __future__ import annotations

import numpy as np
import polars as pl

_HEX = np.frombuffer(b"0123456789abcdef", dtype="S1")
_ALNUM = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                       dtype="S1")


def random_text(rng: np.random.Generator, n: int, length: int, alphabet: np.ndarray = _HEX,
                ) -> pl.Series:
    """``n`` random strings of ``length`` characters from ``alphabet`` (vectorised)."""
    if n == 0:
        return pl.Series([], dtype=pl.String)
    chars = alphabet[rng.integers(0, len(alphabet), (n, length))]
    raw = np.ascontiguousarray(chars).view(f"S{length}").ravel()
    return pl.Series(raw.astype(str), dtype=pl.String)


def anonymous_ids(rng: np.random.Generator, n: int) -> pl.Series:
    """UUID-shaped browser ids, as analytics.js writes them."""
    hexes = random_text(rng, n, 32)
    return pl.DataFrame({"h": hexes}).select(
        pl.concat_str([
            pl.col("h").str.slice(0, 8), pl.col("h").str.slice(8, 4), pl.col("h").str.slice(12, 4),
            pl.col("h").str.slice(16, 4), pl.col("h").str.slice(20, 12),
        ], separator="-")
    ).to_series().alias("anon")


def click_ids(rng: np.random.Generator, n: int, prefix: str, length: int = 24) -> pl.Series:
    """Ad platform click ids (gclid-, fbclid-like opaque strings)."""
    return prefix + random_text(rng, n, length, _ALNUM)


def gather(options: tuple[str, ...], index: np.ndarray) -> pl.Series:
    """The strings ``options[index]`` as a polars series."""
    return pl.Series(options, dtype=pl.String).gather(np.asarray(index, dtype=np.int64))

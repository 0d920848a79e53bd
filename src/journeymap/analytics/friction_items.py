"""One friction item: the shape every kind of friction is reported in."""

from __future__ import annotations


def rate(num: float, den: float) -> float | None:
    """A share, or None when there is nothing to divide by."""
    return num / den if den else None


def item(kind: str, stage: str | None, where: str, affected: int, conv_a: float | None,
         conv_o: float | None, lost: float, evidence: str, examples: list[str]) -> dict:
    """One row of the friction list; ``lost`` (estimated lost conversions) never < 0."""
    return {"kind": kind, "stage": stage, "where": where, "affected": int(affected),
            "conversion_affected": conv_a, "conversion_others": conv_o,
            "lost_conversions": round(max(lost, 0.0), 2), "evidence": evidence,
            "examples": ", ".join(e for e in examples if e)}

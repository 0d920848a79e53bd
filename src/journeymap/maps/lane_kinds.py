"""Which kind of lane a row or branch is, guessed from its title in Korean or English.

Imported grids and mind maps name their lanes the way people write them ("고객 행동",
"Pain points", "Thinking & feeling"), not by :class:`LaneKind`. The guess compares the
title, lower-cased and without spaces or punctuation, with keywords in a fixed order: the
more specific kinds first, so "Frontstage actions" is frontstage, "Touchpoint channel" a
touchpoint lane, and "Thoughts & feelings" a thoughts lane (plain text, since an emotions
lane needs scores). A title that matches nothing is a custom lane.
"""

from __future__ import annotations

import re

from journeymap.maps.items import LaneKind

#: Whole titles (normalised) that are too short to look for inside longer titles.
EXACT: dict[str, LaneKind] = {
    "do": LaneKind.actions, "does": LaneKind.actions, "doing": LaneKind.actions,
    "say": LaneKind.thoughts, "says": LaneKind.thoughts,
    "los": LaneKind.line_of_visibility,
}

#: Keywords looked for inside the normalised title, in this order.
KEYWORDS: list[tuple[LaneKind, tuple[str, ...]]] = [
    (LaneKind.line_of_visibility, ("lineofvisibility", "visibilityline", "가시선", "가시성")),
    (LaneKind.pain_points, ("pain", "frustration", "problem", "issue", "불편", "페인", "고충",
                            "문제", "애로", "불만")),
    (LaneKind.opportunities, ("opportunit", "improvement", "idea", "기회", "개선",
                              "아이디어")),
    (LaneKind.kpis, ("kpi", "metric", "measure", "지표", "측정")),
    (LaneKind.touchpoints, ("touchpoint", "터치포인트", "접점", "접촉점")),
    (LaneKind.channels, ("channel", "채널", "매체")),
    (LaneKind.thoughts, ("thought", "think", "생각", "속마음")),
    (LaneKind.emotions, ("emotion", "feeling", "feel", "mood", "sentiment", "감정", "느낌",
                         "기분", "정서")),
    (LaneKind.evidence, ("evidence", "props", "증거", "증빙")),
    (LaneKind.frontstage, ("frontstage", "onstage", "프론트스테이지", "프런트스테이지",
                           "전면", "전방")),
    (LaneKind.backstage, ("backstage", "백스테이지", "후면", "후방")),
    (LaneKind.support, ("support", "지원")),
    (LaneKind.actions, ("action", "doing", "activit", "task", "step", "행동", "활동", "행위",
                        "과업")),
]

_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """A title folded for comparison: lower case, no spaces, punctuation or symbols."""
    return _NOT_WORD.sub("", title.casefold())


def guess_lane_kind(title: str) -> LaneKind:
    """The lane kind a title names (``custom`` when it names none).

    A title that is itself a kind's value ("pain_points", "line_of_visibility") is that
    kind, so maps that spell kinds out come back exactly.
    """
    stripped = title.strip().casefold()
    if stripped in LaneKind.__members__:
        return LaneKind(stripped)
    key = normalise_title(title)
    if not key:
        return LaneKind.custom
    if key in EXACT:
        return EXACT[key]
    for kind, words in KEYWORDS:
        if any(word in key for word in words):
            return kind
    return LaneKind.custom


def is_lane_title(title: str) -> bool:
    """Whether a title names a known lane kind (used to tell lanes from stages)."""
    return guess_lane_kind(title) != LaneKind.custom

"""Small SVG drawing helpers for the map canvas: an element builder, channel glyphs drawn
from lines and shapes (no icon font, nothing downloaded) and the colour of an emotion score.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# channel kind -> (badge colour, words that name it); Latin words match whole words of the
# channel name, Korean words anywhere in it. The first kind that matches wins.
CHANNELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "email": ("#e8590c", ("email", "e-mail", "mail", "newsletter", "메일", "뉴스레터")),
    "mobile": ("#7048e8", ("app", "mobile", "ios", "android", "push", "앱", "모바일", "푸시")),
    "phone": ("#1c7ed6", ("phone", "call", "tel", "callcenter", "전화", "콜센터", "상담")),
    "chat": ("#f59f00", ("chat", "kakao", "messenger", "sms", "kakaotalk", "채팅", "카카오",
                         "문자", "톡")),
    "store": ("#2b8a3e", ("store", "shop", "branch", "offline", "retail", "매장", "지점",
                          "오프라인", "방문")),
    "social": ("#d6336c", ("social", "sns", "facebook", "instagram", "youtube", "linkedin",
                           "twitter", "소셜", "인스타그램", "유튜브")),
    "search": ("#0c8599", ("search", "seo", "sem", "google", "naver", "검색", "네이버")),
    "ads": ("#c2255c", ("ad", "ads", "advert", "advertising", "banner", "campaign", "광고",
                        "배너", "캠페인")),
    "web": ("#1971c2", ("web", "website", "site", "homepage", "online", "웹", "사이트",
                        "홈페이지", "온라인")),
}
OTHER_CHANNEL = "#495057"


def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """Append an SVG element; ``stroke_width`` becomes ``stroke-width``, floats get one
    decimal. ElementTree escapes text and attribute values."""
    node = ET.SubElement(parent, tag, {
        k.rstrip("_").replace("_", "-"): (f"{v:.1f}".removesuffix(".0") if isinstance(v, float)
                                          else str(v))
        for k, v in attrs.items() if v is not None
    })
    node.text = text
    return node


def channel_kind(name: str) -> str | None:
    """The glyph for a channel name (``web``, ``이메일``, ``Kakao chat`` ...), None if unknown."""
    lowered = name.lower()
    words = set(re.split(r"[^a-z0-9-]+", lowered))
    for kind, (_, names) in CHANNELS.items():
        if any(w in words if w.isascii() else w in lowered for w in names):
            return kind
    return None


def channel_badge(parent: ET.Element, name: str, cx: float, cy: float, r: float = 11) -> None:
    """A coloured disc with the channel's glyph drawn in white (or its initial)."""
    kind = channel_kind(name)
    colour = CHANNELS[kind][0] if kind else OTHER_CHANNEL
    g = el(parent, "g", class_="channel-badge", data_channel=kind or "other")
    el(g, "circle", cx=cx, cy=cy, r=r, fill=colour)
    if kind is None:
        el(g, "text", (name.strip()[:1] or "?").upper(), x=cx, y=cy + r * 0.38,
           font_size=r * 1.05, font_weight="bold", fill="#fff", text_anchor="middle")
        return
    s = r / 11  # glyphs are drawn for a radius of 11 around (0, 0)
    art = el(g, "g", transform=f"translate({cx:.1f},{cy:.1f}) scale({s:.3f})", fill="none",
             stroke="#fff", stroke_width=1.5, stroke_linecap="round", stroke_linejoin="round")
    _GLYPHS[kind](art)


def _web(g: ET.Element) -> None:
    el(g, "circle", cx=0, cy=0, r=6)
    el(g, "ellipse", cx=0, cy=0, rx=2.6, ry=6)
    el(g, "path", d="M-6 0H6M-5 -3H5M-5 3H5")


def _email(g: ET.Element) -> None:
    el(g, "rect", x=-6, y=-4.5, width=12, height=9, rx=1)
    el(g, "path", d="M-6 -4L0 1L6 -4")


def _mobile(g: ET.Element) -> None:
    el(g, "rect", x=-3.8, y=-6.5, width=7.6, height=13, rx=1.5)
    el(g, "path", d="M-1 4.2H1")


def _phone(g: ET.Element) -> None:
    el(g, "path", d="M-5.5 -4.5C-5.5 1.5 -1.5 5.5 4.5 5.5L5.5 2.5L2.5 1L1 2.5"
                    "C-0.8 1.8 -1.8 0.8 -2.5 -1L-1 -2.5L-2.5 -5.5Z", fill="#fff")


def _chat(g: ET.Element) -> None:
    el(g, "path", d="M-6 -5H6V3H-1L-4 6V3H-6Z", fill="#fff")


def _store(g: ET.Element) -> None:
    el(g, "path", d="M-6 -2L-5 -6H5L6 -2Z", fill="#fff")
    el(g, "path", d="M-5 -1V6H5V-1M-1.5 6V2H1.5V6")


def _social(g: ET.Element) -> None:
    el(g, "path", d="M-3.5 0L3.5 -4M-3.5 0L3.5 4")
    for x, y in ((-3.5, 0), (3.5, -4), (3.5, 4)):
        el(g, "circle", cx=x, cy=y, r=1.9, fill="#fff")


def _search(g: ET.Element) -> None:
    el(g, "circle", cx=-1.2, cy=-1.2, r=4)
    el(g, "path", d="M1.8 1.8L5.5 5.5", stroke_width=2)


def _ads(g: ET.Element) -> None:
    el(g, "path", d="M-5.5 -2H-2.5L4 -5.5V5.5L-2.5 2H-5.5Z", fill="#fff")
    el(g, "path", d="M-3.5 2.2L-2.5 5.5")


_GLYPHS = {"web": _web, "email": _email, "mobile": _mobile, "phone": _phone, "chat": _chat,
           "store": _store, "social": _social, "search": _search, "ads": _ads}


def emotion_colour(score: float) -> str:
    """Red at -2, orange at -1, amber at 0, lime at +1, green at +2, blended between."""
    stops = [(224, 49, 49), (247, 103, 7), (245, 159, 0), (116, 184, 22), (47, 158, 68)]
    position = max(0.0, min(4.0, score + 2))
    low = min(int(position), 3)
    t = position - low
    return "#" + "".join(f"{round(a + (b - a) * t):02x}"
                         for a, b in zip(stops[low], stops[low + 1], strict=True))

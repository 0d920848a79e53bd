"""Recognising Korean and English column names: which canonical field a header means.

Used by ``--suggest`` to draft a mapping. Names are compared after lower-casing and
removing spaces, ``_``, ``-`` and ``.``; exact names are tried before keywords contained
in a longer name (``발송일시`` contains ``일시``), and each field takes one column.
"""

from __future__ import annotations

import re

#: field -> exact names (normalised). Order matters: specific names before general ones.
EXACT: list[tuple[str, tuple[str, ...]]] = [
    ("utm_campaign", ("utmcampaign", "campaign", "campaignname", "캠페인", "캠페인명")),
    ("utm_source", ("utmsource",)),
    ("utm_medium", ("utmmedium",)),
    ("referrer", ("referrer", "referer", "유입경로", "리퍼러")),
    ("anonymous_id", ("anonymousid", "cookie", "cookieid", "deviceid", "익명id", "기기id")),
    ("user_id", ("userid", "customerid", "memberid", "회원번호", "회원id", "고객번호",
                 "고객id", "사용자id")),
    ("event_id", ("eventid", "messageid", "id", "이벤트id")),
    ("email", ("email", "e-mail", "emailaddress", "mail", "이메일", "메일", "이메일주소")),
    ("account_id", ("accountid", "companyid", "회사id", "회사코드", "거래처코드")),
    ("ts", ("ts", "timestamp", "time", "date", "datetime", "createdat", "eventtime", "sentat",
            "일시", "날짜", "시간", "발송일시", "일자", "등록일시", "접수일시")),
    ("value", ("amount", "value", "revenue", "price", "dealvalue", "금액", "매출", "결제금액")),
    ("rating", ("rating", "score", "nps", "csat", "점수", "평점", "만족도")),
    ("text", ("comment", "text", "feedback", "message", "body", "review", "내용", "본문",
              "의견", "후기", "문의내용")),
    ("touchpoint", ("touchpoint", "event", "eventname", "activity", "action", "conceptname",
                    "type", "이벤트", "활동", "행동", "유형")),
    ("channel", ("channel", "채널")),
    ("source", ("source",)),
]
#: field -> keywords found inside longer names (Korean headers are often compounds).
CONTAINS: list[tuple[str, tuple[str, ...]]] = [
    ("utm_campaign", ("캠페인", "campaign")),
    ("email", ("이메일", "email", "메일")),
    ("ts", ("일시", "날짜", "timestamp", "datetime")),
    ("value", ("금액", "amount", "revenue")),
    ("rating", ("점수", "평점", "rating", "score")),
    ("text", ("내용", "본문", "comment", "feedback")),
    ("touchpoint", ("이벤트", "activity")),
    ("channel", ("채널", "channel")),
]
#: Company names are not ids: they go to properties unless the name says id/code.
COMPANY = ("회사", "회사명", "company", "account", "기업", "거래처", "고객사")
ID_HINT = re.compile(r"(id|번호|코드|code)$")


def normalise(name: str) -> str:
    """Lower-case without spaces, ``_``, ``-``, ``.`` and ``:`` (``concept:name``)."""
    return re.sub(r"[\s_\-.:]", "", name.lower())


def recognise(columns: list[str]) -> dict[str, str]:
    """raw column -> canonical field, for the columns whose name says what they hold."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    keys = {c: normalise(c.rsplit(".", 1)[-1] if "." in c else c) for c in columns}
    for rules, exact in ((EXACT, True), (CONTAINS, False)):
        for field, names in rules:
            if field in taken:
                continue
            for col in columns:
                key = keys[col]
                hit = key in names if exact else any(n in key for n in names)
                if col not in found and hit:
                    found[col] = field
                    taken.add(field)
                    break
    for col in columns:
        key = keys[col]
        if col not in found and "account_id" not in taken and any(
                k in key for k in COMPANY) and ID_HINT.search(key):
            found[col] = "account_id"
            taken.add("account_id")
    return found


def has_korean(names: list[str]) -> bool:
    """Korean headers suggest Korean local time (Asia/Seoul) for naive timestamps."""
    return any(re.search(r"[\uac00-\ud7a3]", n) for n in names)

"""Free text of the demo world: support tickets and survey comments in Korean and English.

Texts are assembled from sentence lists by index so that millions of rows stay cheap;
:func:`compose` gathers and joins them with polars.
"""

from __future__ import annotations

import numpy as np
import polars as pl

TICKET_SUBJECTS_KO = (
    "클러스터 노드가 NotReady 상태입니다", "청구서 금액이 예상보다 높습니다",
    "SSO 연동 설정 문의", "API 요청이 간헐적으로 503 오류를 반환합니다",
    "데이터 백업 복구 방법 문의", "사용자 권한 추가 요청", "대시보드 로딩이 느립니다",
    "계약 갱신 및 견적 문의",
)
TICKET_SUBJECTS_EN = (
    "Nodes stuck in NotReady", "Invoice higher than expected", "SAML SSO setup question",
    "Intermittent 503 errors from the API", "How do I restore a backup?",
    "Dashboard is slow to load",
)
TICKET_BODY_KO = (
    "안녕하세요, 어제 오후부터 문제가 계속 발생하고 있습니다.",
    "운영 환경이라 빠른 확인 부탁드립니다.",
    "가이드 문서대로 진행했는데 같은 오류가 반복됩니다.",
    "관련 로그를 첨부드리니 확인 부탁드립니다.",
    "다른 팀원 계정에서도 동일하게 재현됩니다.",
    "지난주 업데이트 이후로 생긴 현상으로 보입니다.",
    "해결 방법이나 우회 방법을 알려주시면 감사하겠습니다.",
)
TICKET_BODY_EN = (
    "Hi team, this started yesterday afternoon and keeps happening.",
    "This is our production environment, so please look at it soon.",
    "We followed the guide but get the same error every time.",
    "Logs are attached below.",
    "Other users on our account can reproduce it as well.",
    "It seems to have started after last week's update.",
)
NPS_COMMENTS = {
    "detractor": (
        "장애 대응이 너무 느립니다.", "가격 대비 기능이 부족해요.", "콘솔이 복잡하고 불편합니다.",
        "Support took days to answer.", "Billing is confusing.",
    ),
    "passive": (
        "전반적으로 괜찮지만 문서가 더 필요합니다.", "기능은 좋은데 가격이 조금 부담됩니다.",
        "Works fine, onboarding could be smoother.", "무난합니다.",
    ),
    "promoter": (
        "비용이 확실히 줄었습니다. 강력 추천합니다!", "기술지원이 빠르고 친절해요.",
        "Great product, our team loves it.",
        "쿠버네티스 운영이 정말 편해졌어요.",
        "Migration was painless, thanks!",
    ),
}
CSAT_COMMENTS = {
    "low": ("답변이 도움이 되지 않았어요.", "해결까지 너무 오래 걸렸습니다.", "Not resolved."),
    "mid": ("괜찮았습니다.", "OK, but slow.", "답변은 받았지만 아쉬워요."),
    "high": (
        "빠르게 해결해 주셔서 감사합니다!", "친절한 안내 감사합니다.", "Quick and helpful, thanks!",
    ),
}
SHOP_COMMENTS = {
    "low": ("배송이 너무 늦었어요.", "사이즈가 안 맞아요.", "Item arrived damaged."),
    "mid": ("보통이에요.", "가격이 조금 비싸요.", "Decent quality."),
    "high": ("옷이 예쁘고 배송도 빨라요!", "재구매 의사 있어요.", "Love it!"),
}
#: A pasted log dump: the text of a support ticket that exceeds the 20,000 character limit.
LOG_LINE = (
    "2026-03-01T05:00:00Z ERROR kubelet: node status update failed: context deadline exceeded\n"
)


def pick(rng: np.random.Generator, options: tuple[str, ...], n: int) -> pl.Series:
    """``n`` strings drawn uniformly from ``options``."""
    return pl.Series(options, dtype=pl.String).gather(rng.integers(0, len(options), n))


def compose(rng: np.random.Generator, sentences: tuple[str, ...], n: int, k: int) -> pl.Series:
    """``n`` texts of ``k`` different sentences from ``sentences``, joined by a space."""
    first = rng.integers(0, len(sentences), n)
    options = pl.Series(sentences, dtype=pl.String)
    parts = [options.gather((first + i) % len(sentences)) for i in range(k)]
    return pl.DataFrame({f"s{i}": p for i, p in enumerate(parts)}).select(
        pl.concat_str(pl.all(), separator=" ")
    ).to_series()


def long_log(chars: int = 21_000) -> str:
    """A pasted log longer than ``chars`` characters (a `size_violation` when it is `text`)."""
    return "로그를 붙여넣습니다:\n" + LOG_LINE * (chars // len(LOG_LINE) + 1)

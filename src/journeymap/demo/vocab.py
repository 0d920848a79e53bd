"""Word lists of the demo world: Korean and global names, companies, pages and campaigns.

Every list is a tuple so generators can draw indices with numpy and gather the strings
with polars; nothing here is random.
"""

from __future__ import annotations

#: (hangul, romanised) surnames, ordered roughly by frequency.
SURNAMES = (
    ("김", "kim"), ("이", "lee"), ("박", "park"), ("최", "choi"), ("정", "jung"),
    ("강", "kang"), ("조", "cho"), ("윤", "yoon"), ("장", "jang"), ("임", "lim"),
    ("한", "han"), ("오", "oh"), ("서", "seo"), ("신", "shin"), ("권", "kwon"),
    ("황", "hwang"), ("안", "ahn"), ("송", "song"), ("전", "jeon"), ("홍", "hong"),
)
GIVEN_NAMES = (
    ("민준", "minjun"), ("서연", "seoyeon"), ("도윤", "doyun"), ("지우", "jiwoo"),
    ("하준", "hajun"), ("서윤", "seoyun"), ("예준", "yejun"), ("하은", "haeun"),
    ("지호", "jiho"), ("지민", "jimin"), ("준서", "junseo"), ("수아", "sua"),
    ("현우", "hyunwoo"), ("지유", "jiyu"), ("우진", "woojin"), ("채원", "chaewon"),
    ("성민", "sungmin"), ("은지", "eunji"), ("상훈", "sanghoon"), ("미영", "miyoung"),
    ("영호", "youngho"), ("혜진", "hyejin"), ("동현", "donghyun"), ("수빈", "subin"),
    ("재원", "jaewon"), ("유진", "yujin"), ("태희", "taehee"), ("승우", "seungwoo"),
    ("다은", "daeun"), ("경민", "kyungmin"), ("진영", "jinyoung"), ("소희", "sohee"),
    ("정훈", "junghoon"), ("나연", "nayeon"), ("시우", "siwoo"), ("보람", "boram"),
    ("세영", "seyoung"), ("민재", "minjae"), ("가은", "gaeun"), ("형준", "hyungjun"),
)
GLOBAL_FIRST = (
    "Emily", "James", "Olivia", "Daniel", "Sophia", "Michael", "Chloe", "David",
    "Hannah", "Lucas", "Mia", "Ethan", "Grace", "Noah", "Ava", "Ryan",
)
GLOBAL_LAST = (
    "Carter", "Nguyen", "Smith", "Tanaka", "Garcia", "Miller", "Brown", "Wilson",
    "Sato", "Lopez", "Taylor", "Chen",
)

#: Company name parts: (hangul, romanised). prefix x middle x suffix gives 18,000 names.
COMPANY_PREFIX = (
    ("한결", "hangyeol"), ("새빛", "saebit"), ("누리", "nuri"), ("다온", "daon"),
    ("미래", "mirae"), ("대한", "daehan"), ("세움", "seum"), ("온누리", "onnuri"),
    ("가온", "gaon"), ("하늘", "haneul"), ("바른", "bareun"), ("청람", "cheongram"),
    ("동방", "dongbang"), ("서해", "seohae"), ("은하", "eunha"), ("푸른", "pureun"),
    ("한솔", "hansol"), ("라온", "raon"), ("마루", "maru"), ("아라", "ara"),
    ("두리", "duri"), ("빛나", "bitna"), ("솔빛", "solbit"), ("태양", "taeyang"),
    ("금강", "geumgang"), ("백두", "baekdu"), ("한라", "halla"), ("나래", "narae"),
    ("별빛", "byeolbit"), ("도담", "dodam"), ("우리", "woori"), ("정도", "jeongdo"),
    ("제일", "jeil"), ("삼정", "samjeong"), ("신성", "sinseong"), ("오름", "oreum"),
    ("이음", "ieum"), ("참빛", "chambit"), ("해솔", "haesol"), ("다솜", "dasom"),
    ("그린", "green"), ("블루", "blue"), ("스카이", "sky"), ("넥스트", "next"),
    ("스마트", "smart"), ("코어", "core"), ("유니", "uni"), ("에이스", "ace"),
    ("골든", "golden"), ("퓨처", "future"), ("하이", "hi"), ("엠", "em"),
    ("케이", "k"), ("제이", "j"), ("에스", "s"), ("티", "t"),
    ("대성", "daeseong"), ("동양", "dongyang"), ("일진", "iljin"), ("한빛나", "hanbitna"),
)
COMPANY_MIDDLE = (
    ("", ""), ("데이터", "data"), ("클라우드", "cloud"), ("바이오", "bio"),
    ("모빌리티", "mobility"), ("에너지", "energy"), ("푸드", "food"), ("헬스", "health"),
    ("로지스", "logis"), ("핀테크", "fintech"), ("소프트", "soft"), ("네트", "net"),
    ("메디", "medi"), ("게임즈", "games"), ("커머스", "commerce"),
)
COMPANY_SUFFIX = (
    ("테크", "tech"), ("시스템", "system"), ("솔루션즈", "solutions"), ("랩", "lab"),
    ("코리아", "korea"), ("네트웍스", "networks"), ("인더스트리", "industry"), ("산업", "sanup"),
    ("전자", "elec"), ("건설", "const"), ("제약", "pharm"), ("물산", "trading"),
    ("정보통신", "ict"), ("웍스", "works"), ("파트너스", "partners"), ("에프앤비", "fnb"),
    ("증권", "sec"), ("화학", "chem"), ("디자인", "design"), ("엔지니어링", "eng"),
)
GLOBAL_COMPANIES = (
    ("Northwind", "northwind"), ("Bluepeak", "bluepeak"), ("Arcadia Labs", "arcadialabs"),
    ("Vertexa", "vertexa"), ("Lumen Grid", "lumengrid"), ("Orbital Retail", "orbitalretail"),
    ("Kestrel Bio", "kestrelbio"), ("Tidewater", "tidewater"), ("Helix Motors", "helixmotors"),
    ("Summit Pay", "summitpay"),
)
INDUSTRIES = (
    "제조", "금융", "유통", "IT서비스", "게임", "헬스케어", "물류", "공공", "교육", "미디어",
)
SIZE_BANDS = ("1-49", "50-199", "200-999", "1000-4999", "5000+")
REGIONS = ("서울", "경기", "인천", "부산", "대구", "대전", "광주", "울산", "세종", "해외")
JOB_TITLES = ("CTO", "IT팀장", "인프라 매니저", "개발팀장", "DevOps 엔지니어", "구매 담당",
              "CFO", "데이터 엔지니어", "보안 담당", "VP Engineering")
SALES_OWNERS = ("김영업", "이세일", "박매출", "최계약")
FREE_MAIL = ("naver.com", "gmail.com", "daum.net", "kakao.com", "hanmail.net", "nate.com")

#: B2B site pages a visitor browses after the landing page (path, weight).
B2B_PAGES = (
    ("/", 8), ("/pricing", 6), ("/product/kubernetes", 5), ("/product/data-platform", 4),
    ("/product/security", 3), ("/customers", 3), ("/customers/manufacturing", 2),
    ("/blog/cloud-cost-2025", 3), ("/blog/k8s-upgrade", 2), ("/docs/getting-started", 3),
    ("/webinars", 2), ("/contact", 1), ("/about", 1), ("/careers", 1),
)
B2B_LANDING = ("/lp/cloud-cost", "/lp/kubernetes", "/lp/free-trial")
B2B_BLOG = ("/blog/cloud-cost-2025", "/blog/k8s-upgrade", "/blog/finops-guide")
SHOP_PAGES = (
    ("/", 6), ("/category/outer", 3), ("/category/bags", 3), ("/products/linen-shirt", 4),
    ("/products/canvas-tote", 4), ("/products/wool-coat", 2), ("/products/sneakers-w", 3),
    ("/events/spring-sale", 2), ("/cart", 2), ("/mypage", 1),
)
SHOP_LANDING = ("/events/spring-sale", "/products/linen-shirt", "/category/outer")
ORGANIC_REFERRERS = (
    "https://www.google.com/", "https://search.naver.com/search.naver",
    "https://search.daum.net/search",
)
REFERRAL_REFERRERS = (
    "https://blog.naver.com/cloudlab/223145", "https://www.linkedin.com/feed/",
    "https://okky.kr/articles/1187", "https://news.hada.io/topic",
)

#: Paid platforms: key -> (source file stem, utm_source, utm_medium, channel, campaigns).
AD_PLATFORMS = {
    "google": ("google_ads", "google", "cpc", "paid_search",
               ("HC_검색_브랜드", "HC_검색_클라우드비용", "HC_검색_쿠버네티스")),
    "naver": ("naver_searchad", "naver", "cpc", "paid_search",
              ("파워링크_클라우드", "브랜드검색_한빛클라우드", "파워링크_데이터플랫폼")),
    "meta": ("meta_ads", "meta", "paid_social", "paid_social",
             ("HC_리타겟팅_2025", "HC_웨비나홍보")),
    "linkedin": ("linkedin_ads", "linkedin", "paid_social", "paid_social",
                 ("HC_ABM_IT의사결정자", "HC_ABM_제조")),
}
SHOP_CAMPAIGNS = {
    "google": "SHOP_쇼핑_브랜드", "naver": "쇼핑검색_봄시즌", "meta": "SHOP_인스타_신상",
    "linkedin": "SHOP_브랜드",
}
KEYWORDS = ("클라우드 비용 절감", "쿠버네티스 관리", "한빛클라우드", "데이터 플랫폼", "SaaS 보안",
            "린넨 셔츠", "캔버스 토트백")

WEBINAR_TITLES = (
    "클라우드 비용 30% 절감 전략", "Kubernetes 운영 자동화 실전", "데이터 레이크 구축 사례",
    "제로 트러스트 보안 입문", "SaaS 전환 로드맵", "AI 추론 인프라 최적화",
    "Hanbit Cloud 신기능 소개", "금융권 클라우드 규제 대응", "스마트팩토리 데이터 플랫폼",
    "Multi-cloud cost governance (English session)",
)
CONFERENCES = (
    "Cloud Expo Korea", "SaaS Korea Summit", "스마트팩토리 엑스포", "Korea IT Show",
    "DevOps Days Seoul", "금융 IT 컨퍼런스", "AI Infra Forum",
)
BOOTH_INTERESTS = ("Kubernetes", "비용 최적화", "데이터 플랫폼", "보안", "마이그레이션")
PAYMENT_METHODS = ("카드", "카카오페이", "네이버페이", "무통장입금", "토스페이")

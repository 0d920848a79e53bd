"""Demo data: a messy, realistic multi-source data set with its ground truth.

``journeymap.demo.generate(out_dir, events=200_000, seed=7)`` writes the exports of a
fictional Korean B2B SaaS company (Hanbit Cloud) and a small B2C shop: web tracking
(NDJSON), four ad platforms, a CP949 newsletter export, CRM accounts, contacts and
activities, a webinar XLSX, booth scans, support tickets, surveys, shop events and orders;
a mapping file per source, a load plan (``sources.toml``) and ``ground_truth/``.
"""

from journeymap.demo.generate import DemoResult, generate

__all__ = ["DemoResult", "generate"]

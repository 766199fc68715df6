"""Helpers for the publishing tests: the published records, counted straight from the files.

These read the content with PyYAML, not with the engine, so the open data, feed and charts
are checked against an independent count.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from conftest import ROOT, TODAY

SITE_URL = "https://bangvang.example.vn/"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    day, month, year = (int(part) for part in str(value).split("/"))
    return dt.date(year, month, day)


def published(folder: str, root: Path = ROOT / "content", today: str = TODAY) -> dict[str, dict]:
    """id → front matter of every published file in a content folder."""
    records = {}
    for path in sorted((root / folder).glob("*.md")):
        data = front_matter(path)
        if data.get("status", "published") != "published":
            continue
        embargo = data.get("publish_date")
        if embargo and as_date(embargo) > dt.date.fromisoformat(today):
            continue
        records[path.stem] = data
    return records

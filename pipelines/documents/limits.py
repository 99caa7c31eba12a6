"""How much of one document a parser reads: caps that keep a hostile file from stalling a crawl."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentLimits:
    max_bytes: int = 32 * 1024 * 1024  # larger documents are archived, not parsed
    max_pages: int = 200  # annual reports run to 5-30 pages
    max_seconds: float = 20.0  # CPU seconds per document; a parser stops with a warning after

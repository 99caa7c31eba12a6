"""Add-on that decides where a crawl's items go (the crawl contract).

By default the item log (:mod:`pipelines.item_log`) writes ``OUTPUT_DIR/reports.jsonl``, each
item once across kills and resumes, and at the end ``reports.parquet`` and ``table_cells.parquet``
from it. Feeds given explicitly (``-o``/``-O`` or ``FEEDS``) replace those files: Scrapy's feed
exports write them, as Scrapy does (a killed crawl may leave them torn or repeat items).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings


class OutputLayout:
    """Switch the item log off when the user asked for feeds of their own."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.getdict("FEEDS"):
            # over settings.py's default (project priority), under an explicit -s
            settings.set("ITEM_LOG_ENABLED", False, priority="project")

"""Add-on that lays out a crawl's outputs under ``OUTPUT_DIR`` (the crawl contract).

``OUTPUT_DIR/reports.jsonl`` always; ``OUTPUT_DIR/reports.parquet`` and
``OUTPUT_DIR/table_cells.parquet`` when ``OUTPUT_PARQUET`` is on. A crawl run with ``JOBDIR``
(pausable and resumable) appends to ``reports.jsonl`` instead of replacing it, and each of its
runs writes its own ``reports.<run>.parquet`` / ``table_cells.<run>.parquet``. Feeds given
explicitly (``-o``/``-O`` or ``FEEDS``) are kept as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scrapy.settings import BaseSettings


def output_feeds(output_dir: str | Path, parquet: bool = True, resumable: bool = False) -> dict:
    """The FEEDS setting for a crawl writing into ``output_dir``."""
    out = Path(output_dir)
    feeds = {
        str(out / "reports.jsonl"): {
            "format": "jsonlines",
            "encoding": "utf8",
            "overwrite": not resumable,
        },
    }
    if parquet:
        run = f".{datetime.now(UTC):%Y%m%dT%H%M%SZ}" if resumable else ""
        feeds[str(out / f"reports{run}.parquet")] = {"format": "parquet", "overwrite": True}
        feeds[str(out / f"table_cells{run}.parquet")] = {"format": "table_cells", "overwrite": True}
    return feeds


class OutputLayout:
    """Derive FEEDS from OUTPUT_DIR once command-line settings are known."""

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.getdict("FEEDS"):
            return
        feeds = output_feeds(
            settings.get("OUTPUT_DIR"),
            parquet=settings.getbool("OUTPUT_PARQUET"),
            resumable=bool(settings.get("JOBDIR")),
        )
        settings.set("FEEDS", feeds, priority="addon")

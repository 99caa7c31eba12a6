"""Links from the report into the archive: a report's WARC record, and its replay in pywb or
ReplayWeb.page when their base URL is configured."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

from crawler.reporting.model import ReportEntry


def warc_href(entry: ReportEntry, page_dir: Path) -> str | None:
    """The WARC file holding the report's record, relative to the page's folder."""
    if not entry.warc_file:
        return None
    path = Path(entry.warc_file)
    if not path.is_absolute():
        path = Path(entry.source_dir or ".") / "warc" / path
    relative = os.path.relpath(path.resolve(), page_dir.resolve())
    return quote(Path(relative).as_posix())


def timestamp14(when: str | None) -> str:
    """``2024-01-22T10:00:00.123+00:00`` -> ``20240122100000`` (the replay tools' timestamps)."""
    digits = re.sub(r"\D", "", (when or "")[:19])
    return digits[:14]


def pywb_href(base: str, entry: ReportEntry) -> str:
    """pywb: ``<collection URL>/<timestamp>/<url>`` replays the capture nearest that time."""
    return f"{base.rstrip('/')}/{timestamp14(entry.fetched)}/{entry.url}"


def replayweb_href(base: str, entry: ReportEntry) -> str:
    """ReplayWeb.page: ``<app URL>?source=<WACZ>`` with the page and time in the fragment."""
    return f"{base}#view=pages&url={quote(entry.url, safe='')}&ts={timestamp14(entry.fetched)}"

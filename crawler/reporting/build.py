"""Build ``crawl_report.html`` from crawl outputs: read, work out coverage, render, write."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crawler.reporting.coverage import build_coverage
from crawler.reporting.html_parts import PageOptions
from crawler.reporting.inputs import load_inputs
from crawler.reporting.page import render_page

REPORT_NAME = "crawl_report.html"


@dataclass(frozen=True)
class ReportOptions:
    """Replay bases for the links into the archive (empty: no replay links), and how many portals
    the coverage chart draws (a national collection is listed in full, but not drawn in full)."""

    pywb_url: str = ""
    replayweb_url: str = ""
    max_chart_portals: int = 1000


def default_report_path(inputs: list[Path]) -> Path:
    """Beside the first input: in an output folder, or in a catalogue's folder."""
    first = inputs[0]
    return (first if first.is_dir() else first.parent) / REPORT_NAME


def write_html_report(
    inputs: Iterable[str | Path],
    out: str | Path | None = None,
    options: ReportOptions | None = None,
) -> Path:
    """Read ``inputs`` (output folders, ``.parquet`` catalogues), write the page, return its path.

    The page is written beside and then renamed over the old one: a reader never sees half.
    """
    paths = [Path(p) for p in inputs]
    if not paths:
        raise ValueError("no input given")
    target = Path(out) if out else default_report_path(paths)
    options = options or ReportOptions()
    data = load_inputs(paths)
    coverage = build_coverage(data.reports, data.portal_ids())
    page_options = PageOptions(
        target.parent, options.pywb_url, options.replayweb_url, options.max_chart_portals
    )
    html = render_page(data, coverage, page_options)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.write_text(html, encoding="utf-8")
    partial.replace(target)
    return target

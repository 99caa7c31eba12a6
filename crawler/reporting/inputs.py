"""Read what the crawl report is made of: crawl output folders (``crawl_report.json``,
``reports.jsonl``) and the catalogue across crawls (Parquet), merged into one :class:`CrawlData`.

Several folders are several workers of one crawl (or several crawls): portals and hosts are summed,
reports are taken once per URL (the latest fetch wins).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from crawler.reporting.model import (
    TABLE_ARITHMETIC_PREFIX,
    CrawlData,
    CrawlRun,
    PortalFacts,
    ReportEntry,
)

logger = logging.getLogger(__name__)

EXCEPTION_STAT = "downloader/exception_type_count/"


def load_inputs(paths: Iterable[str | Path]) -> CrawlData:
    """Output folders and ``.parquet`` catalogues, merged; a missing input is an error."""
    parts = []
    for path in map(Path, paths):
        if path.suffix == ".parquet" and path.is_file():
            parts.append(load_catalogue(path))
        elif path.is_dir():
            parts.append(load_output_dir(path))
        else:
            raise FileNotFoundError(f"{path}: neither a crawl output folder nor a .parquet file")
    return merge(parts)


# --- one output folder ------------------------------------------------------------------------


def load_output_dir(folder: Path) -> CrawlData:
    """A crawl's ``OUTPUT_DIR``: its crawl_report.json (if written) and its reports.jsonl."""
    data = CrawlData()
    report_path = folder / "crawl_report.json"
    if report_path.exists():
        _read_crawl_report(json.loads(report_path.read_text(encoding="utf-8")), folder, data)
    else:
        data.runs.append(CrawlRun(source=str(folder)))
    data.reports = list(_read_items(folder / "reports.jsonl", folder))
    return data


def _read_crawl_report(report: dict, folder: Path, data: CrawlData) -> None:
    data.runs.append(
        CrawlRun(
            source=str(folder),
            spider=report.get("spider", ""),
            finish_reason=report.get("finish_reason", ""),
            finished=report.get("finished", ""),
            reports=report.get("reports", 0),
            pace=report.get("pace"),
        )
    )
    for portal_id, line in (report.get("portals") or {}).items():
        data.portals[portal_id] = PortalFacts(
            id=portal_id,
            name=line.get("name", ""),
            pages=line.get("pages_scheduled", 0),
            reports=line.get("reports", 0),
            challenges=line.get("challenges", 0),
            max_pages=line.get("max_pages"),
            max_seconds=line.get("max_seconds"),
            seconds=line.get("seconds"),
            page_budget_exhausted=bool(line.get("page_budget_exhausted")),
            time_budget_exhausted=bool(line.get("time_budget_exhausted")),
            start_page_failed=bool(line.get("start_page_failed")),
            hosts=list(line.get("hosts") or []),
        )
    data.hosts = dict(report.get("hosts") or {})
    for key, value in (report.get("stats") or {}).items():
        if key.startswith(EXCEPTION_STAT) and isinstance(value, int):
            data.exceptions[key.removeprefix(EXCEPTION_STAT).rpartition(".")[2]] += value


def _read_items(path: Path, folder: Path) -> Iterator[ReportEntry]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                logger.warning("%s:%d: not JSON, left out of the report", path, number)
                continue
            yield entry_from_item(item, str(folder))


def entry_from_item(item: dict, source_dir: str = "") -> ReportEntry:
    """A report entry from one ``reports.jsonl`` item (docs/schema.md)."""
    warc = item.get("warc") or {}
    warnings = item.get("warnings") or []
    tables = item.get("tables")
    return ReportEntry(
        portal=item.get("portal") or "",
        url=item.get("url") or "",
        portal_name=item.get("portal_name") or "",
        year=_year(item.get("year")),
        title=item.get("title"),
        agency=item.get("agency"),
        publisher=_text(item.get("publisher")),
        source_format=item.get("source_format") or "html",
        change=item.get("change"),
        fetched=item.get("fetched"),
        warc_file=warc.get("file"),
        warc_offset=warc.get("offset"),
        warc_length=warc.get("length"),
        warc_record_id=warc.get("record_id"),
        encoding=item.get("encoding"),
        encoding_declared=item.get("encoding_declared"),
        encoding_rule=item.get("encoding_rule"),
        template=item.get("template"),
        table_cells=len(tables) if isinstance(tables, list) else item.get("table_cell_count"),
        arithmetic_warnings=tuple(w for w in warnings if w.startswith(TABLE_ARITHMETIC_PREFIX)),
        errors=tuple(item.get("errors") or ()),
        source_dir=source_dir,
    )


def _year(value: object) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _text(value: object) -> str | None:
    if isinstance(value, dict):  # a structured publisher: its name
        value = value.get("name")
    return value if isinstance(value, str) and value else None


# --- the catalogue across crawls --------------------------------------------------------------


def load_catalogue(path: Path) -> CrawlData:
    """The catalogue (one row per report version): the latest version of each report URL."""
    import pyarrow.parquet as pq  # only `scrapy report CATALOGUE.parquet` pays for it

    latest: dict[str, dict] = {}
    table = pq.ParquetFile(path)
    for batch in table.iter_batches():
        for row in batch.to_pylist():
            url = row.get("url") or ""
            seen = str(row.get("last_seen") or "")
            if url not in latest or seen >= str(latest[url].get("last_seen") or ""):
                latest[url] = row
    data = CrawlData(catalogue=str(path))
    data.runs.append(CrawlRun(source=str(path), spider="catalogue", reports=len(latest)))
    data.reports = [entry_from_catalogue_row(row, str(path.parent)) for row in latest.values()]
    return data


def entry_from_catalogue_row(row: dict, source_dir: str = "") -> ReportEntry:
    """A report entry from a catalogue row, whichever of its columns the catalogue has."""
    warc = row.get("warc") if isinstance(row.get("warc"), dict) else {}
    item = {
        **row,
        "warc": {
            # warc_path is absolute (the catalogue lives beside the crawl state, not the WARCs)
            "file": row.get("warc_path") or warc.get("file") or row.get("warc_file"),
            "offset": warc.get("offset", row.get("warc_offset")),
            "length": warc.get("length", row.get("warc_length")),
            "record_id": warc.get("record_id") or row.get("warc_record_id"),
        },
        "fetched": row.get("fetched") or (str(row["last_seen"]) if row.get("last_seen") else None),
        "warnings": row.get("warnings") or [],
        "tables": None,
    }
    return entry_from_item(item, source_dir)


# --- merging ----------------------------------------------------------------------------------


def merge(parts: list[CrawlData]) -> CrawlData:
    """One view of several crawls (or workers of one crawl)."""
    if len(parts) == 1:
        return parts[0]
    merged = CrawlData()
    reports: dict[str, ReportEntry] = {}
    for part in parts:
        merged.runs += part.runs
        merged.exceptions.update(part.exceptions)
        merged.catalogue = merged.catalogue or part.catalogue
        for portal_id, facts in part.portals.items():
            _merge_portal(merged.portals, portal_id, facts)
        for host, line in part.hosts.items():
            merged.hosts[host] = (
                _merge_host(merged.hosts[host], line) if host in merged.hosts else line
            )
        for entry in part.reports:
            kept = reports.get(entry.url)
            if kept is None or (entry.fetched or "") >= (kept.fetched or ""):
                reports[entry.url] = entry
    merged.reports = list(reports.values())
    return merged


def _merge_portal(portals: dict[str, PortalFacts], portal_id: str, facts: PortalFacts) -> None:
    into = portals.get(portal_id)
    if into is None:
        portals[portal_id] = PortalFacts(**{**facts.__dict__, "hosts": list(facts.hosts)})
        return
    into.name = into.name or facts.name
    into.pages += facts.pages
    into.reports += facts.reports
    into.challenges += facts.challenges
    into.max_pages = _largest(into.max_pages, facts.max_pages)
    into.max_seconds = _largest(into.max_seconds, facts.max_seconds)
    into.seconds = _largest(into.seconds, facts.seconds)
    into.page_budget_exhausted |= facts.page_budget_exhausted
    into.time_budget_exhausted |= facts.time_budget_exhausted
    into.start_page_failed |= facts.start_page_failed
    into.hosts = sorted(set(into.hosts) | set(facts.hosts))


# A host line's counts that two crawls or workers add up.
SUMMED_HOST_COUNTS = (
    "requests",
    "starts_measured",
    "gaps_below_floor",
    "pauses",
    "pauses_honoured",
    "paced_gaps",
    "paced_gap_seconds",
    "paced_floor_seconds",
    "paced_answer_seconds",
    "retry_after_pauses",
    "retry_after_honoured",
)


def _merge_host(a: dict, b: dict) -> dict:
    """The same host seen by two crawls or workers: counts add up, the worst gap wins."""
    out = dict(a)
    for key in SUMMED_HOST_COUNTS:
        out[key] = a.get(key, 0) + b.get(key, 0)
    for key in ("statuses", "errors"):
        counts = dict(a.get(key) or {})
        for name, value in (b.get(key) or {}).items():
            counts[name] = counts.get(name, 0) + value
        out[key] = counts
    for key in ("min_start_gap", "min_gap_minus_floor"):
        out[key] = _smallest(a.get(key), b.get(key))
    for key in ("delay_floor", "robots_delay"):
        out[key] = _largest(a.get(key), b.get(key))
    out["pause_list"] = (a.get("pause_list") or []) + (b.get("pause_list") or [])
    out["given_up"] = a.get("given_up") or b.get("given_up")
    out["portal"] = a.get("portal") or b.get("portal")
    return out


def _largest(a, b):
    return b if a is None else a if b is None else max(a, b)


def _smallest(a, b):
    return b if a is None else a if b is None else min(a, b)

"""The page's lists of reports: data-quality findings, and every report of every portal with its
WARC record and replay links."""

from __future__ import annotations

from pathlib import Path

from crawler.reporting.archive_links import pywb_href, replayweb_href, warc_href
from crawler.reporting.html_parts import PageOptions, html_table, number_cell
from crawler.reporting.html_parts import html_text as e
from crawler.reporting.model import CrawlData, ReportEntry
from crawler.reporting.quality import encoding_decisions, with_arithmetic_warnings, without_tables

# Listed items per data-quality list before "… and N more".
LIST_LIMIT = 200


def quality_section(data: CrawlData) -> str:
    """Encoding decisions, table arithmetic warnings, reports without tables."""
    out = ['<section id="quality"><h2>Data quality</h2><h3>Encoding decisions</h3>']
    rows = [
        f"<tr><td>{e(d.declared or '(none)')}</td>"
        f"<td{' class=bad' if d.overruled else ''}>{e(d.chosen)}</td>"
        f"<td>{e(d.rule)}</td>" + number_cell(d.reports) + "</tr>"
        for d in encoding_decisions(data.reports)
    ]
    out.append(html_table(["declared", "chosen", "rule", "reports"], rows, frozenset({3})))
    failing = with_arithmetic_warnings(data.reports)
    out.append(f"<h3>Table arithmetic warnings ({len(failing)} reports)</h3>")
    if failing:
        items = [
            f"<li>{_report_link(r)}: {len(r.arithmetic_warnings)}<br><code>"
            + "<br>".join(e(w) for w in r.arithmetic_warnings[:3])
            + ("<br>…" if len(r.arithmetic_warnings) > 3 else "")
            + "</code></li>"
            for r in failing[:LIST_LIMIT]
        ]
        out.append("<ul>" + "".join(items) + _more(len(failing)) + "</ul>")
    else:
        out.append("<p class='good'>Every table adds up.</p>")
    empty = without_tables(data.reports)
    out.append(f"<h3>Reports without tables ({len(empty)})</h3>")
    if empty:
        items = [
            f"<li>{_report_link(r)} <span class='meta'>template {e(r.template or '?')}, "
            f"{e(r.source_format)}</span></li>"
            for r in empty[:LIST_LIMIT]
        ]
        out.append("<ul>" + "".join(items) + _more(len(empty)) + "</ul>")
    else:
        out.append("<p class='good'>Every report yielded its tables.</p>")
    out.append("</section>")
    return "\n".join(out)


def _more(total: int) -> str:
    return f"<li>… and {total - LIST_LIMIT} more</li>" if total > LIST_LIMIT else ""


def _report_link(entry: ReportEntry) -> str:
    name = entry.title or entry.url
    return f'{e(entry.portal)} {e(entry.year or "")} <a href="{e(entry.url)}">{e(name)}</a>'


def reports_section(data: CrawlData, labels: dict[str, str], options: PageOptions) -> str:
    """Per portal (the coverage marks link here), its reports, latest year first."""
    out = ['<section id="reports"><h2>Reports</h2>']
    by_portal: dict[str, list[ReportEntry]] = {}
    for entry in data.reports:
        by_portal.setdefault(entry.portal, []).append(entry)
    for pid in data.portal_ids():
        mine = sorted(by_portal.get(pid, []), key=lambda r: (-(r.year or 0), r.url))
        out.append(
            f'<section id="portal-{e(pid)}"><h3>{e(labels.get(pid) or pid)}: '
            f"{len(mine)} reports</h3>"
        )
        if mine:
            rows = [_report_row(r, options) for r in mine]
            head = ["year", "report", "format", "change", "WARC record", "replay"]
            out.append(html_table(head, rows))
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def _report_row(entry: ReportEntry, options: PageOptions) -> str:
    title = entry.title or entry.url
    who = entry.publisher or entry.agency
    href = warc_href(entry, options.page_dir)
    if href:
        record = (
            f'<a href="{e(href)}">{e(Path(entry.warc_file or "").name)}</a> '
            f"@{e(entry.warc_offset)}<br><code>{e(entry.warc_record_id)}</code>"
        )
    else:
        record = "<span class='bad'>no record</span>"
    replays = []
    if options.pywb_url:
        replays.append(f'<a href="{e(pywb_href(options.pywb_url, entry))}">pywb</a>')
    if options.replayweb_url:
        replays.append(f'<a href="{e(replayweb_href(options.replayweb_url, entry))}">ReplayWeb</a>')
    change = entry.change or ""
    return (
        f"<tr><td>{e(entry.year or '?')}</td>"
        f'<td><a href="{e(entry.url)}">{e(title)}</a>'
        + (f"<br><span class='meta'>{e(who)}</span>" if who else "")
        + f"</td><td>{e(entry.source_format)}</td>"
        f"<td{' class=bad' if change == 'gone' else ''}>{e(change or '–')}</td>"
        f"<td>{record}</td><td>{' '.join(replays) or '–'}</td></tr>"
    )

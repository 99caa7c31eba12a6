"""The crawl report as one self-contained HTML page: coverage, portals, politeness, data quality
and every report with its links into the archive.

Nothing is loaded from anywhere: styles are inline, charts are inline SVG, there is no script, and
a Content-Security-Policy forbids any fetch, so the page reads the same offline, on a phone and
on paper.
"""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.reporting.coverage import MISSING, STATE_LABELS, STATES, Coverage
from crawler.reporting.html_parts import (
    CSP,
    STYLE,
    PageOptions,
    counts_text,
    html_table,
    number_cell,
    seconds_text,
    two_decimals,
)
from crawler.reporting.html_parts import html_text as e
from crawler.reporting.model import CrawlData, CrawlRun, PortalFacts
from crawler.reporting.pace import CrawlPace, pace_advice
from crawler.reporting.page_reports import quality_section, reports_section
from crawler.reporting.portal_hosts import portal_host_facts
from crawler.reporting.svg_charts import CELL_STYLE, cjk_font, coverage_svg, gap_svg

# Portals per coverage chart: a national collection is split into charts a page can hold.
PORTALS_PER_CHART = 60

# --- sections ---------------------------------------------------------------------------------


def render_page(data: CrawlData, coverage: Coverage, options: PageOptions) -> str:
    """The whole page."""
    labels = {pid: _label(data, pid) for pid in coverage.portals}
    title = f"Crawl report: {len(data.portal_ids())} portals, {len(data.reports)} reports"
    body = [
        _header(data, coverage, title),
        _coverage_section(coverage, labels, options.max_chart_portals),
        _portals_section(data),
        _politeness_section(data),
        quality_section(data),
        reports_section(data, labels, options),
        f'<footer class="meta"><p>nianbao crawl report, made {e(_now())}. '
        "Self-contained: no script, no font or image fetched.</p></footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def _label(data: CrawlData, portal_id: str) -> str:
    name = data.portal_name(portal_id)
    return f"{name} ({portal_id})" if name else portal_id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _header(data: CrawlData, coverage: Coverage, title: str) -> str:
    hosts = data.hosts.values()
    breaches = sum(h.get("gaps_below_floor", 0) for h in hosts)
    pauses = sum(h.get("pauses", 0) for h in hosts)
    kept = sum(h.get("pauses_honoured", 0) for h in hosts)
    given_up = sum(1 for h in hosts if h.get("given_up"))
    challenges = sum(p.challenges for p in data.portals.values())
    tiles = [
        ("portals", len(data.portal_ids()), False),
        ("reports", len(data.reports), False),
        ("years missing between found ones", coverage.count(MISSING), coverage.count(MISSING)),
        ("hosts given up", given_up, given_up),
        ("challenges", challenges, challenges),
        ("starts closer than a host's delay", breaches, breaches),
        ("pauses honoured", f"{kept}/{pauses}", kept < pauses),
    ]
    runs = "; ".join(
        f"{e(run.source)}: {e(run.spider or 'outputs')}"
        + (f", {e(run.finish_reason)} {e(run.finished)}" if run.finish_reason else "")
        for run in data.runs
    )
    return (
        f"<header><h1>{e(title)}</h1><p class='meta'>From {runs}.</p>"
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><b class="{"bad" if bad else ""}">{e(v)}</b>{e(k)}</div>'
            for k, v, bad in tiles
        )
        + '</div><nav><a href="#coverage">Coverage</a><a href="#portals">Portals</a>'
        '<a href="#politeness">Politeness</a><a href="#quality">Data quality</a>'
        '<a href="#reports">Reports</a></nav></header>'
    )


def _coverage_section(coverage: Coverage, labels: dict[str, str], max_portals: int) -> str:
    legend = "".join(
        f'<span><i style="background:{CELL_STYLE[s][0]};color:{CELL_STYLE[s][1]}">'
        f"{CELL_STYLE[s][2] or '&nbsp;'}</i>{e(STATE_LABELS[s])}</span>"
        for s in STATES
    )
    out = [
        '<section id="coverage"><h2>Coverage</h2>',
        "<p>Each portal × year: the report found as a web page (P) or only as a document "
        "(D), changed since the last crawl (C), gone (×), or missing between years found (?). "
        "A number counts several reports of one year. A mark links to the portal's reports.</p>",
        f'<p class="legend">{legend}</p>',
    ]
    if not coverage.years:
        out.append("<p class='bad'>No report with a known year was found.</p>")
    charted = coverage.portals[: max(0, max_portals)]
    for start in range(0, len(charted), PORTALS_PER_CHART):
        chunk = charted[start : start + PORTALS_PER_CHART]
        if coverage.years and chunk:
            part = Coverage(coverage.years, chunk, coverage.cells, coverage.undated)
            out.append(coverage_svg(part, labels, prefix=f"cov{start}"))
    if len(charted) < len(coverage.portals):
        out.append(
            f"<p>The first {len(charted)} of {len(coverage.portals)} portals are drawn "
            "(REPORT_CHART_MAX_PORTALS); every portal is listed below.</p>"
        )
    if coverage.undated:
        undated = ", ".join(f"{e(labels.get(p, p))}: {n}" for p, n in coverage.undated.items())
        out.append(f"<p>Reports whose year could not be read: {undated}.</p>")
    if cjk_font() is None:
        out.append(
            "<p class='bad'>No CJK font was installed when this page was made "
            "(Debian: fonts-noto-cjk): chart labels may be misplaced.</p>"
        )
    out.append("</section>")
    return "\n".join(out)


def _portals_section(data: CrawlData) -> str:
    rows = []
    for pid in data.portal_ids():
        facts = data.portals.get(pid) or PortalFacts(id=pid)
        hosts = portal_host_facts(data.hosts, pid)
        found = sum(1 for r in data.reports if r.portal == pid and not r.is_gone)
        given_up = (
            "<br>".join(f"<b>{e(h)}</b>: {e(why)}" for h, why in hosts["hosts_given_up"].items())
            or "–"
        )
        rows.append(
            f'<tr><td><a href="#portal-{e(pid)}">{e(_label(data, pid))}</a></td>'
            + number_cell(facts.pages)
            + number_cell(found, bad=found == 0)
            + f"<td>{_budget(facts)}</td>"
            + f'<td class="n">{seconds_text(hosts["robots_delay"])}</td>'
            + f"<td>{_errors(facts, hosts['errors'])}</td>"
            + number_cell(facts.challenges, bad=facts.challenges > 0)
            + f"<td>{given_up}</td></tr>"
        )
    head = [
        "portal",
        "pages",
        "reports",
        "budget used",
        "robots delay",
        "errors by kind",
        "challenges",
        "hosts given up, and why",
    ]
    note = ""
    if not data.portals:
        note = "<p>No crawl_report.json among the inputs: pages, budgets and hosts unknown.</p>"
    return (
        '<section id="portals"><h2>Per portal</h2>'
        + note
        + html_table(head, rows, frozenset({1, 2, 4, 6}))
        + "</section>"
    )


def _errors(facts: PortalFacts, errors: dict[str, int]) -> str:
    failed = "<span class='bad'>start page failed</span>" if facts.start_page_failed else ""
    counts = counts_text(errors) if errors or not failed else ""
    return "<br>".join(part for part in (failed, counts) if part)


def _budget(facts: PortalFacts) -> str:
    parts = []
    if facts.max_pages:
        share = facts.pages / facts.max_pages
        cls = " class='bad'" if facts.page_budget_exhausted else ""
        parts.append(f"<span{cls}>{facts.pages}/{facts.max_pages} pages ({share:.0%})</span>")
    elif facts.page_budget_exhausted:
        parts.append("<span class='bad'>page budget exhausted</span>")
    if facts.max_seconds and facts.seconds is not None:
        share = facts.seconds / facts.max_seconds
        cls = " class='bad'" if facts.time_budget_exhausted else ""
        parts.append(
            f"<span{cls}>{seconds_text(facts.seconds)} of {seconds_text(facts.max_seconds)} "
            f"({share:.0%})</span>"
        )
    elif facts.time_budget_exhausted:
        parts.append("<span class='bad'>time budget exhausted</span>")
    return "<br>".join(parts) or "–"


def _pace_line(run: CrawlRun) -> str:
    """How near the crawl came to its hosts' allowed rate, and whether its CPU held it back."""
    pace = CrawlPace.from_dict(run.pace or {})
    bad = " class='bad'" if pace.held_back else ""
    return f"<p{bad}>Pace of {e(run.source)}: {e(pace_advice(pace))}.</p>"


def _politeness_section(data: CrawlData) -> str:
    out = ['<section id="politeness"><h2>Politeness</h2>']
    if not data.hosts:
        out.append("<p>No per-host record in these inputs.</p></section>")
        return "\n".join(out)
    out.append(
        "<p>Per host, as the crawler timed it: a request starts when the downloader hands it to "
        "the HTTP client. The delay floor is the largest of DOWNLOAD_DELAY, the portal's delay "
        "and robots.txt's Crawl-delay. A pause (Retry-After, backoff, challenge, failures) is "
        "honoured when nothing was sent to the host before it ended.</p>"
    )
    out += [_pace_line(run) for run in data.runs if run.pace]
    timed = [
        (host, line["min_start_gap"], line.get("delay_floor") or 0.0)
        for host, line in sorted(data.hosts.items())
        if line.get("min_start_gap") is not None
    ]
    if timed:
        out.append(gap_svg(sorted(timed, key=lambda t: t[1] / (t[2] or 1.0))[:80]))
    rows, events = [], []
    for host, line in sorted(data.hosts.items()):
        pauses, kept = line.get("pauses", 0), line.get("pauses_honoured", 0)
        retry, retry_kept = line.get("retry_after_pauses", 0), line.get("retry_after_honoured", 0)
        below = line.get("gaps_below_floor", 0)
        rows.append(
            f"<tr><td>{e(host)}</td><td>{e(line.get('portal'))}</td>"
            + number_cell(line.get("requests", 0))
            + number_cell(two_decimals(line.get("min_start_gap")), bad=below > 0)
            + number_cell(two_decimals(line.get("delay_floor")))
            + number_cell(below, bad=below > 0)
            + number_cell(two_decimals(line.get("robots_delay")))
            + number_cell(f"{kept}/{pauses}", bad=kept < pauses)
            + number_cell(f"{retry_kept}/{retry}", bad=retry_kept < retry)
            + "</tr>"
        )
        events += [
            f"<li><b>{e(host)}</b> {_pause(pause)}</li>" for pause in line.get("pause_list") or []
        ]
        if line.get("given_up"):
            events.append(f"<li class='bad'><b>{e(host)}</b> given up: {e(line['given_up'])}</li>")
    head = [
        "host",
        "portal",
        "requests",
        "smallest gap (s)",
        "delay floor (s)",
        "gaps below floor",
        "robots delay (s)",
        "pauses honoured",
        "Retry-After honoured",
    ]
    out.append(html_table(head, rows, frozenset(range(2, 9))))
    out.append("<h3>Pauses and hosts given up</h3>")
    out.append(f"<ul>{''.join(events)}</ul>" if events else "<p>None.</p>")
    out.append("</section>")
    return "\n".join(out)


def _pause(pause: dict) -> str:
    after = pause.get("next_start_after")
    waited = "nothing sent after it" if after is None else f"next request {after:.1f} s later"
    verdict = "honoured" if pause.get("honoured") else "<span class='bad'>broken</span>"
    return f"paused {pause.get('seconds', 0):.1f} s ({e(pause.get('reason'))}): {waited}, {verdict}"

"""Pipeline micro-benchmark: reports parsed per second per core, for HTML and for PDF.

HTML: the demo's report pages (the 41 of its 43 reports read from HTML, demo/expected.json),
taken from the simulated portals (demo.sites.demo_collection) as their servers send them, decoded
as the crawl decodes them, then parsed from text to item fields as the crawl does (the spider's
one parse of the page, then the report pipeline: text, metadata, tables). PDF:
tests/fixtures/documents/qingfeng_2024.pdf, from bytes to item fields. CPU time of this process,
best of ``--rounds`` after a warm-up round.

``python -m bench.pipeline [--rounds 5] [--profile html|pdf]``; numbers go to
docs/performance.md. The goal for HTML: at least 150 reports a second per core.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import platform
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from crawler.encoding import detect_encoding
from demo.server import Request
from demo.sites import demo_collection
from pipelines.documents import parse_document
from pipelines.page.page import Page
from pipelines.report_fields import report_fields

REPO = Path(__file__).resolve().parent.parent
PDF = REPO / "tests" / "fixtures" / "documents" / "qingfeng_2024.pdf"
HTML_GOAL = 150.0  # reports per second per core


def demo_report_pages() -> list[tuple[str, str, str]]:
    """(url, decoded page, portal name) of every report of the demo's ground truth read from HTML.

    Reports published as documents (source_format pdf, docx, …) are the PDF benchmark's part.
    """
    expected = json.loads((REPO / "demo" / "expected.json").read_text(encoding="utf-8"))
    collection = demo_collection()
    sites = {site.host: site for portal in collection.portals for site in portal.sites}
    names = {portal.id: portal.name for portal in collection.portals}
    pages = []
    for report in expected["reports"]:
        if report.get("source_format", "html") != "html":
            continue
        parts = urlsplit(report["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        response = sites[parts.hostname].resolve(Request("GET", target, "HTTP/1.1", []))
        content_type = next(
            (v for k, v in response.headers if k.lower() == "content-type"), "text/html"
        )
        decision = detect_encoding(response.body, content_type)
        html = response.body.decode(decision.encoding, "replace")
        pages.append((report["url"], html, names.get(report["portal"], "")))
    return pages


def parse_html_report(url: str, html: str, portal_name: str) -> dict:
    """What the crawl does with a report page's text: one parse, then the report's fields."""
    page = Page(html, url)
    page.tree  # noqa: B018 (the spider parses the page before the pipeline reads it)
    page.release_tree()  # and hands it over when it yields the report
    return report_fields({"page": page, "url": url, "portal_name": portal_name})


def parse_pdf_report(body: bytes) -> dict:
    document = parse_document(body, "pdf")
    page = Page.from_tree(document.root, document.html, "http://www.example.gov.cn/a.pdf")
    return report_fields({"page": page, "url": page.url})


def best_cpu(work: Callable[[], object], rounds: int) -> float:
    """Least CPU seconds of ``work`` over ``rounds`` runs, after one warm-up run."""
    work()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", choices=("html", "pdf"), help="print a cProfile instead")
    parser.add_argument("--sort", default="tottime", help="profile order (cProfile's names)")
    parser.add_argument("--lines", type=int, default=40, help="profile lines")
    args = parser.parse_args()
    pages = demo_report_pages()
    pdf = PDF.read_bytes()

    def html_round() -> None:
        for url, html, name in pages:
            parse_html_report(url, html, name)

    def pdf_round() -> None:
        parse_pdf_report(pdf)

    if args.profile:
        work = html_round if args.profile == "html" else pdf_round
        work()
        profile = cProfile.Profile()
        profile.runcall(work)
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)
        return
    html_cpu = best_cpu(html_round, args.rounds)
    pdf_cpu = best_cpu(pdf_round, args.rounds)
    size = sum(len(html) for _, html, _ in pages) / len(pages) / 1000
    print(
        f"Python {platform.python_version()}, {platform.machine()}; CPU time, best of {args.rounds}"
    )
    print("| input | reports | CPU ms/report | reports/s per core |")
    print("|---|---|---|---|")
    html_rate = len(pages) / html_cpu
    print(
        f"| HTML: demo report pages (~{size:.0f} k characters) | {len(pages)} "
        f"| {1000 * html_cpu / len(pages):.2f} | {html_rate:.0f} |"
    )
    print(f"| PDF: {PDF.name} | 1 | {1000 * pdf_cpu:.1f} | {1 / pdf_cpu:.1f} |")
    verdict = "meets" if html_rate >= HTML_GOAL else "misses"
    print(f"HTML {verdict} the goal of {HTML_GOAL:.0f} reports/s per core")


if __name__ == "__main__":
    main()

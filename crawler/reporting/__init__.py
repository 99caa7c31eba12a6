"""The crawl report people look at: ``crawl_report.html`` built from a crawl's outputs.

Pure: reads output folders (``crawl_report.json``, ``reports.jsonl``) and the catalogue across
crawls, and writes one self-contained HTML page with inline SVG charts. No Scrapy imports.
"""

from crawler.reporting.build import ReportOptions, write_html_report

__all__ = ["ReportOptions", "write_html_report"]

"""Scrapy settings for nianbao: every knob with its safe default, in one place.

Override any of them on the command line (``-s NAME=VALUE``); a portal registry entry may override
the per-portal ones (delay, page budget, render mode).
"""

from crawler import __version__

BOT_NAME = "nianbao"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Output -------------------------------------------------------------------------------------
# Root of everything a crawl writes: OUTPUT_DIR/warc/*.warc.gz, OUTPUT_DIR/reports.jsonl, ...
OUTPUT_DIR = "output/crawl"
# Also write OUTPUT_DIR/reports.parquet and OUTPUT_DIR/table_cells.parquet.
OUTPUT_PARQUET = True

# --- Identity -----------------------------------------------------------------------------------
# Who we are and how a site operator reaches us. A real crawl refuses to start with Scrapy's
# default User-Agent (see crawler.extensions.identity).
CONTACT_URL = "https://github.com/nianbao-crawler/nianbao#contact"
CONTACT_EMAIL = ""
USER_AGENT = f"nianbao/{__version__} (+{CONTACT_URL})"
OPERATOR = ""  # who runs this crawl; written into every warcinfo record

# --- Politeness ---------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# One request in flight per host; never more than this many overall.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# Minimum interval between request starts to one host (seconds). A robots.txt Crawl-delay above
# it wins; jitter only ever adds to the floor, never subtracts.
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.0
POLITE_DELAY_JITTER = 0.25  # extra random delay, as a fraction of the floor, added on top
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
# Give up on a response body beyond this size (the truncated part is still archived, marked).
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False

# --- Scope and budgets --------------------------------------------------------------------------
# How many link hops from a start URL discovery may go.
DEPTH_LIMIT = 8
DEPTH_PRIORITY = 0
# Per-portal budgets (a registry entry may override max_pages).
PORTAL_MAX_PAGES = 2000
PORTAL_MAX_SECONDS = 6 * 3600
# How many pages of one paginated column to follow.
MAX_LIST_PAGES = 50
# Attachments (PDF, DOC, ...) linked from a report are fetched and archived.
FETCH_ATTACHMENTS = True

# --- Encoding -----------------------------------------------------------------------------------
ENCODING_DETECTION_ENABLED = True

# --- Archive ------------------------------------------------------------------------------------
WARC_ENABLED = True
WARC_PREFIX = "nianbao"
WARC_MAX_SIZE = 1_000_000_000  # roll over to a new file beyond this many bytes

# --- JavaScript rendering -----------------------------------------------------------------------
PLAYWRIGHT_BROWSER_TYPE = "chromium"
CHROMIUM_EXECUTABLE = "/usr/bin/chromium"

# --- Components ----------------------------------------------------------------------------------
ADDONS = {"crawler.outputs.OutputLayout": 0}
FEED_EXPORTERS = {
    "parquet": "pipelines.parquet.ReportsParquetExporter",
    "table_cells": "pipelines.parquet.TableCellsParquetExporter",
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.encoding.EncodingDecisionMiddleware": 585,
}
SPIDER_MIDDLEWARES: dict[str, int] = {}
EXTENSIONS = {
    "crawler.extensions.identity.IdentityCheck": 0,
    "archive.capture.WarcCaptureExtension": 100,
}
ITEM_PIPELINES = {
    "pipelines.warc_pointer.WarcPointerPipeline": 50,
    "pipelines.report.ReportFieldsPipeline": 100,
    "pipelines.schema.SchemaPipeline": 900,
}

# --- Scrapy housekeeping ------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_CLASS = "scrapy.utils.request.RequestFingerprinter"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

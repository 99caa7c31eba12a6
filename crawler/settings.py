"""Scrapy settings for nianbao: every knob with its safe default, in one place.

Override any of them on the command line (``-s NAME=VALUE``); a portal registry entry may override
the per-portal ones (delay, page budget, render mode).
"""

from scrapy.settings import default_settings

from crawler import __version__

BOT_NAME = "nianbao"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Output -------------------------------------------------------------------------------------
# Root of everything a crawl writes: OUTPUT_DIR/warc/*.warc.gz, OUTPUT_DIR/reports.jsonl, ...
OUTPUT_DIR = "output/crawl"
# Also write OUTPUT_DIR/reports.parquet and OUTPUT_DIR/table_cells.parquet (when the crawl ends).
OUTPUT_PARQUET = True
# Write each item once to OUTPUT_DIR/reports.jsonl, across kills and resumes (docs/state.md). Off
# when feeds are given explicitly (-o/-O, FEEDS): those replace it.
ITEM_LOG_ENABLED = True
# Write OUTPUT_DIR/crawl_report.json at the end: per-portal pages and reports, hosts given up,
# challenges, budgets, per-host politeness, WARC files, all stats.
CRAWL_REPORT_ENABLED = True
# ... and OUTPUT_DIR/crawl_report.html, the same for people (docs/report.md).
CRAWL_REPORT_HTML = True
# Replay links in the HTML report: a pywb collection URL (http://localhost:8080/nianbao) and/or a
# ReplayWeb.page URL with its source (https://replayweb.page/?source=https://.../crawl.wacz).
REPORT_PYWB_URL = ""
REPORT_REPLAYWEB_URL = ""
# Portals drawn in the report's coverage chart (all are listed); keeps a national report light.
REPORT_CHART_MAX_PORTALS = 1000
# While a crawl runs: one progress line every this many seconds (0: none) ...
PROGRESS_INTERVAL = 60.0
# ... and a live display on a terminal: "auto" (when stdout is a TTY), "on" or "off".
PROGRESS_LIVE = "auto"

# --- Crawl state and history (docs/state.md) ----------------------------------------------------
# The store that outlives a crawl: a SQLite file or a postgresql:// URL; empty: a SQLite file
# OUTPUT_DIR/crawl-state.sqlite. Give later crawls the same store to re-crawl incrementally.
CRAWL_STATE = ""
# The crawl's queue and seen-set live in CRAWL_STATE; with JOBDIR the crawl id lives in
# JOBDIR/crawl-id and a run resumes it, requests in flight at a kill included (docs/state.md).
SCHEDULER = "crawler.scheduler.FrontierScheduler"
# Ask conditionally (If-None-Match / If-Modified-Since) for URLs an earlier crawl captured; a 304
# is archived as a revisit and the page answered from the earlier record.
CONDITIONAL_REQUESTS_ENABLED = True
# When the crawl is idle, ask once more for reports of earlier crawls no longer listed: a 404/410
# yields a tombstone item (change "gone"). Never for a portal whose crawl was cut short.
GONE_CHECK_ENABLED = True
# The catalogue of report versions across crawls (Parquet), rewritten at the end of each crawl;
# empty: catalogue.parquet beside the SQLite state file (in OUTPUT_DIR for PostgreSQL).
CATALOGUE_PATH = ""

# --- Distributed crawls (docs/distributed.md) ---------------------------------------------------
# Empty: the crawl runs embedded. redis://host:6379/0: this process is one worker of the crawl
# CRAWL_ID, sharing its queue, seen-set, politeness and budgets with the others through Redis.
REDIS_URL = ""
# Names the crawl (letters, digits, _ . -): every worker of one crawl gives the same; a new crawl
# needs a new id. Required with REDIS_URL.
CRAWL_ID = ""
# Names this worker in leases, cluster_status and WARC file names; empty: <hostname>-<pid>.
WORKER_ID = ""
# A request taken from the queue stays leased to its worker until done; a worker renews its
# leases every LEASE_HEARTBEAT s; a lease not renewed for LEASE_TTL s (its worker died) goes back
# to the queue. Keep LEASE_TTL well above LEASE_HEARTBEAT plus the longest Crawl-delay.
LEASE_TTL = 60.0
LEASE_HEARTBEAT = 5.0
# SCHEDULER_PERSIST = False: the last worker of a finished crawl deletes its queue, seen-set and
# host state (a summary stays for cluster_status); True keeps all until `cluster_status --delete`.
# Never deleted while another worker is alive.
SCHEDULER_PERSIST = False
# Redis client options: short timeouts, as Redis calls are made on the reactor thread; a lost
# connection pauses the worker instead of stalling it (scrapy-redis's defaults wait 30 s).
REDIS_PARAMS = {"socket_timeout": 5.0, "socket_connect_timeout": 2.0, "retry_on_timeout": False}

# --- Identity -----------------------------------------------------------------------------------
# Who we are and how a site operator reaches us. A real crawl refuses to start with Scrapy's
# default User-Agent (see crawler.extensions.identity).
CONTACT_URL = "https://github.com/nianbao-crawler/nianbao#contact"
CONTACT_EMAIL = ""
USER_AGENT = f"nianbao/{__version__} (+{CONTACT_URL})"
OPERATOR = ""  # who runs this crawl; written into every warcinfo record

# --- Politeness ---------------------------------------------------------------------------------
# Every knob below is documented with its default in docs/politeness.md.
# robots.txt (RFC 9309), read before any other request to a host, cached for the crawl.
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "nianbao"  # our product token, matched against robots.txt User-agent lines
ROBOTSTXT_MAX_SIZE = 500 * 1024  # bytes of robots.txt parsed (RFC 9309: at least 500 KiB)
ROBOTSTXT_RETRY_DELAY = 60.0  # robots.txt 5xx/429/unreachable: hold the host, ask again after (s)
ROBOTSTXT_MAX_RETRIES = 3  # ... this many times, then give the host up for this crawl
# One request in flight per host; never more than this many overall.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# Minimum interval between request starts to one host (seconds). A portal's download_delay or a
# robots.txt Crawl-delay/Request-rate above it wins; jitter only ever adds, never subtracts.
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.0  # Scrapy's symmetric jitter would undercut the floor: keep it off
# The delay also counts from the end of each exchange (crawler.extensions.throttle), so network
# latency cannot bring two starts closer at the server: no margin is needed for that.
POLITE_DELAY_JITTER = 0.05  # extra random delay, as a fraction of the delay, added on top
POLITE_DELAY_MARGIN = 0.0  # seconds always added on top
# AutoThrottle's latency rule (applied by crawler.extensions.throttle.HostThrottle) above the floor.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# 429/503: pause that host for its Retry-After (seconds or HTTP-date); a longer Retry-After gives
# the host up for this crawl rather than being cut short.
RETRY_AFTER_MAX = 600.0
# 429/503 without Retry-After: pause RETRY_BACKOFF_BASE * 2**(n-1) s, at most RETRY_BACKOFF_MAX.
RETRY_BACKOFF_BASE = 5.0
RETRY_BACKOFF_MAX = 300.0
# Circuit breaker: this many consecutive failures (5xx, timeouts, resets) pause a host ...
HOST_FAILURE_THRESHOLD = 5  # 0 turns the breaker off (hosts given up by others are still refused)
HOST_PAUSE = 300.0  # ... for this long (s); the next request is the probe ...
HOST_MAX_PAUSES = 2  # ... and a failure after this many pauses gives the host up
# Anti-bot challenges (412 $_ts, 521 __jsl_clearance, script cookie pages, CAPTCHAs): never solved.
CHALLENGE_PAUSE = 600.0  # back off a challenged host this long (s) ...
CHALLENGE_MAX_PER_HOST = 2  # ... and give it up at its this-many-th challenge
# Private, loopback, link-local, reserved and cloud-metadata addresses are refused unless listed
# here (host names, addresses or CIDR networks), e.g. ["127.0.0.1"] for a loopback test server.
ALLOWED_PRIVATE_HOSTS: list[str] = []
DOWNLOAD_TIMEOUT = 60  # a body still arriving at 90 % of it is cut and kept (WARC-Truncated: time)
# After a download we abandoned (cut or timed out), leave the host alone this long (s): the server
# is still serving it until it notices we hung up.
ABANDONED_DOWNLOAD_PAUSE = 5.0
# Bodies beyond this size are cut there: the first bytes are archived (WARC-Truncated: length),
# the page is not parsed. Also the limit for a decompressed body (decompression bombs).
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
# Keep a body cut by a dropped connection: archived (WARC-Truncated: disconnect), then retried.
DOWNLOAD_FAIL_ON_DATALOSS = False
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10  # a longer chain, or a loop, is logged and counted (redirect/*)
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote-control HTTP server: a listening port nobody asked for, and aiohttp to
# import at every start (a second of CPU on a busy machine).
REMOTE_CONTROL_ENABLED = False

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

# --- Parsing ------------------------------------------------------------------------------------
# A report page still being parsed after this many seconds becomes an item with the error
# (parse:TimeoutError); the crawl goes on (0: no limit).
REPORT_PARSE_TIMEOUT = 60.0
# Worker processes that parse reports beside the crawl, so parsing does not take the crawl's
# core (each re-parses the page from its text, ~1 ms, and holds ~40 MB); 0 parses on a thread
# of the crawl process, for one-core machines.
REPORT_PARSE_PROCESSES = 1
# Folders besides OUTPUT_DIR/warc where the documents of reports are read back from for parsing
# (`scrapy reparse` sets it to the folders of the WARC files it reads).
WARC_READ_DIRS: list[str] = []
# Documents (PDF, Word, WPS, OFD) larger than this, or with more pages, are archived but not
# parsed; a document still parsing after DOCUMENT_MAX_SECONDS is given up (pipelines/documents).
DOCUMENT_MAX_BYTES = 32 * 1024 * 1024
DOCUMENT_MAX_PAGES = 200
DOCUMENT_MAX_SECONDS = 20.0

# --- Encoding -----------------------------------------------------------------------------------
ENCODING_DETECTION_ENABLED = True

# --- Archive ------------------------------------------------------------------------------------
WARC_ENABLED = True
WARC_PREFIX = "nianbao"
WARC_MAX_SIZE = 1_000_000_000  # roll over to a new file beyond this many bytes

# --- JavaScript rendering (docs/javascript.md) --------------------------------------------------
# The browser's download handler (scrapy-playwright) for pages that render: "auto" installs it
# unless `scrapy crawl` finds every portal of its registry render = "never" (Scrapy's own handler
# then fetches every page, and Playwright is never imported); "on" always installs it.
BROWSER_HANDLER = "auto"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# Debian's Chromium (Playwright cannot download its own browser here).
CHROMIUM_EXECUTABLE = "/usr/bin/chromium"
# Flags that work as root and switch off Chromium's own traffic: background networking, component
# updates, sync, metrics and crash reports, safe-browsing lookups, domain reliability, first-run
# tasks. Chromium still tries some (update checks, sign-in): the handler confines the browser to
# the registry's domains with a proxy auto-config script, and adds --user-agent=USER_AGENT.
BROWSER_LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--metrics-recording-only",
    "--disable-breakpad",
    "--safebrowsing-disable-auto-update",
    "--disable-client-side-phishing-detection",
    "--disable-domain-reliability",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-pings",
]
# Resource types a rendered page never fetches.
BROWSER_BLOCK_RESOURCE_TYPES = ["image", "font", "media"]
# Hosts a rendered page may never contact (analytics, site-census beacons).
BROWSER_BLOCK_HOSTS = [
    "hm.baidu.com",
    "zz.bdstatic.com",
    "push.zhanzhang.baidu.com",
    "s4.cnzz.com",
    "s9.cnzz.com",
    "c.cnzz.com",
    "www.google-analytics.com",
    "www.googletagmanager.com",
    "dcs.conac.cn",
    "bszs.conac.cn",
]
# Pages open at once in one browser context, and pages rendered before the context is replaced.
BROWSER_MAX_PAGES_PER_CONTEXT = 4
BROWSER_CONTEXT_RECYCLE_PAGES = 100
# Seconds: page load; quiet network after load (and per pager click); a sub-request's wait for
# its host's turn before it is blocked.
BROWSER_NAVIGATION_TIMEOUT = 120.0
BROWSER_SETTLE_TIMEOUT = 15.0
BROWSER_MAX_SUBREQUEST_WAIT = 120.0
# Archive a full-page PNG of every rendered page.
BROWSER_SCREENSHOT = True
# "Next page" / "load more" controls without an address clicked per rendered page.
BROWSER_MAX_PAGER_CLICKS = 10
# Read known CMS list APIs (Hanweb jpage, JPaaS) directly instead of rendering.
LIST_API_DISCOVERY = True

# --- Components ----------------------------------------------------------------------------------
ADDONS = {
    "crawler.outputs.OutputLayout": 0,
    "crawler.browser.BrowserRendering": 10,
    "crawler.distributed.addon.DistributedCrawl": 20,  # only with REDIS_URL
}
FEED_EXPORTERS = {
    "parquet": "pipelines.parquet.ReportsParquetExporter",
    "table_cells": "pipelines.parquet.TableCellsParquetExporter",
}
DOWNLOADER_MIDDLEWARES = {
    # process_request runs in ascending order, process_response/process_exception descending.
    "crawler.request_tracking.DoneTrackingDownloaderMiddleware": 1,  # sees every leased request
    "crawler.middlewares.address_guard.AddressGuardMiddleware": 45,  # before offsite and robots
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtPolicyMiddleware": 100,
    "crawler.middlewares.circuit_breaker.HostCircuitBreakerMiddleware": 555,  # above Retry (550)
    "crawler.middlewares.challenge.ChallengeMiddleware": 582,  # decoded body, before meta refresh
    "crawler.middlewares.encoding.EncodingDecisionMiddleware": 585,
    "crawler.middlewares.body_integrity.BodyIntegrityMiddleware": 595,  # above HttpCompression
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 597,  # 304 -> archived 200
    "crawler.middlewares.redirect_loop.RedirectLoopMiddleware": 605,  # above Redirect (600)
}
SPIDER_MIDDLEWARES: dict[str, int] = {
    "crawler.request_tracking.DoneTrackingSpiderMiddleware": 10,  # outermost: the final output
    "pipelines.change.WithdrawnReportsMiddleware": 60,  # tombstones for withdrawn reports
}
# Scrapy's extensions without its remote-control server (off anyway, REMOTE_CONTROL_ENABLED): a
# component named in EXTENSIONS is imported even to switch it off, and that module imports aiohttp
# (~0.3 s of CPU and 20 MB at every start).
EXTENSIONS_BASE = {
    name: order
    for name, order in default_settings.EXTENSIONS_BASE.items()
    if name != "scrapy.extensions.remote_control.RemoteControl"
}
EXTENSIONS = {
    "crawler.extensions.identity.IdentityCheck": 0,
    "scrapy.extensions.throttle.AutoThrottle": None,
    "scrapy.extensions.spiderstate.SpiderState": None,  # a pickle written at close: not crash-safe
    "crawler.extensions.throttle.HostThrottle": 10,
    "archive.capture.WarcCaptureExtension": 100,
    "crawler.extensions.host_record.HostRecord": 150,  # after HostThrottle: reads its pauses
    "crawler.extensions.crawl_report.CrawlReport": 200,
    "crawler.extensions.progress.Progress": 210,
}
ITEM_PIPELINES = {
    "pipelines.warc_pointer.WarcPointerPipeline": 50,
    "pipelines.report.ReportFieldsPipeline": 100,
    "pipelines.change.ReportChangePipeline": 800,  # new / changed / unchanged, the catalogue
    "pipelines.schema.SchemaPipeline": 900,
    "pipelines.item_log.ItemLogPipeline": 1000,  # last: written once, committed in CRAWL_STATE
}

# --- Scrapy housekeeping ------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_CLASS = "scrapy.utils.request.RequestFingerprinter"
# Scrapy's check re-reads and re-parses the callback's source for every response (its cache is
# keyed by bound methods, which are new objects each time): a tenth of our CPU on a wide crawl.
# Our callbacks never return values from generators.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy starts this many asyncio tasks for the output of every response (default 100); a page
# yields at most one item and some requests, and 100 tasks a response cost ~2 ms of CPU.
CONCURRENT_ITEMS = 8
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

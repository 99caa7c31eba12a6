"""The life of a request beyond Scrapy's own signals, for queues that must not lose work.

``request_done(request)``: everything ``request`` led to is safe: its response record is in the
WARC, every request its callback yielded is in the scheduler, every item it yielded is written.
Only then may a durable queue (SQLite frontier, Redis lease) forget it. A request that failed for
good (errback ran, nothing to retry) is done too. Sent once per request, on the reactor thread.
"""

from __future__ import annotations

request_done = object()

"""Signals the politeness components send each other about one host, and the one way to give a
host up. ``HostThrottle`` turns pauses and give-ups into downloader-slot timing; the circuit
breaker refuses requests to hosts given up.

``crawl_delay_found(host, delay)``: robots.txt asks for at least ``delay`` seconds between starts.
``host_pause_requested(host, seconds, reason)``: send nothing to ``host`` for ``seconds``.
``host_given_up(host, reason)``: send nothing more to ``host`` in this crawl.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

crawl_delay_found = object()
host_pause_requested = object()
host_given_up = object()


def give_up_host(crawler: Crawler, host: str, cause: str, message: str) -> None:
    """Log ``message`` once as an ERROR, count it under ``hosts/given_up`` and tell the others.

    ``cause`` is a short stat key (``failures``, ``robots``, ``challenge``, ``retry_after``).
    """
    logger.error(message)
    crawler.stats.inc_value("hosts/given_up")
    crawler.stats.inc_value(f"hosts/given_up/{cause}")
    crawler.signals.send_catch_log(host_given_up, host=host, reason=message)

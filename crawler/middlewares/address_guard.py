"""Refuse requests, redirects included, to private, loopback, link-local, reserved, multicast and
cloud-metadata addresses unless ALLOWED_PRIVATE_HOSTS lists them.

Literal addresses (in any spelling a resolver accepts) and metadata names are refused as soon as
a request is scheduled, and again before download; it runs before robots.txt, so not even
robots.txt is asked of such a host. Other host names are resolved (through Scrapy's DNS cache, as
the download will be) only when the request goes out directly: through a proxy, the proxy
resolves. A failed lookup is left to the download to report.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.request import getproxies, proxy_bypass

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from crawler.addresses import AllowList, address_problem, host_problem, literal_address

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class AddressGuardMiddleware:
    """Downloader middleware; every redirect comes back through ``process_request``."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.allow = AllowList(settings.getlist("ALLOWED_PRIVATE_HOSTS"))
        self.proxy_enabled = settings.getbool("HTTPPROXY_ENABLED")
        self.env_proxies = getproxies() if self.proxy_enabled else {}
        # no_proxy is read once, as env_proxies are: proxy_bypass() parses the whole
        # environment at every call
        self._bypasses_proxy = lru_cache(maxsize=4096)(proxy_bypass)
        # Scrapy's offsite filter drops off-site redirects at this signal too; refuse them first.
        crawler.signals.connect(self._request_scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    def _request_scheduled(self, request: Request, spider) -> None:
        parts = urlparse_cached(request)
        if parts.scheme in ("http", "https"):
            host = parts.hostname or ""
            self._refuse_if(host_problem(host, self.allow), request, host, host)

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            return
        host = parts.hostname or ""
        problem, address = host_problem(host, self.allow), host
        if problem is None and self._goes_direct(request, host) and literal_address(host) is None:
            problem, address = await self._resolved_problem(host)
        self._refuse_if(problem, request, host, address)

    def _refuse_if(self, problem: str | None, request: Request, host: str, address: str) -> None:
        if problem is None:
            return
        self.stats.inc_value("address_guard/refused")
        self.stats.inc_value(f"address_guard/refused/{problem}")
        logger.warning(
            "refused %s: %s is a %s address (not in ALLOWED_PRIVATE_HOSTS)%s",
            request.url,
            host if address == host else f"{host} ({address})",
            problem,
            f"; redirected from {request.meta['redirect_urls'][0]}"
            if request.meta.get("redirect_urls")
            else "",
        )
        raise IgnoreRequest(f"{host} is a {problem} address")

    def _goes_direct(self, request: Request, host: str) -> bool:
        """Whether this request connects to the host itself (no proxy resolves it for us)."""
        if "proxy" in request.meta:
            return not request.meta["proxy"]
        if not self.proxy_enabled:
            return True
        scheme = urlparse_cached(request).scheme
        return scheme not in self.env_proxies or bool(self._bypasses_proxy(host))

    async def _resolved_problem(self, host: str) -> tuple[str | None, str]:
        """(why the address ``host`` resolves to is refused, or None; that address)."""
        if self.allow.allows_host(host):
            return None, host
        from twisted.internet import reactor

        try:
            resolved = str(await maybe_deferred_to_future(reactor.resolve(host)))
        except Exception:
            return None, host  # the download reports the DNS failure like any other
        address = literal_address(resolved)
        if address is None or self.allow.allows_address(address):
            return None, resolved
        return address_problem(address), resolved

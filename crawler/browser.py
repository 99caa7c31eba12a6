"""Rendering pages in Chromium through scrapy-playwright, politely and only towards the portals:
launch settings, the plain-data request meta of a rendered fetch, the proxy auto-config script
that confines Chromium to the registry's domains, and the add-on that installs the download
handler (:mod:`crawler.browser_handler`) when some page may render.

A crawl in which no page renders (``scrapy crawl`` found every portal of its registry
``render = "never"``) keeps Scrapy's own download handler: no Playwright import, no per-request
detour through scrapy-playwright.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies

from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

logger = logging.getLogger(__name__)

HANDLER_PATH = "crawler.browser_handler.BrowserDownloadHandler"
# BROWSER_HANDLER: "auto" installs the handler unless `scrapy crawl` set "off" (no portal renders)
HANDLER_MODES = ("auto", "on", "off")

# Chromium's command line holds the auto-config script; Linux caps one argument at 128 KiB.
_MAX_PAC_ARGUMENT = 100_000


def playwright_proxy(url: str | None, no_proxy: str | None = None) -> dict | None:
    """Playwright's ``proxy`` option for a proxy URL (credentials split out), or None."""
    if not url:
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    proxy: dict[str, str] = {"server": f"{parts.scheme}://{parts.hostname}:{parts.port or 80}"}
    if parts.username:
        proxy["username"] = unquote(parts.username)
        proxy["password"] = unquote(parts.password or "")
    if no_proxy:
        proxy["bypass"] = no_proxy
    return proxy


def environment_proxy() -> dict | None:
    """The proxy plain fetches use (``http_proxy``, else ``https_proxy``), for the browser."""
    proxies = getproxies()
    return playwright_proxy(
        proxies.get("http") or proxies.get("https"),
        os.environ.get("no_proxy") or os.environ.get("NO_PROXY"),
    )


def launch_options(settings: BaseSettings) -> dict:
    """``PLAYWRIGHT_LAUNCH_OPTIONS``: Debian's Chromium, our flags and User-Agent (Chromium's own
    requests carry it too), the environment's proxy."""
    args = settings.getlist("BROWSER_LAUNCH_ARGS")
    user_agent = settings.get("USER_AGENT")
    if user_agent:
        args = [*args, f"--user-agent={user_agent}"]
    options: dict[str, Any] = {
        "executable_path": settings.get("CHROMIUM_EXECUTABLE"),
        "args": args,
        "headless": True,
        "chromium_sandbox": False,
    }
    proxy = environment_proxy()
    if proxy:
        options["proxy"] = proxy
    return options


def confinement_pac(domains: Iterable[str], route: str, closed_port: int, bypass: str = "") -> str:
    """A proxy auto-config script: hosts of ``domains`` (subdomains included) go by ``route``
    (``PROXY host:port`` or ``DIRECT``; ``DIRECT`` for those matching ``bypass``, a ``no_proxy``
    list), every other host to ``127.0.0.1:closed_port``, where nothing answers."""
    allowed = sorted({d.strip().lower().strip(".") for d in domains if d.strip()})
    skipped = sorted({d.strip().lower().strip(".") for d in bypass.split(",") if d.strip()})
    nowhere = f"PROXY 127.0.0.1:{closed_port}"
    return (
        "function FindProxyForURL(url, host) {\n"
        "  host = host.toLowerCase();\n"
        "  function within(list) {\n"
        "    for (var i = 0; i < list.length; i++) {\n"
        '      if (list[i] === "*" || host === list[i] || dnsDomainIs(host, "." + list[i]))'
        " return true;\n"
        "    }\n"
        "    return false;\n"
        "  }\n"
        f"  if (!within({json.dumps(allowed)})) return {json.dumps(nowhere)};\n"
        f'  return within({json.dumps(skipped)}) ? "DIRECT" : {json.dumps(route)};\n'
        "}\n"
    )


def confined_launch_options(options: dict, domains: Iterable[str], closed_port: int) -> dict | None:
    """``options`` with the launch proxy replaced by :func:`confinement_pac` (Chromium prefers
    ``--proxy-server`` to a PAC script, so the proxy option goes), or None when the script would
    not fit on Chromium's command line."""
    confined = {k: v for k, v in options.items() if k != "proxy"}
    proxy = options.get("proxy") or {}
    route = "DIRECT"
    if proxy.get("server"):
        parts = urlsplit(proxy["server"])
        kind = {"https": "HTTPS", "socks5": "SOCKS5", "socks4": "SOCKS4", "socks": "SOCKS"}
        route = f"{kind.get(parts.scheme, 'PROXY')} {parts.hostname}:{parts.port or 80}"
    script = confinement_pac(domains, route, closed_port, proxy.get("bypass") or "")
    encoded = base64.b64encode(script.encode("utf-8")).decode("ascii")
    # a data: URL, not a file: Chromium silently goes direct when it cannot read a PAC file
    argument = f"--proxy-pac-url=data:application/x-ns-proxy-autoconfig;base64,{encoded}"
    if len(argument) > _MAX_PAC_ARGUMENT:
        return None
    confined["args"] = [
        *(a for a in options.get("args") or () if not a.startswith(("--proxy-", "--no-proxy"))),
        argument,
    ]
    return confined


class BrowserRendering:
    """Add-on: registers :class:`~crawler.browser_handler.BrowserDownloadHandler` (unless
    ``BROWSER_HANDLER`` is ``off``) and derives scrapy-playwright's settings from ours (launch
    options, page cap, navigation timeout)."""

    def update_settings(self, settings: BaseSettings) -> None:
        mode = str(settings.get("BROWSER_HANDLER") or "auto").lower()
        if mode not in HANDLER_MODES:
            logger.warning("BROWSER_HANDLER %r is not one of auto, on, off: auto", mode)
        if mode == "off":
            logger.info("no page renders in this crawl: Scrapy's own download handler fetches all")
        else:
            self._install_handler(settings)
        if not settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"):
            settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch_options(settings), "addon")
        settings.set(
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT",
            settings.getint("BROWSER_MAX_PAGES_PER_CONTEXT"),
            "addon",
        )
        timeout_ms = settings.getfloat("BROWSER_NAVIGATION_TIMEOUT") * 1000
        settings.set("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", timeout_ms, "addon")

    @staticmethod
    def _install_handler(settings: BaseSettings) -> None:
        from crawler.browser_handler import BrowserDownloadHandler

        handlers = settings["DOWNLOAD_HANDLERS"]
        for scheme in ("http", "https"):
            current = handlers.get(scheme)
            cls = load_object(current) if current else None
            if not (isinstance(cls, type) and issubclass(cls, BrowserDownloadHandler)):
                if current and "HTTP11DownloadHandler" not in str(current):
                    logger.warning(
                        "replacing download handler %s for %s by %s: combine them in one class",
                        current,
                        scheme,
                        HANDLER_PATH,
                    )
                handlers[scheme] = HANDLER_PATH


def browser_meta(reason: str) -> dict:
    """Request meta for fetching a page in the browser, as plain data: the request can wait in a
    disk or Redis queue (:mod:`crawler.request_codec`). :class:`BrowserDownloadHandler` adds
    scrapy-playwright's meta (page callbacks, the capture) when it downloads the request."""
    return {
        "playwright": True,  # scrapy-playwright's flag, also read by the archive and middlewares
        "render": reason,
        # a render's latency is the browser's, not the server's: keep it out of the delay
        "autothrottle_dont_adjust_delay": True,
    }


def __getattr__(name: str) -> Any:
    # the handler's former address (crawler.browser.BrowserDownloadHandler) still resolves,
    # importing Playwright only when asked for
    if name == "BrowserDownloadHandler":
        from crawler.browser_handler import BrowserDownloadHandler

        return BrowserDownloadHandler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

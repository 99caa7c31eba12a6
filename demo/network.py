"""Start and stop the demo network (one origin server per site plus the forward proxy) from Python.

The asyncio loop runs in a background thread, so tests and the demo driver stay synchronous.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from types import TracebackType

from demo.proxy import ForwardProxy, ProxyLog
from demo.server import RequestLog, Site, SiteServer

START_TIMEOUT = 30.0


class DemoNetwork:
    """Context manager: ``with DemoNetwork(sites) as net: ... net.proxy_url ...``.

    ``sites`` defaults to the demo portals (``demo.sites.demo_collection().sites``).
    """

    def __init__(
        self, sites: Iterable[Site] | None = None, *, proxy_port: int = 0, bind: str = "127.0.0.1"
    ) -> None:
        if sites is None:
            from demo.sites import demo_collection

            sites = demo_collection().sites
        self.sites = list(sites)
        hosts = [s.host for s in self.sites]
        if len(set(hosts)) != len(hosts):
            raise ValueError(f"a host is served twice: {sorted(hosts)}")
        self.bind = bind
        self._proxy_port_wanted = proxy_port
        self.logs: dict[str, RequestLog] = {s.host: RequestLog() for s in self.sites}
        self.proxy_log = ProxyLog()
        self.ports: dict[str, int] = {}
        self.proxy_port = 0
        self._servers: list[SiteServer] = []
        self._proxy: ForwardProxy | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://{self.bind}:{self.proxy_port}"

    @property
    def hosts(self) -> list[str]:
        return [s.host for s in self.sites]

    def origin_url(self, host: str) -> str:
        """The site's own address, bypassing the proxy."""
        return f"http://{self.bind}:{self.ports[host]}"

    def log(self, host: str) -> RequestLog:
        return self.logs[host]

    def clear_logs(self) -> None:
        for log in self.logs.values():
            log.clear()
        self.proxy_log.clear()

    def start(self) -> DemoNetwork:
        if self._loop is not None:
            raise RuntimeError("DemoNetwork already started")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="demo-network", daemon=True
        )
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start_servers(), self._loop)
        try:
            future.result(START_TIMEOUT)
        except BaseException:
            self.stop()
            raise
        return self

    async def _start_servers(self) -> None:
        for site in self.sites:
            server = SiteServer(site, self.logs[site.host])
            self.ports[site.host] = await server.start(self.bind, 0)
            self._servers.append(server)
        self._proxy = ForwardProxy(self.ports, self.proxy_log)
        self.proxy_port = await self._proxy.start(self.bind, self._proxy_port_wanted)

    async def _close_servers(self) -> None:
        if self._proxy is not None:
            await self._proxy.close()
        for server in self._servers:
            await server.close()
        # Connections still being served (a slow body, a stuck client) end with the network.
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if loop.is_running():
            asyncio.run_coroutine_threadsafe(self._close_servers(), loop).result(START_TIMEOUT)
            loop.call_soon_threadsafe(loop.stop)
        thread.join(START_TIMEOUT)
        loop.close()
        self._loop = self._thread = None

    def __enter__(self) -> DemoNetwork:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

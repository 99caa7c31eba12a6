"""Hosts that answer with raw bytes, for faults the demo server will not commit: a body cut short
of its Content-Length, a head that never comes. Served next to a :class:`DemoNetwork` behind one
forward proxy, and logged in the same :class:`RequestLog`, so the same judges read them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass
from types import TracebackType

from demo.network import DemoNetwork
from demo.proxy import ForwardProxy, ProxyLog
from demo.server import RequestLog, RequestRecord, Site

START_TIMEOUT = 30.0


@dataclass(frozen=True)
class RawAnswer:
    """Bytes sent as they are after ``delay`` seconds; the connection is closed afterwards."""

    data: bytes
    delay: float = 0.0
    status: int = 200  # for the log only


def cut_response(body: bytes, sent: int, headers: str = "Content-Type: text/html") -> RawAnswer:
    """A 200 whose Content-Length announces ``body`` but whose connection drops after ``sent``."""
    head = (
        f"HTTP/1.1 200 OK\r\nServer: nginx\r\n{headers}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return RawAnswer(head.encode("latin-1") + body[:sent])


def plain_response(body: bytes, content_type: str = "text/html; charset=utf-8") -> RawAnswer:
    head = (
        f"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return RawAnswer(head.encode("latin-1") + body)


class RawSite:
    """One host: request target → :class:`RawAnswer`; anything else is a 404."""

    def __init__(self, host: str) -> None:
        self.host = host.lower()
        self.routes: dict[str, RawAnswer] = {}
        self.log = RequestLog()
        self.port = 0

    def add(self, target: str, answer: RawAnswer) -> None:
        self.routes[target] = answer

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = [*lines[0].split(" "), "", "", ""][:3]
        headers = [
            tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:] if ":" in line
        ]
        record = RequestRecord(self.host, method, target, headers, time.monotonic(), time.time())
        answer = self.routes.get(target) or plain_response(b"not found")
        record.status = answer.status if target in self.routes else 404
        try:
            if answer.delay:
                # wait, but notice when the client hangs up, as a real server would
                with contextlib.suppress(TimeoutError):
                    if await asyncio.wait_for(reader.read(1), answer.delay) == b"":
                        raise ConnectionAbortedError("client closed the connection")
            writer.write(answer.data)
            await writer.drain()
            record.bytes_sent = len(answer.data)
        except ConnectionError as exc:
            record.error = f"{type(exc).__name__}: {exc}"
        except asyncio.CancelledError:
            record.error = "cancelled: the network was shut down"
        finally:
            record.ended, record.ended_wall = time.monotonic(), time.time()
            self.log.append(record)
            writer.close()


class FaultNetwork:
    """A :class:`DemoNetwork` plus raw hosts, reached through one proxy routing them all."""

    def __init__(self, sites: list[Site], raw_sites: list[RawSite]) -> None:
        self.demo = DemoNetwork(sites)
        self.raw_sites = {site.host: site for site in raw_sites}
        self.proxy_log = ProxyLog()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.base_events.Server] = []
        self._proxy: ForwardProxy | None = None

    @property
    def proxy_url(self) -> str:
        assert self._proxy is not None
        return f"http://127.0.0.1:{self._proxy.port}"

    @property
    def hosts(self) -> list[str]:
        return [*self.demo.hosts, *self.raw_sites]

    def log(self, host: str) -> RequestLog:
        raw = self.raw_sites.get(host)
        return raw.log if raw is not None else self.demo.log(host)

    def proxied_hosts(self) -> set[str]:
        """Every host the crawler asked the proxy for, routable or not."""
        return {record.host for record in self.proxy_log.records()}

    async def _start(self) -> None:
        routes = dict(self.demo.ports)
        for site in self.raw_sites.values():
            server = await asyncio.start_server(site.serve, "127.0.0.1", 0)
            site.port = server.sockets[0].getsockname()[1]
            routes[site.host] = site.port
            self._servers.append(server)
        self._proxy = ForwardProxy(routes, self.proxy_log)
        await self._proxy.start("127.0.0.1", 0)

    async def _stop(self) -> None:
        if self._proxy is not None:
            await self._proxy.close()
        for server in self._servers:
            server.close()
        # Raw answers still waiting end first, so the relays carrying them see the close.
        for task in [
            t for t in asyncio.all_tasks() if t.get_coro().__qualname__ == "RawSite.serve"
        ]:
            task.cancel()
        await asyncio.sleep(0.2)
        # Cancelling a relay can start or orphan another task; repeat until none is left.
        for _ in range(5):
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if not pending:
                break
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def __enter__(self) -> FaultNetwork:
        self.demo.start()
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(START_TIMEOUT)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(START_TIMEOUT)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(START_TIMEOUT)
        self._loop.close()
        self.demo.stop()

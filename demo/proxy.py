"""An asyncio forward HTTP proxy on 127.0.0.1 that routes by host name to the demo sites.

Absolute-form requests are rewritten to origin-form and sent to the mapped backend; the response
bytes are relayed untouched (no decoding, no re-chunking). Hosts resolve only through the map.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from demo.server import LockedList, TcpService

# Hop-by-hop headers meant for the proxy itself; everything else goes to the origin verbatim.
_PROXY_ONLY_HEADERS = {b"proxy-connection", b"proxy-authorization", b"keep-alive", b"connection"}


@dataclass
class ProxyRecord:
    """One request the proxy saw: where it went, or why it did not."""

    host: str
    method: str
    url: str
    backend_port: int | None
    status: int | None  # set only when the proxy itself answered (502, 400, 501)
    started: float


class ProxyLog(LockedList[ProxyRecord]):
    """Every request the proxy saw, in arrival order."""


class ForwardProxy(TcpService):
    """Routes ``GET http://host/path`` to ``127.0.0.1:routes[host]``; unknown hosts get a 502."""

    def __init__(self, routes: dict[str, int], log: ProxyLog | None = None) -> None:
        super().__init__()
        self.routes = {host.lower(): port for host, port in routes.items()}
        self.log = log if log is not None else ProxyLog()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        try:
            await self._forward(head, reader, writer)
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _forward(
        self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        request_line, _, header_block = head.partition(b"\r\n")
        parts = request_line.split(b" ")
        if len(parts) != 3:
            await _answer(writer, 400, "malformed request line")
            return
        method, target, version = (p.decode("latin-1") for p in parts)
        header_lines = [line for line in header_block.split(b"\r\n") if line]
        host, origin_target = _route_target(target, header_lines)
        record = ProxyRecord(host, method, target, None, None, time.monotonic())
        self.log.append(record)
        if method == "CONNECT":
            record.status = 501
            await _answer(writer, 501, "this demo proxy speaks plain http only (no CONNECT)")
            return
        port = self.routes.get(host)
        if port is None:
            record.status = 502
            await _answer(
                writer,
                502,
                f"nianbao demo proxy: no route to host {host!r}. The demo network is loopback "
                "only and resolves host names through its own map (no DNS).",
            )
            return
        record.backend_port = port
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as exc:
            record.status = 502
            await _answer(writer, 502, f"nianbao demo proxy: backend for {host} is down ({exc})")
            return
        kept = [line for line in header_lines if _header_name(line) not in _PROXY_ONLY_HEADERS]
        # One request per connection keeps the relay a plain byte pipe in both directions.
        new_head = f"{method} {origin_target} {version}\r\n".encode("latin-1")
        new_head += b"".join(line + b"\r\n" for line in kept) + b"Connection: close\r\n\r\n"
        up_writer.write(new_head)
        await up_writer.drain()
        upload = asyncio.ensure_future(_pipe(reader, up_writer))
        try:
            await _pipe(up_reader, writer)
        finally:
            upload.cancel()
            up_writer.close()


def _header_name(line: bytes) -> bytes:
    return line.split(b":", 1)[0].strip().lower()


def _route_target(target: str, header_lines: list[bytes]) -> tuple[str, str]:
    """(routing key, origin-form target); absolute-form wins, else the Host header."""
    if target.lower().startswith(("http://", "https://")):
        parts = urlsplit(target)
        host = (parts.hostname or "").lower()
        if parts.port not in (None, 80):
            host = f"{host}:{parts.port}"
        origin = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return host, origin
    for line in header_lines:
        if _header_name(line) == b"host":
            value = line.split(b":", 1)[1].strip().decode("latin-1").lower()
            return value.removesuffix(":80"), target
    return "", target


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    """Copy bytes as they come until ``source`` ends."""
    try:
        while chunk := await source.read(65536):
            sink.write(chunk)
            await sink.drain()
    except ConnectionError:
        pass


async def _answer(writer: asyncio.StreamWriter, status: int, text: str) -> None:
    reason = {400: "Bad Request", 501: "Not Implemented", 502: "Bad Gateway"}[status]
    body = (text + "\n").encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    writer.write(head.encode("latin-1") + body)
    await writer.drain()

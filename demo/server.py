"""A small asyncio HTTP/1.1 origin server for the demo portals: one site (host name) per port.

Byte-level control over what goes on the wire (repeated headers, raw header bytes, gzip, chunked,
slow bodies), and a thread-safe log of every request so tests can judge politeness server-side.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from typing import Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit

MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 1024 * 1024
T = TypeVar("T")


@dataclass
class Request:
    """One parsed request as the site's handlers see it."""

    method: str
    target: str  # path and query exactly as received (origin-form)
    version: str
    headers: list[tuple[str, str]]
    body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> str:
        return urlsplit(self.target).query

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first header called ``name`` (case-insensitive)."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return default

    def args(self) -> dict[str, str]:
        """Query parameters (last value wins), decoded as UTF-8."""
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def form(self) -> dict[str, str]:
        """An ``application/x-www-form-urlencoded`` body, decoded as UTF-8."""
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))

    def accepts_gzip(self) -> bool:
        accepted = (self.header("Accept-Encoding") or "").lower()
        return any(part.split(";")[0].strip() == "gzip" for part in accepted.split(","))


@dataclass
class Response:
    """What a route answers. ``headers`` is a list: a name may repeat (two Set-Cookie, Link)."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    gzip: bool = False  # compress when the client sends Accept-Encoding: gzip
    gzip_always: bool = False  # compress even when the client did not ask (misconfigured sites)
    chunked: bool = False
    chunk_size: int = 1024
    raw_headers: list[bytes] = field(default_factory=list)  # header lines sent verbatim
    delay: float = 0.0  # pause before each body piece: a slow server
    reason: str = ""


Route = Response | Callable[[Request], Response]


def redirect(location: str, status: int = 301) -> Response:
    """A redirect with a small HTML body, as Apache and nginx send them."""
    body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'.encode()
    headers = [("Location", location), ("Content-Type", "text/html; charset=iso-8859-1")]
    return Response(status=status, headers=headers, body=body)


def not_found_page() -> Response:
    body = b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
    return Response(status=404, headers=[("Content-Type", "text/html")], body=body)


class Site:
    """One host's routes: exact ``path?query`` first, then the path alone, then prefix handlers."""

    def __init__(self, host: str, server_header: str = "nginx") -> None:
        self.host = host.lower()
        self.server_header = server_header
        self.routes: dict[str, Route] = {}
        self.prefix_routes: list[tuple[str, Route]] = []
        self.not_found: Route = not_found_page()

    def add(self, target: str, route: Route) -> None:
        if target in self.routes:
            raise ValueError(f"{self.host}: route {target} defined twice")
        self.routes[target] = route

    def add_prefix(self, prefix: str, route: Route) -> None:
        self.prefix_routes.append((prefix, route))

    def resolve(self, request: Request) -> Response:
        route = self.routes.get(request.target) or self.routes.get(request.path)
        if route is None:
            route = next((r for p, r in self.prefix_routes if request.path.startswith(p)), None)
        if route is None:
            route = self.not_found
        return route(request) if callable(route) else route


@dataclass
class RequestRecord:
    """One request as the server saw it; times are taken at the request line and the last byte."""

    host: str
    method: str
    target: str
    headers: list[tuple[str, str]]
    started: float  # time.monotonic()
    started_wall: float  # time.time()
    ended: float = 0.0
    ended_wall: float = 0.0
    status: int = 0
    bytes_sent: int = 0
    error: str = ""

    @property
    def user_agent(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "user-agent"), "")


class LockedList(Generic[T]):
    """A list the server thread appends to while other threads read copies of it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[T] = []

    def append(self, record: T) -> None:
        with self._lock:
            self._records.append(record)

    def records(self) -> list[T]:
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)


class RequestLog(LockedList[RequestRecord]):
    """Every request one site answered, in arrival order."""

    def targets(self) -> list[str]:
        return [r.target for r in self.records()]


def _encode_body(request: Request, response: Response) -> tuple[bytes, bool]:
    compress = response.gzip_always or (response.gzip and request.accepts_gzip())
    if compress and response.body:
        # mtime=0 keeps the bytes identical from run to run.
        return gzip.compress(response.body, compresslevel=6, mtime=0), True
    return response.body, False


def _pieces(body: bytes, response: Response) -> list[bytes]:
    size = max(1, response.chunk_size)
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    if not response.chunked:
        return parts if response.delay else [body]
    framed = [f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in parts]
    return [*framed, b"0\r\n\r\n"]


def render_head(request: Request, response: Response, site: Site, body: bytes, gz: bool) -> bytes:
    """The status line and headers, in the order a real server would send them."""
    reason = response.reason or _reason(response.status)
    lines = [
        f"HTTP/1.1 {response.status} {reason}",
        f"Server: {site.server_header}",
        f"Date: {formatdate(usegmt=True)}",
    ]
    lines += [f"{name}: {value}" for name, value in response.headers]
    if gz:
        lines.append("Content-Encoding: gzip")
    if response.chunked:
        lines.append("Transfer-Encoding: chunked")
    else:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    head = "\r\n".join(lines).encode("latin-1") + b"\r\n"
    head += b"".join(raw.rstrip(b"\r\n") + b"\r\n" for raw in response.raw_headers)
    return head + b"\r\n"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class TcpService:
    """A listening socket on the loop; subclasses answer each connection in ``_serve``."""

    def __init__(self) -> None:
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Listen (port 0 = any free port) and return the port."""
        self._server = await asyncio.start_server(self._serve, host, port, limit=MAX_HEAD_BYTES)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


class SiteServer(TcpService):
    """Serves one :class:`Site` on 127.0.0.1; every request lands in ``log``."""

    def __init__(self, site: Site, log: RequestLog | None = None) -> None:
        super().__init__()
        self.site = site
        self.log = log if log is not None else RequestLog()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        record: RequestRecord | None = None
        try:
            line = await reader.readline()
            if not line.strip():
                return
            record = RequestRecord(
                host=self.site.host,
                method="",
                target="",
                headers=[],
                started=time.monotonic(),
                started_wall=time.time(),
            )
            request = await _read_request(line, reader)
            record.method, record.target, record.headers = (
                request.method,
                request.target,
                request.headers,
            )
            record.host = _host_only(request.header("Host")) or self.site.host
            response = self._respond(request)
            record.status = response.status
            body, gz = _encode_body(request, response)
            head = render_head(request, response, self.site, body, gz)
            writer.write(head)
            record.bytes_sent += len(head)
            await writer.drain()
            if request.method != "HEAD":
                for piece in _pieces(body, response):
                    if response.delay:
                        await asyncio.sleep(response.delay)
                    writer.write(piece)
                    await writer.drain()
                    record.bytes_sent += len(piece)
        except (ConnectionError, asyncio.IncompleteReadError, _BadRequest) as exc:
            if record is not None:
                record.error = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, _BadRequest) and not record.status:
                    record.status = 400
                    await _send_quietly(writer, _plain(400, str(exc)))
        finally:
            if record is not None:
                record.ended, record.ended_wall = time.monotonic(), time.time()
                self.log.append(record)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    def _respond(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return Response(status=501, headers=[("Content-Type", "text/plain")], body=b"")
        return self.site.resolve(request)


class _BadRequest(Exception):
    pass


def _host_only(value: str | None) -> str:
    return (value or "").split(":")[0].strip().lower()


async def _read_request(line: bytes, reader: asyncio.StreamReader) -> Request:
    try:
        method, target, version = line.decode("latin-1").strip().split(" ")
    except ValueError:
        raise _BadRequest(f"malformed request line {line[:80]!r}") from None
    headers: list[tuple[str, str]] = []
    size = len(line)
    while True:
        raw = await reader.readline()
        size += len(raw)
        if size > MAX_HEAD_BYTES:
            raise _BadRequest("request head too large")
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    request = Request(method=method.upper(), target=target, version=version, headers=headers)
    length = request.header("Content-Length")
    if length:
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            raise _BadRequest(f"bad Content-Length {length!r}")
        request.body = await reader.readexactly(int(length))
    return request


def _plain(status: int, text: str) -> bytes:
    body = text.encode()
    head = (
        f"HTTP/1.1 {status} {_reason(status)}\r\nContent-Type: text/plain\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


async def _send_quietly(writer: asyncio.StreamWriter, data: bytes) -> None:
    with contextlib.suppress(ConnectionError):
        writer.write(data)
        await writer.drain()

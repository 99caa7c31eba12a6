"""How the held-out servers answer: validators (ETag / Last-Modified) and 304s, a gzip answer
cut short once, download servlets with Content-Disposition names, robots.txt."""

from __future__ import annotations

import gzip
import hashlib
import threading
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import quote

from demo.server import Request, Response, Route


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def _not_modified(request: Request, etag: str | None, last_modified: datetime | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it."""
    tags = request.header("If-None-Match")
    if tags is not None:
        if etag is None:
            return False
        return tags.strip() == "*" or etag in [t.strip() for t in tags.split(",")]
    since = request.header("If-Modified-Since")
    if since and last_modified is not None:
        try:
            return parsedate_to_datetime(since) >= last_modified.replace(microsecond=0)
        except (TypeError, ValueError):
            return False
    return False


def cacheable(
    body: bytes,
    headers: list[tuple[str, str]],
    *,
    last_modified: datetime | None,
    etag: bool = True,
    compress: bool = True,
    raw_headers: list[bytes] | None = None,
) -> Route:
    """A static answer that says ETag and/or Last-Modified and honours conditional requests with
    a 304 (``last_modified=None`` and ``etag=False``: a dynamic page with no validators)."""
    tag = etag_of(body) if etag else None
    validators = []
    if tag:
        validators.append(("ETag", tag))
    if last_modified is not None:
        validators.append(("Last-Modified", http_date(last_modified)))
    full = Response(
        200, headers + validators, body, gzip=compress, raw_headers=list(raw_headers or [])
    )
    if not validators:
        return full

    def answer(request: Request) -> Response:
        if request.method == "GET" and _not_modified(request, tag, last_modified):
            return Response(304, validators, b"")
        return full

    return answer


class CutOnce:
    """The first answer is a gzip stream cut in the middle (Content-Length of the cut bytes, so
    the transfer itself looks whole); every later answer is ``then``."""

    def __init__(self, body: bytes, headers: list[tuple[str, str]], then: Route) -> None:
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        self.cut = packed[: len(packed) // 2]
        self.headers = [*headers, ("Content-Encoding", "gzip")]
        self.then = then
        self.answers = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self._lock:
            self.answers += 1
            first = self.answers == 1
        if first:
            return Response(200, self.headers, self.cut)
        return self.then(request) if callable(self.then) else self.then


def disposition_gbk(filename: str) -> bytes:
    """``Content-Disposition`` with the name as raw GBK bytes, as old Java servlets send it."""
    return b'Content-Disposition: attachment; filename="' + filename.encode("gbk") + b'"'


def disposition_rfc6266(filename: str, fallback: str) -> str:
    """``Content-Disposition`` with an ASCII fallback and the RFC 6266 ``filename*``."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"

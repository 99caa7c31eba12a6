"""Build WARC/1.1 records (response, request, revisit, metadata, resource) from captured HTTP bytes.

HTTP header blocks are written exactly as given (raw bytes, never re-encoded), which warcio's own
header serialisation cannot promise: it percent-encodes non-ASCII header values.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

WARC_VERSION = "WARC/1.1"
_builder = RecordBuilder(warc_version=WARC_VERSION)


class RawHttpHeaders(StatusAndHeaders):
    """An HTTP head whose serialised form is the bytes we were given, byte for byte."""

    def __init__(self, raw: bytes, statusline: str, headers: list[tuple[str, str]], protocol: str):
        super().__init__(statusline, headers, protocol=protocol)
        self.raw = raw
        self.headers_buff = raw

    def compute_headers_buffer(self, header_filter=None) -> None:
        self.headers_buff = self.raw


@dataclass
class HttpHead:
    """A captured HTTP request or response head: first line plus headers as raw bytes."""

    first_line: bytes
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)

    def get(self, name: bytes) -> bytes | None:
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    def without(self, *names: bytes) -> HttpHead:
        drop = {n.lower() for n in names}
        return HttpHead(self.first_line, [(k, v) for k, v in self.headers if k.lower() not in drop])

    def with_header(self, name: bytes, value: bytes) -> HttpHead:
        """Replace all ``name`` headers by one, in the place of the first (or at the end)."""
        out: list[tuple[bytes, bytes]] = []
        placed = False
        for k, v in self.headers:
            if k.lower() == name.lower():
                if not placed:
                    out.append((name, value))
                    placed = True
                continue
            out.append((k, v))
        if not placed:
            out.append((name, value))
        return HttpHead(self.first_line, out)

    def to_bytes(self) -> bytes:
        lines = [self.first_line] + [k + b": " + v for k, v in self.headers]
        return b"\r\n".join(lines) + b"\r\n\r\n"

    def to_status_and_headers(self) -> RawHttpHeaders:
        # latin-1 round-trips every byte, so lookups work while the raw bytes stay untouched
        first = self.first_line.decode("latin-1")
        protocol, _, rest = first.partition(" ")
        if not protocol.startswith("HTTP/"):  # a request line: METHOD target HTTP/x
            protocol, rest = "", first
        pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in self.headers]
        return RawHttpHeaders(self.to_bytes(), rest, pairs, protocol)


def payload_digest(payload: bytes) -> str:
    """The ``sha1:<base32>`` digest warcio and pywb use for payloads."""
    return "sha1:" + b32encode(hashlib.sha1(payload).digest()).decode("ascii")


def warc_date(when=None) -> str:
    """A WARC/1.1 date with microseconds (``2024-01-15T08:00:00.123456Z``)."""
    from datetime import UTC, datetime

    when = when or datetime.now(UTC)
    return datetime_to_iso_date(when.replace(tzinfo=None), use_micros=True)


def make_record_id() -> str:
    return _builder._make_warc_id()


def _record(
    record_type: str,
    uri: str,
    block: bytes,
    warc_headers: Iterable[tuple[str, str]],
    http: HttpHead | None = None,
    content_type: str | None = None,
):
    headers = StatusAndHeaders("", list(warc_headers), protocol=WARC_VERSION)
    headers.replace_header("WARC-Type", record_type)
    if not headers.get_header("WARC-Record-ID"):
        headers.add_header("WARC-Record-ID", make_record_id())
    if uri:
        headers.replace_header("WARC-Target-URI", uri)
    if not headers.get_header("WARC-Date"):
        headers.add_header("WARC-Date", warc_date())
    http_headers = http.to_status_and_headers() if http is not None else None
    record = _builder.create_warc_record(
        uri,
        record_type,
        payload=BytesIO(block),
        length=len(block),
        warc_content_type=content_type or "",
        warc_headers=headers,
        http_headers=http_headers,
    )
    return record


def response_record(
    uri: str, head: HttpHead, payload: bytes, warc_headers: Iterable[tuple[str, str]] = ()
):
    """A ``response`` record: the HTTP head as given, then the payload."""
    return _record("response", uri, payload, warc_headers, http=head)


def request_record(
    uri: str, head: HttpHead, body: bytes, warc_headers: Iterable[tuple[str, str]] = ()
):
    """A ``request`` record for the request that produced a response."""
    return _record("request", uri, body, warc_headers, http=head)


IDENTICAL_PAYLOAD_DIGEST = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def _refers_to(uri: str, date: str, record_id: str | None) -> list[tuple[str, str]]:
    headers = [("WARC-Refers-To-Target-URI", uri), ("WARC-Refers-To-Date", date)]
    if record_id:
        headers.append(("WARC-Refers-To", record_id))
    return headers


def revisit_record(
    uri: str,
    head: HttpHead,
    digest: str,
    refers_to_uri: str,
    refers_to_date: str,
    warc_headers: Iterable[tuple[str, str]] = (),
    refers_to: str | None = None,
):
    """An identical-payload-digest ``revisit`` record (WARC/1.1 profile): HTTP head only.

    ``refers_to`` is the record id of the earlier record holding the payload, where known.
    """
    headers = [
        *warc_headers,
        ("WARC-Profile", IDENTICAL_PAYLOAD_DIGEST),
        *_refers_to(refers_to_uri, refers_to_date, refers_to),
        ("WARC-Payload-Digest", digest),
    ]
    return _record("revisit", uri, b"", headers, http=head)


def not_modified_record(
    uri: str,
    head: HttpHead,
    refers_to_uri: str,
    refers_to_date: str,
    warc_headers: Iterable[tuple[str, str]] = (),
    refers_to: str | None = None,
):
    """A server-not-modified ``revisit`` record (WARC/1.1 profile): a 304 answer to a
    conditional request, its own HTTP head kept, naming the earlier capture it confirms."""
    headers = [
        *warc_headers,
        ("WARC-Profile", SERVER_NOT_MODIFIED),
        *_refers_to(refers_to_uri, refers_to_date, refers_to),
    ]
    return _record("revisit", uri, b"", headers, http=head)


def fields_block(fields: Iterable[tuple[str, str]]) -> bytes:
    """An ``application/warc-fields`` block; values are single-line UTF-8."""
    lines = []
    for name, value in fields:
        value = " ".join(str(value).split())
        lines.append(f"{name}: {value}\r\n")
    return "".join(lines).encode("utf-8")


def metadata_record(
    uri: str, fields: Iterable[tuple[str, str]], warc_headers: Iterable[tuple[str, str]] = ()
):
    """A ``metadata`` record (``application/warc-fields``) about ``uri``."""
    return _record(
        "metadata", uri, fields_block(fields), warc_headers, content_type="application/warc-fields"
    )


def resource_record(
    uri: str, block: bytes, content_type: str, warc_headers: Iterable[tuple[str, str]] = ()
):
    """A ``resource`` record: content we made or captured without an HTTP exchange."""
    return _record("resource", uri, block, warc_headers, content_type=content_type)


def warcinfo_record(filename: str, fields: Iterable[tuple[str, str]]):
    """The ``warcinfo`` record that opens every file."""
    return _record(
        "warcinfo",
        "",
        fields_block(fields),
        [("WARC-Filename", filename)],
        content_type="application/warc-fields",
    )

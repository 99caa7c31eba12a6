"""A Scrapy response rebuilt from an archived response record, for requests answered from the
archive: ``scrapy reparse`` (every request) and a ``304`` to a conditional request (the earlier
capture it confirms)."""

from __future__ import annotations

from typing import Any

from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from archive.reader import ArchivedResponse


def response_from_record(
    archived: ArchivedResponse, request: Request, url: str, **fields: Any
) -> Response:
    """The response ``archived`` holds, at ``url``: its status, its headers (repeated ones
    kept), its payload as stored (still content-encoded, so decompression and the encoding
    decision run as in a live crawl), in the class Scrapy would choose; ``fields`` go to the
    response (flags, protocol, ip_address)."""
    headers = Headers()
    for name, value in archived.headers:
        headers.appendlist(name, value)
    cls = responsetypes.from_args(headers=headers, url=url, body=archived.payload)
    return cls(
        url=url,
        status=archived.status,
        headers=headers,
        body=archived.payload,
        request=request,
        **fields,
    )

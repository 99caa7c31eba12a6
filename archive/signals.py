"""Signals the archive listens to, beyond Scrapy's own.

``page_parsed(response, outlinks, **fields)``: a spider parsed a page; the archive writes a
``metadata`` record (encoding evidence, outlinks, extra fields) concurrent to its response record.

``browser_exchange(request, exchange)``: a page rendered for ``request`` (a Scrapy request) loaded
``exchange`` (a :class:`BrowserExchange`); the archive writes response + request records. The
exchange marked ``document`` is the page itself: its record id goes to ``request.meta`` as for a
plain fetch. Sent before ``browser_resource`` for the same page.

``browser_resource(request, uri, content_type, block)``: something made from the rendered page
(its DOM under ``urn:dom:<url>``, its screenshot under ``urn:screenshot:<url>``); the archive
writes a ``resource`` record concurrent to the page's document record.
"""

from __future__ import annotations

from dataclasses import dataclass

page_parsed = object()
browser_exchange = object()
browser_resource = object()


@dataclass
class BrowserExchange:
    """One network exchange a browser page made, as captured: heads as sent and received, the
    body as the browser decoded it (content coding removed)."""

    url: str
    method: str
    request_headers: list[tuple[bytes, bytes]]  # Host first, as sent to the origin
    request_body: bytes
    status_line: bytes  # b"HTTP/1.1 200 OK"
    response_headers: list[tuple[bytes, bytes]]  # as received, Content-Encoding included
    body: bytes  # decoded by the browser
    resource_type: str = "other"  # document, script, xhr, fetch, stylesheet, ...
    document: bool = False  # the page's own (final) document
    date: str = ""  # WARC-Date of the moment the response head arrived

    @property
    def status(self) -> int:
        try:
            return int(self.status_line.split(b" ", 2)[1])
        except (IndexError, ValueError):
            return 0

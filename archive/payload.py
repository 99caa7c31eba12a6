"""An archived payload as the server meant it: content coding (gzip, deflate, br) undone.

Response records keep payloads as received, content-encoded; readers that need the document
itself (a PDF read back for parsing, a consistency check) decode it here, within a size cap.
"""

from __future__ import annotations

import zlib

MAX_DECODED = 256 * 1024 * 1024


class PayloadDecodeError(ValueError):
    """The payload does not decode as its Content-Encoding says, or decodes past the cap."""


def decode_content(payload: bytes, coding: str | None, limit: int = MAX_DECODED) -> bytes:
    """``payload`` with its Content-Encoding removed (identity and unknown codings unchanged)."""
    coding = (coding or "").strip().lower()
    if coding in ("gzip", "x-gzip"):
        return _inflate(payload, zlib.MAX_WBITS | 16, limit, coding)
    if coding == "deflate":
        try:  # the zlib stream the standard asks for, or the raw deflate servers often send
            return _inflate(payload, zlib.MAX_WBITS, limit, coding)
        except PayloadDecodeError:
            return _inflate(payload, -zlib.MAX_WBITS, limit, coding)
    if coding == "br":
        import brotli

        try:
            body = brotli.decompress(payload)
        except Exception as exc:
            raise PayloadDecodeError(f"br payload does not decode: {exc}") from exc
        if len(body) > limit:
            raise PayloadDecodeError(f"decodes to more than {limit} bytes")
        return body
    return payload


def _inflate(payload: bytes, wbits: int, limit: int, coding: str) -> bytes:
    decoder = zlib.decompressobj(wbits)
    try:
        body = decoder.decompress(payload, limit + 1)
    except zlib.error as exc:
        raise PayloadDecodeError(f"{coding} payload does not decode: {exc}") from exc
    if len(body) > limit:
        raise PayloadDecodeError(f"decodes to more than {limit} bytes")
    if not decoder.eof:
        raise PayloadDecodeError(f"{coding} stream ends early")
    return body

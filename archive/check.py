"""Consistency checks on archived exchanges, beyond what ``warcio check`` (digests) verifies.

A response record must be replayable as stored: a content-encoded payload decompresses (or a
metadata record of the crawl says the server sent it broken: ``body-problem``), no
chunked framing is declared over a de-chunked body, Content-Length states the payload length,
dates have the form of the file's WARC version, and a request record sits beside it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reader import missing_bytes

_DATE_1_1 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$")
_DATE_1_0 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _decompresses(payload: bytes, coding: str) -> bool:
    try:
        if coding in ("gzip", "x-gzip"):
            decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            try:
                zlib.decompress(payload)
                return True
            except zlib.error:
                decomp = zlib.decompressobj(-zlib.MAX_WBITS)
        elif coding == "br":
            import brotli

            brotli.decompress(payload)
            return True
        else:
            return True  # identity or a coding we do not judge
        decomp.decompress(payload)
        return decomp.eof
    except Exception:
        return False


def _check_whole(record, where: str, problems: list[str]) -> None:
    if missing := missing_bytes(record):  # warcio ends a torn gzip member quietly
        problems.append(f"{where}: the record is cut short by {missing} bytes")


def _check_stray(iterator: ArchiveIterator, before: int, where: str, problems: list[str]) -> None:
    # warcio counts (and prints) bytes it met between records instead of the blank lines
    if iterator.err_count > before:
        problems.append(f"{where}: stray bytes after the record: its Content-Length is wrong")


def check_warc(path: str | Path) -> list[str]:
    """Problems found in one WARC file, each naming the record; empty when consistent."""
    problems: list[str] = []
    versions: set[str] = set()
    responses: dict[str, str] = {}
    requests_for: set[str] = set()
    # payloads the server sent broken (a cut gzip stream): faithful when a metadata record of
    # the crawl says so (body-problem), a problem of the archive otherwise
    undecodable: dict[str, str] = {}
    noted: set[str] = set()
    first = True
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        offset, where, stray = 0, "", 0
        try:
            for record in iterator:
                _check_stray(iterator, stray, where, problems)
                stray = iterator.err_count
                offset = iterator.offset
                headers = record.rec_headers
                where = f"{Path(path).name}@{offset} {record.rec_type}"
                versions.add(headers.protocol)
                if first and record.rec_type != "warcinfo":
                    problems.append(f"{where}: file does not start with a warcinfo record")
                first = False
                date = headers.get_header("WARC-Date") or ""
                pattern = _DATE_1_1 if headers.protocol == "WARC/1.1" else _DATE_1_0
                if not pattern.match(date):
                    problems.append(f"{where}: WARC-Date {date!r} does not fit {headers.protocol}")
                if record.rec_type == "request":
                    target = headers.get_header("WARC-Concurrent-To")
                    if target:
                        requests_for.add(target)
                if record.rec_type == "metadata":
                    concurrent = headers.get_header("WARC-Concurrent-To")
                    if concurrent and b"\nbody-problem:" in b"\n" + record.raw_stream.read():
                        noted.add(concurrent)
                if record.rec_type != "response" or not record.http_headers:
                    iterator.read_to_end(record)
                    _check_whole(record, where, problems)
                    continue
                http = record.http_headers
                responses[headers.get_header("WARC-Record-ID")] = where
                payload = record.raw_stream.read()
                _check_whole(record, where, problems)
                truncated = headers.get_header("WARC-Truncated")
                if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
                    problems.append(
                        f"{where}: Transfer-Encoding: chunked over a de-chunked payload"
                    )
                length = http.get_header("Content-Length")
                if length is not None and length.strip() != str(len(payload)):
                    problems.append(
                        f"{where}: Content-Length {length} but the payload has {len(payload)} bytes"
                    )
                coding = (http.get_header("Content-Encoding") or "").strip().lower()
                if coding and not truncated and not _decompresses(payload, coding):
                    undecodable[headers.get_header("WARC-Record-ID")] = (
                        f"{where}: Content-Encoding {coding} but the payload does not decode"
                    )
            _check_stray(iterator, stray, where, problems)
        except Exception as exc:  # a torn or garbled file: warcio and zlib fail in many ways
            problems.append(
                f"{Path(path).name}: unreadable after offset {offset}, the rest was not checked: "
                f"{type(exc).__name__}: {exc}"[:500]
            )
    problems += [problem for rid, problem in undecodable.items() if rid not in noted]
    if len(versions) > 1:
        problems.append(f"{Path(path).name}: mixes WARC versions {sorted(versions)}")
    for record_id, where in responses.items():
        if record_id not in requests_for:
            problems.append(f"{where}: no request record concurrent to {record_id}")
    return problems


def check_warcs(paths: Iterable[str | Path]) -> list[str]:
    return [problem for path in paths for problem in check_warc(path)]

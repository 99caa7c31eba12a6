"""Read our WARC files back: archived HTTP responses with their page metadata, by streaming.

Used by ``scrapy reparse`` (re-extraction without the network), by the WACZ packager and by the
tests. Nothing here holds a whole archive in memory: records are read one at a time, and a
response is re-read from its offset when its payload is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

logger = logging.getLogger(__name__)


@dataclass
class ArchivedResponse:
    """An archived HTTP response: head as stored, raw payload (still content-encoded)."""

    url: str
    status: int
    headers: list[tuple[bytes, bytes]]
    payload: bytes
    record_id: str
    record_type: str
    date: str
    file: str
    offset: int
    length: int
    page_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pointer(self) -> dict:
        return {
            "file": self.file,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
        }

    def header(self, name: str) -> str | None:
        lname = name.lower().encode("latin-1")
        return next((v.decode("latin-1") for k, v in self.headers if k.lower() == lname), None)


def warc_files(args: Iterable[str | Path]) -> list[Path]:
    """WARC files named by ``args``; a directory stands for its ``*.warc.gz`` files."""
    paths: list[Path] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            paths.extend(sorted(path.glob("*.warc.gz")))
        elif path.is_file():
            paths.append(path)
        else:
            raise FileNotFoundError(f"no such WARC file or directory: {arg}")
    if not paths:
        raise FileNotFoundError("no WARC files given")
    return paths


def _http_head(record: ArcWarcRecord) -> tuple[int, list[tuple[bytes, bytes]]]:
    http = record.http_headers
    status = int(http.get_statuscode() or 0)
    # warcio keeps header text as latin-1 str: encoding back gives the bytes as archived
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in http.headers]
    return status, headers


def iter_records(path: str | Path) -> Iterator[tuple[int, ArcWarcRecord]]:
    """(offset, record) for every record of one file; the consumer may read the payload.

    A file torn or garbled somewhere (a damaged disk, a copy cut short) is read up to there: the
    first record that cannot be read ends the file, with one logged error naming the offset.
    """
    offset = 0
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        try:
            for record in iterator:
                # ``offset`` is where this record starts; get_record_offset() would consume it
                offset = iterator.offset
                yield offset, record
                iterator.read_to_end(record)
                if missing := missing_bytes(record):
                    # warcio ends a torn gzip member quietly: this record took the rest
                    raise UnreadableRecord(f"the record is cut short by {missing} bytes")
        except Exception as exc:  # warcio and zlib fail in many ways on damaged bytes
            _unreadable(path, offset, exc)


def missing_bytes(record: ArcWarcRecord) -> int:
    """Bytes of a record's block (as its Content-Length states it) the file did not hold, once
    it was read to its end: a record torn by a cut or a damaged gzip member."""
    return max(getattr(record.raw_stream, "limit", 0), 0)


def _unreadable(path: str | Path, offset: int, exc: Exception) -> None:
    logger.error(
        "%s: unreadable after offset %d, the rest of the file is skipped: %s: %s",
        path,
        offset,
        type(exc).__name__,
        exc,
    )


def _parse_fields(block: bytes) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields.setdefault(name.strip(), []).append(value.strip())
    return fields


def page_metadata(paths: Iterable[str | Path]) -> dict[str, dict[str, list[str]]]:
    """Fields of every metadata record, keyed by the record id it is concurrent to."""
    found: dict[str, dict[str, list[str]]] = {}
    for path in paths:
        for offset, record in iter_records(path):
            if record.rec_type != "metadata":
                continue
            target = record.rec_headers.get_header("WARC-Concurrent-To")
            try:
                block = record.content_stream().read()
            except Exception as exc:  # a torn block: the records after it are unreadable too
                _unreadable(path, offset, exc)
                break
            if target:
                found[target] = _parse_fields(block)
    return found


def read_response_at(path: str | Path, offset: int) -> ArchivedResponse:
    """The response (or revisit) record at ``offset`` of ``path``, payload included."""
    path = Path(path)
    with open(path, "rb") as stream:
        stream.seek(offset)
        iterator = ArchiveIterator(stream)
        record = next(iterator)
        status, headers = _http_head(record)
        payload = record.raw_stream.read()
        iterator.read_to_end(record)
        if missing := missing_bytes(record):
            raise UnreadableRecord(
                f"{path.name}@{offset}: the record is cut short by {missing} bytes"
            )
        length = iterator.get_record_length()
        return ArchivedResponse(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=status,
            headers=headers,
            payload=payload,
            record_id=record.rec_headers.get_header("WARC-Record-ID"),
            record_type=record.rec_type,
            date=record.rec_headers.get_header("WARC-Date"),
            file=path.name,
            offset=offset,
            length=length,
        )


class UnreadableRecord(Exception):
    """A record is not where a pointer says (file moved, cut or overwritten), or is another one."""


def existing_warc(path: str | Path) -> Path | None:
    """The WARC file at ``path``, or the ``.open`` file a killed crawl left there; None when
    neither is there (moved or deleted)."""
    path = Path(path)
    for candidate in (path, path.with_name(path.name + ".open")):
        if candidate.is_file():
            return candidate
    return None


def read_record_at(path: str | Path, offset: int, record_id: str) -> ArchivedResponse:
    """The response record ``record_id`` at ``offset`` of ``path`` (or of its ``.open`` file),
    payload included; :class:`UnreadableRecord` when it cannot be read there."""
    found = existing_warc(path)
    if found is None:
        raise UnreadableRecord(f"{path} is not there")
    try:
        archived = read_response_at(found, offset)
    except Exception as exc:  # a cut or overwritten file fails in the seek, zlib or warcio
        raise UnreadableRecord(f"{found}@{offset}: {exc or type(exc).__name__}") from exc
    if archived.record_id != record_id or archived.record_type != "response":
        raise UnreadableRecord(f"{found}@{offset} is not the response record {record_id}")
    return archived


@dataclass(frozen=True)
class ResponseLocation:
    """Where a response (or revisit) record is, and where its payload is stored."""

    path: Path
    offset: int
    uri: str
    record_type: str
    record_id: str
    date: str
    payload_path: Path
    payload_offset: int
    page_fields: dict = field(default_factory=dict, compare=False, hash=False)


def iter_response_locations(paths: Iterable[str | Path]) -> Iterator[ResponseLocation]:
    """Every response record of ``paths`` in archive order, payloads not read; a revisit points
    at the record holding its payload. Each carries the fields of its page metadata record
    (empty when the page was not parsed, e.g. robots.txt or an attachment)."""
    paths = [Path(p) for p in paths]
    metadata = page_metadata(paths)
    originals: dict[tuple[str, str], tuple[Path, int]] = {}
    for path in paths:
        for offset, record in iter_records(path):
            if record.rec_type not in ("response", "revisit"):
                continue
            headers = record.rec_headers
            uri = headers.get_header("WARC-Target-URI")
            payload_at = (path, offset)
            if record.rec_type == "response":
                originals[(uri, headers.get_header("WARC-Date"))] = payload_at
            else:
                key = (
                    headers.get_header("WARC-Refers-To-Target-URI"),
                    headers.get_header("WARC-Refers-To-Date"),
                )
                payload_at = originals.get(key, payload_at)
            record_id = headers.get_header("WARC-Record-ID")
            yield ResponseLocation(
                path,
                offset,
                uri,
                record.rec_type,
                record_id,
                headers.get_header("WARC-Date"),
                *payload_at,
                page_fields=metadata.get(record_id, {}),
            )


def load_response(location: ResponseLocation) -> ArchivedResponse:
    """Read the record at ``location`` with its payload (from the original for a revisit)."""
    response = read_response_at(location.path, location.offset)
    if (location.payload_path, location.payload_offset) != (location.path, location.offset):
        original = read_response_at(location.payload_path, location.payload_offset)
        response.payload = original.payload
        if response.status == 304:  # server-not-modified: the page is the earlier answer
            response.status, response.headers = original.status, original.headers
    response.page_fields = location.page_fields
    return response


def iter_responses(paths: Iterable[str | Path]) -> Iterator[ArchivedResponse]:
    """Every archived response with its payload, one at a time (see iter_response_locations);
    a response whose record cannot be read back is skipped with a logged error."""
    for location in iter_response_locations(paths):
        try:
            response = load_response(location)
        except Exception as exc:  # torn payload, or a revisit whose original is damaged
            _unreadable(location.path, location.offset, exc)
            continue
        yield response

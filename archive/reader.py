"""Read our WARC files back: archived HTTP responses with their page metadata, by streaming.

Used by ``scrapy reparse`` (re-extraction without the network), by the WACZ packager and by the
tests. Nothing here holds a whole archive in memory: records are read one at a time, and a
response is re-read from its offset when its payload is needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord


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
    """(offset, record) for every record of one file; the consumer may read the payload."""
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            # ``offset`` is where this record starts; asking get_record_offset() would consume it
            yield iterator.offset, record
            iterator.read_to_end(record)


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
        for _, record in iter_records(path):
            if record.rec_type != "metadata":
                continue
            target = record.rec_headers.get_header("WARC-Concurrent-To")
            if target:
                found[target] = _parse_fields(record.content_stream().read())
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
        response.payload = read_response_at(location.payload_path, location.payload_offset).payload
    response.page_fields = location.page_fields
    return response


def iter_responses(paths: Iterable[str | Path]) -> Iterator[ArchivedResponse]:
    """Every archived response with its payload, one at a time (see iter_response_locations)."""
    for location in iter_response_locations(paths):
        yield load_response(location)

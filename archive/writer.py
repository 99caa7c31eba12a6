"""Rotating WARC file writer: per-record gzip, ``.open`` while written, warcinfo first in each file.

File names are unique across processes and machines: ``PREFIX-TIMESTAMP-SERIAL-HOST-PID.warc.gz``.
A file whose writer died (``.open`` left behind by a killed process) is repaired and renamed by
:func:`recover_open_files` before a new crawl writes beside it.
"""

from __future__ import annotations

import io
import logging
import os
import re
import socket
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.warcwriter import WARCWriter

from archive import records

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
_NAME_PATTERN = re.compile(
    r"^(?P<prefix>.+)-(?P<ts>\d{20})-(?P<serial>\d{5})-(?P<host>.+)-(?P<pid>\d+)\.warc\.gz$"
)


@dataclass(frozen=True)
class RecordLocation:
    """Where a record landed: file name (no directory), offset and length of its gzip member."""

    filename: str
    offset: int
    length: int
    record_id: str

    def as_pointer(self) -> dict:
        return {
            "file": self.filename,
            "offset": self.offset,
            "length": self.length,
            "record_id": self.record_id,
        }


class _GzipMembers:
    """A file wrapper compressing everything between two ``flush()`` calls as one gzip member."""

    def __init__(self, raw, level: int) -> None:
        self.raw = raw
        self.level = level
        self._compressor = None

    def write(self, data: bytes) -> None:
        if self._compressor is None:
            self._compressor = zlib.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.raw.write(self._compressor.compress(data))

    def flush(self) -> None:
        if self._compressor is not None:
            self.raw.write(self._compressor.flush())
            self._compressor = None
        self.raw.flush()

    def discard(self) -> None:
        """Forget a staged group whose writing failed (``raw`` is a staging buffer)."""
        self._compressor = None
        self.raw.seek(0)
        self.raw.truncate()


def _safe_host() -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "_", socket.gethostname()) or "host"


class RotatingWarcWriter:
    """Writes records into size-bounded ``.warc.gz`` files, each opened by a warcinfo record.

    Groups of records (a response and its request) are never split over two files. Thread-safe:
    one lock serialises writes, so a writer thread and the reactor thread can share it.
    """

    def __init__(
        self,
        directory: str | Path,
        prefix: str = "nianbao",
        max_size: int = 1_000_000_000,
        warcinfo_fields: Callable[[], Iterable[tuple[str, str]]] | None = None,
        compress_level: int = 6,
        on_closed: Callable[[Path], object] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_size = max_size
        self.compress_level = compress_level
        self._warcinfo_fields = warcinfo_fields or (lambda: [])
        self._serial = 0
        self._file = None
        self._members: _GzipMembers | None = None
        self._writer: WARCWriter | None = None
        self._name: str | None = None
        self._lock = threading.Lock()
        self.closed_files: list[Path] = []
        self.on_closed = on_closed  # called with each file closed by a rollover

    @property
    def current_path(self) -> Path | None:
        return self.directory / (self._name + OPEN_SUFFIX) if self._name else None

    def _new_name(self) -> str:
        self._serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.prefix}-{stamp}-{self._serial:05d}-{_safe_host()}-{os.getpid()}.warc.gz"

    def _open(self) -> None:
        self._name = self._new_name()
        self._file = open(self.directory / (self._name + OPEN_SUFFIX), "xb")  # noqa: SIM115
        # Records are staged in memory and reach the file a group at a time (see _commit).
        self._members = _GzipMembers(io.BytesIO(), self.compress_level)
        self._writer = WARCWriter(self._members, gzip=False, warc_version=records.WARC_VERSION)
        self._write_one(records.warcinfo_record(self._name, self._warcinfo_fields()))
        self._commit()

    def _write_one(self, record) -> RecordLocation:
        assert self._file is not None and self._writer is not None and self._name is not None
        assert self._members is not None
        offset = self._file.tell() + self._members.raw.tell()
        self._writer.write_record(record)  # warcio flushes after each record: one gzip member
        return RecordLocation(
            self._name,
            offset,
            self._file.tell() + self._members.raw.tell() - offset,
            record.rec_headers.get_header("WARC-Record-ID"),
        )

    def _commit(self) -> None:
        """Hand the staged records to the OS in one write, before anyone learns where they are:
        a killed process cannot split a response from its request record, and what the OS has
        survives the process (SIGKILL keeps the page cache; no fsync per record)."""
        assert self._file is not None and self._members is not None
        staged = self._members.raw
        with staged.getbuffer() as view:
            self._file.write(view)
        self._file.flush()
        staged.seek(0)
        staged.truncate()

    def write(self, *group) -> list[RecordLocation]:
        """Write records consecutively in one file; roll over first if the file is full."""
        with self._lock:
            if self._file is not None and self._file.tell() >= self.max_size:
                self._close_current()
                if self.on_closed is not None:
                    self.on_closed(self.closed_files[-1])
            if self._file is None:
                self._open()
            try:
                locations = [self._write_one(record) for record in group]
            except BaseException:
                self._members.discard()  # all of the group or nothing
                raise
            self._commit()
            return locations

    def _close_current(self) -> None:
        if self._file is None or self._name is None:
            return
        self._file.close()
        final = self.directory / self._name
        os.replace(self.directory / (self._name + OPEN_SUFFIX), final)
        self.closed_files.append(final)
        logger.info("closed WARC file %s", final)
        self._file = self._members = self._writer = None
        self._name = None

    def close(self) -> None:
        """Finish the current file and drop its ``.open`` suffix. Safe to call twice."""
        with self._lock:
            self._close_current()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _complete_members_length(path: Path) -> int:
    """Length of the prefix of ``path`` made of complete gzip members (read 1 MiB at a time)."""
    good = consumed = 0
    decomp = zlib.decompressobj(zlib.MAX_WBITS + 16)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            while chunk:
                try:
                    decomp.decompress(chunk, 1 << 20)
                    while decomp.unconsumed_tail and not decomp.eof:
                        decomp.decompress(decomp.unconsumed_tail, 1 << 20)
                except zlib.error:
                    return good
                if not decomp.eof:
                    consumed += len(chunk)
                    break
                used = len(chunk) - len(decomp.unused_data)
                consumed += used
                good = consumed
                chunk = decomp.unused_data
                decomp = zlib.decompressobj(zlib.MAX_WBITS + 16)
    return good


def recover_open_files(directory: str | Path) -> list[Path]:
    """Close ``.open`` files left by dead writers on this host: drop a torn last record, rename."""
    directory = Path(directory)
    recovered = []
    for path in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX)):
        match = _NAME_PATTERN.match(path.name[: -len(OPEN_SUFFIX)])
        if not match or match["host"] != _safe_host() or _pid_alive(int(match["pid"])):
            continue
        good = _complete_members_length(path)
        size = path.stat().st_size
        if good < size:
            with open(path, "r+b") as handle:
                handle.truncate(good)
            logger.warning(
                "recovered %s: dropped %d bytes of a torn last record", path.name, size - good
            )
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        os.replace(path, final)
        recovered.append(final)
    return recovered

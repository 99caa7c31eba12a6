"""What a killed crawl leaves in a WARC file: every record whose location is known is in the OS's
hands, and a response and its request record arrive together or not at all."""

from __future__ import annotations

import io

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.writer import RotatingWarcWriter
from tests.test_warc_writer import read_all, response_pair


def test_a_record_is_in_the_file_as_soon_as_its_location_is_known(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    response_at, request_at = writer.write(*response_pair("http://www.czs.gov.cn/a", b"x" * 50_000))
    # read through another file object, as the next process would after a kill
    data = writer.current_path.read_bytes()
    for location in (response_at, request_at):
        member = data[location.offset : location.offset + location.length]
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert record.rec_headers.get_header("WARC-Record-ID") == location.record_id
    writer.close()


class Unreadable(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise OSError("the body went away")


def test_a_group_that_fails_halfway_leaves_nothing_and_the_file_goes_on(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    writer.write(*response_pair("http://www.czs.gov.cn/a", b"first"))
    size = writer.current_path.stat().st_size
    response, request = response_pair("http://www.czs.gov.cn/b", b"second")
    request.raw_stream = io.BufferedReader(Unreadable())
    with pytest.raises(OSError):
        writer.write(response, request)
    assert writer.current_path.stat().st_size == size  # not the response without its request
    writer.write(*response_pair("http://www.czs.gov.cn/c", b"third"))
    writer.close()
    uris = [
        headers.get_header("WARC-Target-URI")
        for _, headers, _, _ in read_all(writer.closed_files[0])
    ]
    assert uris == [None, *["http://www.czs.gov.cn/a"] * 2, *["http://www.czs.gov.cn/c"] * 2]

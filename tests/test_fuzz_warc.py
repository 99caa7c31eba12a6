"""Bad WARC files, proven by fuzzing: torn gzip members, byte flips, lying Content-Length, dropped
headers and false Content-Encoding through the readers of reparse, wacz, checkwarc and the report
pipeline (a bounded run), and the minimal reproducers of what fuzzing found."""

import gzip
import logging
import re

from archive.check import check_warc
from archive.reader import iter_responses, page_metadata
from tests.fuzz_harness import fuzz_run
from tests.fuzz_mutators import BOUNDED
from tests.fuzz_seeds import warc_seed
from tests.fuzz_structures import gzip_members
from tests.fuzz_targets import TARGETS

# --- the bounded run ---------------------------------------------------------------------------


def test_mutated_warc_files_are_read_and_checked_without_an_exception():
    fuzz_run(TARGETS["warc"], 40, BOUNDED)()


# --- what fuzzing found ----------------------------------------------------------------------


def _torn_after_first_page(tmp_path):
    """The seed WARC with its second response's gzip member torn in half, the records after it
    intact (a write cut short in the middle of a file)."""
    members = gzip_members(warc_seed().body)
    # warcinfo, response, request, metadata, then the second response
    members[4] = members[4][: len(members[4]) // 2]
    path = tmp_path / "torn.warc.gz"
    path.write_bytes(b"".join(members))
    return path


def test_a_torn_warc_file_is_read_up_to_the_tear_with_a_logged_error(tmp_path, caplog):
    path = _torn_after_first_page(tmp_path)
    with caplog.at_level(logging.ERROR, logger="archive.reader"):
        responses = list(iter_responses([path]))
    assert [r.url for r in responses] == ["http://www.example.gov.cn/a.html"]
    assert "unreadable after offset" in caplog.text
    assert len(page_metadata([path])) == 1  # the second page's metadata record is after the tear


def test_checkwarc_reports_a_torn_file_as_a_problem(tmp_path):
    problems = check_warc(_torn_after_first_page(tmp_path))
    assert any(
        p.startswith("torn.warc.gz@") and "response: the record is cut short by" in p
        for p in problems
    )


def test_a_file_that_is_no_warc_is_a_problem_and_has_no_responses(tmp_path, caplog):
    path = tmp_path / "image.warc.gz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with caplog.at_level(logging.ERROR, logger="archive.reader"):
        assert list(iter_responses([path])) == []
    assert "image.warc.gz: unreadable after offset 0" in caplog.text
    assert [p.split(",")[0] for p in check_warc(path)] == [
        "image.warc.gz: unreadable after offset 0"
    ]


def test_a_record_without_target_uri_ends_the_readable_part(tmp_path, caplog):
    members = gzip_members(warc_seed().body)
    record = gzip.decompress(members[4])
    members[4] = gzip.compress(re.sub(rb"WARC-Target-URI: [^\r]*\r\n", b"", record))
    path = tmp_path / "no-uri.warc.gz"
    path.write_bytes(b"".join(members))
    with caplog.at_level(logging.ERROR, logger="archive.reader"):
        assert [r.url for r in iter_responses([path])] == ["http://www.example.gov.cn/a.html"]
    assert "AttributeError" in caplog.text
    assert any("no-uri.warc.gz: unreadable after offset" in p for p in check_warc(path))

"""The WARC file writer: records round-trip through warcio, files roll over, torn files recover."""

import gzip
import signal
import subprocess
import sys
import textwrap
import time

from warcio.archiveiterator import ArchiveIterator

from archive import records
from archive.writer import RotatingWarcWriter, recover_open_files


def response_pair(uri: str, body: bytes, extra_headers=()):
    head = records.HttpHead(
        b"HTTP/1.1 200 OK",
        [(b"Content-Type", b"text/html; charset=gbk"), *extra_headers],
    ).with_header(b"Content-Length", str(len(body)).encode())
    response = records.response_record(uri, head, body)
    request = records.request_record(
        uri,
        records.HttpHead(b"GET /a?x=1 HTTP/1.1", [(b"Host", b"www.czs.gov.cn")]),
        b"",
        warc_headers=[("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))],
    )
    return response, request


def read_all(path):
    with open(path, "rb") as stream:
        out = []
        for record in ArchiveIterator(stream):
            out.append(
                (
                    record.rec_type,
                    record.rec_headers,
                    record.http_headers,
                    record.content_stream().read(),
                )
            )
        return out


def test_every_file_opens_with_warcinfo_and_records_round_trip(tmp_path):
    writer = RotatingWarcWriter(tmp_path, warcinfo_fields=lambda: [("software", "nianbao-test")])
    body = "郴州市2015年政府信息公开工作年度报告".encode("gbk")
    locations = writer.write(*response_pair("http://www.czs.gov.cn/a?x=1", body))
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    got = read_all(path)
    assert [r[0] for r in got] == ["warcinfo", "response", "request"]
    assert all(r[1].protocol == "WARC/1.1" for r in got)
    assert got[1][3] == body
    assert f"{got[2][2].protocol} {got[2][2].statusline}" == "GET /a?x=1 HTTP/1.1"
    assert locations[0].offset > 0 and locations[0].filename == path.name


def test_non_utf8_header_bytes_are_written_as_received(tmp_path):
    raw_name = "年度报告.pdf".encode("gbk")
    disposition = (b"Content-Disposition", b'attachment; filename="' + raw_name + b'"')
    writer = RotatingWarcWriter(tmp_path)
    writer.write(*response_pair("http://x.gov.cn/f.pdf", b"%PDF-1.4", [disposition]))
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    raw = gzip.decompress(path.read_bytes())
    assert b'filename="' + raw_name + b'"' in raw


def test_repeated_headers_are_kept(tmp_path):
    cookies = [(b"Set-Cookie", b"a=1; Path=/"), (b"Set-Cookie", b"b=2; Path=/")]
    writer = RotatingWarcWriter(tmp_path)
    writer.write(*response_pair("http://x.gov.cn/", b"<html></html>", cookies))
    writer.close()
    (path,) = tmp_path.glob("*.warc.gz")
    http = read_all(path)[1][2]
    assert [v for k, v in http.headers if k == "Set-Cookie"] == ["a=1; Path=/", "b=2; Path=/"]


def test_files_roll_over_at_the_size_limit_and_pairs_stay_together(tmp_path):
    writer = RotatingWarcWriter(tmp_path, max_size=20_000)
    for i in range(30):
        writer.write(*response_pair(f"http://x.gov.cn/{i}", bytes(range(256)) * 8))
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) > 1
    assert not list(tmp_path.glob("*.open"))
    serials = [f.name.split("-")[2] for f in files]
    assert serials == sorted(serials) and len(set(serials)) == len(files)
    total = 0
    for path in files:
        types = [r[0] for r in read_all(path)]
        assert types[0] == "warcinfo" and types.count("warcinfo") == 1
        assert types[1:] == ["response", "request"] * ((len(types) - 1) // 2)
        total += types.count("response")
    assert total == 30


def test_file_is_open_while_written_and_renamed_on_close(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    writer.write(*response_pair("http://x.gov.cn/", b"x"))
    assert [p.suffix for p in tmp_path.iterdir()] == [".open"]
    writer.close()
    writer.close()
    assert [p.name.endswith(".warc.gz") for p in tmp_path.iterdir()] == [True]


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from archive.writer import RotatingWarcWriter
    from tests.test_warc_writer import response_pair
    writer = RotatingWarcWriter(sys.argv[1])
    i = 0
    while True:
        writer.write(*response_pair(f"http://x.gov.cn/{i}", b"y" * 50_000))
        i += 1
        if i == 20:
            print("ready", flush=True)
    """
)


def test_file_left_open_by_a_killed_crawl_is_repaired_and_closed(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    (left,) = tmp_path.glob("*.warc.gz.open")
    with open(left, "ab") as handle:  # a torn last record, as a kill during a write leaves it
        handle.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")[:25])
    recovered = recover_open_files(tmp_path)
    assert [p.name for p in recovered] == [left.name[: -len(".open")]]
    result = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(recovered[0])], capture_output=True
    )
    assert result.returncode == 0, result.stdout
    assert sum(1 for r in read_all(recovered[0]) if r[0] == "response") >= 20


def test_files_of_a_live_writer_are_left_alone(tmp_path):
    writer = RotatingWarcWriter(tmp_path)
    writer.write(*response_pair("http://x.gov.cn/", b"x"))
    assert recover_open_files(tmp_path) == []
    writer.close()

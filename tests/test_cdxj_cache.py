"""The collection's CDXJ index from per-file indexes kept across crawls: the same bytes as
indexing every WARC file at once, and a file already indexed is not read again."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.index import write_cdxj
from archive.wacz import build_wacz
from demo.network import DemoNetwork
from tests.crawl_runner import run_scrapy
from tests.test_warc_capture import HOST, URLS, capture_site


def _warc(path: Path, pages: dict[str, bytes], date: str) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        for url, body in pages.items():
            head = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=head,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return path


def test_the_merged_index_equals_indexing_every_file_at_once(tmp_path):
    warcs = tmp_path / "warc"
    warcs.mkdir()
    first = _warc(
        warcs / "a-00001.warc.gz",
        {
            "http://www.b.gov.cn/": b"<html>b</html>",
            "http://www.a.gov.cn/xxgk/": b"<html>a list</html>",
            "http://www.a.gov.cn/": b"<html>a</html>",
        },
        "2026-11-01T00:00:00Z",
    )
    second = _warc(  # the next crawl: the same URLs again, and a new one
        warcs / "a-00002.warc.gz",
        {
            "http://www.a.gov.cn/": b"<html>a, changed</html>",
            "http://www.a.gov.cn/xxgk/2025.html": b"<html>report</html>",
            "http://www.b.gov.cn/": b"<html>b</html>",
        },
        "2026-12-01T00:00:00Z",
    )
    cache = tmp_path / "by-warc"
    whole = write_cdxj([first, second], tmp_path / "whole.cdxj")
    merged = write_cdxj([first, second], tmp_path / "merged.cdxj", cache_dir=cache)
    assert merged.read_bytes() == whole.read_bytes()
    assert len(whole.read_text().splitlines()) == 6
    assert sorted(p.name for p in cache.iterdir()) == [
        "a-00001.warc.gz.cdxj",
        "a-00002.warc.gz.cdxj",
    ]

    # a third crawl: only its own file is read; the earlier files' indexes are kept as they are
    kept = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    third = _warc(
        warcs / "a-00003.warc.gz",
        {"http://www.c.gov.cn/": b"<html>c</html>"},
        "2026-12-08T00:00:00Z",
    )
    whole = write_cdxj([first, second, third], tmp_path / "whole.cdxj")
    merged = write_cdxj([first, second, third], tmp_path / "merged.cdxj", cache_dir=cache)
    assert merged.read_bytes() == whole.read_bytes()
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir() if p.name in kept} == kept


def test_a_warc_file_changed_after_its_index_is_indexed_again(tmp_path):
    """A file repaired after a kill (its torn last record cut) is newer than its index."""
    warcs = tmp_path / "warc"
    warcs.mkdir()
    path = _warc(
        warcs / "a-00001.warc.gz",
        {"http://www.a.gov.cn/": b"<html>a</html>"},
        "2026-11-01T00:00:00Z",
    )
    cache = tmp_path / "by-warc"
    write_cdxj([path], tmp_path / "index.cdxj", cache_dir=cache)
    _warc(path, {"http://www.a.gov.cn/other": b"<html>o</html>"}, "2026-11-02T00:00:00Z")
    later = os.stat(path).st_mtime + 10
    os.utime(path, (later, later))
    merged = write_cdxj([path], tmp_path / "index.cdxj", cache_dir=cache)
    assert "http://www.a.gov.cn/other" in merged.read_text()
    assert merged.read_bytes() == write_cdxj([path], tmp_path / "whole.cdxj").read_bytes()


def test_more_files_than_may_be_open_at_once_merge_in_rounds(tmp_path):
    warcs = tmp_path / "warc"
    warcs.mkdir()
    paths = [
        _warc(
            warcs / f"a-{n:05d}.warc.gz",
            {f"http://www.a.gov.cn/{n % 3}.html": f"<html>{n}</html>".encode()},
            f"2026-11-{n + 1:02d}T00:00:00Z",
        )
        for n in range(7)
    ]
    whole = write_cdxj(paths, tmp_path / "whole.cdxj")
    merged = write_cdxj(paths, tmp_path / "merged.cdxj", cache_dir=tmp_path / "c", max_open=2)
    assert merged.read_bytes() == whole.read_bytes()
    assert len(whole.read_text().splitlines()) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "merged.cdxj", "warc", "whole.cdxj"]


def test_a_wacz_takes_its_index_from_the_crawl_s_per_file_indexes(tmp_path):
    """`scrapy wacz` of a crawl folder indexes only the WARC files the crawl has not indexed
    (indexes/by-warc), keeps their index there, and packs the same index the crawl writes."""
    warcs = tmp_path / "warc"
    warcs.mkdir()
    files = [
        _warc(warcs / f"a-0000{n}.warc.gz", {f"http://www.a.gov.cn/{n}.html": b"<p>x</p>"}, date)
        for n, date in ((1, "2026-11-01T00:00:00Z"), (2, "2026-12-01T00:00:00Z"))
    ]
    cache = tmp_path / "indexes" / "by-warc"
    crawl_index = write_cdxj(files, tmp_path / "indexes" / "index.cdxj", cache_dir=cache)
    first_written = (cache / "a-00001.warc.gz.cdxj").stat().st_mtime_ns
    (cache / "a-00002.warc.gz.cdxj").unlink()  # as if the crawl was killed before indexing it
    wacz = build_wacz(tmp_path, tmp_path / "crawl.wacz")
    with zipfile.ZipFile(wacz) as zf:
        assert zf.read("indexes/index.cdxj") == crawl_index.read_bytes()
    assert (cache / "a-00001.warc.gz.cdxj").stat().st_mtime_ns == first_written
    assert (cache / "a-00002.warc.gz.cdxj").is_file()


def test_a_crawl_indexes_each_warc_file_as_it_closes(tmp_path):
    """A long crawl's end indexes its last WARC file only: the files it rolled over from were
    indexed beside it, each in a process of its own, and its index is the same as ever."""
    out = tmp_path / "out"
    with DemoNetwork([capture_site()]) as net:
        urls = ",".join(f"http://{HOST}{u}" for u in URLS)
        settings = {
            "OUTPUT_DIR": out,
            "DOWNLOAD_DELAY": 0.05,
            "AUTOTHROTTLE_ENABLED": False,
            "WARC_MAX_SIZE": 3000,  # a file every few pages
        }
        args = ["runspider", "tests/fetch_list_spider.py", "-a", f"urls={urls}"]
        for name, value in settings.items():
            args += ["-s", f"{name}={value}"]
        result = run_scrapy(args, net.proxy_url)
    assert result.returncode == 0, result.stderr[-3000:]
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    assert len(warcs) >= 4
    said = re.search(r"CDXJ index of (\d+) WARC files \((\d+) of them indexed as they closed\)",
                     result.stderr)  # fmt: skip
    assert said, result.stderr[-3000:]
    assert (int(said.group(1)), int(said.group(2))) == (len(warcs), len(warcs) - 1)
    whole = write_cdxj(warcs, tmp_path / "whole.cdxj")
    assert (out / "indexes" / "index.cdxj").read_bytes() == whole.read_bytes()
    assert sorted(p.name for p in (out / "indexes" / "by-warc").iterdir()) == [
        f"{w.name}.cdxj" for w in warcs
    ]

"""How long does archiving a body take on the calling thread? (Why the writer has its own thread.)

``python -m bench.warc_write`` prints ms and MB/s per body size for compressible (GBK text) and
incompressible (random, like PDF/ZIP attachments) payloads.
"""

from __future__ import annotations

import os
import tempfile
import time

from archive import records
from archive.writer import RotatingWarcWriter


def exchange(body: bytes):
    head = records.HttpHead(b"HTTP/1.1 200 OK", [(b"Content-Length", str(len(body)).encode())])
    response = records.response_record("http://www.example.gov.cn/a.pdf", head, body)
    request = records.request_record(
        "http://www.example.gov.cn/a.pdf", records.HttpHead(b"GET /a.pdf HTTP/1.1", []), b""
    )
    return response, request


def main() -> None:
    text_unit = ("郴州市2015年政府信息公开工作年度报告。" * 50).encode("gbk")
    print("| payload | size | ms | MB/s |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        writer = RotatingWarcWriter(tmp)
        for size in (100_000, 1_000_000, 10_000_000, 50_000_000):
            for name, body in (
                ("GBK text", (text_unit * (size // len(text_unit) + 1))[:size]),
                ("random", os.urandom(size)),
            ):
                start = time.perf_counter()
                writer.write(*exchange(body))
                elapsed = time.perf_counter() - start
                rate = size / elapsed / 1e6
                print(f"| {name} | {size / 1e6:.1f} MB | {elapsed * 1000:.0f} | {rate:.0f} |")
        writer.close()


if __name__ == "__main__":
    main()

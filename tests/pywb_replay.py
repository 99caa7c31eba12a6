"""Run pywb (from .venv-replay, where `make replay-tools` installs it) on 127.0.0.1 over a crawl."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAYBACK = ROOT / ".venv-replay" / "bin" / "wayback"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def pywb(crawl_dir: Path, workdir: Path):
    """Yield the base URL of a pywb collection ``crawl`` serving ``crawl_dir``'s WARCs."""
    config = workdir / "config.yaml"
    config.write_text(
        "collections:\n"
        "  crawl:\n"
        f"    index_paths: {crawl_dir / 'indexes' / 'index.cdxj'}\n"
        f"    archive_paths: {crawl_dir / 'warc'}/\n"
        "framed_replay: false\n",
        encoding="utf-8",
    )
    port = _free_port()
    log = open(workdir / "pywb.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(WAYBACK), "-p", str(port), "-b", "127.0.0.1"], cwd=workdir, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}/crawl"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((workdir / "pywb.log").read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def fetch_raw(base: str, url: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` from the collection in raw ``id_`` mode with Accept-Encoding: gzip, no proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"{base}/2id_/{url}", headers={"Accept-Encoding": "gzip"})
    with opener.open(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()

"""Run the crawler exactly as a scheduler would: ``python -m scrapy ...`` in a subprocess from the
repository root, with ``http_proxy`` pointing at a loopback proxy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_scrapy(
    args: list[str], proxy_url: str | None, timeout: float = 240
) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in ("http_proxy", "https_proxy", "no_proxy")
    }
    if proxy_url:
        env["http_proxy"] = proxy_url
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )

"""Run the crawler exactly as a scheduler would: ``python -m scrapy ...`` in a subprocess from the
repository root, with ``http_proxy`` pointing at a loopback proxy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from demo.run import REPO_ROOT, crawl_environment

ROOT = REPO_ROOT


def run_scrapy(
    args: list[str], proxy_url: str | None, timeout: float = 300
) -> subprocess.CompletedProcess:
    if proxy_url:
        env = crawl_environment(proxy_url)
    else:
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def read_items(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]

"""Run a crawl of simulated portals and judge it the way a site operator would: from the server's
request log; read back what the crawl left behind (stats dump, WARC records)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.reader import page_metadata
from demo.proxy import ProxyRecord
from demo.server import RequestRecord
from tests.crawl_runner import run_scrapy


@dataclass
class FinishedCrawl:
    """What a test crawl leaves: each host's server log, the crawl's log, stats and outputs."""

    logs: dict[str, list[RequestRecord]]
    log: str
    stats: dict[str, float]
    output: Path
    proxied: list[ProxyRecord] = field(default_factory=list)  # what the proxy was asked for


def crawl_portals(network, registry: str, out: Path, **settings: object) -> FinishedCrawl:
    """Crawl the portals of ``registry`` (TOML text) through ``network``'s proxy, as a scheduler
    would, with ``settings`` given as ``-s NAME=VALUE``; call it while the network runs."""
    registry_path = out / "portals.toml"
    registry_path.write_text(registry, encoding="utf-8")
    args = ["crawl", "annual_reports", "-a", f"portals={registry_path}"]
    for name, value in {"OUTPUT_DIR": out, "OUTPUT_PARQUET": False, **settings}.items():
        args += ["-s", f"{name}={value}"]
    result = run_scrapy(args, network.proxy_url)
    # 3: finished with hosts given up, which the fault sites are there to cause
    assert result.returncode in (0, 3), result.stderr[-3000:]
    logs = {host: network.log(host).records() for host in network.hosts}
    stats = crawl_stats(result.stderr)
    return FinishedCrawl(logs, result.stderr, stats, out, network.proxy_log.records())


def start_intervals(records: list[RequestRecord]) -> list[float]:
    """Seconds between consecutive request starts, in order of arrival."""
    starts = sorted(r.started for r in records)
    return [b - a for a, b in itertools.pairwise(starts)]


def overlapping(records: list[RequestRecord]) -> list[tuple[str, str]]:
    """Pairs of requests to one host that were being served at the same time."""
    pairs = []
    busy: list[RequestRecord] = []  # requests not yet finished when the next one starts
    for record in sorted(records, key=lambda r: r.started):
        busy = [r for r in busy if r.ended > record.started]
        pairs.extend((r.target, record.target) for r in busy)
        busy.append(record)
    return pairs


def crawl_stats(log_text: str) -> dict[str, float]:
    """The numeric stats of Scrapy's final ``Dumping Scrapy stats`` block."""
    _, _, dump = log_text.rpartition("Dumping Scrapy stats:")
    return {k: float(v) for k, v in re.findall(r"'([^']+)': (-?\d+(?:\.\d+)?)\b", dump)}


@dataclass
class ArchivedExchange:
    """A response (or revisit) record as read back with warcio, with its page metadata."""

    uri: str
    rec_type: str
    status: int
    warc_headers: dict[str, str]
    http_headers: list[tuple[str, str]]
    payload: bytes
    fields: dict[str, list[str]]

    def http_header(self, name: str) -> str | None:
        return next((v for k, v in self.http_headers if k.lower() == name.lower()), None)


def archived(output_dir: Path) -> list[ArchivedExchange]:
    """Every response/revisit record of a crawl's WARC files, in archive order."""
    paths = sorted((output_dir / "warc").glob("*.warc.gz"))
    metadata = page_metadata(paths)
    out = []
    for path in paths:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "revisit"):
                    continue
                headers = dict(record.rec_headers.headers)
                out.append(
                    ArchivedExchange(
                        uri=headers["WARC-Target-URI"],
                        rec_type=record.rec_type,
                        status=int(record.http_headers.get_statuscode() or 0),
                        warc_headers=headers,
                        http_headers=list(record.http_headers.headers),
                        payload=record.raw_stream.read(),
                        fields=metadata.get(headers["WARC-Record-ID"], {}),
                    )
                )
    return out

"""Requests to private, loopback and metadata addresses are refused unless allow-listed, judged by a
loopback server reached directly (no proxy, so host names are resolved by the crawler)."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from demo.network import DemoNetwork
from demo.server import Response, Site
from tests.crawl_runner import run_scrapy
from tests.server_log_judge import crawl_stats


def guard_site() -> Site:
    site = Site("guard.test")
    site.add("/robots.txt", Response(headers=[("Content-Type", "text/plain")], body=b""))
    for path in ("/named.html", "/resolved.html", "/literal.html"):
        site.add(path, Response(headers=[("Content-Type", "text/html")], body=b"<html>ok</html>"))
    return site


def machine_name_is_local() -> bool:
    try:
        address = ipaddress.ip_address(socket.gethostbyname(socket.gethostname()))
    except OSError:
        return False
    return not address.is_global and socket.gethostname() != "localhost"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("guard")
    with DemoNetwork([guard_site()]) as net:
        port = net.ports["guard.test"]
        urls = [
            f"http://localhost:{port}/named.html",  # allow-listed by name
            f"http://{socket.gethostname()}:{port}/resolved.html",  # resolves to this machine
            f"http://127.0.0.1:{port}/literal.html",
            "http://2852039166/latest/meta-data/",  # 169.254.169.254 spelled as one number
        ]
        result = run_scrapy(
            [
                "runspider",
                "tests/fetch_list_spider.py",
                "-a",
                f"urls={','.join(urls)}",
                "-s",
                f"OUTPUT_DIR={out}",
                "-s",
                "DOWNLOAD_DELAY=0.05",
                "-s",
                "ALLOWED_PRIVATE_HOSTS=localhost",
            ],
            proxy_url=None,
        )
        served = net.log("guard.test").targets()
    assert result.returncode == 0, result.stderr[-3000:]
    return served, result.stderr, crawl_stats(result.stderr)


def test_allow_listed_host_name_is_fetched(crawl):
    served, _, _ = crawl
    assert served[0] == "/robots.txt"
    assert "/named.html" in served


def test_literal_private_and_metadata_addresses_are_refused(crawl):
    served, log, stats = crawl
    assert "/literal.html" not in served
    assert stats["address_guard/refused/loopback"] >= 1
    assert stats["address_guard/refused/cloud-metadata"] == 1
    assert "refused http://2852039166/latest/meta-data/" in log


@pytest.mark.skipif(not machine_name_is_local(), reason="this machine's name is not local")
def test_a_name_resolving_to_a_private_address_is_refused(crawl):
    served, log, _ = crawl
    assert "/resolved.html" not in served
    assert f"refused http://{socket.gethostname()}:" in log

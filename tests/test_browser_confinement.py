"""The browser talks only to the portals, as their servers and the proxy see it.

The proxy auto-config script that confines Chromium is run by Node.js as Chromium would ask it.
Then one rendered crawl (subprocess, ``http_proxy`` to the demo network) of the demo's Hanweb
portal (render = "auto", its jpage column rendered) and a county portal rendered throughout
whose report column pulls scripts from a CDN, embeds a frame, sends a beacon and posts to
Google's update service. Those hosts are served by the demo network (a leak would be answered)
but are not in the registry. Chromium itself tries update checks and sign-in requests when it
starts.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess

import pytest
from playwright._impl._driver import compute_driver_executable

from crawler.browser import confined_launch_options, confinement_pac
from crawler.settings import CONTACT_URL
from demo.network import DemoNetwork
from demo.server import Response, Site
from demo.sites import lishui
from tests.crawl_runner import read_items
from tests.portal_skeleton import PortalSkeleton
from tests.test_browser_capture import stat
from tests.test_browser_startup import run_watched, write_registry
from tests.test_javascript_discovery import expected_lishui

CDN = "cdn.other-vendor.com"
FRAMES = "frames.other-vendor.com"
BEACON = "beacon.tracker-net.com"
UPDATE = "update.googleapis.com"
OFF_REGISTRY = (CDN, FRAMES, BEACON, UPDATE)
TRACKERS = (
    f'<script src="http://{CDN}/x.js"></script>'
    f'<script src="http://{CDN}/y.js"></script>'
    f'<iframe src="http://{FRAMES}/embed.html"></iframe>'
    "<script>"
    f'navigator.sendBeacon("http://{BEACON}/b", "hit");'
    f'fetch("https://{UPDATE}/service/update2/json", {{method: "POST", body: "{{}}"}})'
    ".catch(function () {});"
    "</script>"
)
COUNTY = PortalSkeleton("www.yongxin.gov.cn", "永新县", column_extra=TRACKERS)


def off_registry_sites() -> list[Site]:
    script = Response(headers=[("Content-Type", "application/javascript")], body=b"var x = 1;")
    html = [("Content-Type", "text/html; charset=utf-8")]
    cdn, frames, beacon = Site(CDN), Site(FRAMES), Site(BEACON)
    cdn.add("/x.js", script)
    cdn.add("/y.js", script)
    frames.add("/embed.html", Response(headers=html, body=b"<html><body>ad</body></html>"))
    beacon.add("/b", Response(status=204))
    return [cdn, frames, beacon]


# --- the proxy auto-config script, run by Node.js (Playwright's own) --------------------------

PAC_HELPERS = (
    "function dnsDomainIs(host, domain) {"
    " return host.length >= domain.length && host.endsWith(domain); }"
)


def routes(script: str, hosts: list[str]) -> dict[str, str]:
    """What the PAC script answers for each host, as Chromium would ask it."""
    program = (
        f"{PAC_HELPERS}\n{script}\n"
        f"const hosts = {json.dumps(hosts)};\n"
        "console.log(JSON.stringify(Object.fromEntries("
        "hosts.map(h => [h, FindProxyForURL('http://' + h + '/', h)]))));"
    )
    node, _ = compute_driver_executable()
    answer = subprocess.run(
        [node, "-e", program], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(answer.stdout)


def test_auto_config_sends_portal_hosts_through_the_proxy_and_every_other_host_nowhere():
    script = confinement_pac(["lishui.gov.cn", "Yongxin.gov.cn."], "PROXY 10.0.0.8:3128", 4999)
    assert routes(
        script,
        [
            "www.lishui.gov.cn",
            "lishui.gov.cn",
            "www.yongxin.gov.cn",
            "xlishui.gov.cn",
            "lishui.gov.cn.example.com",
            UPDATE,
            "accounts.google.com",
        ],
    ) == {
        "www.lishui.gov.cn": "PROXY 10.0.0.8:3128",
        "lishui.gov.cn": "PROXY 10.0.0.8:3128",
        "www.yongxin.gov.cn": "PROXY 10.0.0.8:3128",
        "xlishui.gov.cn": "PROXY 127.0.0.1:4999",
        "lishui.gov.cn.example.com": "PROXY 127.0.0.1:4999",
        UPDATE: "PROXY 127.0.0.1:4999",
        "accounts.google.com": "PROXY 127.0.0.1:4999",
    }


def test_auto_config_lets_no_proxy_portal_hosts_go_direct_and_nothing_else():
    script = confinement_pac(["lishui.gov.cn"], "PROXY 10.0.0.8:3128", 4999, "lishui.gov.cn,*")
    assert routes(script, ["www.lishui.gov.cn", CDN]) == {
        "www.lishui.gov.cn": "DIRECT",
        CDN: "PROXY 127.0.0.1:4999",
    }


def test_confined_launch_replaces_the_proxy_server_by_the_auto_config_script():
    options = {"args": ["--headless"], "proxy": {"server": "http://10.0.0.8:3128"}}
    confined = confined_launch_options(options, ["lishui.gov.cn"], 4999)
    assert "proxy" not in confined
    flag, argument = confined["args"][-1].split(",", 1)
    assert confined["args"][:-1] == ["--headless"]
    assert flag == "--proxy-pac-url=data:application/x-ns-proxy-autoconfig;base64"
    script = base64.b64decode(argument).decode()
    assert routes(script, ["www.lishui.gov.cn", CDN]) == {
        "www.lishui.gov.cn": "PROXY 10.0.0.8:3128",
        CDN: "PROXY 127.0.0.1:4999",
    }


def test_without_a_proxy_portal_hosts_go_direct():
    confined = confined_launch_options({"args": []}, ["lishui.gov.cn"], 4999)
    script = base64.b64decode(confined["args"][-1].split(",", 1)[1]).decode()
    assert routes(script, ["www.lishui.gov.cn"]) == {"www.lishui.gov.cn": "DIRECT"}


def test_a_registry_too_large_for_the_command_line_is_not_confined_this_way():
    domains = [f"county{n}.example.gov.cn" for n in range(5000)]
    assert confined_launch_options({"args": []}, domains, 4999) is None


# --- a rendered crawl -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("confinement")
    registry = write_registry(
        out,
        ("lishui", lishui.NAME, f"http://{lishui.HOST}{lishui.COLUMN}", "auto"),
        ("yongxin", "永新县人民政府", COUNTY.url, "always"),
    )
    portal_sites = [*lishui.build().sites, COUNTY.site()]
    with DemoNetwork([*portal_sites, *off_registry_sites()]) as net:
        result = run_watched(
            registry, out, net.proxy_url, "DOWNLOAD_DELAY=0.1", "LIST_API_DISCOVERY=False"
        )
        proxied = [record.host for record in net.proxy_log.records()]
        served = {host: net.log(host).records() for host in net.hosts}
    assert result.returncode == 0, result.stderr[-3000:]
    items = read_items(out / "reports.jsonl")
    return {
        "registry_hosts": {site.host for site in portal_sites},
        "proxied": proxied,
        "served": served,
        "found": {item["url"] for item in items},
        "log": result.stderr,
        "spawned": result.spawned,
    }


def test_the_proxy_saw_no_host_outside_the_registry(crawl):
    hosts = {host.rsplit(":", 1)[0] if host.endswith(":443") else host for host in crawl["proxied"]}
    assert hosts, "the crawl went through the proxy"
    assert hosts - crawl["registry_hosts"] == set()


def test_hosts_a_page_names_outside_its_portal_receive_nothing(crawl):
    for host in (CDN, FRAMES, BEACON):
        assert crawl["served"][host] == [], host


def test_every_request_a_portal_server_saw_carries_the_contact_url(crawl):
    seen = [record for host in crawl["registry_hosts"] for record in crawl["served"][host]]
    assert len(seen) > 10
    assert [r.user_agent for r in seen if CONTACT_URL not in r.user_agent] == []


def test_requests_to_hosts_outside_the_portal_are_blocked_and_counted(crawl):
    # two scripts, the frame, the beacon and the update POST of the one column page
    assert stat(crawl["log"], "browser/blocked/offsite") == 5


def test_the_first_blocked_request_to_each_outside_host_is_logged_and_no_other(crawl):
    logged = re.findall(r"browser: blocked \S+ \S+ .*?: (\S+) is outside", crawl["log"])
    assert sorted(logged) == sorted(OFF_REGISTRY)


def test_pages_still_render_inside_the_portals(crawl):
    assert expected_lishui() <= crawl["found"]
    assert {f"http://{COUNTY.host}{COUNTY.report_path(y)}" for y in COUNTY.years} <= crawl["found"]
    assert stat(crawl["log"], "render/browser/empty-list-container+script") == 1


def test_a_rendered_crawl_runs_the_driver_and_chromium(crawl):
    assert crawl["spawned"] == {"playwright-driver", "chromium"}

"""The crawl report after a real crawl of four simulated portals the crawler has never seen: a
year missing between found ones, a Retry-After, an anti-bot challenge, failing report links.

``crawl_report.html`` must name every portal, hold the coverage chart as inline SVG with one
mark per portal-year, load nothing; ``crawl_report.json`` must agree with the servers' logs.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise

import pytest
from lxml import html as lxml_html
from PIL import Image

from crawler.reporting.host_timeline import PACED_GAP_FLOORS
from demo.network import DemoNetwork
from demo.server import Request, Response
from tests.crawl_runner import run_scrapy
from tests.fault_sites import RUISHU_412, Sequence, registry_toml, text_response
from tests.portal_skeleton import COLUMN, PortalSkeleton, page
from tests.server_log_judge import FinishedCrawl, crawl_stats
from tests.test_crawl_report_browser import visit_in_chromium

CRAWL_DELAY = 0.4
DOWNLOAD_DELAY = 0.2
RETRY_AFTER = 1
SLOW_HOST = "www.anhua.gov.cn"  # answers each request after this many seconds
SLOW_ANSWER = 0.3


def anhua() -> PortalSkeleton:
    """Reports of 2019, 2020, 2022 and 2023 (2021 missing), and a robots.txt Crawl-delay."""
    return PortalSkeleton(
        "www.anhua.gov.cn",
        "安化县",
        years=(2023, 2022, 2020, 2019),
        robots=f"User-agent: *\nCrawl-delay: {CRAWL_DELAY}\nAllow: /\n",
    )


def taojiang() -> PortalSkeleton:
    """Its report column answers 429 with Retry-After once, then the list."""
    skeleton = PortalSkeleton("www.taojiang.gov.cn", "桃江县", years=(2023, 2022))
    busy = text_response("Too Many Requests", 429, (("Retry-After", str(RETRY_AFTER)),))
    skeleton.overrides = {COLUMN: Sequence(busy, skeleton.site().routes[COLUMN])}
    return skeleton


def yuanjiang() -> PortalSkeleton:
    """Its home page is an anti-bot challenge (412, Ruishu): nothing else is reachable."""
    skeleton = PortalSkeleton("www.yuanjiang.gov.cn", "沅江市")
    challenge = Response(
        status=412, headers=[("Content-Type", "text/html")], body=RUISHU_412.encode()
    )
    skeleton.overrides = {"/": challenge}
    return skeleton


def nanxian() -> PortalSkeleton:
    """One report, one report link answering 404 and one whose connection is reset."""

    def reset(request: Request) -> Response:
        raise ConnectionResetError("closed without answering")

    skeleton = PortalSkeleton(
        "www.nanxian.gov.cn",
        "南县",
        years=(2023,),
        column_extra=(
            f'<ul><li><a href="{COLUMN}202201/t20220115_3022.html">南县2022年政府信息公开工作年度报告</a></li>'
            f'<li><a href="{COLUMN}202101/t20210115_3021.html">南县2021年政府信息公开工作年度报告</a></li></ul>'
        ),
    )
    skeleton.overrides = {
        f"{COLUMN}202201/t20220115_3022.html": page("页面不存在", "<p>404</p>", status=404),
        f"{COLUMN}202101/t20210115_3021.html": reset,
    }
    return skeleton


PORTALS = {
    "anhua": ("安化县人民政府", anhua()),
    "taojiang": ("桃江县人民政府", taojiang()),
    "yuanjiang": ("沅江市人民政府", yuanjiang()),
    "nanxian": ("南县人民政府", nanxian()),
}
YEARS = range(2019, 2024)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> FinishedCrawl:
    out = tmp_path_factory.mktemp("report")
    registry = out / "portals.toml"
    registry.write_text(
        registry_toml([(pid, name, sk, {}) for pid, (name, sk) in PORTALS.items()]), "utf-8"
    )
    command = ["crawl", "annual_reports", "-a", f"portals={registry}"]
    settings = {
        "OUTPUT_DIR": out,
        "OUTPUT_PARQUET": False,
        "DOWNLOAD_DELAY": DOWNLOAD_DELAY,
        "AUTOTHROTTLE_START_DELAY": DOWNLOAD_DELAY,
        "CHALLENGE_PAUSE": 1,
        "RETRY_TIMES": 1,
    }
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    sites = [skeleton.site() for _, skeleton in PORTALS.values()]
    for site in sites:
        if site.host == SLOW_HOST:
            for route in site.routes.values():
                if isinstance(route, Response):  # the whole body after a pause
                    route.delay, route.chunk_size = SLOW_ANSWER, 1 << 24
    with DemoNetwork(sites) as network:
        result = run_scrapy(command, network.proxy_url)
        logs = {host: network.log(host).records() for host in network.hosts}
    # the challenged portal's start page failed: a finished crawl may say so in its exit status
    assert "Spider closed (finished)" in result.stderr, result.stderr[-3000:]
    return FinishedCrawl(logs, result.stderr, crawl_stats(result.stderr), out)


def report_json(crawl) -> dict:
    return json.loads((crawl.output / "crawl_report.json").read_text(encoding="utf-8"))


def report_page(crawl):
    return lxml_html.fromstring((crawl.output / "crawl_report.html").read_text(encoding="utf-8"))


def test_html_report_is_written_at_the_end_of_the_crawl(crawl):
    assert (crawl.output / "crawl_report.html").stat().st_size > 0
    assert "crawl report (HTML):" in crawl.log


def test_html_report_names_every_portal(crawl):
    text = report_page(crawl).text_content()
    for pid, (name, _) in PORTALS.items():
        assert pid in text
        assert name in text


def test_coverage_chart_is_inline_svg_with_one_mark_per_portal_year(crawl):
    doc = report_page(crawl)
    charts = doc.xpath('//section[@id="coverage"]//*[local-name()="svg"]')
    assert len(charts) == 1
    marks = charts[0].xpath(".//*[@data-state]")
    assert sorted((m.get("data-portal"), int(m.get("data-year"))) for m in marks) == sorted(
        (pid, year) for pid in PORTALS for year in YEARS
    )


def test_year_between_found_years_is_marked_missing(crawl):
    states = {
        (m.get("data-portal"), int(m.get("data-year"))): m.get("data-state")
        for m in report_page(crawl).xpath("//*[@data-state]")
    }
    assert [y for y in YEARS if states[("anhua", y)] == "missing"] == [2021]
    assert {states[("anhua", y)] for y in (2019, 2020, 2022, 2023)} == {"html"}
    assert {states[("yuanjiang", y)] for y in YEARS} == {"none"}


def test_html_report_loads_nothing_from_anywhere(crawl):
    source = (crawl.output / "crawl_report.html").read_text(encoding="utf-8")
    doc = report_page(crawl)
    assert doc.xpath("//script | //link | //img | //iframe | //object | //embed") == []
    assert not re.search(r"@import|url\((?!#)", source)  # CSS and SVG only point inside the page
    assert (
        "default-src 'none'"
        in doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    )


def test_every_report_links_to_its_warc_record(crawl):
    doc = report_page(crawl)
    items = [
        json.loads(line)
        for line in (crawl.output / "reports.jsonl").read_text("utf-8").splitlines()
    ]
    assert items
    hrefs = set(doc.xpath('//section[@id="reports"]//a/@href'))
    for item in items:
        assert f"warc/{item['warc']['file']}" in hrefs
        assert item["warc"]["record_id"] in doc.text_content()


def test_json_counts_each_hosts_requests_as_the_server_logged_them(crawl):
    hosts = report_json(crawl)["hosts"]
    for host, records in crawl.logs.items():
        assert hosts[host]["requests"] == len(records), host


def test_json_smallest_start_gap_is_not_below_the_hosts_delay(crawl):
    hosts = report_json(crawl)["hosts"]
    anhua_line = hosts["www.anhua.gov.cn"]
    assert anhua_line["robots_delay"] == CRAWL_DELAY
    assert anhua_line["delay_floor"] == CRAWL_DELAY
    for host, line in hosts.items():
        assert line["gaps_below_floor"] == 0, host
        assert line["min_start_gap"] >= line["delay_floor"], host


def test_json_pace_agrees_with_the_servers_logs_and_the_cpu_is_measured(crawl):
    report = report_json(crawl)
    pace = report["pace"]
    floors = {host: line["delay_floor"] for host, line in report["hosts"].items()}
    spent = allowed = 0.0
    for host, records in crawl.logs.items():
        starts = sorted(record.started for record in records)
        for gap in (b - a for a, b in pairwise(starts)):
            if gap <= PACED_GAP_FLOORS * floors[host]:
                spent, allowed = spent + gap, allowed + floors[host]
    assert pace["paced_gaps"] > 10
    assert pace["rate_share"] == pytest.approx(allowed / spent, abs=0.1)
    assert 0 < pace["cpu_seconds"] < pace["wall_seconds"]
    assert pace["cpu_bound"] is False  # a handful of slow hosts: the crawler waited on them
    assert "Pace of" in report_page(crawl).text_content()


def test_json_says_how_much_of_the_gaps_went_waiting_for_answers(crawl):
    """Each delay runs from the answer: a host answering in 0.3 s with a 0.4 s Crawl-delay has
    gaps of ~0.7 s, ~0.3 s of which the crawl waited for its answer; fast hosts wait ~nothing."""
    report = report_json(crawl)
    hosts = report["hosts"]
    slow = hosts[SLOW_HOST]
    assert slow["paced_gaps"] > 3
    waited = slow["paced_answer_seconds"] / slow["paced_gaps"]
    assert SLOW_ANSWER <= waited < SLOW_ANSWER + 0.15
    # the server saw the same: its gaps are the floor and the answer, and nothing below the floor
    starts = sorted(r.started for r in crawl.logs[SLOW_HOST])
    gaps = [b - a for a, b in pairwise(starts) if b - a <= PACED_GAP_FLOORS * CRAWL_DELAY]
    assert min(gaps) >= CRAWL_DELAY + SLOW_ANSWER
    fast = hosts["www.taojiang.gov.cn"]
    assert fast["paced_answer_seconds"] / fast["paced_gaps"] < 0.1
    pace = report["pace"]
    waiting = sum(line.get("paced_answer_seconds", 0) for line in hosts.values())
    spent = sum(line.get("paced_gap_seconds", 0) for line in hosts.values())
    assert pace["answer_share"] == pytest.approx(waiting / spent, abs=0.001)
    said = f"{pace['answer_share']:.0%} of their time waiting for the hosts' answers"
    assert said in crawl.log


def test_json_records_the_retry_after_pause_as_honoured(crawl):
    line = report_json(crawl)["hosts"]["www.taojiang.gov.cn"]
    assert line["retry_after_pauses"] == 1
    assert line["retry_after_honoured"] == 1
    (pause,) = [p for p in line["pause_list"] if "Retry-After" in p["reason"]]
    assert pause["honoured"] is True
    assert pause["seconds"] == pytest.approx(RETRY_AFTER, abs=0.05)  # as HostThrottle set it
    # the server agrees: nothing arrived before the pause ended
    records = sorted(crawl.logs["www.taojiang.gov.cn"], key=lambda r: r.started)
    busy = next(r for r in records if r.status == 429)
    later = [r for r in records if r.started > busy.started]
    assert later[0].started - busy.ended >= RETRY_AFTER - 0.05


def test_json_counts_errors_by_kind_per_portal(crawl):
    nanxian_line = report_json(crawl)["portals"]["nanxian"]
    assert nanxian_line["errors"]["HTTP 404"] == 1
    failures = {
        kind: n for kind, n in nanxian_line["errors"].items() if not kind.startswith("HTTP")
    }
    assert sum(failures.values()) == 2  # the reset link, tried twice (RETRY_TIMES=1)
    assert "no response" not in failures  # the failure is named by its exception


def test_json_counts_the_challenge_and_budget_of_each_portal(crawl):
    portals = report_json(crawl)["portals"]
    assert portals["yuanjiang"]["challenges"] >= 1
    assert portals["yuanjiang"]["start_page_failed"] is True
    assert portals["anhua"]["name"] == "安化县人民政府"
    assert portals["anhua"]["max_pages"] == 2000
    assert portals["anhua"]["seconds"] > 0


def test_politeness_and_quality_sections_show_every_host(crawl):
    doc = report_page(crawl)
    politeness = doc.xpath('//section[@id="politeness"]')[0].text_content()
    for host in crawl.logs:
        assert host in politeness
    assert doc.xpath('//section[@id="quality"]//table')


def test_html_report_renders_in_chromium_to_a_non_blank_page(crawl, tmp_path):
    visit = visit_in_chromium(crawl.output / "crawl_report.html", tmp_path / "report.png")
    assert (visit.refused, visit.console_errors) == ([], [])
    assert len(visit.marks) == len(PORTALS) * len(YEARS)
    colours = Image.open(visit.screenshot).convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 50

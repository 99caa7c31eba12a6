"""The HTML crawl report built from crawl outputs (tests/fixtures/crawl_report: two workers' output
folders of a real crawl and a catalogue), and the per-host politeness record behind it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler.reporting import ReportOptions, write_html_report
from crawler.reporting.archive_links import pywb_href, replayweb_href, timestamp14
from crawler.reporting.coverage import build_coverage
from crawler.reporting.host_timeline import HostTimeline
from crawler.reporting.inputs import entry_from_item, load_inputs
from crawler.reporting.model import ReportEntry
from crawler.reporting.pace import CrawlPace, crawl_pace, pace_advice
from crawler.reporting.quality import encoding_decisions
from tests.crawl_runner import run_scrapy

FIXTURES = Path(__file__).parent / "fixtures" / "crawl_report"
PORTALS = {"anhua", "taojiang", "yuanjiang", "nanxian"}


@pytest.fixture
def outputs(tmp_path) -> Path:
    """A copy of the fixtures: reports are written beside their inputs."""
    shutil.copytree(FIXTURES, tmp_path / "crawl")
    return tmp_path / "crawl"


def states(page_path: Path) -> dict[tuple[str, int], str]:
    doc = lxml_html.fromstring(page_path.read_text(encoding="utf-8"))
    return {
        (m.get("data-portal"), int(m.get("data-year"))): m.get("data-state")
        for m in doc.xpath("//*[@data-state]")
    }


def entry(portal: str, year: int | None, **fields) -> ReportEntry:
    return ReportEntry(
        portal=portal, url=f"http://{portal}/{year}/{len(fields)}", year=year, **fields
    )


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_marks_a_year_between_found_years_missing():
    coverage = build_coverage([entry("a", 2019), entry("a", 2022)], ["a"])
    assert [cell.state for cell in coverage.row("a")] == ["html", "missing", "missing", "html"]


def test_years_outside_a_portals_found_range_are_not_found_rather_than_missing():
    coverage = build_coverage([entry("a", 2019), entry("a", 2021), entry("b", 2020)], ["a", "b"])
    assert [cell.state for cell in coverage.row("b")] == ["none", "html", "none"]


def test_a_year_found_only_as_documents_is_marked_document():
    found = [entry("a", 2020, source_format="pdf"), entry("a", 2021, source_format="docx")]
    found.append(entry("a", 2021))
    coverage = build_coverage(found, ["a"])
    assert [cell.state for cell in coverage.row("a")] == ["document", "html"]


def test_changed_and_gone_reports_mark_their_years():
    found = [entry("a", 2020, change="changed"), entry("a", 2021, change="gone")]
    found.append(entry("a", 2022, change="unchanged"))
    coverage = build_coverage(found, ["a"])
    assert [cell.state for cell in coverage.row("a")] == ["changed", "gone", "html"]


def test_a_portal_without_reports_gets_a_row_of_not_found():
    coverage = build_coverage([entry("a", 2020), entry("a", 2021)], ["a", "silent"])
    assert [cell.state for cell in coverage.row("silent")] == ["none", "none"]


def test_reports_without_a_year_are_counted_apart():
    coverage = build_coverage([entry("a", None), entry("a", 2020)], ["a"])
    assert coverage.undated == {"a": 1}
    assert coverage.years == [2020]


# --- inputs -----------------------------------------------------------------------------------


def test_items_without_the_newer_fields_are_read_as_html_pages():
    item = {"portal": "a", "url": "http://a/1", "year": 2021, "warnings": ["mojibake:x"]}
    read = entry_from_item(item)
    assert (read.source_format, read.change, read.publisher) == ("html", None, None)
    assert read.arithmetic_warnings == ()


def test_only_table_check_warnings_count_as_table_arithmetic():
    warnings = ["table-check:requests:col=总计:一≠二 (1 ≠ 2)", "table-label:x", "mojibake:y"]
    read = entry_from_item({"portal": "a", "url": "u", "warnings": warnings})
    assert read.arithmetic_warnings == (warnings[0],)


def test_two_workers_output_folders_merge_into_one_crawl():
    data = load_inputs([FIXTURES / "worker-a", FIXTURES / "worker-b"])
    assert set(data.portals) == PORTALS
    assert {line["portal"] for line in data.hosts.values()} == PORTALS
    assert len(data.reports) == 9
    assert len(data.runs) == 2


def test_a_report_written_by_two_folders_is_listed_once(tmp_path):
    shutil.copytree(FIXTURES / "worker-b", tmp_path / "b1")
    shutil.copytree(FIXTURES / "worker-b", tmp_path / "b2")
    data = load_inputs([tmp_path / "b1", tmp_path / "b2"])
    assert len(data.reports) == 2
    assert (
        data.portals["nanxian"].pages == 2 * load_inputs([tmp_path / "b1"]).portals["nanxian"].pages
    )


def test_catalogue_gives_the_latest_version_of_each_report():
    data = load_inputs([FIXTURES / "catalogue.parquet"])
    anhua_2023 = [r for r in data.reports if r.portal == "anhua" and r.year == 2023]
    assert len(anhua_2023) == 1
    assert anhua_2023[0].change == "changed"
    assert anhua_2023[0].warc_record_id != "<urn:uuid:00000000-0000-0000-0000-000000000001>"
    assert {r.portal for r in data.reports} == {"anhua", "taojiang", "nanxian"}


def test_catalogue_warc_path_links_the_record_wherever_the_catalogue_is(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    warc = tmp_path / "crawls" / "2026" / "warc" / "nianbao-1.warc.gz"
    row = {"url": "http://a/1", "portal": "a", "year": 2021, "warc_file": warc.name}
    row |= {"warc_path": str(warc), "warc_offset": 7, "warc_record_id": "<urn:uuid:1>"}
    (tmp_path / "state").mkdir()
    pq.write_table(pa.Table.from_pylist([row]), tmp_path / "state" / "catalogue.parquet")
    page = write_html_report([tmp_path / "state" / "catalogue.parquet"])
    assert 'href="../crawls/2026/warc/nianbao-1.warc.gz"' in page.read_text(encoding="utf-8")


def test_encoding_decisions_list_overruled_declarations_first():
    decisions = encoding_decisions(load_inputs([FIXTURES / "worker-b"]).reports)
    assert (decisions[0].declared, decisions[0].chosen, decisions[0].overruled) == (
        "cp1252",
        "gb18030",
        True,
    )


# --- archive links ----------------------------------------------------------------------------


def test_replay_links_name_the_capture_time():
    found = entry("a", 2021, fetched="2026-12-06T16:56:29.512Z")
    found = ReportEntry(**{**found.__dict__, "url": "http://www.a.gov.cn/nb.html?id=1"})
    assert timestamp14(found.fetched) == "20261206165629"
    assert (
        pywb_href("http://localhost:8080/nb/", found)
        == "http://localhost:8080/nb/20261206165629/http://www.a.gov.cn/nb.html?id=1"
    )
    assert replayweb_href("https://replayweb.page/?source=x.wacz", found) == (
        "https://replayweb.page/?source=x.wacz#view=pages"
        "&url=http%3A%2F%2Fwww.a.gov.cn%2Fnb.html%3Fid%3D1&ts=20261206165629"
    )


def test_warc_links_are_relative_to_the_page_wherever_it_is_written(outputs):
    page = write_html_report([outputs / "worker-a"], outputs / "merged" / "report.html")
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    hrefs = [h for h in doc.xpath('//section[@id="reports"]//a/@href') if ".warc.gz" in h]
    assert hrefs
    for href in hrefs:
        assert href.startswith("../worker-a/warc/nianbao-")


def test_replay_links_appear_only_when_a_base_is_configured(outputs):
    bare = write_html_report([outputs / "worker-b"], outputs / "bare.html")
    assert "pywb</a>" not in bare.read_text(encoding="utf-8")
    options = ReportOptions(pywb_url="http://localhost:8080/nb")
    linked = write_html_report([outputs / "worker-b"], outputs / "linked.html", options)
    assert 'href="http://localhost:8080/nb/2026' in linked.read_text(encoding="utf-8")


# --- the page ---------------------------------------------------------------------------------


def test_page_is_written_into_the_first_output_folder(outputs):
    page = write_html_report([outputs / "worker-a", outputs / "worker-b"])
    assert page == outputs / "worker-a" / "crawl_report.html"


def test_merged_page_marks_document_changed_gone_and_missing_years(outputs):
    page = write_html_report([outputs / "worker-a", outputs / "worker-b"])
    seen = states(page)
    assert len(seen) == len(PORTALS) * len(range(2019, 2024))
    assert seen[("taojiang", 2021)] == "document"
    assert seen[("taojiang", 2023)] == "changed"
    assert seen[("nanxian", 2022)] == "gone"
    assert seen[("anhua", 2021)] == "missing"


def test_coverage_chart_draws_at_most_the_portals_asked_and_lists_them_all(outputs):
    options = ReportOptions(max_chart_portals=2)
    page = write_html_report([outputs / "worker-a", outputs / "worker-b"], options=options)
    assert {portal for portal, _ in states(page)} == {"anhua", "taojiang"}
    text = page.read_text(encoding="utf-8")
    assert "The first 2 of 4 portals are drawn" in text
    assert 'id="portal-nanxian"' in text


def test_page_lists_table_arithmetic_warnings_and_reports_without_tables(outputs):
    page = write_html_report([outputs / "worker-a"])
    quality = lxml_html.fromstring(page.read_text(encoding="utf-8")).xpath('//*[@id="quality"]')[0]
    text = quality.text_content()
    assert "Table arithmetic warnings (1 reports)" in text
    assert "一+二≠三（七）+四" in text
    assert "Reports without tables (6)" in text


def test_page_shows_the_retry_after_pause_and_the_challenge(outputs):
    page = write_html_report([outputs / "worker-a", outputs / "worker-b"])
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    politeness = doc.xpath('//*[@id="politeness"]')[0].text_content()
    assert "paused 1.0 s (HTTP 429, Retry-After 1)" in politeness
    assert "anti-bot challenge (ruishu)" in politeness
    portals = doc.xpath('//*[@id="portals"]')[0].text_content()
    assert "HTTP 412 ×1" in portals


def test_a_page_of_the_catalogue_alone_says_what_it_cannot_show(outputs):
    page = write_html_report([outputs / "catalogue.parquet"])
    assert page == outputs / "crawl_report.html"
    text = lxml_html.fromstring(page.read_text(encoding="utf-8")).text_content()
    assert "No crawl_report.json among the inputs" in text
    assert "No per-host record in these inputs." in text


def test_page_is_replaced_whole(outputs):
    target = outputs / "worker-a" / "crawl_report.html"
    target.write_text("old", encoding="utf-8")
    write_html_report([outputs / "worker-a"])
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- the command ------------------------------------------------------------------------------


def test_report_command_merges_several_folders_into_the_file_asked_for(outputs):
    target = outputs / "all.html"
    result = run_scrapy(
        ["report", str(outputs / "worker-a"), str(outputs / "worker-b"), "-o", str(target)], None
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert {portal for portal, _ in states(target)} == PORTALS


def test_report_command_refuses_an_input_that_is_neither_folder_nor_catalogue(outputs):
    result = run_scrapy(["report", str(outputs / "nothing-here")], None)
    assert result.returncode == 2
    assert "neither a crawl output folder nor a .parquet file" in result.stderr


# --- the per-host record ----------------------------------------------------------------------


def test_a_start_closer_than_the_floor_is_counted():
    host = HostTimeline()
    for when in (0.0, 1.0, 1.5, 3.0):
        host.record_start(when, floor=1.0)
    line = host.summary()
    assert (line["min_start_gap"], line["gaps_below_floor"]) == (0.5, 1)
    assert line["min_gap_minus_floor"] == -0.5


def test_a_pause_is_broken_by_a_request_starting_before_its_end():
    host = HostTimeline()
    host.record_start(0.0, floor=1.0)
    host.record_pause("HTTP 429, Retry-After 5", requested_at=0.5, until=5.5)
    host.record_start(4.0, floor=1.0)
    line = host.summary()
    assert (line["retry_after_pauses"], line["retry_after_honoured"]) == (1, 0)
    assert line["pause_list"][0]["honoured"] is False


def test_a_request_already_on_its_way_does_not_break_a_pause():
    host = HostTimeline()
    host.record_pause("anti-bot challenge (ruishu)", requested_at=2.0, until=12.0)
    host.record_start(1.5, floor=1.0)  # started before the pause, its head arrived after it
    host.record_start(12.5, floor=1.0)
    line = host.summary()
    assert (line["pauses"], line["pauses_honoured"]) == (1, 1)
    assert line["pause_list"][0]["next_start_after"] == 10.5


def test_pace_counts_the_gaps_of_at_most_three_floors():
    host = HostTimeline()
    for when in (0.0, 1.5, 3.0, 4.0, 20.0):  # 1.5, 1.5, 1.0, then 16 s with nothing queued
        host.record_start(when, floor=1.0)
    line = host.summary()
    assert (line["paced_gaps"], line["paced_gap_seconds"], line["paced_floor_seconds"]) == (
        3,
        4.0,
        3.0,
    )
    pace = crawl_pace({"a": line, "b": HostTimeline().summary()}, cpu_seconds=2.0, wall_seconds=20)
    assert pace.rate_share == 0.75  # three floors kept in four seconds
    assert (pace.cpu_share, pace.cpu_bound) == (0.1, False)


def test_a_busy_crawler_whose_hosts_waited_is_cpu_bound_and_says_what_to_do():
    slow_and_busy = CrawlPace(paced_gaps=1000, rate_share=0.62, cpu_seconds=47, wall_seconds=52)
    assert slow_and_busy.cpu_bound
    assert "CPU-bound" in pace_advice(slow_and_busy)
    assert "docs/distributed.md" in pace_advice(slow_and_busy)
    assert CrawlPace.from_dict(slow_and_busy.as_dict()) == slow_and_busy
    # busy but every delay kept, or slow but idle, or too few gaps to say: not CPU-bound
    assert not CrawlPace(1000, 0.95, 47, 52).cpu_bound
    assert not CrawlPace(1000, 0.62, 20, 52).cpu_bound
    assert not CrawlPace(5, 0.62, 47, 52).cpu_bound
    assert "CPU-bound" not in pace_advice(CrawlPace(1000, 0.95, 47, 52))


def test_parse_workers_always_busy_while_hosts_waited_say_to_add_workers():
    parse_bound = CrawlPace(1000, 0.7, 20, 52, parse_cpu_seconds=50, parse_processes=1)
    assert parse_bound.parse_bound and not parse_bound.cpu_bound
    assert "REPORT_PARSE_PROCESSES" in pace_advice(parse_bound)
    assert "and its 1 report parser 96% of another (50.0 s of CPU)" in pace_advice(parse_bound)
    assert CrawlPace.from_dict(parse_bound.as_dict()) == parse_bound
    # two workers sharing the same CPU were each half idle; hosts at their rate: nothing to add
    assert not CrawlPace(1000, 0.7, 20, 52, parse_cpu_seconds=50, parse_processes=2).parse_bound
    assert not CrawlPace(1000, 0.95, 20, 52, parse_cpu_seconds=50, parse_processes=1).parse_bound


def test_pace_says_how_much_of_the_gaps_went_waiting_for_answers():
    host = HostTimeline()
    host.record_start(0.0, floor=1.0)
    host.record_answer(0.2)  # the delay runs from here
    host.record_start(1.2, floor=1.0)
    host.record_answer(1.5)
    host.record_start(2.5, floor=1.0)
    host.record_start(20.0, floor=1.0)  # nothing queued for a while: not a paced gap
    line = host.summary()
    assert line["paced_gap_seconds"] == 2.5
    assert line["paced_answer_seconds"] == pytest.approx(0.5)
    pace = crawl_pace({"a": line}, cpu_seconds=2.0, wall_seconds=20)
    assert pace.answer_share == 0.2
    assert "20% of their time waiting for the hosts' answers" in pace_advice(pace)
    assert CrawlPace.from_dict(pace.as_dict()) == pace
    # a crawl_report.json written before answers were timed says nothing of them
    assert "answers" not in pace_advice(CrawlPace(1000, 0.95, 47, 52))


def test_hosts_asked_late_because_they_answered_slowly_are_told_apart_from_a_busy_crawler():
    # 0.80 of the rate: a fifth of the paced time beyond the floors, 0.15 of it waiting
    slow_sites = CrawlPace(1000, 0.8, 20, 52, answer_share=0.15)
    assert slow_sites.answer_bound and not slow_sites.cpu_bound
    assert "the hosts or the network were slow, not the crawler" in pace_advice(slow_sites)
    assert CrawlPace.from_dict(slow_sites.as_dict()) == slow_sites
    # most of the loss elsewhere (the crawler late), or every delay kept: not said
    assert not CrawlPace(1000, 0.8, 20, 52, answer_share=0.05).answer_bound
    assert not CrawlPace(1000, 0.95, 20, 52, answer_share=0.04).answer_bound
    busy = CrawlPace(1000, 0.8, 50, 52, answer_share=0.15)
    assert "CPU-bound" in pace_advice(busy) and "not the crawler" not in pace_advice(busy)

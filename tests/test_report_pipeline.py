"""The report stage: pages parsed in a worker process (or on a thread), the reactor's loop free
meanwhile; a page that takes too long becomes an item with the error instead of holding the
crawl, and a worker that dies costs a retry."""

import asyncio
import logging
import multiprocessing
import multiprocessing.spawn
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from pipelines.documents import DocumentLimits
from pipelines.page.page import Page
from pipelines.report import ReportFieldsPipeline
from pipelines.report_workers import ReportParseWorkers
from tests.page_fixture_builder import fixture_page

REPORT_PAGE = "shuyang_fgj_2023_ucap.html"
FIXTURE_PAGES = sorted(
    p.name for p in (Path(__file__).parent / "fixtures" / "pages").glob("*.html")
)


def _item(html: str) -> dict:
    url = "http://www.example.gov.cn/xxgk/t20240115_1.html"
    return {"url": url, "page": Page(html, url), "portal_name": "某县人民政府"}


def _long_page(paragraphs: int) -> str:
    """The report page with ``paragraphs`` more paragraphs: ~40 µs of parsing each."""
    more = "".join(
        f"<p>第{i}条 本机关依法公开政府信息{i}件，办理依申请公开{i}件。</p>"
        for i in range(paragraphs)
    )
    return fixture_page(REPORT_PAGE).replace("</body>", more + "</body>")


def _stage(processes: int, **settings) -> ReportFieldsPipeline:
    settings["REPORT_PARSE_PROCESSES"] = processes
    return ReportFieldsPipeline(get_crawler(settings_dict=settings))


def _run(stage: ReportFieldsPipeline, item: dict, meanwhile=None) -> tuple[dict, int]:
    """Process ``item``; count how often the event loop got to run meanwhile, calling
    ``meanwhile(seconds since start)`` at each turn."""

    async def main() -> tuple[dict, int]:
        ticks = 0
        done = asyncio.Event()
        started = time.monotonic()

        async def tick() -> None:
            nonlocal ticks
            while not done.is_set():
                ticks += 1
                if meanwhile is not None:
                    meanwhile(time.monotonic() - started)
                await asyncio.sleep(0 if meanwhile is None else 0.01)

        ticker = asyncio.create_task(tick())
        try:
            out = await stage.process_item(item)
        finally:
            done.set()
            await ticker
        return out, ticks

    try:
        return asyncio.run(main())
    finally:
        stage.close_spider()


@pytest.mark.parametrize("processes", [1, 0])
def test_a_report_is_parsed_while_the_loop_keeps_running(processes):
    stage = _stage(processes)
    item, ticks = _run(stage, _item(fixture_page(REPORT_PAGE)))
    assert item["errors"] == []
    assert item["title"] and item["tables"]
    assert ticks > 1


def test_a_worker_process_emits_what_the_thread_does_on_every_fixture_page():
    """The worker parses the page again from its text: the item must not change by a byte."""
    by_thread, by_process = _stage(0), _stage(1)

    async def both() -> list[tuple[dict, dict]]:
        pairs = []
        for name in FIXTURE_PAGES:
            html = fixture_page(name)
            pairs.append(
                (
                    await by_thread.process_item(_item(html)),
                    await by_process.process_item(_item(html)),
                )
            )
        return pairs

    try:
        pairs = asyncio.run(both())
    finally:
        by_thread.close_spider()
        by_process.close_spider()
    assert len(pairs) == len(FIXTURE_PAGES) >= 10
    for threaded, processed in pairs:
        threaded.pop("page"), processed.pop("page")
        assert processed == threaded
    assert by_process.stats.get_value("report_parse/cpu_seconds") > 0


@pytest.mark.parametrize("processes", [1, 0])
def test_a_page_over_the_time_cap_becomes_an_item_with_the_error(processes):
    stage = _stage(processes, REPORT_PARSE_TIMEOUT=0.001)
    html = fixture_page(REPORT_PAGE) * 20  # a page far too big to parse in a millisecond
    started = time.monotonic()
    item, _ = _run(stage, _item(html))
    assert time.monotonic() - started < 5
    assert item["errors"] and item["errors"][0].startswith("parse:TimeoutError")
    assert item["tables"] == [] and item["text"] is None
    assert stage.stats.get_value("items/parse_errors") == 1


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_worker_over_the_time_cap_is_killed_and_the_next_report_parses():
    stage = _stage(1, REPORT_PARSE_TIMEOUT=1.0)
    workers: set[int] = set()

    def note_workers(_elapsed: float) -> None:
        workers.update(p.pid for p in multiprocessing.active_children())

    html = _long_page(200_000)  # parsing it takes several seconds
    slow, _ = _run(stage, _item(html), meanwhile=note_workers)
    assert slow["errors"][0].startswith("parse:TimeoutError")
    assert workers, "no worker process was seen while the page was parsed"
    deadline = time.monotonic() + 1.5  # well before the parse would end on its own
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "the stuck worker still runs"
    stage.timeout = 60.0
    item, _ = _run(stage, _item(fixture_page(REPORT_PAGE)))
    assert item["errors"] == [] and item["tables"]
    assert stage.workers.restarts == 1


def test_a_worker_killed_mid_parse_costs_a_retry_not_the_report():
    """As when the OOM killer or a crash in a native parser ends the worker."""
    stage = _stage(1)
    killed: list[int] = []

    def kill_the_worker(elapsed: float) -> None:
        children = multiprocessing.active_children()
        if not killed and children and elapsed > 1.5:  # spawned, and busy with the page
            killed.append(children[0].pid)
            os.kill(children[0].pid, signal.SIGKILL)

    item, _ = _run(stage, _item(_long_page(60_000)), meanwhile=kill_the_worker)
    assert killed, "the worker was not killed while it parsed"
    assert item["errors"] == []
    assert item["title"] and item["tables"]
    assert stage.workers.restarts == 1


CRAWL_STANDIN = """
import asyncio, multiprocessing, sys, time
from pipelines.documents import DocumentLimits
from pipelines.report_workers import ReportParseWorkers

async def main():
    workers = ReportParseWorkers(1, DocumentLimits())
    html = "<html><body><h1>2023年政府信息公开工作年度报告</h1><p>正文</p></body></html>"
    await workers.parse({"url": "http://www.example.gov.cn/a.html", "html": html}, {}, 30)
    print(*(p.pid for p in multiprocessing.active_children()), flush=True)
    time.sleep(60)

asyncio.run(main())
"""


def test_a_crawl_killed_with_sigkill_leaves_no_parse_worker_behind():
    crawl = subprocess.Popen(
        [sys.executable, "-c", CRAWL_STANDIN],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workers = [int(pid) for pid in crawl.stdout.readline().split()]
    finally:
        crawl.kill()
        crawl.wait()
    assert workers, "the stand-in started no worker"
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "a parse worker outlived its crawl"


def test_where_no_worker_can_start_reports_are_parsed_on_the_thread(monkeypatch, caplog):
    """A sandbox without processes, or no interpreter to start: said once, nothing lost."""
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", b"/nonexistent/python3")
    stage = _stage(1)

    async def two_reports() -> list[dict]:
        return [await stage.process_item(_item(fixture_page(REPORT_PAGE))) for _ in range(2)]

    try:
        items = asyncio.run(two_reports())
    finally:
        stage.close_spider()
    for item in items:
        assert item["errors"] == []
        assert item["title"] and item["tables"]
    assert stage.workers is None
    assert stage.stats.get_value("report_parse/workers_unavailable") == 1
    said = [r for r in caplog.records if "could not start a report parse worker" in r.message]
    assert len(said) == 1


def test_what_a_worker_logs_reaches_the_crawl_log(caplog):
    """A document that fails to parse is logged inside the worker, with its traceback; the
    record is written by the crawl's handlers (LOG_FILE), not lost on the worker's stderr."""
    workers = ReportParseWorkers(1, DocumentLimits(), "DEBUG")
    landing = "<html><body><h1>2023年政府信息公开工作年度报告</h1><p>详见附件</p></body></html>"
    pdf_url = "http://www.example.gov.cn/module/download/downfile.jsp?fileid=1"
    item = {
        "url": "http://www.example.gov.cn/art/2024/1/15/art_1_1.html",
        "parts": [
            {"kind": "html", "url": "http://www.example.gov.cn/art/2024/1/15/art_1_1.html",
             "html": landing},
            {"kind": "pdf", "url": pdf_url, "text": "年度报告.pdf"},
        ],
    }  # fmt: skip
    caplog.set_level(logging.DEBUG)
    try:
        fields = asyncio.run(workers.parse(item, _sending({pdf_url: b"%PDF-1.4 torn off"}), 60))
    finally:
        workers.close()
    assert any(w.startswith("document-unreadable:pdf:") for w in fields["warnings"])
    said = [r for r in caplog.records if r.name == "pipelines.documents"]
    assert [r.getMessage() for r in said] == ["could not parse pdf document"]
    assert said[0].process != os.getpid()  # logged in the worker
    assert "Traceback" in said[0].exc_text


def test_a_worker_logs_nothing_below_the_crawl_log_level(caplog):
    workers = ReportParseWorkers(1, DocumentLimits(), "INFO")
    item = {
        "url": "http://www.example.gov.cn/a.pdf",
        "parts": [
            {"kind": "pdf", "url": "http://www.example.gov.cn/a.pdf", "text": "年度报告.pdf"}
        ],
    }
    caplog.set_level(logging.DEBUG)
    try:
        fields = asyncio.run(workers.parse(item, _sending({item["url"]: b"%PDF-1.4 torn"}), 60))
    finally:
        workers.close()
    assert any(w.startswith("document-unreadable:pdf:") for w in fields["warnings"])
    assert not [r for r in caplog.records if r.name == "pipelines.documents"]


def _sending(documents: dict[str, bytes], asked: list | None = None):
    """What the crawl process reads from its archive for a worker that asks, and a note of
    each time it is asked."""

    async def read_documents() -> dict[str, bytes]:
        if asked is not None:
            asked.append(sorted(documents))
        return documents

    return read_documents


QINGFENG_PDF = Path(__file__).parent / "fixtures" / "documents" / "qingfeng_2024.pdf"


@pytest.mark.parametrize("says_enough", [True, False])
def test_a_worker_is_sent_a_report_s_documents_only_when_the_page_says_too_little(says_enough):
    """A landing page with the report's text and a PDF copy attached is read from the page,
    and the PDF is never read from the archive nor sent; a 详见附件 page is read from its PDF,
    sent once the worker asks."""
    landing_url = "http://www.example.gov.cn/art/2024/1/15/art_1_1.html"
    pdf_url = "http://www.example.gov.cn/module/download/downfile.jsp?fileid=1"
    body = fixture_page(REPORT_PAGE) if says_enough else (
        "<html><body><h1>青峰县2024年政府信息公开工作年度报告</h1><p>详见附件</p></body></html>"
    )  # fmt: skip
    item = {
        "url": landing_url,
        "parts": [
            {"kind": "html", "url": landing_url, "html": body},
            {"kind": "pdf", "url": pdf_url, "text": "年度报告.pdf"},
        ],
    }
    asked: list = []
    workers = ReportParseWorkers(1, DocumentLimits())
    try:
        fields = asyncio.run(
            workers.parse(item, _sending({pdf_url: QINGFENG_PDF.read_bytes()}, asked), 60)
        )
    finally:
        workers.close()
    assert fields["errors"] == [] and fields["tables"]
    if says_enough:
        assert asked == [] and workers.documents_sent == 0
        assert fields["source_format"] == "html"
    else:
        assert asked == [[pdf_url]] and workers.documents_sent == 1
        assert fields["source_format"] == "pdf"
        assert fields["title"] and "青峰县" in fields["title"]


def test_workers_end_when_the_crawl_is_idle_and_start_again_for_the_next_report():
    """What runs at a crawl's end (Parquet files, indexes) runs without an idle worker beside
    it; a crawl that goes on after an idle moment (reports asked for again) still parses."""
    crawler = get_crawler(settings_dict={"REPORT_PARSE_PROCESSES": 1})
    stage = ReportFieldsPipeline(crawler)
    stage.timeout = 60.0
    try:
        first = asyncio.run(stage.process_item(_item(fixture_page(REPORT_PAGE))))
        assert multiprocessing.active_children()
        crawler.signals.send_catch_log(signals.spider_idle)
        assert not multiprocessing.active_children()
        second = asyncio.run(stage.process_item(_item(fixture_page(REPORT_PAGE))))
    finally:
        stage.close_spider()
    assert first["tables"] and second["tables"] == first["tables"]
    assert stage.workers.pools_started == 2
    assert stage.stats.get_value("report_parse/worker_starts") == 2


MAIN_SCRIPT = """
import asyncio, os, sys
from pathlib import Path

if __name__ == "__mp_main__":  # imported again by a spawned worker
    Path(os.environ["MARKER"]).write_text("imported by a worker")

from pipelines.documents import DocumentLimits
from pipelines.report_workers import ReportParseWorkers

async def main():
    workers = ReportParseWorkers(1, DocumentLimits())
    html = "<html><body><h1>青峰县2023年政府信息公开工作年度报告</h1><p>正文</p></body></html>"
    try:
        item = {"url": "http://www.example.gov.cn/a.html", "html": html}
        fields = await workers.parse(item, None, 60)
    finally:
        workers.close()
    print(fields["title"])

if __name__ == "__main__":
    asyncio.run(main())
    print(__file__)
"""


def test_a_worker_does_not_run_the_crawl_s_main_script_again(tmp_path):
    """As the `scrapy` console script is: a worker imported it again, and scrapy with it."""
    script = tmp_path / "console_script.py"
    script.write_text(MAIN_SCRIPT, encoding="utf-8")
    marker = tmp_path / "marker"
    repo = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=repo,
        env={**os.environ, "MARKER": str(marker), "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    title, main_file = done.stdout.splitlines()
    assert title == "青峰县2023年政府信息公开工作年度报告"
    assert main_file == str(script)  # the script's __file__ is back once the worker started
    assert not marker.exists()

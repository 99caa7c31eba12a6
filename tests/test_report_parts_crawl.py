"""Reports published in several responses, crawled from real servers: a split article is one
item with the text and tables of every page; a 「详见附件」 page's report is read from its PDF; a
.docx linked from a list is a report of its own."""

import pytest
from warcio.archiveiterator import ArchiveIterator

from demo.network import DemoNetwork
from tests.crawl_runner import read_items
from tests.report_parts_sites import parts_world
from tests.server_log_judge import crawl_portals


def _cells(cells: list[dict]) -> dict:
    return {(c["table"], c.get("scope", ""), c["row"], c["col"]): float(c["value"]) for c in cells}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    world = parts_world()
    out = tmp_path_factory.mktemp("parts")
    with DemoNetwork(world.sites) as net:
        finished = crawl_portals(net, world.registry, out, DOWNLOAD_DELAY=0.2)
    items = {item["url"]: item for item in read_items(out / "reports.jsonl")}
    return world, finished, items


def test_a_split_article_is_one_item_with_the_tables_of_every_page(crawl):
    world, _, items = crawl
    item = items[world.split_report]
    assert [page["url"] for page in item["pages"]] == world.split_pages
    assert all(page["warc"]["record_id"] for page in item["pages"])
    assert _cells(item["tables"]) == _cells(world.split_cells)
    assert item["source_format"] == "html"
    assert "table-check" not in " ".join(item["warnings"])


def test_later_pages_of_a_split_article_are_never_reports_of_their_own(crawl):
    world, finished, items = crawl
    assert not set(world.split_pages[1:]) & set(items)
    fetched = [r.target for r in finished.logs["www.qingfeng.gov.cn"]]
    for url in world.split_pages:
        assert fetched.count(url.split("gov.cn", 1)[1]) == 1


def test_a_landing_page_report_is_read_from_its_pdf(crawl):
    world, _, items = crawl
    item = items[world.landing_report]
    assert item["source_format"] == "pdf"
    assert item["title"] == "青峰县人民政府2024年政府信息公开工作年度报告"
    assert item["year"] == 2024
    assert _cells(item["tables"]) == _cells(world.document_cells)
    assert len(item["tables"]) == 200
    (pdf,) = item["attachments"]
    assert pdf["url"] == world.pdf_url and pdf["kind"] == "pdf"
    assert pdf["media_type"] == "application/octet-stream" and len(pdf["sha1"]) == 40
    assert pdf["warc"]["record_id"] != item["warc"]["record_id"]


def test_a_document_linked_from_a_list_is_a_report(crawl):
    world, _, items = crawl
    item = items[world.docx_url]
    assert item["source_format"] == "docx"
    assert item["portal"] == "qfjy"
    assert len(item["tables"]) == 200
    assert "本报告" in item["text"] or "总体情况" in item["text"]


def test_every_part_points_at_its_own_response_record(crawl):
    _, finished, items = crawl
    records = {}
    for path in (finished.output / "warc").glob("*.warc.gz"):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    records[record.rec_headers.get_header("WARC-Record-ID")] = (
                        record.rec_headers.get_header("WARC-Target-URI")
                    )
    for item in items.values():
        assert records[item["warc"]["record_id"]] == item["url"]
        for page in item["pages"]:
            assert records[page["warc"]["record_id"]] == page["url"]
        for attachment in item["attachments"]:
            assert records[attachment["warc"]["record_id"]] == attachment["url"]

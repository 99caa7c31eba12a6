"""The second held-out set (tests/holdout2_sites): its servers serve what expected.json says.

Real servers and the forward proxy on 127.0.0.1, read with the raw client of test_demo_network,
so encodings, headers and status codes are checked as they go over the wire.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.html
import protego
import pytest

from crawler.registry import load_registry
from demo.network import DemoNetwork
from demo.sites import labels as L
from demo.sites.truth import arithmetic_problems
from tests.holdout2_sites import chrome_aspnet, holdout2_collection, shashi
from tests.test_demo_network import COLLECTIONS, get, page_text

COLLECTION = holdout2_collection()
EXPECTED = COLLECTION.expected_document()


@pytest.fixture(scope="module")
def net() -> Iterator[DemoNetwork]:
    with DemoNetwork(COLLECTION.sites) as network:
        yield network


def _report(url_part: str) -> dict:
    return next(r for r in EXPECTED["reports"] if url_part in r["url"])


# --- ground truth -----------------------------------------------------------------------------


def test_expected_json_and_registry_on_disk_are_current() -> None:
    assert (COLLECTION.directory / "expected.json").read_text(
        encoding="utf-8"
    ) == COLLECTION.expected_json()
    assert (COLLECTION.directory / "portals.toml").read_text(
        encoding="utf-8"
    ) == COLLECTION.registry_toml()


def test_registry_loads_in_the_crawler() -> None:
    portals = load_registry(COLLECTION.directory / "portals.toml")
    assert [p.id for p in portals] == [p.id for p in COLLECTION.portals]


def test_collection_is_big_enough_and_new() -> None:
    assert len(EXPECTED["portals"]) >= 5
    assert len(EXPECTED["reports"]) >= 25 and len(EXPECTED["negatives"]) >= 10
    assert {r["template"] for r in EXPECTED["reports"]} == {"2019", "2008", "other"}
    others = {h for c in COLLECTIONS.values() for h in c.hosts}
    assert not others & set(COLLECTION.hosts)
    assert not {r["url"] for r in EXPECTED["reports"]} & {n["url"] for n in EXPECTED["negatives"]}


def test_gold_tables_keep_the_template_arithmetic() -> None:
    for report in EXPECTED["reports"]:
        problems = arithmetic_problems(report["tables"])
        deliberate = any("deliberate" in note for note in report["notes"])
        assert bool(problems) == deliberate, (report["url"], problems)


# --- pages ------------------------------------------------------------------------------------


def test_every_expected_report_answers_200_with_its_title_and_phrases(net: DemoNetwork) -> None:
    for report in EXPECTED["reports"]:
        reply = get(net, report["url"])
        assert reply.status == 200, report["url"]
        text = page_text(reply.body)
        assert report["title"] in text, report["url"]
        for phrase in report["phrases"]:
            assert phrase in text, (report["url"], phrase)


def test_every_negative_and_attachment_answers_200(net: DemoNetwork) -> None:
    urls = [n["url"] for n in EXPECTED["negatives"]]
    urls += [a for r in EXPECTED["reports"] for a in r["attachments"]]
    for url in urls:
        assert get(net, url).status == 200, url


def test_disallowed_urls_are_forbidden_and_reports_allowed_by_robots(net: DemoNetwork) -> None:
    robots = {}
    for host in COLLECTION.hosts:
        reply = get(net, f"http://{host}/robots.txt")
        robots[host] = protego.Protego.parse(reply.body.decode() if reply.status == 200 else "")
    assert EXPECTED["disallowed"]
    for url in EXPECTED["disallowed"]:
        assert get(net, url).status == 200, url  # a real page: only robots.txt keeps us out
        assert not robots[urlsplit(url).hostname].can_fetch(url, "nianbao"), url
    for report in EXPECTED["reports"]:
        assert robots[urlsplit(report["url"]).hostname].can_fetch(report["url"], "nianbao")


def test_robots_txt_of_the_gkmlpt_portal_is_404_and_founder_sets_crawl_delay_2(
    net: DemoNetwork,
) -> None:
    assert get(net, "http://www.xinhui.gov.cn/robots.txt").status == 404
    text = get(net, "http://www.jiangyou.gov.cn/robots.txt").body.decode()
    assert protego.Protego.parse(text).crawl_delay("nianbao") == 2.0


def test_gkmlpt_index_lists_nothing_until_its_script_asks_the_api(net: DemoNetwork) -> None:
    html = get(net, "http://www.xinhui.gov.cn/gkmlpt/index").body.decode()
    assert "/gkmlpt/content/" not in html and "gkmlpt.js" in html
    api = "http://www.xinhui.gov.cn/gkmlpt/api/all/2412?page=1&sid=757015"
    data = json.loads(get(net, api).body)
    urls = [a["url"] for a in data["articles"]]
    reports = [r["url"] for r in EXPECTED["reports"] if r["portal"] == "xinhui"]
    assert all(f"{url}#2412" in urls for url in reports)


def test_gkmlpt_unfiltered_list_shows_one_report_on_its_first_page(net: DemoNetwork) -> None:
    api = "http://www.xinhui.gov.cn/gkmlpt/api/all/0?page=1&sid=757015"
    data = json.loads(get(net, api).body)
    reports = {r["url"] for r in EXPECTED["reports"]}
    assert data["page_count"] > 1
    assert sum(a["url"].split("#")[0] in reports for a in data["articles"]) == 1


def test_founder_home_is_a_frameset_and_lists_page_by_go_page(net: DemoNetwork) -> None:
    home = get(net, "http://www.jiangyou.gov.cn/").body.decode("gbk")
    assert "<frameset" in home and 'src="/main.htm"' in home
    node = get(net, "http://www.jiangyou.gov.cn/xxgk/catalog.jsp?catId=1908").body.decode("gbk")
    assert '<iframe src="/xxgk/ndbg/list.html"' in node
    first = get(net, "http://www.jiangyou.gov.cn/xxgk/ndbg/list.html").body.decode("gbk")
    assert "javascript:goPage(2)" in first and "list_2.html" not in first
    assert get(net, "http://www.jiangyou.gov.cn/xxgk/ndbg/list_3.html").status == 200


def test_founder_details_say_utf8_in_the_header_over_gbk_bytes(net: DemoNetwork) -> None:
    report = _report("www.jiangyou.gov.cn/xxgk/info.jsp")
    reply = get(net, report["url"])
    assert reply.value("Content-Type") == "text/html; charset=UTF-8"
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("utf-8")
    text = reply.body.decode("gbk")
    assert 'charset=gbk"' in text and report["phrases"][0] in text


def test_report_column_answers_503_with_retry_after_once_then_200() -> None:
    portal = shashi.build()  # a fresh portal: the shared one may have been asked already
    with DemoNetwork(portal.sites) as network:
        url = "http://www.shashi.gov.cn/col/col4521/index.html"
        first, second = get(network, url), get(network, url)
    assert (first.status, first.value("Retry-After")) == (503, "2")
    assert second.status == 200 and "荆州市沙市区2023年" in second.body.decode()


def test_zwgk_pages_start_with_a_bom_and_one_meta_still_says_gb2312(net: DemoNetwork) -> None:
    for report in (r for r in EXPECTED["reports"] if "zwgk.shashi" in r["url"]):
        reply = get(net, report["url"])
        assert reply.value("Content-Type") == "text/html"
        assert reply.body.startswith(b"\xef\xbb\xbf"), report["url"]
    leftover = get(net, _report("art_" + shashi.kp.art_id("shashi-2020"))["url"])
    assert "charset=gb2312" in leftover.body.decode("utf-8-sig")


def test_dede_pages_declare_nothing_and_need_gb18030(net: DemoNetwork) -> None:
    report = _report("www.longxi.gov.cn/a/xxgk/ndbg/2024/0120/356.html")
    reply = get(net, report["url"])
    assert reply.value("Content-Type") == "text/html"
    assert b"charset" not in reply.body.lower()
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("gbk")
    text = reply.body.decode("gb18030")
    assert "联系人：杨㛃" in text and "发布时间：2024年1月20日" in text
    assert f"<title>{report['title']}--陇西县人民政府</title>" in text


def test_undated_dede_report_is_signed_in_chinese_numerals(net: DemoNetwork) -> None:
    report = _report("/2010/0326/31.html")
    text = get(net, report["url"]).body.decode("gb18030")
    assert "二〇一〇年三月二十六日" in text and "2010年3月26日" not in text
    assert "发布时间" not in text


@pytest.mark.parametrize(
    ("trap", "link"),
    [
        ("http://www.shashi.gov.cn/col/col4530/index.html?ym=209912", "?ym=210001"),
        ("http://www.longxi.gov.cn/archive/2099/12/", "/archive/2100/01/"),
    ],
)
def test_archive_traps_link_onward_forever(net: DemoNetwork, trap: str, link: str) -> None:
    assert any(trap.startswith(prefix) for prefix in EXPECTED["traps"])
    text = page_text(get(net, trap).body)
    assert link in text


def test_aspnet_list_pages_after_the_first_come_only_from_a_postback(net: DemoNetwork) -> None:
    url = "http://www.lusong.gov.cn/Category/List.aspx?cid=37"
    first = get(net, url).body.decode()
    assert f"__doPostBack('{chrome_aspnet.PAGER}','3')" in first and "/Item/45102.aspx" not in first
    form = f"__EVENTTARGET={chrome_aspnet.PAGER}&__EVENTARGUMENT=2".replace("$", "%24").encode()
    headers = [("Content-Type", "application/x-www-form-urlencoded")]
    second = get(net, url, method="POST", headers=headers, body=form).body.decode()
    assert "株洲市芦淞区二〇二二年度政府信息公开工作年度报告" in second


def test_phpcms_serves_a_page_whatever_the_parameter_order(net: DemoNetwork) -> None:
    report = _report("www.yichun.gov.cn/index.php")
    query = urlsplit(report["url"]).query.split("&")
    shuffled = f"http://www.yichun.gov.cn/index.php?{'&'.join(reversed(query))}"
    assert report["title"] in get(net, shuffled).body.decode()


def test_department_reports_sit_on_subdomains_listed_from_www(net: DemoNetwork) -> None:
    listing = get(net, "http://www.yichun.gov.cn/index.php?m=content&c=index&a=lists&catid=27")
    hrefs = set(lxml.html.fromstring(listing.body.decode()).xpath("//li/a/@href"))
    dept = [r["url"] for r in EXPECTED["reports"] if ".yichun.gov.cn" in r["url"]]
    dept = [u for u in dept if not u.startswith("http://www.")]
    assert len(dept) == 3 and set(dept) <= hrefs


@pytest.mark.parametrize(
    ("url_part", "charset"),
    [
        ("post_2981234.html", "utf-8"),  # word, 2021
        ("post_2298876.html", "utf-8"),  # word, 2019
        ("/2018/0315/188.html", "gb18030"),  # cms, 统计表
        ("catid=26&id=4410", "utf-8"),  # word, 统计表 twice
        ("catid=12&id=1290", "utf-8"),  # plain, 2021, blank zeros
    ],
)
def test_printed_table_labels_normalize_to_the_gold_labels(
    net: DemoNetwork, url_part: str, charset: str
) -> None:
    report = _report(url_part)
    tree = lxml.html.fromstring(get(net, report["url"]).body.decode(charset))
    printed = {
        L.normalize_label(lxml.html.tostring(cell, encoding="unicode", method="text"))
        for cell in tree.iter("td", "th")
    }
    labels = set()
    for cell in report["tables"]:
        labels.update(p for p in cell["row"].split("/") if p)
        if cell["col"] != "本年增/减":
            labels.update(cell["col"].split("/"))
        labels.add(cell["value"])
    assert labels - printed == set()
    assert re.search(r"\d", " ".join(printed))

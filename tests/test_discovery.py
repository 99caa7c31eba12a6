"""Link roles, column pagination and trap detection, on markup as real CMSs write it."""

from parsel import Selector

from spiders.discovery import (
    extract_links,
    is_attachment_url,
    looks_like_trap,
    numbered_page_urls,
    trs_page_urls,
)

TRS_LIST = """
<div class="list"><ul>
<li><a href="./202401/t20240115_3271106.html" title="长春市体育局2023年政府信息公开工作年度报告">长春市体育局2023年政府信息公开工作年度...</a><span>2024-01-15</span></li>
</ul></div>
<div class="page"><script language="JavaScript">
var currentPage = 0;//所在页从0开始
var countPage = 7//共多少页
createPageHTML(countPage, currentPage, "index", "html");
</script></div>
"""


def test_trs_pages_exist_only_in_the_script_call():
    urls = trs_page_urls(TRS_LIST, "http://js.changchun.gov.cn/zcbm/ndbg/index.html")
    assert urls == [f"http://js.changchun.gov.cn/zcbm/ndbg/index_{n}.html" for n in range(1, 7)]


def test_trs_pages_with_literal_arguments_and_shtml():
    html = '<script>createPageHTML(3, 1, "index", "shtml");</script>'
    urls = trs_page_urls(html, "http://www.x.gov.cn/xxgk/gknb/index_1.shtml")
    assert urls == [
        "http://www.x.gov.cn/xxgk/gknb/index.shtml",
        "http://www.x.gov.cn/xxgk/gknb/index_2.shtml",
    ]


def test_trs_page_count_is_capped():
    html = '<script>createPageHTML(5000, 0, "index", "html");</script>'
    assert len(trs_page_urls(html, "http://x.gov.cn/a/index.html", max_pages=50)) == 49


def test_link_roles_on_a_portal_page():
    html = """
    <a href="/zwgk/index.html">政务公开</a>
    <a href="/xxgk/zfxxgknb/">政府信息公开年报</a>
    <a href="/xxgk/zfxxgknb/2019/">2019年</a>
    <a href="/xxgk/zfxxgknb/202401/t20240115_1.html">某县2023年政府信息公开工作年度报告</a>
    <a href="/xxgk/zfxxgknb/202401/t20240110_2.html">关于做好2023年度政府信息公开工作年度报告编制工作的通知</a>
    <a href="/files/nb2023.pdf">附件：年度报告.pdf</a>
    <a href="/module/download/downfile.jsp?classid=0&filename=1.pdf">2023年报全文.pdf</a>
    <a href="index_2.html">下一页</a>
    <a href="/images/logo.png">logo</a>
    <a href="javascript:window.print()">打印</a>
    <a href="mailto:x@y.gov.cn">联系我们</a>
    """
    links = extract_links(Selector(text=html), "http://www.x.gov.cn/xxgk/zfxxgknb/index.html")
    roles = {link.url.replace("http://www.x.gov.cn", ""): link.role for link in links}
    assert roles == {
        "/zwgk/index.html": "section",
        "/xxgk/zfxxgknb/": "column",
        "/xxgk/zfxxgknb/2019/": "column",
        "/xxgk/zfxxgknb/202401/t20240115_1.html": "report",
        "/xxgk/zfxxgknb/202401/t20240110_2.html": "detail",
        "/files/nb2023.pdf": "attachment",
        "/module/download/downfile.jsp?classid=0&filename=1.pdf": "attachment",
        "/xxgk/zfxxgknb/index_2.html": "pager",
    }


def test_link_title_attribute_beats_truncated_text():
    html = '<a href="t1.html" title="长春市体育局2023年政府信息公开工作年度报告">长春市体育局2023年...</a>'
    (link,) = extract_links(Selector(text=html), "http://x.gov.cn/ndbg/")
    assert link.text == "长春市体育局2023年政府信息公开工作年度报告"
    assert link.role == "report"


def test_base_href_is_honoured():
    html = '<head><base href="http://www.x.gov.cn/col/"></head><a href="art_1.html">2020年报</a>'
    (link,) = extract_links(Selector(text=html), "http://www.x.gov.cn/other/page.html")
    assert link.url == "http://www.x.gov.cn/col/art_1.html"


def test_page_range_is_filled_from_the_last_page_link():
    html = '<a href="index_1.html">2</a><a href="index_2.html">3</a><a href="index_9.html">尾页</a>'
    page = "http://x.gov.cn/ndbg/index.html"
    links = extract_links(Selector(text=html), page)
    urls = numbered_page_urls(page, links)
    assert {f"http://x.gov.cn/ndbg/index_{n}.html" for n in range(1, 10)} <= set(urls)


def test_query_page_range_is_filled():
    html = '<a href="?uid=77&pageNum=2">下一页</a><a href="?uid=77&pageNum=4">尾页</a>'
    page = "http://x.gov.cn/col/col123/index.html?uid=77&pageNum=1"
    links = extract_links(Selector(text=html), page)
    urls = numbered_page_urls(page, links)
    assert "http://x.gov.cn/col/col123/index.html?uid=77&pageNum=3" in urls
    assert "http://x.gov.cn/col/col123/index.html?uid=77&pageNum=4" in urls


def test_calendar_and_session_links_are_traps():
    assert looks_like_trap("http://x.gov.cn/calendar?date=2024-01-02")
    assert looks_like_trap("http://x.gov.cn/list.jsp?jsessionid=ABC123&page=1")
    assert looks_like_trap("http://x.gov.cn/a/b/a/b/a/b/index.html")
    assert not looks_like_trap("http://x.gov.cn/xxgk/ndbg/202401/t20240115_1.html")
    assert not looks_like_trap("http://x.gov.cn/col/col123/index.html?uid=77&pageNum=2")


def test_attachment_detection():
    assert is_attachment_url("http://x.gov.cn/a/2023nb.PDF")
    assert is_attachment_url("http://x.gov.cn/a/report.ofd")
    assert not is_attachment_url("http://x.gov.cn/a/t20240101_1.html")


def test_page_range_starts_where_the_pager_starts():
    # 开普云-style lists number their second page index_2: no index_1 may be guessed
    html = '<a href="index_2.html">2</a><a href="index_3.html">3</a><a href="index_5.html">尾页</a>'
    page = "http://www.x.gov.cn/col/col4521/index.html"
    urls = numbered_page_urls(page, extract_links(Selector(text=html), page))
    assert "http://www.x.gov.cn/col/col4521/index_1.html" not in urls
    assert {f"http://www.x.gov.cn/col/col4521/index_{n}.html" for n in (2, 3, 4, 5)} <= set(urls)


def test_query_page_range_starts_where_the_pager_starts():
    # the first page carries no page number: pageNum=1 is nowhere to be seen, and not guessed
    html = '<a href="?uid=77&pageNum=2">2</a><a href="?uid=77&pageNum=5">尾页</a>'
    page = "http://x.gov.cn/col/col123/index.html?uid=77"
    urls = numbered_page_urls(page, extract_links(Selector(text=html), page))
    assert "http://x.gov.cn/col/col123/index.html?uid=77&pageNum=1" not in urls
    assert [u for u in urls if "pageNum" in u] == [
        f"http://x.gov.cn/col/col123/index.html?uid=77&pageNum={n}" for n in (2, 5, 3, 4)
    ]
    # a pager showing only its last page: the pages between are filled from page 2
    html = '<a href="?uid=77&pageNum=4">尾页</a>'
    page = "http://x.gov.cn/col/col123/index.html?uid=77"
    urls = numbered_page_urls(page, extract_links(Selector(text=html), page))
    assert [u for u in urls if "pageNum" in u] == [
        f"http://x.gov.cn/col/col123/index.html?uid=77&pageNum={n}" for n in (4, 2, 3)
    ]
    # on page 3 the pager links page 1 itself: it is a page of the list
    html = '<a href="?uid=77&pageNum=1">1</a><a href="?uid=77&pageNum=5">尾页</a>'
    page = "http://x.gov.cn/col/col123/index.html?uid=77&pageNum=3"
    urls = numbered_page_urls(page, extract_links(Selector(text=html), page))
    assert "http://x.gov.cn/col/col123/index.html?uid=77&pageNum=1" in urls


def test_app_state_fragments_are_kept_apart_from_in_page_anchors():
    html = (
        '<a href="/gkmlpt/index">信息公开目录</a>'
        '<a href="/gkmlpt/index#2412">政府信息公开年报</a>'
        '<a href="/app/#/list/7">年报</a>'
        '<a href="/a.html#content">正文</a>'
    )
    links = extract_links(Selector(text=html), "http://www.x.gov.cn/")
    got = [(link.url.replace("http://www.x.gov.cn", ""), link.fragment) for link in links]
    assert got == [
        ("/gkmlpt/index", ""),
        ("/gkmlpt/index", "2412"),
        ("/app/", "/list/7"),
        ("/a.html", ""),
    ]

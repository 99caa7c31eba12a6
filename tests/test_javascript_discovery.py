"""Reports listed only by JavaScript are found: through the list API, through the browser, and not
at all without JavaScript (real crawls of the demo's Hanweb portal and a "load more" portal)."""

import json
from pathlib import Path

import pytest

from demo.network import DemoNetwork
from demo.server import Response, Site
from demo.sites import lishui
from tests.crawl_runner import run_scrapy

ROOT = Path(__file__).resolve().parents[1]

MORE_HOST = "www.jinxiu.gov.cn"
COLUMN = "/zwgk/ndbg/index.html"
OLDER = "/zwgk/ndbg/index_1.html"


def _report_path(year: int) -> str:
    return f"/zwgk/ndbg/{year + 1}01/t{year + 1}0115_{year}01.html"


def _title(year: int) -> str:
    return f"锦绣县{year}年政府信息公开工作年度报告"


IN_HTML = [2023, 2022]  # listed in the column's HTML
ON_OLDER_PAGE = [2019]  # listed in the HTML of the column's second page
LOADED = {2: [2021, 2020], 3: [2018, 2017]}  # appended by "加载更多", page by page
MORE_SCRIPT = b"""(function(){
  var page = 1, button = document.getElementById("more");
  button.onclick = function(){
    page += 1;
    var x = new XMLHttpRequest();
    x.open("GET", "/zwgk/ndbg/more.json?page=" + page);
    x.onload = function(){
      var j = JSON.parse(x.responseText), list = document.getElementById("items");
      for (var i = 0; i < j.items.length; i++) {
        var li = document.createElement("li");
        li.innerHTML = '<a href="' + j.items[i].link + '">' + j.items[i].name + '</a>';
        list.appendChild(li);
      }
      if (!j.more) { button.parentNode.removeChild(button); }
    };
    x.send();
  };
})();
"""


def _page(title: str, body: str) -> Response:
    html = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_锦绣县人民政府</title>"
        f"</head><body><div class='nav'><a href='/'>首页</a></div>{body}"
        "<div class='foot'>锦绣县人民政府办公室主办</div></body></html>"
    )
    return Response(headers=[("Content-Type", "text/html; charset=utf-8")], body=html.encode())


def _items(years: list[int]) -> str:
    return "".join(f"<li><a href='{_report_path(y)}'>{_title(y)}</a></li>" for y in years)


def load_more_site() -> Site:
    site = Site(MORE_HOST)
    site.add(
        "/robots.txt", Response(headers=[("Content-Type", "text/plain")], body=b"User-agent: *\n")
    )
    site.add("/", _page("首页", f"<ul><li><a href='{COLUMN}'>政府信息公开年报</a></li></ul>"))
    site.add(
        COLUMN,
        _page(
            "政府信息公开年报",
            f"<h2>政府信息公开年报</h2><ul class='list' id='items'>{_items(IN_HTML)}</ul>"
            f"<p><a href='{OLDER}'>往年年报</a></p>"
            "<button id='more' type='button'>加载更多</button><script src='/js/more.js'></script>",
        ),
    )
    site.add(OLDER, _page("政府信息公开年报", f"<ul class='list'>{_items(ON_OLDER_PAGE)}</ul>"))
    site.add(
        "/js/more.js",
        Response(headers=[("Content-Type", "application/javascript")], body=MORE_SCRIPT),
    )
    for page, years in LOADED.items():
        answer = {
            "items": [{"name": _title(y), "link": _report_path(y)} for y in years],
            "more": page < max(LOADED),
        }
        site.add(
            f"/zwgk/ndbg/more.json?page={page}",
            Response(
                headers=[("Content-Type", "application/json")],
                body=json.dumps(answer, ensure_ascii=False).encode(),
            ),
        )
    sections = "".join(
        f"<p>{part}</p>"
        for part in (
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        )
    )
    for year in [*IN_HTML, *ON_OLDER_PAGE, *(y for ys in LOADED.values() for y in ys)]:
        site.add(_report_path(year), _page(_title(year), f"<h1>{_title(year)}</h1>{sections}"))
    return site


def expected_lishui() -> set[str]:
    expected = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
    return {r["url"] for r in expected["reports"] if r["portal"] == "lishui"}


def javascript_only_more() -> set[str]:
    return {f"http://{MORE_HOST}{_report_path(y)}" for ys in LOADED.values() for y in ys}


def run_annual_reports(registry: Path, out: Path, proxy_url: str, *settings: str):
    """``scrapy crawl annual_reports`` over ``registry``, quickly."""
    return run_scrapy(
        [
            "crawl",
            "annual_reports",
            "-a",
            f"portals={registry}",
            *(
                arg
                for setting in (
                    f"OUTPUT_DIR={out}",
                    "AUTOTHROTTLE_ENABLED=False",
                    "FETCH_ATTACHMENTS=False",
                    *settings,
                )
                for arg in ("-s", setting)
            ),
        ],
        proxy_url,
    )


def crawl(tmp_path: Path, render: str, *settings: str) -> dict:
    registry = tmp_path / "portals.toml"
    registry.write_text(
        f'[[portal]]\nid = "lishui"\nname = "{lishui.NAME}"\n'
        f'start_urls = ["http://{lishui.HOST}/"]\nrender = "{render}"\n\n'
        f'[[portal]]\nid = "jinxiu"\nname = "锦绣县人民政府"\n'
        f'start_urls = ["http://{MORE_HOST}/"]\nrender = "{render}"\n',
        encoding="utf-8",
    )
    with DemoNetwork([*lishui.build().sites, load_more_site()]) as net:
        result = run_annual_reports(
            registry, tmp_path, net.proxy_url, "DOWNLOAD_DELAY=0.05", *settings
        )
        served = {host: [r.target for r in net.log(host).records()] for host in net.hosts}
    assert result.returncode == 0, result.stderr[-3000:]
    lines = (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    found = {json.loads(line)["url"] for line in lines}
    return {"found": found, "served": served, "log": result.stderr}


@pytest.fixture(scope="module")
def auto(tmp_path_factory):
    return crawl(tmp_path_factory.mktemp("auto"), "auto")


@pytest.fixture(scope="module")
def browser_only(tmp_path_factory):
    return crawl(tmp_path_factory.mktemp("browser"), "auto", "LIST_API_DISCOVERY=False")


@pytest.fixture(scope="module")
def never(tmp_path_factory):
    return crawl(tmp_path_factory.mktemp("never"), "never")


def test_hanweb_reports_are_found_through_the_list_api_without_a_browser(auto):
    assert expected_lishui() <= auto["found"]
    served = auto["served"][lishui.HOST]
    assert any(t.startswith("/module/web/jpage/dataproxy.jsp?startrecord=1") for t in served)
    assert "/module/jslib/jpage/jpage.js" not in served  # no browser ever loaded the page
    assert "'render/list_api/hanweb-jpage': 1" in auto["log"]


def test_hanweb_reports_are_found_in_the_browser_when_list_apis_are_not_read(browser_only):
    assert expected_lishui() <= browser_only["found"]
    assert "/module/jslib/jpage/jpage.js" in browser_only["served"][lishui.HOST]
    assert "'render/browser/empty-list-container+script': 1" in browser_only["log"]


def test_reports_behind_load_more_are_found_by_clicking_in_the_browser(auto):
    assert javascript_only_more() <= auto["found"]
    served = auto["served"][MORE_HOST]
    assert {"/zwgk/ndbg/more.json?page=2", "/zwgk/ndbg/more.json?page=3"} <= set(served)
    assert "'render/browser/js-pagination': 1" in auto["log"]


def test_later_pages_of_a_rendered_column_go_straight_to_the_browser(auto):
    served = auto["served"][MORE_HOST]
    assert served.count(COLUMN) == 2  # plainly, then in the browser
    assert served.count(OLDER) == 1  # in the browser only
    assert f"http://{MORE_HOST}{_report_path(ON_OLDER_PAGE[0])}" in auto["found"]


def test_render_never_finds_none_of_the_javascript_only_reports(never):
    assert never["found"] & (expected_lishui() | javascript_only_more()) == set()
    assert {f"http://{MORE_HOST}{_report_path(y)}" for y in IN_HTML} <= never["found"]
    assert not any(t.startswith("/module/web/jpage/") for t in never["served"][lishui.HOST])

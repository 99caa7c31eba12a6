"""The simulated portals of the politeness and robustness crawls, one host per behaviour.

Politeness: robots.txt with groups, wildcards and Crawl-delay; Retry-After in seconds and as a
date; robots.txt that is missing, flaky or never answers; calendar traps in three spellings.
Robustness: a host that keeps failing next to a healthy one, anti-bot challenges, and a portal
whose report column leads to every fault a crawl meets (oversized, cut, corrupt, bomb, slow,
stalled, looping, pointing at cloud metadata), plus raw hosts that drop or hang connections.
Broken compression: reports whose first answer is a gzip/deflate/br/zstd stream cut short.
"""

from __future__ import annotations

import datetime
import gzip
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate

import brotli

try:
    from compression import zstd  # Python 3.14
except ImportError:
    from backports import zstd

from demo.server import Request, Response, Site, redirect
from tests.portal_skeleton import COLUMN, SECTION, PortalSkeleton, html_page, page, report_body
from tests.raw_sites import RawAnswer, RawSite, cut_response, plain_response


def registry_toml(portals: list[tuple[str, str, PortalSkeleton | str, dict]]) -> str:
    """``[[portal]]`` entries for (id, name, skeleton or host, extra fields)."""
    out = []
    for portal_id, name, where, extra in portals:
        url = where.url if isinstance(where, PortalSkeleton) else f"http://{where}/"
        lines = [
            "[[portal]]",
            f'id = "{portal_id}"',
            f'name = "{name}"',
            f'start_urls = ["{url}"]',
        ]
        lines += [f"{key} = {value}" for key, value in extra.items()]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


class Sequence:
    """A route answering with the given responses in turn, then the last one forever."""

    def __init__(self, *answers: Response | Callable[[Request], Response]) -> None:
        self.answers = answers
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self._lock:
            answer = self.answers[min(self.calls, len(self.answers) - 1)]
            self.calls += 1
        return answer(request) if callable(answer) else answer


def text_response(text: str, status: int = 200, headers: tuple = ()) -> Response:
    return Response(
        status=status,
        headers=[("Content-Type", "text/plain"), *headers],
        body=text.encode("utf-8"),
    )


# --- politeness -------------------------------------------------------------------------------

CRAWL_DELAY = 1.0
PORTAL_DELAY = 0.7
RETRY_AFTER_SECONDS = 2
RETRY_AFTER_DATE_SECONDS = 3
TRAP_PREFIXES = ("/calendar", "/hdrl/", f"{COLUMN}rili/")
LIXIAN_ROBOTS = f"""# robots.txt for www.lixian.gov.cn
User-agent: *
Disallow: /

User-agent: nianbao
Crawl-delay: {CRAWL_DELAY:g}
Allow: /zwgk/xxgknb/draft/public.html
Disallow: /zwgk/xxgknb/draft/
Disallow: /*.jsp$
"""
DISALLOWED = ("/zwgk/xxgknb/draft/t20240110_1.html", "/zwgk/xxgknb/search.jsp")
ALLOWED_BY_EXCEPTION = ("/zwgk/xxgknb/draft/public.html", "/zwgk/xxgknb/list.jsp?page=2")


SECOND_HOST = "xxgk.lixian.gov.cn"
# path: allowed. Whichever of them asks first (the scheduler may take them in either order), one
# disallowed page is among those that wait for that robots.txt.
SECOND_HOST_PAGES = {
    "/private/2018.html": False,
    "/nb/2019.html": True,
    "/private/2017.html": False,
}


def _lixian() -> PortalSkeleton:
    """Robots groups, Allow over Disallow, a ``$`` wildcard, Crawl-delay; two links to another
    host of the portal, which arrive there together, before its robots.txt is known."""
    second = "".join(
        f'<li><a href="http://{SECOND_HOST}{path}">临县{path[-9:-5]}年政府信息公开工作年度报告</a></li>'
        for path in SECOND_HOST_PAGES
    )
    return PortalSkeleton(
        "www.lixian.gov.cn",
        "临县",
        robots=LIXIAN_ROBOTS,
        column_extra=(
            f'<ul><li><a href="{DISALLOWED[0]}">临县2024年政府信息公开工作年度报告（送审稿）</a></li>'
            f'<li><a href="{ALLOWED_BY_EXCEPTION[0]}">临县2020年政府信息公开工作年度报告</a></li>'
            f'<li><a href="{DISALLOWED[1]}">站内检索</a></li>{second}</ul>'
            f'<div class="page"><a href="{ALLOWED_BY_EXCEPTION[1]}">下一页</a></div>'
        ),
        overrides={
            ALLOWED_BY_EXCEPTION[0]: page(
                "临县2020年政府信息公开工作年度报告", report_body("临县", 2020)
            ),
            ALLOWED_BY_EXCEPTION[1]: page("政府信息公开年报_临县人民政府", "<p>第2页</p>"),
        },
    )


def _lixian_platform() -> Site:
    """The portal's open-information platform: a slow robots.txt that disallows /private/."""
    site = Site(SECOND_HOST)
    robots = text_response("User-agent: *\nDisallow: /private/\n")
    robots.delay = 0.3
    site.add("/robots.txt", robots)
    for path in SECOND_HOST_PAGES:
        year = int(path[-9:-5])
        site.add(path, page(f"临县{year}年政府信息公开工作年度报告", report_body("临县", year)))
    return site


def _http_date_in(seconds: float) -> str:
    return formatdate(time.time() + seconds, usegmt=True)


def _xianliu() -> PortalSkeleton:
    """429 with Retry-After seconds, 503 with an HTTP-date, 429 with no Retry-After."""
    skeleton = PortalSkeleton("www.xianliu.gov.cn", "县流")
    site = skeleton.site()
    paths = [skeleton.report_path(y) for y in skeleton.years]
    busy = text_response("Too Many Requests", 429, (("Retry-After", str(RETRY_AFTER_SECONDS)),))
    skeleton.overrides = {
        COLUMN: Sequence(busy, site.routes[COLUMN]),
        paths[0]: Sequence(
            lambda request: text_response(
                "Service Unavailable",
                503,
                (("Retry-After", _http_date_in(RETRY_AFTER_DATE_SECONDS)),),
            ),
            site.routes[paths[0]],
        ),
        paths[1]: Sequence(text_response("Too Many Requests", 429), site.routes[paths[1]]),
    }
    return skeleton


def _wuzhi() -> PortalSkeleton:
    """No robots.txt at all (404): everything is allowed. Its registry entry sets a delay."""
    skeleton = PortalSkeleton("www.wuzhi.gov.cn", "武陟县")
    skeleton.overrides = {"/robots.txt": text_response("Not Found", 404)}
    return skeleton


def _shangcheng() -> PortalSkeleton:
    """robots.txt answers 503 twice, then rules."""
    skeleton = PortalSkeleton("www.shangcheng.gov.cn", "商城县")
    robots = "User-agent: *\nDisallow: /zwgk/xxgknb/old/\n"
    unavailable = text_response("Service Unavailable", 503)
    skeleton.overrides = {"/robots.txt": Sequence(unavailable, unavailable, text_response(robots))}
    return skeleton


def _gushi() -> PortalSkeleton:
    """robots.txt never answers with anything but 500."""
    skeleton = PortalSkeleton("www.gushi.gov.cn", "固始县")
    skeleton.overrides = {"/robots.txt": text_response("Internal Server Error", 500)}
    return skeleton


def _calendar_markup(day: datetime.date, link: Callable[[datetime.date], str]) -> str:
    """A month view of an event calendar: every day linked by its number, months by 上一页/下一页."""
    first = day.replace(day=1)
    days = "".join(
        f'<a href="{link(first + datetime.timedelta(days=i))}">{i + 1}</a> '
        for i in range(28)
        if (first + datetime.timedelta(days=i)).month == first.month
    )
    before = first - datetime.timedelta(days=1)
    after = first + datetime.timedelta(days=32)
    return (
        f"<h3>{day.year}年{day.month}月{day.day}日 政务活动</h3><p>今日暂无公开活动安排。</p>"
        f'<div class="calendar">{days}</div>'
        f'<p><a href="{link(before)}">上一页</a> <a href="{link(after)}">下一页</a></p>'
    )


def _calendar_route(parse: Callable[[Request], datetime.date], link: Callable) -> Callable:
    def route(request: Request) -> Response:
        try:
            day = parse(request)
        except (ValueError, IndexError, KeyError):
            day = datetime.date(2024, 1, 1)
        return page("政务活动日历", _calendar_markup(day, link))

    return route


def _by_query(day: datetime.date) -> str:
    return f"/calendar?date={day.isoformat()}"


def _by_path(day: datetime.date) -> str:
    return f"/hdrl/{day.year}/{day.month:02d}/{day.day:02d}/"


def _by_file(day: datetime.date) -> str:
    return f"{COLUMN}rili/cal_{day:%Y%m%d}.html"


def _yizhang() -> tuple[PortalSkeleton, Site]:
    """Endless event calendars linked from the home page and from the report column itself."""
    start = datetime.date(2024, 1, 1)
    skeleton = PortalSkeleton(
        "www.yizhang.gov.cn",
        "宜章县",
        home_extra=(
            f'<div class="rili"><a href="{_by_query(start)}">政务活动日历</a> '
            f'<a href="{_by_path(start)}">活动日历</a></div>'
        ),
        column_extra=_calendar_markup(start, _by_file),
    )
    site = skeleton.site()
    site.add(
        "/calendar",
        _calendar_route(lambda r: datetime.date.fromisoformat(r.args()["date"]), _by_query),
    )
    site.add_prefix(
        "/hdrl/",
        _calendar_route(
            lambda r: datetime.date(*map(int, r.path.strip("/").split("/")[1:4])), _by_path
        ),
    )
    site.add_prefix(
        f"{COLUMN}rili/",
        _calendar_route(
            lambda r: datetime.datetime.strptime(r.path[-13:-5], "%Y%m%d").date(), _by_file
        ),
    )
    return skeleton, site


def politeness_network() -> tuple[list[Site], str]:
    """The sites of the politeness crawl and its registry."""
    lixian, xianliu, wuzhi = _lixian(), _xianliu(), _wuzhi()
    shangcheng, gushi = _shangcheng(), _gushi()
    yizhang, yizhang_site = _yizhang()
    sites = [s.site() for s in (lixian, xianliu, wuzhi, shangcheng, gushi)]
    sites += [yizhang_site, _lixian_platform()]
    registry = registry_toml(
        [
            ("lixian", "临县人民政府", lixian, {}),
            ("xianliu", "县流人民政府", xianliu, {}),
            ("wuzhi", "武陟县人民政府", wuzhi, {"download_delay": PORTAL_DELAY}),
            ("shangcheng", "商城县人民政府", shangcheng, {}),
            ("gushi", "固始县人民政府", gushi, {}),
            ("yizhang", "宜章县人民政府", yizhang, {}),
        ]
    )
    return sites, registry


# --- robustness -------------------------------------------------------------------------------

MAXSIZE = 100_000
FAULTS_HOST = "www.jiahe.gov.cn"
FAULT_PAGES = {
    # path: year used in its link text (each link reads as an annual report, so it is followed)
    "meta.html": 2019,
    "loop-a.html": 2018,
    "big.html": 2017,
    "bomb.html": 2016,
    "trunc-gz.html": 2015,
    "notgz.html": 2014,
    "slow.html": 2013,
    "stall.html": 2012,
    "malformed.html": 2011,
    "badcharset.html": 2010,
}
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
RUISHU_412 = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; '
    'charset=utf-8"><meta id="9DhefwqGPrzGxEp9hPaoag" content="Zb1nCAPwsT" r="m">'
    "<script type=\"text/javascript\">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=41215;"
    '$_ts.cd="qqqrrpAlDqcqcGEpqqqlr";</script>'
    '<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js" '
    'r="m"></script></head><body></body></html>'
)
JIASULE_521 = (
    "<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+"
    "('e')+('a')+('r')+('a')+('n')+('c')+('e')+('=')+(+!+[]+'')+'691234.567|0|'+"
    "'x7gTf8%2F9rQ%3D';location.href=location.pathname+location.search</script></body></html>"
)
CAPTCHA_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title></head><body>'
    '<div class="verify"><p>请完成安全验证后继续访问</p><div id="nc_captcha"></div>'
    "<p>请按住滑块，拖动到最右边</p></div></body></html>"
)
JS_COOKIE_PAGE = (
    "<html><head><script>var x='a9f3b1';document.cookie='verify_'+'token='+x+'; path=/';"
    "window.location.reload();</script></head><body></body></html>"
)


def _report_html(region: str, year: int, padding: int = 0) -> bytes:
    title = f"{region}{year}年政府信息公开工作年度报告"
    filler = f"<!-- {'x' * padding} -->" if padding else ""
    return html_page(title, report_body(region, year) + filler).encode("utf-8")


def _gzip_headers() -> list[tuple[str, str]]:
    return [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]


def _faults_portal() -> PortalSkeleton:
    region = "嘉禾县"
    fault = f"{COLUMN}fault/"
    skeleton = PortalSkeleton(
        FAULTS_HOST,
        region,
        years=(),
        column_extra="<ul>"
        + "".join(
            f'<li><a href="{fault}{name}">{region}{year}年政府信息公开工作年度报告</a></li>'
            for name, year in FAULT_PAGES.items()
        )
        + "</ul>",
    )
    report = _report_html(region, 2014)
    compressed = gzip.compress(report, mtime=0)
    malformed = (
        "<html><head><title>嘉禾县2011年政府信息公开工作年度报告</title><body><table><tr><td>"
        "一、总体情况<td><p>主动公开<b>政府信息<tr><td>二、主动公开政府信息情况<div></span>"
    ).encode() + b"\x00\xff\xfe<<<>>></html"
    skeleton.overrides = {
        f"{fault}meta.html": redirect(METADATA_URL, 302),
        f"{fault}loop-a.html": redirect(f"http://{FAULTS_HOST}{fault}loop-b.html", 302),
        f"{fault}loop-b.html": redirect(f"http://{FAULTS_HOST}{fault}loop-a.html", 302),
        f"{fault}big.html": Response(
            headers=[("Content-Type", "text/html; charset=utf-8")],
            body=_report_html(region, 2017, padding=3 * MAXSIZE),
        ),
        f"{fault}bomb.html": Response(
            headers=_gzip_headers(),
            body=gzip.compress(b"<html><body>" + b" " * (50 * MAXSIZE) + b"</body></html>"),
        ),
        f"{fault}trunc-gz.html": Response(
            headers=_gzip_headers(), body=compressed[: len(compressed) // 2]
        ),
        f"{fault}notgz.html": Response(headers=_gzip_headers(), body=report),
        f"{fault}slow.html": Response(
            headers=[("Content-Type", "text/html; charset=utf-8")],
            body=_report_html(region, 2013),
            delay=0.1,
            chunk_size=1500,
        ),
        f"{fault}stall.html": Response(
            headers=[("Content-Type", "text/html; charset=utf-8")],
            body=_report_html(region, 2012, padding=8000),
            delay=0.4,
            chunk_size=500,
        ),
        f"{fault}malformed.html": Response(
            headers=[("Content-Type", "text/html; charset=utf-8")], body=malformed
        ),
        f"{fault}badcharset.html": Response(
            headers=[("Content-Type", "text/html; charset=x-no-such-charset")],
            body=_report_html(region, 2010).decode("utf-8").encode("gbk"),
        ),
    }
    return skeleton


def _guzhang() -> PortalSkeleton:
    """Answers its home page, then fails everything: 500s and connections closed unanswered."""

    def reset(request: Request) -> Response:
        raise ConnectionResetError("closed without answering")

    skeleton = PortalSkeleton("www.guzhang.gov.cn", "古丈县")
    server_error = text_response("Internal Server Error", 500)
    skeleton.home_extra = "".join(
        f'<a href="{COLUMN}{y}/">古丈县{y}年政府信息公开工作年度报告</a>' for y in range(2016, 2024)
    )
    skeleton.overrides = {
        SECTION: server_error,
        COLUMN: reset,
        **{f"{COLUMN}{y}/": (reset if y % 2 else server_error) for y in range(2016, 2024)},
    }
    return skeleton


def _challenged(host: str, region: str, kind: str) -> PortalSkeleton:
    skeleton = PortalSkeleton(host, region)
    if kind == "ruishu":
        answer = Response(
            status=412, headers=[("Content-Type", "text/html")], body=RUISHU_412.encode()
        )
        skeleton.overrides = {"/": answer}
    elif kind == "jiasule":
        answer = Response(
            status=521,
            headers=[("Content-Type", "text/html"), ("Set-Cookie", "__jsluid_h=0c1d; path=/")],
            body=JIASULE_521.encode(),
        )
        skeleton.overrides = {"/": answer}
    else:  # the home page answers; the open-information section asks for a CAPTCHA, twice
        skeleton.overrides = {
            SECTION: page(
                "政务公开",
                f'<a href="{COLUMN}">政府信息公开年报</a> <a href="/zwgk/yjs/">依申请公开</a>',
            ),
            COLUMN: Response(
                headers=[("Content-Type", "text/html; charset=utf-8")], body=CAPTCHA_PAGE.encode()
            ),
            "/zwgk/yjs/": Response(
                headers=[("Content-Type", "text/html")], body=JS_COOKIE_PAGE.encode()
            ),
        }
    return skeleton


def _raw_cut_host() -> RawSite:
    """Connections that drop mid-body, plain and gzip-encoded."""
    site = RawSite("www.duanlian.gov.cn")
    site.add("/robots.txt", plain_response(b"User-agent: *\nAllow: /\n", "text/plain"))
    links = "".join(
        f'<a href="/{name}">断联县{year}年政府信息公开工作年度报告</a>'
        for name, year in (("cut.html", 2022), ("cut-gz.html", 2021))
    )
    site.add("/", plain_response(html_page("断联县人民政府", links).encode("utf-8")))
    report = _report_html("断联县", 2022, padding=4000)
    site.add("/cut.html", cut_response(report, len(report) // 3))
    compressed = gzip.compress(_report_html("断联县", 2021, padding=4000), mtime=0)
    site.add(
        "/cut-gz.html",
        cut_response(
            compressed,
            len(compressed) // 2,
            "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip",
        ),
    )
    return site


def _raw_hang_host() -> RawSite:
    """A page whose answer never comes in time."""
    site = RawSite("www.chaoshi.gov.cn")
    site.add("/robots.txt", plain_response(b"User-agent: *\nAllow: /\n", "text/plain"))
    link = '<a href="/hang.html">超时县2022年政府信息公开工作年度报告</a>'
    site.add("/", plain_response(html_page("超时县人民政府", link).encode("utf-8")))
    site.add("/hang.html", RawAnswer(plain_response(b"late").data, delay=30.0))
    return site


def robustness_network() -> tuple[list[Site], list[RawSite], str]:
    """The sites of the robustness crawl (demo and raw) and its registry."""
    healthy = PortalSkeleton("www.hegui.gov.cn", "合规县")
    failing = _guzhang()
    faults = _faults_portal()
    ruishu = _challenged("www.jianghua.gov.cn", "江华县", "ruishu")
    jiasule = _challenged("www.ningyuan.gov.cn", "宁远县", "jiasule")
    captcha = _challenged("www.daoxian.gov.cn", "道县", "captcha")
    raw = [_raw_cut_host(), _raw_hang_host()]
    skeletons = [healthy, failing, faults, ruishu, jiasule, captcha]
    registry = registry_toml(
        [
            ("hegui", "合规县人民政府", healthy, {}),
            ("guzhang", "古丈县人民政府", failing, {}),
            ("jiahe", "嘉禾县人民政府", faults, {}),
            ("jianghua", "江华县人民政府", ruishu, {}),
            ("ningyuan", "宁远县人民政府", jiasule, {}),
            ("daoxian", "道县人民政府", captcha, {}),
            ("duanlian", "断联县人民政府", "www.duanlian.gov.cn", {}),
            ("chaoshi", "超时县人民政府", "www.chaoshi.gov.cn", {}),
        ]
    )
    return [s.site() for s in skeletons], raw, registry


# --- broken compression -----------------------------------------------------------------------

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda data: gzip.compress(data, mtime=0),
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
}
CUT_ONCE_HOST = "www.qingyuan.gov.cn"
CUT_ONCE = {2023: "gzip", 2022: "deflate", 2021: "br", 2020: "zstd"}  # year: coding cut once
ALWAYS_CUT = 2019  # its gzip stream is cut short every time it is asked for


def _encoded(region: str, year: int, coding: str, cut: bool) -> Response:
    stream = COMPRESSORS[coding](_report_html(region, year, padding=2000))
    return Response(
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", coding)],
        body=stream[: len(stream) // 2] if cut else stream,
    )


def cut_once_portal() -> PortalSkeleton:
    """Reports whose first answer is a compressed stream the server cut short (then whole), and
    one whose stream is always cut."""
    region = "庆元县"
    skeleton = PortalSkeleton(CUT_ONCE_HOST, region, years=(*CUT_ONCE, ALWAYS_CUT))
    skeleton.overrides = {
        skeleton.report_path(year): Sequence(
            _encoded(region, year, coding, cut=True), _encoded(region, year, coding, cut=False)
        )
        for year, coding in CUT_ONCE.items()
    }
    skeleton.overrides[skeleton.report_path(ALWAYS_CUT)] = _encoded(
        region, ALWAYS_CUT, "gzip", cut=True
    )
    return skeleton

"""佛山市高明区人民政府 (www.gaoming.gov.cn): a Guangdong 政府信息公开平台 (gkmlpt). Its 年报
page lists nothing without script: the list is JSON, five a page, the second page only behind a
下一页 control without an address; details carry the platform box (发布机构 the general office,
成文日期 the day before 发布日期); a 法治政府建设年度报告 heads the 年报 list; the home page
carries a news item about the 2023 report."""

from __future__ import annotations

from datetime import date, timedelta

from tests.holdout3_sites import chrome_gkmlpt as gk
from tests.holdout3_sites import lookalikes
from tests.holdout3_sites.prose import Voice
from tests.holdout3_sites.reports import ReportSpec
from tests.holdout3_sites.serving import cacheable
from tests.holdout3_sites.world import Portal, moment

HOST = "www.gaoming.gov.cn"
BASE = f"http://{HOST}"
NAME = "佛山市高明区人民政府"
REGION = "广东省佛山市高明区"
SID = "757100"
CATALOG = "1482"
ROBOTS = "User-agent: *\nDisallow: /gkmlpt/search\n"
FOOTER = (
    "<p>主办单位：佛山市高明区人民政府办公室 网站标识码：4406080001</p>"
    "<p>粤ICP备05012345号 粤公网安备 44060802000789号</p>"
    "<p><a href='http://www.foshan.gov.cn/'>佛山市人民政府</a> <a href='http://www.gd.gov.cn/'>广东省人民政府</a></p>"
)
DISTRICT = Voice(
    agency=NAME,
    own_name="高明区",
    we="我区",
    office="佛山市高明区人民政府办公室",
    address="佛山市高明区荷城街道文华路388号",
    phone="0757-88286123",
    website="佛山市高明区人民政府网站",
)
FINANCE = Voice(
    agency="佛山市高明区财政局",
    own_name="高明区财政局",
    we="我局",
    office="佛山市高明区财政局办公室",
    address="佛山市高明区荷城街道中山路102号",
    phone="0757-88280456",
    website="佛山市高明区人民政府网站",
)


def _specs() -> list[tuple[str, ReportSpec]]:
    office = "佛山市高明区人民政府办公室"
    return [
        (
            "/gkmlpt/content/5/5521/post_5521876.html",
            ReportSpec(
                key="gaoming-czj-2023",
                title="佛山市高明区财政局2023年政府信息公开工作年度报告",
                agency="佛山市高明区财政局",
                region=REGION,
                year=2023,
                published=date(2024, 1, 24),
                form="2021",
                voice=FINANCE,
                dress="th",
                publisher="佛山市高明区财政局",
                signature="佛山市高明区财政局",
            ),
        ),
        (
            "/gkmlpt/content/5/5512/post_5512345.html",
            ReportSpec(
                key="gaoming-2023",
                title="佛山市高明区人民政府2023年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2023,
                published=date(2024, 1, 18),
                form="2021",
                voice=DISTRICT,
                dress="word",
                publisher=office,
                scale=3,
                notes=["发布机构 is the district's general office"],
            ),
        ),
        (
            "/gkmlpt/content/5/5134/post_5134567.html",
            ReportSpec(
                key="gaoming-2022",
                title="高明区2022年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2022,
                published=date(2023, 1, 16),
                form="2021",
                voice=DISTRICT,
                dress="ue",
                publisher=office,
                scale=3,
            ),
        ),
        (
            "/gkmlpt/content/4/4876/post_4876543.html",
            ReportSpec(
                key="gaoming-2021",
                title="佛山市高明区2021年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2021,
                published=date(2022, 1, 20),
                form="2021",
                voice=DISTRICT,
                dress="plain",
                publisher=office,
                scale=2,
            ),
        ),
        (
            "/gkmlpt/content/4/4123/post_4123456.html",
            ReportSpec(
                key="gaoming-2019",
                title="佛山市高明区人民政府2019年政府信息公开工作年度报告",
                agency=NAME,
                region=REGION,
                year=2019,
                published=date(2020, 1, 15),
                form="2019",
                voice=DISTRICT,
                dress="th",
                publisher=office,
                scale=2,
                notes=["on the second page of the app's list only"],
            ),
        ),
    ]


def _box(title: str, publisher: str, published: date, number: str) -> list[tuple[str, str]]:
    return [
        ("索引号", f"11440608007012345K/{published.year}-{number}"),
        ("分类", "政府信息公开年报"),
        ("发布机构", publisher),
        ("成文日期", (published - timedelta(days=1)).isoformat()),
        ("名称", title),
        ("文号", ""),
        ("发布日期", published.isoformat()),
    ]


def build(version: int) -> Portal:
    portal = Portal(
        id="gaoming",
        name=NAME,
        region=REGION,
        start_urls=[f"{BASE}/"],
        version=version,
        exercises=[
            "gkmlpt platform: /gkmlpt/annualreport is a script app; its list is JSON from "
            "/gkmlpt/api/annualreport?sid=757100&page=N&size=5, links carry a #1482 fragment",
            "the 2019 report is on the list's second page, reached only by a 下一页 control "
            "without an address",
            "details: 发布机构 佛山市高明区人民政府办公室, 成文日期 the day before 发布日期",
            "高明区财政局's report in the same list",
            "look-alikes: 法治政府建设年度报告 first in the 年报 list, a news item about the 2023 "
            "report on the home page",
        ],
    )
    last = moment(date(2024, 4, 3))
    portal.robots(HOST, ROBOTS, date(2024, 4, 3))
    portal.serve(
        f"{BASE}/gkmlpt/static/js/annualreport.js",
        cacheable(
            gk.APP_JS.encode(), [("Content-Type", "application/javascript")], last_modified=last
        ),
    )
    portal.serve(
        f"{BASE}/gkmlpt/static/css/gkmlpt.css",
        cacheable(
            b".gk-main{width:1200px;margin:0 auto}.loading{color:#999}",
            [("Content-Type", "text/css")],
            last_modified=last,
        ),
    )

    def shell(title: str, main: str, head_extra: str = "") -> str:
        return gk.shell(NAME, title, main, footer=FOOTER, head_extra=head_extra)

    articles: list[dict] = []
    for path, spec in _specs():
        url = f"{BASE}{path}"
        number = path.rsplit("_", 1)[1][:7][-5:]
        box = _box(spec.title, spec.publisher or "", spec.published, number)
        metas = f'<meta name="ArticleTitle" content="{spec.title}"><meta name="PubDate" content="{spec.published.isoformat()} 10:12">'
        portal.page(
            url,
            shell(spec.title, gk.detail(spec.title, box, spec.body_html()), metas),
            modified=spec.published,
        )
        portal.report(spec.truth(url, portal.id))
        articles.append(
            {
                "title": spec.title,
                "url": f"{url}#{CATALOG}",
                "date": spec.published.isoformat(),
                "publisher": spec.publisher,
            }
        )
        if version == 2:
            portal.change(url, "unchanged", "as before")

    title, paragraphs = lookalikes.rule_of_law_report(NAME, 2023)
    path = "/gkmlpt/content/5/5587/post_5587654.html"
    day = date(2024, 3, 28)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    portal.page(
        f"{BASE}{path}",
        shell(title, gk.detail(title, _box(title, "佛山市高明区司法局", day, "87654"), body)),
        modified=day,
    )
    portal.negative(f"{BASE}{path}", "法治政府建设年度报告, first in the platform's 年报 list")
    articles.append(
        {
            "title": title,
            "url": f"{BASE}{path}#{CATALOG}",
            "date": day.isoformat(),
            "publisher": "佛山市高明区司法局",
        }
    )
    articles.sort(key=lambda a: a["date"], reverse=True)
    portal.serve(f"{BASE}/gkmlpt/api/annualreport", gk.annual_api(lambda: articles))
    portal.page(
        f"{BASE}/gkmlpt/annualreport",
        shell("政府信息公开年报", gk.app(SID, 5)),
        modified=date(2024, 3, 28),
    )

    policy_title = "佛山市高明区人民政府关于印发高明区2024年十件民生实事的通知"
    policy_path = "/gkmlpt/content/5/5498/post_5498765.html"
    policy = "<p>各镇人民政府、街道办事处，区政府各部门：现将《高明区2024年十件民生实事》印发给你们，请认真组织实施。</p>"
    portal.page(
        f"{BASE}{policy_path}",
        shell(
            policy_title,
            gk.detail(
                policy_title,
                _box(policy_title, "佛山市高明区人民政府办公室", date(2024, 1, 10), "98765"),
                policy,
            ),
        ),
        modified=date(2024, 1, 10),
    )
    index_main = (
        '<div class="gk-side"><h3>信息公开目录</h3><ul class="gk-tree">'
        '<li><a href="/gkmlpt/guide">政府信息公开指南</a></li>'
        '<li><a href="/gkmlpt/annualreport">政府信息公开年报</a></li></ul></div>'
        f'<div class="gk-list"><h3>最新信息</h3><ul><li><a href="{policy_path}#{CATALOG}">{policy_title}</a><span>2024-01-10</span></li></ul></div>'
    )
    portal.page(
        f"{BASE}/gkmlpt/index", shell("信息公开目录", index_main), modified=date(2024, 3, 28)
    )
    guide = "<p>本指南根据《中华人民共和国政府信息公开条例》编制。高明区人民政府办公室负责本级政府信息公开日常工作。</p>"
    portal.page(
        f"{BASE}/gkmlpt/guide",
        shell("政府信息公开指南", gk.detail("佛山市高明区人民政府信息公开指南", [], guide)),
        modified=date(2023, 6, 1),
    )

    news_title, paragraphs = lookalikes.report_news(
        "高明区", 2023, "来源：高明区政务服务数据管理局"
    )
    news_path = "/gmxw/content/post_5513201.html"
    news = "".join(f"<p>{p}</p>" for p in paragraphs)
    news_main = f'<div class="news"><h1>{news_title}</h1><div class="info">发布时间：2024-01-19 17:20 来源：高明区政务服务数据管理局</div><div class="news-content">{news}</div></div>'
    portal.page(f"{BASE}{news_path}", shell(news_title, news_main), modified=date(2024, 1, 19))
    portal.negative(f"{BASE}{news_path}", "news item about the 2023 report (高明区发布…年度报告)")
    home_main = (
        '<div class="home-news"><h2>高明要闻</h2><ul>'
        f'<li><a href="{news_path}">{news_title}</a></li></ul></div>'
        '<div class="home-gk"><h2>政府信息公开</h2><ul><li><a href="/gkmlpt/index">政府信息公开目录</a></li>'
        '<li><a href="/gkmlpt/guide">政府信息公开指南</a></li><li><a href="/gkmlpt/annualreport">政府信息公开年报</a></li></ul></div>'
    )
    portal.page(f"{BASE}/", shell(NAME, home_main), modified=date(2024, 3, 28))
    return portal

"""A small county portal as the crawler meets it: home → 政务公开 → 政府信息公开年报 → reports.

Each politeness or robustness site starts from this skeleton and replaces or adds the pages its
fault needs, so every test crawl walks the same realistic path a real portal offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from demo.server import Response, Route, Site

SECTION = "/zwgk/"
COLUMN = "/zwgk/xxgknb/"


def html_page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><div class="top"><a href="/">首页</a> <a href="{SECTION}">政务公开</a></div>'
        f'<div class="main">{body}</div>'
        f'<div class="footer">主办单位：县人民政府办公室 备案号：湘ICP备00000000号</div></body></html>'
    )


def page(title: str, body: str, status: int = 200, **options: object) -> Response:
    return Response(
        status=status,
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=html_page(title, body).encode("utf-8"),
        **options,  # type: ignore[arg-type]
    )


def report_body(region: str, year: int) -> str:
    """A report following the 2021 national template, enough for the classifier to say yes."""
    title = f"{region}{year}年政府信息公开工作年度报告"
    parts = [
        f"<h1>{title}</h1>",
        f"<p>本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和有关规定编制。"
        f"本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        f"政府信息公开行政复议行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。"
        f"所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>",
        "<h2>一、总体情况</h2><p>全年主动公开政府信息1234条，依申请公开工作平稳有序。</p>",
        "<h2>二、主动公开政府信息情况</h2><p>主动公开规章和规范性文件12件，政府信息公开平台持续完善。</p>",
        "<h2>三、收到和处理政府信息公开申请情况</h2><p>收到政府信息公开申请56件，均按期答复。</p>",
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2><p>因政府信息公开被申请行政复议2件。</p>",
        "<h2>五、存在的主要问题及改进情况</h2><p>政府信息公开工作仍存在不足，将进一步加强。</p>",
        "<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p>",
    ]
    return "".join(parts)


@dataclass
class PortalSkeleton:
    """The pages of one portal; ``column_extra`` is markup added to the report column page."""

    host: str
    region: str
    years: tuple[int, ...] = (2023, 2022, 2021)
    robots: str = "User-agent: *\nAllow: /\n"
    column_extra: str = ""
    home_extra: str = ""
    overrides: dict[str, Route] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}/"

    def report_path(self, year: int) -> str:
        return f"{COLUMN}{year + 1}01/t{year + 1}0115_{1000 + year}.html"

    def site(self) -> Site:
        site = Site(self.host)
        pages: dict[str, Route] = {
            "/robots.txt": Response(
                headers=[("Content-Type", "text/plain")], body=self.robots.encode("utf-8")
            ),
            "/": page(
                f"{self.region}人民政府",
                f'<ul class="nav"><li><a href="{SECTION}">政务公开</a></li></ul>{self.home_extra}',
            ),
            SECTION: page(
                f"政务公开_{self.region}人民政府",
                f'<ul><li><a href="{COLUMN}">政府信息公开年报</a></li></ul>',
            ),
            COLUMN: page(
                f"政府信息公开年报_{self.region}人民政府",
                '<h2>政府信息公开年报</h2><ul class="list">'
                + "".join(
                    f'<li><a href="{self.report_path(y)}">'
                    f"{self.region}{y}年政府信息公开工作年度报告</a></li>"
                    for y in self.years
                )
                + f"</ul>{self.column_extra}",
            ),
        }
        for year in self.years:
            title = f"{self.region}{year}年政府信息公开工作年度报告"
            pages[self.report_path(year)] = page(title, report_body(self.region, year))
        pages.update(self.overrides)
        for target, route in pages.items():
            site.add(target, route)
        return site

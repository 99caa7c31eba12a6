"""Page chrome of UCAP-style county portals (开普云): ``*.shtml`` pages, 19-digit article ids,
year sub-columns (``2021n/index.shtml``), the body inside ``<ucapcontent>``.
"""

from __future__ import annotations

import hashlib
import html

from demo.sites.model import ArticlePage, ListEntry, SiteTheme


def snowflake_id(key: str) -> str:
    """A stable 19-digit id like the ones these CMSes give articles (1487653245189652482)."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return str(1_400_000_000_000_000_000 + digest % 500_000_000_000_000_000)


def _head(theme: SiteTheme, title: str, metas: list[tuple[str, str]]) -> str:
    meta = "\n".join(f'<meta name="{n}" content="{html.escape(v)}" />' for n, v in metas)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}" />
<meta name="SiteDomain" content="{theme.host}" />
<meta name="SiteIDCode" content="{theme.site_code}" />
{meta}
<link rel="stylesheet" href="/ucap/css/style.css" />
</head>
<body>"""


def _header(theme: SiteTheme) -> str:
    nav = " ".join(f'<li><a href="{href}">{name}</a></li>' for name, href in theme.nav)
    return f"""<div class="head"><div class="head-in"><h1 class="site-name"><a href="/index.shtml">{theme.site_name}</a></h1>
<div class="tools"><a href="/index.shtml">设为首页</a> | <a href="javascript:;">加入收藏</a> | <a href="/wza/index.shtml">无障碍</a></div></div></div>
<div class="menu"><ul>{nav}</ul></div>"""


def _location(crumbs: list[tuple[str, str]]) -> str:
    links = " &gt; ".join(f'<a href="{href}">{name}</a>' for name, href in crumbs)
    return f'<div class="location">您当前的位置：{links}</div>'


def _footer(theme: SiteTheme) -> str:
    return f"""<div class="foot"><p><a href="/wzdt/index.shtml">网站地图</a> | <a href="/lxwm/index.shtml">联系我们</a></p>
<p>主办：{theme.organizer}　地址：{theme.address}　电话：{theme.phone}</p>
<p>网站标识码：{theme.site_code}　<a href="https://beian.miit.gov.cn/">{theme.icp}</a>　{theme.police}</p></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body_html: str) -> str:
    return (
        _head(theme, f"{title}-{theme.site_name}", [])
        + _header(theme)
        + _location(crumbs)
        + f'<div class="main"><div class="lm-title">{title}</div>{body_html}</div>'
        + _footer(theme)
    )


def column_page(
    theme: SiteTheme,
    name: str,
    crumbs: list[tuple[str, str]],
    entries: list[ListEntry],
    tabs: list[tuple[str, str]] | None = None,
) -> str:
    """A list page; ``tabs`` are the year sub-columns shown above it."""
    tab_html = ""
    if tabs:
        tab_html = (
            '<div class="tabs">'
            + "".join(f'<a href="{href}">{text}</a>' for text, href in tabs)
            + "</div>"
        )
    items = "\n".join(
        f'<li><span class="date">[{e.date}]</span><a href="{e.href}" target="_blank" '
        f'title="{html.escape(e.title)}">{html.escape(e.title)}</a></li>'
        for e in entries
    )
    body = f'<div class="lm-title">{name}</div>{tab_html}<ul class="list">\n{items}\n</ul>'
    return (
        _head(theme, f"{name}-{theme.site_name}", [("ColumnName", name)])
        + _header(theme)
        + _location(crumbs)
        + f'<div class="main">{body}</div>'
        + _footer(theme)
    )


def article_page(theme: SiteTheme, page: ArticlePage, column: str) -> str:
    attachments = "".join(
        f'<li><a href="{href}">{html.escape(name)}</a></li>' for href, name in page.attachments
    )
    if attachments:
        attachments = f'<div class="fj"><b>附件：</b><ul>{attachments}</ul></div>'
    metas = [
        ("ColumnName", column),
        ("ArticleTitle", page.title),
        ("PubDate", f"{page.published} {page.time}:00"),
        ("ContentSource", page.source),
    ]
    return (
        _head(theme, f"{page.title}-{theme.site_name}", metas)
        + _header(theme)
        + _location(page.crumbs)
        + f"""<div class="main">
<div class="xxgk-info"><ul>
<li><b>索引号：</b>{page.index_no}</li><li><b>发布机构：</b>{page.source}</li>
<li><b>公开目录：</b>{column}</li><li><b>发布日期：</b>{page.published}</li>
<li><b>文号：</b>{page.doc_no}</li><li><b>主题分类：</b>{page.topic}</li>
</ul></div>
<div class="article"><h2 class="art-title">{html.escape(page.title)}</h2>
<div class="art-sub">来源：{page.source}　发布时间：{page.published} {page.time}　【字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="art-content"><ucapcontent>{page.body_html}</ucapcontent></div>
{attachments}
<div class="art-btns"><a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div>
</div></div>"""
        + _footer(theme)
    )

"""Chrome of two home-grown Java CMSes: a zone portal with 19-digit ids and ``?page=N`` lists,
and a county 政府信息公开平台 on its own subdomain that lists items in a 索引号 table.
"""

from __future__ import annotations

import html

from demo.sites.model import ArticlePage, ListEntry, SiteTheme


def _page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], main: str, metas=()) -> str:
    meta = "".join(f'<meta name="{n}" content="{html.escape(v)}">\n' for n, v in metas)
    trail = " → ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}">
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}">
{meta}</head>
<body bgcolor="#ffffff">
<div id="top"><img src="/images/banner.jpg" alt="{theme.site_name}"><span class="sitename">{theme.site_name}</span></div>
<div id="menu"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
<div id="path">所在位置：{trail}</div>
<div id="main">{main}</div>
<div id="bottom">主办单位：{theme.organizer}　网站标识码：{theme.site_code}　{theme.icp}<br>建议使用1024*768分辨率浏览</div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(theme, f"{theme.site_name}-{title}", crumbs, f"<h3>{title}</h3>{body}")


def list_page(
    theme: SiteTheme,
    name: str,
    crumbs: list[tuple[str, str]],
    entries: list[ListEntry],
    base: str,
    page_no: int = 1,
    page_count: int = 1,
) -> str:
    """A list with ``base?page=N`` pager links."""
    items = "\n".join(
        f'<tr><td class="bt"><a href="{e.href}" target="_blank">{html.escape(e.title)}</a></td>'
        f'<td class="sj">{e.date}</td></tr>'
        for e in entries
    )
    pager = ""
    if page_count > 1:
        links = [
            f'<a href="{base}?page={n}">{n}</a>' if n != page_no else f"<b>{n}</b>"
            for n in range(1, page_count + 1)
        ]
        nxt = f' <a href="{base}?page={page_no + 1}">下一页</a>' if page_no < page_count else ""
        pager = f'<div class="pages">第{page_no}/{page_count}页 {" ".join(links)}{nxt}</div>'
    main = f'<h3>{name}</h3><table class="list" width="100%">{items}</table>{pager}'
    return _page(theme, f"{theme.site_name}-{name}", crumbs, main)


def index_table_page(
    theme: SiteTheme, name: str, crumbs: list[tuple[str, str]], rows: list[tuple[str, ListEntry]]
) -> str:
    """The 信息公开平台 list: 序号 / 索引号 / 名称 / 生成日期."""
    body = "\n".join(
        f'<tr><td>{i}</td><td>{index_no}</td><td class="mc"><a href="{e.href}">'
        f"{html.escape(e.title)}</a></td><td>{e.date}</td></tr>"
        for i, (index_no, e) in enumerate(rows, start=1)
    )
    main = (
        f'<h3>{name}</h3><table class="gk_list" border="1" width="100%">'
        "<tr><th>序号</th><th>索引号</th><th>名称</th><th>生成日期</th></tr>"
        f"{body}</table>"
    )
    return _page(theme, f"{theme.site_name}-{name}", crumbs, main)


def article_page(theme: SiteTheme, page: ArticlePage) -> str:
    files = "".join(f'附件：<a href="{h}">{html.escape(n)}</a><br>' for h, n in page.attachments)
    main = f"""<table class="gk_table" border="1" cellspacing="0" width="100%">
<tr><td>索 引 号：</td><td>{page.index_no}</td><td>信息分类：</td><td>{page.topic}</td></tr>
<tr><td>发布机构：</td><td>{page.source}</td><td>生成日期：</td><td>{page.published}</td></tr>
<tr><td>名　　称：</td><td colspan="3">{html.escape(page.title)}</td></tr>
<tr><td>文　　号：</td><td>{page.doc_no}</td><td>关 键 词：</td><td>年报</td></tr>
</table>
<div class="detail"><div class="tit">{html.escape(page.title)}</div>
<div class="con" id="content">{page.body_html}</div>
<div class="fj">{files}</div>
<div class="print"><a href="#" onclick="window.print();return false;">[打印]</a> <a href="#" onclick="window.close();return false;">[关闭]</a></div></div>"""
    return _page(theme, page.title, page.crumbs, main, [("ArticleTitle", page.title)])

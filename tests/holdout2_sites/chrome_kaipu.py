"""Chrome of a 开普云 (Kaipu) district portal: columns ``/col/col<id>/index.html`` with
``index_2.html`` pages, home blocks with ``更多>>`` links, details
``/col/col<id>/art/<year>/art_<32 hex>.html`` on the 政务公开 subdomain.
"""

from __future__ import annotations

import html
import uuid

from demo.sites.model import ArticlePage, ListEntry, SiteTheme


def art_id(key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"nianbao-holdout2-kaipu:{key}").hex


def _page(
    theme: SiteTheme,
    title: str,
    crumbs: list[tuple[str, str]],
    main: str,
    meta_charset: str | None = None,
    home: str = "/",
) -> str:
    trail = " &gt; ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    nav = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in theme.nav)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={meta_charset or theme.charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}">
<meta name="SiteDomain" content="{theme.host}">
<meta name="SiteIDCode" content="{theme.site_code}">
<link rel="stylesheet" href="/kpcms/css/common.css">
</head>
<body>
<div class="kp-top"><div class="kp-w">欢迎访问{theme.site_name}　<a href="{home}">返回首页</a></div></div>
<div class="kp-head"><div class="kp-w"><a href="{home}" class="kp-logo">{theme.site_name}</a></div></div>
<div class="kp-nav"><ul class="kp-w">{nav}</ul></div>
<div class="kp-w kp-pos">当前位置：{trail}</div>
<div class="kp-w kp-main">{main}</div>
<div class="kp-foot"><div class="kp-w"><p>主办：{theme.organizer}　联系电话：{theme.phone}</p>
<p>网站标识码：{theme.site_code}　{theme.icp}　{theme.police}</p></div></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(
        theme, f"{title}_{theme.site_name}", crumbs, f'<h2 class="kp-tit">{title}</h2>{body}'
    )


def home_block(name: str, entries: list[ListEntry], more: str) -> str:
    """A home-page block: the newest few items and a 更多>> link to the real list."""
    items = "".join(
        f'<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f"{html.escape(e.title)}</a><span>{e.date[5:]}</span></li>"
        for e in entries
    )
    return (
        f'<div class="kp-block"><div class="kp-block-hd"><h3>{name}</h3>'
        f'<a class="more" href="{more}" target="_blank">更多&gt;&gt;</a></div><ul>{items}</ul></div>'
    )


def column_page(
    theme: SiteTheme,
    name: str,
    crumbs,
    entries: list[ListEntry],
    page_no: int,
    page_count: int,
    side: list[tuple[str, str]],
) -> str:
    items = "\n".join(
        f'<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f'{html.escape(e.title)}</a><span class="date">{e.date}</span></li>'
        for e in entries
    )

    def href(n: int) -> str:
        return "index.html" if n == 1 else f"index_{n}.html"

    pager = [f"<span>共{page_count}页</span>"]
    if page_no > 1:
        pager.append(f'<a href="{href(page_no - 1)}">上一页</a>')
    for n in range(1, page_count + 1):
        pager.append(f"<b>{n}</b>" if n == page_no else f'<a href="{href(n)}">{n}</a>')
    if page_no < page_count:
        pager.append(f'<a href="{href(page_no + 1)}">下一页</a>')
    side_html = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in side)
    main = f"""<div class="kp-side"><h3>政务公开</h3><ul>{side_html}</ul></div>
<div class="kp-list"><h2 class="kp-tit">{name}</h2><ul class="kp-ul">
{items}
</ul><div class="kp-page">{" ".join(pager)}</div></div>"""
    return _page(theme, f"{name}_{theme.site_name}", crumbs, main)


def article_page(
    theme: SiteTheme, page: ArticlePage, meta_charset: str | None = None, home: str = "/"
) -> str:
    files = "".join(f'<p><a href="{h}">{html.escape(n)}</a></p>' for h, n in page.attachments)
    files = f'<div class="kp-files"><b>附件下载：</b>{files}</div>' if files else ""
    main = f"""<table class="kp-gk" width="100%" border="1" cellspacing="0">
<tr><th>索引号</th><td>{page.index_no}</td><th>主题分类</th><td>{page.topic}</td></tr>
<tr><th>发文机关</th><td>{page.source}</td><th>发布日期</th><td>{page.published}</td></tr>
<tr><th>标　　题</th><td colspan="3">{html.escape(page.title)}</td></tr>
</table>
<div class="kp-art"><h1>{html.escape(page.title)}</h1>
<div class="kp-art-info">信息来源：{page.source}　浏览次数：<span id="hits">{page.views}</span></div>
<div class="kp-art-con" id="zoom">{page.body_html}</div>
{files}</div>"""
    return _page(theme, f"{page.title}_{theme.site_name}", page.crumbs, main, meta_charset, home)

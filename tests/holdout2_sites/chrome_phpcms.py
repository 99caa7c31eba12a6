"""Chrome of a PHPCMS v9 site group (a city portal and its departments' subdomains): every URL is
``/index.php?m=content&c=index&a=lists&catid=N[&page=P]`` or ``…&a=show&catid=N&id=M``; details
carry a 公开目录 box labelled 发布机关 / 成文日期 / 生成日期.
"""

from __future__ import annotations

import html

from demo.sites.model import ArticlePage, ListEntry, SiteTheme


def list_url(catid: int, page: int = 1) -> str:
    return f"/index.php?m=content&c=index&a=lists&catid={catid}" + (
        f"&page={page}" if page > 1 else ""
    )


def show_url(catid: int, doc: int) -> str:
    return f"/index.php?m=content&c=index&a=show&catid={catid}&id={doc}"


def _page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], main: str) -> str:
    trail = " &gt; ".join(f'<a href="{h.replace("&", "&amp;")}">{n}</a>' for n, h in crumbs)
    nav = "".join(f'<li><a href="{h.replace("&", "&amp;")}">{n}</a></li>' for n, h in theme.nav)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}" />
<title>{html.escape(title)}</title>
<meta name="keywords" content="{theme.site_name}">
<link href="/statics/css/reset.css" rel="stylesheet" type="text/css" />
</head>
<body>
<div class="header"><div class="logo"><a href="/">{theme.site_name}</a></div>
<div class="nav"><ul>{nav}</ul></div></div>
<div class="main"><div class="crumbs">您现在的位置：{trail}</div>
{main}</div>
<div class="footer"><p>{theme.organizer}　主办　{theme.icp}　网站标识码：{theme.site_code}</p></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(
        theme,
        f"{title} - {theme.site_name}",
        crumbs,
        f'<div class="box"><h5>{title}</h5>{body}</div>',
    )


def list_page(
    theme: SiteTheme,
    name: str,
    crumbs,
    entries: list[ListEntry],
    catid: int,
    page_no: int,
    page_count: int,
) -> str:
    items = "\n".join(
        f'<li><span class="rt">{e.date}</span>·<a href="{e.href.replace("&", "&amp;")}" '
        f'target="_blank">{html.escape(e.title)}</a></li>'
        for e in entries
    )
    pager = [f'<a class="a1">{len(entries)}条</a>']
    if page_no > 1:
        pager.append(
            f'<a href="{list_url(catid, page_no - 1).replace("&", "&amp;")}" class="a1">上一页</a>'
        )
    for n in range(1, page_count + 1):
        pager.append(
            f"<span>{n}</span>"
            if n == page_no
            else f'<a href="{list_url(catid, n).replace("&", "&amp;")}">{n}</a>'
        )
    if page_no < page_count:
        pager.append(
            f'<a href="{list_url(catid, page_no + 1).replace("&", "&amp;")}" class="a1">下一页</a>'
        )
    main = f"""<div class="col-left"><div class="box"><h5 class="title-2">{name}</h5>
<ul class="list lh24 f14">
{items}
</ul></div><div id="pages" class="text-c">{"".join(pager)}</div></div>"""
    return _page(theme, f"{name} - {theme.site_name}", crumbs, main)


def article_page(theme: SiteTheme, page: ArticlePage) -> str:
    files = "".join(
        f'<li><a href="{h}" target="_blank">{html.escape(n)}</a></li>' for h, n in page.attachments
    )
    files = f'<div class="down"><strong>附件：</strong><ul>{files}</ul></div>' if files else ""
    main = f"""<div class="col-left"><table class="gkml" width="100%" border="1" cellspacing="0">
<tr><td class="lb">索 引 号</td><td>{page.index_no}</td><td class="lb">主题分类</td><td>{page.topic}</td></tr>
<tr><td class="lb">发布机关</td><td>{page.source}</td><td class="lb">成文日期</td><td>{page.published}</td></tr>
<tr><td class="lb">标　　题</td><td colspan="3">{html.escape(page.title)}</td></tr>
<tr><td class="lb">发文字号</td><td>{page.doc_no}</td><td class="lb">生成日期</td><td>{page.published}</td></tr>
</table>
<div id="Article"><h1>{html.escape(page.title)}</h1>
<div class="content">{page.body_html}</div>
{files}
<div class="tool"><a href="javascript:window.print();">打印</a> | <a href="javascript:window.close();">关闭</a></div></div></div>"""
    return _page(theme, f"{page.title} - {theme.site_name}", page.crumbs, main)

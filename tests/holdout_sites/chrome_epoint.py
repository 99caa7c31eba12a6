"""Chrome of an Epoint (国泰新点) WebBuilder portal: ``xxgk_list.shtml`` lists with numbered
``xxgk_list_N.shtml`` pages, 32-hex article ids, ``ewb-`` class names.
"""

from __future__ import annotations

import html
import uuid

from demo.sites.model import ArticlePage, ListEntry, SiteTheme


def guid(key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"nianbao-holdout:{key}").hex


def _page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], main: str, metas=()) -> str:
    meta = "".join(f'<meta name="{n}" content="{html.escape(v)}" />\n' for n, v in metas)
    trail = " &gt;&gt; ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8" />
<meta name="renderer" content="webkit" />
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}" />
<meta name="SiteIDCode" content="{theme.site_code}" />
{meta}<link rel="stylesheet" href="/syqzf/css/ewb.css" />
</head>
<body>
<div class="ewb-header"><div class="ewb-container"><a class="ewb-logo" href="/syqzf/index.shtml">{theme.site_name}</a></div></div>
<div class="ewb-nav"><ul class="ewb-container"><li><a href="/syqzf/index.shtml">网站首页</a></li><li><a href="/syqzf/zwgk/zwgk.shtml">政务公开</a></li><li><a href="/syqzf/xxgk/xxgk.shtml">信息公开</a></li><li><a href="/syqzf/hdjl/hdjl.shtml">政民互动</a></li></ul></div>
<div class="ewb-location ewb-container">当前位置：{trail}</div>
<div class="ewb-container ewb-main">{main}</div>
<div class="ewb-footer"><p>主办单位：{theme.organizer}　网站标识码：{theme.site_code}　<a href="https://beian.miit.gov.cn">{theme.icp}</a></p></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(
        theme, f"{title}-{theme.site_name}", crumbs, f'<div class="ewb-title">{title}</div>{body}'
    )


def list_page(
    theme: SiteTheme,
    name: str,
    crumbs: list[tuple[str, str]],
    entries: list[ListEntry],
    base: str,
    page_no: int,
    page_count: int,
) -> str:
    """``base`` is the list path without ``.shtml`` (``/syqzf/gknb/xxgk_list``)."""

    def href(n: int) -> str:
        return f"{base}.shtml" if n == 1 else f"{base}_{n}.shtml"

    items = "\n".join(
        f'<li class="ewb-list-node clearfix"><a href="{e.href}" class="ewb-list-name" '
        f'title="{html.escape(e.title)}" target="_blank">{html.escape(e.title)}</a>'
        f'<span class="ewb-list-date">{e.date}</span></li>'
        for e in entries
    )
    pager = [f'<a href="{href(1)}">首页</a>']
    if page_no > 1:
        pager.append(f'<a href="{href(page_no - 1)}">上一页</a>')
    pager += [
        f'<a href="{href(n)}" class="{"current" if n == page_no else ""}">{n}</a>'
        for n in range(1, page_count + 1)
    ]
    if page_no < page_count:
        pager.append(f'<a href="{href(page_no + 1)}">下一页</a>')
    pager.append(f'<a href="{href(page_count)}">尾页</a>')
    main = (
        f'<div class="ewb-title">{name}</div><ul class="ewb-list">\n{items}\n</ul>'
        f'<div class="ewb-page">{" ".join(pager)}</div>'
    )
    return _page(theme, f"{name}-{theme.site_name}", crumbs, main, [("ColumnName", name)])


def article_page(theme: SiteTheme, page: ArticlePage) -> str:
    files = "".join(
        f'<li><a href="{h}" target="_blank">{html.escape(n)}</a></li>' for h, n in page.attachments
    )
    main = f"""<table class="xxgk-table" width="100%">
<tr><td class="xxgk-td1">信息索引号：</td><td>{page.index_no}</td><td class="xxgk-td1">生成日期：</td><td>{page.published}</td></tr>
<tr><td class="xxgk-td1">发布机构：</td><td>{page.source}</td><td class="xxgk-td1">文件编号：</td><td>{page.doc_no}</td></tr>
<tr><td class="xxgk-td1">公开方式：</td><td>主动公开</td><td class="xxgk-td1">有效性：</td><td>有效</td></tr>
</table>
<h3 class="ewb-article-tt">{html.escape(page.title)}</h3>
<div class="ewb-article-sources">发布日期：{page.published}　来源：{page.source}　【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="ewb-article-info" id="mainContent">{page.body_html}</div>
<ul class="ewb-article-attach">{files}</ul>
<div class="ewb-article-tool">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>"""
    metas = [
        ("ArticleTitle", page.title),
        ("PubDate", page.published),
        ("ContentSource", page.source),
    ]
    return _page(theme, page.title, page.crumbs, main, metas)

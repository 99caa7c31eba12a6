"""Chrome of a JPaaS (浙江政务服务网站群) portal: lists come from a JSON "build unit" API.

The column page holds an empty container and a script that GETs
``/api-gateway/jpaas-publish-server/front/page/build/unit?...`` and inserts ``data.html``.
"""

from __future__ import annotations

import html
import json

from demo.sites.model import ArticlePage, ListEntry, SiteTheme

API = "/api-gateway/jpaas-publish-server/front/page/build/unit"

UNIT_JS = """(function(){
  var box = document.getElementById("xxgk_list");
  var url = box.getAttribute("data-api") + "?parseType=bulidstatic&webId=" + box.getAttribute("data-web")
    + "&tplSetId=" + box.getAttribute("data-tpl") + "&pageType=column&tagId=%E5%BD%93%E5%89%8D%E6%A0%8F%E7%9B%AElist"
    + "&editType=null&pageId=" + box.getAttribute("data-page")
    + "&paramJson=" + encodeURIComponent(JSON.stringify({pageIndex: 1, pageSize: 15}));
  fetch(url, {credentials: "same-origin"}).then(function(r){ return r.json(); }).then(function(j){
    if (j && j.data && j.data.html) { box.innerHTML = j.data.html; }
  });
})();
"""


def _page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], main: str, metas=()) -> str:
    meta = "".join(f'<meta name="{n}" content="{html.escape(v)}">\n' for n, v in metas)
    trail = " / ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    return f"""<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}">
<meta name="SiteIDCode" content="{theme.site_code}">
{meta}<link rel="stylesheet" href="/static/jpaas/css/main.css">
</head>
<body>
<header class="zjzw-header"><div class="wrap"><a class="logo" href="/">{theme.site_name}</a>
<nav><a href="/">首页</a><a href="/col/col1229393500/index.html">政务公开</a><a href="/col/col1229393510/index.html">政府信息公开</a><a href="/col/col1229393590/index.html">互动交流</a></nav></div></header>
<div class="wrap crumb">您的位置：{trail}</div>
<main class="wrap">{main}</main>
<footer class="zjzw-footer"><p>主办单位：{theme.organizer}</p><p>网站标识码：{theme.site_code} | {theme.icp}</p></footer>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(theme, f"{title} - {theme.site_name}", crumbs, f"<h2>{title}</h2>{body}")


def column_page(
    theme: SiteTheme,
    page_id: int,
    name: str,
    crumbs: list[tuple[str, str]],
    *,
    web_id: int,
    tpl_set: str,
) -> str:
    main = f"""<h2 class="col-name">{name}</h2>
<div id="xxgk_list" data-api="{API}" data-web="{web_id}" data-tpl="{tpl_set}" data-page="{page_id}"></div>
<script src="/static/jpaas/js/unit.js"></script>"""
    return _page(theme, f"{name} - {theme.site_name}", crumbs, main, [("ColumnName", name)])


def unit_json(entries: list[ListEntry], page_index: int, page_size: int) -> str:
    """The API answer: the list's HTML inside JSON, as JPaaS returns it."""
    chunk = entries[(page_index - 1) * page_size : page_index * page_size]
    items = "".join(
        f'<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f"{html.escape(e.title)}</a><b>{e.date}</b></li>"
        for e in chunk
    )
    return json.dumps(
        {
            "success": True,
            "code": "200",
            "data": {"html": f'<ul class="xxgk-ul">{items}</ul>', "total": len(entries)},
        },
        ensure_ascii=False,
    )


def article_page(theme: SiteTheme, page: ArticlePage) -> str:
    files = "".join(f'<a href="{h}">{html.escape(n)}</a><br>' for h, n in page.attachments)
    main = f"""<table class="zfxxgk-info"><tr><th>信息索引号</th><td>{page.index_no}</td><th>公开方式</th><td>主动公开</td></tr>
<tr><th>发布单位</th><td>{page.source}</td><th>成文日期</th><td>{page.published}</td></tr>
<tr><th>公开范围</th><td>面向社会</td><th>主题分类</th><td>{page.topic}</td></tr></table>
<div class="article"><p class="article-title">{html.escape(page.title)}</p>
<p class="article-time">发布时间：{page.published} {page.time}　浏览量：{page.views}</p>
<div class="article-conter">{page.body_html}</div>
<div class="article-file">{files}</div>
<p class="article-tool"><a href="javascript:print()">打印</a> <a href="javascript:close()">关闭</a></p></div>"""
    metas = [("ArticleTitle", page.title), ("PubDate", page.published)]
    return _page(theme, f"{page.title} - {theme.site_name}", page.crumbs, main, metas)

"""Chrome of the 拓尔思 政府信息公开目录平台 ``gkmlpt`` used across Guangdong: the catalog index
``/gkmlpt/index#<catalog id>`` is a script app that reads ``location.hash`` and lists a catalog
from ``/gkmlpt/api/all/<id>?page=N&sid=…`` (JSON); details are ``/gkmlpt/content/…/post_<id>.html``.
"""

from __future__ import annotations

import datetime
import html
import json
from dataclasses import dataclass

from demo.sites.model import ArticlePage, SiteTheme

API = "/gkmlpt/api"
PER_PAGE = 10

APP_JS = """(function(){
  var cfg = window.GKMLPT_CONFIG;
  var tree = document.getElementById("gkmlpt-tree");
  var list = document.getElementById("gkmlpt-list");
  function get(url, done){
    var x = new XMLHttpRequest();
    x.open("GET", url, true);
    x.onload = function(){ if (x.status == 200) { done(JSON.parse(x.responseText)); } };
    x.send();
  }
  function esc(s){ return String(s).replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;"); }
  function current(){ var h = location.hash.replace("#", ""); return /^[0-9]+$/.test(h) ? h : "0"; }
  function load(page){
    get(cfg.api + "/all/" + current() + "?page=" + page + "&sid=" + cfg.sid, function(d){
      var out = ['<h3 class="classify-name">' + esc(d.classify.name) + '</h3>',
                 '<table class="gkmlpt-table"><tr><th>索引号</th><th>名称</th><th>发布日期</th></tr>'];
      for (var i = 0; i < d.articles.length; i++) {
        var a = d.articles[i];
        out.push('<tr><td>' + esc(a.identifier) + '</td><td><a target="_blank" href="' + a.url + '">'
                 + esc(a.title) + '</a></td><td>' + a.date + '</td></tr>');
      }
      out.push('</table><div class="gkmlpt-pager">');
      for (var p = 1; p <= d.page_count; p++) {
        out.push(p == page ? '<span class="on">' + p + '</span>'
                           : '<a href="javascript:;" data-page="' + p + '">' + p + '</a>');
      }
      out.push('</div>');
      list.innerHTML = out.join("");
      var links = list.querySelectorAll("a[data-page]");
      for (var j = 0; j < links.length; j++) {
        links[j].onclick = function(){ load(parseInt(this.getAttribute("data-page"), 10)); };
      }
    });
  }
  get(cfg.api + "/tree?sid=" + cfg.sid, function(nodes){
    var out = [];
    for (var i = 0; i < nodes.length; i++) {
      out.push('<li><a href="#' + nodes[i].id + '">' + esc(nodes[i].name) + '</a></li>');
    }
    tree.innerHTML = '<ul>' + out.join("") + '</ul>';
  });
  window.addEventListener("hashchange", function(){ load(1); });
  load(1);
})();
"""


@dataclass(frozen=True)
class Catalog:
    id: int
    name: str


@dataclass(frozen=True)
class Post:
    """One document of the catalog: its id gives the URL, ``catalog`` the fragment."""

    id: int
    catalog: int
    title: str
    date: str
    identifier: str
    publisher: str

    @property
    def path(self) -> str:
        return f"/gkmlpt/content/{self.id // 1000000}/{self.id // 1000}/post_{self.id}.html"


def _page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], main: str, head="") -> str:
    trail = " &gt; ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}">
<meta name="SiteIDCode" content="{theme.site_code}">
{head}<link rel="stylesheet" href="/gkmlpt/static/css/gkmlpt.css">
</head>
<body>
<div class="header"><div class="container"><a class="logo" href="/">{theme.site_name}</a>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/gkmlpt/index">信息公开目录</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<div class="container location">您当前的位置：{trail}</div>
<div class="container main">{main}</div>
<div class="footer"><p>主办：{theme.organizer}　地址：{theme.address}</p>
<p>网站标识码：{theme.site_code}　{theme.icp}　{theme.police}</p></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(theme, f"{title} - {theme.site_name}", crumbs, f"<h2>{title}</h2>{body}")


def index_page(theme: SiteTheme, sid: int) -> str:
    """The catalog app shell: nothing is listed until the script has run."""
    main = f"""<div class="gkmlpt-left"><h3>政府信息公开目录</h3><div id="gkmlpt-tree"></div></div>
<div class="gkmlpt-right"><div id="gkmlpt-list"><p class="loading">正在加载……</p></div></div>
<script>window.GKMLPT_CONFIG = {{"sid": {sid}, "api": "{API}"}};</script>
<script src="/gkmlpt/static/js/gkmlpt.js"></script>"""
    crumbs = [("首页", "/"), ("政府信息公开目录", "/gkmlpt/index")]
    return _page(theme, f"政府信息公开目录 - {theme.site_name}", crumbs, main)


def tree_json(catalogs: list[Catalog]) -> str:
    return json.dumps([{"id": c.id, "name": c.name} for c in catalogs], ensure_ascii=False)


def list_json(
    host: str, catalog: Catalog, posts: list[Post], page: int, per_page: int = PER_PAGE
) -> str:
    """One page of a catalog, newest first, as the platform's API answers it."""
    ordered = sorted(posts, key=lambda p: (p.date, p.id), reverse=True)
    chunk = ordered[(page - 1) * per_page : page * per_page]
    return json.dumps(
        {
            "classify": {"id": catalog.id, "name": catalog.name},
            "total": len(ordered),
            "page": page,
            "page_count": max(1, -(-len(ordered) // per_page)),
            "articles": [
                {
                    "id": p.id,
                    "title": p.title,
                    "url": f"http://{host}{p.path}#{p.catalog}",
                    "date": p.date,
                    "identifier": p.identifier,
                    "publisher": p.publisher,
                }
                for p in chunk
            ],
        },
        ensure_ascii=False,
    )


def written_date(published: str) -> str:
    """成文日期: the day before publication (the document is signed, then posted)."""
    return (datetime.date.fromisoformat(published) - datetime.timedelta(days=1)).isoformat()


def article_page(theme: SiteTheme, page: ArticlePage, catalog: str) -> str:
    """A gkmlpt detail: the 索引号/分类/发布机构/成文日期/名称/文号/发布日期 box, then the body."""
    files = "".join(
        f'<li><a href="{h}" target="_blank">{html.escape(n)}</a></li>' for h, n in page.attachments
    )
    files = f'<div class="attachment"><p>附件：</p><ul>{files}</ul></div>' if files else ""
    main = f"""<div class="introduce"><table class="classify">
<tr><td class="td-label">索引号：</td><td class="td-value">{page.index_no}</td><td class="td-label">分类：</td><td class="td-value">{catalog}</td></tr>
<tr><td class="td-label">发布机构：</td><td class="td-value">{page.source}</td><td class="td-label">成文日期：</td><td class="td-value">{written_date(page.published)}</td></tr>
<tr><td class="td-label">名称：</td><td class="td-value" colspan="3">{html.escape(page.title)}</td></tr>
<tr><td class="td-label">文号：</td><td class="td-value">{page.doc_no}</td><td class="td-label">发布日期：</td><td class="td-value">{page.published}</td></tr>
</table></div>
<div class="article"><h1 class="title">{html.escape(page.title)}</h1>
<div class="content" id="zoomcon">{page.body_html}</div>
{files}
<div class="tools"><a href="javascript:window.print();">打印</a> <a href="javascript:window.close();">关闭</a></div></div>"""
    crumbs = [*page.crumbs]
    return _page(theme, f"{page.title} - {theme.site_name}", crumbs, main)

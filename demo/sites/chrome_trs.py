"""Page chrome of TRS WCM portals: ``/xxgk/zfxxgknb/`` columns, ``./YYYYMM/tYYYYMMDD_id.html``
details, list pages ``index_1.html`` reachable only through ``createPageHTML(...)``.
"""

from __future__ import annotations

import html

from demo.sites.model import ArticlePage, ListEntry, SiteTheme

# Served at /js/page.js by TRS sites: writes the pager when JavaScript runs.
PAGE_JS = """function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  function name(i){ return (i == 0 ? _sPageName : _sPageName + "_" + i) + "." + _sPageExt; }
  if(nCurrIndex == 0){ document.write("<span class='disabled'>\\u9996\\u9875</span> "); }
  else { document.write("<a href='" + name(0) + "'>\\u9996\\u9875</a> ");
         document.write("<a href='" + name(nCurrIndex - 1) + "'>\\u4e0a\\u4e00\\u9875</a> "); }
  for(var i = 0; i < _nPageCount; i++){
    if(i == nCurrIndex){ document.write("<span class='current'>" + (i + 1) + "</span> "); }
    else { document.write("<a href='" + name(i) + "'>" + (i + 1) + "</a> "); }
  }
  if(nCurrIndex < _nPageCount - 1){
    document.write("<a href='" + name(nCurrIndex + 1) + "'>\\u4e0b\\u4e00\\u9875</a> ");
    document.write("<a href='" + name(_nPageCount - 1) + "'>\\u5c3e\\u9875</a>");
  }
}
"""

# What TRS portals put in the navigation bar when a theme names nothing else.
DEFAULT_NAV = (
    ("首页", "/"),
    ("政务公开", "/zwgk/"),
    ("政府信息公开", "/xxgk/"),
    ("办事服务", "/bsfw/"),
    ("互动交流", "/hdjl/"),
    ("走进本市", "/zjcs/"),
)

CSS = "body{font:14px/1.8 'Microsoft YaHei',SimSun;margin:0}.w1200{width:1200px;margin:0 auto}\n"


def _head(theme: SiteTheme, title: str, metas: list[tuple[str, str]]) -> str:
    meta = "\n".join(f'<meta name="{n}" content="{html.escape(v)}">' for n, v in metas)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}" />
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}">
<meta name="SiteDomain" content="{theme.host}">
<meta name="SiteIDCode" content="{theme.site_code}">
{meta}
<link href="/images/base.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>
<script type="text/javascript" src="/js/page.js"></script>
</head>
<body>"""


def _top(theme: SiteTheme) -> str:
    nav = "".join(
        f'<li><a href="{href}">{name}</a></li>' for name, href in theme.nav or DEFAULT_NAV
    )
    return f"""<div class="topbar"><div class="w1200"><span class="date">欢迎访问{theme.site_name}门户网站</span>
<span class="links"><a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="javascript:void(0)">长者模式</a> | <a href="/mobile/">手机版</a></span></div></div>
<div class="header" style="border-bottom:3px solid {theme.accent}"><div class="w1200">
<div class="logo"><a href="/"><img src="/images/logo.png" alt="{theme.site_name}" /></a></div>
<div class="search"><form action="/was5/web/search" method="get" target="_blank" name="searchform">
<input type="hidden" name="channelid" value="200001" /><input type="text" name="searchword" placeholder="请输入关键字" />
<input type="submit" value="搜索" /></form></div></div></div>
<div class="nav" style="background:{theme.accent}"><ul class="w1200">{nav}</ul></div>"""


def _crumbs(crumbs: list[tuple[str, str]]) -> str:
    links = " &gt; ".join(f'<a href="{href}">{name}</a>' for name, href in crumbs)
    return f'<div class="position w1200"><span>当前位置：</span>{links}</div>'


def _footer(theme: SiteTheme) -> str:
    return f"""<div class="footer"><div class="w1200">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/syhj/">使用帮助</a> | <a href="/yszc/">隐私声明</a></p>
<p>主办单位：{theme.organizer}　承办单位：{theme.undertaker}　联系电话：{theme.phone}</p>
<p>网站标识码：{theme.site_code}　<a href="https://beian.miit.gov.cn/" target="_blank">{theme.icp}</a>　<img src="/images/ga.png" alt="" />{theme.police}</p>
<p><script id="_jiucuo_" sitecode="{theme.site_code}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></p>
</div></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body_html: str) -> str:
    """A landing or static page with site chrome (信息公开 home, site map...)."""
    return (
        _head(theme, f"{title}_{theme.site_name}", [("ColumnName", title)])
        + _top(theme)
        + _crumbs(crumbs)
        + f'<div class="main w1200"><h2 class="lanmu">{title}</h2>\n{body_html}\n</div>'
        + _footer(theme)
    )


def column_page(
    theme: SiteTheme,
    name: str,
    crumbs: list[tuple[str, str]],
    entries: list[ListEntry],
    page_index: int = 0,
    page_count: int = 1,
    side_links: list[tuple[str, str]] | None = None,
) -> str:
    """A column list; further pages are announced only by the ``createPageHTML`` call."""
    items = "\n".join(
        f'<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f'{html.escape(e.title)}</a><span class="date">{e.date}</span></li>'
        for e in entries
    )
    side = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in side_links or [])
    return (
        _head(
            theme,
            f"{name}_{theme.site_name}",
            [("ColumnName", name), ("ColumnType", name), ("ColumnDescription", name)],
        )
        + _top(theme)
        + _crumbs(crumbs)
        + f"""<div class="main w1200">
<div class="left-side"><h3>信息公开</h3><ul>{side}</ul></div>
<div class="right-list"><div class="lanmu-title"><h2>{name}</h2></div>
<ul class="list">
{items}
</ul>
<div class="page"><script type="text/javascript">createPageHTML({page_count}, {page_index}, "index", "html");</script></div>
</div></div>"""
        + _footer(theme)
    )


def article_page(theme: SiteTheme, page: ArticlePage, column: str) -> str:
    """A TRS detail page: 信息公开目录 table, TRS_Editor body, attachments, 打印/关闭."""
    attachments = ""
    if page.attachments:
        links = "".join(
            f'<li><a href="{href}" OLDSRC="/protect/{href.lstrip("./")}">{html.escape(name)}</a></li>'
            for href, name in page.attachments
        )
        attachments = f'<div class="fujian"><span>附件：</span><ul>{links}</ul></div>'
    metas = [
        ("ColumnName", column),
        ("ColumnDescription", column),
        ("ColumnKeywords", column),
        ("ColumnType", column),
        ("ArticleTitle", page.title),
        ("PubDate", f"{page.published} {page.time}"),
        ("ContentSource", page.source),
        ("Keywords", ""),
        ("Author", page.source),
        ("Description", page.title),
        ("Url", f"http://{theme.host}{page.path}"),
    ]
    return (
        _head(theme, f"{page.title}_{column}_{theme.site_name}", metas)
        + _top(theme)
        + _crumbs(page.crumbs)
        + f"""<div class="main w1200 article">
<table class="xxgk_table" width="100%" cellspacing="0" cellpadding="0">
<tr><td class="t1">索 引 号：</td><td>{page.index_no}</td><td class="t1">主题分类：</td><td>{page.topic}</td></tr>
<tr><td class="t1">发布机构：</td><td>{page.source}</td><td class="t1">发文日期：</td><td>{page.published}</td></tr>
<tr><td class="t1">名　　称：</td><td colspan="3">{html.escape(page.title)}</td></tr>
<tr><td class="t1">文　　号：</td><td>{page.doc_no}</td><td class="t1">发布日期：</td><td>{page.published}</td></tr>
</table>
<h1 class="article-title">{html.escape(page.title)}</h1>
<div class="article-info">发布时间：{page.published} {page.time}　来源：{page.source}　浏览次数：<span id="pv">{page.views}</span>　字体：[<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>]</div>
<div class="article-content" id="zoom"><div class="TRS_Editor"><div class="Custom_UnionStyle">
{page.body_html}
</div></div></div>
{attachments}
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>"""
        + _footer(theme)
    )

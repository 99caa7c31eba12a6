"""Page chrome of Hanweb (大汉) portals: ``/col/colNNNN/index.html`` columns, ``/art/Y/M/D/art_C_N.html``
details, ``?uid=…&pageNum=N`` pages, and the jpage list loaded by POST to ``dataproxy.jsp``.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from demo.sites.model import ArticlePage, ListEntry, SiteTheme

DATAPROXY = "/module/web/jpage/dataproxy.jsp"

# Served at /module/jslib/jpage/jpage.js: asks dataproxy.jsp for the records and shows them.
JPAGE_JS = """function hanwebJpage(cfg){
  var xhr = new XMLHttpRequest();
  var url = cfg.proxyUrl + "?startrecord=1&endrecord=" + (cfg.perPage * 3) + "&perpage=" + cfg.perPage;
  xhr.open("POST", url, true);
  xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
  xhr.onreadystatechange = function(){
    if (xhr.readyState != 4 || xhr.status != 200) { return; }
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/xml");
    var records = doc.getElementsByTagName("record");
    var out = "<ul class='list'>";
    for (var i = 0; i < records.length; i++) { out += records[i].textContent; }
    out += "</ul>";
    document.getElementById(cfg.target).innerHTML = out;
  };
  xhr.send(cfg.params);
}
"""


def _head(theme: SiteTheme, title: str, metas: list[tuple[str, str]]) -> str:
    meta = "\n".join(f'<meta name="{n}" content="{html.escape(v)}">' for n, v in metas)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{html.escape(title)}</title>
<meta name="SiteName" content="{theme.site_name}">
<meta name="SiteDomain" content="{theme.host}">
<meta name="SiteIDCode" content="{theme.site_code}">
{meta}
<link rel="stylesheet" type="text/css" href="/script/0/1809261619358429.css">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
<div id="barrierfree_container">"""


def _header(theme: SiteTheme) -> str:
    nav = "".join(
        f'<td><a href="{href}" target="_self">{name}</a></td>' for name, href in theme.nav
    )
    return f"""<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="top">
<tr><td><a href="/"><img src="/picture/0/logo.png" alt="{theme.site_name}" border="0"></a></td>
<td align="right"><form action="/jrobot/search.do" method="get"><input type="hidden" name="webid" value="1">
<input type="text" name="q" value="请输入关键字"><input type="submit" value="检索"></form></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="nav" style="background:{theme.accent}"><tr>{nav}</tr></table>"""


def _crumbs(crumbs: list[tuple[str, str]]) -> str:
    links = "&nbsp;&gt;&nbsp;".join(
        f'<a href="{href}" class="bt_link">{name}</a>' for name, href in crumbs
    )
    return (
        '<table width="1000" align="center" class="position"><tr><td>'
        f"当前位置：{links}</td></tr></table>"
    )


def _footer(theme: SiteTheme) -> str:
    return f"""<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="foot">
<tr><td align="center"><a href="/col/col4100/index.html">关于我们</a> | <a href="/col/col4101/index.html">网站地图</a> | <a href="/col/col4102/index.html">联系我们</a></td></tr>
<tr><td align="center">主办单位：{theme.organizer}　　电话：{theme.phone}</td></tr>
<tr><td align="center">网站标识码：{theme.site_code}　<a href="https://beian.miit.gov.cn" target="_blank">{theme.icp}</a>　{theme.police}</td></tr>
</table>
</div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body_html: str) -> str:
    return (
        _head(theme, title if title == theme.site_name else f"{title} {theme.site_name}", [])
        + _header(theme)
        + _crumbs(crumbs)
        + f'<table width="1000" align="center"><tr><td class="main">{body_html}</td></tr></table>'
        + _footer(theme)
    )


def _pager(col_id: int, uid: int, page_no: int, page_count: int) -> str:
    def link(n: int, text: str) -> str:
        return f'<a href="/col/col{col_id}/index.html?uid={uid}&amp;pageNum={n}">{text}</a>'

    parts = [link(1, "首页")]
    if page_no > 1:
        parts.append(link(page_no - 1, "上页"))
    if page_no < page_count:
        parts.append(link(page_no + 1, "下页"))
    parts.append(link(page_count, "尾页"))
    parts.append(f"共{page_count}页 当前第{page_no}页")
    return '<div class="default_pgContainer">' + "&nbsp;".join(parts) + "</div>"


def column_page(
    theme: SiteTheme,
    col_id: int,
    uid: int,
    name: str,
    crumbs: list[tuple[str, str]],
    entries: list[ListEntry],
    page_no: int = 1,
    page_count: int = 1,
) -> str:
    """A server-rendered list with Hanweb's ?uid=…&pageNum=N pager links."""
    items = "\n".join(
        f'<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f'{html.escape(e.title)}</a><span class="bt-data-time">{e.date}</span></li>'
        for e in entries
    )
    pager = _pager(col_id, uid, page_no, page_count) if page_count > 1 else ""
    return (
        _head(theme, f"{name} {theme.site_name}", [("ColumnName", name), ("ColumnType", name)])
        + _header(theme)
        + _crumbs(crumbs)
        + f"""<table width="1000" align="center"><tr><td class="lanmu"><span class="bt_title">{name}</span></td></tr>
<tr><td><div id="{uid}"><ul class="list">
{items}
</ul>{pager}</div></td></tr></table>"""
        + _footer(theme)
    )


def js_column_page(
    theme: SiteTheme,
    col_id: int,
    unit_id: int,
    name: str,
    crumbs: list[tuple[str, str]],
    per_page: int = 15,
) -> str:
    """A column whose list exists only after the jpage script POSTs to dataproxy.jsp."""
    params = (
        f"col=1&appid=1&webid=1&path=%2F&columnid={col_id}&sourceContentType=1&unitid={unit_id}"
        f"&webname={quote(theme.site_name)}&permissiontype=0"
    )
    return (
        _head(theme, f"{name} {theme.site_name}", [("ColumnName", name), ("ColumnType", name)])
        + _header(theme)
        + _crumbs(crumbs)
        + f"""<table width="1000" align="center"><tr><td class="lanmu"><span class="bt_title">{name}</span></td></tr>
<tr><td><div id="list"></div>
<script type="text/javascript" src="/module/jslib/jpage/jpage.js"></script>
<script type="text/javascript">
hanwebJpage({{proxyUrl: "{DATAPROXY}", perPage: {per_page}, target: "list", params: "{params}"}});
</script>
<noscript>您的浏览器不支持JavaScript，请开启后浏览。</noscript></td></tr></table>"""
        + _footer(theme)
    )


def dataproxy_xml(entries: list[ListEntry], col_id: int, unit_id: int, total: int) -> str:
    """The XML dataproxy.jsp answers: one CDATA <li> per record."""
    records = "\n".join(
        f'<record><![CDATA[\n<li><a href="{e.href}" target="_blank" title="{html.escape(e.title)}">'
        f"{html.escape(e.title)}</a><span>{e.date}</span></li>\n]]></record>"
        for e in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<datastore>
<nextgroup><![CDATA[<a href="{DATAPROXY}?page=1&webid=1&path=/&columnid={col_id}&unitid={unit_id}&permissiontype=0"></a>]]></nextgroup>
<recordset>
{records}
</recordset>
<totalrecord>{total}</totalrecord>
</datastore>
"""


def article_page(theme: SiteTheme, page: ArticlePage, column: str) -> str:
    """A Hanweb detail page with its <!--<$[信息内容]>begin--> markers and 信息公开 table."""
    attachments = "".join(
        f'<p><a href="{href}" target="_blank">{html.escape(name)}</a></p>'
        for href, name in page.attachments
    )
    if attachments:
        attachments = f'<div class="fj"><p>相关附件：</p>{attachments}</div>'
    metas = [
        ("ColumnName", column),
        ("ColumnType", column),
        ("ArticleTitle", page.title),
        ("PubDate", f"{page.published} {page.time}"),
        ("ContentSource", page.source),
        ("Description", page.title),
    ]
    return (
        _head(theme, f"{page.title} {theme.site_name}", metas)
        + _header(theme)
        + _crumbs(page.crumbs)
        + f"""<table width="1000" align="center" class="xxgk_table" border="1" cellspacing="0">
<tr><td width="15%">索引号</td><td width="35%">{page.index_no}</td><td width="15%">主题分类</td><td>{page.topic}</td></tr>
<tr><td>发布机构</td><td>{page.source}</td><td>成文日期</td><td>{page.published}</td></tr>
<tr><td>标题</td><td colspan="3">{html.escape(page.title)}</td></tr>
<tr><td>文号</td><td>{page.doc_no}</td><td>发布日期</td><td>{page.published}</td></tr>
</table>
<table width="1000" align="center"><tr><td class="title" align="center"><!--<$[标题名称]>begin-->{html.escape(page.title)}<!--<$[标题名称]>end--></td></tr>
<tr><td align="center" class="info">发布日期：<!--<$[发布日期]>begin-->{page.published}<!--<$[发布日期]>end-->　信息来源：<!--<$[信息来源]>begin-->{page.source}<!--<$[信息来源]>end-->　浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid=0&amp;artid=0"></script></td></tr>
<tr><td class="bt_content"><div id="zoom"><!--<$[信息内容]>begin-->{page.body_html}<!--<$[信息内容]>end--></div>
{attachments}</td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.opener=null;window.open('','_self');window.close();">关闭窗口</a>】</td></tr></table>"""
        + _footer(theme)
    )

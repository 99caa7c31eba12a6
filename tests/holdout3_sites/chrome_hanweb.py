"""Hanweb (大汉 JCMS) chrome of a Zhejiang county portal: ``/col/colN/index.html`` columns whose
first records sit in a ``<script type="text/xml"><datastore>`` island, the rest fetched by the
jpage script's POST to ``/module/web/jpage/dataproxy.jsp``; ``/art/Y/M/D/art_C_N.html``
articles with the 信息公开 table and ``#zoom``; ``downfile.jsp`` attachments."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode

from demo.server import Request, Response, Route
from tests.holdout3_sites.serving import cacheable

E = html.escape
PROXY = "/module/web/jpage/dataproxy.jsp"


def shell(
    site_name: str,
    title: str,
    crumbs: list[tuple[str, str]],
    main: str,
    *,
    footer: str,
    friends: list[tuple[str, str]],
    metas: dict[str, str] | None = None,
) -> str:
    meta_tags = "".join(f'<meta name="{E(k)}" content="{E(v)}">' for k, v in (metas or {}).items())
    crumb = "&nbsp;&gt;&nbsp;".join(
        f'<a href="{E(h)}" target="_self">{E(t)}</a>' if h else f"<span>{E(t)}</span>"
        for t, h in crumbs
    )
    links = " | ".join(f'<a href="{E(h)}" target="_blank">{E(t)}</a>' for t, h in friends)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{E(title)}</title>
<meta name="SiteName" content="{E(site_name)}">{meta_tags}
<link href="/images/base.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head><body>
<div class="head"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{E(site_name)}" /></a></div>
<div class="nav"><a href="/">首页</a><a href="/col/col1229000101/index.html">政务公开</a><a href="/col/col1229000102/index.html">政务服务</a><a href="/col/col1229000103/index.html">政民互动</a></div></div>
<div class="dqwz">您现在的位置：{crumb}</div>
<div class="main">{main}</div>
<div class="foot"><div class="yqlj">友情链接：{links}</div>{footer}</div>
</body></html>
"""


def island(
    unit: str,
    column: str,
    records: list[str],
    total: int,
    webid: str,
    webname: str,
    per_page: int,
    group: int,
) -> str:
    """The column's list: a jpage unit whose first records are in the page's data island."""
    params = {
        "col": 1,
        "appid": 1,
        "webid": webid,
        "path": "/",
        "columnid": column,
        "sourceContentType": 1,
        "unitid": unit,
        "webname": webname,
        "permissiontype": 0,
    }
    nextgroup = f"{PROXY}?page=1&{urlencode(params)}"
    recs = "\n".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in records)
    ajax = ",".join(f"{k}:'{v}'" if isinstance(v, str) else f"{k}:{v}" for k, v in params.items())
    return f"""<div id="{unit}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{E(nextgroup)}"></a>]]></nextgroup>
<recordset>
{recs}
</recordset>
</datastore></script></div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
<script>
$(document).ready(function(){{
  $('#{unit}').jpage({{
    dataStore: '#{unit} script', dataBefore: '<ul class="list">', dataAfter: '</ul>',
    proxyUrl: '{PROXY}', perPage: {per_page}, groupSize: {group}, totalRecord: {total},
    barPosition: 'bottom', showMode: 'full', ajaxParam: {{{ajax}}}
  }});
}});
</script>"""


def record(title: str, href: str, day: str) -> str:
    return f'<li><a href="{E(href)}" target="_blank" title="{E(title)}">{E(title)}</a><span class="bt-data-time">[{day}]</span></li>'


def dataproxy(records_of: Callable[[], list[str]]) -> Callable[[Request], Response]:
    """``POST /module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=N``: the records
    S..E of the column, in jpage's XML, whatever range is asked."""

    def answer(request: Request) -> Response:
        args = {**request.args(), **request.form()}
        records = records_of()
        try:
            start = max(1, int(args.get("startrecord", "1")))
            end = int(args.get("endrecord", str(len(records))))
        except ValueError:
            start, end = 1, len(records)
        chosen = records[start - 1 : end]
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<totalrecord>{len(records)}</totalrecord>\n<recordset>\n"
            + "".join(f"<record><![CDATA[\n{r}\n]]></record>\n" for r in chosen)
            + "</recordset>\n</datastore>\n"
        )
        return Response(200, [("Content-Type", "text/xml;charset=UTF-8")], body.encode())

    return answer


def article(
    title: str, table: list[tuple[str, str]], info: str, body: str, *, attachments: str = ""
) -> str:
    """An article of the 信息公开 column: the metadata table, the title, the info line, #zoom."""
    rows = []
    for i in range(0, len(table), 2):
        pair = table[i : i + 2]
        cells = "".join(
            f'<td class="xxgk-k">{E(k)}</td><td class="xxgk-v">{E(v)}</td>' for k, v in pair
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"""<div class="xxgk_table"><table width="100%" cellspacing="0" cellpadding="0">{"".join(rows)}</table></div>
<div class="article"><div class="title">{E(title)}</div>
<div class="info">{info}</div>
<div id="zoom">
{body}
</div>
{attachments}
<div class="fx"><a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div></div>"""


def jpage_script(modified: datetime) -> Route:
    """``/module/jslib/jquery/jpage/jquery.page.min.js``: the list script the column pages load."""
    return cacheable(
        JPAGE_JS.encode(), [("Content-Type", "application/javascript")], last_modified=modified
    )


JPAGE_JS = """(function($){ $.fn.jpage = function(o){
 var box = this, xml = $(box).find('script[type="text/xml"]').text();
 var items = xml.match(/<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>/g) || [];
 var html = o.dataBefore; for (var i = 1; i < items.length; i++) html += items[i].slice(9, -3);
 $(box).html(html + o.dataAfter + '<div class="jp-bar">共' + o.totalRecord + '条 <a class="jp-next" href="javascript:;">下一页</a></div>');
 $(box).find('.jp-next').click(function(){
  var shown = items.length - 1;
  $.post(o.proxyUrl + '?startrecord=' + (shown + 1) + '&endrecord=' + (shown + o.perPage * o.groupSize) + '&perpage=' + o.perPage, o.ajaxParam, function(d){
   var more = (typeof d === 'string' ? d : new XMLSerializer().serializeToString(d)).match(/<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>/g) || [];
   var h = o.dataBefore; for (var j = 0; j < more.length; j++) h += more[j].slice(9, -3);
   $(box).find('ul').replaceWith(h + o.dataAfter);
  });
 });
};})(jQuery);
"""

"""TRS WCM page chrome as a district portal of the 2020s serves it: a header with the site's name,
a menu, a breadcrumb, ``trs_editor_view`` article bodies, ``createPageHTML`` column pagers, TRS
meta tags, friend links to other governments and a footer with the site identifier."""

from __future__ import annotations

import html

E = html.escape


def shell(
    site_name: str,
    title: str,
    crumbs: list[tuple[str, str]],
    main: str,
    *,
    metas: dict[str, str] | None = None,
    friend_links: list[tuple[str, str]],
    footer: str,
) -> str:
    meta_tags = "".join(
        f'<meta name="{E(k)}" content="{E(v)}">\n' for k, v in (metas or {}).items()
    )
    crumb = " &gt; ".join(f'<a href="{E(h)}">{E(t)}</a>' if h else E(t) for t, h in crumbs)
    friends = "".join(f'<option value="{E(h)}">{E(t)}</option>' for t, h in friend_links)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{E(title)}_{E(site_name)}</title>
<meta name="SiteName" content="{E(site_name)}">
{meta_tags}<link rel="stylesheet" href="/images/style.css">
<script src="/js/jquery-1.11.3.min.js"></script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span class="welcome">欢迎访问{E(site_name)}</span>
<a href="/wza/">无障碍浏览</a> <a href="/ydb/">移动版</a> <a href="/was5/web/search?channelid=201212">站内搜索</a></div></div>
<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="{E(site_name)}"></a>
<form action="/was5/web/search" method="get" class="search"><input name="searchword" placeholder="请输入关键字"><input type="hidden" name="channelid" value="201212"><button>搜索</button></form></div></div>
<div class="nav"><ul class="w1200">
<li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li><li><a href="/xxgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjhs/">走进赫山</a></li></ul></div>
<div class="w1200 position">当前位置：{crumb}</div>
<div class="w1200 main">{main}</div>
<div class="links w1200"><select onchange="window.open(this.value)"><option>--政府网站--</option>{friends}</select></div>
<div class="footer"><div class="w1200">{footer}</div></div>
</body></html>
"""


def column(
    items: list[tuple[str, str, str]], *, heading: str, page_count: int, page: int, side: str
) -> str:
    """A column page: its list and the TRS pager written by ``createPageHTML`` in /js/page.js."""
    lis = "".join(
        f'<li><a href="{E(href)}" target="_blank" title="{E(t)}">{E(t)}</a><span class="date">{d}</span></li>\n'
        for t, href, d in items
    )
    return f"""<div class="side">{side}</div>
<div class="con-right"><div class="con-title"><h2>{E(heading)}</h2></div>
<ul class="list-ul">
{lis}</ul>
<div class="page"><script src="/js/page.js"></script><script>createPageHTML({page_count}, {page}, "index", "html");</script></div>
</div>"""


def article(
    title: str,
    info: str,
    body: str,
    *,
    pager: str = "",
    related: list[tuple[str, str]] | None = None,
    attachments: str = "",
) -> str:
    rel = "".join(f'<li><a href="{E(h)}">{E(t)}</a></li>' for t, h in related or [])
    related_html = f'<div class="xgxx"><h3>相关信息</h3><ul>{rel}</ul></div>' if rel else ""
    return f"""<div class="article">
<h1 class="article-title">{E(title)}</h1>
<div class="article-info">{info}<span class="font">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="article-con"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{body}
</div></div>
{attachments}
{pager}
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
{related_html}
</div>"""


PAGE_JS = """function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
 if(_nPageCount == null || _nPageCount<=1){ return; }
 var nCurrIndex = _nCurrIndex || 0;
 if(nCurrIndex == 0) document.write("<span>首页</span> ");
 else document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a> ");
 if(nCurrIndex > 0){
  var prev = nCurrIndex-1 == 0 ? _sPageName+"."+_sPageExt : _sPageName+"_"+(nCurrIndex-1)+"."+_sPageExt;
  document.write("<a href=\\""+prev+"\\">上一页</a> ");
 }
 if(nCurrIndex+1 < _nPageCount)
  document.write("<a href=\\""+_sPageName+"_"+(nCurrIndex+1)+"."+_sPageExt+"\\">下一页</a> ");
 document.write("<span>共"+_nPageCount+"页</span>");
}
"""

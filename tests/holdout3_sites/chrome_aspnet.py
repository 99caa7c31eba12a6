"""An ASP.NET WebForms county portal of the early 2010s on IIS: ``ArticleList.aspx?ClassID=…``
lists paged by ``&page=N`` links, ``ArticleShow.aspx?ArticleID=…`` articles whose long texts
the CMS splits into ``&page=2``, server-control ids, a ``__VIEWSTATE`` blob, GB2312 pages."""

from __future__ import annotations

import base64
import hashlib
import html

E = html.escape
PREFIX = "ctl00_ContentPlaceHolder1_"


def _viewstate(seed: str) -> str:
    raw = b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() for i in range(12))
    return base64.b64encode(raw).decode()


def shell(
    site_name: str,
    title: str,
    action: str,
    crumbs: list[tuple[str, str]],
    main: str,
    *,
    footer: str,
) -> str:
    crumb = " &gt;&gt; ".join(f'<a href="{E(h)}">{E(t)}</a>' if h else E(t) for t, h in crumbs)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /><title>
	{E(title)}--{E(site_name)}
</title><link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet" /></head>
<body>
<form name="aspnetForm" method="post" action="{E(action)}" id="aspnetForm">
<div>
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{_viewstate(action)}" />
</div>
<div id="top"><div class="logo"><a href="/"><img src="/images/logo.jpg" alt="{E(site_name)}" /></a></div>
<div id="menu"><a href="/">网站首页</a> | <a href="/zwgk/Index.aspx">政务公开</a> | <a href="/News/List.aspx?ClassID=12">新闻中心</a> | <a href="/bsfw/Index.aspx">办事服务</a></div></div>
<div id="dqwz">当前位置：{crumb}</div>
<div id="content">{main}</div>
<div id="bottom">{footer}</div>
</form>
</body>
</html>
"""


def list_page(items: list[tuple[str, str, str]], page: int, pages: int, base: str) -> str:
    rows = "".join(
        f'<tr><td class="dot">·</td><td><a href="{E(h)}" target="_blank">{E(t)}</a></td><td class="time">{d}</td></tr>'
        for t, h, d in items
    )
    pager = [f"共{pages}页 当前第{page}页"]
    if page > 1:
        pager.append(
            f'<a href="{E(base)}">首页</a> <a href="{E(base if page == 2 else f"{base}&page={page - 1}")}">上一页</a>'
        )
    if page < pages:
        pager.append(
            f'<a href="{E(f"{base}&page={page + 1}")}">下一页</a> <a href="{E(f"{base}&page={pages}")}">尾页</a>'
        )
    return f"""<table id="{PREFIX}gvList" class="list" cellspacing="0" border="0">{rows}</table>
<div id="{PREFIX}pager" class="pager">{"&nbsp;".join(pager)}</div>"""


def article(
    title: str, source: str | None, when: str, hits: str, body: str, *, pager: str = ""
) -> str:
    source_part = (
        f'来源：<span id="{PREFIX}lblSource">{E(source)}</span>&nbsp;&nbsp;' if source else ""
    )
    return f"""<div class="show">
<h2 id="{PREFIX}lblTitle">{E(title)}</h2>
<div class="info">{source_part}发布时间：<span id="{PREFIX}lblTime">{E(when)}</span>&nbsp;&nbsp;点击数：<span id="{PREFIX}lblHits">{hits}</span></div>
<div id="{PREFIX}divContent" class="news_content">
{body}
</div>
{pager}
<div class="tool"><a href="javascript:window.print();">[打印本页]</a> <a href="javascript:window.close();">[关闭窗口]</a></div>
</div>"""

"""Chrome of an ASP.NET WebForms district portal on IIS: lists ``/Category/List.aspx?cid=N`` paged
by an AspNetPager whose links are ``javascript:__doPostBack(...)`` (page 2 is a POST of the
page's form), details ``/Item/<id>.aspx``.
"""

from __future__ import annotations

import base64
import hashlib
import html

from demo.sites.model import ArticlePage, ListEntry, SiteTheme

PAGER = "ctl00$ContentPlaceHolder1$AspNetPager1"

POSTBACK_JS = """<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) { theForm = document.aspnetForm; }
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }
}
//]]>
</script>"""


def _state(seed: str, size: int) -> str:
    """A deterministic stand-in for __VIEWSTATE / __EVENTVALIDATION."""
    digest = b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() for i in range(size))
    return base64.b64encode(digest).decode()


def _page(theme: SiteTheme, title: str, crumbs, main: str, action: str) -> str:
    trail = " &gt; ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    nav = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in theme.nav)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{html.escape(title)}
</title><link href="/App_Themes/Default/main.css" type="text/css" rel="stylesheet" /></head>
<body>
<form name="aspnetForm" method="post" action="{action}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{_state(action, 6)}" />
</div>
{POSTBACK_JS}
<div class="top"><div class="logo"><a href="/">{theme.site_name}</a></div><ul class="menu">{nav}</ul></div>
<div class="position">您现在的位置：{trail}</div>
<div class="main">{main}</div>
<div class="foot">版权所有：{theme.organizer}　{theme.icp}　网站标识码：{theme.site_code}</div>
<div><input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="{_state(action + "ev", 2)}" /></div>
</form>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs, body: str, action: str) -> str:
    return _page(theme, f"{title}-{theme.site_name}", crumbs, f"<h2>{title}</h2>{body}", action)


def list_page(
    theme: SiteTheme,
    name: str,
    crumbs,
    entries: list[ListEntry],
    action: str,
    page_no: int,
    page_count: int,
) -> str:
    rows = "\n".join(
        f'<tr><td class="dot">·</td><td><a id="ctl00_ContentPlaceHolder1_rpList_ctl{i:02d}_hlTitle" '
        f'href="{e.href}" target="_blank">{html.escape(e.title)}</a></td><td class="date">[{e.date}]</td></tr>'
        for i, e in enumerate(entries)
    )

    def go(n: int, text: str) -> str:
        return f"<a href=\"javascript:__doPostBack('{PAGER}','{n}')\">{text}</a>"

    parts = [f"共{page_count}页 第{page_no}页"]
    parts += [go(1, "首页")] if page_no > 1 else ['<a disabled="disabled">首页</a>']
    for n in range(1, page_count + 1):
        parts.append(f'<span class="cpb">{n}</span>' if n == page_no else go(n, str(n)))
    parts += [go(page_no + 1, "下一页"), go(page_count, "尾页")] if page_no < page_count else []
    main = f"""<div class="lm_title">{name}</div>
<table id="ctl00_ContentPlaceHolder1_tbList" class="list" width="100%">{rows}</table>
<div id="ctl00_ContentPlaceHolder1_AspNetPager1" class="pager">{" ".join(parts)}</div>"""
    return _page(theme, f"{name}-{theme.site_name}", crumbs, main, action)


def article_page(theme: SiteTheme, page: ArticlePage, action: str) -> str:
    y, m, d = page.published.split("-")
    files = "".join(f'<li><a href="{h}">{html.escape(n)}</a></li>' for h, n in page.attachments)
    files = f'<div class="fj">附件：<ul>{files}</ul></div>' if files else ""
    main = f"""<div class="article"><h1 id="ctl00_ContentPlaceHolder1_lblTitle">{html.escape(page.title)}</h1>
<div class="info">发布日期：{y}年{m}月{d}日　信息来源：{page.source}　阅读次数：{page.views}</div>
<div id="ctl00_ContentPlaceHolder1_divContent" class="content">{page.body_html}</div>
{files}</div>"""
    return _page(theme, f"{page.title}-{theme.site_name}", page.crumbs, main, action)

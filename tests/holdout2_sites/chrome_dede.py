"""Chrome of a 织梦 (DedeCMS) county site of the 2010s: ``/a/<dir>/`` columns with
``list_<typeid>_<n>.html`` pages, details ``/a/<dir>/<Y>/<MMDD>/<aid>.html``, a ``--`` site name
after every title, and no charset declaration anywhere (the bytes are GB18030).
"""

from __future__ import annotations

import html

from demo.sites.model import ArticlePage, ListEntry, SiteTheme

_DIGITS = "〇一二三四五六七八九"


def _small(n: int) -> str:
    """1..31 in Chinese numerals (十一, 二十, 三十一)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def numeral_date(iso: str) -> str:
    """2022-01-28 -> 二〇二二年一月二十八日, as the signature of a printed report has it."""
    year, month, day = iso.split("-")
    return "".join(_DIGITS[int(d)] for d in year) + f"年{_small(int(month))}月{_small(int(day))}日"


def _page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], main: str) -> str:
    trail = " &gt; ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)
    nav = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in theme.nav)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>{html.escape(title)}</title>
<meta name="keywords" content="{theme.site_name}" />
<link href="/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
</head>
<body>
<div class="header"><div class="top w960 center"><div class="title"><h1><a href="/">{theme.site_name}</a></h1></div></div>
<div class="module blue mT10 wrapper w963"><div id="navMenu"><ul>{nav}</ul></div>
<div class="search"><form name="formsearch" action="/plus/search.php"><input type="hidden" name="kwtype" value="0" /><input name="q" type="text" class="search-keyword" /><button type="submit" class="search-submit">搜索</button></form></div></div></div>
<div class="w960 center clear mt1"><div class="place"><strong>当前位置:</strong> {trail}</div>
{main}</div>
<div class="footer w960 center mt1 clear"><div class="footer_body"><p class="powered">主办：{theme.organizer}　{theme.icp}　网站标识码：{theme.site_code}<br />地址：{theme.address}　电话：{theme.phone}</p></div></div>
</body>
</html>"""


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], body: str) -> str:
    return _page(
        theme,
        f"{title}--{theme.site_name}",
        crumbs,
        f'<div class="viewbox"><div class="title"><h2>{title}</h2></div>{body}</div>',
    )


def list_page(
    theme: SiteTheme,
    name: str,
    crumbs,
    entries: list[ListEntry],
    type_id: int,
    page_no: int,
    page_count: int,
) -> str:
    items = "\n".join(
        f'<li><a href="{e.href}" class="title">{html.escape(e.title)}</a><span class="info">'
        f"<small>日期：</small>{e.date}</span></li>"
        for e in entries
    )

    def href(n: int) -> str:
        return f"list_{type_id}_{n}.html"

    pager = [f'<li><a href="{href(1)}">首页</a></li>']
    if page_no > 1:
        pager.append(f'<li><a href="{href(page_no - 1)}">上一页</a></li>')
    for n in range(1, page_count + 1):
        pager.append(
            f'<li class="thisclass">{n}</li>'
            if n == page_no
            else f'<li><a href="{href(n)}">{n}</a></li>'
        )
    if page_no < page_count:
        pager.append(f'<li><a href="{href(page_no + 1)}">下一页</a></li>')
    pager.append(f'<li><a href="{href(page_count)}">末页</a></li>')
    pager.append(f'<li><span class="pageinfo">共 <strong>{page_count}</strong>页</span></li>')
    main = f"""<div class="listbox"><div class="title"><h2>{name}</h2></div>
<ul class="e2">
{items}
</ul>
<div class="dede_pages"><ul class="pagelist">{"".join(pager)}</ul></div></div>"""
    return _page(theme, f"{name}--{theme.site_name}", crumbs, main)


def article_page(theme: SiteTheme, page: ArticlePage, aid: int, dated: bool = True) -> str:
    """A Dede detail: the date only in the info line, as Chinese text (``dated=False``: none)."""
    y, m, d = (int(x) for x in page.published.split("-"))
    info = f"发布时间：{y}年{m}月{d}日　" if dated else ""
    files = "".join(f'<p>附件：<a href="{h}">{html.escape(n)}</a></p>' for h, n in page.attachments)
    main = f"""<div class="viewbox"><div class="title"><h2>{html.escape(page.title)}</h2></div>
<div class="info"><small>{info}来源：</small>{page.source}　<small>点击：</small><script src="/plus/count.php?view=yes&aid={aid}&mid=1" type="text/javascript" language="javascript"></script>次</div>
<div class="content"><table width="100%"><tr><td>
{page.body_html}
</td></tr></table>{files}</div>
<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
<div class="handle"><div class="context"><ul><li><a href="javascript:window.print()">打印本文</a></li><li><a href="javascript:window.close()">关闭窗口</a></li></ul></div></div></div>"""
    return _page(theme, f"{page.title}--{theme.site_name}", page.crumbs, main)

"""A county portal on a provincial 集约化 (shared) site platform: ``content_N.html`` articles
with a 发布机构 / 发布日期 line, plain ``index.html`` lists, and township sections
(``/xzjd/<town>/``) each with its own short lists, all under the county's host."""

from __future__ import annotations

import html

E = html.escape


def shell(
    site_name: str, title: str, crumbs: list[tuple[str, str]], main: str, *, footer: str
) -> str:
    crumb = "<em>&gt;</em>".join(
        f'<a href="{E(h)}">{E(t)}</a>' if h else f"<span>{E(t)}</span>" for t, h in crumbs
    )
    return f"""<!doctype html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{E(title)}</title>
<meta name="keywords" content="{E(site_name)}">
<link rel="stylesheet" href="/static/css/common.css"></head>
<body>
<header class="g-head"><div class="g-w"><h1 class="g-logo"><a href="/">{E(site_name)}</a></h1>
<nav class="g-nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/xzjd/">乡镇街道</a><a href="/zjpj/">走进平江</a></nav></div></header>
<div class="g-w g-crumb">当前位置：{crumb}</div>
<section class="g-w g-body">{main}</section>
<footer class="g-foot"><div class="g-w">{footer}</div></footer>
</body></html>
"""


def listing(heading: str, items: list[tuple[str, str, str]], *, side: str = "") -> str:
    lis = "".join(
        f'<li><a href="{E(h)}" title="{E(t)}">{E(t)}</a><i>{d}</i></li>' for t, h, d in items
    )
    side_html = f'<aside class="g-side">{side}</aside>' if side else ""
    return f'{side_html}<div class="g-list"><h2 class="g-lm">{E(heading)}</h2><ul>{lis}</ul></div>'


def article(title: str, info: list[tuple[str, str]], body: str) -> str:
    line = "　".join(f"{E(k)}：{E(v)}" for k, v in info)
    return f"""<article class="g-art">
<h2 class="g-art-title">{E(title)}</h2>
<p class="g-art-info">{line}　<span class="visit">访问量：<b id="visits"></b></span></p>
<div class="g-art-con" id="zoomcon">
{body}
</div>
<div class="g-art-tool"><a href="javascript:print()">打印</a> <a href="javascript:close()">关闭</a></div>
</article>"""

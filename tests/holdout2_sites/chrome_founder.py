"""Chrome of a 方正 (Founder) county portal on Tomcat: a frameset home page, a 公开目录 tree of
``catalog.jsp?catId=`` nodes whose lists live in an ``<iframe>``, static ``list.html`` /
``list_2.html`` pages paged by ``javascript:goPage(n)``, details ``/xxgk/info.jsp?id=<32 hex>``.
"""

from __future__ import annotations

import html
import uuid

from demo.sites.model import ArticlePage, ListEntry, SiteTheme

GO_PAGE_JS = """function goPage(n){
  var base = location.pathname.replace(/list(_[0-9]+)?\\.html$/, "");
  location.href = base + (n <= 1 ? "list.html" : "list_" + n + ".html");
}
"""


def doc_id(key: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"nianbao-holdout2:{key}").hex


def _page(theme: SiteTheme, title: str, body: str, head: str = "") -> str:
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}">
<title>{html.escape(title)}</title>
{head}<link href="/css/style.css" rel="stylesheet" type="text/css">
</head>
<body leftmargin="0" topmargin="0">
{body}
<table width="990" align="center" class="bottom"><tr><td align="center">主办单位：{theme.organizer}　网站标识码：{theme.site_code}　{theme.icp}<br>技术支持：北大方正电子有限公司</td></tr></table>
</body>
</html>"""


def frameset_home(theme: SiteTheme) -> str:
    """The home page: two frames and nothing else a crawler could follow outside them."""
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={theme.charset}">
<title>{theme.site_name}</title>
</head>
<frameset rows="168,*" frameborder="no" border="0" framespacing="0">
  <frame src="/top.htm" name="topFrame" scrolling="no" noresize>
  <frame src="/main.htm" name="mainFrame">
</frameset>
<noframes><body>您的浏览器不支持框架。</body></noframes>
</html>"""


def top_frame(theme: SiteTheme, nav: tuple[tuple[str, str], ...]) -> str:
    links = " | ".join(f'<a href="{h}" target="mainFrame">{n}</a>' for n, h in nav)
    body = f"""<table width="990" align="center"><tr><td class="banner"><img src="/images/banner.jpg" alt="{theme.site_name}"></td></tr>
<tr><td class="nav">{links}</td></tr></table>"""
    return _page(theme, theme.site_name, body)


def crumbs_html(crumbs: list[tuple[str, str]]) -> str:
    return "当前位置：" + " &gt;&gt; ".join(f'<a href="{h}">{n}</a>' for n, h in crumbs)


def simple_page(theme: SiteTheme, title: str, crumbs: list[tuple[str, str]], inner: str) -> str:
    body = f"""<table width="990" align="center"><tr><td class="weizhi">{crumbs_html(crumbs)}</td></tr>
<tr><td class="con"><div class="lmmc">{title}</div>{inner}</td></tr></table>"""
    return _page(theme, f"{title}-{theme.site_name}", body)


def catalog_tree(theme: SiteTheme, nodes: list[tuple[int, str]], crumbs) -> str:
    """/xxgk/index.jsp: the 政府信息公开目录 tree; each node opens ``catalog.jsp?catId=``."""
    items = "\n".join(
        f'<tr><td class="node"><img src="/images/tree_leaf.gif"> '
        f'<a href="catalog.jsp?catId={cat}">{name}</a></td></tr>'
        for cat, name in nodes
    )
    body = f"""<table width="990" align="center"><tr><td class="weizhi">{crumbs_html(crumbs)}</td></tr></table>
<table width="990" align="center"><tr><td width="240" valign="top" class="tree">
<div class="tree-title">政府信息公开目录</div><table>{items}</table></td>
<td valign="top"><div class="lmmc">政府信息公开</div><p>本目录按照《中华人民共和国政府信息公开条例》编制，点击左侧目录查看信息。</p></td></tr></table>"""
    return _page(theme, f"政府信息公开目录-{theme.site_name}", body)


def catalog_node(theme: SiteTheme, name: str, list_src: str, crumbs) -> str:
    """One catalog node: its name, and the list in an iframe."""
    body = f"""<table width="990" align="center"><tr><td class="weizhi">{crumbs_html(crumbs)}</td></tr>
<tr><td><div class="lmmc">{name}</div>
<iframe src="{list_src}" name="listFrame" width="100%" height="620" frameborder="0" scrolling="auto"></iframe>
</td></tr></table>"""
    return _page(theme, f"{name}-{theme.site_name}", body)


def list_frame(
    theme: SiteTheme, name: str, entries: list[ListEntry], page_no: int, page_count: int
) -> str:
    """The page inside the iframe: a table of entries and a goPage() pager."""
    rows = (
        "\n".join(
            f'<tr><td class="bt"><a href="{e.href}" target="_blank">{html.escape(e.title)}</a></td>'
            f'<td class="rq" width="90">{e.date}</td></tr>'
            for e in entries
        )
        or '<tr><td colspan="2">暂无信息</td></tr>'
    )
    pager = f"共{page_count}页　当前第{page_no}页　"
    if page_no > 1:
        pager += f'<a href="javascript:goPage(1)">首页</a> <a href="javascript:goPage({page_no - 1})">上一页</a> '
    if page_no < page_count:
        pager += f'<a href="javascript:goPage({page_no + 1})">下一页</a> <a href="javascript:goPage({page_count})">尾页</a>'
    body = f"""<table width="100%" class="list">{rows}</table>
<div class="page">{pager}</div>"""
    return _page(theme, name, body, '<script src="/js/gopage.js"></script>\n')


def article_page(theme: SiteTheme, page: ArticlePage) -> str:
    files = "".join(f'<a href="{h}">{html.escape(n)}</a><br>' for h, n in page.attachments)
    files = f'<div class="fj">相关附件：<br>{files}</div>' if files else ""
    body = f"""<table width="990" align="center"><tr><td class="weizhi">{crumbs_html(page.crumbs)}</td></tr></table>
<table width="990" align="center" border="1" cellspacing="0" class="xxgk_info">
<tr><td width="12%">索 引 号：</td><td width="38%">{page.index_no}</td><td width="12%">信息分类：</td><td>{page.topic}</td></tr>
<tr><td>发布机构：</td><td>{page.source}</td><td>公开日期：</td><td>{page.published}</td></tr>
<tr><td>信息名称：</td><td colspan="3">{html.escape(page.title)}</td></tr>
<tr><td>文　　号：</td><td>{page.doc_no}</td><td>公开方式：</td><td>主动公开</td></tr>
</table>
<table width="990" align="center"><tr><td class="title" align="center"><b>{html.escape(page.title)}</b></td></tr>
<tr><td class="content" id="fontzoom">{page.body_html}</td></tr>
<tr><td>{files}</td></tr>
<tr><td align="right"><a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></td></tr></table>"""
    return _page(theme, f"{page.title}-{theme.site_name}", body)

"""A Guangdong 政府信息公开平台 (gkmlpt) as a district serves it: a static platform index with its
catalog tree, an 年度报告 page that is a script app (the list comes as JSON from
``/gkmlpt/api/annualreport`` and pages on only by a 下一页 control without an address), and
``/gkmlpt/content/…/post_N.html`` details with the platform's 索引号 / 发布机构 box."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from demo.server import Request, Response

E = html.escape


def shell(site_name: str, title: str, main: str, *, footer: str, head_extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width">
<title>{E(title)} - {E(site_name)}</title>
<meta name="SiteName" content="{E(site_name)}">
<link rel="stylesheet" href="/gkmlpt/static/css/gkmlpt.css">{head_extra}
</head><body>
<div class="gk-header"><a class="gk-logo" href="/">{E(site_name)}</a><span class="gk-sub">政府信息公开</span>
<ul class="gk-menu"><li><a href="/">网站首页</a></li><li><a href="/gkmlpt/index">信息公开目录</a></li>
<li><a href="/gkmlpt/guide">信息公开指南</a></li><li><a href="/gkmlpt/annualreport">信息公开年报</a></li></ul></div>
<div class="gk-main">{main}</div>
<div class="gk-footer">{footer}</div>
</body></html>
"""


def detail(title: str, box: list[tuple[str, str]], body: str) -> str:
    """The platform's detail view: the classification box, the title, the content."""
    cells = "".join(
        f'<tr><td class="td-label">{E(k)}：</td><td class="td-value">{E(v)}</td></tr>'
        for k, v in box
    )
    return f"""<div class="content-box">
<table class="classify">{cells}</table>
<div class="content"><h1 class="title">{E(title)}</h1>
<div class="article-content">
{body}
</div></div>
<div class="print"><a href="javascript:window.print()">打印</a><a href="javascript:window.close()">关闭</a></div>
</div>"""


APP_JS = """var GkAnnual = (function () {
  var cfg = null;
  function render(data, page) {
    var box = document.getElementById('gk-annual');
    var out = '<ul class="nb-list">';
    for (var i = 0; i < data.articles.length; i++) {
      var a = data.articles[i];
      out += '<li><a href="' + a.url + '" target="_blank">' + a.title + '</a><span class="date">' + a.date + '</span></li>';
    }
    out += '</ul><div class="gk-pager">';
    if (page > 1) out += '<a href="javascript:;" class="prev" data-page="' + (page - 1) + '">上一页</a>';
    out += '<span>第' + page + '页 / 共' + data.pages + '页</span>';
    if (page < data.pages) out += '<a href="javascript:;" class="next" data-page="' + (page + 1) + '">下一页</a>';
    box.innerHTML = out + '</div>';
    var links = box.querySelectorAll('.gk-pager a');
    for (var j = 0; j < links.length; j++) {
      links[j].onclick = function () { load(parseInt(this.getAttribute('data-page'), 10)); };
    }
  }
  function load(page) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', cfg.api + '?sid=' + cfg.sid + '&page=' + page + '&size=' + cfg.size);
    xhr.onload = function () { render(JSON.parse(xhr.responseText), page); };
    xhr.send();
  }
  return { init: function (c) { cfg = c; load(1); } };
})();
"""


def app(sid: str, size: int) -> str:
    """The 年度报告 page body: nothing but a loading placeholder until the script has run."""
    return f"""<div class="gk-side"><h3>政府信息公开年报</h3><p>按发布时间排序</p></div>
<div class="gk-list" id="gk-annual"><div class="loading">数据加载中，请稍候……</div></div>
<script src="/gkmlpt/static/js/annualreport.js"></script>
<script>GkAnnual.init({{sid: "{sid}", api: "/gkmlpt/api/annualreport", size: {size}}});</script>"""


def annual_api(articles: Callable[[], list[dict]]) -> Callable[[Request], Response]:
    """``GET /gkmlpt/api/annualreport?sid=…&page=N&size=M``: one page of the list as JSON."""

    def answer(request: Request) -> Response:
        args = request.args()
        items = articles()
        try:
            page = max(1, int(args.get("page", "1")))
            size = max(1, min(50, int(args.get("size", "5"))))
        except ValueError:
            page, size = 1, 5
        pages = max(1, -(-len(items) // size))
        chosen = items[(page - 1) * size : page * size]
        body = json.dumps(
            {"total": len(items), "page": page, "pages": pages, "articles": chosen},
            ensure_ascii=False,
        )
        return Response(200, [("Content-Type", "application/json;charset=UTF-8")], body.encode())

    return answer

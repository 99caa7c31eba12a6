"""Whole CMS pages (TRS, Hanweb, UCAP, Epoint, an unknown CMS) wrapping the seed reports and
synthetic ones, for the text and metadata tests. `python -m tests.page_fixture_builder` rewrites
tests/fixtures/pages/; `generated_pages()` yields many more variants with their expected fields.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import opencc

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"

CN_DIGITS = "〇一二三四五六七八九"


def cn_year(year: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(year))


# --- report bodies ----------------------------------------------------------------------------


def _p(text: str, indent: bool = True) -> str:
    style = ' style="text-indent:2em;line-height:2;"' if indent else ""
    return f"<p{style}>{html.escape(text)}</p>"


def _table(rows: list[list[str]], border: bool = True) -> str:
    attrs = ' border="1" cellspacing="0" cellpadding="0"' if border else ""
    body = "".join(
        "<tr>" + "".join(f'<td><p align="center">{html.escape(c)}</p></td>' for c in row) + "</tr>"
        for row in rows
    )
    return f'<table class="MsoTableGrid"{attrs}><tbody>{body}</tbody></table>'


def report_body_2021(short: str, year: int, signer: str, signed: str, extra: str = "") -> str:
    """A report in the national format of 国办公开办函〔2021〕30号 (synthetic wording)."""
    y = year
    parts = [
        _p(
            f"本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
            f"有关要求编制。报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
            f"本报告电子版可在{short}门户网站下载。如对本报告有疑问，请与{short}办公室联系。"
        ),
        _p("一、总体情况", indent=False),
        _p(
            f"{y}年，{short}坚持以公开为常态、不公开为例外，围绕中心工作推进决策、执行、管理、"
            f"服务、结果公开，全年主动公开政府信息{120 + y % 50}条。{extra}"
        ),
        _p("（一）主动公开", indent=False),
        _p(
            "通过门户网站、政务新媒体和公开栏等渠道及时发布工作动态、通知公告和政策文件，"
            "重点做好财政预决算、重大项目和民生事项信息的公开。"
        ),
        _p("（二）依申请公开", indent=False),
        _p(f"全年共收到政府信息公开申请{y % 7 + 2}件，均在法定期限内答复，未发生收费情况。"),
        _p("（三）政府信息管理", indent=False),
        _p("严格落实公开前保密审查制度，定期清理已公开信息，确保公开内容准确规范。"),
        _p("（四）平台建设", indent=False),
        _p("持续优化门户网站政府信息公开专栏，规范栏目设置，提升检索和浏览体验。"),
        _p("（五）监督保障", indent=False),
        _p("将政务公开工作纳入年度绩效考核，组织业务培训2次，参训人员60余人次。"),
        _p("二、主动公开政府信息情况", indent=False),
        _table(
            [
                ["第二十条第（一）项", "", "", ""],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", "0", "0", "0"],
                ["行政规范性文件", "2", "0", "11"],
                ["第二十条第（五）项", "", "", ""],
                ["信息内容", "本年处理决定数量", "", ""],
                ["行政许可", "36", "", ""],
            ]
        ),
        _p("三、收到和处理政府信息公开申请情况", indent=False),
        _table(
            [
                [
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    "申请人情况",
                ],
                [
                    "",
                    "自然人",
                    "商业企业",
                    "科研机构",
                    "社会公益组织",
                    "法律服务机构",
                    "其他",
                    "总计",
                ],
                ["一、本年新收政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "4"],
                ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
                ["三、本年度办理结果"],
                ["（一）予以公开", "2", "1", "0", "0", "0", "0", "3"],
                ["（七）总计", "3", "1", "0", "0", "0", "0", "4"],
                ["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"],
            ]
        ),
        _p("四、政府信息公开行政复议、行政诉讼情况", indent=False),
        _table(
            [
                ["行政复议", "", "", "", "", "行政诉讼"],
                ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"],
                ["0", "0", "0", "0", "0", "0"],
            ]
        ),
        _p("五、存在的主要问题及改进情况", indent=False),
        _p(
            "一是公开内容的深度和解读质量仍需提升；二是工作人员业务能力有待加强。下一步将加强"
            "政策解读，开展专题培训，持续提升政务公开质量。"
        ),
        _p("六、其他需要报告的事项", indent=False),
        _p("本年度未收取信息处理费。无其他需要报告的事项。"),
        f'<p style="text-align:right;">{html.escape(signer)}</p>',
        f'<p style="text-align:right;">{html.escape(signed)}</p>',
    ]
    return "\n".join(parts)


def report_body_2008(short: str, year: int, signer: str, signed: str) -> str:
    """A pre-2019 report with the 《政府信息公开情况统计表》 (synthetic wording)."""
    y = year
    parts = [
        _p(
            f"本年度报告根据《中华人民共和国政府信息公开条例》要求，由{short}编制。全文包括概述、"
            f"主动公开政府信息情况、依申请公开政府信息情况、复议诉讼情况、存在的问题及改进措施。"
            f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        ),
        _p(f"一、概述。{y}年，{short}认真贯彻落实上级关于政务公开工作的部署，公开工作有序推进。"),
        _p("二、主动公开政府信息情况", indent=False),
        _p(f"{y}年共主动公开政府信息{300 + y % 100}条，其中规范性文件12件。"),
        _p("三、依申请公开政府信息情况", indent=False),
        _p("全年受理政府信息公开申请5件，均已按时答复。"),
        _p("四、政府信息公开的收费及减免情况", indent=False),
        _p("未收取任何费用。"),
        _p("五、因政府信息公开申请行政复议、提起行政诉讼的情况", indent=False),
        _p("未发生行政复议和行政诉讼案件。"),
        _p("六、存在的主要问题及改进措施", indent=False),
        _p(f"{y + 1}年将进一步规范公开流程，加强人员培训。"),
        _p("附件：政府信息公开情况统计表", indent=False),
        _table(
            [
                ["统 计 指 标", "单位", "统计数"],
                ["一、主动公开情况", "", ""],
                ["（一）主动公开政府信息数", "条", str(300 + y % 100)],
                ["二、依申请公开情况", "", ""],
                ["（一）收到申请数", "件", "5"],
            ]
        ),
        f'<p style="text-align:right;">{html.escape(signer)}</p>',
        f'<p style="text-align:right;">{html.escape(signed)}</p>',
    ]
    return "\n".join(parts)


def paragraphs_from_seed(lines: list[str]) -> str:
    """Seed text lines as the <p> paragraphs a CMS editor produces (full-width indentation kept)."""
    out = []
    for line in lines:
        if line.strip():
            out.append(f"<p>{html.escape(line.rstrip())}</p>")
    return "\n".join(out)


# --- page chrome ------------------------------------------------------------------------------


@dataclass
class Page:
    """What a CMS page shows about one report, and how."""

    title: str
    site: str  # the portal's name, as in <meta SiteName> and the footer
    published: str  # ISO
    body: str  # report body HTML
    agency_label: str = ""  # value of 发布机构 / 来源 in the metadata block
    index_no: str = ""
    doc_no: str = ""
    written: str = ""  # 成文日期, ISO or ""
    column: str = "政府信息公开年报"
    title_suffix: str = "-"  # separator before the site name in <title>
    related: list[str] = field(default_factory=list)  # other reports in a side list
    meta_tags: bool = True
    spam: bool = False
    date_style: int = 0  # how the visible dates are written, see shown_date
    header_date: str = ""  # "today" in the page header, a date that is not the publication's

    @property
    def shown_date(self) -> str:
        y, m, d = self.published.split("-")
        return (
            self.published,
            f"{y}年{m}月{d}日",
            f"{y}/{m}/{d}",
            f"{self.published} 10:30:00",
            f"{y}年{int(m)}月{int(d)}日",
        )[self.date_style % 5]


_SPAM_HIDDEN = (
    '<div class="qk4g0"><a href="http://www.amjs888.com/">澳门威尼斯人娱乐城</a>'
    '<a href="http://www.bet365-cp.net/">时时彩百家乐真人视讯</a>'
    '<a href="http://www.pj5577.cc/">澳门葡京赌场官网</a></div>'
    '<blockquote id="qk4g0"></blockquote><ul id="qk4g0"></ul>'
)
_SPAM_VISIBLE = (
    '<p class="lk8w2"><a href="http://www.xxav66.com/">亚洲一级在线色香蕉</a>,'
    '<a href="http://www.yysf88.com/">影音先锋在线观看网站</a>,'
    '<a href="http://www.ribenav.net/">亚洲AV日韩AV鸥美在线观看</a>,'
    '<a href="http://www.jjzw.cc/">久久精品中文字幕无码</a></p>'
)


def inject_spam(page_html: str) -> str:
    """What a compromised server adds: hidden casino links on top, porn links at the bottom."""
    page_html = page_html.replace("<body>\n", "<body>\n" + _SPAM_HIDDEN, 1)
    return page_html.replace("</body>", _SPAM_VISIBLE + "</body>", 1)


def _head(page: Page, extra: str = "") -> str:
    metas = ""
    if page.meta_tags:
        metas = (
            f'<meta name="SiteName" content="{page.site}">\n'
            f'<meta name="ColumnName" content="{page.column}">\n'
            f'<meta name="ArticleTitle" content="{page.title}">\n'
            f'<meta name="PubDate" content="{page.published} 09:30">\n'
        )
        if page.agency_label:
            metas += f'<meta name="ContentSource" content="{page.agency_label}">\n'
    spam_css = "<style>.qk4g0,.lk8w2{position:absolute;left:-9999px;}</style>" if page.spam else ""
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f"<title>{page.title}{page.title_suffix}{page.site}</title>\n"
        f'<meta name="keywords" content="{page.site},政府信息公开">\n{metas}'
        '<link rel="stylesheet" href="/images/style.css">\n'
        "<script>var _hmt = _hmt || [];</script>\n"
        f"{spam_css}{extra}</head>\n"
    )


def _header(page: Page) -> str:
    return (
        f'<div class="header"><div class="top-bar"><span id="date">{page.header_date}</span>'
        f'<a href="/">首页</a> | <a href="javascript:;">无障碍</a> | <a href="#">繁體版</a></div>'
        f'<div class="logo"><h1><a href="/">{page.site}</a></h1></div>'
        '<div class="search"><form action="/search"><input name="q"><button>搜索</button></form>'
        '</div></div>\n<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开'
        '</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li>'
        '<li><a href="/zjxx/">走进本地</a></li></ul></div>\n'
    )


def _footer(page: Page) -> str:
    return (
        '<div class="footer"><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p>'
        f"<p>主办单位：{page.site}办公室　承办：{page.site}信息中心</p>"
        '<p>网站标识码：4310000003　<a href="https://beian.miit.gov.cn">ICP备05012345号</a>'
        "　公网安备 43100202000123号</p></div>\n"
    )


def _related(page: Page) -> str:
    if not page.related:
        return ""
    items = "".join(
        f'<li><a href="/gknb/{i}.html">{t}</a></li>' for i, t in enumerate(page.related)
    )
    return f'<div class="xgxx"><h3>相关信息</h3><ul>{items}</ul></div>\n'


def trs_xxgk_page(page: Page) -> str:
    """TRS WCM 信息公开 detail: xxgk_table metadata block, title, .TRS_Editor body."""
    return (
        _head(page)
        + "<body>\n"
        + _header(page)
        + '<div class="main"><div class="location">当前位置：<a href="/">首页</a> &gt; '
        f'<a href="/zwgk/">政务公开</a> &gt; <a href="./">{page.column}</a></div>\n'
        '<div class="xxgk_detail"><table class="xxgk_table" cellspacing="0">'
        f'<tr><td class="td_lable">索&nbsp;引&nbsp;号：</td><td>{page.index_no}</td>'
        '<td class="td_lable">主题分类：</td><td>政务公开</td></tr>'
        f'<tr><td class="td_lable">发布机构：</td><td>{page.agency_label}</td>'
        f'<td class="td_lable">成文日期：</td><td>{page.written}</td></tr>'
        f'<tr><td class="td_lable">名　　称：</td><td colspan="3">{page.title}</td></tr>'
        f'<tr><td class="td_lable">文　　号：</td><td>{page.doc_no}</td>'
        f'<td class="td_lable">发布日期：</td><td>{page.shown_date}</td></tr></table>\n'
        f'<div class="xxgk_title"><h2>{page.title}</h2></div>\n'
        '<div class="xxgk_content"><div class="TRS_Editor">'
        "<style>.TRS_Editor P{line-height:2;font-family:宋体;font-size:12pt;}</style>\n"
        + page.body
        + '\n</div></div>\n<div class="tools">【<a href="javascript:window.print()">打印本页</a>】'
        '【<a href="javascript:window.close()">关闭窗口</a>】</div></div>\n'
        + _related(page)
        + "</div>\n"
        + _footer(page)
        + "</body>\n</html>\n"
    )


def trs_article_page(page: Page) -> str:
    """TRS news-style detail: h1 title, an info line, .view .TRS_UEDITOR body, share bar."""
    return (
        _head(page)
        + "<body>\n"
        + _header(page)
        + '<div class="container"><div class="crumbs">您现在的位置：<a href="/">首页</a>'
        f' &gt; <a href="./">{page.column}</a></div>\n<div class="article">'
        f'<h1 class="article-title">{page.title}</h1>\n'
        f'<div class="article-info"><span>发布时间：{page.shown_date}</span>'
        f'<span>来源：{page.agency_label or "本网"}</span><span>浏览次数：<em id="hits">'
        '</em></span><span class="font">字号：<a>大</a> <a>中</a> <a>小</a></span></div>\n'
        '<div class="view TRS_UEDITOR trs_paper_default trs_web">'
        + page.body
        + '</div>\n<div class="bdsharebuttonbox"><a class="bds_weixin"></a><a class="bds_tsina">'
        '</a></div>\n<div class="prev-next"><p>上一篇：<a href="#">关于做好春节期间安全生产工作的'
        '通知</a></p><p>下一篇：<a href="#">无</a></p></div></div>\n'
        + _related(page)
        + "</div>\n"
        + _footer(page)
        + "</body>\n</html>\n"
    )


def hanweb_page(page: Page) -> str:
    """Hanweb (大汉) article: ArticleTitle/PubDate/ContentSource metas, info line, #zoom body."""
    return (
        _head(page, '<meta name="SiteIDCode" content="3212000012">\n')
        + '<body>\n<div id="barrierfree_container">\n'
        + _header(page)
        + '<div class="main-txt"><div class="position">您当前所在位置：<a href="/">首页</a>'
        f' &gt; <a href="/col/col46355/">{page.column}</a></div>\n<table width="100%">'
        f'<tr><td class="title" align="center">{page.title}</td></tr>'
        f'<tr><td align="center" class="info">发布日期：{page.shown_date} &nbsp; '
        f'信息来源：{page.agency_label} &nbsp; 浏览次数：<span id="c"></span> &nbsp; '
        '【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>'
        '<tr><td><div id="zoom">\n<!--<$[信息内容]>begin-->'
        + page.body
        + "<!--<$[信息内容]>end-->\n</div></td></tr>"
        '<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】'
        '【<a href="javascript:window.opener=null;window.close()">关闭窗口</a>】</td></tr>'
        "</table></div>\n" + _related(page) + _footer(page) + "</div>\n</body>\n</html>\n"
    )


def ucap_page(page: Page) -> str:
    """UCAP (开普云) 信息公开 detail: 名称/索引号/发布机构/公开日期 table, <ucapcontent> body."""
    return (
        _head(page)
        + "<body>\n"
        + _header(page)
        + f'<div class="xxgkMain"><div class="container"><h2 class="siteTit">{page.site}</h2>'
        '<div class="xxgkHead"><h3 class="pageTit">政府信息公开</h3></div>'
        '<div class="xxgkArticle"><div class="article-tb"><table class="table_content"><tbody>'
        f'<tr><td class="c1">名称</td><td class="c4" colspan="3">{page.title}</td></tr>'
        f'<tr><td class="c1">索引号</td><td class="c2">{page.index_no}</td>'
        '<td class="c1">分类</td><td class="c3">信息公开年报 &nbsp;&nbsp;其他</td></tr>'
        f'<tr><td class="c1">发布机构</td><td class="c2">{page.agency_label}</td>'
        '<td class="c1">公开日期</td>'
        f'<td class="c3"><publishtime>{page.published}</publishtime></td></tr>'
        f'<tr><td class="c1">文号</td><td class="c2">{page.doc_no}</td><td class="c1">关键词</td>'
        '<td class="c3"></td></tr><tr><td class="c1">文件下载</td><td class="c4" colspan="3">'
        "</td></tr></tbody></table></div>\n"
        f'<h1 class="article-title"><ucaptitle>{page.title}</ucaptitle></h1>\n'
        '<div class="article-content" id="zoomcon"><ucapcontent>'
        + page.body
        + "</ucapcontent></div></div>\n"
        + '<div class="xxgkr"><div class="xgxx">相关信息</div><ul id="xggj">'
        + "".join(f'<li><a href="#">{t}</a></li>' for t in page.related)
        + "</ul></div></div></div>\n"
        + _footer(page)
        + "</body>\n</html>\n"
    )


def epoint_page(page: Page) -> str:
    """Epoint (新点) article: ewb-article title and sources line, #mainText body."""
    return (
        _head(page)
        + "<body>\n"
        + _header(page)
        + '<div class="ewb-container"><div class="ewb-location">当前位置：<a href="/">首页</a>'
        f' &gt;&gt; <a href="#">{page.column}</a></div>\n<div class="ewb-article">'
        f'<h3 class="ewb-article-tt">{page.title}</h3>\n<div class="ewb-article-sources">'
        f"<span>【信息来源：{page.agency_label}】</span><span>【信息时间：{page.shown_date}】</span>"
        '<span>【阅读次数：<span id="infoViewCount"></span>】</span>'
        "<span>【字体：<a>大</a> <a>中</a> <a>小</a>】</span></div>\n"
        '<div class="ewb-article-info" id="mainText">'
        + page.body
        + '</div>\n<div class="ewb-article-btns"><a href="javascript:window.print();">【打印本页】'
        '</a><a href="javascript:window.close();">【关闭窗口】</a></div></div>\n'
        + _related(page)
        + "</div>\n"
        + _footer(page)
        + "</body>\n</html>\n"
    )


def generic_page(page: Page) -> str:
    """An unknown CMS: no known container, a plain 时间/来源 line; found by text density."""
    return (
        _head(page)
        + "<body>\n"
        + _header(page)
        + '<div class="wrap"><div class="left-col"><div class="lm-title">政务公开</div><ul>'
        '<li><a href="#">政府信息公开指南</a></li><li><a href="#">政府信息公开制度</a></li>'
        '<li><a href="#">法定主动公开内容</a></li><li><a href="#">政府信息公开年报</a></li></ul>'
        '</div>\n<div class="right-col"><div class="dqwz">位置：<a href="/">首页</a> &gt; '
        f'<a href="#">{page.column}</a></div>\n<div class="detail">'
        f'<div class="detail-tit">{page.title}</div>\n'
        f'<div class="detail-sub">时间：{page.shown_date}　来源：{page.agency_label}'
        '　浏览量：256</div>\n<div class="detail-txt">'
        + page.body
        + '</div>\n<div class="detail-tool"><a href="javascript:window.print()">打印</a>'
        ' <a href="javascript:window.close()">关闭</a></div></div>\n'
        + _related(page)
        + "</div></div>\n"
        + _footer(page)
        + "</body>\n</html>\n"
    )


CMS_TEMPLATES = {
    "trs_xxgk": trs_xxgk_page,
    "trs_article": trs_article_page,
    "hanweb": hanweb_page,
    "ucap": ucap_page,
    "epoint": epoint_page,
    "generic": generic_page,
}

# --- the named fixtures -----------------------------------------------------------------------


def _seed_lines(name: str) -> list[str]:
    return (SEEDS / name).read_text(encoding="utf-8").splitlines()


def panjin_2016_traditional_spam() -> str:
    """Seed 000: a compromised Traditional copy of 盘锦's 2016 report with pinyin glosses in
    every converted word (labels too) and casino/porn spam hidden above and shown below."""
    lines = _seed_lines("000_f352c472e737ff41.txt")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("2016年,盤錦市"))
    end = next(i for i, line in enumerate(lines) if line.strip() == "2017年2月28日")
    body = paragraphs_from_seed(lines[start : end + 1])
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        "<title>盤錦市2016年度政府信息公開工作報告_盤錦市人民政府</title>\n"
        '<meta name="keywords" content="盤錦市人民政府,政務(wù)公開" />\n'
        "<style>#qk4g0,.qk4g0{display:none}</style>\n"
        "</head>\n<body>\n"
        '<blockquote id="qk4g0"></blockquote>\n<ul id="qk4g0"></ul>\n'
        '<div class="qk4g0"><a href="http://www.amjs6.com/">澳門(mén)威尼斯人娛樂城</a>'
        '<a href="http://www.vns2288.com/">時時彩</a><a href="http://www.pj8866.com/">百家樂真人</a>'
        "</div>\n"
        '<div class="top"><div class="logo"><img src="/images/logo.png" alt="" />'
        "<span>盤錦市人民政府</span></div></div>\n"
        '<div class="wz">當(dāng)前位置: <a href="/">首頁</a> &gt; <a href="/zwgk/">'
        '政務(wù)公開</a> &gt; <a href="/zwgk/nb/">政府信息公開年報</a> &gt; <a>2016年</a>'
        " &gt; 市政府信息公開工作年度報告</div>\n"
        '<div class="xxgk"><table class="xxgk_table" width="100%">\n'
        "<tr><td>索 引 號:</td><td></td><td>主題分類:</td><td>市政府信息公開工作年度報告</td></tr>\n"
        "<tr><td>發(fā)文機(jī)關(guān):</td><td>盤錦市政府</td><td>成文日期:</td><td></td></tr>\n"
        '<tr><td>標(biāo)  題:</td><td colspan="3">盤錦市2016年度政府信息公開工作報告</td></tr>\n'
        "<tr><td>發(fā)文字號:</td><td></td><td>發(fā)布日期:</td><td>2017-02-28</td></tr>\n"
        '<tr><td>主 題 詞:</td><td colspan="3"></td></tr>\n</table></div>\n'
        '<div class="content"><h1>盤錦市2016年度政府信息公開工作報告</h1>\n'
        '<div class="info">發(fā)布時間:2017-02-28 瀏覽次數(shù):323</div>\n'
        '<div class="TRS_Editor">\n' + body + "\n</div>\n"
        '<p><a href="./t20170228_tujie.html">盤錦市2016年度政府信息公開工作報告(圖解版)</a></p>\n'
        "</div>\n"
        '<div class="foot">版權(quán)所有：盤錦市人民政府辦公室 網(wǎng)站標(biāo)識碼：2111000010</div>\n'
        '<p><a href="http://www.yzxj9.com/">亚洲一级在线色香蕉</a>,'
        '<a href="http://www.yysf5.com/">影音先锋在线观看网站</a>,'
        '<a href="http://www.avrh3.com/">亚洲AV日韩AV鸥美在线观看</a>,'
        '<a href="http://www.jjjp7.com/">久久精品中文字幕无码</a></p>\n'
        '<blockquote id="qk4g0"></blockquote>\n<ul id="qk4g0"></ul>\n'
        "</body>\n</html>\n"
    )


def chenzhou_2015() -> str:
    """Seed 002: 郴州's 2015 report on the old TRS portal, with its 索引号/发文日期 line, a date
    stamp, the 打印/收藏/关闭本页 bar and the hit counter."""
    lines = _seed_lines("002_868b779dd27454bb.txt")
    start = next(i for i, line in enumerate(lines) if "本年度报告根据" in line)
    end = next(i for i, line in enumerate(lines) if line.strip() == "打印")
    body = paragraphs_from_seed(lines[start:end])
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
        "<title>郴州市2015年政府信息公开工作年度报告 - 郴州市人民政府</title>\n"
        '<meta name="SiteName" content="郴州市人民政府">\n'
        '<meta name="ColumnName" content="政府信息公开年报">\n'
        "</head>\n<body>\n"
        '<table width="1000" align="center"><tr><td><img src="/images/banner.jpg"></td></tr>'
        '<tr><td class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> '
        '<a href="/zmhd/">政民互动</a> <a href="/bsfw/">办事服务</a></td></tr></table>\n'
        '<table width="1000" align="center"><tr><td>\n'
        '<div class="dqwz">您现在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
        ' &gt; <a href="./">政府信息公开年报</a></div>\n'
        '<div class="xl_title">郴州市2015年政府信息公开工作年度报告</div>\n'
        '<div class="xl_info">索引号:430S00/2016-89052 公开方式:政府网站 '
        "发文日期:2016-03-15 00:00:00</div>\n"
        '<div class="xl_date">2016-03-15 00:00</div>\n'
        '<div class="TRS_Editor">\n' + body + "\n</div>\n"
        '<div class="xl_tools"><a href="javascript:window.print()">打印</a><br>'
        '<a href="javascript:addFav()">收藏</a><br>'
        '<a href="javascript:window.close()">关闭本页</a></div>\n'
        '<div class="xl_xg"><a href="./t20160315_1.html">郴州市2015年政府信息公开工作年度报告</a>'
        "</div>\n"
        '<div class="counter">7449805</div>\n'
        "</td></tr></table>\n"
        '<div class="bottom">版权所有：郴州市人民政府 主办：郴州市人民政府办公室 '
        "网站标识码：4310000003 湘ICP备05001234号</div>\n"
        "</body>\n</html>\n"
    )


def taizhou_2017_hanweb() -> str:
    page = Page(
        title="泰州市2017年政府信息公开工作年度报告",
        site="泰州市人民政府",
        published="2018-02-28",
        agency_label="泰州市人民政府办公室",
        body=report_body_2008("泰州市人民政府", 2017, "泰州市人民政府办公室", "2018年2月26日"),
        related=["泰州市2016年政府信息公开工作年度报告", "泰州市2015年政府信息公开工作年度报告"],
    )
    return hanweb_page(page)


def shuyang_fgj_2023_ucap() -> str:
    page = Page(
        title="沭阳县发展和改革局2023年政府信息公开工作年度报告",
        site="沭阳县人民政府",
        published="2024-01-17",
        agency_label="沭阳县发展和改革局",
        index_no="014314799/2024-00002",
        body=report_body_2021("县发展和改革局", 2023, "沭阳县发展和改革局", "2024年1月16日"),
        related=["沭阳县发展和改革局2022年政府信息公开工作年度报告", "沭阳县2023年国民经济计划"],
        meta_tags=False,
    )
    return ucap_page(page)


def suqian_sthjj_2022_epoint() -> str:
    page = Page(
        title="宿迁市生态环境局2022年政府信息公开工作年度报告",
        site="宿迁市人民政府",
        published="2023-01-16",
        agency_label="市生态环境局",
        body=report_body_2021("市生态环境局", 2022, "宿迁市生态环境局", "2023年1月13日"),
        meta_tags=False,
    )
    return epoint_page(page)


def yuanmou_jiangyi_2023_township() -> str:
    page = Page(
        title="姜驿乡2023年政府信息公开工作年度报告",
        site="元谋县人民政府",
        published="2024-01-22",
        agency_label="姜驿乡",
        body=report_body_2021("姜驿乡人民政府", 2023, "元谋县姜驿乡人民政府", "2024年1月20日"),
        title_suffix="_",
        related=["姜驿乡2022年政府信息公开工作年度报告", "物茂乡2023年政府信息公开工作年度报告"],
        meta_tags=False,
    )
    return generic_page(page)


def changchun_tyj_2023_department() -> str:
    page = Page(
        title="长春市体育局2023年政府信息公开工作年度报告",
        site="长春市人民政府",
        published="2024-01-15",
        written="2024-01-12",
        agency_label="长春市体育局",
        index_no="11220100013544822F/2024-00005",
        body=report_body_2021(
            "市体育局",
            2023,
            "长春市体育局",
            "2024年1月12日",
            extra="全年公开体育彩票公益金使用情况2条，公开全民健身场馆开放信息18条。",
        ),
        related=["长春市体育局2022年政府信息公开工作年度报告"],
    )
    return trs_xxgk_page(page)


def miyun_gaoling_2017_township() -> str:
    page = Page(
        title="高岭镇2017年政府信息公开工作年度报告",
        site="北京市密云区人民政府",
        published="2018-02-23",
        agency_label="",
        body=report_body_2008(
            "高岭镇人民政府", 2017, "北京市密云区高岭镇人民政府", "2018年2月22日"
        ),
        title_suffix=" - ",
        meta_tags=False,
    )
    return trs_article_page(page)


# --- reports posted by another office than their own ----------------------------------------


def shuyang_jyj_2023_posted_by_county_office() -> str:
    """A county department's report posted on the county portal by the government office,
    which the info line names the way such pages do: 来源：政府办."""
    page = Page(
        title="沭阳县教育局2023年政府信息公开工作年度报告",
        site="沭阳县人民政府",
        published="2024-01-19",
        agency_label="政府办",
        body=report_body_2021("县教育局", 2023, "沭阳县教育局", "2024年1月18日"),
        related=["沭阳县教育局2022年政府信息公开工作年度报告"],
        meta_tags=False,
    )
    return trs_article_page(page)


def wuhan_2023_posted_by_general_office() -> str:
    """A city government's report posted, and signed, by its general office (办公厅)."""
    page = Page(
        title="武汉市2023年政府信息公开工作年度报告",
        site="武汉市人民政府",
        published="2024-01-26",
        agency_label="市政府办公厅",
        index_no="010700104/2024-00031",
        body=report_body_2021("市人民政府", 2023, "武汉市人民政府办公厅", "2024年1月25日"),
        related=["武汉市2022年政府信息公开工作年度报告"],
    )
    return trs_xxgk_page(page)


def yuanmou_wumao_2023_posted_by_county() -> str:
    """A township's report posted by the county government on the county portal."""
    page = Page(
        title="物茂乡2023年政府信息公开工作年度报告",
        site="元谋县人民政府",
        published="2024-01-23",
        agency_label="元谋县人民政府",
        body=report_body_2021("物茂乡人民政府", 2023, "元谋县物茂乡人民政府", "2024年1月22日"),
        title_suffix="_",
        related=["物茂乡2022年政府信息公开工作年度报告"],
        meta_tags=False,
    )
    return generic_page(page)


def shuyang_wjw_2023_signature_only() -> str:
    """A title naming no one, posted by 县政府办: only the signature names the report's owner."""
    page = Page(
        title="2023年政府信息公开工作年度报告",
        site="沭阳县人民政府",
        published="2024-01-24",
        agency_label="县政府办",
        body=report_body_2021("县卫生健康委", 2023, "沭阳县卫生健康委员会", "2024年1月22日"),
        column="部门信息公开年报",
    )
    return hanweb_page(page)


def suqian_tjj_2017_opening_only() -> str:
    """A title naming no one, posted by the city's 市政府办公室, and no signature: only the
    opening sentence (本年度报告…由宿迁市统计局编制) names the report's owner."""
    page = Page(
        title="2017年度政府信息公开工作年度报告",
        site="宿迁市人民政府",
        published="2018-01-22",
        agency_label="市政府办公室",
        body=report_body_2008("宿迁市统计局", 2017, "", "2018年1月20日"),
        meta_tags=False,
    )
    return epoint_page(page)


def panjin_jyj_2022_traditional() -> str:
    """The Traditional-script (繁體版) copy of a department's report posted by 盤錦市政府辦."""
    page = Page(
        title="盘锦市教育局2022年政府信息公开工作年度报告",
        site="盘锦市人民政府",
        published="2023-01-20",
        agency_label="盘锦市政府办",
        index_no="001206001/2023-00012",
        body=report_body_2021("市教育局", 2022, "盘锦市教育局", "2023年1月19日"),
        meta_tags=False,
    )
    return opencc.OpenCC("s2t").convert(ucap_page(page))


CHENZHOU = "chenzhou_2015_trs.html"
PANJIN = "panjin_2016_trs_traditional_spam.html"
TAIZHOU = "taizhou_2017_hanweb.html"
SHUYANG = "shuyang_fgj_2023_ucap.html"
SUQIAN = "suqian_sthjj_2022_epoint.html"
YUANMOU = "yuanmou_jiangyi_2023_township.html"
CHANGCHUN = "changchun_tyj_2023_department.html"
MIYUN = "miyun_gaoling_2017_township.html"
SHUYANG_JYJ = "shuyang_jyj_2023_posted_by_county_office.html"
WUHAN = "wuhan_2023_posted_by_general_office.html"
YUANMOU_WUMAO = "yuanmou_wumao_2023_posted_by_county.html"
SHUYANG_WJW = "shuyang_wjw_2023_signature_only.html"
SUQIAN_TJJ = "suqian_tjj_2017_opening_only.html"
PANJIN_JYJ = "panjin_jyj_2022_traditional.html"

NAMED_FIXTURES = {
    PANJIN: panjin_2016_traditional_spam,
    CHENZHOU: chenzhou_2015,
    TAIZHOU: taizhou_2017_hanweb,
    SHUYANG: shuyang_fgj_2023_ucap,
    SUQIAN: suqian_sthjj_2022_epoint,
    YUANMOU: yuanmou_jiangyi_2023_township,
    CHANGCHUN: changchun_tyj_2023_department,
    MIYUN: miyun_gaoling_2017_township,
    SHUYANG_JYJ: shuyang_jyj_2023_posted_by_county_office,
    WUHAN: wuhan_2023_posted_by_general_office,
    YUANMOU_WUMAO: yuanmou_wumao_2023_posted_by_county,
    SHUYANG_WJW: shuyang_wjw_2023_signature_only,
    SUQIAN_TJJ: suqian_tjj_2017_opening_only,
    PANJIN_JYJ: panjin_jyj_2022_traditional,
}


def fixture_page(name: str) -> str:
    """The HTML of a named fixture as written in tests/fixtures/pages/."""
    return (PAGES / name).read_text(encoding="utf-8")


def build_fixtures(folder: Path = PAGES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in NAMED_FIXTURES.items():
        path = folder / name
        path.write_text(build(), encoding="utf-8")
        written.append(path)
    return written


# --- generated variants -----------------------------------------------------------------------


@dataclass(frozen=True)
class Publisher:
    """Who publishes, as the gold expects it, and how the page may shorten it."""

    agency: str  # full name: the expected value
    region: str
    site: str  # portal owner
    in_title: str  # how the title names the publisher
    label: str  # what 发布机构/来源 says ("" for nothing)


PUBLISHERS = (
    Publisher("郴州市人民政府", "郴州市", "郴州市人民政府", "郴州市", "郴州市人民政府"),
    Publisher(
        "郴州市人民政府办公室", "郴州市", "郴州市人民政府", "郴州市人民政府办公室", "市政府办公室"
    ),
    Publisher("盘锦市人民政府", "盘锦市", "盘锦市人民政府", "盘锦市", "盘锦市政府"),
    Publisher("长春市体育局", "长春市", "长春市人民政府", "长春市体育局", "长春市体育局"),
    Publisher("宿迁市生态环境局", "宿迁市", "宿迁市人民政府", "宿迁市生态环境局", "市生态环境局"),
    Publisher("元谋县姜驿乡人民政府", "元谋县姜驿乡", "元谋县人民政府", "姜驿乡", "姜驿乡人民政府"),
    Publisher(
        "北京市密云区高岭镇人民政府", "北京市密云区高岭镇", "北京市密云区人民政府", "高岭镇", ""
    ),
    Publisher(
        "沭阳县发展和改革局", "沭阳县", "沭阳县人民政府", "沭阳县发展和改革局", "县发展和改革局"
    ),
    Publisher(
        "武汉市硚口区统计局", "武汉市硚口区", "武汉市硚口区人民政府", "硚口区统计局", "区统计局"
    ),
    Publisher("遂宁市船山区人民政府", "遂宁市船山区", "遂宁市船山区人民政府", "遂宁市船山区", ""),
    Publisher(
        "长春市市场监督管理局", "长春市", "长春市人民政府", "长春市市场监督管理局", "市场监督管理局"
    ),
    # Reports posted by another office than their own: the agency is the report's, not the label's.
    Publisher("南平市人民政府", "南平市", "南平市人民政府", "南平市", "南平市政府办"),
    Publisher("沭阳县教育局", "沭阳县", "沭阳县人民政府", "县教育局", "县政府办"),
    Publisher("元谋县物茂乡人民政府", "元谋县物茂乡", "元谋县人民政府", "物茂乡", "元谋县人民政府"),
    Publisher("武汉市人民政府", "武汉市", "武汉市人民政府", "武汉市", "市政府办公厅"),
)

TITLE_SHAPES = (
    "{who}{year}年政府信息公开工作年度报告",
    "{who}{year}年度政府信息公开工作年度报告",
    "{year}年{who}政府信息公开工作年度报告",
    "{who}关于{year}年度政府信息公开工作的报告",
    "{who}政府信息公开工作年度报告（{year}年）",
    "{who}{cn_year}年政府信息公开工作年度报告",
    "{year}年度政府信息公开工作年度报告",
    "{who} {year}年政府信息公开工作年度报告",
)

# Words a gloss converter annotates (the Traditional form with its pinyin), as on seed 000's copy.
GLOSSES = {
    "發": "fā",
    "當": "dāng",
    "務": "wù",
    "關": "guān",
    "機": "jī",
    "標": "biāo",
    "題": "tí",
    "數": "shù",
    "網": "wǎng",
    "設": "shè",
    "進": "jìn",
    "領": "lǐng",
    "責": "zé",
    "導": "dǎo",
    "內": "nèi",
    "規": "guī",
    "業": "yè",
    "結": "jié",
    "調": "diào",
    "訓": "xùn",
    "區": "qū",
}


def add_pinyin_glosses(page_html: str) -> str:
    """Gloss every annotated character in text (not in tags), as a compromised mirror does."""

    def gloss_text(m: re.Match[str]) -> str:
        return "".join(f"{c}({GLOSSES[c]})" if c in GLOSSES else c for c in m.group(0))

    return re.sub(r"(?<=>)[^<]+", gloss_text, page_html)


@dataclass(frozen=True)
class GeneratedPage:
    name: str
    html: str
    url: str
    portal_name: str | None
    link_text: str | None
    expected: dict
    spam: bool = False


def generated_pages(limit: int | None = None) -> Iterator[GeneratedPage]:
    """CMS × publisher × title shape × year, some Traditional, glossed or spammed."""
    s2t = opencc.OpenCC("s2t")
    combos = itertools.product(CMS_TEMPLATES, PUBLISHERS, range(len(TITLE_SHAPES)))
    for n, (cms, publisher, shape) in enumerate(combos):
        if limit is not None and n >= limit:
            return
        year = 2014 + n % 10
        published = f"{year + 1}-0{1 + n % 3}-{10 + n % 18:02d}"
        who = publisher.in_title
        if shape == 2 and who.endswith(("市", "县", "区", "乡", "镇")):
            who += "人民政府" if n % 2 else ""
        title = TITLE_SHAPES[shape].format(who=who, year=year, cn_year=cn_year(year))
        title = title.replace("政府政府", "政府")
        signer = publisher.agency
        signed = f"{year + 1}年{int(published[5:7])}月{int(published[8:10])}日"
        short = publisher.in_title
        builder = report_body_2021 if year >= 2020 else report_body_2008
        page = Page(
            title=title,
            site=publisher.site,
            published=published,
            agency_label=publisher.label,
            index_no=f"11{n:04d}0000/{year + 1}-{n:05d}",
            body=builder(short, year, signer, signed),
            title_suffix=("-", "_", " - ", "｜", " | ")[n % 5],
            related=[title.replace(str(year), str(year - 1))],
            meta_tags=n % 3 != 0,
            spam=n % 7 == 0,
            date_style=n // 5,
            header_date=f"今天是{year + 2}年3月5日 星期二" if n % 6 == 1 else "",
        )
        page_html = CMS_TEMPLATES[cms](page)
        if page.spam:
            page_html = inject_spam(page_html)
        traditional = n % 11 == 0 or n % 13 == 5
        if traditional:
            page_html = s2t.convert(page_html)
        if n % 13 == 5:
            page_html = add_pinyin_glosses(page_html)
        stamp = published.replace("-", "")
        url = f"http://www.example.gov.cn/zwgk/gknb/{stamp[:6]}/t{stamp}_{n}.html"
        yield GeneratedPage(
            name=f"{n:03d}-{cms}-{publisher.agency}-{shape}{'-trad' if traditional else ''}"
            + ("-gloss" if n % 13 == 5 else ""),
            html=page_html,
            url=url,
            portal_name=publisher.site if n % 2 else None,
            link_text=title if n % 4 == 0 else None,
            expected={
                "title": title,
                "agency": publisher.agency,
                # 来源 as the page writes it; the TRS info line says 本网 when nothing is set
                "publisher": publisher.label or ("本网" if cms == "trs_article" else None),
                "region": publisher.region,
                "year": year,
                "published": published,
            },
            spam=page.spam,
        )


if __name__ == "__main__":
    for path in build_fixtures():
        print(path)

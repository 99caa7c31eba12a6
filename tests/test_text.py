"""Report body and clean text of whole CMS pages (fixtures from tests/page_fixture_builder.py)."""

from __future__ import annotations

from functools import cache

from pipelines.page.body import extract_body
from pipelines.page.hidden_content import is_spam_text
from pipelines.page.strings import is_traditional, normalise_paragraph, strip_pinyin_glosses
from pipelines.text.report_text import ReportText, extract_report_text
from tests.page_fixture_builder import (
    CHANGCHUN,
    CHENZHOU,
    PANJIN,
    SHUYANG,
    SUQIAN,
    TAIZHOU,
    YUANMOU,
    fixture_page,
)


@cache
def report(name: str) -> ReportText:
    return extract_report_text(fixture_page(name))


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>t</title>{head}</head><body>{body}</body></html>"


_REPORT_PARAGRAPH = (
    "<p>2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息"
    "一百二十条，依申请公开三件，均按时答复，未发生行政复议和行政诉讼案件。</p>"
)

# --- where the body is -------------------------------------------------------------------------


def test_trs_body_is_the_trs_editor_container() -> None:
    assert "TRS_Editor" in report(CHENZHOU).container
    assert report(CHENZHOU).text.startswith("本年度报告根据《中华人民共和国政府信息公开条例》")


def test_hanweb_body_is_the_zoom_container() -> None:
    assert report(TAIZHOU).container == "div#zoom"


def test_ucap_body_is_the_ucapcontent_element() -> None:
    assert report(SHUYANG).container == "ucapcontent"


def test_epoint_body_is_the_article_info_container() -> None:
    assert report(SUQIAN).container == "div#mainText.ewb-article-info"


def test_unknown_cms_body_is_found_by_text_density() -> None:
    text = report(YUANMOU)
    assert text.container == "density"
    assert text.text.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "政府信息公开指南" not in text.text  # the left column's link list


def test_innermost_container_holding_the_report_wins() -> None:
    html = _page(
        '<div id="zoom"><h1>某县2023年政府信息公开工作年度报告</h1>'
        f'<div class="TRS_Editor">{_REPORT_PARAGRAPH * 3}</div></div>'
    )
    assert extract_body(html).container == "div.TRS_Editor"


def test_a_marked_side_widget_is_not_taken_for_the_body() -> None:
    html = _page(
        '<div class="view"><p>本站已开通政务服务移动端，欢迎扫码下载使用，随时随地办理各类事项。</p></div>'
        f'<div class="nr">{_REPORT_PARAGRAPH * 4}</div>'
    )
    body = extract_body(html)
    assert body.container == "density"
    assert "依申请公开三件" in body.element.text_content()


# --- furniture ---------------------------------------------------------------------------------


def test_breadcrumbs_are_removed() -> None:
    for name in (CHENZHOU, PANJIN, SUQIAN, YUANMOU, CHANGCHUN):
        text = report(name).text_simplified or report(name).text
        assert "当前位置" not in text and "您现在的位置" not in text, name


def test_print_and_close_furniture_is_removed() -> None:
    lines = set(report(CHENZHOU).text.splitlines())
    assert not lines & {"打印", "收藏", "关闭本页"}
    assert "打印本页" not in report(SUQIAN).text


def test_footer_is_removed() -> None:
    for name in (CHENZHOU, PANJIN, TAIZHOU, YUANMOU):
        text = report(name).text_simplified or report(name).text
        assert "版权所有" not in text and "网站标识码" not in text, name


def test_related_links_are_removed() -> None:
    assert "2022年政府信息公开工作年度报告" not in report(SHUYANG).text
    assert "2016年政府信息公开工作年度报告" not in report(TAIZHOU).text


def test_metadata_block_and_info_line_are_not_in_text() -> None:
    assert "索引号" not in report(CHANGCHUN).text
    assert "浏览次数" not in report(TAIZHOU).text
    assert "430S00/2016-89052" not in report(CHENZHOU).text


def test_navigation_is_removed_on_pages_found_by_density() -> None:
    assert "办事服务" not in report(YUANMOU).text
    assert "互动交流" not in report(YUANMOU).text


# --- hidden content and spam -----------------------------------------------------------------


def test_spam_is_removed_and_flagged() -> None:
    text = report(PANJIN)
    for word in ("澳門", "威尼斯人", "時時彩", "色香蕉", "影音先锋", "无码"):
        assert word not in text.text, word
    assert "spam_injected" in text.flags


def test_hidden_content_is_removed() -> None:
    hidden = (
        '<div style="display: none">隐藏一</div><p style="visibility:hidden">隐藏二</p>'
        '<span style="font-size:0px">隐藏三</span>'
        '<div style="position:absolute; left:-9999px">隐藏四</div><marquee>隐藏五</marquee>'
    )
    text = extract_report_text(_page(f'<div class="TRS_Editor">{_REPORT_PARAGRAPH}{hidden}</div>'))
    assert not any(f"隐藏{n}" in text.text for n in "一二三四五")


def test_content_hidden_by_a_style_sheet_class_is_removed() -> None:
    html = _page(
        f'<div class="TRS_Editor">{_REPORT_PARAGRAPH}<div class="x9k2">澳门葡京娱乐城</div></div>',
        head="<style>.x9k2 { display:none }</style>",
    )
    text = extract_report_text(html)
    assert "葡京" not in text.text
    assert "spam_injected" in text.flags


def test_hidden_ordinary_content_is_removed_without_spam_flag() -> None:
    html = _page(f'<div class="TRS_Editor">{_REPORT_PARAGRAPH}<div hidden>分享到微信</div></div>')
    text = extract_report_text(html)
    assert "分享到微信" not in text.text
    assert text.flags == []


def test_hidden_wrapper_holding_the_whole_report_is_kept() -> None:
    html = _page(
        f'<div id="app" style="display:none"><div class="view">{_REPORT_PARAGRAPH}</div></div>'
    )
    assert "依申请公开三件" in extract_report_text(html).text


def test_legitimate_lottery_mention_is_not_spam() -> None:
    text = report(CHANGCHUN)
    assert "体育彩票公益金" in text.text
    assert "spam_injected" not in text.flags


def test_spam_needs_several_terms_densely_packed() -> None:
    assert is_spam_text("澳门威尼斯人娱乐城 时时彩 百家乐")
    assert not is_spam_text("粤港澳大湾区建设中，澳门特别行政区与我市开展了政务公开交流，" * 3)


def test_outbound_link_advertising_a_casino_is_removed() -> None:
    link = '<a href="http://www.example-cp.com/">葡京娱乐</a>'
    text = extract_report_text(_page(f'<div class="TRS_Editor">{_REPORT_PARAGRAPH}{link}</div>'))
    assert "葡京" not in text.text
    assert "spam_injected" in text.flags


# --- characters --------------------------------------------------------------------------------


def test_pinyin_glosses_are_removed() -> None:
    text = report(PANJIN)
    assert "(dāng)" not in text.text and "(fā)" not in text.text and "(wù)" not in text.text
    assert "國務院辦公廳" in text.text
    assert "pinyin_glosses" in text.flags


def test_pinyin_gloss_removal_leaves_ordinary_parentheses() -> None:
    assert strip_pinyin_glosses("當(dāng)前位置") == "當前位置"
    assert strip_pinyin_glosses("發(fā)布") == "發布"
    assert strip_pinyin_glosses("工作報告(圖解版)") == "工作報告(圖解版)"
    assert strip_pinyin_glosses("信息公开(gov)平台") == "信息公开(gov)平台"


def test_traditional_page_keeps_original_and_adds_simplified() -> None:
    text = report(PANJIN)
    assert text.text.startswith("2016年,盤錦市認真貫徹落實黨中央")
    assert text.text_simplified is not None
    assert text.text_simplified.startswith("2016年,盘锦市认真贯彻落实党中央")
    assert "traditional" in text.flags


def test_simplified_page_has_no_simplified_copy() -> None:
    assert report(CHENZHOU).text_simplified is None


def test_a_few_traditional_characters_in_names_do_not_make_a_page_traditional() -> None:
    assert not is_traditional("乾安县人民政府2023年政府信息公开工作年度报告，於本年度内完成。" * 5)
    assert is_traditional("盤錦市認真貫徹落實黨中央、國務院關於政務公開的部署")


def test_full_width_spaces_and_nbsp_are_normalised() -> None:
    text = report(CHENZHOU).text
    assert "\u3000" not in text and "\xa0" not in text
    assert all(line == line.strip() for line in text.splitlines())
    assert normalise_paragraph("\u3000\u3000一、总体情况\xa0\xa0 ") == "一、总体情况"


def test_source_line_breaks_between_chinese_characters_are_joined() -> None:
    assert normalise_paragraph("郴州市人民\n    政府办公室") == "郴州市人民政府办公室"
    assert normalise_paragraph("Open\nGovernment") == "Open Government"


# --- layout of the text ------------------------------------------------------------------------


def test_paragraphs_are_separated_by_blank_lines() -> None:
    paragraphs = report(TAIZHOU).text.split("\n\n")
    assert (
        paragraphs[1]
        == "一、概述。2017年，泰州市人民政府认真贯彻落实上级关于政务公开工作的部署，公开工作有序推进。"
    )
    assert paragraphs[2] == "二、主动公开政府信息情况"


def test_line_breaks_start_new_paragraphs() -> None:
    html = _page(
        f'<div class="TRS_Editor">{_REPORT_PARAGRAPH}<p>某县人民政府<br>2024年1月5日</p></div>'
    )
    assert extract_report_text(html).text.endswith("\n\n某县人民政府\n\n2024年1月5日")


def test_table_rows_are_tab_separated_lines() -> None:
    text = report(CHANGCHUN).text
    assert "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0" in text


def test_signature_stays_at_the_end() -> None:
    assert report(YUANMOU).text.endswith("元谋县姜驿乡人民政府\n\n2024年1月20日")


# --- sections ----------------------------------------------------------------------------------


def test_sections_are_the_numbered_top_level_parts() -> None:
    headings = [s["heading"] for s in report(PANJIN).sections]
    assert headings == [
        "一、推進重點領域信息公開,落實主體責任",
        "二、推進信息“五公開”,確保工作落實到位",
        "三、強化制度機制建設,促進工作全面落實",
        "四、加強信息公開平臺建設,完善政務公開形式",
        "五、做好宣傳、培訓,全面提升人員素質",
        "六、2017年工作安排",
    ]


def test_sub_items_stay_inside_their_section() -> None:
    first = report(CHENZHOU).sections[0]
    assert first["heading"] == "一、2015年政府信息公开工作基本情况"
    assert first["text"].startswith("2015年,全市各级各部门紧紧围绕市委、市政府的重点工作")
    assert "(六)市、县、乡、村四级政务服务体系不断完善" in first["text"]


def test_heading_and_text_of_a_run_in_heading_are_split() -> None:
    first = report(TAIZHOU).sections[0]
    assert first["heading"] == "一、概述"
    assert first["text"].startswith("2017年，泰州市人民政府认真贯彻落实")


def test_numbered_table_rows_do_not_start_sections() -> None:
    sections = report(SHUYANG).sections
    assert [s["heading"][:2] for s in sections] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert "四、结转下年度继续办理" in sections[2]["text"]


def test_thousands_of_unclosed_font_tags_keep_their_text() -> None:
    runs = '<font size="3">公开' * 3000
    text = extract_report_text(_page(f'<div class="TRS_Editor">{_REPORT_PARAGRAPH}{runs}</div>'))
    assert text.text.count("公开") >= 3000


def test_deeply_nested_blocks_keep_their_text() -> None:
    html = _page("<div>" * 1500 + _REPORT_PARAGRAPH + "</div>" * 1500)
    assert "依申请公开三件" in extract_report_text(html).text


def test_empty_page_gives_empty_text_with_a_warning() -> None:
    text = extract_report_text("")
    assert text.text == ""
    assert "empty_text" in text.warnings

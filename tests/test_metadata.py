"""Report metadata of whole CMS pages: title, agency, region, year, published, 索引号, 文号."""

from __future__ import annotations

from functools import cache

import pytest

from pipelines.metadata.agency import agency_from_opening, normalise_agency, split_region
from pipelines.metadata.dates import parse_date, year_from_text, year_from_title
from pipelines.metadata.fields import ReportMetadata, extract_metadata
from pipelines.metadata.titles import clean_title
from pipelines.page.strings import to_simplified
from pipelines.text.report_text import extract_report_text
from tests.page_fixture_builder import (
    CHANGCHUN,
    CHENZHOU,
    MIYUN,
    PANJIN,
    PANJIN_JYJ,
    SHUYANG,
    SHUYANG_JYJ,
    SHUYANG_WJW,
    SUQIAN,
    SUQIAN_TJJ,
    TAIZHOU,
    WUHAN,
    YUANMOU,
    YUANMOU_WUMAO,
    fixture_page,
    generated_pages,
)

URLS = {
    CHENZHOU: "http://www.czs.gov.cn/zwgk/gknb/201603/t20160315_1234567.html",
    PANJIN: "http://www.panjin.gov.cn/html/1888/2017-02-28/content-123.html",
    TAIZHOU: "http://www.taizhou.gov.cn/art/2018/2/28/art_46355_1634538.html",
    SHUYANG: "http://www.shuyang.gov.cn/sygfj/gknb/202401/2ecfb31a335f4d689220a3a23e24a986.shtml",
    SUQIAN: "https://www.suqian.gov.cn/sthjj/gknb/2023-01/16/content_1.html",
    YUANMOU: "http://www.ynym.gov.cn/info/1096/123456.htm",
    CHANGCHUN: "http://js.changchun.gov.cn/zcbm/styjrswj/ndbg/202401/t20240115_3271106.html",
    MIYUN: "https://www.bjmy.gov.cn/zwgk/zfxxgk/zfxxgknb/gknb2017/201802/t20180223_195744.html",
    SHUYANG_JYJ: "http://www.shuyang.gov.cn/syjyj/gknb/202401/t20240119_7345120.shtml",
    WUHAN: "https://www.wuhan.gov.cn/zwgk/xxgk/zfxxgknb/202401/t20240126_2345678.shtml",
    YUANMOU_WUMAO: "http://www.ynym.gov.cn/info/1096/123789.htm",
    SHUYANG_WJW: "http://www.shuyang.gov.cn/art/2024/1/24/art_45120_3381902.html",
    SUQIAN_TJJ: "https://www.suqian.gov.cn/stjj/gknb/2018-01/22/content_2.html",
    PANJIN_JYJ: "http://www.panjin.gov.cn/fanti/jyj/202301/t20230120_4471201.html",
}


@cache
def metadata(name: str, portal_name: str | None = None) -> ReportMetadata:
    html = fixture_page(name)
    text = extract_report_text(html).text
    return extract_metadata(html, text, URLS[name], portal_name=portal_name)


def from_page(
    body: str,
    head: str = "",
    url: str = "http://www.example.gov.cn/a/b.html",
    portal_name: str | None = None,
) -> ReportMetadata:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(html, extract_report_text(html).text, url, portal_name)


_REPORT = (
    '<div class="TRS_Editor"><p>一、总体情况</p><p>本年度认真贯彻落实《条例》，全年主动公开政府信息'
    "一百二十条，依申请公开三件，均按时答复，未发生行政复议和行政诉讼案件。</p></div>"
)

# --- the named fixtures, field by field (values read off the pages by hand) ------------------


def test_fixture_titles() -> None:
    assert metadata(CHENZHOU).title == "郴州市2015年政府信息公开工作年度报告"
    assert to_simplified(metadata(PANJIN).title or "") == "盘锦市2016年度政府信息公开工作报告"
    assert metadata(TAIZHOU).title == "泰州市2017年政府信息公开工作年度报告"
    assert metadata(SHUYANG).title == "沭阳县发展和改革局2023年政府信息公开工作年度报告"
    assert metadata(SUQIAN).title == "宿迁市生态环境局2022年政府信息公开工作年度报告"
    assert metadata(YUANMOU).title == "姜驿乡2023年政府信息公开工作年度报告"
    assert metadata(CHANGCHUN).title == "长春市体育局2023年政府信息公开工作年度报告"
    assert metadata(MIYUN).title == "高岭镇2017年政府信息公开工作年度报告"


def test_fixture_agencies_and_regions() -> None:
    expected = {
        CHENZHOU: ("郴州市人民政府", "郴州市"),
        PANJIN: ("盘锦市人民政府", "盘锦市"),
        TAIZHOU: ("泰州市人民政府", "泰州市"),
        SHUYANG: ("沭阳县发展和改革局", "沭阳县"),
        SUQIAN: ("宿迁市生态环境局", "宿迁市"),
        YUANMOU: ("元谋县姜驿乡人民政府", "元谋县姜驿乡"),
        CHANGCHUN: ("长春市体育局", "长春市"),
        MIYUN: ("北京市密云区高岭镇人民政府", "北京市密云区高岭镇"),
    }
    for name, (agency, region) in expected.items():
        assert (metadata(name).agency, metadata(name).region) == (agency, region), name


def test_fixture_years_and_publication_dates() -> None:
    expected = {
        CHENZHOU: (2015, "2016-03-15"),
        PANJIN: (2016, "2017-02-28"),
        TAIZHOU: (2017, "2018-02-28"),
        SHUYANG: (2023, "2024-01-17"),
        SUQIAN: (2022, "2023-01-16"),
        YUANMOU: (2023, "2024-01-22"),
        CHANGCHUN: (2023, "2024-01-15"),
        MIYUN: (2017, "2018-02-23"),
    }
    for name, (year, published) in expected.items():
        assert (metadata(name).year, metadata(name).published) == (year, published), name


def test_index_numbers_come_from_the_metadata_block() -> None:
    assert metadata(CHENZHOU).index_no == "430S00/2016-89052"
    assert metadata(SHUYANG).index_no == "014314799/2024-00002"
    assert metadata(CHANGCHUN).index_no == "11220100013544822F/2024-00005"
    assert metadata(PANJIN).index_no is None  # the block's 索引號 cell is empty


# --- title -------------------------------------------------------------------------------------


def test_title_drops_site_name_suffix() -> None:
    assert clean_title("郴州市2015年政府信息公开工作年度报告 - 郴州市人民政府") == (
        "郴州市2015年政府信息公开工作年度报告"
    )
    assert clean_title("XX区2023年政府信息公开工作年度报告_ 政府信息公开_XX区人民政府") == (
        "XX区2023年政府信息公开工作年度报告"
    )
    assert clean_title("某县2023年政府信息公开工作年度报告｜某县人民政府") == (
        "某县2023年政府信息公开工作年度报告"
    )


def test_title_drops_site_name_prefix() -> None:
    assert clean_title("长春市人民政府-长春市2023年政府信息公开工作年度报告") == (
        "长春市2023年政府信息公开工作年度报告"
    )


def test_title_keeps_year_ranges_with_hyphens() -> None:
    assert (
        clean_title("某市政府信息公开工作报告（2016-2020年）")
        == "某市政府信息公开工作报告（2016-2020年）"
    )


def test_title_prefers_article_title_meta_over_title_tag() -> None:
    meta = from_page(
        _REPORT,
        head="<title>政府信息公开年报 - 某市人民政府</title>"
        '<meta name="ArticleTitle" content="某市2023年政府信息公开工作年度报告">',
    )
    assert meta.title == "某市2023年政府信息公开工作年度报告"


def test_title_is_not_the_site_logo_heading() -> None:
    meta = from_page(
        '<div class="logo"><h1>某市人民政府</h1></div>'
        '<div class="article-title">某市2023年政府信息公开工作年度报告</div>' + _REPORT
    )
    assert meta.title == "某市2023年政府信息公开工作年度报告"


def test_title_is_not_a_related_report_in_a_side_list() -> None:
    meta = from_page(
        '<div class="side"><ul><li><div class="title"><a href="#">某市2022年政府信息公开工作年度报告'
        '</a></div></li></ul></div><h2 class="con-title">某市2023年政府信息公开工作年度报告</h2>'
        + _REPORT
    )
    assert meta.title == "某市2023年政府信息公开工作年度报告"


def test_title_split_by_a_line_break_is_one_line() -> None:
    meta = from_page("<h1>某市人民政府<br>2023年政府信息公开工作年度报告</h1>" + _REPORT)
    assert meta.title == "某市人民政府2023年政府信息公开工作年度报告"


# --- year --------------------------------------------------------------------------------------


def test_year_is_reported_year_not_publication_year() -> None:
    meta = metadata(CHENZHOU)
    assert meta.year == 2015
    assert meta.published is not None and meta.published.startswith("2016")


def test_year_from_title_shapes() -> None:
    assert year_from_title("郴州市2015年政府信息公开工作年度报告") == 2015
    assert year_from_title("2023年度某局政府信息公开工作年度报告") == 2023
    assert year_from_title("盤錦市2016年度政府信息公開工作報告") == 2016
    assert year_from_title("某县二〇一六年政府信息公开工作年度报告") == 2016
    assert year_from_title("某县政府信息公开工作年度报告（2019年）") == 2019


def test_year_ignores_dates_in_title() -> None:
    assert year_from_title("某市2017年政府信息公开工作年度报告（2018年3月修订）") == 2017
    assert year_from_title("某市政府信息公开工作年度报告（2018年3月发布）") is None


def test_year_falls_back_to_the_statistics_period_in_text() -> None:
    text = "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。2023年将继续推进。"
    assert year_from_text(text, 2023) == 2022
    assert year_from_text("统计期限为2025年1月1日至12月31日。", None) == 2025


def test_year_from_text_when_the_title_has_none() -> None:
    meta = from_page(
        "<h1>某市政府信息公开工作年度报告</h1><p>发布日期：2021-02-01</p>"
        '<div class="view"><p>2020年，我市政务公开工作稳步推进，2020年共主动公开信息3000条。</p>'
        "<p>2021年将进一步加强公开工作，不断提升群众满意度，推动政务公开工作再上新台阶。</p></div>"
    )
    assert (meta.year, meta.sources["year"]) == (2020, "text")


def test_year_is_guessed_from_publication_only_as_a_last_resort() -> None:
    meta = from_page(
        "<h1>某局政府信息公开工作年度报告</h1><p>发布日期：2021-02-01</p>"
        '<div class="view"><p>本局政务公开工作稳步推进，全年主动公开信息三千条，依申请公开二十件。</p></div>'
    )
    assert meta.year == 2020
    assert "year_guessed_from_published" in meta.warnings


# --- published ---------------------------------------------------------------------------------


def test_published_is_an_iso_date_from_the_metadata_block() -> None:
    assert metadata(PANJIN).published == "2017-02-28"
    assert metadata(PANJIN).sources["published"] == "block:发布日期"


def test_published_prefers_publication_over_written_date() -> None:
    meta = metadata(CHANGCHUN)  # 成文日期 2024-01-12, 发布日期 2024-01-15
    assert meta.published == "2024-01-15"


def test_date_formats() -> None:
    assert parse_date("2024-01-15 10:30:00") == "2024-01-15"
    assert parse_date("2024/1/5") == "2024-01-05"
    assert parse_date("2024.01.05") == "2024-01-05"
    assert parse_date("2024年1月5日") == "2024-01-05"
    assert parse_date("二〇二四年一月十八日") == "2024-01-18"
    assert parse_date("二〇一七年二月二十八日") == "2017-02-28"
    assert parse_date("2024-02-30") is None


def test_published_from_the_url_when_the_page_shows_no_date() -> None:
    meta = from_page(
        "<h1>某市2023年政府信息公开工作年度报告</h1>" + _REPORT,
        url="http://www.example.gov.cn/zwgk/202401/t20240115_3271106.html",
    )
    assert (meta.published, meta.sources["published"]) == ("2024-01-15", "url")


def test_published_ignores_todays_date_in_the_page_header() -> None:
    meta = from_page(
        '<div class="top">今天是2026年11月23日 星期一</div>'
        "<h1>某市2023年政府信息公开工作年度报告</h1><div>2024年01月20日 来源：某市人民政府</div>"
        + _REPORT
    )
    assert meta.published == "2024-01-20"


def test_traditional_labels_are_read() -> None:
    meta = from_page(
        "<table><tr><td>索引號：</td><td>00123/2024-0001</td><td>發文字號：</td><td>某政辦〔2024〕3號</td></tr>"
        "<tr><td>發文機關：</td><td>某市統計局</td><td>成文日期：</td><td>2024-01-10</td></tr>"
        "<tr><td>標題：</td><td>某市統計局2023年政府信息公開工作年度報告</td>"
        "<td>發布日期：</td><td>2024-01-12</td></tr></table>" + _REPORT
    )
    assert to_simplified(meta.title or "") == "某市统计局2023年政府信息公开工作年度报告"
    assert meta.agency == "某市统计局"
    assert meta.published == "2024-01-12"
    assert meta.index_no == "00123/2024-0001"
    assert meta.doc_no is not None and to_simplified(meta.doc_no) == "某政办〔2024〕3号"


def test_labels_glued_together_by_adjacent_spans_are_split() -> None:
    meta = from_page(
        "<h1>某市2023年政府信息公开工作年度报告</h1><div class='info'><span>发布时间：2024-01-15</span>"
        "<span>来源：某市统计局</span><span>浏览次数：12</span></div>" + _REPORT
    )
    assert (meta.published, meta.publisher) == ("2024-01-15", "某市统计局")


def test_labels_in_a_definition_list() -> None:
    meta = from_page(
        "<dl><dt>发布机构</dt><dd>某县人民政府办公室</dd><dt>发布日期</dt><dd>2024年01月22日</dd>"
        "<dt>标题</dt><dd>某县2023年政府信息公开工作年度报告</dd></dl>" + _REPORT
    )
    assert (meta.title, meta.publisher, meta.published) == (
        "某县2023年政府信息公开工作年度报告",
        "某县人民政府办公室",
        "2024-01-22",
    )


def test_doc_no_from_the_metadata_block() -> None:
    meta = from_page(
        "<ul><li>文号：郴政办函〔2016〕12号</li><li>发布日期：2016-03-15</li></ul>"
        "<h1>郴州市2015年政府信息公开工作年度报告</h1>" + _REPORT
    )
    assert meta.doc_no == "郴政办函〔2016〕12号"


# --- agency and region -------------------------------------------------------------------------


def test_agency_comes_from_the_title_before_the_posting_office() -> None:
    meta = metadata(TAIZHOU)  # 信息来源 泰州市人民政府办公室; the title names 泰州市
    assert (meta.agency, meta.sources["agency"]) == ("泰州市人民政府", "title")
    assert (meta.publisher, meta.sources["publisher"]) == ("泰州市人民政府办公室", "block:信息来源")


def test_agency_from_a_title_naming_a_city_is_its_government() -> None:
    assert (metadata(CHENZHOU).agency, metadata(CHENZHOU).sources["agency"]) == (
        "郴州市人民政府",
        "title",
    )


def test_abbreviated_government_is_written_in_full() -> None:
    assert normalise_agency("盘锦市政府", []) == "盘锦市人民政府"
    assert normalise_agency("郴州市政府办", []) == "郴州市人民政府办公室"
    assert normalise_agency("市政府办公室", ["郴州市"]) == "郴州市人民政府办公室"


def test_department_without_region_gets_the_site_region() -> None:
    assert normalise_agency("市生态环境局", ["宿迁市"]) == "宿迁市生态环境局"
    assert normalise_agency("区统计局", ["武汉市", "硚口区"]) == "武汉市硚口区统计局"
    assert normalise_agency("统计局", ["长春市"]) == "长春市统计局"


def test_market_supervision_bureau_is_no_city_level_abbreviation() -> None:
    assert normalise_agency("市场监督管理局", ["长春市"]) == "长春市市场监督管理局"


def test_township_gets_its_county() -> None:
    assert normalise_agency("姜驿乡", ["元谋县"]) == "元谋县姜驿乡人民政府"
    assert normalise_agency("高岭镇人民政府", ["北京市", "密云区"]) == "北京市密云区高岭镇人民政府"
    assert normalise_agency("密云区高岭镇", ["北京市", "密云区"]) == "北京市密云区高岭镇人民政府"
    assert normalise_agency("东湖街道", ["南昌市", "东湖区"]) == "南昌市东湖区东湖街道办事处"


def test_site_words_are_no_agency() -> None:
    assert normalise_agency("本站", ["郴州市"]) is None
    assert normalise_agency("本局", ["郴州市"]) is None
    assert normalise_agency("郴州市人民政府网", ["郴州市"]) is None
    assert normalise_agency("新华社", []) is None


def test_agency_from_the_signature_when_the_page_names_none() -> None:
    meta = from_page(
        "<h1>2023年政府信息公开工作年度报告</h1>"
        f'<div class="view">{_REPORT}<p>某市某区人民政府办公室</p><p>2024年1月18日</p></div>'
    )
    assert (meta.agency, meta.sources["agency"]) == ("某市某区人民政府办公室", "signature")


def test_agency_from_the_registry_name_as_last_resort() -> None:
    meta = from_page(
        "<h1>2023年政府信息公开工作年度报告</h1>" + _REPORT, portal_name="长春市体育局"
    )
    assert (meta.agency, meta.sources["agency"]) == ("长春市体育局", "portal_name")


def test_region_is_the_chain_of_administrative_units() -> None:
    assert split_region("元谋县姜驿乡人民政府") == (["元谋县", "姜驿乡"], "人民政府")
    assert split_region("长春市市场监督管理局") == (["长春市"], "市场监督管理局")
    assert split_region("硚口区住房和城乡建设局") == (["硚口区"], "住房和城乡建设局")
    assert split_region("沛县发展和改革局") == (["沛县"], "发展和改革局")
    assert split_region("国家统计局") == ([], "国家统计局")


def test_traditional_page_fields_are_simplified() -> None:
    meta = metadata(PANJIN)
    assert (meta.agency, meta.region) == ("盘锦市人民政府", "盘锦市")


# --- agency: whose report it is, not who posted it; publisher: who posted it --------------------


def test_department_report_posted_by_the_county_office_is_the_departments() -> None:
    meta = metadata(SHUYANG_JYJ, "沭阳县人民政府")  # 来源：政府办
    assert (meta.agency, meta.region) == ("沭阳县教育局", "沭阳县")
    assert meta.publisher == "政府办"


def test_city_report_posted_and_signed_by_its_general_office_is_the_city_governments() -> None:
    meta = metadata(WUHAN, "武汉市人民政府")  # 发布机构：市政府办公厅, signed 武汉市人民政府办公厅
    assert (meta.agency, meta.sources["agency"]) == ("武汉市人民政府", "title")
    assert meta.publisher == "市政府办公厅"


def test_township_report_posted_by_the_county_is_the_townships() -> None:
    meta = metadata(YUANMOU_WUMAO, "元谋县人民政府")  # 来源：元谋县人民政府
    assert (meta.agency, meta.region) == ("元谋县物茂乡人民政府", "元谋县物茂乡")
    assert meta.publisher == "元谋县人民政府"


def test_signature_names_the_owner_when_the_title_does_not() -> None:
    meta = metadata(SHUYANG_WJW, "沭阳县人民政府")  # 信息来源：县政府办
    assert (meta.agency, meta.sources["agency"]) == ("沭阳县卫生健康委员会", "signature")
    assert meta.publisher == "县政府办"


def test_opening_sentence_names_the_owner_when_title_and_signature_do_not() -> None:
    meta = metadata(SUQIAN_TJJ, "宿迁市人民政府")  # 信息来源：市政府办公室, no signature
    assert (meta.agency, meta.sources["agency"]) == ("宿迁市统计局", "opening")
    assert meta.publisher == "市政府办公室"


def test_traditional_page_agency_and_publisher_are_simplified() -> None:
    meta = metadata(PANJIN_JYJ, "盘锦市人民政府")  # 發布機構：盤錦市政府辦
    assert (meta.agency, meta.publisher) == ("盘锦市教育局", "盘锦市政府办")


def test_publisher_is_the_label_as_written_and_agency_its_full_name() -> None:
    meta = metadata(SUQIAN)  # 信息来源：市生态环境局
    assert (meta.publisher, meta.agency) == ("市生态环境局", "宿迁市生态环境局")


def test_publisher_from_the_content_source_meta_when_the_page_shows_no_label() -> None:
    meta = from_page(
        "<h1>某县2023年政府信息公开工作年度报告</h1>" + _REPORT,
        head='<meta name="ContentSource" content="县政府办">',
    )
    assert (meta.publisher, meta.sources["publisher"]) == ("县政府办", "meta:contentsource")


def test_publisher_is_none_when_the_page_names_no_posting_office() -> None:
    meta = from_page("<h1>某县2023年政府信息公开工作年度报告</h1>" + _REPORT)
    assert meta.publisher is None


def test_a_source_label_in_the_report_prose_is_no_publisher() -> None:
    meta = from_page(
        "<h1>某县2023年政府信息公开工作年度报告</h1>"
        '<div class="TRS_Editor"><p>一、总体情况</p><p>本年度主动公开财政资金信息二十条，'
        "依申请公开三件，均按时答复，未发生行政复议和行政诉讼案件。</p><p>资金来源：财政拨款</p>"
        "<p>二、存在的主要问题及改进情况</p><p>公开内容的深度有待加强，下一步将加强政策解读。</p></div>"
    )
    assert meta.publisher is None


def test_posting_office_is_the_agency_only_when_nothing_else_names_one() -> None:
    meta = from_page("<h1>2023年政府信息公开工作年度报告</h1><p>发布机构：某县教育局</p>" + _REPORT)
    assert (meta.agency, meta.sources["agency"]) == ("某县教育局", "block:发布机构")


def test_registry_name_comes_before_the_posting_office() -> None:
    meta = from_page(
        "<h1>2023年政府信息公开工作年度报告</h1><p>发布机构：县政府办</p>" + _REPORT,
        portal_name="沭阳县人民政府",
    )
    assert (meta.agency, meta.sources["agency"]) == ("沭阳县人民政府", "portal_name")


def test_zone_named_by_the_title_is_its_administrative_committee() -> None:
    meta = from_page(
        "<h1>杨凌示范区2022年政府信息公开工作年度报告</h1><p>发布机构：示范区管委会办公室</p>"
        + _REPORT,
        portal_name="杨凌示范区管委会",
    )
    assert (meta.agency, meta.sources["agency"]) == ("杨凌示范区管委会", "title")


def test_opening_sentence_shapes() -> None:
    assert agency_from_opening("郴州市2015年政府信息公开工作年度报告是根据《条例》编制的。") == (
        "郴州市"
    )
    assert agency_from_opening("本报告由县教育局根据《条例》要求编制。") == "县教育局"
    assert agency_from_opening("本报告根据《条例》要求，由某市统计局负责编制。") == "某市统计局"
    assert (
        agency_from_opening("本报告根据《条例》要求编制，由总体情况、主动公开情况等六部分组成。")
        is None
    )


def test_we_in_the_opening_is_no_agency() -> None:
    assert normalise_agency("我局", ["郴州市"]) is None


# --- generated CMS pages ------------------------------------------------------------------------

SAMPLE = [page for n, page in enumerate(generated_pages()) if n % 8 == 0]


@pytest.mark.parametrize("page", SAMPLE, ids=[p.name for p in SAMPLE])
def test_generated_page_fields_match(page) -> None:
    html = page.html
    text = extract_report_text(html).text
    meta = extract_metadata(html, text, page.url, page.portal_name, page.link_text)
    got = {key: getattr(meta, key) for key in page.expected}
    expected = dict(page.expected)
    for key in ("title", "agency", "publisher", "region"):
        got[key] = to_simplified(got[key]) if got[key] else got[key]
        expected[key] = to_simplified(expected[key]) if expected[key] else expected[key]
    assert got == expected


def test_region_named_by_the_page_is_completed_by_the_portals_region():
    from pipelines.metadata.agency import full_region

    assert (
        full_region("元谋县姜驿乡", "云南省楚雄彝族自治州元谋县")
        == "云南省楚雄彝族自治州元谋县姜驿乡"
    )
    assert full_region("郴州市", "湖南省郴州市") == "湖南省郴州市"
    assert full_region("顺河街道", "江苏省宿迁市宿豫区") == "江苏省宿迁市宿豫区顺河街道"
    assert full_region("湖北省荆州市", "湖南省郴州市") == "湖北省荆州市"
    assert full_region(None, "湖南省郴州市") == "湖南省郴州市"
    assert full_region("郴州市", "") == "郴州市"

"""The report classifier on real titles and bodies, and on the look-alikes that fool crawlers."""

from pathlib import Path

import pytest

from spiders.classify import classify_report_page, looks_like_report_title

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
BODY_2021 = (
    "一、总体情况\n2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……\n"
    "二、主动公开政府信息情况\n第二十条第（一）项 信息内容 本年制发件数\n"
    "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
    "五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
)
BODY_2008 = (
    "本年度报告根据《中华人民共和国政府信息公开条例》要求编制。\n一、概述\n"
    "二、主动公开政府信息的情况\n三、依申请公开政府信息的情况\n"
    "四、政府信息公开的收费及减免情况\n五、因政府信息公开申请提起行政复议、行政诉讼的情况\n"
    "六、政府信息公开工作存在的主要问题和改进措施\n"
)


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "title",
    [
        "2022年上海市政府信息公开工作年度报告",
        "区统计局2023年政府信息公开工作年度报告",
        "长春市体育局2023年政府信息公开工作年度报告",
        "北京市密云区高岭镇2017年政府信息公开工作年度报告",
        "上海市劳动和社会保障局2005年政府信息公开年报",
        "宿迁市2017年政府信息公开年度报告",
        "元谋县姜驿乡人民政府2023年度政府信息公开工作年度报告",
        "XX县机构编制委员会办公室2023年政府信息公开工作年度报告",
        "郴州市2015年政府信息公开工作年度报告 郴州市人民政府",
        "郴州市2015年政府信息公开工作年度报告_郴州市人民政府网",
        "丽水市2023年政府信息公开工作年度报告（全文）",
    ],
)
def test_real_report_titles_with_template_body_are_reports(title):
    verdict = classify_report_page([title], "http://www.x.gov.cn/xxgk/t20240115_1.html", BODY_2021)
    assert verdict.is_report, verdict


def test_2008_text_format_report_is_a_report():
    verdict = classify_report_page(
        ["南平市2012年政府信息公开工作年度报告"], "https://www.np.gov.cn/cms/html/1.html", BODY_2008
    )
    assert verdict.is_report, verdict


def test_chenzhou_2015_seed_is_a_report():
    text = seed("002")
    verdict = classify_report_page(["郴州市2015年政府信息公开工作年度报告"], "http://x/", text)
    assert verdict.is_report, verdict


def test_traditional_panjin_seed_is_a_report():
    text = seed("000")
    verdict = classify_report_page(["盤錦市2016年度政府信息公開工作報告"], "http://x/", text)
    assert verdict.is_report, verdict


def test_encyclopedia_copy_is_not_a_report():
    text = seed("001")
    title = "长沙市人民政府2011年政府信息公开年度报告_百度百科"
    assert not classify_report_page([title], "http://baike.example.com/item/1", text).is_report


def test_digest_quoting_reports_of_several_years_is_not_a_report():
    text = "\n".join(
        f"{city}{year}年政府信息公开工作年度报告摘要：一、总体情况……二、主动公开政府信息情况……"
        for city, year in (("长沙市", 2019), ("株洲市", 2020), ("湘潭市", 2021))
    )
    title = "湖南省各市州政府信息公开工作年度报告选编"
    assert not classify_report_page([title], "http://www.x.gov.cn/zt/1.html", text).is_report


def test_report_naming_itself_several_ways_is_still_a_report():
    text = (
        BODY_2021
        + "\n本报告即盘锦市2010年政府信息公开工作年度报告，由盘锦市人民政府编制的2010年度政府信息公开工作年度报告。"
    )
    title = "盘锦市2010年政府信息公开工作年度报告"
    assert classify_report_page([title], "http://www.x.gov.cn/a/1.html", text).is_report


@pytest.mark.parametrize(
    "title",
    [
        "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知",
        "关于报送2019年政府信息公开工作年度报告的通知",
        "市政务公开办关于2022年度政府信息公开工作年度报告抽查情况的通报",
        "《2023年政府信息公开工作年度报告》解读",
        "我县召开政府信息公开工作年度报告编制培训会",
        "我市2023年度政府信息公开工作年度报告按时发布",
        "2023年政府信息公开工作年度报告获评优秀",
    ],
)
def test_notices_and_news_about_reports_are_not_reports(title):
    # a notice often carries the template itself: the title must still win
    assert not classify_report_page([title], "http://x.gov.cn/tzgg/1.html", BODY_2021).is_report


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("2024年郴州市政府工作报告", "一、2023年工作回顾\n二、2024年工作安排\n"),
        ("郴州市教育局2024年部门预算", "一、部门基本情况\n二、收支预算总表\n"),
        ("郴州市财政局2022年度部门决算", "一、部门基本情况\n二、部门决算表\n"),
        ("2023年郴州市国民经济和社会发展统计公报", "一、综合\n二、农业\n"),
    ],
)
def test_other_kinds_of_reports_are_not_reports(title, body):
    assert not classify_report_page([title], "http://x.gov.cn/a/1.html", body).is_report


def test_news_mentioning_a_report_in_a_report_column_is_not_a_report():
    verdict = classify_report_page(
        ["我市2023年政府信息公开工作年度报告获评优秀"],
        "http://x.gov.cn/xxgk/ndbg/202405/t20240501_9.html",
        "近日，省政务公开办通报了各地年度报告质量评查结果，我市获评优秀。",
    )
    assert not verdict.is_report


def test_column_page_listing_reports_is_not_a_report():
    body = "\n".join(f"{y}年政府信息公开工作年度报告 {y + 1}-01-20" for y in range(2015, 2024))
    verdict = classify_report_page(["政府信息公开年报"], "http://x.gov.cn/xxgk/ndbg/", body)
    assert not verdict.is_report


def test_report_with_short_title_is_found_by_its_body():
    verdict = classify_report_page(["2023年度报告"], "http://x.gov.cn/gknb/1.html", BODY_2021)
    assert verdict.is_report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("郴州市2015年政府信息公开工作年度报告", True),
        ("郴州市2015年政府信息公开工作年度...", True),
        ("2016年度政府信息公開工作報告", True),
        ("关于做好政府信息公开工作年度报告编制工作的通知", False),
        ("政府工作报告", False),
        ("机构概况", False),
    ],
)
def test_report_link_texts(text, expected):
    assert looks_like_report_title(text) is expected


def test_a_news_item_announcing_a_report_is_no_report():
    verdict = classify_report_page(
        ["高明区发布2023年度政府信息公开工作年度报告"],
        "http://www.gaoming.gov.cn/xwzx/gmyw/content/post_5612345.html",
        "近日，高明区发布2023年度政府信息公开工作年度报告。报告显示，全年主动公开政府信息1234条。",
    )
    assert not verdict.is_report
    assert "veto:title-notice-or-news" in verdict.reasons

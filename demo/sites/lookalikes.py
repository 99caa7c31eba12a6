"""Bodies of pages that look like annual reports but are not: the crawler must not emit them.

Notices about compiling the reports, 政府工作报告, budgets and final accounts, statistical
bulletins, news that mentions 年度报告, other "annual reports", and an aggregator's copy.
"""

from __future__ import annotations

from demo.sites import seeds


def _paras(*texts: str) -> str:
    return "\n".join(f'<p style="text-indent: 2em;">{t}</p>' for t in texts)


def compile_notice(issuer: str, year: int, doc_no: str) -> str:
    """关于做好{year}年度政府信息公开工作年度报告编制和发布工作的通知."""
    return _paras(
        "各县（市、区）人民政府，市直各单位：",
        f"根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发"
        f"〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，"
        f"现就做好{year}年度政府信息公开工作年度报告编制和发布工作通知如下：",
        "一、严格按照规定格式编制。各单位要对照年度报告格式逐项填报，确保数据准确、表述规范，"
        "主动公开、依申请公开、行政复议和行政诉讼等数据须与台账一致。",
        f"二、按时发布。各单位应于{year + 1}年1月31日前在本单位政府信息公开专栏“政府信息公开工作"
        "年度报告”栏目发布本单位年度报告，并将发布链接报送市政务公开办。",
        "三、加强审核。年度报告发布前须经本单位主要负责同志审定，严禁出现数据前后矛盾、"
        "表格缺项、格式错误等问题。",
        f"联系人：市政务公开办　联系电话：{doc_no[-4:]}-1234",
        issuer,
    )


def work_report(region: str, year: int, speaker: str) -> str:
    """政府工作报告 (a yearly report to the people's congress)."""
    return _paras(
        f"——{year}年1月在{region}第{year - 2003}届人民代表大会第二次会议上",
        f"{speaker}",
        "各位代表：",
        "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
        f"一、{year - 1}年工作回顾",
        f"过去一年，全市地区生产总值增长5.{year % 7}%，一般公共预算收入增长6.{year % 5}%，"
        "城乡居民人均可支配收入分别增长5.1%和7.2%，经济社会发展主要目标任务圆满完成。",
        f"二、{year}年工作安排",
        "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内。",
        "各位代表，新征程上，我们将坚定信心、实干担当，奋力谱写高质量发展新篇章！",
    )


def budget(agency: str, year: int) -> str:
    """{agency}{year}年部门预算 with its 收支预算总表."""
    rows = "".join(
        f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td>{d}</td></tr>"
        for a, b, c, d in (
            ("一、一般公共预算拨款收入", "1,286.45", "一、一般公共服务支出", "1,052.30"),
            ("二、政府性基金预算拨款收入", "0.00", "二、社会保障和就业支出", "134.15"),
            ("三、事业收入", "0.00", "三、住房保障支出", "100.00"),
            ("收入总计", "1,286.45", "支出总计", "1,286.45"),
        )
    )
    return (
        _paras(
            "第一部分　部门概况",
            f"一、主要职能。{agency}负责协助市政府领导同志处理政府日常工作。",
            "第二部分　部门预算表",
        )
        + f'<table border="1" width="100%"><tr><th colspan="4">{year}年部门收支预算总表</th></tr>'
        "<tr><th>收入项目</th><th>预算数</th><th>支出项目</th><th>预算数</th></tr>"
        f"{rows}</table>"
        + _paras(
            "第三部分　部门预算情况说明",
            f"{year}年收支预算总计1,286.45万元，与上年相比减少3.2%，主要原因是严格压减一般性支出。",
            "第四部分　名词解释",
        )
    )


def final_accounts(agency: str, year: int) -> str:
    """{agency}{year}年度部门决算."""
    return _paras(
        "第一部分　部门概况",
        f"第二部分　{year}年度部门决算表",
        f"{year}年度收入总计1,317.62万元，支出总计1,301.08万元，年末结转和结余16.54万元。",
        "第三部分　部门决算情况说明",
        "一、收入支出决算总体情况说明。二、财政拨款收入支出决算总体情况说明。"
        "三、“三公”经费财政拨款支出决算情况说明：因公出国（境）费0万元，公务接待费1.86万元。",
        "第四部分　名词解释",
    )


def stats_bulletin(region: str, year: int) -> str:
    """{region}{year}年国民经济和社会发展统计公报."""
    return _paras(
        f"{region}统计局　国家统计局{region}调查队",
        f"{year + 1}年3月",
        f"{year}年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济运行总体平稳。",
        "一、综合",
        f"初步核算，全年地区生产总值2,{year % 10}85.6亿元，按不变价格计算，比上年增长4.8%。",
        "二、农业",
        "全年粮食种植面积298.4万亩，粮食总产量116.2万吨，比上年增长0.9%。",
        "注：本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。",
    )


def news_item(agency: str, year: int) -> str:
    """A news item that talks about the annual reports without being one."""
    return _paras(
        f"近日，{agency}召开全市政务公开工作推进会，部署{year}年度政府信息公开工作年度报告"
        "编制发布工作。会议通报了上一年度各单位年度报告的抽查情况，指出部分单位存在表格数据"
        "勾稽关系错误、未按新格式编制等问题。",
        "会议要求，各单位要对照国家年度报告格式，认真核对主动公开、依申请公开、行政复议和"
        "行政诉讼等数据，确保按时高质量发布年度报告。",
        "各县市区政务公开工作分管负责同志及市直单位信息公开工作人员共120余人参加会议。",
    )


def rule_of_law_report(agency: str, year: int) -> str:
    """法治政府建设年度报告: an annual report, but not the open-information one."""
    return _paras(
        f"{year}年，{agency}深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要"
        "（2021—2025年）》，法治政府建设各项工作取得积极成效。现将有关情况报告如下：",
        "一、主要举措和成效",
        "（一）坚持依法全面履行政府职能。持续深化“放管服”改革，动态调整权责清单。",
        "（二）健全依法行政制度体系。全年审核行政规范性文件46件，备案审查率100%。",
        "二、存在的不足和原因",
        "三、下一年度推进法治政府建设的主要安排",
    )


def aggregator_copy() -> tuple[str, str]:
    """(title, body) of an encyclopedia/Q&A aggregator's copy of other cities' reports."""
    lines = seeds.aggregator_lines()
    title = lines[0]
    body = "\n".join(f"<p>{line}</p>" for line in lines[1:])
    return title, body

"""Bodies of look-alike pages the first two collections do not have: 政府网站工作年度报表, a 解读 of
a report, 企业年度报告公示 notices, 人大代表建议办理情况, 统计年鉴, 政务公开工作要点.

Each reads like the real thing and mentions 年度报告 or 年报, so only a reader of the whole page
can tell it is not a 政府信息公开工作年度报告.
"""

from __future__ import annotations


def _paras(*texts: str) -> str:
    return "\n".join(f'<p style="text-indent: 2em;">{t}</p>' for t in texts)


def website_yearly_form(site_name: str, organizer: str, year: int, code: str, url: str) -> str:
    """政府网站工作年度报表 (国办发〔2019〕 format): a form about the website, not the disclosure."""
    rows = (
        ("网站名称", site_name),
        ("首页网址", url),
        ("主办单位", organizer),
        ("网站类型", "☑政府门户网站　□部门网站　□专项网站"),
        ("政府网站标识码", code),
        ("ICP备案号", "见页面底部"),
        ("独立用户访问总量（单位：个）", "1,286,431"),
        ("网站总访问量（单位：次）", "9,730,518"),
        ("信息发布（单位：条）　总数", "4,318"),
        ("概况类信息更新量", "36"),
        ("政务动态信息更新量", "2,317"),
        ("信息公开目录信息更新量", "1,965"),
        ("专栏专题　维护数量（单位：个）", "12"),
        ("解读回应　解读信息发布　总数（单位：条）", "86"),
        ("办事服务　是否发布服务事项目录", "☑是　□否"),
        ("互动交流　留言办理　收到留言数量（单位：条）", "1,042"),
        ("安全防护　安全检测评估次数（单位：次）", "12"),
        ("是否建立安全监测预警机制", "☑是　□否"),
    )
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    return _paras(f"填报单位：{organizer}") + (
        f'<table border="1" cellspacing="0" width="100%"><tr><th colspan="2">政府网站工作年度报表'
        f"（{year}年度）</th></tr>{cells}</table>"
        + _paras(
            "单位负责人：（签字）　审核人：（签字）　填报人：（签字）", f"填报日期：{year + 1}年1月"
        )
    )


def interpretation(agency: str, year: int, new_requests: int) -> str:
    """图文解读 of a published annual report."""
    return _paras(
        f"近日，{agency}发布《{agency}{year}年政府信息公开工作年度报告》。为便于公众理解，"
        "现将年度报告主要内容解读如下：",
        f"一、主动公开情况。{year}年，全区通过政府网站主动公开各类政府信息，政策文件、"
        "财政预决算、重点领域信息公开更加规范。",
        f"二、依申请公开情况。全年共收到政府信息公开申请{new_requests}件，均在法定期限内答复。",
        "三、下一步工作。持续深化政务公开标准化规范化建设，提升政策解读质量。",
        "（本解读仅为帮助理解年度报告内容，以年度报告全文为准。）",
    )


def enterprise_annual_report_notice(bureau: str, year: int) -> str:
    """关于开展{year}年度企业年度报告公示工作的通告 (企业年报 under the market regulator)."""
    return _paras(
        f"根据《企业信息公示暂行条例》等规定，现就{year}年度企业年度报告公示工作通告如下：",
        f"一、报送对象。{year}年12月31日前在本辖区登记注册的各类企业、农民专业合作社，"
        "以及个体工商户，均应报送年度报告。",
        f"二、报送时间。{year + 1}年1月1日至6月30日，通过国家企业信用信息公示系统报送"
        f"{year}年度年度报告，并向社会公示。",
        "三、法律责任。未按规定期限公示年度报告的企业，将被列入经营异常名录；"
        "满三年仍未履行公示义务的，列入严重违法失信企业名单。",
        f"咨询电话：{bureau}登记注册科　0716-8123456",
        bureau,
    )


def deputies_proposals_report(agency: str, year: int) -> str:
    """人大代表建议办理情况的报告 (a yearly report, but on deputies' proposals)."""
    return _paras(
        f"{year}年，{agency}共承办人大代表建议86件，其中主办62件、协办24件，"
        "已全部按期办结，代表满意和基本满意率100%。现将办理情况报告如下：",
        "一、主要做法。健全交办、督办、评估机制，落实“一把手”负责制。",
        "二、办理成效。城乡建设类建议31件，教育卫生类建议18件，产业发展类建议22件。",
        "三、存在问题。个别建议受资金、政策等因素制约，需分年度逐步解决。",
        "四、下一步打算。坚持把建议办理与政府中心工作结合，推动办理成果转化。",
    )


def statistical_yearbook(region: str, year: int) -> str:
    """{region}统计年鉴 table of contents."""
    chapters = (
        "一、综合",
        "二、人口和就业",
        "三、国民经济核算",
        "四、财政、金融和保险",
        "五、农业",
        "六、工业",
        "七、固定资产投资",
        "八、国内贸易",
        "九、教育、科技和文化",
        "十、人民生活",
    )
    items = "".join(f"<li>{c}</li>" for c in chapters)
    return (
        _paras(
            f"《{region}统计年鉴—{year}》是一部全面反映{region}经济和社会发展情况的资料性年刊，"
            f"收录了{year - 1}年全市经济社会各方面的统计数据，以及历史重要年份的主要统计数据。",
            "本年鉴共分十个部分：",
        )
        + f"<ol>{items}</ol>"
        + _paras(
            "编辑说明：本年鉴数据为年度报告数，部分数据因四舍五入存在总计与分项合计不等的情况。"
        )
    )


def work_points(agency: str, year: int) -> str:
    """{year}年政务公开工作要点 (a plan for the year, issued by the government office)."""
    return _paras(
        f"为深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，结合实际，制定{year}年"
        "政务公开工作要点如下：",
        "一、围绕稳住经济大盘加强政策发布解读。及时公开助企纾困政策，做好政策解读。",
        "二、围绕服务群众办事加强公开。持续优化政务服务事项办事指南。",
        f"三、加强政务公开平台建设。按要求做好{year - 1}年度政府信息公开工作年度报告编制发布工作，"
        "规范政府信息公开专栏。",
        "四、强化组织保障。各单位要明确分管负责同志和工作人员，按季度报送工作进展。",
        agency,
    )


def performance_self_evaluation(agency: str, year: int) -> str:
    """部门整体支出绩效自评报告 (a yearly budget-performance report)."""
    return _paras(
        f"根据预算绩效管理有关要求，{agency}对{year}年度部门整体支出开展了绩效自评，现将有关情况"
        "报告如下：",
        f"一、部门基本情况。{year}年度部门整体支出预算3,218.46万元，实际支出3,105.72万元，"
        "预算执行率96.5%。",
        "二、绩效目标完成情况。产出指标、效益指标和满意度指标均基本完成，自评得分92.5分，"
        "评价等级为“优”。",
        "三、存在的问题及改进措施。部分项目绩效目标设置不够细化，下一步将加强事前绩效评估。",
    )


def statistics_annual_notice(issuer: str, year: int) -> str:
    """关于做好{year}年统计年报和{year+1}年定期统计报表布置工作的通知."""
    return _paras(
        "各街道办事处，区直各单位：",
        f"为做好{year}年统计年报和{year + 1}年定期统计报表工作，确保统计数据真实准确，"
        "现将有关事项通知如下：",
        f"一、年报范围。辖区内规模以上工业、限额以上批发零售业等企业须于{year + 1}年2月底前"
        "完成年报填报。",
        "二、工作要求。各单位要严格执行统计法律法规，严禁虚报、瞒报、拒报统计资料。",
        issuer,
    )

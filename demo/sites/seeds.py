"""Real report texts (copied into this folder from the team's seed texts) cut into the pieces the portals need.

- seed_chenzhou_2015.txt: 郴州市 2015 report (pre-2019 outline, portal furniture).
- seed_panjin_2016_traditional.txt: 盘锦 2016 report from a compromised copy: Traditional
  characters with pinyin glosses, SEO spam at both ends.
- seed_aggregator_changsha_2011.txt: an encyclopedia/Q&A aggregator quoting several reports.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def _lines(name: str) -> tuple[str, ...]:
    text = (_HERE / name).read_text(encoding="utf-8")
    return tuple(
        line.replace("\xa0", " ").strip().lstrip("•").strip() for line in text.splitlines()
    )


def chenzhou_2015_paragraphs() -> list[str]:
    """Body paragraphs of the 郴州 2015 report, without title, metadata line and furniture."""
    lines = _lines("seed_chenzhou_2015.txt")
    start = next(i for i, line in enumerate(lines) if line.startswith("2016-03-15")) + 1
    end = lines.index("打印")
    return [line for line in lines[start:end] if line]


def chenzhou_2015_stats() -> dict[str, float]:
    """统计表 figures the 郴州 2015 text states (全市: 921 requests, 903 answered...)."""
    return {
        "（一）收到申请数": 921,
        "1.当面申请数": 575,
        "2.传真申请数": 118,
        "3.网络申请数": 79,
        "4.信函申请数": 149,
        "（二）申请办结数": 903,
        "1.按时办结数": 903,
        "2.延期办结数": 0,
        "1.属于已主动公开范围数": 313,
        "2.同意公开答复数": 395,
        "3.同意部分公开答复数": 112,
        "4.不同意公开答复数": 16,
        "5.不属于本行政机关公开数": 21,
        "6.申请信息不存在数": 31,
        "7.告知作出更改补充数": 15,
        "其中：涉及国家秘密": 5,
        "涉及商业秘密": 0,
        "涉及个人隐私": 0,
        "危及国家安全、公共安全、经济安全和社会稳定": 1,
        "不是《条例》所指政府信息": 1,
        "法律法规规定的其他情形": 9,
        "七、依申请公开信息收取的费用": 0,
        "1.参加或举办新闻发布会总次数": 42,
    }


def panjin_2016_lines() -> list[str]:
    """The compromised 盘锦 page, line by line (spam and glosses kept)."""
    return list(_lines("seed_panjin_2016_traditional.txt"))


def aggregator_lines() -> list[str]:
    """The aggregator page, line by line, non-empty."""
    return [line for line in _lines("seed_aggregator_changsha_2011.txt") if line]

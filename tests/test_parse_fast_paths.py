"""The report parser's shortcuts give what the slower definitions give: whitespace normalised
without regexes when there is none to normalise, word patterns with a first-letter lookahead,
mojibake checked on all runs at once, element sizes, candidate containers and headings found
without an element object per classed cell. Each definition is written out here; property
tests (hypothesis) and the fixture and demo pages compare the two."""

from __future__ import annotations

import copy
import re
from itertools import islice
from pathlib import Path

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.encoding import detect_encoding
from pipelines.metadata.titles import _heading_rank, page_headings
from pipelines.page import strings
from pipelines.page.blocks import render_blocks
from pipelines.page.body import (
    _data_table,
    _is_known_container,
    _marked_elements,
    locate_report_body,
)
from pipelines.page.page import Page
from pipelines.page.tree import measure_tree, text_length
from pipelines.report_fields import report_fields
from pipelines.tables.grid import _cell_text, _span
from pipelines.text import mojibake

PAGES = [
    Page(p.read_bytes().decode(detect_encoding(p.read_bytes(), None).encoding, "replace"))
    for p in sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))
]
TEXT = st.text(
    alphabet=st.sampled_from(
        list("中文报告（）()  \t\n\r\u3000\xa0\u200b\ufeff\x0b\x1c\u2028\u0085ab12。—")
    ),
    max_size=40,
)


# --- strings ----------------------------------------------------------------------------------


def normalise_by_regexes(raw: str) -> str:
    s = strings._BREAK_AFTER_CJK.sub("", raw)
    s = strings._BREAK_BEFORE_CJK.sub("", s)
    s = strings._INVISIBLE.sub("", strings._SPACE_LIKE.sub(" ", s))
    return strings._RUNS_OF_SPACE.sub(" ", s).strip()


@given(TEXT)
@settings(max_examples=500, deadline=None)
def test_normalise_paragraph_equals_its_regexes(raw):
    assert strings.normalise_paragraph(raw) == normalise_by_regexes(raw)


WORDS = ("发布机构", "发布日期", "来源", "索引号", "主办单位", "关闭", "打印本页")


@given(
    st.text(
        alphabet=st.sampled_from(
            list("发發布佈机機构構日期来來源索引号號主办辦单位關关闭閉打印本页頁 ：x")
        ),
        max_size=30,
    )
)
@settings(max_examples=500, deadline=None)
def test_word_patterns_with_a_lookahead_match_where_the_plain_alternation_does(text):
    for spaced in (False, True):
        pattern = strings.tolerant_words(WORDS, spaced=spaced)
        assert pattern.startswith("(?=[")
        fast, plain = re.compile(pattern), re.compile(pattern[pattern.index("])") + 2 :])
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_word_patterns_get_a_lookahead_only_where_a_word_starts_with_a_variant():
    assert strings.tolerant_words(("发布机构",)).startswith("(?=[")  # 发 / 發
    assert strings.tolerant_words(("主办单位",)).startswith("(?:")  # 主 has no variant


GLOSS_BEHIND = re.compile(rf"(?<=[{strings.CJK}])[(（]([a-zü{strings._TONED}]{{1,7}})[)）]")


@given(st.text(alphabet=st.sampled_from(list("中文(（)）abdāáǎàüzhōng 1")), max_size=30))
@settings(max_examples=500, deadline=None)
def test_pinyin_glosses_found_bracket_first_are_the_same(text):
    found = [m.span() + m.groups() for m in strings._GLOSS.finditer(text)]
    assert found == [m.span() + m.groups() for m in GLOSS_BEHIND.finditer(text)]


def simplified_by_translation(text: str) -> str:
    if text.translate(strings._character_tables()[2]) == text:
        return text
    return strings.to_simplified(text)


@given(st.text(alphabet=st.sampled_from(list("中文报告發佈機構於乾隆著 12")), max_size=20))
@settings(max_examples=300, deadline=None)
def test_simplified_converts_exactly_the_texts_a_character_table_would_change(text):
    assert strings.simplified(text) == simplified_by_translation(text)


def test_pages_are_converted_exactly_when_a_character_table_would_change_them():
    texts = [page.tree.text_content() for page in PAGES]
    assert any(strings.simplified(t) != t for t in texts)  # the Traditional fixtures
    for text in texts:
        assert strings.simplified(text) == simplified_by_translation(text)


# --- mojibake ---------------------------------------------------------------------------------


def recovers_run_by_run(sample: str, codec: str) -> bool:
    recovered = 0
    for run in islice(mojibake._NON_ASCII_RUN.finditer(sample), mojibake.MAX_RUNS):
        raw = run.group().replace("\ufffd", "").encode(codec, "ignore")
        again = raw.decode("utf-8", "replace")
        recovered += sum(map(len, mojibake._HANZI_STRETCH.findall(again)))
        if recovered >= 4:
            return True
    return False


def test_mojibake_checked_on_all_runs_at_once_is_checked_run_by_run():
    texts = [page.tree.text_content() for page in PAGES]
    for text in list(texts):
        for true, used in (("utf-8", "gb18030"), ("utf-8", "big5hkscs"), ("gb18030", "utf-8")):
            texts.append(text.encode(true, "ignore").decode(used, "replace"))
    assert any(recovers_run_by_run(t, "gb18030") for t in texts)  # the mis-decoded ones
    for text in texts:
        for codec in ("gb18030", "big5hkscs"):
            runs = mojibake._non_ascii_runs(text)
            assert mojibake._recovers_as_utf8(runs, codec) == recovers_run_by_run(text, codec)


@given(st.text(alphabet=st.sampled_from(list("中文锟斤拷\ufffdÃ¤Â ab12\næ¸©ä¸\x80")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_mojibake_of_short_texts_is_checked_as_run_by_run(text):
    for codec in ("gb18030", "big5hkscs"):
        runs = mojibake._non_ascii_runs(text)
        assert mojibake._recovers_as_utf8(runs, codec) == recovers_run_by_run(text, codec)


# --- trees --------------------------------------------------------------------------------------


def measure_by_definition(root):
    stats = {}
    for el in reversed(list(root.iter(etree.Element))):
        total, links = text_length(el.text), 0
        for child in el:
            total += text_length(child.tail)
            if child in stats:
                size, link_size = stats[child]
                total += size
                links += link_size
        stats[el] = (total, total if el.tag == "a" else links)
    return stats


MARKED = etree.XPath("//*[@class or @id] | //ucapcontent | //article")
HEADINGS = etree.XPath("//h1 | //ucaptitle | //h2 | //h3 | //*[@class or @id]")


def headings_by_definition(root):
    ranked = []
    for order, el in enumerate(HEADINGS(root)):
        rank = _heading_rank(el)
        if rank is not None:
            text = "".join(b.text for b in render_blocks(el))
            if 4 <= len(text) <= 150:
                ranked.append((rank, order, text))
    return [text for _, _, text in sorted(ranked)]


def test_element_sizes_are_the_sums_of_their_text_runs():
    for page in PAGES:
        for root in (page.tree, page.cleaned):
            assert list(measure_tree(root).items()) == list(measure_by_definition(root).items())


def test_data_tables_measured_whole_measure_as_cell_by_cell():
    nested = lxml.html.fromstring(
        "<div><table><tr><td>1<a href=x>l<a href=y>m</a>n</a></td><td>2</td></tr></table>"
        "<a href=z>q<table><tr><td>3</td><td><a>r</a></td></tr></table></a><p>t<!--c-->u</p></div>"
    )
    for root in [nested] + [r for page in PAGES for r in (page.tree, page.cleaned)]:
        full = measure_tree(root)
        whole = measure_tree(root, opaque=_data_table)
        assert whole and all(full[el] == size for el, size in whole.items())
        assert len(whole) < len(full) or not any(_data_table(el) for el in root.iter())


def test_candidate_containers_are_found_from_class_and_id_strings():
    for page in PAGES:
        root = page.cleaned
        expected = [el for el in MARKED(root) if _is_known_container(el)]
        assert [el for el in _marked_elements(root) if _is_known_container(el)] == expected
    document = lxml.html.fromstring(
        '<html><body class="document" data-source-format="pdf"><p>报告</p>'
        '<div class="TRS_Editor"><article>x</article></div></body></html>'
    )
    expected = [el for el in MARKED(document) if _is_known_container(el)]
    assert [el.tag for el in expected] == ["body", "div", "article"]
    assert [el for el in _marked_elements(document) if _is_known_container(el)] == expected


def test_title_headings_are_found_from_class_and_id_strings():
    for page in PAGES:
        for root in (page.tree, page.cleaned):
            assert page_headings(root) == headings_by_definition(root)


# --- table cells ------------------------------------------------------------------------------


def cell_text_by_definition(td) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", " ", " ".join(td.itertext())).strip()


def span_by_definition(value, limit):
    if value is None:
        return 1
    digits = re.match(r"\s*(\d+)", value)
    if not digits:
        return 1
    significant = digits.group(1).lstrip("0") or "0"
    return min(max(int(significant) if len(significant) < 10 else limit, 1), limit)


@given(
    st.lists(
        st.sampled_from(["a", " ", "  ", "\u3000", "\xa0", "<br>", "<p>1</p>", "\n", "<!--c-->"]),
        max_size=8,
    )
)
@settings(max_examples=300, deadline=None)
def test_cell_text_equals_its_definition(parts):
    td = lxml.html.fromstring(f"<table><tr><td>{''.join(parts)}</td></tr></table>").find(".//td")
    assert _cell_text(td) == cell_text_by_definition(td)


@given(st.text(alphabet=st.sampled_from(list(" 0123٣²a\t-+")), max_size=12))
@settings(max_examples=300, deadline=None)
def test_spans_read_as_the_regex_reads_them(value):
    assert _span(value, 500) == span_by_definition(value, 500)


def test_cells_of_the_fixture_pages_read_as_defined():
    for page in PAGES:
        for td in page.tree.iter("td", "th"):
            assert _cell_text(td) == cell_text_by_definition(td)


# --- copies -----------------------------------------------------------------------------------


def test_the_body_located_in_a_copy_of_itself_is_the_body_located_in_a_copy_of_the_page():
    for page in PAGES:
        whole = locate_report_body(copy.deepcopy(page.cleaned), page.clean_flags)
        own = page.body
        assert own.html == whole.html
        assert (own.container, own.flags, own.warnings) == (
            whole.container,
            whole.flags,
            whole.warnings,
        )


def test_a_page_cleaned_in_place_after_its_tree_is_released_gives_the_same_report():
    for number, page in enumerate(PAGES):
        url = f"http://www.example.gov.cn/{number}.html"
        kept, released = Page(page.html, url), Page(page.html, url)
        kept.tree, released.tree  # noqa: B018 (the spider's parse)
        released.release_tree()
        assert report_fields({"page": released, "url": url}) == report_fields(
            {"page": kept, "url": url}
        )
        assert "tree" not in released.__dict__  # the report never parsed the page again
        # the raw tree asked for again is the page as parsed, not the cleaned one
        assert etree.tostring(released.tree) == etree.tostring(kept.tree)

"""The HTML crawl report in a real browser: Debian's Chromium, headless, with every request other
than the page itself refused and recorded. No console errors, the coverage chart drawn with one
mark per portal-year, Chinese drawn in a CJK font, a phone-width page that does not overflow,
and a screenshot read back."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image
from playwright.async_api import async_playwright

from crawler.reporting import write_html_report
from crawler.settings import BROWSER_LAUNCH_ARGS, CHROMIUM_EXECUTABLE

FIXTURES = Path(__file__).parent / "fixtures" / "crawl_report"
PORTALS = ("anhua", "taojiang", "yuanjiang", "nanxian")
YEARS = range(2019, 2024)
COVERAGE_GREEN = (0x1B, 0x78, 0x37)  # a report found as a page
PHONE_WIDTH = 390


@dataclass
class BrowserVisit:
    """What Chromium did with the page."""

    refused: list[str] = field(default_factory=list)  # requests other than the page itself
    console_errors: list[str] = field(default_factory=list)
    marks: list[tuple[str, int, float]] = field(default_factory=list)  # portal, year, drawn width
    heading_fonts: list[dict] = field(default_factory=list)
    chart_fonts: list[dict] = field(default_factory=list)
    phone_overflow: int = 0  # pixels the page is wider than a phone screen
    screenshot: Path | None = None


async def _fonts(client, selector: str) -> list[dict]:
    """The platform fonts Chromium drew the text of ``selector`` with (CSS domain of CDP)."""
    root = await client.send("DOM.getDocument", {"depth": -1})
    node = await client.send(
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
    )
    answer = await client.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return answer["fonts"]


async def _visit(page_path: Path, screenshot: Path) -> BrowserVisit:
    visit = BrowserVisit()
    url = page_path.resolve().as_uri()

    async def only_the_page(route) -> None:
        if route.request.url == url:
            await route.continue_()
        else:
            visit.refused.append(route.request.url)
            await route.abort()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM_EXECUTABLE, args=BROWSER_LAUNCH_ARGS
        )
        try:
            page = await browser.new_page(viewport={"width": 900, "height": 700})
            page.on(
                "console",
                lambda m: visit.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
            await page.route("**/*", only_the_page)
            await page.goto(url, wait_until="load")
            marks = await page.eval_on_selector_all(
                "svg.chart [data-state]",
                "els => els.map(e => [e.dataset.portal, e.dataset.year,"
                " e.getBoundingClientRect().width])",
            )
            visit.marks = [(portal, int(year), width) for portal, year, width in marks]
            client = await page.context.new_cdp_session(page)
            await client.send("DOM.enable")
            await client.send("CSS.enable")
            visit.heading_fonts = await _fonts(client, "#portal-anhua h3")
            visit.chart_fonts = await _fonts(client, "svg.chart [id$='ytick_1'] text")
            await page.screenshot(path=str(screenshot), full_page=True)
            visit.screenshot = screenshot
            await page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
            visit.phone_overflow = await page.evaluate(
                f"document.documentElement.scrollWidth - {PHONE_WIDTH}"
            )
        finally:
            await browser.close()
    return visit


def visit_in_chromium(page_path: Path, screenshot: Path) -> BrowserVisit:
    """Load ``page_path`` in headless Chromium with the network refused; see :class:`BrowserVisit`."""
    return asyncio.run(_visit(page_path, screenshot))


@pytest.fixture(scope="module")
def visit(tmp_path_factory) -> BrowserVisit:
    folder = tmp_path_factory.mktemp("browser")
    shutil.copytree(FIXTURES, folder / "crawl")
    page = write_html_report([folder / "crawl" / "worker-a", folder / "crawl" / "worker-b"])
    return visit_in_chromium(page, folder / "report.png")


def test_report_asks_for_nothing_but_itself(visit):
    assert visit.refused == []


def test_report_loads_without_console_errors(visit):
    assert visit.console_errors == []


def test_coverage_chart_draws_one_mark_per_portal_year(visit):
    assert sorted((p, y) for p, y, _ in visit.marks) == sorted(
        (p, y) for p in PORTALS for y in YEARS
    )
    assert all(width > 5 for _, _, width in visit.marks)


def test_chinese_is_drawn_in_a_cjk_font_not_empty_boxes(visit):
    for fonts in (visit.heading_fonts, visit.chart_fonts):
        cjk = [f for f in fonts if "CJK" in f["familyName"]]
        assert cjk, fonts
        assert sum(f["glyphCount"] for f in cjk) >= 3  # 安化县人民政府


def test_report_fits_a_phone_screen(visit):
    assert visit.phone_overflow <= 0


def test_screenshot_shows_the_report_not_a_blank_page(visit):
    image = Image.open(visit.screenshot).convert("RGB")
    assert image.width == 900
    assert image.height > 700  # the whole page, taller than the window
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # text, charts and tables, not a flat page
    assert any(rgb == COVERAGE_GREEN for _, rgb in colours)

"""The baseline of bench.wide_world: plain Scrapy crawling the same world with a title regex.

No archive, no parsing pipelines: follow every link of the portal's own host, yield the URL and
title of pages whose title says 年度报告. Run with ``scrapy runspider`` outside the project.
"""

import re

import scrapy
from scrapy.linkextractors import LinkExtractor

REPORT_TITLE = re.compile(r"政府信息公开.{0,6}年度报告")


class PlainSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, start: str = "", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = start.split(",")
        self.allowed_domains = [url.split("/")[2] for url in self.start_urls]
        self.links = LinkExtractor()

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url)

    def parse(self, response):
        title = response.xpath("//title/text()").get() or ""
        if REPORT_TITLE.search(title):
            yield {"url": response.url, "title": title}
        for link in self.links.extract_links(response):
            yield response.follow(link.url)
        # TRS lists announce further pages only in a script call, as real portals do
        match = re.search(r"createPageHTML\((\d+),\s*(\d+)", response.text)
        if match:
            for k in range(1, int(match.group(1))):
                yield response.follow(f"index_{k}.html")

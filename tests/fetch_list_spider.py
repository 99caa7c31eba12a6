"""A test spider that fetches a fixed list of URLs: exercises the archive inside a real crawl
without depending on report discovery. Run with ``scrapy runspider`` from the repository root."""

from scrapy import Request, Spider


class FetchListSpider(Spider):
    name = "fetch_list"

    def __init__(self, urls: str = "", **kwargs):
        super().__init__(**kwargs)
        self.urls = [u for u in urls.split(",") if u]

    async def start(self):
        for url in self.urls:
            yield Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        return None

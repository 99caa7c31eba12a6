"""Distributed crawls: several workers share one crawl through Redis (``REDIS_URL``,
``CRAWL_ID``): scrapy-redis with a host-aware leased queue, politeness across the cluster."""

"""Fixtures every test module may use: the services (Redis, PostgreSQL) and the crawl-state
database on both backends (tests/services.py)."""

from tests.services import postgres_dsn, redis_url, state_db  # noqa: F401  (fixtures)

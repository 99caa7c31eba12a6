"""Redis and PostgreSQL for the tests that need them: skipped with the reason on a machine without
them, a failure under CI (``NIANBAO_REQUIRE_SERVICES=1``, set by ``.ci/run``)."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
# db 15 is the tests' own; every test uses its own key prefix (crawl id) inside it
REDIS_TEST_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"
POSTGRES_TEST_DSN = f"postgresql://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/test"


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), 2).close()
    except OSError:
        return False
    return True


def require_service(name: str, host: str, port: int) -> None:
    """Skip the calling test when ``name`` does not answer, unless CI requires it."""
    if _answers(host, port):
        return
    reason = f"{name} does not answer on {host}:{port}"
    if os.environ.get("NIANBAO_REQUIRE_SERVICES"):
        pytest.fail(f"{reason}, and NIANBAO_REQUIRE_SERVICES is set")
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> str:
    require_service("Redis", REDIS_HOST, REDIS_PORT)
    return REDIS_TEST_URL


@pytest.fixture
def postgres_dsn() -> str:
    require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    return POSTGRES_TEST_DSN


@contextmanager
def isolated_schema(dsn: str) -> Iterator[str]:
    """A DSN whose tables live in a PostgreSQL schema of their own, dropped afterwards."""
    import psycopg

    schema = f"nianbao_test_{secrets.token_hex(4)}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{dsn}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def state_db(request, tmp_path) -> Iterator:
    """A crawl-state database, once on SQLite and once on PostgreSQL (in a schema of its own)."""
    from crawler.state.db import StateDB

    if request.param == "sqlite":
        yield StateDB(str(tmp_path / "state.sqlite"))
        return
    with isolated_schema(request.getfixturevalue("postgres_dsn")) as dsn:
        state = StateDB(dsn)
        yield state
        state.close()

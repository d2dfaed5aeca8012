"""Ledger fixtures: a fresh ledger per test on SQLite, and on PostgreSQL when one is given.

PostgreSQL tests use ``VANGUARD_TEST_POSTGRES_URL`` (``.ci/run`` starts a server and sets
it). Locally they skip when it is unset; in CI (``CI=true``) a missing server is a failure,
so the PostgreSQL backend can never silently go untested.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_VARIABLE = "VANGUARD_TEST_POSTGRES_URL"


def postgres_server_url() -> str:
    """The test server's URL; skip (locally) or fail (in CI) when there is none."""
    url = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{POSTGRES_VARIABLE} is not set in CI: .ci/run must start PostgreSQL")
    pytest.skip(f"{POSTGRES_VARIABLE} is not set (no PostgreSQL server to test against)")


class PostgresDatabases:
    """Creates throw-away databases on the test server (one per test, so xdist workers and
    tests never see each other's records) and drops them afterwards."""

    def __init__(self, server_url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self._server = make_url(server_url).set(drivername="postgresql+psycopg")
        self._admin = create_engine(self._server, isolation_level="AUTOCOMMIT")
        self._created: list[str] = []

    def create(self) -> str:
        """A new empty database's URL."""
        from sqlalchemy import text

        name = f"vanguard_test_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        return self._server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        from sqlalchemy import text

        with self._admin.connect() as connection:
            for name in self._created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()


@pytest.fixture
def postgres_databases() -> Iterator[PostgresDatabases]:
    """A factory of fresh PostgreSQL databases (skips or fails as the module says)."""
    databases = PostgresDatabases(postgres_server_url())
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The location of a fresh, not yet created ledger on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    return databases.create()

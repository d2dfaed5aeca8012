"""Ledger fixtures: a fresh ledger per test on SQLite and on PostgreSQL.

PostgreSQL tests use the server ``VANGUARD_TEST_POSTGRES_URL`` names (``.ci/run`` starts
one and sets it). Without it they start a throw-away server of their own, one per test
process, from ``pgserver`` (in the test extra: the PostgreSQL binaries ship in its wheel),
so the README's test command tests the PostgreSQL backend on a fresh machine too. Only
where neither is possible do they skip locally; in CI (``CI=true``) that is a failure, so
the PostgreSQL backend can never silently go untested.
"""

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_VARIABLE = "VANGUARD_TEST_POSTGRES_URL"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """The test server's URL: the given one, else a pgserver of this test process."""
    url = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if url:
        yield url
        return
    try:
        import pgserver
    except ImportError:
        reason = f"{POSTGRES_VARIABLE} is not set and pgserver is not installed"
        if _in_ci():
            pytest.fail(f"{reason}: .ci/run must start PostgreSQL")
        pytest.skip(f"{reason} (pip install -e '.[test]' brings it)")
    # Not under pytest's basetemp: another pytest run on the machine prunes old basetemps,
    # which would delete a running server's files. A short path: the server's Unix socket
    # lives there (at most 107 bytes). Deleted with the server at the end of the session.
    data = tempfile.mkdtemp(prefix="vanguard-pg-")
    server = pgserver.get_server(data, cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


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
def postgres_databases(postgres_server_url: str) -> Iterator[PostgresDatabases]:
    """A factory of fresh PostgreSQL databases (on the server the module says)."""
    databases = PostgresDatabases(postgres_server_url)
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The location of a fresh, not yet created ledger on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    return databases.create()

"""Where a ledger lives and how writes reach it: one transaction at a time, retried when busy.

SQLite (the default): WAL journal, ``synchronous=FULL`` (a committed record survives a
crash of the writing process, and of the machine), a busy timeout, and every write in a
``BEGIN IMMEDIATE`` transaction, so writers queue for the lock up front instead of failing
half-way. PostgreSQL: psycopg 3 through SQLAlchemy; writers queue on a row lock of the
head row (see :mod:`vanguard.ledger.schema`). On either, a writer that could not get the
lock within the busy timeout backs off (exponentially, with jitter) and tries again until
its patience runs out, then raises :class:`~vanguard.ledger.errors.LedgerBusyError`: a
raw "database is locked" never reaches the caller.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs
import numpy as np
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from vanguard.ledger.errors import LedgerBusyError, LedgerError

T = TypeVar("T")

Dialect = Literal["sqlite", "postgresql"]

BUSY_TIMEOUT_SECONDS = 5.0
"""How long one attempt waits for the write lock inside the database before backing off."""

_WRITE = "vanguard_ledger_write"
_RETRYABLE_SQLSTATES = frozenset({"55P03", "40001", "40P01"})  # lock timeout, serialisation
_SQLITE_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")


@attrs.frozen
class Location:
    """Where a ledger lives: a SQLAlchemy URL, its dialect, and (SQLite) the file."""

    url: URL
    dialect: Dialect
    path: Path | None = None

    def __str__(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)


def locate(url_or_path: "str | Path") -> Location:
    """The location named by a plain path, ``sqlite:///path`` or ``postgresql://...``.

    ``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver
    (``postgresql+psycopg://``). Anything else with ``://`` is refused with a
    :class:`LedgerError`, as is an in-memory SQLite database (it would forget everything).
    """
    if isinstance(url_or_path, Path):
        return _sqlite_file(url_or_path)
    text = str(url_or_path).strip()
    if not text:
        raise LedgerError("the ledger location is empty: give a file path or a database URL")
    if "://" not in text:
        return _sqlite_file(Path(text))
    try:
        url = make_url(text)
    except ArgumentError as error:
        raise LedgerError(f"{text!r} is not a database URL: {error}") from None
    backend, _, driver = url.drivername.partition("+")
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise LedgerError(
                f"{text!r}: an in-memory SQLite ledger would lose every record; "
                "give a file, e.g. sqlite:///vanguard-ledger.sqlite"
            )
        return _sqlite_file(Path(url.database))
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise LedgerError(
                f"{url.drivername!r}: the ledger talks to PostgreSQL through psycopg 3 only; "
                "use postgresql://... or postgresql+psycopg://..."
            )
        return Location(url.set(drivername="postgresql+psycopg"), "postgresql")
    raise LedgerError(
        f"{url.drivername!r}: unsupported ledger database; "
        "use a file path, sqlite:///path or postgresql://..."
    )


def _sqlite_file(path: Path) -> Location:
    path = path.expanduser()
    return Location(URL.create("sqlite", database=str(path)), "sqlite", path)


def connect(location: Location, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Engine:
    """An engine for ``location``, configured as the module docstring describes.

    ``busy_timeout`` is how many seconds one attempt waits for the write lock.
    """
    timeout_ms = max(1, int(busy_timeout * 1000))
    try:
        if location.dialect == "sqlite":
            return _sqlite_engine(location, timeout_ms)
        return _postgres_engine(location, timeout_ms)
    except NoSuchModuleError as error:
        raise LedgerError(f"{location}: {error}") from None
    except ModuleNotFoundError as error:
        raise LedgerError(
            f"{location}: PostgreSQL needs psycopg 3 ({error}); "
            "install it with `pip install 'vanguard-campaigns[postgres]'`"
        ) from None


def _sqlite_engine(location: Location, timeout_ms: int) -> Engine:
    engine = create_engine(location.url, connect_args={"timeout": timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def configure(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that `begin` below
        # decides how each transaction starts (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            # A page cache of up to 64 MiB (the default is 2 MiB): a transaction appending
            # a province's year of reports (half a million rows, each in the table and the
            # unique index) otherwise spills its pages to the journal again and again.
            cursor.execute("PRAGMA cache_size = -65536")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        # Writers take the write lock at BEGIN, where the busy timeout applies, rather than
        # at their first write, where a lock upgrade can fail at once with SQLITE_BUSY.
        writes = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def _postgres_engine(location: Location, timeout_ms: int) -> Engine:
    return create_engine(
        location.url,
        pool_pre_ping=True,
        connect_args={"options": f"-c lock_timeout={timeout_ms}"},
    )


def is_busy(error: DBAPIError) -> bool:
    """Whether ``error`` only means that other writers held the lock (worth retrying)."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in _RETRYABLE_SQLSTATES:
        return True
    message = str(error.orig).lower()
    return any(words in message for words in _SQLITE_BUSY_WORDS)


@contextmanager
def _transaction(engine: Engine, *, writes: bool) -> Iterator[Connection]:
    with engine.connect() as connection:
        if writes:
            connection.execution_options(**{_WRITE: True})
        elif engine.dialect.name == "postgresql":
            # Readers see one consistent snapshot of the records and the head row.
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def run(
    engine: Engine,
    location: Location,
    work: Callable[[Connection], T],
    *,
    writes: bool,
    patience: float,
    rng: np.random.Generator,
) -> T:
    """``work`` in one transaction (committed when it returns), retried while the ledger is busy.

    ``work`` may run several times, so it must only touch the database. After ``patience``
    seconds of trying it raises :class:`LedgerBusyError`; any other database failure becomes
    a :class:`LedgerError` naming the ledger. Errors ``work`` raises on purpose pass through
    (its transaction is rolled back).
    """
    deadline = time.monotonic() + patience
    delay = 0.005
    attempts = 0
    while True:
        attempts += 1
        try:
            with _transaction(engine, writes=writes) as connection:
                return work(connection)
        except DBAPIError as error:
            if not is_busy(error):
                raise LedgerError(f"ledger {location}: {_reason(error)}") from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LedgerBusyError(
                    f"ledger {location} is busy: other writers kept it locked for more than "
                    f"{patience:g} s ({attempts} attempts); nothing was written, try again"
                ) from None
            # Jitter spreads out writers that all woke up at once.
            time.sleep(min(remaining, delay * (0.5 + float(rng.random()))))
            delay = min(delay * 2, 0.5)
        except SQLAlchemyError as error:
            raise LedgerError(f"ledger {location}: {error}") from error


def _reason(error: DBAPIError) -> str:
    """The driver's own message, first line only (no SQL, no parameters)."""
    text = str(error.orig).strip() or type(error.orig).__name__
    return text.splitlines()[0]


__all__ = ["BUSY_TIMEOUT_SECONDS", "Location", "connect", "is_busy", "locate", "run"]

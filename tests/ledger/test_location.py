"""Where a ledger lives: paths and URLs accepted, and clear errors for the rest."""

import threading
from pathlib import Path

import pytest

from vanguard.ledger import Ledger, LedgerError
from vanguard.ledger.connection import locate


@pytest.mark.parametrize(
    ("given", "dialect", "shown"),
    [
        ("books.sqlite", "sqlite", "books.sqlite"),
        (Path("dir/books.sqlite"), "sqlite", "dir/books.sqlite"),
        ("sqlite:///books.sqlite", "sqlite", "books.sqlite"),
        ("sqlite:////abs/books.sqlite", "sqlite", "/abs/books.sqlite"),
        ("postgresql://u:secret@db/ledger", "postgresql", "postgresql+psycopg://u:***@db/ledger"),
        ("postgres://u@db:5433/ledger", "postgresql", "postgresql+psycopg://u@db:5433/ledger"),
        ("postgresql+psycopg://u@db/ledger", "postgresql", "postgresql+psycopg://u@db/ledger"),
    ],
)
def test_paths_and_urls_name_a_backend(given: str | Path, dialect: str, shown: str) -> None:
    location = locate(given)
    assert location.dialect == dialect
    assert str(location) == shown


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "empty"),
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
        ("mysql://host/db", "'mysql': unsupported ledger database"),
        ("postgresql+psycopg2://host/db", "psycopg 3 only"),
    ],
)
def test_unusable_locations_are_refused_saying_why(given: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        locate(given)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"notes.sqlite: file is not a database"):
        Ledger.open(path)


def test_a_directory_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="unable to open database file"):
        Ledger.open(tmp_path / "missing" / "books.sqlite")


def test_threads_sharing_one_ledger_lose_nothing(ledger_url: str) -> None:
    failures: list[BaseException] = []
    with Ledger.open(ledger_url) as ledger:

        def write(thread: int) -> None:
            try:
                for n in range(25):
                    ledger.append("report", f"{thread}-{n}", {"n": n})
            except BaseException as error:  # reported below, in the test's thread
                failures.append(error)

        threads = [threading.Thread(target=write, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert len(ledger) == 100
        assert ledger.verify().ok

"""Several processes at once, and processes killed mid-append: nothing acknowledged is lost.

The writers are real processes (``writer.py``) so that SQLite's file locks and PostgreSQL's
row locks are exercised as in production; no test asserts on timing.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine

from vanguard.ledger import Ledger, LedgerBusyError

WRITER = Path(__file__).with_name("writer.py")


def start_writer(url: str, prefix: str, count: int, batch: int = 1) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, prefix, str(count), str(batch)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ready(writer: subprocess.Popen[str]) -> None:
    assert writer.stdout is not None
    line = writer.stdout.readline()
    assert line == "ready\n", writer.stderr.read() if writer.stderr else line


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_loses_no_acknowledged_record(ledger_url: str) -> None:
    rng = np.random.default_rng(np.random.SeedSequence(20061231))
    Ledger.open(ledger_url).close()
    acknowledged: list[str] = []
    for round_ in range(8):
        batch = 1 if round_ % 2 == 0 else 3
        writer = start_writer(ledger_url, f"r{round_}", 100_000, batch)
        wait_ready(writer)
        assert writer.stdout is not None
        first = writer.stdout.readline()  # wait for one acknowledgement, then a random while
        time.sleep(float(rng.uniform(0.0, 0.5)))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        assert writer.returncode == -signal.SIGKILL
        lines = [first.strip(), *out.splitlines()]
        acknowledged += [line for line in lines if line.startswith(f"r{round_}-")]
    assert len(acknowledged) >= 8  # every writer got to append before dying
    with Ledger.open(ledger_url, create=False) as ledger:
        stored = {entry.key: entry for entry in ledger.entries()}
        verification = ledger.verify()
    assert verification.ok, verification.lines()
    missing = [key for key in acknowledged if key not in stored]
    assert missing == []
    for key in acknowledged:
        assert stored[key].payload == {"key": key, "figures": [1, 2.5, None]}
    # A batch is all or nothing, even when its writer dies during the transaction.
    for round_ in range(1, 8, 2):
        numbers = sorted(int(k.split("-")[1]) for k in stored if k.startswith(f"r{round_}-"))
        assert len(numbers) % 3 == 0
        assert numbers == list(range(len(numbers)))


@pytest.mark.slow
def test_concurrent_writers_lose_nothing_and_never_see_a_lock(ledger_url: str) -> None:
    Ledger.open(ledger_url).close()
    writers = [start_writer(ledger_url, f"w{n}", 60, batch=1 + n % 2) for n in range(4)]
    # Two more writers append the same shared records: retries from other processes.
    writers += [start_writer(ledger_url, "shared", 40) for _ in range(2)]
    results = [writer.communicate() for writer in writers]
    for writer, (_, err) in zip(writers, results, strict=True):
        assert "locked" not in err.lower()
        assert writer.returncode == 0, err
    with Ledger.open(ledger_url, create=False) as ledger:
        entries = ledger.entries()
        verification = ledger.verify()
    assert verification.ok, verification.lines()
    keys = [entry.key for entry in entries]
    expected = {f"w{n}-{i}" for n in range(4) for i in range(60)} | {
        f"shared-{i}" for i in range(40)
    }
    assert sorted(keys) == sorted(expected)  # every record, none twice
    assert [entry.seq for entry in entries] == list(range(1, len(entries) + 1))


@contextmanager
def held_write_lock(url: str) -> Iterator[None]:
    """Another writer that holds the ledger's write lock and never lets go (until exit)."""
    if "://" not in url:
        holder = sqlite3.connect(url, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(url)
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SELECT seq FROM ledger_head WHERE id = 1 FOR UPDATE")
        yield
    engine.dispose()


def test_a_ledger_locked_too_long_is_a_clear_busy_error(ledger_url: str) -> None:
    Ledger.open(ledger_url).close()
    with held_write_lock(ledger_url), Ledger.open(ledger_url, patience=0.3) as ledger:
        with pytest.raises(LedgerBusyError, match="is busy") as caught:
            ledger.append("report", "k", {})
        assert "database is locked" not in str(caught.value)
        assert caught.value.__cause__ is None
        assert caught.value.__suppress_context__
        assert ledger.entries() == []  # reading is never blocked by a writer
    with Ledger.open(ledger_url) as ledger:
        assert ledger.append("report", "k", {}).seq == 1  # the retry succeeds once it is free


def test_writes_survive_a_crash_because_sqlite_syncs_fully(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with Ledger.open(path) as ledger:
        ledger.append("report", "k", {})
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()
    with Ledger.open(path) as ledger:
        engine = ledger._engine  # the configured connections themselves
        with engine.connect() as configured:
            synchronous = configured.exec_driver_sql("PRAGMA synchronous").scalar()
            busy = configured.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert synchronous == 2  # FULL
    assert busy == 5000


def test_writers_start_with_begin_immediate(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    statements: list[str] = []
    with Ledger.open(path) as ledger:
        from sqlalchemy import event

        event.listen(
            ledger._engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: statements.append(statement),
        )
        ledger.append("report", "k", {})
        ledger.entries()
    assert statements[0] == "BEGIN IMMEDIATE"
    assert "BEGIN" in statements
    assert os.path.exists(str(path) + "-wal") or path.exists()

"""The tables a ledger lives in, the same on SQLite and PostgreSQL (SQLAlchemy Core).

``ledger_records`` holds one row per record. Payloads and timestamps are stored as text,
byte for byte as they were hashed, so no database type conversion can change a hash.
``ledger_head`` holds one row: the format tag and the number and hash of the last record.
Writers lock it first (``BEGIN IMMEDIATE`` on SQLite, ``SELECT ... FOR UPDATE`` on
PostgreSQL), which keeps the chain linear, and :func:`vanguard.ledger.verification.verify`
compares it with the last record, which reveals records removed from the end.
"""

from sqlalchemy import (
    CheckConstraint,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

records = Table(
    "ledger_records",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(500), nullable=False),
    Column("key", String(500), nullable=False),
    Column("payload", Text, nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("kind", "key", name="ledger_records_kind_key"),
)

head = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("format", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("id = 1", name="ledger_head_single_row"),
)

__all__ = ["head", "metadata", "records"]

"""The canonical encoding of a record and the hash that chains it to the one before.

A record's hash is SHA-256 over::

    b"vanguard-ledger/1\\n" + header + b"\\n" + payload

where ``payload`` is the canonical JSON of the payload and ``header`` the canonical JSON of
``{"hash_of_previous": ..., "key": ..., "kind": ..., "recorded_at": ..., "seq": ...}``.
Canonical JSON is ``json.dumps`` with sorted keys, no insignificant whitespace, no NaN or
infinity, and UTF-8 (non-ASCII characters kept as themselves). Because the sequence number
and the previous record's hash are covered, changing, removing, inserting or reordering a
record breaks the chain at that record.
"""

import hashlib
import json

from vanguard.ledger.records import JSON

FORMAT = "vanguard-ledger/1"
"""Format tag mixed into every hash; a future encoding gets a new tag."""
GENESIS = "0" * 64
"""The ``prev_hash`` of the first record."""


def canonical_json(value: JSON) -> str:
    """The one encoding of ``value`` that is hashed and stored (sorted keys, compact)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def record_hash(
    seq: int, kind: str, key: str, recorded_at: str, prev_hash: str, payload_json: str
) -> str:
    """The hex SHA-256 of one record, given its payload already in canonical JSON."""
    header = canonical_json(
        {
            "hash_of_previous": prev_hash,
            "key": key,
            "kind": kind,
            "recorded_at": recorded_at,
            "seq": seq,
        }
    )
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\n{header}\n".encode())
    digest.update(payload_json.encode("utf-8"))
    return digest.hexdigest()


__all__ = ["FORMAT", "GENESIS", "canonical_json", "record_hash"]

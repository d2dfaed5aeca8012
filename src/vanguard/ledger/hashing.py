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
    return _ENCODER.encode(value)


# What json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
# allow_nan=False) builds on every call; it holds no state between calls.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def record_hash(
    seq: int, kind: str, key: str, recorded_at: str, prev_hash: str, payload_json: str | bytes
) -> str:
    """The hex SHA-256 of one record, given its payload already in canonical JSON (as text,
    or as that text's UTF-8 bytes)."""
    digest = hashlib.sha256(record_header(seq, kind, key, recorded_at, prev_hash))
    digest.update(payload_json if isinstance(payload_json, bytes) else payload_json.encode())
    return digest.hexdigest()


def record_header(seq: int, kind: str, key: str, recorded_at: str, prev_hash: str) -> bytes:
    """What the hash covers before the payload: the format tag and the header's canonical JSON.

    Written out field by field with the JSON module's own string encoder (the one
    :func:`canonical_json` uses), in sorted key order: the same bytes as
    ``canonical_json({...})`` of the five fields, without building and sorting a dict per
    record (the ledger hashes every record it appends and verifies).
    """
    header = (
        f'{{"hash_of_previous":{_string(prev_hash)},"key":{_string(key)},'
        f'"kind":{_string(kind)},"recorded_at":{_string(recorded_at)},"seq":{int(seq)}}}'
    )
    return f"{FORMAT}\n{header}\n".encode()


# json's encoder of strings for ensure_ascii=False (its C version when built): what
# json.dumps(..., ensure_ascii=False) calls for every string
_string = json.encoder.encode_basestring


__all__ = ["FORMAT", "GENESIS", "canonical_json", "record_hash", "record_header"]

"""Recomputing what was published: every bulletin version and evaluation, from the ledger.

Each published record is recomputed from what the ledger held just before it was
recorded: the letters and revisions as recorded (so a legitimate revision imported later
does not make earlier records "no longer match"), the reports as filed then, each at the
value in force then (corrections recorded afterwards do not count), and, for a bulletin,
the previous quarter's bulletin as published then. Only the program's tasks, posts and
evaluation rules come from the program file (the ledger does not hold them): if those
were edited since, the records computed before say so by no longer matching.
"""

from collections.abc import Mapping
from typing import Any

import attrs

from vanguard.ledger import Entry, Ledger
from vanguard.model.indicator import Indicator
from vanguard.model.program import Program
from vanguard.problems import VanguardError
from vanguard.review.bulletin import Bulletin
from vanguard.review.recording import (
    BULLETIN,
    EVALUATION,
    as_recorded,
    evaluation_payload,
    ledger_bulletin,
    ledger_evaluation,
    previous_bulletin,
    versions,
)
from vanguard.review.versions import bulletin_changes


@attrs.frozen
class Recomputed:
    """The outcome of recomputing one published record: ``record`` names it (``kind
    key``), ``seq`` is its number, ``problem`` says how it differs (None when it
    matches)."""

    record: str
    seq: int
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when the recomputation matches the record."""
        return self.problem is None

    def __str__(self) -> str:
        if self.problem is None:
            return f"{self.record} (record {self.seq}): matches"
        return f"{self.record} (record {self.seq}): {self.problem}"


def recheck(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None = None,
) -> list[Recomputed]:
    """Every published bulletin (every version) and evaluation of ``program``,
    recomputed from the ledger as it stood when each was recorded, in record order."""
    bulletins = [
        entry for entry in ledger.entries(BULLETIN) if entry.payload.get("program") == program.id
    ]
    evaluations = [
        entry for entry in ledger.entries(EVALUATION) if entry.key.startswith(f"{program.id}/")
    ]
    results = []
    for entry in sorted([*bulletins, *evaluations], key=lambda item: item.seq):
        name = f"{entry.kind} {entry.key}"
        try:
            if entry.kind == BULLETIN:
                problem = _bulletin(ledger, converter, program, indicators, entry)
            else:
                problem = _evaluation(ledger, converter, program, indicators, entry)
        except (VanguardError, KeyError, ValueError) as error:
            problem = f"cannot be recomputed with this program file: {error}"
        results.append(Recomputed(name, entry.seq, problem))
    return results


def _bulletin(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None,
    entry: Entry,
) -> str | None:
    stored = Bulletin.from_payload(converter, entry.payload)
    basis = as_recorded(ledger, program, converter, entry.seq)
    previous = previous_bulletin(ledger, converter, program, stored.quarter, entry.seq)
    again = ledger_bulletin(ledger, basis, stored.quarter, indicators, previous, entry.seq)
    if stored.version > 1:
        first = versions(ledger, BULLETIN, f"{program.id}/{stored.quarter}")[0]
        changes = bulletin_changes(Bulletin.from_payload(converter, first.payload), again)
        again = attrs.evolve(again, version=stored.version, changes=changes)
    return _differs(entry.payload, again.to_payload(converter))


def _evaluation(
    ledger: Ledger,
    converter: Any,
    program: Program,
    indicators: Mapping[str, Indicator] | None,
    entry: Entry,
) -> str | None:
    basis = as_recorded(ledger, program, converter, entry.seq)
    year = str(entry.payload.get("year", ""))
    again = ledger_evaluation(ledger, basis, indicators, year or None, entry.seq)
    return _differs(evaluation_payload(entry), again.to_payload(converter))


def _differs(stored: Mapping[str, Any], again: Mapping[str, Any]) -> str | None:
    """None when the recomputed payload is the stored one, else which fields differ."""
    import json

    plain = json.loads(json.dumps(again))
    fields = sorted(
        name for name in set(stored) | set(plain) if stored.get(name) != plain.get(name)
    )
    if not fields:
        return None
    return (
        "recomputed from the ledger as it stood then, it no longer matches "
        f"(differs in {', '.join(fields)})"
    )


__all__ = ["Recomputed", "recheck"]

"""Letters in the ledger: recorded as signed, revisions as records of their own, never
rewritten."""

import datetime as dt
from pathlib import Path

import attrs
import pytest

from vanguard import Vanguard
from vanguard.ledger import Ledger, LedgerConflictError
from vanguard.ledger.letters import LETTER_REVISED, LETTER_SIGNED, record_letters
from vanguard.model.letter import Letter
from vanguard.model.program import Program

EXAMPLE = Path(__file__).parents[2] / "examples" / "zhaoqing-2006.toml"


@pytest.fixture(scope="module")
def app() -> Vanguard:
    return Vanguard()


@pytest.fixture(scope="module")
def program(app: Vanguard) -> Program:
    return app.load_program(EXAMPLE)


def with_letter(program: Program, index: int, letter: Letter) -> Program:
    """``program`` with its letter at ``index`` replaced."""
    letters = list(program.letters)
    letters[index] = letter
    return attrs.evolve(program, letters=tuple(letters))


def revised_index(program: Program) -> int:
    return next(i for i, letter in enumerate(program.letters) if letter.pledges)


def test_every_letter_and_revision_is_recorded_once(
    app: Vanguard, program: Program, tmp_path: Path
) -> None:
    with Ledger.open(tmp_path / "l.sqlite") as ledger:
        counts = record_letters(ledger, program, app.converter)
        revisions = sum(len(p.revisions) for letter in program.letters for p in letter.pledges)
        assert counts == (len(program.letters), revisions)
        assert len(ledger.entries(LETTER_SIGNED)) == len(program.letters)
        assert len(ledger.entries(LETTER_REVISED)) == revisions
        size = len(ledger)
        assert record_letters(ledger, program, app.converter) == counts  # idempotent
        assert len(ledger) == size
        assert ledger.verify().ok


def test_a_letter_is_stored_as_signed_and_its_revisions_beside_it(
    app: Vanguard, program: Program, tmp_path: Path
) -> None:
    letter, pledge = next(
        (letter, pledge)
        for letter in program.letters
        for pledge in letter.pledges
        if pledge.revisions
    )
    with Ledger.open(tmp_path / "l.sqlite") as ledger:
        record_letters(ledger, program, app.converter)
        signed = ledger.get(LETTER_SIGNED, f"{program.id}/{letter.id}")
        assert signed is not None
        stored = signed.payload["letter"]
        assert isinstance(stored, dict)
        assert stored["signed"] == letter.signed.isoformat()
        pledges = stored["pledges"]
        assert isinstance(pledges, list)
        assert all("revisions" not in p for p in pledges if isinstance(p, dict))
        assert len(pledges) == len(letter.pledges)
        revision = pledge.revisions[0]
        key = (
            f"{program.id}/{letter.id}/{pledge.task}/{pledge.indicator}/"
            f"{revision.signed.isoformat()}"
        )
        entry = ledger.get(LETTER_REVISED, key)
        assert entry is not None
        assert entry.payload["previous"] == pledge.value
        assert entry.payload["value"] == revision.value
        assert entry.payload["reason"] == str(revision.reason)


def test_a_letter_changed_without_a_revision_is_refused_by_name(
    app: Vanguard, program: Program, tmp_path: Path
) -> None:
    index = revised_index(program)
    letter = program.letters[index]
    first = letter.pledges[0]
    quietly = attrs.evolve(first, value=first.value + 1)
    changed = with_letter(
        program,
        index,
        attrs.evolve(letter, pledges=(quietly, *letter.pledges[1:])),
    )
    with Ledger.open(tmp_path / "l.sqlite") as ledger:
        record_letters(ledger, program, app.converter)
        before = len(ledger)
        with pytest.raises(LedgerConflictError, match=f"{program.id}/{letter.id}"):
            record_letters(ledger, changed, app.converter)
        assert len(ledger) == before
        # The same change, signed as a revision, is a new record.
        revised = with_letter(
            program,
            index,
            attrs.evolve(
                letter,
                pledges=(
                    first.revised(first.value + 1, dt.date(2006, 9, 1), "mid-year review"),
                    *letter.pledges[1:],
                ),
            ),
        )
        record_letters(ledger, revised, app.converter)
        assert len(ledger) == before + 1
        assert ledger.entries()[-1].kind == LETTER_REVISED


def test_letters_come_back_from_the_ledger_as_recorded_up_to_a_record(
    app: Vanguard, program: Program, tmp_path: Path
) -> None:
    from vanguard.ledger.letters import recorded_letters

    index = revised_index(program)
    letter = program.letters[index]
    first = letter.pledges[0]
    later = with_letter(
        program,
        index,
        attrs.evolve(
            letter,
            pledges=(
                first.revised(first.value + 5, dt.date(2006, 11, 1), "year-end review"),
                *letter.pledges[1:],
            ),
        ),
    )
    with Ledger.open(tmp_path / "l.sqlite") as ledger:
        record_letters(ledger, program, app.converter)
        boundary = len(ledger) + 1
        record_letters(ledger, later, app.converter)
        assert recorded_letters(ledger, later, app.converter) == later.letters
        # Before the revision was recorded, the letters were as the first file gave them.
        assert recorded_letters(ledger, later, app.converter, boundary) == program.letters
        assert recorded_letters(ledger, later, app.converter, 1) == ()

"""Letters to ledger records and back: the way the review reads the letters as recorded."""

from hypothesis import HealthCheck, given, settings
from model_strategies import programs

from vanguard import Program, Vanguard
from vanguard.ledger.letters import letter_records, letters_from_records
from vanguard.review.recording import recorded_as_filed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs())
def test_the_letters_come_back_from_their_records(program: Program) -> None:
    converter = Vanguard(load_entrypoints=False).converter
    records = letter_records(program, converter)
    assert letters_from_records(records, converter) == program.letters
    # so a ledger holding exactly the file's records may be read as the file's letters
    assert recorded_as_filed(records, records)
    if records:
        assert not recorded_as_filed(records[1:], records)
        assert not recorded_as_filed(list(reversed(records)), records) or len(records) == 1

"""`import vanguard` and the command line stay light: heavy libraries load on first use."""

import subprocess
import sys

HEAVY = ("sqlalchemy", "pandas", "pyarrow", "dask", "distributed", "matplotlib", "SALib")


def test_importing_the_library_and_its_cli_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, vanguard, vanguard.cli; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_the_ledger_is_still_there_when_asked_for() -> None:
    import vanguard
    from vanguard.ledger.store import Ledger

    assert vanguard.Ledger is Ledger
    assert "Ledger" in vanguard.__all__

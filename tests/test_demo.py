"""``vanguard demo`` (the README's first command) runs the whole library on the example."""

import re
from pathlib import Path

from click.testing import CliRunner

from vanguard.cli import main


def test_the_demo_reviews_the_real_year_and_simulates_it(tmp_path: Path) -> None:
    ledger, page = tmp_path / "demo.sqlite", tmp_path / "q4.html"
    args = ["demo", "-n", "300", "--no-progress", "--ledger", str(ledger), "--html", str(page)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "zhaoqing-2006.toml: ok" in out
    assert sum(int(n) for n in re.findall(r": (\d+) key tasks", out)) == 28
    assert "51 work-target and 52 integrity letters" in out
    assert "2,916 monthly reports" in out
    bulletins = re.findall(r"bulletin 2006Q(\d): .*?(\d+) posts changed rank; laggards: (.+)", out)
    assert [b[0] for b in bulletins] == ["1", "2", "3", "4"]
    assert bulletins[0][1] == "0"  # the first bulletin has nothing to change from
    assert all(int(b[1]) > 0 for b in bulletins[1:])
    assert all(b[2] != "none" for b in bulletins)
    assert re.search(r"year-end grades: .*excellent \(优秀\)", out)
    assert re.search(r"accountability findings: \d+ direct, \d+ leadership", out)
    assert "ledger verify: intact" in out
    assert ledger.is_file()
    assert "<table" in page.read_text(encoding="utf-8")
    compared = set(re.findall(r"│ ([a-z_]+\.[a-z_]+)\s+│.*│\s+(?:yes|no) │", out))
    assert {"entrepreneurship.trained", "rural.placed", "liaison.recruits"} <= compared
    assert "Reproduce: vanguard simulate" in out

"""``--json`` on validate, show, bulletin, evaluate and explain: one JSON object on standard
output with the documented header, and the same numbers the Python API gives."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vanguard import Vanguard
from vanguard.cli import main

ROOT = Path(__file__).resolve().parents[1]
SIHUI = ROOT / "examples" / "sihui-2006.toml"
REVIEW = Path(__file__).parent / "review"
SMALL = REVIEW / "small-program.toml"


def run(*args: str, stdin: str | None = None, code: int = 0) -> dict[str, Any]:
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["command"] == args[0]
    assert data["format"] == 1
    assert data["ok"] is (code == 0)
    return data


def test_validate_json_names_every_problem_and_reads_standard_input() -> None:
    text = SIHUI.read_text(encoding="utf-8")
    good = run("validate", "--json", "-", stdin=text)
    (entry,) = good["files"]
    assert entry["path"] == "<stdin>"
    assert entry["program"] == "sihui-agencies-2006"
    assert entry["program_name"]["zh"].startswith("四会市")
    bad = run(
        "validate",
        "--json",
        "-",
        str(SIHUI),
        stdin=text.replace("year_start", "year_strat"),
        code=1,
    )
    refused, fine = bad["files"]
    assert refused["ok"] is False
    assert refused["problems"] == [
        {
            "file": "<stdin>",
            "location": "year_strat",
            "message": "unknown key 'year_strat' (did you mean 'year_start'?)",
        }
    ]
    assert fine["ok"] is True


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_validate_reads_other_formats_from_standard_input(fmt: str) -> None:
    app = Vanguard()
    program = app.load_program(SIHUI)
    text = app.render_program(program, fmt)  # type: ignore[arg-type]  # a Format literal
    result = CliRunner().invoke(main, ["validate", "--format", fmt, "-"], input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<stdin>: ok (16 key tasks")


def plain(frame: Any) -> list[dict[str, Any]]:
    """A frame's rows as ``--json`` prints them (missing values as null)."""
    import math

    def cell(value: Any) -> Any:
        if isinstance(value, float) and math.isnan(value):
            return None
        return value.isoformat() if hasattr(value, "isoformat") else value

    rows = frame.astype(object).to_dict(orient="records")
    return [{str(k): cell(v) for k, v in row.items()} for row in rows]


def test_show_json_lists_pillars_tasks_and_chains() -> None:
    data = run("show", "--json", str(SIHUI))
    program = Vanguard().load_program(SIHUI)
    tasks = [task["id"] for pillar in data["pillars"] for task in pillar["key_tasks"]]
    assert sorted(tasks) == sorted(task.id for task in program.tasks)
    chain = data["chains"]["work-target"]
    below = {child for children in chain["below"].values() for child in children}
    assert set(chain["top"]) <= set(data["posts"])
    assert below <= set(data["posts"])


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    from review.conftest import year_rows
    from review.test_cli import write_csv

    reports = write_csv(year_rows(), tmp_path / "reports.csv")
    path = tmp_path / "ledger.sqlite"
    result = CliRunner().invoke(
        main, ["ledger", "import", str(SMALL), str(reports), "--ledger", str(path)]
    )
    assert result.exit_code == 0, result.output
    return str(path)


def test_bulletin_evaluate_and_explain_json_carry_the_apis_results(ledger: str) -> None:
    app = Vanguard(load_entrypoints=False)
    program = app.load_program(SMALL)
    data = run("bulletin", str(SMALL), "--quarter", "2006Q2", "--ledger", ledger, "--json")
    assert data["program"] == program.id
    assert data["recorded"]["key"] == f"{program.id}/2006Q2"
    with app.review(program, ledger=ledger, create=False) as review:
        bulletin = review.bulletin("2006Q2")
    # the tables are the API's frames, row for row and column for column
    assert data["posts"] == plain(bulletin.to_frame("posts"))
    assert data["lines"] == plain(bulletin.to_frame("lines"))
    assert data["laggards"] == list(bulletin.laggards)
    assert data["program_score"] == pytest.approx(bulletin.program_score)
    evaluation = run("evaluate", str(SMALL), "--year", "2006", "--ledger", ledger, "--json")
    assert evaluation["recorded"] is True
    with app.review(program, ledger=ledger, create=False) as review:
        expected = review.evaluation(2006)
        explained = review.explain("head-c")
    assert evaluation["findings"] == plain(expected.to_frame("findings"))
    assert evaluation["units"] == plain(expected.to_frame("units"))
    frame = plain(expected.to_frame("posts"))
    assert [{k: row[k] for k in frame[0]} for row in evaluation["posts"]] == frame
    assert len(evaluation["lines"]) == sum(len(item.lines) for item in expected.posts)
    data = run("explain", str(SMALL), "head-c", "--ledger", ledger, "--json")
    assert data["year"] == "2006"
    (item,) = data["explanations"]
    assert item["subject"] == "head-c"
    assert item["outcome"] == explained.outcome
    assert item["steps"] == list(explained.steps)
    standing = run(
        "explain", str(SMALL), "head-c", "--quarter", "2006Q2", "--ledger", ledger, "--json"
    )
    assert standing["quarter"] == "2006Q2"
    assert standing["year"] is None


def test_every_environment_variable_the_program_reads_is_documented() -> None:
    import re

    reference = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    read = set(re.findall(r"\bVANGUARD_[A-Z_]+\b", sources))
    assert {"VANGUARD_LEDGER", "VANGUARD_DEBUG", "VANGUARD_LOAD_PLUGINS"} <= read
    for variable in read:
        assert f"`{variable}`" in reference, f"{variable} is not in docs/reference/cli.md"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_are_generated(shell: str) -> None:
    reference = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert f"_VANGUARD_COMPLETE={shell}_source vanguard" in reference
    result = CliRunner().invoke(
        main, [], prog_name="vanguard", env={"_VANGUARD_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0, result.output
    assert "_VANGUARD_COMPLETE" in result.output

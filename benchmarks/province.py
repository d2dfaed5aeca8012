"""Province-size programs: the Zhaoqing example's organisation replicated k times.

``make(k, directory)`` writes ``zhaoqing-x{k}.toml`` and ``zhaoqing-x{k}-reports.csv``:
every unit, post and letter of ``examples/zhaoqing-2006.toml`` is copied k times (ids
prefixed ``r<i>.``, each copy's bureau under one province unit), with the same key tasks,
indicators, initiatives, cycles and evaluation rules, and the year of reports of
``examples/zhaoqing-2006-reports.csv`` copied for every replica's posts. k = 1 gives 53
posts, 50 gives 2,650, 190 gives 10,070 (the sizes the issues measure).

Run ``python benchmarks/province.py 50 /tmp/province`` to write one size by hand.
"""

import csv
import sys
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhaoqing-2006.toml"
REPORTS = ROOT / "examples" / "zhaoqing-2006-reports.csv"


def _prefixed(k: int, value: str) -> str:
    return f"r{k}.{value}"


def replicate(program: dict[str, Any], copies: int) -> dict[str, Any]:
    """``program`` (as parsed TOML) with its organisation and letters copied ``copies`` times."""
    result = {
        key: value for key, value in program.items() if key not in ("units", "posts", "letters")
    }
    result["id"] = f"{program['id']}-x{copies}"
    units = [{"id": "province", "name": {"en": "Province", "zh": "全省"}, "kind": "province"}]
    posts, letters = [], []
    exempt = set(program.get("rules", {}).get("exempt", []))
    for k in range(copies):
        for unit in program["units"]:
            copy = dict(unit, id=_prefixed(k, unit["id"]))
            copy["parent"] = _prefixed(k, unit["parent"]) if "parent" in unit else "province"
            if "head" in unit:
                copy["head"] = _prefixed(k, unit["head"])
            units.append(copy)
        for post in program["posts"]:
            copy = dict(post, id=_prefixed(k, post["id"]), unit=_prefixed(k, post["unit"]))
            if "superior" in post:
                copy["superior"] = _prefixed(k, post["superior"])
            posts.append(copy)
        for letter in program["letters"]:
            letters.append(
                dict(
                    letter,
                    id=_prefixed(k, letter["id"]),
                    pledger=_prefixed(k, letter["pledger"]),
                    recipient=_prefixed(k, letter["recipient"]),
                )
            )
    result["units"], result["posts"], result["letters"] = units, posts, letters
    if "initiatives" in program:
        result["initiatives"] = [_initiative(use, copies) for use in program["initiatives"]]
    if "rules" in program:
        rules = dict(program["rules"])
        rules["exempt"] = [_prefixed(k, post) for k in range(copies) for post in sorted(exempt)]
        if "clean_government" in rules:  # one chain per bureau: see the module docstring
            del rules["clean_government"]
            rules["follow_organisation"] = False
        result["rules"] = rules
    return result


def _initiative(use: dict[str, Any], copies: int) -> dict[str, Any]:
    """One ``[[initiatives]]`` entry with its units and assignments copied per replica."""
    if "assign" in use and "units" not in use:
        raise ValueError(
            f"initiative {use['name']!r} assigns its plugin's default units: list them in "
            "'units' so that they can be copied per replica"
        )
    copy = dict(use)
    if "units" in use:
        copy["units"] = [_prefixed(k, unit) for k in range(copies) for unit in use["units"]]
    if "assign" in use:
        copy["assign"] = [
            dict(
                entry,
                units=[_prefixed(k, unit) for unit in entry["units"]],
                to=[_prefixed(k, name) for name in entry["to"]],
            )
            for k in range(copies)
            for entry in use["assign"]
        ]
    return copy


def make(copies: int, directory: Path) -> tuple[Path, Path]:
    """Write the program and its reports for ``copies`` replicas; return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    program = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    path = directory / f"zhaoqing-x{copies}.toml"
    path.write_text(tomli_w.dumps(replicate(program, copies)), encoding="utf-8")
    reports = directory / f"zhaoqing-x{copies}-reports.csv"
    with REPORTS.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    with reports.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for k in range(copies):
            for row in rows:
                writer.writerow(dict(row, post=_prefixed(k, row["post"])))
    return path, reports


if __name__ == "__main__":
    made = make(int(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "."))
    print(*made)

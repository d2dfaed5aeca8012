"""Validation benchmark: load and validate programs of 12,500 to 100,000 key tasks.

    .venv/bin/python benchmarks/validation.py [--sizes 12500 25000 50000 100000]
                                              [--rounds 5] [--format json]

Each generated program is valid and as hard to check as a real one: a bureau whose
sections each take 1,000 key tasks, pledged by the section head to the chief and by a
staff member to the head (so every task reaches the bottom of its chain and cascades),
with both kinds of letter for every post. For each size the benchmark times
``Vanguard.load_program`` (parse, structure, every check) and ``Vanguard.validate`` alone,
rounds interleaved across the sizes, and prints the fastest round of each next to the
smallest size's, with the growth exponent between successive sizes (1.0 is linear; the
quadratic task lookup this benchmark guards against gave 1.6-2.0). The target: 100,000
tasks validate in under 10 s on one core.
"""

import argparse
import json
import math
import tempfile
import time
from pathlib import Path
from typing import Any

from vanguard import Limits, Vanguard
from vanguard.io.formats import render_document

TASKS_PER_SECTION = 1_000


def program_document(tasks: int) -> dict[str, Any]:
    """A valid program with ``tasks`` key tasks, as plain data."""
    sections = max(1, math.ceil(tasks / TASKS_PER_SECTION))
    units: list[dict[str, Any]] = [
        {"id": "bureau", "name": "Bureau", "kind": "bureau", "head": "chief"}
    ]
    posts: list[dict[str, Any]] = [{"id": "chief", "title": "Chief", "unit": "bureau"}]
    letters: list[dict[str, Any]] = []
    for s in range(sections):
        head, staff = f"s{s}.head", f"s{s}.staff"
        units.append(
            {
                "id": f"s{s}",
                "name": f"Section {s}",
                "kind": "section",
                "parent": "bureau",
                "head": head,
            }
        )
        posts += [
            {"id": head, "title": "Head", "unit": f"s{s}", "category": "section-head"},
            {"id": staff, "title": "Staff", "unit": f"s{s}"},
        ]
        mine = range(s * TASKS_PER_SECTION, min(tasks, (s + 1) * TASKS_PER_SECTION))
        pledges = [{"task": f"T{t}", "indicator": "count", "value": 30} for t in mine]
        letters += [
            {
                "id": f"W-{head}",
                "kind": "work-target",
                "pledger": head,
                "recipient": "chief",
                "signed": "2006-01-10",
                "pledges": pledges,
            },
            {
                "id": f"W-{staff}",
                "kind": "work-target",
                "pledger": staff,
                "recipient": head,
                "signed": "2006-01-10",
                "pledges": pledges,
            },
            {
                "id": f"I-{head}",
                "kind": "integrity",
                "pledger": head,
                "recipient": "chief",
                "signed": "2006-01-10",
            },
            {
                "id": f"I-{staff}",
                "kind": "integrity",
                "pledger": staff,
                "recipient": head,
                "signed": "2006-01-10",
            },
        ]
    return {
        "id": f"tasks-{tasks}",
        "name": f"A bureau of {tasks:,} key tasks",
        "campaign": {"id": "benchmark", "name": "Benchmark"},
        "start": "2006-01-01",
        "end": "2006-12-31",
        "indicators": [{"code": "count", "name": "Count", "unit": "item"}],
        "pillars": [{"id": "P1", "name": "Pillar"}],
        "tasks": [
            {
                "id": f"T{t}",
                "name": f"Task {t}",
                "pillar": "P1",
                "targets": [{"indicator": "count", "value": 30}],
            }
            for t in range(tasks)
        ],
        "units": units,
        "posts": posts,
        "letters": letters,
    }


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """The growth exponent k of time ~ size^k between two (size, seconds) points."""
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12_500, 25_000, 50_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--format", choices=["json", "toml", "yaml"], default="json")
    args = parser.parse_args()
    from machine import machine  # benchmarks/machine.py: here, as tests import this module

    print(machine())
    app = Vanguard(load_entrypoints=False, limits=Limits(max_tasks=max(args.sizes)))
    load: dict[int, float] = {}
    check: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        paths = {}
        for size in args.sizes:
            document = program_document(size)
            path = Path(scratch) / f"tasks-{size}.{args.format}"
            text = (
                json.dumps(document)
                if args.format == "json"
                else render_document(document, args.format)
            )
            path.write_text(text, encoding="utf-8")
            paths[size] = path
        for _ in range(args.rounds):
            for size in args.sizes:  # interleaved: a slow moment of the machine hits every size
                began = time.perf_counter()
                program = app.load_program(paths[size])
                load[size] = min(load.get(size, math.inf), time.perf_counter() - began)
                began = time.perf_counter()
                problems = app.validate(program)
                check[size] = min(check.get(size, math.inf), time.perf_counter() - began)
                assert not problems, problems[:3]
        sizes = sorted(args.sizes)
        print(f"fastest of {args.rounds} interleaved rounds, {args.format} files, one process")
        print(f"{'tasks':>8} {'MB':>6} {'load s':>8} {'k':>5} {'validate s':>11} {'k':>5}")
        for i, size in enumerate(sizes):
            before = sizes[i - 1] if i else None
            grow = {
                name: ""
                if before is None
                else f"{exponent((before, t[before]), (size, t[size])):.2f}"
                for name, t in (("load", load), ("check", check))
            }
            megabytes = paths[size].stat().st_size / 1e6
            print(
                f"{size:>8,} {megabytes:>6.1f} {load[size]:>8.2f} {grow['load']:>5} "
                f"{check[size]:>11.2f} {grow['check']:>5}"
            )
        base, largest = sizes[0], sizes[-1]
        overall = exponent((base, load[base]), (largest, load[largest]))
        print(f"growth exponent of load_program, {base:,} -> {largest:,} tasks: {overall:.2f}")
        verdict = "under" if load[largest] < 10 else "OVER"
        print(f"{largest:,} tasks loaded and validated in {load[largest]:.2f} s ({verdict} 10 s)")


if __name__ == "__main__":
    main()

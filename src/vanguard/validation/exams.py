"""Quarterly exam topics: one topic per quarter, as the report says (A-I-2).

"Staff are examined quarterly, one topic per quarter" (按季度分专题进行考核). A cycle that
produces exams and lists ``topics`` gives, in order, the topic of each of its
occurrences; :func:`exam_topic_problems` checks there is exactly one topic for each
quarter the program spans and that no topic is repeated, naming the quarter that has
none, the topic that falls in no quarter and the quarter whose topic repeats another's.
A cycle without topics is not checked (its topics are simply not declared).
"""

from vanguard.model.cycle import Cadence, Product
from vanguard.model.program import Program
from vanguard.problems import Problem


def exam_topic_problems(program: Program) -> list[Problem]:
    """Located problems of the exam cycles' topics (none when every quarter has its own)."""
    problems: list[Problem] = []
    for i, cycle in enumerate(program.cycles):
        if cycle.produces is not Product.EXAM or not cycle.topics:
            continue
        where = f"cycles[{i}]"
        if cycle.cadence is not Cadence.QUARTERLY:
            problems.append(
                Problem(
                    f"{where}.cadence",
                    f"exam topics are one per quarter: a cycle with topics is quarterly, "
                    f"not {cycle.cadence.value}",
                )
            )
            continue
        quarters = [
            occurrence.label
            for occurrence in cycle.occurrences(program.start, program.end, program.year_start)
        ]
        count = len(cycle.topics)
        if count < len(quarters):
            missing = quarters[count:]
            problems.append(
                Problem(
                    f"{where}.topics",
                    f"{count} topic(s) for {len(quarters)} quarterly exams: "
                    f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no topic "
                    "(one topic per quarter)",
                )
            )
        for k in range(len(quarters), count):
            problems.append(
                Problem(
                    f"{where}.topics[{k}]",
                    f"topic {k + 1} falls in no quarter: the program has {len(quarters)} "
                    f"quarterly exams ({', '.join(quarters)})",
                )
            )
        first: dict[str, int] = {}
        for k, topic in enumerate(cycle.topics):
            name = topic.en.strip().casefold()
            if name in first and k < len(quarters):
                j = first[name]
                problems.append(
                    Problem(
                        f"{where}.topics[{k}]",
                        f"the topic of {quarters[k]} ({topic.en!r}) repeats that of "
                        f"{quarters[j]} (topics[{j}]): one topic per quarter, each its own",
                    )
                )
            first.setdefault(name, k)
    return problems


__all__ = ["exam_topic_problems"]

"""Does an initiative's documentation page list what the initiative declares?

A plugin's page (for vanguard's own plugins, ``docs/initiatives/<name>.md``) documents
its indicators and parameters in Markdown tables whose first cell is the code or name in
backticks::

    | `approval.items` | Administrative-approval items | item | last | sum | lower |
    | `initial_items` | 20 | 1 .. 1,000 (whole number) | uniform(10, 30) | ... |

A parameter's row must show its default as its own cell, formatted ``{default:,g}``
(``20``, ``0.35``, ``1,000``, ``1e+06``), so the page cannot drift from the code.
"""

from pathlib import Path

from vanguard.plugins.initiative import Initiative


def docs_page_problems(initiative: Initiative, text: str) -> list[str]:
    """What the page ``text`` fails to list, one sentence per indicator or parameter."""
    problems = []
    for indicator in initiative.indicators:
        if f"| `{indicator.code}` |" not in text:
            problems.append(
                f"indicator {indicator.code!r}: no table row with the cell | `{indicator.code}` |"
            )
    rows = {
        line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `")
    }
    for parameter in initiative.parameters:
        row = rows.get(f"`{parameter.name}`")
        default = f"{parameter.default:,g}"
        if row is None:
            problems.append(
                f"parameter {parameter.name!r}: no table row starting | `{parameter.name}` |"
            )
        elif f"| {default} |" not in row:
            problems.append(
                f"parameter {parameter.name!r}: its row does not show the default "
                f"as the cell | {default} |: {row}"
            )
    return problems


def assert_docs_page_lists(initiative: Initiative, path: str | Path) -> None:
    """Assert that the Markdown page at ``path`` lists every indicator and parameter default.

    :raises AssertionError: the page is missing, or names each indicator or parameter it
        does not list (see the module's table format).
    """
    page = Path(path)
    if not page.is_file():
        raise AssertionError(f"initiative {initiative.name!r}: docs page {page} does not exist")
    problems = docs_page_problems(initiative, page.read_text(encoding="utf-8"))
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise AssertionError(
            f"docs page {page} does not list everything initiative "
            f"{initiative.name!r} declares:\n{listed}"
        )


__all__ = ["assert_docs_page_lists", "docs_page_problems"]

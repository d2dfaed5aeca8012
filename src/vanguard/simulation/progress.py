"""Progress bars for long runs (rich.progress), in terminals and notebooks.

:func:`simulate`, :func:`calibrate` and :func:`sobol` take ``progress``:

- ``None`` (the default for calibration and sensitivity runs): a bar when standard error is
  a terminal or a notebook, nothing otherwise (a log file or a test gets no bar);
- ``True`` / ``False``: a bar always / never;
- a callable: called with each amount of work done (replications for a simulation,
  evaluations for a calibration), for an application's own display.

A bar is transient: it is removed when the run ends, however it ends (Ctrl-C included), so
the terminal is left clean.
"""

import contextlib
import importlib.util
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

from vanguard.simulation.executors import Progress

if TYPE_CHECKING:
    from rich.console import Console

ProgressOption: TypeAlias = "bool | Progress | None"
"""What ``progress=`` accepts (see the module's description)."""


@contextlib.contextmanager
def progress_bar(
    total: int,
    description: str = "simulating",
    *,
    enabled: bool | None = True,
    unit: str = "rep",
    console: "Console | None" = None,
) -> Iterator[Progress | None]:
    """A callback advancing a rich bar of ``total`` steps of ``unit``, or None.

    ``enabled`` None shows the bar only when ``console`` (default: standard error) is a
    terminal or a notebook with ipywidgets, which rich needs to draw one there.
    """
    if enabled is False:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bars

    console = console or Console(stderr=True)
    if enabled is None and not _can_draw(console):
        yield None
        return
    bars = Bars(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with bars:
        task = bars.add_task(description, total=total)

        def advance(done: int) -> None:
            bars.advance(task, done)

        yield advance


@contextlib.contextmanager
def progress_for(
    option: ProgressOption, total: int, description: str, *, unit: str = "rep"
) -> Iterator[Progress | None]:
    """The callback ``progress=`` asks for: the caller's own, a bar, or None."""
    if callable(option):
        yield option
        return
    with progress_bar(total, description, enabled=option, unit=unit) as callback:
        yield callback


def _can_draw(console: "Console") -> bool:
    if console.is_jupyter:  # rich draws notebook bars with ipywidgets
        return importlib.util.find_spec("ipywidgets") is not None
    return console.is_terminal


__all__ = ["ProgressOption", "progress_bar", "progress_for"]

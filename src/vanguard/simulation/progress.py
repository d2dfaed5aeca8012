"""Progress bars for long runs (tqdm, the ``progress`` extra), in terminals and notebooks."""

import contextlib
from collections.abc import Iterator

from vanguard.simulation.executors import Progress


@contextlib.contextmanager
def progress_bar(
    total: int, description: str = "simulating", *, enabled: bool = True
) -> Iterator[Progress | None]:
    """A callback advancing a tqdm bar of ``total`` replications, or None without tqdm.

    ``tqdm.auto`` picks a notebook widget or a terminal bar. The bar is closed however the
    run ends (including Ctrl-C), so the terminal is left clean.
    """
    if not enabled:
        yield None
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        yield None
        return
    bar = tqdm(total=total, desc=description, unit="rep", unit_scale=True, leave=False)
    try:
        yield bar.update
    finally:
        bar.close()


__all__ = ["progress_bar"]

"""Bulk work: hundreds of thousands of small objects made at once, without the cycle collector.

Checking a province's year of reports, or appending it to the ledger, allocates a few
objects per row (a row's dict, a report, a record): half a million rows make millions of
objects that stay alive until the batch is done. CPython's cycle collector runs every few
hundred allocations, and each of its full passes walks every live object, so a batch pays
for walking its own earlier rows again and again (a third of an import's time at 50x
Zhaoqing). None of these objects forms a reference cycle: plain reference counting frees
them, so the collector can rest while the batch runs.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it is restored as it was on the way out
    (nested blocks, and blocks entered where the caller had disabled it, leave it as found).

    Reference counting still frees everything that is not part of a cycle at once; a cycle
    made inside the block is collected at the next collection after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["collector_paused"]

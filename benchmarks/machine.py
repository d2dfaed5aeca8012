"""The machine a benchmark ran on, printed with every absolute figure.

Ratios measured side by side in one run (interleaved, the fastest of >= 5 rounds) carry
over to other machines; absolute seconds do not, so each benchmark prints this line with
them (the machine is shared: the load average says how much).
"""

import os
import platform
import time


def machine() -> str:
    """Platform, cores, load average, Python and numpy versions, and the time (UTC)."""
    try:
        import numpy

        numpy_version = numpy.__version__
    except ImportError:  # pragma: no cover - every benchmark's environment has numpy
        numpy_version = "absent"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {platform.platform()}, {os.cpu_count()} cores, load average {load}, "
        f"Python {platform.python_version()}, numpy {numpy_version}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


__all__ = ["machine"]

"""A ledger writer run as a separate process by the crash and concurrency tests.

``python writer.py URL PREFIX COUNT BATCH`` appends records ``PREFIX-0`` .. ``PREFIX-(COUNT-1)``
(``BATCH`` at a time with ``append_many``; 1 means ``append``) and prints each key on its
own line, flushed, only after the append returned: a printed key is an acknowledged record.
It prints ``ready`` once the ledger is open. Keys ``shared-N`` (when PREFIX is ``shared``)
are written by several writers with identical payloads: retries across processes.
"""

import sys

from vanguard.ledger import Ledger


def main(url: str, prefix: str, count: int, batch: int) -> None:
    with Ledger.open(url) as ledger:
        print("ready", flush=True)
        for start in range(0, count, batch):
            keys = [f"{prefix}-{n}" for n in range(start, min(count, start + batch))]
            records = [("report", key, {"key": key, "figures": [1, 2.5, None]}) for key in keys]
            if batch == 1:
                ledger.append(*records[0])
            else:
                ledger.append_many(records)
            print("\n".join(keys), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))

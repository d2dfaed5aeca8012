"""Writing output files safely: paths checked before any work, files replaced whole.

A command that writes a file checks the path first (:func:`check_output`: the directory
exists and is writable, the path is not a directory), so a long run never ends in "no
such directory". The file itself is written by :func:`write_atomically`: to a temporary
file beside it, flushed to disk, then renamed over the target, so a full disk, a crash
or Ctrl-C leaves the previous file (or none), never a truncated one.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from vanguard.problems import Problem, ProgramError


def check_output(path: str | Path, option: str = "") -> Path:
    """``path`` if a file can be written there; ProgramError naming ``option`` if not."""
    path = Path(path)
    where = option or str(path)

    def refuse(message: str) -> ProgramError:
        return ProgramError([Problem(where, f"cannot write {path}: {message}")])

    if path.is_dir():
        raise refuse("it is a directory")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise refuse(f"no directory {directory}")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise refuse(f"directory {directory} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise refuse("the file is not writable")
    return path


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path to write; it replaces ``path`` when the ``with`` block completes.

    The temporary file is in the same directory (so the rename is atomic) and is synced
    to disk before the rename; on any error it is removed and ``path`` is untouched. An
    :class:`OSError` (a full disk) becomes a ProgramError naming the file.
    """
    path = Path(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise _write_error(path, error) from None
    os.close(handle)
    temporary = Path(name)
    try:
        # mkstemp makes the file private (0600); the result gets the mode a plain write
        # would give it: the old file's, else what the umask allows
        os.chmod(temporary, _mode_for(path))
        yield temporary
        with temporary.open("rb+") as file:
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise _write_error(path, error) from None
        raise


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, whole or not at all (see :func:`replacing`)."""
    with replacing(path) as temporary:
        temporary.write_bytes(data)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_error(path: Path, error: OSError) -> ProgramError:
    reason = error.strerror or type(error).__name__
    return ProgramError([Problem(str(path), f"cannot write the file: {reason}")])


__all__ = ["check_output", "replacing", "write_atomically"]

"""Output files written atomically.

A file is written under a temporary name in its own directory and moved
into place with :func:`os.replace` only once complete, so an interrupted or
failed write never leaves a truncated file that looks finished (and an older
file of the same name survives intact).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it to `path` on success.

    Parameters
    ----------
    path : str or path-like
        The file to (re)place. Its directory must exist.

    Yields
    ------
    pathlib.Path
        Where to write. On an exception (including KeyboardInterrupt) the
        temporary file is removed and `path` is left untouched.

    Examples
    --------
    >>> with atomic_path("summary.parquet") as tmp:  # doctest: +SKIP
    ...     frame.to_parquet(tmp)
    """
    target = Path(path)
    # Same directory: os.replace is only atomic within one file system. The
    # writer creates the file, so it gets the usual permissions (mkstemp's
    # would be private to the user).
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a text file for writing that appears at `path` only when complete.

    Parameters
    ----------
    path : str or path-like
        The file to (re)place.
    encoding : str, default "utf-8"
        Text encoding.

    Yields
    ------
    typing.IO[str]
        The open temporary file; it is flushed and synced before the move.
    """
    with atomic_path(path) as tmp, open(tmp, "w", encoding=encoding, newline="") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())

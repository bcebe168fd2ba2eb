"""Output files written atomically, alone or as a set.

A file is written under a temporary name in its own directory and moved
into place with :func:`os.replace` only once complete, so an interrupted or
failed write never leaves a truncated file that looks finished (and an older
file of the same name survives intact). The files of one run are moved
together once all are written (:func:`atomic_group`): all new or all old.

A temporary name says which machine and process wrote it
(``.summary.json.<host>.<pid>.<random>.tmp``): a run killed outright
(SIGKILL, a lost node) cannot remove its own, so the next run that writes
the same file removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import stat
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from fieldsim import _core

# The replacements a group has staged (None outside a group), per thread.
_staged = threading.local()


def _host() -> str:
    return socket.gethostname().replace(".", "-") or "host"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of `target` left by dead processes of this host.

    Returns
    -------
    list of pathlib.Path
        The files removed.
    """
    removed = []
    host = _host()
    for tmp in target.parent.glob(f".{target.name}.{host}.*.tmp"):
        pid = tmp.name[len(f".{target.name}.{host}."):].split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid() and _process_gone(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


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
        temporary file is removed and `path` is left untouched. Inside
        :func:`atomic_group` the move waits for the group's end.

    Examples
    --------
    >>> with atomic_path("summary.parquet") as tmp:  # doctest: +SKIP
    ...     frame.to_parquet(tmp)
    """
    target = Path(path)
    if not _replaceable(target):
        # A device, a pipe or a socket (/dev/stdout, a FIFO a reader waits on):
        # written in place, as a shell would; there is no file to replace.
        yield target
        return
    target = Path(os.path.realpath(target))  # through a link, which stays a link
    remove_stale_temporaries(target)
    # Same directory: os.replace is only atomic within one file system. The
    # writer creates the file, so it gets the usual permissions (mkstemp's
    # would be private to the user).
    tmp = target.with_name(f".{target.name}.{_host()}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    staged: list[tuple[Path, Path]] | None = getattr(_staged, "moves", None)
    try:
        yield tmp
        _core.check_interrupt("writing")
        if staged is None:
            os.replace(tmp, target)
        else:
            staged.append((tmp, target))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _replaceable(target: Path) -> bool:
    """Whether `target` (through any links) is a file or nothing yet; a
    directory is refused."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:  # nothing there yet, or a link to nothing yet
        return True
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{target}: is a directory, not a file to write")
    return stat.S_ISREG(mode)


@contextlib.contextmanager
def atomic_group() -> Iterator[None]:
    """Write several files with :func:`atomic_path`; move them all at the end.

    If anything fails or is interrupted before the end, every temporary file
    is removed and no target changes; so does a target that has become a
    directory, found before anything moves. The moves themselves run with
    Ctrl-C held back (on the main thread), so it cannot split them.

    Inside another group it is part of that one: its files move with the
    outer group's, at its end (a writer of several files, such as a report's
    pages, can be one of a command's outputs).
    """
    if getattr(_staged, "moves", None) is not None:
        yield
        return
    _staged.moves = moves = []
    try:
        yield
    except BaseException:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _staged.moves = None
    with _signals_held():
        try:
            for _, target in moves:
                # os.replace onto a directory fails: before any move, not half-way through.
                if target.is_dir():
                    raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR),
                                            str(target))
            for tmp, target in moves:
                os.replace(tmp, target)
        finally:  # after a failed move, the files not moved
            for tmp, _ in moves:
                tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


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
        if Path(tmp).is_file():  # a pipe or a device cannot be synced
            os.fsync(handle.fileno())

"""Progress bars for long runs.

The engine reports the completed share of a run (0..1) from the thread that
called it, about ten times a second. The bar appears only once a run has
lasted a moment, so short runs stay quiet, and it is always closed, also
when the run is interrupted. A job whose length is not known ahead (the
optimiser's sequential search) gets a bar of the part running now, with a
status line that says which part it is and how far the job has come.

All drawing happens on a helper thread, and the callback the engine calls
for a bar runs no Python code at all (it is ``setattr`` bound to the bar):
Python handles Ctrl-C inside whatever Python code the main thread runs, and
the engine stops cleanly when it is its own signal check that sees Ctrl-C,
not a callback.
"""

from __future__ import annotations

import datetime
import functools
import importlib.util
import threading
import time
from collections.abc import Callable
from types import TracebackType

from rich.cells import cell_len
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column

ProgressCallback = Callable[[float], None]

_REFRESH_S = 0.1
# Columns of a by-part bar and of the elapsed time (0:00:00).
_PART_BAR, _ELAPSED = 10, 7


class ProgressBar:
    """A rich progress bar fed with fractions; a context manager.

    Parameters
    ----------
    description : str
        Shown left of the bar.
    delay : float, default 0.5
        Seconds before the bar appears; runs that end sooner show nothing.
    console : rich.console.Console, optional
        Where to draw (default: standard error).
    by_part : bool, default False
        The whole job's length is unknown, only each part's: the bar shows
        the share done of the current part (:meth:`part`) beside
        :attr:`status`, with no percentage or time left.

    Attributes
    ----------
    status : str
        What the job is doing now (shown with ``by_part``); set it between parts.

    Examples
    --------
    >>> with ProgressBar("refcity-month") as bar:  # doctest: +SKIP
    ...     fieldsim.run(scenario, replications=1000, progress=bar)
    """

    def __init__(self, description: str, *, delay: float = 0.5, console: Console | None = None,
                 by_part: bool = False) -> None:
        self.description = description
        self.delay = delay
        self.console = console if console is not None else Console(stderr=True)
        self.by_part = by_part
        self.status = ""
        # Done share of the whole job: start + share * done (of the current part).
        self._start = 0.0
        self._share = 1.0
        self._done = 0.0
        self._closed = threading.Event()
        self._drawer: threading.Thread | None = None
        self._shown = threading.Event()
        self._began = time.monotonic()

    @property
    def visible(self) -> bool:
        """Whether the bar is on screen now."""
        return self._shown.is_set()

    @property
    def fraction(self) -> float:
        """The completed share of the whole job (0..1)."""
        return self._start + self._share * self._done

    def __call__(self, fraction: float) -> None:
        self._start, self._share, self._done = 0.0, 1.0, fraction

    def part(self, start: float, share: float) -> ProgressCallback:
        """The engine's callback for one part of the job, as :func:`part_callback`
        describes; for a bar it runs no Python code."""
        self._start, self._share, self._done = start, share, 0.0
        return functools.partial(setattr, self, "_done")

    def __enter__(self) -> ProgressBar:
        if self._can_draw():
            self._drawer = threading.Thread(target=self._draw, name="fieldsim-progress", daemon=True)
            self._drawer.start()
        return self

    def _can_draw(self) -> bool:
        # In Jupyter, rich draws live output through ipywidgets only.
        return not self.console.is_jupyter or importlib.util.find_spec("ipywidgets") is not None

    def _draw(self) -> None:
        if self._closed.wait(self.delay):
            return
        progress = Progress(*self._columns(), console=self.console, transient=True,
                            auto_refresh=False)
        task = progress.add_task(self.description, total=1.0, status="", elapsed="")
        with progress:
            self._shown.set()
            while not self._closed.wait(_REFRESH_S):
                progress.update(task, completed=self.fraction, status=self.status,
                                elapsed=self._elapsed(), refresh=True)
        self._shown.clear()

    def _elapsed(self) -> str:
        # Since the job began: rich's own clock stops when a part reaches 100 %.
        return str(datetime.timedelta(seconds=int(time.monotonic() - self._began)))

    def _columns(self) -> tuple[ProgressColumn, ...]:
        if not self.by_part:
            return (TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.percentage:>5.1f} %"), TimeElapsedColumn(),
                    TextColumn("eta"), TimeRemainingColumn())
        # The status is cut to the line, not the bar: rich squeezes the bar first.
        room = self.console.width - cell_len(self.description) - _PART_BAR - _ELAPSED - 3
        status = Column(no_wrap=True, overflow="ellipsis", max_width=max(room, 10))
        return (TextColumn("{task.description}"), BarColumn(bar_width=_PART_BAR),
                TextColumn("{task.fields[status]}", table_column=status),
                TextColumn("{task.fields[elapsed]}", style="progress.elapsed"))

    def close(self) -> None:
        """Remove the bar from the screen (safe to call more than once)."""
        self._closed.set()
        if self._drawer is not None:
            self._drawer.join()
            self._drawer = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def part_callback(progress: ProgressCallback | None, start: float, share: float) -> ProgressCallback | None:
    """The callback for one part of a longer job (e.g. one point of a sweep).

    Parameters
    ----------
    progress : callable or None
        The whole job's callback (a :class:`ProgressBar` or any callable
        taking a fraction in [0, 1]), or None for no reports.
    start : float
        The share of the whole job done before this part.
    share : float
        This part's share of the whole job.

    Returns
    -------
    callable or None
        Maps the part's own fraction to the whole job's.
    """
    if progress is None:
        return None
    if isinstance(progress, ProgressBar):
        return progress.part(start, share)
    if (start, share) == (0.0, 1.0):
        return progress  # as it is: it may be a bar's part, which runs no Python code
    return lambda fraction: progress(start + share * fraction)

"""The ``fieldsim`` command's entry point: Ctrl-C honoured from its first instant.

Importing the package (pandas, NumPy, the engine) takes about half a second,
before ``fieldsim.cli`` can install its handling of Ctrl-C; an interrupt then
would end in a traceback from inside an import. This module lives outside the
package, so that nothing heavy is imported before its handler is in place.
"""

from __future__ import annotations

import os
import signal
import sys

#: The exit code of an interrupted command (128 + SIGINT), as fieldsim.cli returns it.
EXIT_INTERRUPTED = 130


def _interrupted_while_starting(signum: int, frame: object) -> None:
    # Nothing has been written yet: leave at once, without unwinding an import.
    sys.stderr.write("interrupted\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def main() -> int:
    """Run the ``fieldsim`` command (see :func:`fieldsim.cli.main`)."""
    signal.signal(signal.SIGINT, _interrupted_while_starting)
    from fieldsim.cli import main as command

    signal.signal(signal.SIGINT, signal.default_int_handler)
    return command()

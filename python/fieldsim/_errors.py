"""The one error users catch: a scenario that cannot be run as written."""

from __future__ import annotations


class ScenarioError(ValueError):
    """A malformed or inconsistent scenario, rejected before any work.

    Attributes
    ----------
    source : str
        The scenario file (or ``"<dict>"``) the error is in.
    path : str
        The JSON pointer of the offending value, e.g. ``/orders/1/work_time/mean_min``.
    """

    def __init__(self, message: str, source: str = "", path: str = "") -> None:
        super().__init__(message)
        self.source = source
        self.path = path

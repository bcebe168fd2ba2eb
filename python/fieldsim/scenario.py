"""Scenarios: a resolved JSON document and the engine's validated view of it.

Validation happens in C++ (one place, one set of messages naming the JSON
path); Python keeps the resolved document so that copies with changed
settings can be made and validated again.
"""

from __future__ import annotations

import copy
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from fieldsim import _core
from fieldsim._errors import ScenarioError

PathLike = str | os.PathLike[str]

_DICT_SOURCE = "<dict>"


def _json_default(value: Any) -> Any:
    # NumPy scalars (from ranges, arrays, DataFrames) are plain numbers to JSON.
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _to_json_text(document: Mapping[str, Any]) -> str:
    try:
        return json.dumps(document, default=_json_default, allow_nan=False)
    except RecursionError:
        # The engine refuses nesting this deep anyway (scenarios/README.md "Limits").
        raise ScenarioError(f"{_DICT_SOURCE}: not a JSON document (nested too deeply)",
                            _DICT_SOURCE, "") from None


def _document_text(document: Mapping[str, Any], source: str) -> str:
    """`document` as JSON text, or a ScenarioError saying why it is not JSON."""
    try:
        return _to_json_text(document)
    except ScenarioError:
        raise
    except (TypeError, ValueError) as error:  # NaN, infinity, a set, an object
        if (found := _first_non_finite(document, "")) is not None:
            path, value = found
            raise ScenarioError(f"{source}: {path}: expected a finite number, got {value}",
                                source, path) from None
        raise ScenarioError(f"{source}: not a JSON document ({error})", source, "") from None


def _first_non_finite(value: Any, path: str) -> tuple[str, float] | None:
    """The JSON path of the first NaN or infinite number in `value`, and the number."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "/", value
    items: Any = (value.items() if isinstance(value, Mapping)
                  else enumerate(value) if isinstance(value, (list, tuple)) else ())
    for key, item in items:
        escaped = str(key).replace("~", "~0").replace("/", "~1")
        if (found := _first_non_finite(item, f"{path}/{escaped}")) is not None:
            return found
    return None


class Scenario:
    """A validated scenario, ready to run.

    Create one with :func:`fieldsim.load`. A scenario is immutable: use
    :meth:`with_` for a modified copy.

    Parameters
    ----------
    document : Mapping
        The resolved scenario document (no ``"extends"`` left).
    source : str, default "<dict>"
        What error messages call the document, usually its file name.
    base_dir : str or path-like, default "."
        Where files named in the document (CSV order lists, road networks)
        are looked up.

    Raises
    ------
    ScenarioError
        If the document is not a valid scenario; ``error.path`` is the JSON
        pointer of the offending value.

    Attributes
    ----------
    source : str
        The scenario's file, or ``"<dict>"``.
    base_dir : pathlib.Path
        Directory for relative file names in the document.
    """

    __slots__ = ("_document", "_engine", "base_dir", "source")

    def __init__(
        self, document: Mapping[str, Any], source: str = _DICT_SOURCE, base_dir: PathLike = "."
    ) -> None:
        text = _document_text(document, source)
        # A private, JSON-clean copy: later changes to the caller's dict
        # must not change a validated scenario.
        self._document: dict[str, Any] = json.loads(text)
        self.source = source
        # Absolute, so that a later change of working directory changes nothing.
        self.base_dir = Path(base_dir).resolve()
        self._engine = _core.parse_scenario(text, source, str(self.base_dir))

    # -- what the engine made of it ---------------------------------------------------------

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self._engine.name

    @property
    def days(self) -> int:
        """Days on which orders arrive."""
        return self._engine.days

    @property
    def technicians(self) -> int:
        """Number of technicians."""
        return self._engine.technicians

    @property
    def expected_orders(self) -> float:
        """Orders one replication is expected to see (mean rates, plus scripted orders)."""
        return float(self._engine.expected_orders)

    @property
    def zones(self) -> int:
        """Number of zones in the road network."""
        return self._engine.zones

    @property
    def road_minutes(self) -> np.ndarray:
        """Travel times between zones over the roads, in minutes: ``[from, to]``, before
        ``network.travel_time_x`` and the weather."""
        n = self.zones
        return np.asarray(self._engine.road_minutes, dtype=float).reshape(n, n)

    def evening_acceptance(self, money_cny: ArrayLike, hours_worked: ArrayLike) -> np.ndarray:
        """The per-job evening acceptance curve of ``evening.per_job``: the chance that
        a technician who has worked ``hours_worked`` hours today accepts an evening job
        paying ``money_cny`` (piece rate, premium and points), broadcast over both.

        >>> scenario = load("scenarios/examples/city.json")
        >>> scenario.evening_acceptance([20, 40, 80], 10).round(3).tolist()
        [0.078, 0.31, 0.703]
        """
        money, hours = np.broadcast_arrays(np.asarray(money_cny, dtype=float),
                                           np.asarray(hours_worked, dtype=float))
        p = self._engine.evening_acceptance(money.ravel(), hours.ravel())
        return np.asarray(p).reshape(money.shape)

    @property
    def kinds(self) -> list[str]:
        """The order kinds, "install" and "repair" first."""
        return list(self._engine.kinds)

    @property
    def districts(self) -> list[str]:
        """The district names (one, "all", when the scenario names none)."""
        return list(self._engine.districts)

    @property
    def document(self) -> dict[str, Any]:
        """A copy of the resolved JSON document (``extends`` merged in)."""
        return copy.deepcopy(self._document)

    def to_json(self, indent: int | None = 2) -> str:
        """The resolved document as JSON text, loadable with :func:`load`."""
        return json.dumps(self._document, indent=indent)

    def get(self, dotted: str, default: Any = None) -> Any:
        """The value at a dotted path (as :meth:`with_` takes it), or `default`
        where the document has none (a setting left at its default).

        Examples
        --------
        >>> s = fieldsim.load("scenarios/examples/city-month.json")  # doctest: +SKIP
        >>> s.get("technicians.groups.late.shift.end")  # doctest: +SKIP
        '20:00'
        """
        node: Any = self._document
        for key in dotted.split("."):
            if isinstance(node, list):
                index = _list_index(node, key)
                if index is None:
                    return default
                node = node[index]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return default
        return copy.deepcopy(node)

    # -- copies -----------------------------------------------------------------------------

    def with_(self, changes: Mapping[str, Any] | None = None, /, **settings: Any) -> Scenario:
        """A copy with some settings changed, validated again.

        Parameters
        ----------
        changes : Mapping[str, Any], optional
            Dotted paths into the resolved document and their new values, e.g.
            ``{"technicians.count": 180}``; list entries by index, e.g.
            ``"orders.0.per_day"``, or by name (a shift group's, a district's).
            A key the document leaves at its default may be set too, e.g.
            ``"dispatch.escalation_lead_min"``.
        **settings
            The same as keyword arguments; dotted names need ``**{...}``.

        Returns
        -------
        Scenario
            The modified copy; this scenario is unchanged.

        Raises
        ------
        ScenarioError
            If a path names no setting (a list entry that does not exist, a
            key the scenario format does not know), or the new values make an
            invalid scenario (``error.path`` names the JSON pointer).

        Examples
        --------
        >>> s = fieldsim.load("scenarios/refcity/month.json")  # doctest: +SKIP
        >>> s.with_(**{"technicians.count": 180, "evening.premium_cny": 30})  # doctest: +SKIP
        <Scenario 'refcity-month': 30 days, 180 technicians, 64 zones>
        """
        document = copy.deepcopy(self._document)
        given: dict[str, str] = {}  # the pointer of each value set -> its dotted path
        added: dict[str, str] = {}  # ... and of each key the document lacked
        for dotted, value in {**(changes or {}), **settings}.items():
            pointer, first_added = _set_path(document, dotted, value, self.source)
            given[pointer] = dotted
            if first_added:
                added[first_added] = dotted
        try:
            return Scenario(document, self.source, self.base_dir)
        except ScenarioError as error:
            if error.path in added and "unknown key" in str(error):
                # A key the scenario does not know: said as for any path.
                found = str(error).split(": unknown key; ", 1)[1]
                raise _unknown(self.source, error.path, added[error.path], found) from None
            # A bad value given here, not one of the file's: say which.
            dotted = next((d for p, d in given.items()
                           if error.path == p or error.path.startswith(p + "/")), None)
            if dotted is None:
                raise
            raise ScenarioError(f"{error} (the value given for {dotted!r})", error.source,
                                error.path) from None

    # -- Python protocol --------------------------------------------------------------------

    def __repr__(self) -> str:
        return (
            f"<Scenario {self.name!r}: {self.days} days, {self.technicians} technicians, "
            f"{self.zones} zones>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._document == other._document and self.base_dir == other.base_dir

    __hash__ = None  # type: ignore[assignment]  # equal by content, yet not a value type

    def __reduce__(self) -> tuple[Any, ...]:
        # The engine's object does not pickle; the document does, and is
        # validated again on arrival (e.g. on a Dask worker).
        return (Scenario, (self._document, self.source, str(self.base_dir)))


#: What :func:`load` (and so run and sweep) accept as a scenario.
ScenarioLike = Scenario | PathLike | Mapping[str, Any]


def _set_path(document: dict[str, Any], dotted: str, value: Any, source: str) -> str:
    """Set one dotted path of `document` in place. List entries must exist; a
    key an object lacks is added (a setting left at its default, such as
    ``dispatch.escalation_lead_min``; the engine refuses one it does not know).
    Returns the JSON pointer of the value set (list entries by index, as the
    engine names them) and that of the first key added, or ""."""
    keys = dotted.split(".")
    node: Any = document
    steps: list[str] = []  # the pointer's steps, list entries by index
    added = ""
    for depth, key in enumerate(keys):
        parent = "/" + "/".join(keys[:depth])
        pointer = "/" + "/".join(keys[: depth + 1])
        if isinstance(node, list):
            key = _list_index(node, key)  # type: ignore[assignment]
            if key is None:
                raise _unknown(source, pointer, dotted, _list_hint(node, parent))
        elif not isinstance(node, dict):
            raise _unknown(source, pointer, dotted, f"{parent} is a single value")
        elif key not in node:
            added = added or "/" + "/".join([*steps, key])
            node[key] = {}
        steps.append(str(key))
        if depth == len(keys) - 1:
            node[key] = _json_value(value, source, pointer)
        else:
            node = node[key]
    return "/" + "/".join(steps), added


def _list_index(items: list[Any], key: str) -> int | None:
    """An element of a list by its index, or by its "name" (a shift group's, a district's)."""
    if key.isdigit():
        return int(key) if int(key) < len(items) else None
    named = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("name") == key]
    return named[0] if len(named) == 1 else None


def _list_hint(items: list[Any], parent: str) -> str:
    names = [item["name"] for item in items if isinstance(item, dict) and "name" in item]
    by_name = f" or a name: {', '.join(map(str, names))}" if names else ""
    return f"{parent} is a list of {len(items)}: an index 0 .. {len(items) - 1}{by_name}"


def _json_value(value: Any, source: str, pointer: str) -> Any:
    try:
        return json.loads(_to_json_text(value))
    except (TypeError, ValueError) as error:
        message = f"{source}: {pointer}: expected a JSON value, got {value!r} ({error})"
        raise ScenarioError(message, source, pointer) from None


def _unknown(source: str, pointer: str, dotted: str, found: str) -> ScenarioError:
    message = f"{source}: {pointer}: no such setting ({dotted!r}): {found}"
    return ScenarioError(message, source, pointer)


def load(scenario: ScenarioLike, *, base_dir: PathLike | None = None) -> Scenario:
    """Load and validate a scenario.

    Parameters
    ----------
    scenario : str, path-like, Mapping or Scenario
        A scenario JSON file, or a document as a dict. Its ``"extends"``
        files are merged in as RFC 7386 merge patches under the document.
        A Scenario is returned as it is.
    base_dir : str or path-like, optional
        For a dict: where its ``"extends"`` and other file names are looked
        up (default: the working directory). For a file: its own directory,
        always.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        If the file is missing or unreadable, or the scenario is invalid;
        ``error.path`` is the JSON pointer of the offending value, e.g.
        ``/orders/1/work_time/mean_min``.

    Examples
    --------
    >>> import fieldsim
    >>> s = fieldsim.load("scenarios/refcity/month.json")  # doctest: +SKIP
    >>> s.name, s.days, s.technicians  # doctest: +SKIP
    ('refcity-month', 30, 130)
    """
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return _load_document(scenario, Path(base_dir) if base_dir is not None else Path("."))
    return _load_file(os.fspath(scenario))


def _load_file(path: str) -> Scenario:
    if not os.path.isfile(path):
        raise ScenarioError(f"{path}: no such scenario file", path, "")
    document = json.loads(_core.resolve_document(path))
    try:
        return Scenario(document, path, Path(path).parent)
    except ScenarioError as error:
        origin = _origin(path, _pointer_tokens(error.path)) if error.path else None
        if origin is None or origin == path:
            raise
        # The value came from a file this one extends: name that file.
        raise ScenarioError(origin + str(error)[len(path):], origin, error.path) from None


def _pointer_tokens(pointer: str) -> list[str]:
    """RFC 6901: "/a~1b/0" -> ["a/b", "0"]."""
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _origin(path: str, tokens: list[str]) -> str | None:
    """The file whose value is at `tokens` in `path` merged with what it
    extends (RFC 7386: an object merges key by key, anything else replaces
    the whole), or None if no file of the chain sets it."""
    with open(path, encoding="utf-8") as handle:  # read and checked by the engine already
        node: Any = json.load(handle)
    bases = [os.path.normpath(os.path.join(os.path.dirname(path), entry))
             for entry in node.get("extends", [])]
    for token in tokens:
        if not isinstance(node, dict):
            return path  # an array or a value this file set whole
        if token not in node:
            # The last base that sets it wins, as the last merged.
            return next((o for o in map(lambda base: _origin(base, tokens), reversed(bases))
                         if o is not None), None)
        node = node[token]
    return path


def _load_document(document: Mapping[str, Any], base_dir: Path) -> Scenario:
    if "extends" in document:
        text = _core.resolve_extends(_document_text(document, _DICT_SOURCE), str(base_dir),
                                     _DICT_SOURCE)
        document = json.loads(text)
    return Scenario(document, _DICT_SOURCE, base_dir)

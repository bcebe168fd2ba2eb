"""The cheapest plan that meets its targets, with stated confidence.

Every candidate plan runs replications 0, 1, 2, ... of the same seed, so
replication r sees the same orders everywhere (common random numbers) and
comparisons are paired. Three pieces (:mod:`fieldsim.selection`):

1. Feasibility: a candidate gets replications until each constraint's
   running sum leaves the Andradottir-Kim triangle around its target, or
   its t interval lies wholly on one side of the limit (or the budget is
   spent: undecided, treated as infeasible; the result is then not
   certified if such a candidate may be cheaper than the plan:
   ``OptimiseResult.undecided`` says how many replications would decide it).
2. Search: the first decision is monotone (more technicians never raise a
   breach rate in expectation), so for each combination of the other
   decisions a bisection finds its smallest feasible value, and every
   larger value is feasible too. From there the search walks up while the
   first-stage mean objective falls (it assumes the objective is unimodal
   along the monotone decision once feasible).
3. Selection: Kim-Nelson fully sequential elimination among those
   candidates with an indifference zone in the objective's unit (CNY).
4. Certification: the chosen plan gets replications (three first stages at
   least) until each constraint's one-sided upper bound is under its limit;
   if the budget runs out first it is rejected with every smaller value of
   its level, that level is searched again above it, and the selection
   runs again. Breach rates are skewed (most replications calm, a few very
   bad): a calm start can pass the sequential check of step 1.

A lateness quantile (``lateness_p90_min`` ..., NaN in a replication without a
late order) is read as summaries read it, over the replications with a late
order; with fewer of them than a first stage once the budget is spent, their
mean is held against the limit (none: no order was late, so none too late).

Half the error goes to feasibility, split evenly over every candidate of
the grid and every constraint (Bonferroni, as Batur & Kim's procedure F_B
does for systems sharing random numbers: the search may check any of them,
and a wrong verdict on any one can decide the plan), half to selection.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from fieldsim import _core, outputs, selection
from fieldsim.progress import ProgressBar, ProgressCallback
from fieldsim.runner import MAX_REPLICATIONS, check_run_size, progress_callback, run_raw
from fieldsim.scenario import Scenario, ScenarioLike, load
from fieldsim.selection import FEASIBLE, INFEASIBLE, UNDECIDED
from fieldsim.sweep import MAX_POINTS, GridTooLarge, grid_axes

_LATE_QUANTILES = outputs.late_quantiles()


def _read(values: np.ndarray, name: str) -> np.ndarray:
    """Output `name` over replications, as summaries read it: over those where
    it is defined (a lateness quantile with a late order, a mean turnaround
    with a finished order)."""
    column = values[:, _OUTPUT_INDEX[name]]
    return column[~np.isnan(column)]

if TYPE_CHECKING:
    from distributed import Client
    from matplotlib.axes import Axes

Key = tuple[Any, ...]
#: A candidate above a level's smallest feasible value: feasible by monotonicity.
IMPLIED = "implied"
#: A chosen plan whose constraints' upper bounds did not fall under the limits.
REJECTED = "rejected"
#: A candidate whose objective was estimated but not its feasibility.
UNCHECKED = "unchecked"
_OUTPUT_INDEX = {name: i for i, name in enumerate(_core.OUTPUT_NAMES)}


@dataclass(frozen=True)
class Settings:
    """What the procedure was asked for (all resolved; see :func:`optimise`)."""

    decisions: dict[str, list[Any]]
    constraints: dict[str, float]
    tolerances: dict[str, float]
    objective: str
    confidence: float
    indifference: float
    first_stage: int
    max_replications: int
    seed: int


def optimise(
    scenario: ScenarioLike,
    decisions: Mapping[str, Iterable[Any]],
    constraints: Mapping[str, float] | Sequence[tuple[str, str, float]],
    objective: str = "total_cost_cny",
    *,
    confidence: float = 0.95,
    indifference_cny: float | None = None,
    tolerance: float | Mapping[str, float] = 0.1,
    first_stage: int = 20,
    max_replications: int = 400,
    seed: int = 1,
    threads: int | None = None,
    client: Client | None = None,
    progress: bool | Callable[[OptimiseProgress], object] = True,
) -> OptimiseResult:
    """The plan with the smallest expected objective among those meeting every constraint.

    Parameters
    ----------
    scenario : Scenario, str, path-like or Mapping
        The base scenario.
    decisions : Mapping[str, Iterable]
        Setting paths and the values to choose from, as a sweep grid. The
        first is the monotone one: raising it never raises a constrained
        output in expectation (e.g. ``technicians.count``).
    constraints : Mapping[str, float] or sequence of (output, op, limit)
        Upper limits on outputs' means, e.g. ``{"breach_rate_install":
        0.02}``; the CLI's parsed ``--target`` triples are accepted too.
    objective : str, default "total_cost_cny"
        The output to minimise.
    confidence : float, default 0.95
        The probability, under the procedure's assumptions (normal
        replication means), that the chosen plan is feasible and within
        the indifference zone of the best plan at least two tolerances
        under every limit (plans nearer a limit may be judged either way),
        when every check decides within ``max_replications``: see
        ``OptimiseResult.certified``.
    indifference_cny : float, optional
        Objective differences smaller than this may go either way
        (default: 0.2 % of the first-stage objective of the first
        candidate).
    tolerance : float or Mapping[str, float], default 0.1
        Per constraint (a share of its limit, or a mapping output ->
        absolute tolerance): a plan whose mean lies within two tolerances
        under the limit may be judged infeasible; one above the limit is
        judged feasible with probability at most the error.
    first_stage : int, default 20
        Replications every candidate gets first (variance estimates).
    max_replications : int, default 400
        The most replications any one candidate gets. A feasibility check
        still undecided then reads as infeasible; if that candidate may be
        cheaper than the plan the result is not certified, and
        ``OptimiseResult.undecided`` gives the replications that would
        decide it.
    seed : int, default 1
        The seed of every candidate (common random numbers).
    threads : int, optional
        Engine threads for local runs; default all cores.
    client : distributed.Client, optional
        Run the replications on a Dask cluster instead; the answer is the same.
    progress : bool or callable, default True
        A progress bar on standard error (local runs only) of the
        candidate running now, with its values and the candidates and
        replications run so far; or a callback given an
        :class:`OptimiseProgress` before each candidate's run. The search's
        length is not known ahead, so there is no fraction of the whole as
        :func:`fieldsim.sweep` gives. Results do not depend on it.

    Returns
    -------
    OptimiseResult
        ``.plan``, ``.constraints``, ``.runner_up``, ``.candidates`` and
        ``.plot_frontier()``.

    Raises
    ------
    ScenarioError
        If a decision's value makes an invalid scenario (every point is
        checked before the first run).
    ValueError
        If an argument is out of range or names no output, or
        (:class:`~fieldsim.sweep.GridTooLarge`) the decisions make more than
        10,000 candidates: each one's scenario is built and checked up front.

    Notes
    -----
    Validated by ``benchmarks/optimise_validation.py`` on refcity-month
    with 8,000 CNY a technician a month, technicians 110..160 in steps of
    5 x premium 0/10/20/30, both breach rates <= 2 %, the defaults and a
    4,000 CNY zone, against a truth of 2,000 replications a point: in 97
    of 100 runs with independent seeds the plan was truly feasible and
    within the zone of the best plan two tolerances under the limits
    (Clopper-Pearson 95 % CI 91.5-99.4 %; all 100 truly feasible), with
    2,874 replications a run on average (at most 4,033). Those seeds were
    kind: over 340 seeds the best plan (135 technicians, premium 10) was
    left undecided at 400 replications in 27 (8 %), where the result is
    not certified (``certified``; its check needs about 3,000). Equal allocation
    over the 44 points needs 8,800-11,000 replications for that rate
    (3.1-3.8x; 8,360 for 95 %). The cheapest truly feasible plan (120
    technicians at premium 30, install breaches 1.90 % +- 0.16 %) lies in
    the tolerance band and was never chosen.

    Examples
    --------
    >>> result = fieldsim.optimise(  # doctest: +SKIP
    ...     "scenarios/examples/city-month.json",
    ...     decisions={"technicians.groups.0.count": range(150, 231, 10),
    ...                "evening.premium_cny": [0, 10, 20, 30]},
    ...     constraints={"breach_rate_install": 0.02, "breach_rate_repair": 0.04},
    ...     indifference_cny=2000)
    >>> result.plan  # doctest: +SKIP
    """
    base = load(scenario)
    settings = _settings(decisions, constraints, objective, confidence, indifference_cny,
                         tolerance, first_stage, max_replications, seed)
    started = time.perf_counter()
    with progress_callback(progress if client is None else False, base.name,
                           by_part=True) as report:
        search = _Search(base, settings, _Evaluator(base, settings, threads, client, report))
        search.run()
    return search.result(time.perf_counter() - started)


@dataclass(frozen=True)
class OptimiseProgress:
    """Where :func:`optimise` is, given to its progress callback before each run.

    Attributes
    ----------
    candidates : int
        Candidates that have run so far.
    replications : int
        Replications run so far, over every candidate.
    candidate : dict
        Decision path -> value of the candidate about to run.
    count : int
        The replications it runs now.
    """

    candidates: int
    replications: int
    candidate: dict[str, Any]
    count: int

    def __str__(self) -> str:
        # What runs now first: a narrow terminal cuts the line's end.
        values = ", ".join(map(str, self.candidate.values()))
        return (f"now {values} (+{self.count:,}); {self.candidates:,} "
                f"candidate{'s' * (self.candidates != 1)} run, "
                f"{self.replications:,} replications")


def _settings(decisions: Mapping[str, Iterable[Any]],
              constraints: Mapping[str, float] | Sequence[tuple[str, str, float]],
              objective: str, confidence: float, indifference: float | None,
              tolerance: float | Mapping[str, float], first_stage: int,
              max_replications: int, seed: int) -> Settings:
    axes = _decision_axes(decisions)
    limits = _limits(constraints)
    outputs.check_names([objective, *limits])
    if objective in _LATE_QUANTILES:  # undefined in calm replications: nothing to pair
        raise ValueError(f"objective {objective!r} is a lateness quantile, missing in a "
                         "replication without a late order: use it as a constraint")
    if not 0.5 <= confidence < 1:
        raise ValueError(f"confidence must be in [0.5, 1), got {confidence}")
    if not 3 <= first_stage <= MAX_REPLICATIONS:
        raise ValueError(f"first_stage (--first-stage) must be in [3, {MAX_REPLICATIONS}], "
                         f"got {first_stage}")
    if not first_stage <= max_replications <= MAX_REPLICATIONS:
        raise ValueError(f"max_replications (--max-replications) must be in [first_stage "
                         f"(--first-stage, {first_stage}), {MAX_REPLICATIONS}], "
                         f"got {max_replications}")
    if indifference is not None and not indifference > 0:
        raise ValueError(f"indifference_cny must be positive, got {indifference}")
    return Settings(axes, limits, _tolerances(limits, tolerance), objective, confidence,
                    math.nan if indifference is None else float(indifference), first_stage,
                    max_replications, seed)


def _decision_axes(decisions: Mapping[str, Iterable[Any]]) -> dict[str, list[Any]]:
    """The decisions' values. The bisection runs few candidates, but every one's
    scenario is built and checked before the first run (_Evaluator): a grid
    that size is as much a slip as in a sweep."""
    try:
        return grid_axes(decisions)
    except GridTooLarge as error:
        raise GridTooLarge(error.sizes, f"optimise: a decision grid of {error.size('candidates')} "
                           f"is more than the {MAX_POINTS:,} optimise takes (it builds and checks "
                           "every candidate's scenario before the first run); use coarser steps "
                           "or fewer values") from None


def _limits(constraints: Mapping[str, float] | Sequence[tuple[str, str, float]]) -> dict[str, float]:
    if isinstance(constraints, Mapping):
        limits = {str(k): float(v) for k, v in constraints.items()}
    else:
        # An upper limit on a mean: "<" and "<=" differ by a set of measure zero.
        for output, op, _ in constraints:
            if op not in ("<", "<="):
                raise ValueError(f"constraint on {output}: expected an upper limit ('<' or "
                                 f"'<='), got {op!r}")
        limits = {output: float(limit) for output, _, limit in constraints}
        if len(limits) < len(constraints):
            repeated = sorted({o for o, _, _ in constraints
                               if sum(c[0] == o for c in constraints) > 1})
            raise ValueError(f"each output may have one target (--target) only; "
                             f"{', '.join(repeated)} has more")
    if not limits:
        raise ValueError("optimise needs at least one constraint")
    return limits


def _tolerances(limits: Mapping[str, float], tolerance: float | Mapping[str, float]) -> dict[str, float]:
    if isinstance(tolerance, Mapping):
        missing = set(limits) - set(tolerance)
        if missing:
            raise ValueError(f"tolerance: none given for {', '.join(sorted(missing))}")
        tolerances = {k: float(tolerance[k]) for k in limits}
    else:
        tolerances = {k: float(tolerance) * abs(v) for k, v in limits.items()}
    bad = {k: v for k, v in tolerances.items() if not v > 0}
    if bad:
        raise ValueError(f"every constraint needs a positive tolerance; got {bad} (a limit "
                         "of 0 needs an absolute one, tolerance={output: value} in Python; "
                         "on the command line give a small positive limit, e.g. <=0.001)")
    return tolerances


class _Evaluator:
    """Replications 0..n-1 of every candidate, run on demand and kept."""

    def __init__(self, base: Scenario, settings: Settings, threads: int | None,
                 client: Client | None,
                 progress: ProgressBar | Callable[[OptimiseProgress], object] | None = None,
                 ) -> None:
        self.settings = settings
        self.threads = threads
        self.client = client
        self.progress = progress
        self.names = list(settings.decisions)
        keys = list(itertools.product(*settings.decisions.values()))
        # Every point is built (and so validated) before the first run.
        self.scenarios = {key: base.with_(dict(zip(self.names, key))) for key in keys}
        for point in self.scenarios.values():
            check_run_size(point, settings.max_replications)
        self.values: dict[Key, np.ndarray] = {}

    def count(self, key: Key) -> int:
        values = self.values.get(key)
        return 0 if values is None else len(values)

    def ensure(self, keys: Iterable[Key], n: int) -> None:
        """Run what is missing for each of `keys` to have `n` replications (at most the budget)."""
        n = min(n, self.settings.max_replications)
        wanted = [(key, self.count(key), n - self.count(key)) for key in keys
                  if self.count(key) < n]
        if not wanted:
            return
        parts = self._run(wanted)
        for (key, _, _), part in zip(wanted, parts):
            old = self.values.get(key)
            new = np.asarray(part["values"], dtype="float64")
            self.values[key] = new if old is None else np.vstack([old, new])

    def _run(self, wanted: list[tuple[Key, int, int]]) -> Iterable[dict[str, Any]]:
        seed = self.settings.seed
        if self.client is None:
            # Lazily: each candidate's run is kept (ensure) before the next is announced.
            return (run_raw(self.scenarios[key], count, seed, first_replication=first,
                            threads=self.threads, progress=self._announce(key, count))
                    for key, first, count in wanted)
        from fieldsim.distributed import run_ranges

        return run_ranges(self.client, [(self.scenarios[key], first, count)
                                        for key, first, count in wanted], seed)

    def _announce(self, key: Key, count: int) -> ProgressCallback | None:
        """Tell the progress which candidate runs now; the engine's callback for
        its run (a bar shows its share; a callback has the status only)."""
        if self.progress is None:
            return None
        status = OptimiseProgress(len(self.values), sum(map(len, self.values.values())),
                                  dict(zip(self.names, key)), count)
        if isinstance(self.progress, ProgressBar):
            self.progress.status = str(status)
            return self.progress.part(0.0, 1.0)
        self.progress(status)
        return None

    def output(self, key: Key, name: str) -> np.ndarray:
        return _read(self.values[key], name)


@dataclass
class _Search:
    base: Scenario
    settings: Settings
    evaluator: _Evaluator
    verdicts: dict[Key, str] = field(default_factory=dict)
    smallest: dict[Key, Any] = field(default_factory=dict)
    candidates: list[Key] = field(default_factory=list)
    eliminated_at: dict[Key, int] = field(default_factory=dict)
    chosen: Key | None = None

    @property
    def alpha(self) -> float:
        return 1 - self.settings.confidence

    @property
    def feasibility_alpha(self) -> float:
        """The error of one candidate's check of one constraint."""
        checks = len(self.evaluator.scenarios) * len(self.settings.constraints)
        return self.alpha / 2 / checks

    @property
    def ladder(self) -> list[Any]:
        return sorted(next(iter(self.settings.decisions.values())))

    def run(self) -> None:
        _, *others = self.settings.decisions
        for level in itertools.product(*(self.settings.decisions[o] for o in others)):
            self._search_level(level, 0)
        while self.candidates:
            self._select()
            if self._certified(self.chosen):
                return
            self._reject(self.chosen)
        self.chosen = None

    def _search_level(self, level: Key, start: int) -> None:
        """Bisect the ladder from index `start` up, and add the level's candidates."""
        ladder = self.ladder
        lowest = self._bisect(level, ladder[start:])
        if lowest is None:
            self.smallest.pop(level, None)
            return
        self.smallest[level] = ladder[start + lowest]
        self.candidates += self._walk_up(level, ladder, start + lowest)

    def _certified(self, key: Key) -> bool:
        """The chosen plan's last test: replications added (from three first
        stages on) until every constraint's one-sided upper bound is under its
        limit, or the budget is spent. A skewed output (most replications
        calm, a few very bad) can pass the sequential check on a calm start;
        the bound over many more replications catches it."""
        settings, evaluator = self.settings, self.evaluator
        alpha = self.alpha / 2 / len(settings.constraints)
        start = min(3 * settings.first_stage, settings.max_replications)
        schedule = [n for n in selection.looks(settings.first_stage, settings.max_replications)
                    if n >= start]
        if not schedule or schedule[-1] < settings.max_replications:
            schedule.append(settings.max_replications)
        for j, n in enumerate(schedule):
            evaluator.ensure([key], n)
            last = j == len(schedule) - 1
            # The looks' errors halve, so that together they spend no more than alpha.
            if all(self._bounded(evaluator.output(key, name), limit, alpha / 2 ** (j + 1), last)
                   for name, limit in settings.constraints.items()):
                return True
        return False

    def _bounded(self, values: np.ndarray, limit: float, alpha: float, last: bool) -> bool:
        """The one-sided upper bound under the limit (a lateness quantile with
        fewer late replications than a first stage: their mean, once all are in)."""
        if len(values) < self.settings.first_stage:
            return last and self._few_within(values, limit)
        return selection.upper_bound(values, alpha) <= limit

    def _reject(self, key: Key) -> None:
        """A plan that failed certification, and every smaller one of its level,
        is infeasible: search its level again above it."""
        self.verdicts[key] = REJECTED
        level = key[1:]
        self.candidates = [k for k in self.candidates if k[1:] != level]
        self.eliminated_at = {k: v for k, v in self.eliminated_at.items() if k[1:] != level}
        start = self.ladder.index(key[0]) + 1
        if start < len(self.ladder):
            self._search_level(level, start)
        else:
            self.smallest.pop(level, None)

    def _key(self, value: Any, level: Key) -> Key:
        return (value, *level)

    def _bisect(self, level: Key, ladder: list[Any]) -> int | None:
        """The index of the smallest feasible value on `ladder`, or None."""
        if not ladder or not self._feasible(self._key(ladder[-1], level)):
            return None
        infeasible, feasible = -1, len(ladder) - 1
        while feasible - infeasible > 1:
            middle = (infeasible + feasible) // 2
            if self._feasible(self._key(ladder[middle], level)):
                feasible = middle
            else:
                infeasible = middle
        return feasible

    def _feasible(self, key: Key) -> bool:
        """The sequential check of every constraint, replications added until it decides."""
        if key in self.verdicts and self.verdicts[key] != IMPLIED:
            return self.verdicts[key] == FEASIBLE
        settings, evaluator = self.settings, self.evaluator
        schedule = selection.looks(settings.first_stage, settings.max_replications)
        schedule.append(settings.max_replications)
        for n in schedule:
            evaluator.ensure([key], n)
            verdict = selection.combine([
                self._check(key, name, limit, last=n == schedule[-1])
                for name, limit in settings.constraints.items()])
            if verdict.verdict != UNDECIDED:
                break
        self.verdicts[key] = verdict.verdict
        return verdict.verdict == FEASIBLE

    def _check(self, key: Key, name: str, limit: float, last: bool) -> selection.Verdict:
        """One constraint's verdict on the replications so far (`last`: all
        there will be). A lateness quantile is read, as summaries read it,
        over the replications with a late order; with fewer of them than a
        first stage once all are in, their mean is held against the limit
        (none: no order was late, and none was too late)."""
        settings = self.settings
        values = self.evaluator.output(key, name)
        if len(values) < settings.first_stage:  # a lateness quantile's few late replications
            if not last:
                return selection.Verdict(UNDECIDED, len(values))
            return selection.Verdict(FEASIBLE if self._few_within(values, limit) else INFEASIBLE,
                                     len(values))
        return selection.check_feasibility(values, limit, settings.tolerances[name],
                                           self.feasibility_alpha, settings.first_stage)

    @staticmethod
    def _few_within(values: np.ndarray, limit: float) -> bool:
        """Too few replications to test: none (no order was late, so none was
        too late), or their mean within the limit."""
        return len(values) == 0 or float(values.mean()) <= limit

    def _walk_up(self, level: Key, ladder: list[Any], lowest: int) -> list[Key]:
        """From the smallest feasible value up while the first-stage objective falls,
        and one value past that."""
        keys = [self._key(ladder[lowest], level)]
        for value in ladder[lowest + 1:]:
            key = self._key(value, level)
            self.evaluator.ensure([key], self.settings.first_stage)
            self.verdicts.setdefault(key, IMPLIED)
            keys.append(key)
            if self._first_stage_mean(key) >= self._first_stage_mean(keys[-2]):
                break
        return keys

    def _first_stage_mean(self, key: Key) -> float:
        values = self.evaluator.output(key, self.settings.objective)
        return float(values[: self.settings.first_stage].mean())

    def _select(self) -> None:
        settings, evaluator = self.settings, self.evaluator
        n0 = settings.first_stage
        objective = settings.objective
        if math.isnan(settings.indifference):
            zone = 0.002 * abs(self._first_stage_mean(self.candidates[0])) or 1.0
            self.settings = _with_zone(settings, zone)
        keys = self.candidates
        self.eliminated_at = {}
        first = np.column_stack([evaluator.output(k, objective)[:n0] for k in keys])
        elimination = selection.Elimination(first, self.settings.indifference, self.alpha / 2)
        r = n0
        while elimination.alive.sum() > 1 and r <= settings.max_replications:
            alive = [k for k, a in zip(keys, elimination.alive) if a]
            # Batches of replications, then one elimination step per replication.
            evaluator.ensure(alive, r + max(2, n0 // 2) - 1)
            top = min(evaluator.count(k) for k in alive)
            if top < r:
                break  # the budget is spent
            sums = np.column_stack([
                np.cumsum(evaluator.output(k, objective)[:top])
                if a else np.full(top, np.inf) for k, a in zip(keys, elimination.alive)])
            for step in range(r, top + 1):
                if elimination.step(sums[step - 1] / step, step).sum() <= 1:
                    break
            r = top + 1
        for key, alive, at in zip(keys, elimination.alive, elimination.eliminated_at):
            if not alive:
                self.eliminated_at[key] = int(at)
        survivors = [k for k, a in zip(keys, elimination.alive) if a]
        self.chosen = min(survivors, key=lambda k: evaluator.output(k, objective).mean())

    def result(self, elapsed_s: float) -> OptimiseResult:
        return OptimiseResult(self.base, self.settings, self.evaluator.names,
                              dict(self.evaluator.values), dict(self.verdicts),
                              dict(self.smallest), list(self.candidates),
                              dict(self.eliminated_at), self.chosen, elapsed_s,
                              self.feasibility_alpha)


def _with_zone(settings: Settings, zone: float) -> Settings:
    return Settings(**{**settings.__dict__, "indifference": zone})


@dataclass(frozen=True, eq=False)
class OptimiseResult:
    """What :func:`optimise` found.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    settings : Settings
        The decisions, constraints, objective, confidence, indifference
        zone (resolved), tolerances, budgets and seed.
    decisions : list of str
        The decision paths, the monotone one first.
    values : dict
        Candidate (a tuple of decision values) -> its replications x
        outputs array, replication r in row r.
    verdicts : dict
        Candidate -> feasible, infeasible, undecided (budget spent: treated
        as infeasible), implied (above a feasible value) or rejected (chosen,
        then failed certification).
    smallest : dict
        Level of the other decisions -> the smallest feasible value of the
        monotone decision.
    finalists : list
        The candidates the selection compared.
    eliminated_at : dict
        Finalist -> the replication count at which it was eliminated.
    chosen : tuple or None
        The plan; None when no candidate is feasible.
    elapsed_s : float
        Wall-clock seconds.
    feasibility_alpha : float
        The error of one candidate's check of one constraint.
    """

    scenario: Scenario
    settings: Settings
    decisions: list[str]
    values: dict[Key, np.ndarray] = field(repr=False)
    verdicts: dict[Key, str] = field(repr=False)
    smallest: dict[Key, Any] = field(repr=False)
    finalists: list[Key] = field(repr=False)
    eliminated_at: dict[Key, int] = field(repr=False)
    chosen: Key | None
    elapsed_s: float
    feasibility_alpha: float

    def _output(self, key: Key, name: str) -> np.ndarray:
        return _read(self.values[key], name)

    def _interval(self, key: Key, name: str) -> selection.Interval:
        return selection.interval(self._output(key, name), self.settings.confidence)

    @property
    def replications_used(self) -> int:
        """Replications run in all, over every candidate."""
        return sum(len(v) for v in self.values.values())

    @property
    def runner_up_key(self) -> Key | None:
        """The finalist with the next smallest mean objective."""
        others = [k for k in self.finalists if k != self.chosen]
        if not others:
            return None
        return min(others, key=lambda k: self._output(k, self.settings.objective).mean())

    def _settings_row(self, key: Key) -> dict[str, Any]:
        return dict(zip(self.decisions, key))

    def _ci_row(self, key: Key, name: str) -> dict[str, Any]:
        ci = self._interval(key, name)
        top = outputs.upper_bound(name)  # clipped as run's intervals are
        return {"mean": ci.mean, "ci_lo": min(max(ci.lo, 0.0), top),
                "ci_hi": min(max(ci.hi, 0.0), top), "replications": ci.n}

    @property
    def plan(self) -> pd.DataFrame:
        """The chosen plan: its settings, the objective's mean and CI, and
        its replications (no rows when nothing is feasible)."""
        columns = [*self.decisions, "objective", "mean", "ci_lo", "ci_hi", "replications"]
        if self.chosen is None:
            return pd.DataFrame(columns=columns)
        row = {**self._settings_row(self.chosen), "objective": self.settings.objective,
               **self._ci_row(self.chosen, self.settings.objective)}
        return pd.DataFrame([row], columns=columns)

    @property
    def constraints(self) -> pd.DataFrame:
        """One row per constraint of the chosen plan: ``output``, ``limit``,
        ``mean``, ``ci_lo``, ``ci_hi`` (at the confidence asked) and
        ``replications``."""
        columns = ["output", "limit", "mean", "ci_lo", "ci_hi", "replications"]
        if self.chosen is None:
            return pd.DataFrame(columns=columns)
        rows = [{"output": name, "limit": limit, **self._ci_row(self.chosen, name)}
                for name, limit in self.settings.constraints.items()]
        return pd.DataFrame(rows, columns=columns)

    @property
    def runner_up(self) -> pd.DataFrame:
        """The runner-up's settings and objective, and the paired difference
        (runner-up minus plan) with its CI over the replications both have."""
        columns = [*self.decisions, "mean", "difference", "difference_lo", "difference_hi",
                   "paired_replications"]
        other = self.runner_up_key
        if other is None or self.chosen is None:
            return pd.DataFrame(columns=columns)
        objective = self.settings.objective
        diff = selection.paired_interval(self._output(other, objective),
                                         self._output(self.chosen, objective),
                                         self.settings.confidence)
        row = {**self._settings_row(other), "mean": self._output(other, objective).mean(),
               "difference": diff.mean, "difference_lo": diff.lo, "difference_hi": diff.hi,
               "paired_replications": diff.n}
        return pd.DataFrame([row], columns=columns)

    @property
    def undecided(self) -> pd.DataFrame:
        """The candidates whose feasibility the budget left undecided (read as
        infeasible): settings, ``replications``, ``needed`` (the replications
        by which the check would decide: where its triangle closes, at the
        variance seen so far), ``objective_difference`` (its mean objective
        minus the plan's, over the replications both have) and
        ``may_be_cheaper`` (that difference under the indifference zone, or
        no plan). Such a candidate voids the statement that the plan is the
        cheapest: see :attr:`certified`."""
        columns = [*self.decisions, "replications", "needed", "objective_difference",
                   "may_be_cheaper"]
        rows = [self._undecided_row(key) for key, verdict in self.verdicts.items()
                if verdict == UNDECIDED]
        return pd.DataFrame(rows, columns=columns)

    def _undecided_row(self, key: Key) -> dict[str, Any]:
        settings = self.settings
        needed = max(selection.replications_to_decide(
            self._output(key, name), settings.tolerances[name], self.feasibility_alpha,
            settings.first_stage) for name in settings.constraints)
        difference = math.nan
        if self.chosen is not None:
            difference = selection.paired_interval(
                self._output(key, settings.objective),
                self._output(self.chosen, settings.objective), settings.confidence).mean
        return {**self._settings_row(key), "replications": len(self.values[key]),
                "needed": needed, "objective_difference": difference,
                "may_be_cheaper": not difference >= settings.indifference}

    @property
    def certified(self) -> bool:
        """Whether the confidence statement holds: a plan was found and no
        candidate the budget left undecided may be cheaper than it (else
        raise ``max_replications`` to :attr:`undecided`'s ``needed``)."""
        return self.chosen is not None and not self.undecided["may_be_cheaper"].any()

    @property
    def candidates(self) -> pd.DataFrame:
        """Every candidate that ran: settings, ``verdict``, ``finalist``,
        ``eliminated_at``, ``replications``, and the mean of the objective
        and of each constrained output; sorted by the decisions."""
        rows = []
        for key, values in self.values.items():
            row = {**self._settings_row(key), "verdict": self.verdicts.get(key, UNCHECKED),
                   "finalist": key in self.finalists, "chosen": key == self.chosen,
                   "eliminated_at": self.eliminated_at.get(key, pd.NA),
                   "replications": len(values)}
            for name in [self.settings.objective, *self.settings.constraints]:
                row[name] = self._output(key, name).mean()
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame["eliminated_at"] = frame["eliminated_at"].astype("Int64")
        return frame.sort_values(self.decisions[::-1], kind="stable").reset_index(drop=True)

    def plot_frontier(self, constraint: str | None = None, *, ax: Axes | None = None) -> Axes:
        """Objective against a constrained output for every candidate; see
        :func:`fieldsim.plots.frontier`."""
        from fieldsim.plots import frontier

        return frontier(self, constraint, ax=ax)

    def __repr__(self) -> str:
        plan = "none feasible" if self.chosen is None else str(self._settings_row(self.chosen))
        return (f"<OptimiseResult {self.scenario.name!r}: {plan}, "
                f"{len(self.values)} candidates, {self.replications_used} replications>")


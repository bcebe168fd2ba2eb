"""Calibration: fit a scenario's demand and work times to a branch's order log.

``fieldsim.calibrate(log, base)`` reads an order log (:mod:`fieldsim.orderlog`, format in
docs/calibration.md) and fits

- **arrival rates** by district x kind x product x class (orders per day, with CIs that allow
  for busy and quiet days), the **hourly profile** of each district x kind, the hour-of-week
  rates (a table: the engine's streams have one profile for every day of the week) and the
  **zone weights** within each district;
- the **day factor**: the engine multiplies every stream's rate on a day by a lognormal factor
  of mean 1 and sd ``s``, so a day's count N has Var N = E N + s^2 (E N)^2; ``s`` is the
  method-of-moments estimate from the overdispersion of the daily counts (holidays excluded),
  its CI by resampling days;
- **work times** per kind x product (on-site end - start, where the log has them): lognormal by
  maximum likelihood (``scipy.stats.lognorm.fit``), mean and sd in minutes with delta-method
  CIs, and a Kolmogorov-Smirnov distance as a goodness-of-fit figure.

The result's ``scenario`` is a fragment with the existing scenario keys (``orders`` streams with
``per_day``, 24-entry ``profile``, ``zones`` weights, ``product``, ``class`` weights,
``work_time`` lognormal ``mean_min`` / ``sd_min``; ``demand.day_factor``) that ``extends`` the
base scenario.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fieldsim import _core
from fieldsim.calibrate_technicians import (break_windows, evening_days, evening_fragment,
                                            fit_evening, fit_travel_scale, job_pairs)
from fieldsim.orderlog import OrderLog, OrderLogError, read_order_log, screen
from fieldsim.scenario import Scenario, load

__all__ = ["Calibration", "calibrate"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class Calibration:
    """What :func:`calibrate` fitted.

    Attributes
    ----------
    scenario : dict
        The scenario fragment: ``extends`` (the base, when given), ``demand.day_factor`` and the
        fitted ``orders`` streams (one per district x kind x product).
    parameters : pandas.DataFrame
        Every fitted parameter: ``parameter``, ``group``, ``estimate``, ``lo``, ``hi``, ``n``.
    rates : pandas.DataFrame
        Orders per day by district x kind x product x class, with CIs.
    profiles : pandas.DataFrame
        Hourly profile by district x kind: ``orders``, ``share`` of the day's orders, CI.
    hour_of_week : pandas.DataFrame
        Mean orders per hour by district x kind x class x weekday x hour.
    daily : pandas.DataFrame
        Orders per date (by kind too), with weekday and the ``holiday`` flag.
    work_times : pandas.DataFrame
        Lognormal fits per kind x product: n, mu, sigma, mean_min, sd_min with CIs, KS distance.
    day_factor : dict
        ``sd`` with ``lo`` / ``hi``, the daily mean and variance and the days used.
    log : OrderLog
        The log as read.
    weekday_factors : pandas.DataFrame
        Per kind x weekday: ``factor`` (the seven average 1), CI, ``days``; empty when not
        fitted.
    travel : dict or None
        The travel-time ``scale`` with ``lo`` / ``hi`` and the pairs of jobs used; None without
        technicians' times or a base scenario.
    evening : dict or None
        Evening acceptance ``p`` with ``lo`` / ``hi``, technician-days and ``days_waiting``;
        None without technicians' times or a base scenario with an evening.
    evening_days : pandas.DataFrame
        Per date: technicians ``seen``, those who worked in the ``evening``, orders ``waiting``
        at the evening start.
    """

    scenario: dict[str, Any]
    parameters: pd.DataFrame
    rates: pd.DataFrame
    profiles: pd.DataFrame
    hour_of_week: pd.DataFrame
    daily: pd.DataFrame
    work_times: pd.DataFrame
    day_factor: dict[str, float]
    log: OrderLog
    weekday_factors: pd.DataFrame = field(default_factory=pd.DataFrame)
    travel: dict[str, Any] | None = None
    evening: dict[str, Any] | None = None
    evening_days: pd.DataFrame = field(default_factory=pd.DataFrame)
    work_samples: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)
    level: float = 0.95
    base: str | None = None

    def to_json(self, path: str | os.PathLike[str] | None = None, indent: int = 2) -> str:
        """The fragment as JSON text; ``extends`` relative to ``path``'s directory if given."""
        document = dict(self.scenario)
        if self.base is not None and path is not None:
            target = Path(path).resolve().parent
            document["extends"] = [os.path.relpath(self.base, target)]
        return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the fragment to ``path`` (``extends`` made relative to it)."""
        from fieldsim.atomic import atomic_write

        with atomic_write(path) as handle:
            handle.write(self.to_json(path))

    def load(self) -> Scenario:
        """The calibrated scenario (the base with the fitted fragment merged in)."""
        return load(self.scenario, base_dir=Path.cwd())

    def report(self, path: str | os.PathLike[str] | None = None) -> list[Any]:
        """The calibration report as matplotlib figures (see :func:`fieldsim.plots.calibration`)."""
        from fieldsim import plots

        return plots.calibration_report(self, path)

    def __repr__(self) -> str:
        return (f"<Calibration of {self.log.source}: {len(self.log.orders)} orders, "
                f"{len(self.scenario['orders'])} streams, day factor sd "
                f"{self.day_factor['sd']:.3f}>")


def _z(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2))


def _base_maps(base: Scenario | None) -> tuple[list[str] | None, dict[str, int], dict[int, str],
                                                dict[str, list[int]], list[str]]:
    """Zone names (or None for grids), name -> id, zone id -> district, district -> zones."""
    if base is None:
        return None, {}, {}, {}, []
    document = base.document
    network = document["network"]
    if "zones" in network:
        names = [z["name"] if isinstance(z, Mapping) else str(z) for z in network["zones"]]
    else:
        names = [str(i) for i in range(base.zones)]
    by_name = {name: i for i, name in enumerate(names)}
    district_of: dict[int, str] = {}
    zones_of: dict[str, list[int]] = {}
    districts = document.get("districts")
    if not districts:
        zones_of["all"] = list(range(base.zones))
        district_of = {i: "all" for i in range(base.zones)}
    else:
        for district in districts:
            ids = []
            for zone in district["zones"]:
                ids.append(int(zone) if isinstance(zone, int) else by_name[str(zone)])
            zones_of[district["name"]] = ids
            for i in ids:
                district_of[i] = district["name"]
    holidays = list(document.get("calendar", {}).get("holidays", []))
    return names, by_name, district_of, zones_of, holidays


@dataclass(frozen=True)
class _KnownNames:
    """The names an order may use: the base scenario's zones (without a base, any zone id),
    districts and kinds, the engine's products and classes. A row naming anything else is a
    bad row of the log like any other (a fragment naming it would not load)."""

    zone_names: list[str] | None
    zone_ids: Mapping[str, int]
    district_of: Mapping[int, str]
    districts: Sequence[str] | None  # None: any
    kinds: Sequence[str]

    def zone_id(self, text: str | None) -> int | None:
        """The zone a name or id stands for; None without one or if the base has no such."""
        if text is None:
            return None
        if text in self.zone_ids:
            return self.zone_ids[text]
        if text.isdigit() and (self.zone_names is None or int(text) < len(self.zone_names)):
            return int(text)
        return None

    def district(self, zone: str | None, named: str | None) -> str | None:
        """An order's district: its zone's where the base groups zones, else the one named."""
        zone_id = self.zone_id(zone)
        return named if zone_id is None else self.district_of.get(zone_id, named)

    def problem(self, row: Mapping[str, Any]) -> tuple[str, str] | None:
        """(reason, message) for a row naming what is not known (an orderlog.RowCheck)."""
        zone = row["zone"]
        if zone is not None and self.zone_id(zone) is None:
            expected = ("a zone id (without a base scenario zones are ids)"
                        if self.zone_names is None else "a zone of the base scenario (a name "
                        f"or an id below {len(self.zone_names)})")
            return "unknown zone", f"zone: expected {expected}, got {zone!r}"
        district = self.district(zone, row["district"])
        if self.districts is not None and district is not None \
                and district not in self.districts:
            return "unknown district", ("district: expected one of the base scenario's "
                                        f"({', '.join(self.districts)}), got {district!r}")
        for column, known in (("kind", self.kinds), ("product", _core.PRODUCTS),
                              ("class", _core.CLASSES)):
            value = row[column]
            if value is not None and value not in known:
                return f"unknown {column}", (f"{column}: expected one of {', '.join(known)}, "
                                             f"got {value!r}")
        return None


def holiday_date(text: str) -> str:
    """`text` if it is a date YYYY-MM-DD; else ValueError (a mistyped holiday would
    otherwise match no date and exclude nothing, silently)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}")


def calibrate(log: str | os.PathLike[str] | OrderLog,
              base: str | os.PathLike[str] | Scenario | None = None, *,
              tz: str = "Asia/Shanghai", skip_bad_rows: bool = False,
              holidays: Iterable[str] = (), level: float = 0.95, bootstrap: int = 400,
              seed: int = 0, weekdays: bool = True) -> Calibration:
    """Fit demand and work times to an order log (docs/calibration.md).

    Parameters
    ----------
    log : path or OrderLog
        The order-log CSV (read with :func:`fieldsim.orderlog.read_order_log`) or a read log.
    base : path or Scenario, optional
        The branch's scenario: its network names the zones (zone weights get its length), its
        districts group them, its calendar's holidays are excluded from the rates. The fragment
        ``extends`` it when given as a path. Without it zones must be ids.
    tz : str
        The branch's time zone (IANA name).
    skip_bad_rows : bool
        Skip bad rows of the log (counted in ``result.log.skipped``) instead of failing.
    holidays : iterable of "YYYY-MM-DD"
        More dates to exclude from the rate fits (flagged in ``daily``).
    level : float
        Confidence level of every interval.
    bootstrap : int
        Resamples of technician-days for the travel-time scale's CI.
    seed : int
        Seed of the resampling.
    weekdays : bool
        Fit weekday factors (needs two working days of each weekday); without them a weekly
        pattern counts as day-to-day dispersion.

    Raises
    ------
    ValueError
        A holiday that is not a date YYYY-MM-DD (a fieldsim.ScenarioError if the log or the
        base cannot be read or fitted).
    """
    from scipy import stats

    try:
        holidays = [holiday_date(text) for text in holidays]
    except ValueError as error:
        raise ValueError(f"holidays: {error}") from None
    base_path: str | None = None
    scenario: Scenario | None
    if base is None or isinstance(base, Scenario):
        scenario = base
    else:
        base_path = str(Path(base).resolve())
        scenario = load(base)
    names, by_name, district_of, zones_of, base_holidays = _base_maps(scenario)
    if scenario is None:
        known = _KnownNames(names, by_name, district_of, None, _core.DEFAULT_KINDS)
    else:
        known = _KnownNames(names, by_name, district_of, list(zones_of), scenario.kinds)
    if isinstance(log, OrderLog):
        order_log = screen(log, known.problem, skip_bad_rows=skip_bad_rows)
    else:
        order_log = read_order_log(log, tz=tz, skip_bad_rows=skip_bad_rows,
                                   check=known.problem)
    orders = order_log.orders.copy()
    if orders.empty:
        raise OrderLogError(f"{order_log.source}: no orders to fit")
    source = order_log.source
    z = _z(level)

    # Where: zone ids and districts (every name known: checked as the log was read).
    named = order_log.names()
    orders["zone_id"] = pd.array([known.zone_id(zone) for zone in named["zone"]],
                                 dtype="Int64")
    orders["district"] = pd.array([known.district(zone, district) or "all" for zone, district
                                   in zip(named["zone"], named["district"])], dtype="string")
    orders["product"] = orders["product"].fillna("broadband")
    orders["class"] = orders["class"].fillna("public")
    has_class = order_log.orders["class"].notna().any()

    # When: local dates, weekdays, hours; holidays.
    entry = orders["entry"]
    orders["date"] = entry.dt.strftime("%Y-%m-%d")
    orders["weekday"] = entry.dt.day_of_week
    orders["hour"] = entry.dt.hour
    first, last = entry.min().normalize(), entry.max().normalize()
    dates = pd.date_range(first, last, freq="D")
    holiday_set = set(base_holidays) | set(holidays)
    daily = pd.DataFrame({"date": dates.strftime("%Y-%m-%d"),
                          "weekday": [WEEKDAYS[d] for d in dates.day_of_week]})
    daily["holiday"] = daily["date"].isin(holiday_set)
    counts = orders.groupby("date").size()
    daily["orders"] = daily["date"].map(counts).fillna(0).astype("int64")
    by_kind = orders.groupby(["date", "kind"]).size().unstack(fill_value=0)
    for kind in by_kind.columns:
        daily[kind] = daily["date"].map(by_kind[kind]).fillna(0).astype("int64")
    fit_days = daily[~daily["holiday"]]
    n_days = len(fit_days)
    if n_days < 2:
        raise OrderLogError(f"{source}: the log covers {n_days} working day(s); at least 2 are "
                            "needed to fit daily rates")
    used = orders[orders["date"].isin(set(fit_days["date"]))]

    # Weekday factors and the day factor, from the daily counts by kind.
    kinds = list(by_kind.columns)
    weekday_index = fit_days["weekday"].map(WEEKDAYS.index).to_numpy()
    by_weekday = weekdays and np.bincount(weekday_index, minlength=7).min() >= 2
    weekday_factors, day_factor, week = _day_fits(
        fit_days[kinds].to_numpy(dtype=float), weekday_index if by_weekday else None, kinds,
        level)
    day_factor["holidays_excluded"] = int(daily["holiday"].sum())

    # Rates per segment: a segment's daily count has variance lam + lam^2 sd^2.
    segment = ["district", "kind", "product", "class"]
    rates = used.groupby(segment).size().rename("orders").reset_index()
    # A kind's orders over the sum of its days' weekday factors: the rate of a day whose
    # factor is 1 (the factors average 1 over a week).
    exposure = dict.fromkeys(kinds, float(n_days)) if week is None else {
        kind: float(week[weekday_index, k].sum()) for k, kind in enumerate(kinds)}
    rates["per_day"] = rates["orders"] / rates["kind"].map(exposure)
    sd = day_factor["sd"]
    half = z * np.sqrt((rates["per_day"] + rates["per_day"] ** 2 * sd**2) / n_days)
    rates["lo"] = (rates["per_day"] - half).clip(lower=0)
    rates["hi"] = rates["per_day"] + half

    # Hourly profiles per district x kind: multinomial shares given the day's orders.
    profiles = (used.groupby(["district", "kind", "hour"]).size().rename("orders")
                .reindex(pd.MultiIndex.from_product(
                    [sorted(used["district"].unique()), sorted(used["kind"].unique()),
                     range(24)], names=["district", "kind", "hour"]), fill_value=0)
                .reset_index())
    total = profiles.groupby(["district", "kind"])["orders"].transform("sum")
    profiles = profiles[total > 0].copy()
    total = total[total > 0]
    profiles["share"] = profiles["orders"] / total
    lo, hi = _wilson(profiles["orders"].to_numpy(), total.to_numpy(), z)
    profiles["lo"], profiles["hi"] = lo, hi

    # Hour of week: mean orders per hour over the working days of each weekday.
    keys = ["district", "kind", "class"] if has_class else ["district", "kind"]
    weekday_days = fit_days["weekday"].value_counts()
    hour_of_week = used.groupby([*keys, "weekday", "hour"]).size().rename("orders").reset_index()
    hour_of_week["weekday"] = [WEEKDAYS[d] for d in hour_of_week["weekday"]]
    hour_of_week["per_hour"] = hour_of_week["orders"] / hour_of_week["weekday"].map(weekday_days)

    # Work times per kind x product.
    timed = orders[orders["onsite_start"].notna()]
    work = (timed["onsite_end"] - timed["onsite_start"]).dt.total_seconds() / 60
    timed = timed.assign(work_min=work)[work > 0]
    rows = []
    samples: dict[tuple[str, str], np.ndarray] = {}
    for (kind, product), group in timed.groupby(["kind", "product"]):
        x = group["work_min"].to_numpy(dtype=float)
        if len(x) < 2:
            continue
        samples[(kind, product)] = x
        rows.append({"kind": kind, "product": product, **_lognormal_fit(x, z, stats)})
    work_times = pd.DataFrame(rows, columns=[
        "kind", "product", "n", "mu", "mu_lo", "mu_hi", "sigma", "sigma_lo", "sigma_hi",
        "mean_min", "mean_lo", "mean_hi", "sd_min", "sd_lo", "sd_hi", "ks"])

    # Zone weights per district x kind.
    n_zones = len(names) if names is not None else (
        int(orders["zone_id"].max()) + 1 if orders["zone_id"].notna().any() else 0)
    document = _fragment(used, rates, profiles, work_times, day_factor, scenario, zones_of,
                         n_zones, source)
    document["demand"]["weekday_factors"] = None if week is None else {
        kind: [round(float(f), 4) for f in week[:, k]] for k, kind in enumerate(kinds)}
    travel, evening, evening_table = _technician_fits(orders, scenario, level, bootstrap,
                                                      np.random.default_rng(seed))
    if travel is not None:
        document["network"] = {"travel_time_x": round(travel["scale"], 4)}
    if evening is not None and scenario is not None:
        document["evening"] = evening_fragment(scenario.document["evening"], evening["p"])
    if base_path is not None:
        document = {"extends": [base_path], **document}
    parameters = _parameters(rates, profiles, work_times, day_factor, weekday_factors, travel,
                             evening)
    return Calibration(document, parameters, rates, profiles, hour_of_week, daily, work_times,
                       day_factor, order_log, weekday_factors, travel, evening, evening_table,
                       samples, level, base_path)


def _technician_fits(orders: pd.DataFrame, scenario: Scenario | None, level: float,
                     bootstrap: int, rng: np.random.Generator
                     ) -> tuple[dict[str, Any] | None, dict[str, Any] | None, pd.DataFrame]:
    """The travel-time scale and evening acceptance, where the log names technicians and the
    base scenario gives the roads (and the evening start)."""
    if scenario is None or orders["technician"].isna().all():
        return None, None, pd.DataFrame()
    evening = scenario.document.get("evening", {})
    start = evening.get("start")
    jobs = job_pairs(orders, scenario.road_minutes)
    travel = fit_travel_scale(jobs, start, level, bootstrap, rng,
                              break_windows(scenario.document))
    # Only the per_evening model decides once an evening, which a share of technicians fits.
    if start is None or evening.get("model", "per_evening") != "per_evening":
        return travel, None, pd.DataFrame()
    days = evening_days(jobs, start, travel["scale"] if travel else 1.0)
    return travel, None if days.empty else fit_evening(days, level), days


def _day_fits(counts: np.ndarray, weekday: np.ndarray | None, kinds: list[str], level: float
              ) -> tuple[pd.DataFrame, dict[str, float], np.ndarray | None]:
    """Weekday factors by kind and the day factor's sd from the daily counts (days x kinds).

    A kind's factor on weekday j is its mean count on the j days over the mean of its seven
    weekday means, so that the seven average 1; its CI is Student's t about it, with the
    delta method's standard error and Welch-Satterthwaite degrees of freedom (with two or three
    days of a weekday the t quantile, not a resample of so few days, makes it honest). The
    day factor's sd comes from the overdispersion of the daily totals N around their weekday's
    mean M_j (a day's total has variance M + M^2 s^2): s^2 = sum_j (n_j - 1)(V_j - M_j) /
    sum_j (n_j - 1) M_j^2, with V_j the variance of the n_j totals of weekday j. Its CI
    inverts sum_j (n_j - 1) V_j / (M_j + M_j^2 s^2), chi-square with sum_j (n_j - 1) degrees
    of freedom. Without ``weekday`` all days are one group and no factors are fitted.
    """
    group = weekday if weekday is not None else np.zeros(len(counts), dtype=int)
    days_of = [np.flatnonzero(group == g) for g in range(int(group.max()) + 1)]
    totals = counts.sum(axis=1)
    sd, lo, hi = _day_factor_sd(
        [(len(r), totals[r].mean(), totals[r].var(ddof=1)) for r in days_of if len(r) >= 2],
        level)
    day_factor = {"sd": sd, "lo": lo, "hi": hi, "daily_mean": float(totals.mean()),
                  "daily_var": float(totals.var(ddof=1)), "days": len(counts)}
    columns = ["kind", "weekday", "factor", "lo", "hi", "days"]
    if weekday is None:
        return pd.DataFrame(columns=columns), day_factor, None
    factors, low, high = _weekday_factors(counts, days_of, level)
    rows = [{"kind": kind, "weekday": WEEKDAYS[j], "factor": factors[j, k], "lo": low[j, k],
             "hi": high[j, k], "days": len(days_of[j])}
            for k, kind in enumerate(kinds) for j in range(7)]
    return pd.DataFrame(rows, columns=columns), day_factor, factors


def _weekday_factors(counts: np.ndarray, days_of: list[np.ndarray], level: float
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f_j = m_j / w, w the mean of the seven m_j (per kind), with t intervals: the m_j are
    independent, df/dm_j = (1 - f_j / 7) / w and df/dm_i = -f_j / (7 w) for i != j."""
    from scipy import stats

    n = np.array([len(r) for r in days_of], dtype=float)[:, None]
    means = np.array([counts[r].mean(axis=0) for r in days_of])
    var_of_mean = np.array([counts[r].var(axis=0, ddof=1) for r in days_of]) / n
    weekly = means.mean(axis=0)
    safe = np.where(weekly > 0, weekly, 1.0)
    factors = np.where(weekly > 0, means / safe, 1.0)
    lo, hi = np.empty_like(factors), np.empty_like(factors)
    for j in range(len(days_of)):
        weight = np.tile(-factors[j] / (7 * safe), (len(days_of), 1))
        weight[j] += 1 / safe
        parts = weight**2 * var_of_mean
        variance = parts.sum(axis=0)
        welch = np.divide(variance**2, (parts**2 / (n - 1)).sum(axis=0),
                          out=np.full_like(variance, np.inf), where=variance > 0)
        half = stats.t.ppf((1 + level) / 2, welch) * np.sqrt(variance)
        lo[j], hi[j] = np.maximum(factors[j] - half, 0.0), factors[j] + half
    return factors, lo, hi


def _day_factor_sd(groups: list[tuple[int, float, float]], level: float
                   ) -> tuple[float, float, float]:
    """The day factor's sd and its CI from (n_j, M_j, V_j) of each group of days."""
    from scipy import optimize, stats

    groups = [(n, m, v) for n, m, v in groups if m > 0]
    if not groups:
        return 0.0, 0.0, 0.0
    excess = sum((n - 1) * (v - m) for n, m, v in groups)
    scale = sum((n - 1) * m**2 for n, m, v in groups)
    sd = math.sqrt(max(0.0, excess / scale))
    dof = sum(n - 1 for n, _, _ in groups)

    def chi2(s2: float) -> float:
        return sum((n - 1) * v / (m + m * m * s2) for n, m, v in groups)

    def root(quantile: float) -> float:
        # chi2 falls from chi2(0) towards 0 as s^2 grows: s^2 with chi2(s^2) = quantile.
        target = stats.chi2.ppf(quantile, dof)
        if chi2(0.0) <= target:
            return 0.0
        top = 1.0
        while chi2(top) > target:
            top *= 4
        return math.sqrt(optimize.brentq(lambda s2: chi2(s2) - target, 0.0, top, xtol=1e-14))

    tail = (1 - level) / 2
    return sd, root(1 - tail), root(tail)


def _wilson(k: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    # Exactly 0 with no hits and 1 with all (rounding left 1e-20 from the difference).
    return (np.where(k == 0, 0.0, np.clip(centre - half, 0, 1)),
            np.where(k == n, 1.0, np.clip(centre + half, 0, 1)))


def _lognormal_fit(x: np.ndarray, z: float, stats: Any) -> dict[str, float]:
    sigma, _, scale = stats.lognorm.fit(x, floc=0)
    mu = math.log(scale)
    n = len(x)
    # Fisher information of (mu, sigma): var mu = sigma^2 / n, var sigma = sigma^2 / (2n).
    se_mu, se_sigma = sigma / math.sqrt(n), sigma / math.sqrt(2 * n)
    mean = math.exp(mu + sigma**2 / 2)
    expm = math.expm1(sigma**2)
    sd = mean * math.sqrt(expm)
    # Delta method on the log scale: d log mean = d mu + sigma d sigma;
    # d log sd = d mu + (sigma + sigma e^{s^2} / (e^{s^2} - 1)) d sigma.
    se_log_mean = math.hypot(se_mu, sigma * se_sigma)
    slope = sigma + sigma * (expm + 1) / expm
    se_log_sd = math.hypot(se_mu, slope * se_sigma)
    ks = float(stats.kstest(x, "lognorm", args=(sigma, 0, scale)).statistic)
    return {"n": n, "mu": mu, "mu_lo": mu - z * se_mu, "mu_hi": mu + z * se_mu,
            "sigma": sigma, "sigma_lo": sigma - z * se_sigma, "sigma_hi": sigma + z * se_sigma,
            "mean_min": mean, "mean_lo": mean * math.exp(-z * se_log_mean),
            "mean_hi": mean * math.exp(z * se_log_mean),
            "sd_min": sd, "sd_lo": sd * math.exp(-z * se_log_sd),
            "sd_hi": sd * math.exp(z * se_log_sd), "ks": ks}


def _base_work_time(scenario: Scenario | None, kind: str) -> dict[str, Any] | None:
    if scenario is None:
        return None
    for stream in scenario.document.get("orders", []):
        if stream.get("kind") == kind and "work_time" in stream:
            return dict(stream["work_time"])
    return None


def _fragment(used: pd.DataFrame, rates: pd.DataFrame, profiles: pd.DataFrame,
              work_times: pd.DataFrame, day_factor: Mapping[str, float],
              scenario: Scenario | None, zones_of: Mapping[str, list[int]], n_zones: int,
              source: str) -> dict[str, Any]:
    streams = []
    by_kind = work_times.groupby("kind")
    fits = {(r.kind, r.product): r for r in work_times.itertuples()}
    for (district, kind, product), group in rates.groupby(["district", "kind", "product"]):
        per_day = float(group["per_day"].sum())
        profile = profiles[(profiles["district"] == district) & (profiles["kind"] == kind)]
        stream: dict[str, Any] = {"kind": kind, "per_day": round(per_day, 4),
                                  "profile": [round(float(s), 6) for s in profile["share"]]}
        cell = used[(used["district"] == district) & (used["kind"] == kind)]
        weights = [0.0] * n_zones
        located = cell["zone_id"].dropna().astype(int)
        if len(located):
            for zone, count in located.value_counts().items():
                weights[zone] += float(count)
        elif district in zones_of:
            for zone in zones_of[district]:
                weights[zone] = 1.0
        else:
            raise OrderLogError(f"{source}: the orders of district {district!r} have no zone; "
                                "give a base scenario that names its zones")
        if n_zones:
            stream["zones"] = weights
        stream["product"] = product
        classes = group.set_index("class")["orders"]
        stream["class"] = (str(classes.index[0]) if len(classes) == 1 else
                           {str(c): round(float(n / classes.sum()), 6) for c, n in classes.items()})
        fit = fits.get((kind, product))
        if fit is not None:
            stream["work_time"] = {"dist": "lognormal", "mean_min": round(fit.mean_min, 3),
                                   "sd_min": round(fit.sd_min, 3)}
        elif kind in by_kind.groups:
            pooled = work_times[work_times["kind"] == kind]
            weights_n = pooled["n"] / pooled["n"].sum()
            stream["work_time"] = {"dist": "lognormal",
                                   "mean_min": round(float((pooled["mean_min"] * weights_n).sum()), 3),
                                   "sd_min": round(float((pooled["sd_min"] * weights_n).sum()), 3)}
        else:
            fallback = _base_work_time(scenario, kind)
            if fallback is None:
                raise OrderLogError(f"{source}: no on-site times for {kind} orders and no base "
                                    f"stream of kind {kind!r} to take a work time from")
            stream["work_time"] = fallback
        streams.append(stream)
    return {"description": f"Calibrated from {Path(source).name} by fieldsim calibrate: "
            f"{len(used)} orders over {day_factor['days']} days "
            f"({day_factor['holidays_excluded']} holidays excluded).",
            "demand": {"day_factor": {"mean": 1.0, "sd": round(day_factor["sd"], 4)}},
            "orders": streams}


def _parameters(rates: pd.DataFrame, profiles: pd.DataFrame, work_times: pd.DataFrame,
                day_factor: Mapping[str, float], weekday_factors: pd.DataFrame,
                travel: Mapping[str, Any] | None, evening: Mapping[str, Any] | None
                ) -> pd.DataFrame:
    rows = [{"parameter": "day_factor.sd", "group": "all", "estimate": day_factor["sd"],
             "lo": day_factor["lo"], "hi": day_factor["hi"], "n": day_factor["days"]}]
    for r in weekday_factors.itertuples():
        rows.append({"parameter": f"weekday_factor[{r.weekday}]", "group": r.kind,
                     "estimate": r.factor, "lo": r.lo, "hi": r.hi, "n": r.days})
    if travel is not None:
        rows.append({"parameter": "network.travel_time_x", "group": "all",
                     "estimate": travel["scale"], "lo": travel["lo"], "hi": travel["hi"],
                     "n": travel["pairs"]})
    if evening is not None:
        rows.append({"parameter": "evening.p", "group": "all", "estimate": evening["p"],
                     "lo": evening["lo"], "hi": evening["hi"], "n": evening["technician_days"]})
    for r in rates.itertuples():
        rows.append({"parameter": "per_day", "group": f"{r.district}/{r.kind}/{r.product}/"
                     f"{getattr(r, '_4')}", "estimate": r.per_day, "lo": r.lo, "hi": r.hi,
                     "n": r.orders})
    for r in profiles.itertuples():
        rows.append({"parameter": f"profile[{r.hour}]", "group": f"{r.district}/{r.kind}",
                     "estimate": r.share, "lo": r.lo, "hi": r.hi, "n": r.orders})
    for r in work_times.itertuples():
        for name in ("mean", "sd"):
            rows.append({"parameter": f"work_time.{name}_min", "group": f"{r.kind}/{r.product}",
                         "estimate": getattr(r, f"{name}_min"), "lo": getattr(r, f"{name}_lo"),
                         "hi": getattr(r, f"{name}_hi"), "n": r.n})
    return pd.DataFrame(rows)


def order_log_frame(result: Any, *, start_date: str | None = None, tz: str = "Asia/Shanghai",
                    replication: int | None = None, zone_names: list[str] | None = None
                    ) -> pd.DataFrame:
    """An order log (the CSV columns of docs/calibration.md) from a run kept with orders.

    The engine's minutes count from 00:00 of day 0 (``start_date``, default the scenario's
    ``calendar.start_date`` or 2025-01-01) in time zone ``tz``; minute m of day k is the
    local clock time m - 1440 k of day k, so across a daylight-saving change an order keeps
    its clock time (a time the change skips, 02:30 on the spring day, becomes the first after
    it, 03:00; one it repeats is taken in daylight time, the first). On-site start and end are
    the work start and the finish; orders never finished have an empty completion time.
    Write it with :func:`fieldsim.orderlog.write_order_log`.
    """
    orders = result.orders
    if orders is None:
        raise ValueError("the run kept no orders: run with keep_orders=True")
    if replication is None:
        replication = int(orders["replication"].min())
    orders = orders[orders["replication"] == replication]
    if start_date is None:
        start_date = result.scenario.document.get("calendar", {}).get("start_date", "2025-01-01")
    day_zero = pd.Timestamp(start_date)

    def at(minutes: pd.Series) -> pd.Series:
        # The engine's days are 1440 minutes: add them to the naive clock, then place that
        # clock time in the zone (elapsed time added to a zoned origin drifts an hour at a
        # daylight-saving change). Shifting skipped times forward keeps every order's times
        # in order.
        clock = day_zero + pd.to_timedelta(minutes.round(3), unit="min")
        return clock.dt.tz_localize(tz, ambiguous=np.ones(len(clock), dtype=bool),
                                    nonexistent="shift_forward")

    finished = orders["finish_min"].notna()
    zone = orders["zone"].astype(int)
    frame = pd.DataFrame({
        "entry_time": at(orders["entry_min"]),
        "completion_time": at(orders["finish_min"]).where(finished),
        "zone": zone.map(lambda i: zone_names[i]) if zone_names else zone.astype(str),
        "district": orders["district"].astype(str),
        "kind": orders["kind"].astype(str),
        "product": orders["product"].astype(str),
        "class": orders["class"].astype(str),
        "technician": orders["technician"].astype("string"),
        "onsite_start": at(orders["work_start_min"]).where(finished),
        "onsite_end": at(orders["finish_min"]).where(finished),
    })
    return frame.reset_index(drop=True)

"""What the engine's outputs and the common scenario settings mean, for labels.

The names come from the C++ engine (``fieldsim.OUTPUT_NAMES``); this module
only says how to show them: a readable label and a unit, so that every table
and plot names its units.
"""

from __future__ import annotations

# Output name -> (label, unit). Rates and shares are fractions in [0, 1].
_OUTPUTS: dict[str, tuple[str, str]] = {
    "orders_install": ("install orders", "orders"),
    "orders_repair": ("repair orders", "orders"),
    "late_install": ("late installs", "orders"),
    "late_repair": ("late repairs", "orders"),
    "breach_rate_install": ("install breach rate", "fraction of orders"),
    "breach_rate_repair": ("repair breach rate", "fraction of orders"),
    "compensation_cny": ("compensation paid", "CNY"),
    "piece_pay_cny": ("piece-rate pay", "CNY"),
    "premium_pay_cny": ("evening premium pay", "CNY"),
    "mean_tat_install_min": ("mean install turnaround", "min"),
    "mean_tat_repair_min": ("mean repair turnaround", "min"),
    "overtime_min": ("overtime", "min"),
    "mean_wait_min": ("mean wait for a technician", "min"),
    "waited_share": ("orders that waited", "fraction of orders"),
    "utilisation": ("technician utilisation", "fraction of shift time"),
    "evening_share": ("evenings worked", "fraction of evening decisions"),
    "lateness_p50_min": ("median lateness of late orders", "min"),
    "lateness_p90_min": ("P90 lateness of late orders", "min"),
    "lateness_max_min": ("largest lateness", "min"),
    "orders_unfinished": ("orders left open", "orders"),
    "days_simulated": ("days simulated", "days"),
    "events": ("events processed", "events"),
}

# Scenario settings (dotted paths as used by Scenario.with_ and sweeps).
_SETTINGS: dict[str, tuple[str, str]] = {
    "technicians.count": ("technicians", "people"),
    "evening.premium_cny": ("evening premium", "CNY per evening job"),
    "evening.premium_full_cny": ("premium for full evening response", "CNY per evening job"),
    "horizon.days": ("days of orders", "days"),
    "demand.day_factor.sd": ("day-to-day demand swing (sd)", "factor"),
}

# A unit read off a name's ending, for names not listed above.
_SUFFIX_UNITS = [("_cny", "CNY"), ("_min", "min"), ("_h", "h"), ("per_day", "orders per day")]


def unit(name: str) -> str:
    """The unit of an output or a dotted scenario setting ("" when unitless).

    Parameters
    ----------
    name : str
        An output name such as ``"compensation_cny"`` or a setting such as
        ``"evening.premium_cny"``.

    Returns
    -------
    str
        E.g. ``"CNY"``, ``"min"``, ``"fraction of orders"``.
    """
    known = _OUTPUTS.get(name) or _SETTINGS.get(name)
    if known:
        return known[1]
    return next((u for suffix, u in _SUFFIX_UNITS if name.endswith(suffix)), "")


def label(name: str, *, with_unit: bool = True) -> str:
    """A readable label for an output or a dotted scenario setting.

    Parameters
    ----------
    name : str
        An output name or a dotted setting path.
    with_unit : bool, default True
        Append the unit in parentheses, as an axis label wants it.

    Returns
    -------
    str
        E.g. ``"install breach rate (fraction of orders)"``.

    Examples
    --------
    >>> label("evening.premium_cny")
    'evening premium (CNY per evening job)'
    >>> label("orders.0.per_day")
    'orders.0.per_day (orders per day)'
    """
    known = _OUTPUTS.get(name) or _SETTINGS.get(name)
    text = known[0] if known else name
    u = unit(name)
    return f"{text} ({u})" if with_unit and u else text

"""fieldsim: fast discrete-event simulation of a telecom field-service workforce.

Plan staffing and incentives against same-day service promises: how many
technicians, which evening premium, what breaches and compensation to expect,
with confidence intervals.

The simulation runs in a C++ engine (``fieldsim._core``); this package loads
scenarios, runs them and returns pandas DataFrames.

Examples
--------
>>> import fieldsim
>>> scenario = fieldsim.load("scenarios/refcity/month.json")  # doctest: +SKIP
>>> result = fieldsim.run(scenario, replications=20, seed=1)  # doctest: +SKIP
>>> result.summary.loc["breach_rate_install"]  # doctest: +SKIP
>>> grid = {"technicians.count": range(120, 241, 20), "evening.premium_cny": [0, 10, 20, 30]}
>>> sweep = fieldsim.sweep(scenario, grid, replications=20)  # doctest: +SKIP
>>> fitted = fieldsim.calibrate("orders.csv", "branch.json")  # doctest: +SKIP
>>> fieldsim.budget("scenarios/examples/city-month.json", replications=60)  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

from fieldsim import distributed, money, outputs, plots
from fieldsim._core import OUTPUT_NAMES, Cancelled
from fieldsim._errors import ScenarioError
from fieldsim.budget import budget
from fieldsim.calibrate import Calibration, calibrate
from fieldsim.result import STATISTICS, RunResult
from fieldsim.runner import RunTooLarge, run
from fieldsim.optimise import OptimiseProgress, OptimiseResult, optimise
from fieldsim.scenario import Scenario, load
from fieldsim.sweep import SweepResult, sweep

try:
    __version__ = version("fieldsim")
except PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = "0+unknown"

__all__ = [
    "OUTPUT_NAMES",
    "STATISTICS",
    "Calibration",
    "Cancelled",
    "OptimiseProgress",
    "OptimiseResult",
    "RunResult",
    "RunTooLarge",
    "Scenario",
    "ScenarioError",
    "SweepResult",
    "__version__",
    "budget",
    "calibrate",
    "distributed",
    "load",
    "money",
    "optimise",
    "outputs",
    "plots",
    "run",
    "sweep",
]

"""fieldsim's C++ engine (private: use the fieldsim package)."""

from collections.abc import Callable
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

OUTPUT_NAMES: list[str]
#: One dict per output: name, label, unit, aggregation, meaning.
OUTPUTS: list[dict[str, str]]
#: One dict per breakdown measure: name, unit, weight ("" if it adds up), meaning.
MEASURES: list[dict[str, str]]
#: The names "dispatch.policy" may take.
DISPATCH_POLICIES: list[str]
#: The order kinds of a scenario that names none ("order_kinds").
DEFAULT_KINDS: list[str]
#: The product and customer-class names a segment may have.
PRODUCTS: list[str]
CLASSES: list[str]

class Cancelled(Exception): ...

class Scenario:
    @property
    def name(self) -> str: ...
    @property
    def days(self) -> int: ...
    @property
    def technicians(self) -> int: ...
    @property
    def zones(self) -> int: ...
    @property
    def expected_orders(self) -> float: ...
    def footprint(self, replications: int, threads: int, keep_orders: bool) -> dict[str, float]: ...
    @property
    def kinds(self) -> list[str]: ...
    @property
    def road_minutes(self) -> list[float]: ...
    @property
    def districts(self) -> list[str]: ...
    def evening_acceptance(self, money_cny: np.ndarray, hours_worked: np.ndarray) -> np.ndarray: ...

_Summary: TypeAlias = dict[str, tuple[float, float, float, float, float, float, float]]

def resolve_document(path: str) -> str:
    """The scenario file's JSON text with its `extends` merged in."""

def resolve_extends(json_text: str, base_dir: str, source: str) -> str:
    """A document's JSON text with its `extends` (relative to base_dir) merged in."""

def parse_scenario(json_text: str, source: str, base_dir: str) -> Scenario:
    """Validate a scenario document; raises ScenarioError naming the JSON path."""

def summarize(values: npt.NDArray[np.float64]) -> _Summary:
    """Per output (column): mean, sd, ci95_lo, ci95_hi, p50, p90, p95."""

def student_t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t with df degrees of freedom."""

def check_interrupt(step: str) -> None: ...
def run(
    scenario: Scenario,
    replications: int,
    seed: int,
    first_replication: int,
    threads: int,
    keep_orders: bool,
    progress: Callable[[float], None] | None = None,
) -> dict[str, object]:
    """Run replications first_replication .. first_replication + replications - 1.

    Returns {"values": ndarray (replications x outputs), "summary": _Summary,
    "technicians": {column: ndarray}, "breakdown": {column: ndarray} (one row per
    replication and segment with orders), "segments": {dimension: names} (the
    names behind the code columns), "settlement": {column: ndarray} (one row per
    replication, month of completion and payer), "cash": {column: ndarray} (one
    row per replication, pay day and payer), "money": {"payers", "pay_within_days",
    "employer_of_technician", "start_date"}, and with keep_orders "orders":
    {column: ndarray}}.
    """

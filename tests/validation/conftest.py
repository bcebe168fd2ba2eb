"""Fixtures shared by the validation tests."""

from __future__ import annotations

import pytest

import fieldsim

from .scenarios import MONTH


@pytest.fixture(scope="session")
def month() -> fieldsim.Scenario:
    """refcity-month, the reference model at its smallest size."""
    return fieldsim.load(MONTH)

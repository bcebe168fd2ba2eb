"""Catch2 test names that CTest can run: CMake splits a discovered name at ';'.

A name with ';' (or '[') became several CTest tests that each ran nothing and
passed. tests/CMakeLists.txt refuses such names on one line at configure time;
this also catches names written over several lines.
"""

from __future__ import annotations

import re
from pathlib import Path

CPP_TESTS = Path(__file__).resolve().parents[1] / "cpp"
# TEST_CASE( then the name: one or more adjacent string literals.
NAME = re.compile(r'\b(?:TEST_CASE|SCENARIO|TEMPLATE_TEST_CASE)\s*\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')


def test_names() -> None:
    names = []
    for source in sorted(CPP_TESTS.glob("*.cpp")):
        for match in NAME.finditer(source.read_text()):
            name = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
            names.append((source.name, name))
    assert len(names) > 100  # the scan finds the suite
    bad = [(file, name) for file, name in names if ";" in name or "[" in name]
    assert not bad, f"reword these Catch2 test names (no ';' or '['): {bad}"

"""Atomic output files: complete or absent, never truncated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fieldsim.atomic import atomic_path, atomic_write


class WriterFailed(Exception):
    pass


def test_complete_write_appears(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_write(target) as handle:
        handle.write("done\n")
    assert target.read_text() == "done\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("failure", [WriterFailed, KeyboardInterrupt])
def test_failure_mid_write_leaves_no_file(tmp_path: Path, failure: type[BaseException]) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(failure), atomic_write(target) as handle:
        handle.write("half,a,row\n" * 1000)
        handle.flush()
        raise failure()
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    with pytest.raises(WriterFailed), atomic_write(target) as handle:
        handle.write("new, but not fin")
        raise WriterFailed()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_atomic_path_for_library_writers(tmp_path: Path) -> None:
    target = tmp_path / "frame.parquet"
    frame = pd.DataFrame({"a": [1, 2]})
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and not target.exists()
        frame.to_parquet(tmp)
    pd.testing.assert_frame_equal(pd.read_parquet(target), frame)


def test_atomic_path_failure_before_the_file_exists(tmp_path: Path) -> None:
    with pytest.raises(WriterFailed), atomic_path(tmp_path / "never.parquet"):
        raise WriterFailed()
    assert list(tmp_path.iterdir()) == []


def test_file_gets_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    with atomic_write(target) as handle:
        handle.write("x")
    assert target.stat().st_mode == plain.stat().st_mode

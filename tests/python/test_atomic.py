"""Atomic output files: complete or absent, never truncated."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from fieldsim.atomic import atomic_group, atomic_path, atomic_write


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


def test_a_killed_runs_temporaries_are_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "orders.csv"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = socket.gethostname().replace(".", "-")
    stale = tmp_path / f".orders.csv.{host}.{dead.pid}.0123456789ab.tmp"
    stale.write_text("half of a killed run's log")
    alive = tmp_path / f".orders.csv.{host}.{os.getppid()}.0123456789ab.tmp"
    alive.write_text("a running writer's")
    other_host = tmp_path / f".orders.csv.elsewhere.{dead.pid}.0123456789ab.tmp"
    other_host.write_text("a writer on another machine")
    with atomic_write(target) as handle:
        handle.write("new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["orders.csv", alive.name, other_host.name])


def test_a_group_of_files_appears_together_or_not_at_all(tmp_path: Path) -> None:
    first, second = tmp_path / "summary.json", tmp_path / "orders.csv"
    first.write_text("old summary")
    second.write_text("old orders")
    with pytest.raises(KeyboardInterrupt), atomic_group():
        with atomic_write(first) as handle:
            handle.write("new summary")
        assert first.read_text() == "old summary"  # held back until the group ends
        with atomic_write(second) as handle:
            handle.write("new ord")
            raise KeyboardInterrupt()
    assert (first.read_text(), second.read_text()) == ("old summary", "old orders")
    assert len(list(tmp_path.iterdir())) == 2
    with atomic_group():
        for path in (first, second):
            with atomic_write(path) as handle:
                handle.write("new")
    assert (first.read_text(), second.read_text()) == ("new", "new")
    assert len(list(tmp_path.iterdir())) == 2


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    # The link stays a link; the file it points at gets the new text.
    real = tmp_path / "outputs" / "summary.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "summary.json"
    link.symlink_to(real)
    with atomic_write(link) as handle:
        handle.write("new")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text() == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["summary.json"]


def test_a_pipe_is_written_in_place(tmp_path: Path) -> None:
    # A FIFO a reader waits on (as /dev/stdout may be) stays a FIFO and gets the text.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    with atomic_write(fifo) as handle:
        handle.write("through")
    reader.join(timeout=10)
    assert received == ["through"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a directory, not a file to write"):
        with atomic_write(tmp_path) as handle:
            handle.write("x")


def test_a_group_inside_a_group_moves_with_it(tmp_path: Path) -> None:
    first, pages = tmp_path / "frag.json", [tmp_path / "rep-1.png", tmp_path / "rep-2.png"]
    first.write_text("old")
    with pytest.raises(WriterFailed), atomic_group():
        with atomic_write(first) as handle:
            handle.write("new")
        with atomic_group():  # a report's pages: one output of the outer set
            with atomic_write(pages[0]) as handle:
                handle.write("page 1")
        assert not pages[0].exists()  # held back until the outer group ends
        raise WriterFailed()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frag.json"]
    assert first.read_text() == "old"


def test_a_target_become_a_directory_moves_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "frag.json", tmp_path / "rep-2.png"
    first.write_text("old")
    with pytest.raises(IsADirectoryError) as error, atomic_group():
        for path in (first, second):
            with atomic_write(path) as handle:
                handle.write("new")
        second.mkdir()
    assert error.value.filename == str(second)
    assert first.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frag.json", "rep-2.png"]

"""playground.safe_io: regular files only, capped reads, atomic writes that keep permissions."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playground import cli
from playground.safe_io import (
    STALE_TEMP_SECONDS, FileProblem, atomic_write_text, read_capped, remove_stale_temps, write_target,
)

HEAD = {"format": "backprop-playground/experiment", "version": 1}


def _cli(*argv, timeout=60):
    return subprocess.run([sys.executable, "-m", "playground", *map(str, argv)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_devices_are_refused_without_hanging(tmp_path, capsys):
    """As real processes, with a timeout: a hang or an unbounded read fails the test instead of blocking it."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    (tmp_path / "e.json").write_text(json.dumps({**HEAD, "data": {"source": "csv", "path": "pipe.csv"}}))
    (tmp_path / "z.json").write_text(json.dumps({**HEAD, "data": {"source": "csv", "path": "/dev/zero"}}))
    (tmp_path / "g.json").write_text(json.dumps({**HEAD, "data": {"generator": "xor", "samples": 50},
                                                 "training": {"epochs": 1}}))
    assert cli.main(["train", str(tmp_path / "g.json"), "--out", str(tmp_path / "t.json")]) == 0
    for argv, words in ((["train", tmp_path / "e.json"], "pipe.csv: is a FIFO (named pipe), not a CSV file"),
                        (["train", fifo], "is a FIFO (named pipe), not an experiment file"),
                        (["predict", tmp_path / "t.json", fifo], "pipe.csv: is a FIFO (named pipe), not a CSV file"),
                        (["train", tmp_path / "z.json"], "/dev/zero: is a character device, not a CSV file")):
        done = _cli(*argv, timeout=60)
        assert done.returncode == 2 and done.stdout == "", done.stderr
        assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr


def test_read_capped_reads_a_regular_file_and_refuses_a_larger_one(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"12345")
    assert bytes(read_capped(path, 5)) == b"12345"
    with pytest.raises(FileProblem, match="may have at most"):
        read_capped(path, 4)


def test_read_capped_stops_at_the_cap_when_the_size_is_unknown():
    # /proc files are regular but report 0 bytes: only the cap bounds the read.
    path = Path("/proc/self/maps")
    if not path.exists() or path.stat().st_size != 0:
        pytest.skip("needs a /proc file with unknown size")
    with pytest.raises(FileProblem, match="larger than the limit"):
        read_capped(path, 10)


def test_read_capped_names_what_is_not_a_regular_file(tmp_path):
    with pytest.raises(FileProblem, match="is a directory, not a CSV file"):
        read_capped(tmp_path, 100, "a CSV file")
    with pytest.raises(FileProblem, match="is a character device"):
        read_capped("/dev/null", 100)
    with pytest.raises(FileProblem, match="file not found"):
        read_capped(tmp_path / "missing", 100)
    with pytest.raises(FileProblem, match="NUL character"):
        read_capped(str(tmp_path / "a\x00b"), 100)


def test_new_files_follow_the_umask_and_existing_files_keep_their_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640  # not mkstemp's 0600
    existing = tmp_path / "old.json"
    existing.write_text("old")
    existing.chmod(0o644)
    atomic_write_text(existing, "new")
    assert existing.read_text() == "new" and stat.S_IMODE(existing.stat().st_mode) == 0o644


def test_symlinks_are_written_through(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "t.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["t.json"]  # the temp file went there too


def test_special_targets_are_refused_and_nothing_is_left_behind(tmp_path):
    with pytest.raises(FileProblem, match="is a character device; only regular files are written"):
        atomic_write_text("/dev/null", "x")
    (tmp_path / "dev.json").symlink_to("/dev/null")
    with pytest.raises(FileProblem, match="is a character device"):
        write_target(tmp_path / "dev.json")
    with pytest.raises(FileProblem, match="is a directory"):
        write_target(tmp_path)
    with pytest.raises(FileProblem, match="file not found"):
        write_target(tmp_path / "no" / "x.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dev.json"]


def test_a_failed_write_removes_its_temporary_file(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(FileProblem, match="No space left"):
        atomic_write_text(tmp_path / "x.json", "data")
    assert list(tmp_path.iterdir()) == []


def test_stale_temporary_files_of_a_killed_save_are_removed_on_the_next_save(tmp_path):
    old = tmp_path / ".exp.json.ab12cd34.tmp"
    fresh = tmp_path / ".exp.json.zz99yy88.tmp"  # maybe a save in progress elsewhere: kept
    foreign = tmp_path / ".notes.tmp"  # not our pattern: kept
    for path in (old, fresh, foreign):
        path.write_text("{")
    past = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(old, (past, past))
    os.utime(foreign, (past, past))
    atomic_write_text(tmp_path / "other.json", "{}")
    assert not old.exists() and fresh.exists() and foreign.exists()
    assert remove_stale_temps(tmp_path, now=time.time() + 2 * STALE_TEMP_SECONDS) == [fresh]

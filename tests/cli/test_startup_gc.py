"""The collector paused while the app starts (playground.startup_gc): off during start-up, back on after."""

from __future__ import annotations

import gc

import pytest

from playground import cli, startup_gc


@pytest.fixture
def collector_on():
    """Each test starts with the collector on and nothing frozen, and leaves it so."""
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()
    startup_gc.resume()


def test_pause_then_resume_turns_collection_off_then_on(collector_on):
    startup_gc.pause()
    assert not gc.isenabled() and startup_gc.is_paused()
    startup_gc.resume()
    assert gc.isenabled() and not startup_gc.is_paused()
    startup_gc.resume()  # twice is harmless
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off(collector_on):
    gc.disable()  # e.g. a host application or a profiler
    startup_gc.pause()
    startup_gc.resume_after_start()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_after_the_first_frame_what_start_up_built_is_frozen_and_collection_runs(collector_on):
    startup_gc.pause()
    built = [object() for _ in range(10)]  # tracked objects made while paused
    startup_gc.resume_after_start()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(built)


def test_a_headless_command_runs_with_the_collector_on(collector_on, monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(cli, "_train", lambda args: seen.append(gc.isenabled()) or 0)
    assert cli.main(["train", str(tmp_path / "any.json")]) == 0
    assert seen == [True]
    assert gc.get_freeze_count() == 0  # only the app freezes, once its window is up


@pytest.mark.parametrize("argv", [["--version"], ["train"], ["no-such-command", "x", "y"]])
def test_the_collector_is_back_on_however_parsing_ends(collector_on, capsys, argv):
    cli.main(argv)
    capsys.readouterr()
    assert gc.isenabled() and not startup_gc.is_paused()

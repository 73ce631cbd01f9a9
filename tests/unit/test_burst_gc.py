"""The engine keeps the cyclic garbage collector out of a burst, and always gives it back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from server.engine.runner import BURST_AHEAD, BURST_CYCLE, BURST_IDLE, BURST_MAX, _BurstGc


@pytest.fixture
def burst() -> Iterator[_BurstGc]:
    assert gc.isenabled()
    b = _BurstGc()
    try:
        yield b
    finally:
        b.stop()
        gc.enable()


def test_a_burst_sized_cycle_turns_it_off_until_the_burst_is_over(burst: _BurstGc) -> None:
    burst.saw(BURST_CYCLE - 1, 100.0)
    assert gc.isenabled() and not burst.off and burst.due is None
    burst.saw(BURST_CYCLE, 100.0)
    assert not gc.isenabled() and burst.off
    assert burst.due == pytest.approx(100.0 + BURST_IDLE)
    # Small cycles and timer wake-ups do not end it before BURST_IDLE without a burst-sized cycle...
    burst.saw(3, 100.0 + BURST_IDLE / 2)
    burst.saw(0, 100.0 + BURST_IDLE * 0.9)
    assert not gc.isenabled()
    burst.saw(BURST_CYCLE * 2, 101.5)
    assert burst.due == pytest.approx(101.5 + BURST_IDLE)
    # ... and then it is back.
    burst.saw(0, 101.5 + BURST_IDLE)
    assert gc.isenabled() and not burst.off and burst.due is None


def test_uninterrupted_load_gets_a_collection_after_burst_max(burst: _BurstGc) -> None:
    t = 0.0
    while t < BURST_MAX:
        burst.saw(BURST_CYCLE, t)
        assert not gc.isenabled()
        t += BURST_IDLE / 2
    burst.saw(BURST_CYCLE, BURST_MAX)
    assert gc.isenabled()


def test_ahead_of_t0_it_collects_then_stays_off_until_after_t0(burst: _BurstGc) -> None:
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(info["collected"])

    gc.callbacks.append(seen)
    try:
        burst.ahead(50.0, 50.0 + BURST_AHEAD)
    finally:
        gc.callbacks.remove(seen)
    assert len(full) == 1  # one full collection, now, while the hall waits
    assert not gc.isenabled()
    burst.saw(0, 50.0 + BURST_AHEAD)  # T0, before the picks arrive
    assert not gc.isenabled()
    burst.saw(0, 50.0 + BURST_AHEAD + BURST_IDLE)
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_is_left_to_them(burst: _BurstGc) -> None:
    gc.disable()
    burst.saw(BURST_CYCLE, 0.0)
    burst.ahead(0.0, 1.0)
    assert not burst.off
    burst.saw(0, 10.0)
    assert not gc.isenabled()  # not turned on by the engine: not its to turn on

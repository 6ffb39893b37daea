"""OutageLog: one line when an outage starts, one when it ends, the failures between at DEBUG."""

from __future__ import annotations

import logging

import pytest

from rag.outage import OutageLog


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level]


def test_a_flood_of_failures_is_one_warning_and_the_recovery_one_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    outage = OutageLog(logging.getLogger("test.outage"), "the endpoint", quiet_seconds=60, clock=clock)
    with caplog.at_level(logging.DEBUG, logger="test.outage"):
        starts = [outage.failed("call %d failed", n) for n in range(50)]
        outage.succeeded()  # within the quiet spell: a flapping endpoint is the same outage
        clock.now += 30
        outage.failed("call %d failed", 50)
        clock.now += 61
        outage.succeeded()
        outage.succeeded()
    assert starts == [True] + [False] * 49
    assert lines(caplog, logging.WARNING) == ["call 0 failed"]
    assert len(lines(caplog, logging.DEBUG)) == 50
    assert lines(caplog, logging.INFO) == ["the endpoint is back after an outage (51 failed requests)"]


def test_the_next_outage_is_logged_again(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    outage = OutageLog(logging.getLogger("test.outage"), "the API", logging.ERROR, 10, clock)
    with caplog.at_level(logging.DEBUG, logger="test.outage"):
        outage.failed("first")
        clock.now += 11
        outage.succeeded()
        outage.failed("second")
        clock.now += 3600  # no success seen, but an hour later it is news again
        outage.failed("third")
    assert lines(caplog, logging.ERROR) == ["first", "second", "third"]


def test_successes_alone_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    outage = OutageLog(logging.getLogger("test.outage"), "the API")
    with caplog.at_level(logging.DEBUG, logger="test.outage"):
        for _ in range(5):
            outage.succeeded()
    assert caplog.records == []

"""The one retry loop (rag/retry.py) that the store, the LLM client and the HTTP fetcher share."""

from __future__ import annotations

import pytest

from rag.retry import Backoff, retrying


class Flaky:
    """Fails with `errors` in turn, then returns "ok"."""

    def __init__(self, *errors: Exception) -> None:
        self.errors, self.calls = list(errors), 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def test_transient_errors_are_retried_with_exponential_backoff() -> None:
    slept: list[float] = []
    retries: list[tuple[int, float]] = []
    flaky = Flaky(ConnectionError("a"), ConnectionError("b"))
    result = retrying(
        flaky,
        Backoff(retries=3, seconds=0.5),
        lambda error: isinstance(error, ConnectionError),
        on_retry=lambda error, attempt, delay: retries.append((attempt, delay)),
        sleep=slept.append,
    )
    assert (result, flaky.calls) == ("ok", 3)
    assert slept == [0.5, 1.0]
    assert retries == [(0, 0.5), (1, 1.0)]


def test_the_last_transient_error_propagates_after_every_attempt() -> None:
    slept: list[float] = []
    flaky = Flaky(*(TimeoutError(str(n)) for n in range(5)))
    with pytest.raises(TimeoutError, match=r"^2$"):
        retrying(flaky, Backoff(2, 1.0), lambda error: True, sleep=slept.append)
    assert flaky.calls == 3
    assert slept == [1.0, 2.0]  # no wait after the last attempt


def test_other_errors_are_not_retried() -> None:
    flaky = Flaky(ValueError("bad request"))
    with pytest.raises(ValueError, match="bad request"):
        retrying(flaky, Backoff(3, 1.0), lambda error: isinstance(error, ConnectionError), sleep=print)
    assert flaky.calls == 1


def test_a_wait_the_server_asks_for_replaces_the_backoff() -> None:
    slept: list[float] = []
    flaky = Flaky(ConnectionError("429"), ConnectionError("503"))
    retrying(
        flaky,
        Backoff(3, 1.0),
        lambda error: True,
        server_delay=lambda error: 7.0 if str(error) == "429" else None,
        sleep=slept.append,
    )
    assert slept == [7.0, 2.0]


def test_no_retries_means_one_attempt() -> None:
    flaky = Flaky(ConnectionError("down"))
    with pytest.raises(ConnectionError):
        retrying(flaky, Backoff(0, 1.0), lambda error: True, sleep=lambda _: None)
    assert flaky.calls == 1

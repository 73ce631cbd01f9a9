"""The server's timed work: one daemon thread that runs each family's round every few seconds.

A round does its own transactions and publishes after they commit; a failing round is logged and tried again
next time, and never stops the others (CRM pool returns and reminders, face retention and risk rules).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
Round = Callable[[], None]


class Scheduler:
    """`rounds` run in order every `interval` seconds until `stop`."""

    def __init__(self, rounds: dict[str, Round], interval: float = 30.0) -> None:
        self._rounds = rounds
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="showroom-scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def run_once(self) -> None:
        for name, round_ in self._rounds.items():
            try:
                round_()
            except Exception:
                log.exception("timed job %s failed; retrying next round", name)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self.run_once()

"""What PostgreSQL's client backends are doing during a burst, sampled from pg_stat_activity.

Every `interval` s a thread of the benchmark reads the state, the first words of the statement and the wait event
of every client backend that is not idle, and counts them. For the engine's writer, "active ... CPU" is
PostgreSQL working, "active ... ClientRead" and "idle in transaction" are PostgreSQL waiting on the writer thread
(whose Python needs the GIL), IO waits are the disk (WalSync, WalInitWrite, ...). One sampling connection, one
small query each time: a few percent of a core.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import psycopg2

QUERY = (
    "SELECT state, split_part(ltrim(query), ' ', 1) || ' ' || split_part(ltrim(query), ' ', 2),"
    " coalesce(wait_event_type || ':' || wait_event, 'CPU')"
    " FROM pg_stat_activity WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()"
)


class WaitSampler:
    """Samples from `start_ns` (time.time_ns) until stop()."""

    def __init__(self, url: str, start_ns: int, interval: float = 0.003) -> None:
        self.samples = 0
        self.seen: Counter[tuple[str, str, str]] = Counter()
        self._url, self._start_ns, self._interval = url, start_ns, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-waits", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = psycopg2.connect(self._url)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                if self._stop.wait(max(0.0, (self._start_ns - time.time_ns()) / 1e9)):
                    return
                while not self._stop.is_set():
                    cur.execute(QUERY)
                    self.seen.update((state, statement, wait) for state, statement, wait in cur.fetchall())
                    self.samples += 1
                    self._stop.wait(self._interval)
        finally:
            conn.close()

    def stop(self) -> str:
        """Stops; returns the summary: the commonest (state, statement, wait), in % of the samples."""
        self._stop.set()
        self._thread.join(timeout=10)
        lines = [f"            PostgreSQL client backends, {self.samples} samples (% of samples):"]
        for (state, statement, wait), n in self.seen.most_common(12):
            lines.append(f"              {100 * n / max(1, self.samples):4.0f} %  {state:<20} {statement:<24} {wait}")
        return "\n".join(lines)

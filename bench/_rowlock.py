"""The row-locking baseline: how most systems sell units, a conditional UPDATE per choice from a pool of connections.

A table of units in its own database of the same embedded PostgreSQL (default settings, so every commit
waits for its WAL flush, as the engine's group commit does). Each connection takes the next buyer and
tries their ranked choices in order with `UPDATE ... WHERE id = %s AND status = 'available'` until one row
changes, then commits: one transaction per buyer request.
"""

from __future__ import annotations

import itertools
import threading
import time
from array import array
from collections import Counter
from dataclasses import dataclass

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import make_dsn, parse_dsn

DATABASE = "bench_rowlock"
SELL = "UPDATE units SET status = 'sold', buyer = %s WHERE id = %s AND status = 'available'"


@dataclass(frozen=True, slots=True)
class RowlockResult:
    seconds: float  # from the start to the last commit
    lat_ns: array[int]  # per buyer: from the start to its commit
    allocated: int
    double_sold: int  # units with more than one buyer (the table cannot hold it; counted from the UPDATEs)

    @property
    def decisions_per_s(self) -> float:
        return len(self.lat_ns) / self.seconds


def database_url(server_url: str) -> str:
    """The baseline's database on the same PostgreSQL server as `server_url` (created if missing)."""
    conn = psycopg2.connect(server_url)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    finally:
        conn.close()
    return str(make_dsn(**{**parse_dsn(server_url), "dbname": DATABASE}))


def reset(url: str, units: int) -> None:
    """Every unit available again."""
    conn = psycopg2.connect(url)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS units (id int PRIMARY KEY, status text NOT NULL, buyer int)")
            cur.execute("TRUNCATE units")
            cur.execute("INSERT INTO units SELECT g, 'available', NULL FROM generate_series(1, %s) g", (units,))
            cur.execute("VACUUM ANALYZE units")
    finally:
        conn.close()


def run(url: str, choices: list[list[int]], connections: int = 8) -> RowlockResult:
    """Serves every buyer once (choices are 0-based unit indexes) from `connections` threads."""
    n = len(choices)
    lat_ns = array("q", bytes(8 * n))
    won: list[int | None] = [None] * n
    counter = itertools.count()  # next() on it is atomic under the GIL
    conns = [psycopg2.connect(url) for _ in range(connections)]
    start = threading.Barrier(connections + 1)
    t0 = 0

    def serve(conn: psycopg2.extensions.connection) -> None:
        start.wait()
        with conn.cursor() as cur:
            while (i := next(counter)) < n:
                for unit in choices[i]:
                    cur.execute(SELL, (i, unit + 1))
                    if cur.rowcount == 1:
                        won[i] = unit
                        break
                conn.commit()
                lat_ns[i] = time.perf_counter_ns() - t0

    threads = [threading.Thread(target=serve, args=(c,), name=f"rowlock-{k}") for k, c in enumerate(conns)]
    for t in threads:
        t.start()
    t0 = time.perf_counter_ns()
    start.wait()
    for t in threads:
        t.join()
    for c in conns:
        c.close()
    sold = Counter(u for u in won if u is not None)
    return RowlockResult(
        seconds=max(lat_ns) / 1e9,
        lat_ns=lat_ns,
        allocated=len(sold),
        double_sold=sum(1 for count in sold.values() if count > 1),
    )

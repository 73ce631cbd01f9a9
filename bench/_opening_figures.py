"""The opening benchmark's workload and figures: the buyers' choices, each phase's numbers, their printing."""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import platform
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import zmq

from bench import _rowlock as rowlock
from bench._common import median, percentile
from bench._cpu import CpuUsage

TARGETS = {"vs_echo": 0.5, "vs_rowlock": 5.0, "p99_s": 1.0}


# --- the workload ---------------------------------------------------------------------------------


def draw_choices(rng: random.Random, buyers: int, units: int, fewest: int, most: int, skew: float) -> list[list[int]]:
    """Each buyer's 3-5 ranked, distinct unit indexes; unit popularity follows Zipf(skew) over a shuffled order,
    so a few units are everyone's favourites and some nobody names."""
    by_rank = list(range(units))
    rng.shuffle(by_rank)
    cum = list(itertools.accumulate(1.0 / (rank + 1) ** skew for rank in range(units)))
    out = []
    for _ in range(buyers):
        wanted = min(units, rng.randint(fewest, most))
        ranked: list[int] = []
        while len(ranked) < wanted:
            unit = by_rank[bisect.bisect_left(cum, rng.random() * cum[-1])]
            if unit not in ranked:
                ranked.append(unit)
        out.append(ranked)
    return out


def demand_summary(choices: list[list[int]], units: int) -> str:
    first = Counter(c[0] for c in choices)
    named = {u for c in choices for u in c}
    top = sum(n for _, n in first.most_common(max(1, units // 100)))
    return (
        f"{len(named):,} of {units:,} units named at all; the most wanted 1 % of units are {top / len(choices):.0%} "
        f"of first choices; the favourite is first choice of {first.most_common(1)[0][1]:,} buyers"
    )


# --- one phase's figures ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phase:
    """One burst: answers (by T0-relative latency, seconds, sorted), senders, resends and CPU."""

    lat: list[float]
    total: int
    resent: int
    cpu: CpuUsage

    @property
    def answered(self) -> int:
        return len(self.lat)

    @property
    def seconds(self) -> float:
        return self.lat[-1] if self.lat else float("nan")

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.lat else 0.0

    def p(self, q: float) -> float:
        return percentile(self.lat, q)


def phase_from(results: list[dict[str, Any]], t0_ns: int, cpu: CpuUsage) -> Phase:
    at = [t for r in results for t in r["at_ns"] if t]
    attempts = [a for r in results for a in r["attempts"]]
    return Phase(sorted((t - t0_ns) / 1e9 for t in at), len(attempts), sum(attempts) - len(attempts), cpu)


@dataclass(slots=True)
class Checked:
    """What the replies, the fairness log and the database say happened."""

    outcomes: Counter[str]
    allocated: int
    log_rows: int
    double_sells: dict[str, int]  # per source
    unanswered: int
    problems: list[str]


@dataclass(slots=True)
class RunResult:
    engine: Phase
    echo: Phase
    rowlock: rowlock.RowlockResult
    rowlock_cpu: CpuUsage
    checked: Checked
    sizes: list[int]  # pick envelope sizes, bytes


# --- output ----------------------------------------------------------------------------------------


def _us_per(cpu: CpuUsage, count: int, *names: str) -> str:
    return "  ".join(f"{n} {cpu.seconds[n] / count * 1e6:,.0f}" for n in names) if count else "-"


def print_run(r: RunResult) -> None:
    e, x, b, c = r.engine, r.echo, r.rowlock, r.checked
    print(
        f"    engine  {e.answered:>6,}/{e.total:,} answered in {e.seconds:.2f} s = {e.rate:>7,.0f} decisions/s  "
        f"p50 {e.p(0.5):.3f}  p95 {e.p(0.95):.3f}  p99 {e.p(0.99):.3f} s  resent {e.resent}  "
        f"cpu us/decision: {_us_per(e.cpu, e.answered, 'server', 'postgres', 'clients')}  "
        f"machine busy {e.cpu.busy:.0f} %, others {e.cpu.others:.0f} % of a core"
    )
    threads = [n for n in e.cpu.seconds if n.startswith("server.")]
    print(f"            server cpu us/decision by thread: {_us_per(e.cpu, e.answered, *threads)}")
    print(
        "            outcomes: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(c.outcomes.items()))
        + f"; {c.allocated:,} units allocated; double-sells "
        + ", ".join(f"{k} {v}" for k, v in c.double_sells.items())
        + f"; fairness log {c.log_rows:,} rows"
    )
    print(
        f"    echo    {x.answered:>6,}/{x.total:,} answered in {x.seconds:.2f} s = {x.rate:>7,.0f} msgs/s       "
        f"p50 {x.p(0.5):.3f}  p95 {x.p(0.95):.3f}  p99 {x.p(0.99):.3f} s  resent {x.resent}  "
        f"cpu us/msg: {_us_per(x.cpu, x.answered, 'echo', 'clients')}  "
        f"machine busy {x.cpu.busy:.0f} %, others {x.cpu.others:.0f} % of a core"
    )
    lat = sorted(t / 1e9 for t in b.lat_ns)
    print(
        f"    rowlock {len(lat):>6,} decided in {b.seconds:.2f} s = {b.decisions_per_s:>7,.0f} decisions/s  "
        f"p50 {percentile(lat, 0.5):.3f}  p99 {percentile(lat, 0.99):.3f} s  {b.allocated:,} units sold  "
        f"cpu us/decision: {_us_per(r.rowlock_cpu, len(lat), 'postgres', 'bench')}  "
        f"machine busy {r.rowlock_cpu.busy:.0f} %, others {r.rowlock_cpu.others:.0f} % of a core"
    )
    for problem in c.problems:
        print(f"    PROBLEM: {problem}")
    print(flush=True)


def _verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def report(args: argparse.Namespace, runs: list[RunResult], background: float) -> None:
    def med(values: list[float]) -> float:
        return median(values)

    vs_echo = [r.engine.rate / r.echo.rate for r in runs]
    vs_rowlock = [r.engine.rate / r.rowlock.decisions_per_s for r in runs]
    p99 = med([r.engine.p(0.99) for r in runs])
    sizes = "/".join(str(n) for n in sorted({n for r in runs for n in r.sizes}))
    print("Showroom opening benchmark: ONE pick per buyer at T0, every buyer on its own CURVE DEALER socket, LOOPBACK")
    print(
        f"  machine: {os.cpu_count()} CPU(s), {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}, pyzmq {zmq.pyzmq_version()}, libzmq {zmq.zmq_version()}; before start other "
        f"processes used {background:.0f} % of a core"
        + ("  (NOT quiet: figures disturbed)" if background > 20 else " (quiet)")
    )
    print(
        f"  {args.buyers:,} buyers in {args.processes} load-generator processes, {args.units:,} units, 3-5 ranked "
        f"choices each (Zipf skew {args.skew:g}); pick envelope {sizes} bytes; {len(runs)} run(s), medians below"
    )
    print()
    print(f"{'phase':<34} {'per s':>9} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} {'busy %':>6} {'others %':>8}")
    rows = [
        ("engine: durable decisions", [r.engine for r in runs]),
        ("raw echo (CURVE): msgs", [r.echo for r in runs]),
    ]
    for label, phases in rows:
        print(
            f"{label:<34} {med([p.rate for p in phases]):>9,.0f} {med([p.p(0.5) for p in phases]):>7.3f} "
            f"{med([p.p(0.95) for p in phases]):>7.3f} {med([p.p(0.99) for p in phases]):>7.3f} "
            f"{med([p.cpu.busy for p in phases]):>6.0f} {med([p.cpu.others for p in phases]):>8.0f}"
        )
    rl = [sorted(t / 1e9 for t in r.rowlock.lat_ns) for r in runs]
    print(
        f"{'row locking, ' + str(args.connections) + ' connections':<34} "
        f"{med([r.rowlock.decisions_per_s for r in runs]):>9,.0f} {med([percentile(x, 0.5) for x in rl]):>7.3f} "
        f"{med([percentile(x, 0.95) for x in rl]):>7.3f} {med([percentile(x, 0.99) for x in rl]):>7.3f} "
        f"{med([r.rowlock_cpu.busy for r in runs]):>6.0f} {med([r.rowlock_cpu.others for r in runs]):>8.0f}"
    )
    print()
    per_run = ", ".join(f"{v:.2f}" for v in vs_echo)
    print(
        f"HEADLINE engine / raw echo      = {med(vs_echo):.2f}  (per run: {per_run}; target >= "
        f"{TARGETS['vs_echo']}: {_verdict(med(vs_echo) >= TARGETS['vs_echo'])})"
    )
    per_run = ", ".join(f"{v:.1f}" for v in vs_rowlock)
    print(
        f"HEADLINE engine / row locking   = {med(vs_rowlock):.1f}  (per run: {per_run}; target >= "
        f"{TARGETS['vs_rowlock']}: {_verdict(med(vs_rowlock) >= TARGETS['vs_rowlock'])})"
    )
    print(
        f"HEADLINE engine p99 from T0     = {p99:.3f} s  (target <= {TARGETS['p99_s']} s at 10,000 buyers: "
        + (_verdict(p99 <= TARGETS["p99_s"]) if args.buyers >= 10_000 else f"not judged with {args.buyers:,}")
        + ")"
    )
    double = sum(v for r in runs for v in r.checked.double_sells.values())
    unanswered = sum(r.checked.unanswered for r in runs)
    problems = sum(len(r.checked.problems) for r in runs)
    print(
        f"INVARIANTS double-sells {double} (replies, fairness log, database; must be 0), unanswered buyers "
        f"{unanswered} (must be 0), other problems {problems - (unanswered > 0)}: "
        + ("OK" if not problems else "FAILED")
    )

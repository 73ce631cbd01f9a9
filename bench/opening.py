"""An opening's T0 through the real server: durable decisions per second, against a raw echo and row locking.

    .venv/bin/python -m bench.opening [--buyers 10000] [--units 2000] [--processes 4] [--runs 3]
        [--connections 8] [--skew 1.0] [--retry-after 5] [--give-up 60] [--lead S] [--workers 4] [--seed 2024]
        [--kiosks N] [--data-dir DIR] [--profile DIR [--profile-gil | --profile-native]]

One server process (a real ServerApp: embedded PostgreSQL in a temporary data directory, CURVE, sessions, the
reservation engine), one raw echo process and `--processes` load-generator processes, all started once. Each
load generator holds `--buyers / --processes` DEALER sockets to the server and as many to the echo, every one
with its own CURVE keypair (zmq.MAX_SOCKETS is raised: the default is 1,023 sockets per context). A socket costs
about two file descriptors, so a load generator needs ~4 per buyer under `ulimit -n` (20,000 here: at most
~4,950 buyers per process, hence 4 processes for 10,000; the benchmark refuses settings that do not fit). Each
run, on one workload, one phase after the other:

* engine  - a fresh project of `--units` units and a rush opening on them (units imported from Excel by an
            admin, the opening created and its 认筹 list of `--buyers` buyers imported by a sales manager,
            over the protocol). Every buyer signs in with `buyer.login` before T0 (the opening's starts_at,
            `--lead` s after its creation; the run fails if the sign-ins are not all done by then). At T0 every
            buyer sends ONE `buyer.pick` of 3-5 ranked units, drawn with Zipf(`--skew`) popularity so that
            many want the same units, and resends the very same envelope (same idempotency key) if unanswered
            after `--retry-after` s. Then the replies, the exported fairness log (its hash chain, numbering and
            quotas checked by server.engine.fairness.verify) and the database (opening_buyers.allocated and
            units.buyer_id) must agree, no unit may have two buyers, every buyer must have had an answer, and
            no answer may be an error reply;
* echo    - a bare pyzmq ROUTER with CURVE that sends every message back: the same number of DEALER sockets in
            the same processes each send their buyer's pick envelope (the same bytes, so the same sizes) once
            at a common T0, after a warm-up burst;
* rowlock - the same buyers' choices served by `--connections` PostgreSQL connections (threads of this
            process) in the same embedded PostgreSQL (default settings: every commit waits for its WAL
            flush), `UPDATE units SET status = 'sold', buyer = %s WHERE id = %s AND status = 'available'` for
            each choice in order until one row changes, one transaction per buyer.

It prints, per run and phase: answers / senders, the seconds from T0 to the last answer, decisions (or
messages) per second = answers / those seconds, p50/p95/p99 from T0 to each answer, resends, CPU per
decision (server, PostgreSQL with its backends, load generators; the server also by thread: engine, writer,
I/O, workers and libzmq's own threads), the whole machine's busy % and the CPU other people's processes used
meanwhile ("others", in % of one core: near 0 on a quiet machine), the load average; the engine's outcomes,
units allocated, double sells per source (replies, fairness log, database) and fairness-log rows. Then a table
of medians over the runs and the HEADLINE ratios engine / raw echo and engine / row locking (per run, then
their median) and the engine's p99, each against its target (>= 0.5, >= 5, <= 1 s judged at 10,000 buyers), and
the INVARIANTS line (double sells and unanswered buyers must be 0).

With --kiosks N, an opening hall's kiosks are there too: N more CURVE SUB sockets (in a process of their own)
subscribed as a kiosk is (its opening's events and heartbeats), from before the first run to the last; each
run then also prints the events each kiosk received during the T0 burst (all must have the same), by type,
and when the last one arrived. Off by default: the headline is the issue's workload.

With --pg-waits, each engine phase also prints what PostgreSQL's client backends were doing during the burst
(state, statement, wait event), sampled from pg_stat_activity every 3 ms (bench/_pgwaits.py).

With --profile DIR, py-spy (`.venv/bin/pip install py-spy`; not a project dependency) samples the server
during each engine phase, writes DIR/server-runN.txt (collapsed stacks) and prints each thread's busiest
functions; --profile-gil samples only the thread holding the GIL, --profile-native adds C frames and
libzmq's threads (and slows the server: read shares, not rates).

Exits 1 when a hard invariant fails (a unit sold twice, a buyer unanswered or answered with an error, the
log or the database disagreeing with the replies), 2 when the benchmark itself could not run, 130 on Ctrl-C;
the server, its PostgreSQL and every child process are stopped in every case.
"""

from __future__ import annotations

import argparse
import functools
import math
import multiprocessing as mp
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import zmq

from bench import _opening_checks as checks
from bench import _rowlock as rowlock
from bench._buyers import BuyerSpec, buyers_main
from bench._common import (
    BENCH_PASSWORD,
    BenchDir,
    Child,
    echo_main,
    end,
    percentile,
    server_main,
    spawn,
    unwind_on_signals,
)
from bench._cpu import (
    CpuSample,
    background_cpu,
    cpu_sample,
    cpu_seconds,
    cpu_usage,
    loadavg,
    postgres_cpu_seconds,
    thread_cpu_seconds,
)
from bench._opening_figures import (
    Checked,
    Phase,
    RunResult,
    demand_summary,
    draw_choices,
    phase_from,
    print_run,
    report,
)
from bench._pgwaits import WaitSampler
from bench._profile import Recording
from bench._profile import summary as profile_summary
from bench._subscribers import kiosks_main
from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from shared.domain import OpeningMode, OpeningStatus
from shared.protocol.messages.catalog import BoardRequest, CreateProjectRequest, ImportUnitsRequest
from shared.protocol.messages.opening import CreateOpeningRequest, ImportBuyersRequest, OpeningRef
from tests.factories import buyer_login, buyers_xlsx, units_xlsx

UNITS_PER_BUILDING = 100  # 20 floors x 5 units
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _wall_ns(at: datetime) -> int:
    return (at - EPOCH) // timedelta(microseconds=1) * 1000


# --- the processes --------------------------------------------------------------------------------


@dataclass(slots=True)
class Children:
    server: Child | None = None
    echo: Child | None = None
    workers: list[Child] = field(default_factory=list)
    kiosks: Child | None = None

    def stop(self, interrupted: bool) -> None:
        for w in self.workers:
            end(w, 1 if interrupted else 10, ("exit",))
        end(self.kiosks, 5, ("exit",))
        end(self.echo, 5)
        end(self.server, 120)


@dataclass(frozen=True, slots=True)
class Setup:
    pairing: Pairing
    staff: dict[str, str]
    database_url: str
    pgdata: Path
    slices: list[range]  # which buyers each worker drives


def start(args: argparse.Namespace, ctx: Any, children: Children, data_dir: Path) -> Setup:
    server_args = (str(data_dir), 0, args.workers, 1000, ("admin", "sales_manager"))
    children.server = spawn(ctx, "server", server_main, *server_args)
    info = children.server.expect(180, "ready")
    public, secret = zmq.curve_keypair()
    children.echo = spawn(ctx, "echo", echo_main, secret, public)
    if not children.echo.conn.poll(30):
        raise RuntimeError("the echo server did not start")
    echo_port = children.echo.conn.recv()
    n, k = args.buyers, args.processes
    slices = [range(i * n // k, (i + 1) * n // k) for i in range(k)]
    for i, part in enumerate(slices):
        spec = {
            "pairing": info["pairing"],
            "count": len(part),
            "echo_endpoint": f"tcp://127.0.0.1:{echo_port}",
            "echo_public": public,
        }
        children.workers.append(spawn(ctx, f"buyers{i}", buyers_main, spec))
    for w in children.workers:
        w.expect(300, "ready")
    if args.kiosks:
        children.kiosks = spawn(ctx, "kiosks", kiosks_main, {"pairing": info["pairing"], "count": args.kiosks})
        children.kiosks.expect(180, "ready")
    return Setup(Pairing.load(Path(info["pairing"])), info["staff"], info["database_url"], Path(info["pgdata"]), slices)


# The server's threads by name: its per-thread CPU shows where a decision's cost goes.
SERVER_THREADS = {
    "engine": "showroom-engine",
    "writer": "showroom-engine-writer",
    "io": "showroom-io",
    "workers": "showroom-worker",
}


def cpu_groups(children: Children, setup: Setup) -> dict[str, Callable[[], float]]:
    assert children.server is not None and children.echo is not None
    server, echo, clients = [children.server.pid], [children.echo.pid], [w.pid for w in children.workers]
    children.server.conn.send("threads")
    names: dict[int, str] = children.server.expect(30, "threads")
    threads = {
        f"server.{label}": functools.partial(
            thread_cpu_seconds,
            children.server.pid,
            frozenset(tid for tid, name in names.items() if name == prefix or name.startswith(prefix + "_")),
        )
        for label, prefix in SERVER_THREADS.items()
    }
    return {
        "server": functools.partial(cpu_seconds, server),
        **threads,
        "server.zmq": functools.partial(thread_cpu_seconds, children.server.pid, None, "ZMQbg"),
        "postgres": functools.partial(postgres_cpu_seconds, setup.pgdata),
        "echo": functools.partial(cpu_seconds, echo),
        "clients": functools.partial(cpu_seconds, clients),
        "kiosks": functools.partial(cpu_seconds, [children.kiosks.pid] if children.kiosks else []),
        "bench": functools.partial(cpu_seconds, [os.getpid()]),
    }


def ask_all(workers: list[Child], message: tuple[Any, ...], reply: str, timeout: float) -> list[dict[str, Any]]:
    for w in workers:
        w.conn.send(message)
    return [w.expect(timeout, reply) for w in workers]


# --- one run --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Opening:
    id: int
    t0_ns: int
    unit_ids: list[int]


def open_sale(admin: SyncClient, manager: SyncClient, args: argparse.Namespace, run: int) -> Opening:
    """A fresh project with its units, and a rush opening on them whose T0 is `lead` seconds away."""
    project = admin.call("projects.create", CreateProjectRequest(name=f"压测楼盘 {run} {os.getpid()}"))
    buildings = math.ceil(args.units / UNITS_PER_BUILDING)
    content = units_xlsx(buildings, floors=20, per_floor=UNITS_PER_BUILDING // 20)
    admin.call("units.import", ImportUnitsRequest(project_id=project.id, filename="units.xlsx", content=content))
    board = admin.call("board.snapshot", BoardRequest(project_id=project.id))
    unit_ids = sorted(u.id for u in board.units)[: args.units]
    buyers_file = buyers_xlsx(args.buyers)
    starts_at = datetime.now(UTC) + timedelta(seconds=args.lead)
    info = manager.call(
        "openings.create",
        CreateOpeningRequest(
            project_id=project.id, name=f"压测首开 {run}", mode=OpeningMode.RUSH, starts_at=starts_at, unit_ids=unit_ids
        ),
    )
    manager.call(
        "openings.import_buyers", ImportBuyersRequest(opening_id=info.id, filename="buyers.xlsx", content=buyers_file)
    )
    return Opening(info.id, _wall_ns(info.starts_at), unit_ids)


def sign_in(workers: list[Child], setup: Setup, sale: Opening, choices: list[list[int]]) -> tuple[list[int], list[int]]:
    """Every buyer signs in; returns the buyer ids in buyer order and the pick envelopes' sizes. Fails when T0
    came first."""
    for w, part in zip(workers, setup.slices, strict=True):
        specs: list[BuyerSpec] = [(*buyer_login(i), [sale.unit_ids[u] for u in choices[i]]) for i in part]
        w.conn.send(("login", sale.id, specs))
    results = [w.expect(240, "logged_in") for w in workers]
    left = (sale.t0_ns - time.time_ns()) / 1e9
    lat = sorted(t for r in results for t in r["lat"])
    print(
        f"    {len(lat):,} buyers signed in: p50 {percentile(lat, 0.5):.2f} s, p99 {percentile(lat, 0.99):.2f} s, "
        f"last {lat[-1]:.2f} s, resent {sum(r['resent'] for r in results)}; T0 in {left:.1f} s"
    )
    if left < 0.5:
        raise RuntimeError(f"the buyers were not all signed in before T0: raise --lead (now {left:.1f} s to T0)")
    return [b for r in results for b in r["buyer_ids"]], sorted({n for r in results for n in r["sizes"]})


def rush(
    children: Children,
    groups: dict[str, Callable[[], float]],
    t0_ns: int,
    args: argparse.Namespace,
    run: int,
    database_url: str,
) -> tuple[Phase, list[dict[str, Any]]]:
    """Every buyer picks at T0; with --profile, py-spy watches the server meanwhile."""
    workers = children.workers
    retry_ns, deadline_ns = int(args.retry_after * 1e9), t0_ns + int(args.give_up * 1e9)
    for w in workers:
        w.conn.send(("pick", t0_ns, retry_ns, deadline_ns))
    recording = None
    if args.profile is not None and children.server is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
        time.sleep(max(0.0, (t0_ns - time.time_ns()) / 1e9 - 1.0))  # py-spy needs a moment to attach
        out = args.profile / f"server-run{run + 1}.txt"
        recording = Recording(children.server.pid, out, gil=args.profile_gil, native=args.profile_native)
    waits = WaitSampler(database_url, t0_ns) if args.pg_waits else None
    before = _sample_at(groups, t0_ns)
    results = [w.expect(args.give_up + 120, "picked") for w in workers]
    phase = phase_from(results, t0_ns, cpu_usage(before, cpu_sample(groups)))
    if waits is not None:
        print(waits.stop(), flush=True)
    if recording is not None:
        problem = recording.stop()
        print(problem or profile_summary(recording.out), flush=True)
    return phase, results


def echo_burst(workers: list[Child], groups: dict[str, Callable[[], float]], args: argparse.Namespace) -> Phase:
    retry_ns = int(args.retry_after * 1e9)
    warm = time.time_ns() + 100_000_000
    ask_all(workers, ("echo", warm, retry_ns, warm + int(args.give_up * 1e9)), "echoed", args.give_up + 60)
    t0_ns = time.time_ns() + 1_000_000_000
    for w in workers:
        w.conn.send(("echo", t0_ns, retry_ns, t0_ns + int(args.give_up * 1e9)))
    before = _sample_at(groups, t0_ns)
    results = [w.expect(args.give_up + 60, "echoed") for w in workers]
    return phase_from(results, t0_ns, cpu_usage(before, cpu_sample(groups)))


def _sample_at(groups: dict[str, Callable[[], float]], t_ns: int) -> CpuSample:
    time.sleep(max(0.0, (t_ns - time.time_ns()) / 1e9))
    return cpu_sample(groups)


def verify(
    manager: SyncClient, setup: Setup, sale: Opening, buyer_ids: list[int], results: list[dict[str, Any]]
) -> Checked:
    outcomes = [o for r in results for o in r["outcomes"]]
    units = [u for r in results for u in r["units"]]
    unanswered = outcomes.count(None)
    sources = {"replies": checks.from_replies(buyer_ids, outcomes, units)}
    sources["fairness log"], log_rows = checks.from_log(manager, sale.id, buyer_ids)
    sources["database"] = checks.from_database(setup.database_url, sale.id, sale.unit_ids)
    problems = [f"{unanswered:,} buyers never got an answer"] if unanswered else []
    errors = Counter(o for o in outcomes if o is not None and o.startswith("error:"))
    if errors:
        problems.append("error replies instead of decisions: " + ", ".join(f"{k} {v:,}" for k, v in errors.items()))
    problems += [p for source in sources.values() for p in source.problems[:20]]
    problems += checks.disagreements(sources)
    return Checked(
        outcomes=Counter(o if o is not None else "unanswered" for o in outcomes),
        allocated=len(sources["replies"].owners),
        log_rows=log_rows,
        double_sells={name: source.double_sells for name, source in sources.items()},
        unanswered=unanswered,
        problems=problems,
    )


def kiosk_report(kiosks: Child, t0_ns: int) -> str | None:
    """Prints what the hall's kiosks received during the burst; returns a problem if they do not all agree."""
    kiosks.conn.send(("count",))
    got = kiosks.expect(60, "counted")
    events = sorted(got["events"])
    last = max(got["last_ns"], default=0)
    print(
        f"    kiosks  {len(events):,} subscribed as kiosks are: events each min {events[0]:,}, max {events[-1]:,}; "
        f"last one {(last - t0_ns) / 1e9:.2f} s after T0; the first kiosk's: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(got["kinds"].items(), key=lambda kv: -kv[1])),
        flush=True,
    )
    if events[0] != events[-1]:
        return f"the kiosks did not all receive the same events ({events[0]:,} to {events[-1]:,})"
    return None


def close_sale(manager: SyncClient, opening_id: int) -> None:
    stats = manager.call("openings.stats", OpeningRef(opening_id=opening_id))
    if stats.opening.status is not OpeningStatus.CLOSED:
        manager.call("openings.close", OpeningRef(opening_id=opening_id))


def one_run(
    run: int, args: argparse.Namespace, children: Children, setup: Setup, staff: tuple[SyncClient, SyncClient]
) -> RunResult:
    admin, manager = staff
    choices = draw_choices(random.Random(args.seed + run), args.buyers, args.units, 3, 5, args.skew)
    print(f"  run {run + 1} (loadavg {loadavg()}): {demand_summary(choices, args.units)}", flush=True)
    sale = open_sale(admin, manager, args, run)
    buyer_ids, sizes = sign_in(children.workers, setup, sale, choices)
    groups = cpu_groups(children, setup)
    if children.kiosks is not None:
        children.kiosks.conn.send(("clear",))
        children.kiosks.expect(60, "cleared")
    engine, results = rush(children, groups, sale.t0_ns, args, run, setup.database_url)
    checked = verify(manager, setup, sale, buyer_ids, results)
    if children.kiosks is not None:
        hall = kiosk_report(children.kiosks, sale.t0_ns)
        if hall:
            checked.problems.append(hall)
    close_sale(manager, sale.id)
    echo = echo_burst(children.workers, groups, args)
    url = rowlock.database_url(setup.database_url)
    rowlock.reset(url, args.units)
    before = cpu_sample(groups)
    baseline = rowlock.run(url, choices, args.connections)
    rowlock_cpu = cpu_usage(before, cpu_sample(groups))
    if baseline.double_sold:
        checked.problems.append(f"row-locking baseline sold {baseline.double_sold} units twice")
    result = RunResult(engine, echo, baseline, rowlock_cpu, checked, sizes)
    print_run(result)
    return result


# --- main ------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.opening", description=__doc__.split("\n\n")[0])
    p.add_argument("--buyers", type=int, default=10_000, help="buyers, one socket each (default 10000)")
    p.add_argument("--units", type=int, default=2_000, help="units in the opening (default 2000)")
    p.add_argument("--processes", type=int, default=4, help="load-generator processes (default 4)")
    p.add_argument("--runs", type=int, default=3, help="runs, each with a fresh opening; medians (default 3)")
    p.add_argument("--skew", type=float, default=1.0, help="Zipf exponent of unit popularity (default 1.0)")
    p.add_argument("--connections", type=int, default=8, help="row-locking baseline connections (default 8)")
    p.add_argument("--retry-after", type=float, default=5.0, help="resend an unanswered pick after s (default 5)")
    p.add_argument("--give-up", type=float, default=60.0, help="stop waiting for answers after s (default 60)")
    p.add_argument("--lead", type=float, default=None, help="s from creating the opening to T0 (default: auto)")
    p.add_argument("--workers", type=int, default=4, help="server worker threads (default 4)")
    p.add_argument("--seed", type=int, default=2024, help="seed of the buyers' choices (default 2024)")
    p.add_argument("--kiosks", type=int, default=0, help="hall kiosks: SUB sockets on every event (default 0)")
    p.add_argument("--data-dir", type=Path, default=None, help="server data directory (kept); default: temporary")
    p.add_argument("--pg-waits", action="store_true", help="sample PostgreSQL's backends during each T0 burst")
    p.add_argument("--profile", type=Path, default=None, help="py-spy the server during each T0 burst into DIR")
    p.add_argument("--profile-gil", action="store_true", help="with --profile: sample only the GIL's holder")
    p.add_argument("--profile-native", action="store_true", help="with --profile: C frames and libzmq's threads too")
    args = p.parse_args(argv)
    if min(args.buyers, args.units, args.processes, args.runs, args.connections) < 1:
        p.error("--buyers, --units, --processes, --runs and --connections must be positive")
    # Every process inherits this limit: a load generator holds 2 sockets per buyer (server and echo), each about
    # 2 file descriptors (its TCP connection and its mailbox); the server one connection (descriptor) per buyer.
    files = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if math.ceil(args.buyers / args.processes) * 4 + 200 > files:
        p.error(
            f"ulimit -n is {files}: too few for {math.ceil(args.buyers / args.processes):,} buyers per process; "
            "raise --processes"
        )
    if args.kiosks * 2 + 200 > files:
        p.error(f"ulimit -n is {files}: too few for {args.kiosks:,} kiosks in one process")
    if args.buyers + args.kiosks + 1000 > files:
        p.error(f"ulimit -n is {files}: too few for the server's {args.buyers:,} connections")
    args.lead = args.lead if args.lead is not None else 6 + args.buyers / 1000
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    unwind_on_signals()
    folder = BenchDir.make(args.data_dir)
    data_dir = folder.data
    children = Children()
    interrupted, code = False, 0
    try:
        background = background_cpu()
        print(f"CPU used by other processes before start: {background:.0f} % of a core; loadavg {loadavg()}")
        t = time.monotonic()
        setup = start(args, mp.get_context("spawn"), children, data_dir)
        print(f"server, echo and {args.processes} load generators ready in {time.monotonic() - t:.0f} s", flush=True)
        with (
            SyncClient(setup.pairing, timeout_ms=120_000) as admin,
            SyncClient(setup.pairing, timeout_ms=120_000) as manager,
        ):
            admin.login(setup.staff["admin"], BENCH_PASSWORD)
            manager.login(setup.staff["sales_manager"], BENCH_PASSWORD)
            runs = [one_run(run, args, children, setup, (admin, manager)) for run in range(args.runs)]
        report(args, runs, background)
        code = 1 if any(r.checked.problems for r in runs) else 0
    except KeyboardInterrupt:
        interrupted, code = True, 130
        print("\ninterrupted: stopping the server, the echo server and the load generators ...", flush=True)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 2
    finally:
        folder.close(lambda: children.stop(interrupted))
    return code


if __name__ == "__main__":
    sys.exit(main())

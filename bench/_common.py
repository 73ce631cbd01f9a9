"""Benchmark helpers: the processes a benchmark starts (server, raw echo, load generator) and their clean-up.

Every function meant to run in a child process is a module-level function here, so that the "spawn"
start method can import it by name. Children put themselves in their own process group, so a Ctrl-C in
the terminal reaches only the parent, which then stops them in order (and the embedded PostgreSQL with
the server). Each child also watches its pipe to the parent: if the parent dies, the pipe closes and
the child stops by itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import zmq

# An error reply's "type" field as msgpack encodes it: fixstr of length 5, then "error". A request
# envelope ("ping") and a token (URL-safe base64) cannot contain it, so a byte search finds error replies
# without decoding every reply (which would add client CPU to one phase and not to the others).
ERROR_MARKER = b"\xa5error"
BENCH_PASSWORD = "Bench-Passw0rd-42"


# --- small utilities ----------------------------------------------------------------------------


def percentile(sorted_values: Any, q: float) -> float:
    """The q-quantile (0..1) of an already sorted sequence, nearest rank."""
    if not len(sorted_values):
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return float(sorted_values[k])


def median(values: list[float]) -> float:
    vals = sorted(v for v in values if v == v)  # drop NaN
    if not vals:
        return float("nan")
    mid = len(vals) // 2
    return vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (all its threads) from /proc, or None where there is no /proc."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_cpu() -> tuple[float, float] | None:
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    try:
        first = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    values = [float(v) for v in first[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0.0)  # idle + iowait
    total = sum(values[:8])  # guest time is already counted in user
    return total - idle, total


def detach() -> None:
    """In a child: own process group (no Ctrl-C from the terminal), SIGINT ignored; the parent stops us."""
    with contextlib.suppress(OSError):
        os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def exit_when_parent_goes(conn: Connection, on_stop: Any) -> None:
    """A daemon thread: any message or EOF on the control pipe calls on_stop()."""

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            conn.recv()
        on_stop()

    threading.Thread(target=watch, name="bench-watch", daemon=True).start()


# --- child processes ---------------------------------------------------------------------------


class Child:
    """A child process and the parent's end of its control pipe."""

    def __init__(self, name: str, proc: BaseProcess, conn: Connection) -> None:
        self.name = name
        self.proc = proc
        self.conn = conn

    @property
    def pid(self) -> int:
        assert self.proc.pid is not None
        return self.proc.pid

    def expect(self, timeout: float, what: str) -> Any:
        if not self.conn.poll(timeout):
            raise RuntimeError(f"{self.name}: no {what} within {timeout:.0f} s")
        try:
            kind, value = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"{self.name} exited (code {self.proc.exitcode}) before {what}") from None
        if kind == "error":
            raise RuntimeError(f"{self.name} failed:\n{value}")
        if kind != what:
            raise RuntimeError(f"{self.name}: expected {what}, got {kind}")
        return value


def spawn(ctx: Any, name: str, target: Any, *args: Any) -> Child:
    parent_end, child_end = ctx.Pipe()
    proc = ctx.Process(target=target, args=(child_end, *args), name=name, daemon=False)
    proc.start()
    child_end.close()
    return Child(name, proc, parent_end)


def end(child: Child | None, grace: float, message: Any = "stop") -> None:
    """Ask politely, then SIGTERM, then SIGKILL."""
    if child is None:
        return
    with contextlib.suppress(OSError, ValueError):
        child.conn.send(message)
    child.proc.join(grace)
    if child.proc.is_alive():
        child.proc.terminate()
        child.proc.join(10)
    if child.proc.is_alive():
        child.proc.kill()
        child.proc.join(5)
    child.conn.close()


# --- the embedded PostgreSQL, should a server die without stopping it ---------------------------


def stop_leftover_postgres(pgdata: Path, timeout: float = 30.0) -> str | None:
    """Stops a PostgreSQL still running in `pgdata` (fast shutdown, then harder). Returns what it did."""
    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0].strip())
    except (OSError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None  # not running (a stale pid file)
    if "postgres" not in cmdline:
        return None
    for sig, wait in ((signal.SIGINT, timeout), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return f"postgres {pid} already gone"
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                return f"stopped leftover postgres {pid} with {sig.name}"
            time.sleep(0.1)
    return f"could not stop postgres {pid}"


def unwind_on_signals() -> None:
    """Ctrl-C and SIGTERM (a timeout, a killed job) both raise KeyboardInterrupt, so a benchmark's `finally` stops
    its children and removes its temporary folder. SIGINT is set explicitly: a shell starts background jobs with
    it ignored."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@dataclass(frozen=True, slots=True)
class BenchDir:
    """Where a benchmark's server keeps its data: `--data-dir` as given (kept), or a temporary folder."""

    base: Path
    data: Path
    own: bool  # temporary: removed by `close`

    @classmethod
    def make(cls, given: Path | None) -> BenchDir:
        if given is None:
            base = Path(tempfile.mkdtemp(prefix="showroom-bench-"))
            return cls(base, base / "data", True)
        return cls(given.resolve(), given.resolve(), False)

    def close(self, stop_children: Callable[[], None]) -> None:
        """Stops the children (Ctrl-C ignored meanwhile), then any PostgreSQL left running, then removes the
        folder if it is ours."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            stop_children()
            leftover = stop_leftover_postgres(self.data / "pg")
            if leftover:
                print(f"warning: {leftover}", file=sys.stderr)
            if self.own:
                shutil.rmtree(self.base, ignore_errors=True)
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _is_zombie(pid: int) -> bool:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return raw[raw.rindex(")") + 2 :].startswith("Z")


# --- the real server ----------------------------------------------------------------------------


def server_main(
    conn: Connection, data_dir: str, n_users: int, workers: int, heartbeat_ms: int, roles: tuple[str, ...] = ()
) -> None:
    """Runs a ServerApp (embedded PostgreSQL, CURVE, auth) until the parent says stop or goes away.

    Makes `n_users` front-desk users, and one user of each role in `roles` (all with BENCH_PASSWORD).
    """
    detach()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    logging.basicConfig(level=logging.WARNING, format="[server] %(levelname)s %(name)s: %(message)s")

    from server.admin import create_user
    from server.app import ServerApp
    from server.config import Settings
    from shared.domain import Role
    from shared.protocol.envelope import new_id

    app: ServerApp | None = None
    try:
        settings = Settings(
            data_dir=Path(data_dir),
            database_url=None,
            host="127.0.0.1",
            command_port=0,
            event_port=0,
            workers=workers,
            heartbeat_ms=heartbeat_ms,
        )
        app = ServerApp(settings)
        app.start()
        assert app.database is not None
        run = new_id()[:6]  # fresh names, so a reused --data-dir works
        names = [f"bench_{run}_{i:03d}" for i in range(n_users)]
        with app.database.sessions() as db, db.begin():
            for name in names:
                create_user(db, name, "压测用户", Role.FRONT_DESK, BENCH_PASSWORD, must_change=False)
            staff = {role: f"bench_{run}_{role}" for role in roles}
            for role, name in staff.items():
                create_user(db, name, "压测用户", Role(role), BENCH_PASSWORD, must_change=False)
        conn.send(
            (
                "ready",
                {
                    "pairing": str(app.pairing_path),
                    "users": names,
                    "pgdata": str(settings.pgdata),
                    "command_port": app.command_port,
                    "staff": staff,
                    # libpq form, for psycopg2: the embedded PostgreSQL listens on a unix socket only.
                    "database_url": app.database.engine.url.set(drivername="postgresql").render_as_string(
                        hide_password=False
                    ),
                },
            )
        )
        while not stop.is_set():
            if not conn.poll(0.5):
                continue
            message = conn.recv()
            if message == "stop":
                break
            if message == "threads":  # which OS thread is which Python thread, for per-thread CPU figures
                conn.send(("threads", {t.native_id: t.name for t in threading.enumerate()}))
    except (EOFError, OSError):
        pass  # the parent went away: stop
    except BaseException:  # noqa: BLE001 - reported to the parent, then we stop
        with contextlib.suppress(OSError):
            conn.send(("error", traceback.format_exc()))
    finally:
        if app is not None:
            app.stop()
        with contextlib.suppress(OSError):
            conn.send(("stopped", None))


# --- the raw echo -------------------------------------------------------------------------------


def echo_main(conn: Connection, curve_secret: bytes | None, curve_public: bytes | None) -> None:
    """A ROUTER that sends every message straight back: what pyzmq allows, with or without CURVE."""
    detach()
    ctx = zmq.Context()
    sock = ctx.socket(zmq.ROUTER)
    if curve_secret is not None:
        sock.curve_server = True
        sock.curve_secretkey = curve_secret
        sock.curve_publickey = curve_public
    sock.setsockopt(zmq.SNDHWM, 200_000)
    sock.setsockopt(zmq.RCVHWM, 200_000)
    sock.setsockopt(zmq.LINGER, 0)
    port = sock.bind_to_random_port("tcp://127.0.0.1")
    conn.send(port)
    exit_when_parent_goes(conn, lambda: os._exit(0))  # the loop below never returns
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    recv, send = sock.recv_multipart, sock.send_multipart
    while True:
        send(recv())


# --- the load generator -------------------------------------------------------------------------


def _call(sock: zmq.Socket[bytes], data: bytes, timeout_ms: int = 30_000) -> bytes:
    sock.send(data)
    if not sock.poll(timeout_ms, zmq.POLLIN):
        raise TimeoutError("no reply during set-up (wrong key? server down?)")
    return sock.recv()


def _server_sockets(
    ctx: zmq.Context[Any], pairing_path: str, users: list[str], data_bytes: int
) -> tuple[list[zmq.Socket[bytes]], list[bytes]]:
    """One DEALER per user: hello, login, then the exact ping envelope it will send over and over."""
    from client.net.pairing import Pairing
    from client.net.sync_client import secure_socket
    from shared.protocol.envelope import ERROR, decode_body, decode_envelope, encode, make_command, new_id
    from shared.protocol.errors import ErrorBody
    from shared.protocol.messages.auth import LoginReply, LoginRequest
    from shared.protocol.messages.system import HelloRequest, PingReply, PingRequest

    def rpc(sock: zmq.Socket[bytes], data: bytes) -> Any:
        env = decode_envelope(_call(sock, data))
        if env.type == ERROR:
            raise RuntimeError(f"set-up failed: {decode_body(env.body, ErrorBody)}")
        return env

    pairing = Pairing.load(Path(pairing_path))
    socks, payloads = [], []
    for name in users:
        sock = secure_socket(ctx, zmq.DEALER, pairing.server_public_key)
        sock.setsockopt(zmq.SNDHWM, 0)
        sock.setsockopt(zmq.RCVHWM, 0)
        sock.connect(pairing.command_endpoint)
        rpc(
            sock,
            encode(make_command("hello", HelloRequest(client_name="bench.protocol", client_version="0", versions=[1]))),
        )
        login = rpc(
            sock,
            encode(make_command("auth.login", LoginRequest(username=name, password=BENCH_PASSWORD), idem=new_id())),
        )
        token = decode_body(login.body, LoginReply).token
        ping = encode(make_command("ping", PingRequest(data="x" * data_bytes), token=token))
        decode_body(rpc(sock, ping).body, PingReply)  # the very bytes we will send get a real reply
        socks.append(sock)
        payloads.append(ping)
    return socks, payloads


def _echo_sockets(
    ctx: zmq.Context[Any], endpoint: str, server_public: bytes | None, payloads: list[bytes]
) -> list[zmq.Socket[bytes]]:
    socks = []
    for payload in payloads:
        sock = ctx.socket(zmq.DEALER)
        if server_public is not None:
            public, secret = zmq.curve_keypair()
            sock.curve_serverkey = server_public
            sock.curve_publickey = public
            sock.curve_secretkey = secret
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.SNDHWM, 0)
        sock.setsockopt(zmq.RCVHWM, 0)
        sock.connect(endpoint)
        if _call(sock, payload) != payload:
            raise RuntimeError("the echo server changed the message")
        socks.append(sock)
    return socks


def drive(
    socks: list[zmq.Socket[bytes]], payloads: list[bytes], window: int, warmup: float, seconds: float
) -> dict[str, Any]:
    """Keeps `window` requests in flight on every socket; counts replies that arrive in the measured window.

    Each reply answers the oldest outstanding request of its socket (DEALER/ROUTER keep order per
    connection, and `ping` runs inline on the server's I/O thread, so replies come back in order).
    """
    clock = time.perf_counter_ns
    poller = zmq.Poller()
    index: dict[zmq.Socket[bytes], int] = {}
    for i, sock in enumerate(socks):
        poller.register(sock, zmq.POLLIN)
        index[sock] = i
    queues: list[deque[int]] = [deque() for _ in socks]
    lat = array("q")
    count = errors = 0
    t_measure = clock() + int(warmup * 1e9)
    t_end = t_measure + int(seconds * 1e9)
    pending = 0
    for i, sock in enumerate(socks):
        for _ in range(window):
            queues[i].append(clock())
            sock.send(payloads[i])
            pending += 1
    give_up = t_end + int(10e9)
    while pending:
        events = poller.poll(500)
        if not events and clock() > give_up:
            break
        for sock, _ in events:
            i = index[sock]
            q, payload = queues[i], payloads[i]
            while True:
                try:
                    data = sock.recv(zmq.NOBLOCK)
                except zmq.Again:
                    break
                now = clock()
                sent = q.popleft()
                pending -= 1
                if ERROR_MARKER in data:
                    errors += 1
                if t_measure <= now < t_end:
                    lat.append(now - sent)
                    count += 1
                if now < t_end:
                    q.append(clock())
                    sock.send(payload)
                    pending += 1
    return {"count": count, "seconds": seconds, "lat": lat, "errors": errors, "lost": pending}


@contextlib.contextmanager
def child_context(conn: Connection, max_sockets: int | None = None) -> Iterator[zmq.Context[Any]]:
    """A load-generator child's ZeroMQ context for its command loop: whatever fails in the loop goes to the parent
    as ("error", traceback) and ends the child; the context is destroyed at the end, with every socket, also
    those of a set-up that failed half way."""
    ctx: zmq.Context[Any] = zmq.Context()
    if max_sockets is not None:
        ctx.set(zmq.MAX_SOCKETS, max_sockets)
    try:
        yield ctx
    except BaseException:  # noqa: BLE001 - reported to the parent
        with contextlib.suppress(OSError):
            conn.send(("error", traceback.format_exc()))
    finally:
        ctx.destroy(linger=0)


def client_main(conn: Connection, spec: dict[str, Any]) -> None:
    """Connects its sockets to every target, says "ready", then runs the phases the parent asks for."""
    detach()
    targets: dict[str, tuple[list[zmq.Socket[bytes]], list[bytes]]] = {}
    with child_context(conn) as ctx:
        socks, payloads = _server_sockets(ctx, spec["pairing"], spec["users"], spec["data_bytes"])
        targets["server"] = (socks, payloads)
        targets["echo_curve"] = (_echo_sockets(ctx, spec["echo_curve"], spec["echo_public"], payloads), payloads)
        targets["echo_plain"] = (_echo_sockets(ctx, spec["echo_plain"], None, payloads), payloads)
        conn.send(("ready", {"envelope_bytes": sorted({len(p) for p in payloads})}))
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break
            if msg[0] != "run":
                break
            _, target, window, warmup, seconds = msg
            socks, payloads = targets[target]
            conn.send(("result", drive(socks, payloads, window, warmup, seconds)))

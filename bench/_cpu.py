"""CPU accounting for benchmarks on a shared machine: per process, per thread, the embedded PostgreSQL, others."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench._common import CLOCK_TICKS, machine_cpu, process_cpu_seconds

# --- CPU of the embedded PostgreSQL ------------------------------------------------------------


def postgres_cpu_seconds(pgdata: Path) -> float:
    """CPU time of the PostgreSQL running `pgdata`: the postmaster with its finished children (backends that
    have exited), plus its live children (backends, WAL writer, checkpointer, ...)."""
    try:
        postmaster = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0].strip())
    except (OSError, ValueError):
        return 0.0
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry.name))
        except (OSError, ValueError):
            continue
        if int(entry.name) == postmaster:
            total += sum(int(f) for f in fields[11:15]) / CLOCK_TICKS  # utime, stime, cutime, cstime
        elif int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: state, ppid, ..., utime at [11], stime [12], cutime [13]."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    return raw[raw.rindex(")") + 2 :].split()


def thread_cpu_seconds(pid: int, tids: frozenset[int] | None = None, comm_prefix: str = "") -> float:
    """CPU time of some threads of a process: those in `tids`, or those whose OS name starts with `comm_prefix`
    (libzmq names its background threads ZMQbg/IO/n and ZMQbg/Reaper: CURVE and TCP work)."""
    total = 0.0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0.0
    for task in tasks:
        try:
            if tids is not None and int(task.name) not in tids:
                continue
            if comm_prefix and not (task / "comm").read_text().startswith(comm_prefix):
                continue
            raw = (task / "stat").read_text()
            fields = raw[raw.rindex(")") + 2 :].split()
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, ValueError):
            continue
    return total


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of a group of processes; those that are gone count as 0."""
    return sum(process_cpu_seconds(pid) or 0.0 for pid in pids)


@dataclass(frozen=True, slots=True)
class CpuSample:
    """CPU seconds used so far by each group of our processes, and by the whole machine (jiffies)."""

    wall: float
    groups: dict[str, float]
    machine: tuple[float, float] | None


def cpu_sample(groups: dict[str, Callable[[], float]]) -> CpuSample:
    """groups: name -> a function returning the group's CPU seconds so far. A dotted name ("server.zmq") is a part
    of another group, left out of the machine's accounting."""
    return CpuSample(time.monotonic(), {name: seconds() for name, seconds in groups.items()}, machine_cpu())


@dataclass(frozen=True, slots=True)
class CpuUsage:
    """Between two samples: seconds of CPU per group, machine busy % (all cores), CPU used by processes that are
    not ours in % of one core (other people's work on a shared machine), and the wall-clock seconds between."""

    seconds: dict[str, float]
    busy: float
    others: float
    wall: float = float("nan")


def cpu_usage(a: CpuSample, b: CpuSample) -> CpuUsage:
    used = {name: b.groups[name] - a.groups[name] for name in a.groups}
    busy = others = float("nan")
    if a.machine and b.machine and b.machine[1] > a.machine[1]:
        busy = (b.machine[0] - a.machine[0]) / (b.machine[1] - a.machine[1]) * 100
        ours = sum(v for name, v in used.items() if "." not in name) / max(1e-9, b.wall - a.wall) * 100
        others = max(0.0, busy * (os.cpu_count() or 1) - ours)
    return CpuUsage(used, busy, others, b.wall - a.wall)


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages (runnable processes; this machine has 2 cores)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "-"


def background_cpu(seconds: float = 1.0) -> float:
    """CPU used by the whole machine over `seconds`, in % of one core (NaN without /proc)."""
    m0 = machine_cpu()
    time.sleep(seconds)
    m1 = machine_cpu()
    if not (m0 and m1 and m1[1] > m0[1]):
        return float("nan")
    return (m1[0] - m0[0]) / (m1[1] - m0[1]) * 100 * (os.cpu_count() or 1)

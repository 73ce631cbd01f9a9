"""Profiling the real server during a benchmark's burst with py-spy: sampled from outside, the server unchanged.

py-spy is not a dependency of the project: `.venv/bin/pip install py-spy`. It samples every Python thread of
the server process (engine, I/O, workers) `RATE` times a second without stopping it (`--nonblocking`), and
writes collapsed stacks ("thread (tid): name;frame;...;frame count"), one file per burst; `summary` turns one
into each thread's busiest functions. With `gil=True` only the thread holding the GIL is sampled, which shows
where the one core Python can use goes; with `native=True` C frames (libzmq, libsodium, psycopg2) are shown too,
and libzmq's own I/O threads (CURVE, TCP), which are invisible otherwise, appear as threads of their own; as that
pauses the server for every sample, it slows it down: read shares, not rates.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

RATE = 250


def py_spy() -> str:
    """The py-spy executable beside this Python, or on PATH."""
    here = Path(sys.executable).parent / "py-spy"
    found = str(here) if here.exists() else shutil.which("py-spy")
    if found is None:
        raise RuntimeError("--profile needs py-spy: .venv/bin/pip install py-spy (it is not a project dependency)")
    return found


class Recording:
    """One py-spy recording of a running process, from start() until stop()."""

    def __init__(self, pid: int, out: Path, *, gil: bool = False, native: bool = False) -> None:
        self.out = out
        cmd = [py_spy(), "record", "-p", str(pid), "-o", str(out), "--format", "raw", "--threads", "--nolineno"]
        # py-spy reads C stacks only while the process is stopped: native sampling pauses the server each time.
        cmd += ["-r", str(RATE), "--native"] if native else ["-r", str(RATE), "--nonblocking"]
        cmd += ["--gil"] if gil else []
        self._proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> str:
        """Stops sampling (py-spy writes its file on SIGINT); returns py-spy's complaints, if any."""
        with contextlib.suppress(ProcessLookupError):
            self._proc.send_signal(signal.SIGINT)
        try:
            _, err = self._proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            _, err = self._proc.communicate()
        return "" if self.out.exists() else err.decode(errors="replace")[-2000:]


def _thread(head: str) -> str:
    """'thread (1234): showroom-worker_0' -> 'showroom-worker' (workers are one group)."""
    name = head.split(": ", 1)[1] if ": " in head else head
    return name.rstrip("0123456789").rstrip("_-") or name


def summary(path: Path, top: int = 15) -> str:
    """Per thread group: samples, and the functions with the most samples of their own and in total."""
    own: dict[str, Counter[str]] = defaultdict(Counter)
    total: dict[str, Counter[str]] = defaultdict(Counter)
    samples: Counter[str] = Counter()
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        head, *frames = stack.split(";")
        thread, n = _thread(head), int(count)
        samples[thread] += n
        if frames:
            own[thread][frames[-1]] += n
        for frame in set(frames):
            total[thread][frame] += n
    everything = sum(samples.values())
    out = [f"py-spy samples at {RATE}/s: {everything:,} ({path})"]
    for thread, n in samples.most_common():
        out.append(f"\n  {thread}: {n:,} samples = {n / RATE:.2f} s of Python on a core ({n / everything:.0%})")
        out.append("    own time:")
        out += [f"      {k / n:6.1%}  {frame}" for frame, k in own[thread].most_common(top)]
        out.append("    including callees:")
        out += [f"      {k / n:6.1%}  {frame}" for frame, k in total[thread].most_common(top)]
    return "\n".join(out)

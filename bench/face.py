"""Face benchmarks: camera frames/s on one core, frame → server decision latency, gallery match latency.

    python -m bench.face [--runs 3] [--loops 3] [--sizes 10000,100000] [--queries 200] [--data-dir DIR]
                         [--only fps|latency|gallery]

* fps      - the camera pipeline on a 1280x720 stream (the kit's clip scaled up and looped) in a child process
             pinned to one CPU, onnxruntime and OpenCV on one thread: decode + detect + quality gate + track
             on every frame, one embedding (and JPEG) per appearance. Per detector; goal >= 25 fps.
* latency  - a real `showroom server` (embedded PostgreSQL, 10,000 templates in the gallery) and the camera
             code in this process reading the 720p clip paced at its frame rate: for each appearance, the
             time from reading the frame that made it due to the server's decision arriving back (spool
             write with fsync, CURVE, matching, commit included). Goal <= 500 ms.
* gallery  - `server.faces.gallery.nearest` at 10,000 and 100,000 synthetic 128-d templates: the HNSW
             index against exact search (index scans off), median and p95 per query, recall@1. Goal <= 20 ms.

Figures are medians over runs; the machine's other load (it is shared) is printed with them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from bench._common import machine_cpu, median, percentile, stop_leftover_postgres, unwind_on_signals

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT.parent / "shared"
DETECTORS = ("det_500m.onnx", "det_2.5g.onnx", "face_detection_yunet_2026may.onnx")
RECOGNISER = "mobilefacenet_128d.onnx"


def models_dir() -> Path:
    return Path(os.environ.get("SHOWROOM_MODELS_DIR") or KIT / "models")


def clip() -> Path:
    return Path(os.environ.get("SHOWROOM_FACES_DIR") or KIT / "faces") / "_video" / "hamilton_clip.mp4"


def make_720p(dst: Path, loops: int) -> tuple[Path, int]:
    """The clip scaled to 1280x720 and looped; returns the file and its frame count."""
    import cv2

    cap = cv2.VideoCapture(str(clip()))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(cv2.resize(frame, (1280, 720), interpolation=cv2.INTER_LINEAR))
    cap.release()
    out = cv2.VideoWriter(str(dst), cv2.VideoWriter.fourcc(*"mp4v"), fps, (1280, 720))
    for _ in range(loops):
        for frame in frames:
            out.write(frame)
    out.release()
    return dst, len(frames) * loops


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min)"


class Busy:
    """The machine's busy fraction over a phase (all CPUs), from /proc/stat."""

    def __enter__(self) -> Busy:
        self.start = machine_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        end = machine_cpu()
        self.fraction = (
            (end[0] - self.start[0]) / max(1e-9, end[1] - self.start[1]) if end and self.start else float("nan")
        )


# --- fps: one core ----------------------------------------------------------------------------------


def fps_child(conn: Connection, video: str, detector: str, cpu: int) -> None:
    os.sched_setaffinity(0, {cpu})
    from camera.config import ModelSettings
    from camera.models import load_models
    from camera.pipeline import FacePipeline
    from camera.sources import FileSource

    models = load_models(ModelSettings(models_dir=models_dir(), detector=detector, recogniser=RECOGNISER, threads=1))
    pipeline = FacePipeline(models, "bench")
    source = FileSource(Path(video))
    source.open()
    times: dict[str, float] = {"decode": 0.0, "pipeline": 0.0}
    frames = events = 0
    cpu_start = time.process_time()
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        frame = source.read()
        t1 = time.perf_counter()
        if frame is None:
            break
        events += len(pipeline.process(frame.image, frame.t, frame.at))
        times["decode"] += t1 - t0
        times["pipeline"] += time.perf_counter() - t1
        frames += 1
    events += len(pipeline.finish())
    wall = time.perf_counter() - started
    conn.send(
        {
            "frames": frames,
            "events": events,
            "faces": pipeline.stats.faces,
            "fps": frames / wall,
            "decode_ms": 1000 * times["decode"] / frames,
            "pipeline_ms": 1000 * times["pipeline"] / frames,
            "cpu_share": (time.process_time() - cpu_start) / wall,
        }
    )


def bench_fps(args: argparse.Namespace, work: Path) -> list[str]:
    video, frames = make_720p(work / "clip720.mp4", args.loops)
    cpu = max(os.sched_getaffinity(0))
    lines = [f"fps: {frames} frames of 1280x720 per run, one process pinned to CPU {cpu}, 1 thread"]
    ctx = mp.get_context("spawn")
    for detector in DETECTORS:
        runs = []
        for _ in range(args.runs):
            parent, child = ctx.Pipe()
            with Busy() as busy:
                proc = ctx.Process(target=fps_child, args=(child, str(video), detector, cpu))
                proc.start()
                result = parent.recv()
                proc.join()
            result["busy"] = busy.fraction
            runs.append(result)
        fps = [r["fps"] for r in runs]
        lines.append(
            f"  {detector:36s} {median(fps):6.1f} fps (runs {', '.join(f'{f:.1f}' for f in fps)}); per frame: decode "
            f"{median([r['decode_ms'] for r in runs]):.1f} ms, detect+gate+track(+embed) "
            f"{median([r['pipeline_ms'] for r in runs]):.1f} ms; {runs[0]['faces']} faces, {runs[0]['events']} "
            f"events; machine busy {median([r['busy'] for r in runs]):.0%} of 2 CPUs"
        )
    return lines


# --- latency: camera to a real server ---------------------------------------------------------------


def showroom(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showroom", *args], capture_output=True, text=True, check=True, env=env, timeout=300
    )


def server_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "SHOWROOM_DATABASE_URL"}


def start_server(data: Path) -> subprocess.Popen[bytes]:
    ready = data / "server.ready.json"
    ready.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "showroom", "server", "--data-dir", str(data), "--host", "127.0.0.1", "--port", "0",
         "--event-port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=server_env(),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not (ready.exists() and json.loads(ready.read_text())["pid"] == proc.pid):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.2)
    return proc


def database_url(data: Path) -> str:
    from server.db.embedded import EmbeddedPostgres

    return EmbeddedPostgres(data / "pg").start()  # adopts the server's running PostgreSQL


def fill_gallery(url: str, model: str, n: int, seed: int = 1) -> tuple[int, list[int], np.ndarray]:
    """n unit vectors (one person each) by COPY; the gallery's HNSW index is built after the load."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from server.faces import gallery

    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, 128)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    engine = sa.create_engine(url)
    with Session(engine) as db, db.begin():
        g = gallery.gallery_for(db, model, 128)
        gid = g.id
        db.execute(sa.text(f"DROP INDEX IF EXISTS {gallery.index_name(gid)}"))
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            "INSERT INTO face_persons (gallery_id, kind, label, first_seen_at, last_seen_at) "
            "SELECT %s, 'anonymous', '', now(), now() FROM generate_series(1, %s) RETURNING id",
            (gid, n),
        )
        ids = [r[0] for r in cur.fetchall()]
        import io

        buf = io.StringIO()
        for pid, v in zip(ids, vectors, strict=True):
            buf.write(f"{pid}\t{gid}\t{gallery.vector_literal(v)}\t0.9\n")
        buf.seek(0)
        cur.copy_expert("COPY face_templates (person_id, gallery_id, embedding, quality) FROM STDIN", buf)
        cur.execute("SET maintenance_work_mem = '256MB'")
        started = time.perf_counter()
        cur.execute(
            f"CREATE INDEX {gallery.index_name(gid)} ON face_templates USING hnsw "
            f"((embedding::vector(128)) vector_cosine_ops) WHERE gallery_id = {gid}"
        )
        cur.execute("ANALYZE face_templates")
        raw.commit()
        print(f"  gallery {model}: {n} templates loaded, HNSW index built in {time.perf_counter() - started:.1f} s")
    finally:
        raw.close()
        engine.dispose()
    return gid, ids, vectors


DESK_PASSWORD = "Bench-Front-2026"


class FrontDesk:
    """A front-desk client on its own thread: hears faces.seen, fetches the event, notes when it had it."""

    def __init__(self, pairing_file: Path) -> None:
        self.pairing_file = pairing_file
        self.shown: dict[str, float] = {}
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-desk", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(30)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        import zmq

        from client.net.pairing import Pairing
        from client.net.sync_client import SyncClient, secure_socket
        from shared.protocol.envelope import decode_body, decode_event
        from shared.protocol.messages.faces import EventRef, FaceSeen

        pairing = Pairing.load(self.pairing_file)
        ctx = zmq.Context()
        sub = secure_socket(ctx, zmq.SUB, pairing.server_public_key)
        sub.setsockopt(zmq.SUBSCRIBE, b"faces.seen")
        sub.connect(pairing.event_endpoint)
        with SyncClient(pairing, ctx=ctx) as client:
            client.login("desk", DESK_PASSWORD)
            time.sleep(0.5)  # the subscription reaches the server
            self._ready.set()
            while not self._stop.is_set():
                if not sub.poll(100):
                    continue
                seen = decode_body(decode_event(sub.recv_multipart()[1]).body, FaceSeen)
                client.call("faces.event", EventRef(event_id=seen.event_id))
                self.shown[seen.event_id] = time.monotonic()
        sub.close()
        ctx.term()


def bench_latency(args: argparse.Namespace, work: Path) -> list[str]:
    from camera.config import ModelSettings
    from camera.link import ServerLink
    from camera.models import load_models
    from camera.pipeline import FacePipeline
    from camera.sender import Sender
    from camera.sources import FileSource
    from camera.spool import Spool
    from shared.protocol.messages.faces import CameraHealth, CameraStatus

    data = work / "office"
    camera_file = work / "entrance-1.json"
    video, frames = make_720p(work / "clip720-latency.mp4", args.loops + 1)
    showroom("admin", "camera-add", "entrance-1", "--location", "entrance", "--host", "127.0.0.1", "--out",
             str(camera_file), "--data-dir", str(data), env=server_env())  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "showroom", "admin", "create-user", "desk", "--role", "front_desk", "--name", "前台",
         "--password-stdin", "--data-dir", str(data)],
        input=DESK_PASSWORD + "\n", capture_output=True, text=True, check=True, env=server_env(), timeout=300,
    )  # fmt: skip
    proc = start_server(data)
    lines = []
    try:
        ready = json.loads((data / "server.ready.json").read_text())
        doc = json.loads(camera_file.read_text())
        models = load_models(ModelSettings(models_dir=models_dir(), detector="det_500m.onnx", recogniser=RECOGNISER))
        fill_gallery(database_url(data), models.embedder.name, 10_000)
        link = ServerLink(
            f"tcp://127.0.0.1:{ready['command_port']}", doc["server_public_key"].encode(), doc["token"], 5.0
        )
        spool = Spool(work / "camera" / "spool.sqlite3")
        due: dict[str, tuple[float, float]] = {}  # event id -> (frame read, event spooled)
        read_at_of: dict[str, float] = {}
        latencies: list[float] = []
        round_trips: list[float] = []

        def on_reply(item: Any, reply: Any) -> None:
            read_at, spooled_at = due.pop(item.event.event_id)
            read_at_of[item.event.event_id] = read_at
            now = time.monotonic()
            latencies.append(1000 * (now - read_at))
            round_trips.append(1000 * (now - spooled_at))

        def health() -> CameraHealth:
            return CameraHealth(
                camera_id="entrance-1", status=CameraStatus.OK, source_connected=True, fps=0, frames_read=0,
                frames_skipped=0, events=0, spool_depth=0, reconnects=0, uptime_s=0, interval_s=60,
            )  # fmt: skip

        desk = FrontDesk(data / "pairing.json")
        desk.start()
        sender = Sender(link, spool, health, heartbeat_s=60, max_backoff_s=1.0, on_reply=on_reply)
        sender.start()
        pipeline = FacePipeline(models, "entrance-1")
        source = FileSource(video, realtime=True)  # paced like a camera: frames are skipped if behind
        source.open()
        with Busy() as busy:
            while (frame := source.read()) is not None:
                read_at = time.monotonic()
                for event in pipeline.process(frame.image, frame.t, frame.at):
                    spool.put(event)
                    due[event.event_id] = (read_at, time.monotonic())
                    sender.wake()
            for event in pipeline.finish():
                read_at = time.monotonic()
                spool.put(event)
                due[event.event_id] = (read_at, time.monotonic())
                sender.wake()
            sender.wait_idle(60)
            time.sleep(1.0)  # the last arrivals reach the desk
        sender.stop()
        spool.close()
        desk.stop()
        arrivals = sorted(1000 * (t - read_at_of[e]) for e, t in desk.shown.items() if e in read_at_of)
        ordered = sorted(latencies)
        lines.append(
            f"latency frame -> server decision: {len(ordered)} appearances from {frames} paced 720p frames "
            f"({source.skipped} skipped to stay real-time), gallery of 10,000: median {median(ordered):.0f} ms, "
            f"p95 {percentile(ordered, 0.95):.0f} ms, max {ordered[-1]:.0f} ms; of which spooled -> decision (send, "
            f"server, reply) median {median(round_trips):.0f} ms; machine busy {busy.fraction:.0%}"
        )
        lines.append(
            f"latency frame -> arrival shown at a front-desk client (faces.seen on PUB, then faces.event): "
            f"{len(arrivals)} of {len(ordered)} appearances, median {median(arrivals):.0f} ms, "
            f"p95 {percentile(arrivals, 0.95):.0f} ms"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        stop_leftover_postgres(data / "pg")
    return lines


# --- gallery: HNSW vs exact ---------------------------------------------------------------------------


def plan(db: Any, gid: int, probe: np.ndarray, exact: bool) -> str:
    """The scan PostgreSQL chose, to show the two modes really differ."""
    import sqlalchemy as sa

    from server.faces import gallery

    with db.begin():
        db.execute(sa.text("SET LOCAL enable_indexscan = off" if exact else "SET LOCAL hnsw.ef_search = 100"))
        rows = db.execute(
            sa.text(
                f"EXPLAIN SELECT person_id FROM face_templates WHERE gallery_id = {gid} "
                "ORDER BY (embedding::vector(128)) <=> CAST(:q AS vector(128)) LIMIT 10"
            ),
            {"q": gallery.vector_literal(probe)},
        ).all()
    nodes = [r[0].strip().lstrip("-> ").split("  ")[0] for r in rows if "Scan" in r[0]]
    return "; ".join(nodes)


def bench_gallery(args: argparse.Namespace, work: Path) -> list[str]:
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from server.config import Settings
    from server.db.engine import open_database
    from server.db.face_models import FaceGallery
    from server.faces import gallery

    data = work / "gallery"
    database = open_database(Settings(data_dir=data))
    url = database.engine.url.render_as_string(hide_password=False)
    lines = []
    try:
        for n in args.sizes:
            gid, ids, vectors = fill_gallery(url, f"bench-{n}:000000000000", n, seed=n)
            rng = np.random.default_rng(n + 1)
            picks = rng.choice(n, size=args.queries, replace=False)
            probes = vectors[picks] + rng.normal(scale=0.03, size=(args.queries, 128)).astype(np.float32)
            probes /= np.linalg.norm(probes, axis=1, keepdims=True)
            timings: dict[bool, list[float]] = {False: [], True: []}
            hits = {False: 0, True: 0}
            engine = sa.create_engine(url)
            with Session(engine, expire_on_commit=False) as db:
                g = db.get(FaceGallery, gid)
                assert g is not None
                db.commit()
                for exact in (False, True):
                    for i, probe in enumerate(probes):
                        with db.begin():
                            started = time.perf_counter()
                            found = gallery.nearest(db, g, probe, exact=exact)
                            timings[exact].append(1000 * (time.perf_counter() - started))
                        hits[exact] += int(found[0].person_id == ids[int(picks[i])])
                plans = {exact: plan(db, gid, probes[0], exact) for exact in (False, True)}
            engine.dispose()
            for exact in (False, True):
                t = sorted(timings[exact])
                lines.append(
                    f"  {n:>7,} templates, {'exact' if exact else 'HNSW '}: median {median(t):6.2f} ms, "
                    f"p95 {percentile(t, 0.95):6.2f} ms, recall@1 {hits[exact] / args.queries:.3f}  [{plans[exact]}]"
                )
    finally:
        database.close()
    return ["gallery match latency (128-d, cosine, top 10, one client, same machine):", *lines]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--loops", type=int, default=3, help="times the clip is repeated in the fps input")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[10_000, 100_000])
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--data-dir", type=Path, help="where temporary data goes (default: $TMPDIR)")
    p.add_argument("--only", choices=["fps", "latency", "gallery"])
    args = p.parse_args()
    unwind_on_signals()  # a timeout's SIGTERM, too, removes the work folder
    work = Path(tempfile.mkdtemp(prefix="showroom-bench-face-", dir=args.data_dir))
    out = [f"bench.face on {os.cpu_count()} CPUs; {load()} at start"]
    try:
        if args.only in (None, "fps"):
            out += bench_fps(args, work)
        if args.only in (None, "latency"):
            out += bench_latency(args, work)
        if args.only in (None, "gallery"):
            out += bench_gallery(args, work)
    finally:
        out.append(f"{load()} at the end")
        print("\n".join(out))
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

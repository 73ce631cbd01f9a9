"""The engine thread: drains the command queue, decides in order, hands each batch to the writer thread.

Nothing else touches the engine's state: other threads only put items on the queue. The writer thread
(`committer.py`) group-commits the batches and only then answers and publishes, so an acknowledged decision
survives `kill -9`; meanwhile the engine thread decides the next batch.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Engine as SaEngine
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.engine import journal
from server.engine.committer import Commit, Committer, Reply
from server.engine.core import Batch, BuyerPrincipal, Engine, Stamp
from server.engine.journal import Decision
from server.outbox import Outbox
from server.sessions import Actor
from shared.protocol.envelope import ERROR, PROTOCOL_VERSION, REPLY, Envelope, encode, encode_body, new_id, utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.opening import UnitsAvailability

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# One engine cycle decides at most this many commands before it hands them to the writer, so the first replies of
# a burst are not held back by the last commands; the writer puts whatever cycles are waiting into one transaction.
MAX_BATCH = 1000
# Opening progress events: at most this often per opening, however many picks.
PROGRESS_EVERY = 0.2
TOKEN_PREFIX = "b1."  # noqa: S105 - marks a buyer token, not a secret
# A cycle of at least this many commands is a burst (an opening's T0): the cyclic garbage collector is off until
# no such cycle has come for BURST_IDLE seconds, BURST_MAX at most (see _BurstGc).
BURST_CYCLE = 200
BURST_IDLE = 1.0
BURST_MAX = 60.0
# ... and from this many seconds before a rush opening's T0, after one full collection.
BURST_AHEAD = 3.0
# This long before a rush opening's T0, PostgreSQL is asked for a checkpoint (see _checkpoint_ahead).
CHECKPOINT_AHEAD = 10.0
# Valid buyer tokens kept for a lookup instead of an HMAC (a few openings' worth of buyers; ~100 bytes each).
MAX_VERIFIED_TOKENS = 100_000

Principal = Actor | BuyerPrincipal | None
# (engine, principal, payload, item) -> reply struct; raises ShowroomError to refuse.
Operation = Callable[[Engine, Principal, Any, "Item"], msgspec.Struct]


@dataclass(slots=True)
class Item:
    command: str
    op: Operation
    principal: Principal
    payload: Any
    mutating: bool
    env_id: str
    idem: str | None
    client_addr: str
    received_at: datetime
    # Where the answer goes: ZeroMQ routing frames (via the outbox), or a callback (in-process callers).
    route: list[bytes] | None = None
    callback: Callable[[bytes], None] | None = None
    now: datetime = EPOCH  # set by the engine thread when it decides
    context: Reservations | None = None  # set on the engine thread, for operations that need the runner

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.now, self.client_addr, self.idem)


def actor_key(principal: Principal) -> str:
    if isinstance(principal, BuyerPrincipal):
        return principal.key
    if isinstance(principal, Actor):
        return f"u:{principal.user_id}"
    return "-"


class Reservations:
    """Owns the engine thread. `submit` is safe from any thread; everything else runs on the engine thread."""

    def __init__(self, db: SaEngine, outbox: Outbox, token_secret: bytes) -> None:
        self._db = db
        self._key = hashlib.sha256(b"showroom buyer token v1" + token_secret).digest()
        self._queue: queue.SimpleQueue[Item | list[Item] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._conn: Any = None
        self.engine: Engine | None = None
        self.buildings: dict[int, str] = {}
        self._decisions: dict[str, Decision] = {}
        # Opening progress: when each opening's next event is due, and when its last one went out.
        self._progress_due: dict[int, float] = {}
        self._progress_sent: dict[int, float] = {}
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._verified: dict[str, BuyerPrincipal] = {}
        self._reply_prefix = new_id()[:16]
        self._reply_numbers = itertools.count()
        internal = _error_body(ShowroomError(ErrorCode.INTERNAL))
        self._committer = Committer(db, outbox, lambda corr: self._envelope(corr, ERROR, internal))
        # Bumped each time the state is rebuilt after a lost transaction: the writer refuses what an older
        # generation decided, since it was decided on top of what was lost.
        self._generation = 0
        self._gc = _BurstGc()
        self._checkpointed: datetime | None = None  # the T0 a checkpoint was asked for

    # --- any thread ------------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="showroom-engine", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failed is not None:
            raise RuntimeError("the reservation engine could not load its state") from self._failed

    def submit(self, item: Item) -> None:
        self._queue.put(item)

    def submit_many(self, items: list[Item]) -> None:
        """One hand-over for what the I/O thread read in one go: every put can wake the engine thread, and
        each wake-up takes the GIL from the I/O thread in the middle of its reading."""
        if items:
            self._queue.put(items)

    def catalog_changed(self) -> None:
        """Units or buildings were added in the database (an import): the engine reads them in, in order."""
        self.submit(
            Item(
                command="catalog.refresh",
                op=lambda engine, p, payload, item: item.context._refresh() if item.context else None,  # type: ignore[arg-type, return-value]
                principal=None,
                payload=None,
                mutating=False,
                env_id="",
                idem=None,
                client_addr="",
                received_at=utcnow(),
            )
        )

    def stop(self) -> None:
        """Decides and commits what is queued, then ends the thread."""
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=30)

    def buyer_token(self, opening_id: int, buyer_id: int) -> str:
        token = self._sign(opening_id, buyer_id)
        self._remember(token, BuyerPrincipal(opening_id, buyer_id))
        return token

    def _sign(self, opening_id: int, buyer_id: int) -> str:
        body = f"{opening_id}.{buyer_id}"
        mac = hmac.digest(self._key, body.encode("ascii"), "sha256").hex()[:32]
        return f"{TOKEN_PREFIX}{body}.{mac}"

    def verify_buyer_token(self, token: str) -> BuyerPrincipal | None:
        """A buyer's token is checked in memory (no database), so 10,000 buyers cost nothing to admit. A token seen
        before (issued at buyer.login, or checked once) is a dictionary lookup: the I/O thread admits an opening's
        burst without an HMAC per pick."""
        known = self._verified.get(token)
        if known is not None:
            return known
        parts = token[len(TOKEN_PREFIX) :].split(".")
        if not token.startswith(TOKEN_PREFIX) or len(parts) != 3 or not all(p.isdigit() for p in parts[:2]):
            return None
        opening_id, buyer_id = int(parts[0]), int(parts[1])
        if not hmac.compare_digest(self._sign(opening_id, buyer_id), token):
            return None
        who = BuyerPrincipal(opening_id, buyer_id)
        self._remember(token, who)
        return who

    def _remember(self, token: str, who: BuyerPrincipal) -> None:
        # Called from the engine thread (login) and the I/O thread (verify); single dict operations are atomic.
        if len(self._verified) >= MAX_VERIFIED_TOKENS:
            self._verified.clear()
        self._verified[token] = who

    # --- the engine thread --------------------------------------------------------------------------------

    def _main(self) -> None:
        try:
            self._load()
        except BaseException as exc:  # reported to start()
            log.exception("could not load the engine state")
            self._failed = exc
            self._ready.set()
            return
        self._committer.start()
        _freeze_startup_objects()
        self._ready.set()
        try:
            self._loop()
        finally:
            self._gc.stop()
            self._committer.stop()
            if self._conn is not None:
                self._conn.close()

    def _load(self) -> None:
        if self._conn is not None:
            self._conn.close()
        # The engine's own connection for as long as it runs (kept out of the pool's hands by holding it).
        self._conn = self._db.raw_connection()
        loaded = journal.load(self._conn, utcnow())
        self.engine = Engine(loaded.units, loaded.openings, loaded.next_ids, loaded.active_prices)
        self.buildings = loaded.buildings
        self._decisions = loaded.decisions
        log.info(
            "engine loaded %d units, %d openings, %d stored decisions",
            len(loaded.units),
            len(loaded.openings),
            len(loaded.decisions),
        )

    def _refresh(self) -> None:
        assert self.engine is not None
        units, self.buildings = journal.load_catalog(self._conn, set(self.engine.units))
        self.engine.units.update(units)

    def _timeout(self) -> float | None:
        assert self.engine is not None
        waits = []
        due = self.engine.next_due()
        if due is not None:
            waits.append((due - utcnow()).total_seconds())
        if self._progress_due:
            waits.append(min(self._progress_due.values()) - time.monotonic())
        if self._gc.due is not None:
            waits.append(self._gc.due - time.monotonic())
        rush = self.engine.next_rush()
        if rush is not None:
            to_t0 = (rush - utcnow()).total_seconds()
            # (Once either moment has come it has been dealt with: the collector is off and `due` is set, or
            # the checkpoint is asked for.)
            if self._gc.due is None and to_t0 > BURST_AHEAD:
                waits.append(to_t0 - BURST_AHEAD)
            if self._checkpointed != rush and to_t0 > BURST_AHEAD:
                waits.append(to_t0 - CHECKPOINT_AHEAD)
        return max(0.0, min(waits)) if waits else None

    def _loop(self) -> None:
        stopping = False
        while not stopping:
            items: list[Item] = []
            try:
                first = self._queue.get(timeout=self._timeout())
            except queue.Empty:
                first = _TICK
            if first is None:
                stopping = True
            elif isinstance(first, list):
                items += first
            elif first is not _TICK:
                items.append(first)
            while len(items) < MAX_BATCH and not stopping:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stopping = True
                elif isinstance(nxt, list):
                    items += nxt
                else:
                    items.append(nxt)
            self._before_cycle(len(items))
            self._cycle(items)

    def _before_cycle(self, n: int) -> None:
        assert self.engine is not None
        clock = time.monotonic()
        rush = self.engine.next_rush()
        if rush is not None:
            to_t0 = (rush - utcnow()).total_seconds()
            if to_t0 <= BURST_AHEAD:
                self._gc.ahead(clock, clock + to_t0)
            # (Not once the burst is near: a checkpoint running into it would cost more than it saves.)
            if BURST_AHEAD < to_t0 <= CHECKPOINT_AHEAD and self._checkpointed != rush:
                self._checkpointed = rush
                threading.Thread(target=self._checkpoint_ahead, name="showroom-checkpoint", daemon=True).start()
        self._gc.saw(n, clock)

    def _checkpoint_ahead(self) -> None:
        """A checkpoint while the hall waits for T0, on a thread of its own: otherwise the burst may run into one
        (every checkpoint_timeout), and it writes into WAL segments PostgreSQL must first create and zero-fill
        (16 MB each); sampled during bench.opening, COMMIT waited on that ('WalInitWrite') for 6 % of a burst. A
        checkpoint recycles the segments it no longer needs as the next ones. Best effort: a database user
        without the right to CHECKPOINT (pg_checkpoint) only loses the head start."""
        try:
            with self._db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("CHECKPOINT"))
        except SQLAlchemyError as exc:
            log.warning("could not ask PostgreSQL for a checkpoint before an opening: %s", exc)

    def _cycle(self, items: list[Item]) -> None:
        if self._committer.broken >= self._generation:
            log.warning("an engine transaction was lost; reloading the engine state")
            self._recover()
        engine = self.engine
        assert engine is not None
        now = utcnow()
        engine.batch = Batch()
        replies: list[Reply] = []
        decisions: list[Decision] = []
        try:
            engine.tick(now)
            for item in items:
                item.now = now
                replies.append(Reply(item.env_id, self._decide(engine, item, decisions), item.route, item.callback))
            batch = engine.batch
            writes = journal.freeze(batch, decisions, now) if batch or decisions else journal.Writes()
            events = self._events(engine, batch)
        except Exception:
            # A bug halfway through a decision: nothing of this batch is written or acknowledged. Refuse it,
            # and rebuild the state from what is durable once the writer has committed the earlier batches.
            log.exception("could not decide a batch of %d commands; reloading the engine state", len(items))
            err = _error_body(ShowroomError(ErrorCode.INTERNAL))
            refusals = [Reply(i.env_id, self._envelope(i.env_id, ERROR, err), i.route, i.callback) for i in items]
            self._committer.put(Commit(self._generation, replies=refusals))
            self._recover()
            return
        self._committer.put(Commit(self._generation, writes, replies, events))

    def _recover(self) -> None:
        self._committer.drain()
        self._reload_or_wait()
        self._generation = max(self._generation, self._committer.broken) + 1

    def _reload_or_wait(self) -> None:
        while True:
            try:
                self._load()
                return
            except Exception:
                log.exception("the database is unreachable; retrying in 1 s")
                time.sleep(1)

    def _decide(self, engine: Engine, item: Item, decisions: list[Decision]) -> bytes:
        key = actor_key(item.principal)
        if item.mutating and item.idem is not None:
            stored = self._decisions.get(item.idem)
            if stored is not None:
                if stored.actor_key != key or stored.command != item.command:
                    reused = _error_body(ShowroomError(ErrorCode.IDEMPOTENCY_KEY_REUSED))
                    return self._envelope(item.env_id, ERROR, reused)
                return self._envelope(item.env_id, REPLY if stored.ok else ERROR, stored.body)
        item.context = self
        try:
            body, ok = encode_body(item.op(engine, item.principal, item.payload, item)), True
        except ShowroomError as err:
            body, ok = _error_body(err), False
        if item.mutating and item.idem is not None:
            d = Decision(item.idem, key, item.command, ok, bytes(body), item.now)
            self._decisions[item.idem] = d
            if not (ok and item.command in journal.LOGGED):
                decisions.append(d)
        return self._envelope(item.env_id, REPLY if ok else ERROR, body, item.now)

    def _envelope(self, corr: str, type_: str, body: bytes | msgspec.Raw, at: datetime | None = None) -> bytes:
        # Reply ids must be unique, not secret: a random prefix per start and a counter. new_id() reads os.urandom,
        # a system call that releases the GIL; once per reply, that made the engine thread queue for the GIL behind
        # the busy I/O thread thousands of times per batch. `at`: when the decision was made (the cycle's time, one
        # clock read fewer per reply); a refusal or a stored decision's repeat is stamped now.
        reply_id = f"{self._reply_prefix}{next(self._reply_numbers):016x}"
        return _envelope(reply_id, corr, type_, body, utcnow() if at is None else at)

    def _events(self, engine: Engine, batch: Batch) -> list[tuple[str, msgspec.Struct]]:
        """What the batch changed, as events built now (the writer publishes them after the commit)."""
        events: list[tuple[str, msgspec.Struct]] = []
        hall: dict[int, tuple[list[int], list[int]]] = {}  # opening -> (taken, free) in this batch
        for u in batch.units.values():
            events.append(("unit.changed", engine.unit_event(u, batch.actors.get(u.id, ""))))
            seen = engine.hall_view(u)
            if seen is not None:
                hall.setdefault(seen[0], ([], []))[1 if seen[1] else 0].append(u.id)
        for opening_id, unit_id in batch.rehearsed:
            hall.setdefault(opening_id, ([], []))[0].append(unit_id)
        for opening_id, (taken, free) in hall.items():
            events.append(("opening.units", UnitsAvailability(opening_id=opening_id, taken=taken, free=free)))
        clock = time.monotonic()
        for opening_id in batch.progress:
            self._progress_due.setdefault(opening_id, self._progress_sent.get(opening_id, 0.0) + PROGRESS_EVERY)
        for opening_id, due in list(self._progress_due.items()):
            if due <= clock:
                del self._progress_due[opening_id]
                self._progress_sent[opening_id] = clock
                events.append(("opening.progress", engine.progress(opening_id)))
        return events


_frozen = False


def _freeze_startup_objects() -> None:
    """Moves everything alive once the first engine has loaded (modules, the database layer, the engine's state)
    out of the cyclic garbage collector's reach, once per process. Otherwise every full collection walks them
    all: 150 ms for the ~400,000 objects of a server holding a 10,000-buyer opening, a pause that came in the
    middle of the opening's burst. The frozen objects are still freed by reference counting when dropped."""
    global _frozen  # noqa: PLW0603 - once per process, not per engine
    if not _frozen:
        _frozen = True
        gc.freeze()


class _BurstGc:
    """Keeps the cyclic garbage collector out of a burst. At an opening's T0 ten thousand commands wait in the
    queue, each a handful of live objects: every young collection walks them all again, and the survivors soon
    trigger full collections of everything the server holds. Measured in an opening's first second, collections
    took 150-200 ms of the engine's 1 s, holding the GIL. During a burst only reference counting frees memory
    (the engine's objects have no cycles). The collector goes off for a burst-sized cycle, or BURST_AHEAD s
    before a rush opening's T0 (after one full collection, while the hall waits); it is back once no burst-sized
    cycle has come for BURST_IDLE s, or after BURST_MAX s of uninterrupted load at the latest. Engine thread only."""

    __slots__ = ("_last", "_since", "due")

    def __init__(self) -> None:
        self.due: float | None = None  # while the collector is off: when to look again
        self._since: float | None = None  # when this burst turned it off
        self._last = 0.0  # the last burst-sized cycle

    def saw(self, n: int, now: float) -> None:
        """Called before each cycle with its number of commands (0 for a timer's wake-up)."""
        if n >= BURST_CYCLE:
            if self._since is None:
                if not gc.isenabled():
                    return  # somebody else turned it off: theirs to turn back on
                gc.disable()
                self._since = now
            self._last = now
        if self._since is None:
            return
        if now - self._since >= BURST_MAX:
            self.stop()
            gc.collect()  # a minute of load without a pause: collect now, then as usual
        elif now - self._last >= BURST_IDLE:
            self.stop()
        else:
            self.due = min(self._last + BURST_IDLE, self._since + BURST_MAX)

    def ahead(self, now: float, t0: float) -> None:
        """A burst is due at t0 (a rush opening's start): collect once now, and stay off until after it."""
        if self._since is None:
            if not gc.isenabled():
                return
            gc.collect()
            gc.disable()
            self._since = now
        self._last = max(self._last, t0)

    def stop(self) -> None:
        if self._since is not None:
            gc.enable()
            self._since = self.due = None

    @property
    def off(self) -> bool:
        return self._since is not None


class _Tick:
    """A wake-up with nothing queued: only timers are due."""


_TICK: Any = _Tick()


def _envelope(reply_id: str, corr: str, type_: str, body: bytes | msgspec.Raw, ts: datetime) -> bytes:
    raw = body if isinstance(body, msgspec.Raw) else msgspec.Raw(body)
    return encode(Envelope(id=reply_id, type=type_, v=PROTOCOL_VERSION, ts=ts, corr=corr, body=raw))


def _error_body(err: ShowroomError) -> msgspec.Raw:
    return msgspec.Raw(encode(err.body()))

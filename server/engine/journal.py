"""The engine's database side: rebuild the state at start; freeze a batch of decisions, commit it in one transaction."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import msgspec
import psycopg2
from psycopg2.extensions import connection as PgConnection
from psycopg2.extras import Json

from server.engine.core import Batch, buyer_key
from server.engine.state import Buyer, Opening, UnitState
from shared.domain import OpeningMode, OpeningStatus, PickOutcome, UnitStatus
from shared.protocol.envelope import encode_body
from shared.protocol.messages.opening import PickResult

log = logging.getLogger(__name__)

# How long a decision's reply is kept for retries (as long as the dispatcher keeps its stored replies).
REPLY_RETENTION = timedelta(days=7)


# Commands whose successful decisions are not stored as such: the fairness log row written with each one holds
# all of its reply, and the replies are rebuilt from the log at start (a buyer's pick is an opening's bulk: one
# row fewer per pick is a third of the rows an opening's burst writes).
LOGGED = frozenset({"buyer.pick"})


@dataclass(slots=True)
class Decision:
    """A decided command's reply, kept by idempotency key; never changed once made (not frozen: one is made per
    command, and a frozen dataclass costs three times as much to make)."""

    idem: str
    actor_key: str
    command: str
    ok: bool
    body: bytes
    at: datetime


@dataclass
class Loaded:
    units: dict[int, UnitState]
    openings: dict[int, Opening]
    next_ids: dict[str, int]
    decisions: dict[str, Decision]
    buildings: dict[int, str]
    active_prices: dict[int, int]


UNIT_COLUMNS = (
    "SELECT u.id, b.project_id, u.building_id, u.floor, u.number, u.layout, u.gross_area, u.inner_area,"
    " u.orientation, u.list_price, u.status, u.version, u.updated_at, u.note, u.holder_id, u.holder_name,"
    " u.hold_expires_at, u.customer_name, u.customer_phone, u.deposit, u.opening_id, u.buyer_id"
    " FROM units u JOIN buildings b ON b.id = u.building_id"
)


def _unit(r: tuple[Any, ...]) -> UnitState:
    return UnitState(
        id=r[0],
        project_id=r[1],
        building_id=r[2],
        floor=r[3],
        number=r[4],
        layout=r[5],
        gross_area=r[6],
        inner_area=r[7],
        orientation=r[8],
        list_price=r[9],
        status=UnitStatus(r[10]),
        version=r[11],
        updated_at=r[12],
        note=r[13],
        holder_id=r[14],
        holder_name=r[15],
        hold_expires_at=r[16],
        customer_name=r[17],
        customer_phone=r[18],
        deposit=r[19],
        opening_id=r[20],
        buyer_id=r[21],
    )


def load_catalog(conn: PgConnection, known: set[int]) -> tuple[dict[int, UnitState], dict[int, str]]:
    """Units the engine does not know yet (added by an import), and every building's name."""
    with conn.cursor() as cur:
        cur.execute(UNIT_COLUMNS)
        units = {r[0]: _unit(r) for r in cur.fetchall() if r[0] not in known}
        cur.execute("SELECT id, name FROM buildings")
        buildings = {r[0]: r[1] for r in cur.fetchall()}
    conn.rollback()
    return units, buildings


def load(conn: PgConnection, now: datetime) -> Loaded:
    units, buildings = load_catalog(conn, set())
    with conn.cursor() as cur:
        openings = _load_openings(cur)
        cur.execute("SELECT coalesce(max(id), 0) FROM openings")
        next_opening = cur.fetchone()[0]
        cur.execute("SELECT coalesce(max(id), 0) FROM opening_buyers")
        next_buyer = cur.fetchone()[0]
        cur.execute(
            "SELECT idem_key, actor_key, command, ok, body, at FROM engine_decisions WHERE at > %s",
            (now - REPLY_RETENTION,),
        )
        decisions = {r[0]: Decision(r[0], r[1], r[2], r[3], bytes(r[4]), r[5]) for r in cur.fetchall()}
        decisions.update(_logged_decisions(cur, openings, now - REPLY_RETENTION))
        cur.execute("SELECT building_id, version FROM price_lists WHERE status = 'active'")
        active_prices = {r[0]: r[1] for r in cur.fetchall()}
    conn.rollback()
    return Loaded(units, openings, {"opening": next_opening, "buyer": next_buyer}, decisions, buildings, active_prices)


def _logged_decisions(cur: Any, openings: dict[int, Opening], since: datetime) -> dict[str, Decision]:
    """The replies of the picks in the fairness logs, as the engine gave them (see LOGGED)."""
    cur.execute(
        "SELECT opening_id, record FROM opening_log"
        " WHERE record->>'kind' = 'pick' AND record->>'idem' IS NOT NULL AND (record->>'at')::timestamptz > %s",
        (since,),
    )
    out: dict[str, Decision] = {}
    for opening_id, rec in cur.fetchall():
        at = datetime.fromisoformat(rec["at"])
        result = PickResult(
            outcome=PickOutcome(rec["outcome"]),
            unit_id=rec["unit_id"],
            taken=rec["detail"]["taken"],
            log_seq=rec["seq"],
            decided_at=at,
            rehearsal=openings[opening_id].mode is OpeningMode.REHEARSAL,
        )
        body = bytes(encode_body(result))
        out[rec["idem"]] = Decision(rec["idem"], buyer_key(opening_id, rec["buyer_id"]), "buyer.pick", True, body, at)
    return out


def _load_openings(cur: Any) -> dict[int, Opening]:
    cur.execute(
        "SELECT id, project_id, name, mode, status, starts_at, turn_seconds, hold_minutes, seed, order_source,"
        " unit_ids, queue, turn_ends_at FROM openings"
    )
    openings: dict[int, Opening] = {}
    for r in cur.fetchall():
        openings[r[0]] = Opening(
            id=r[0],
            project_id=r[1],
            name=r[2],
            mode=OpeningMode(r[3]),
            status=OpeningStatus(r[4]),
            starts_at=r[5],
            turn_seconds=r[6],
            hold_minutes=r[7],
            seed=r[8],
            order_source=r[9],
            unit_ids=set(r[10]),
            queue=list(r[11]),
            turn_ends_at=r[12],
        )
    cur.execute("SELECT id, opening_id, name, phone, ticket_no, quota, allocated, missed FROM opening_buyers")
    for r in cur.fetchall():
        op = openings[r[1]]
        b = Buyer(
            id=r[0],
            opening_id=r[1],
            name=r[2],
            phone=r[3],
            ticket_no=r[4],
            quota=r[5],
            allocated=list(r[6]),
            missed=r[7],
        )
        op.buyers[b.id] = b
        op.by_login[b.phone, b.ticket_no] = b.id
    cur.execute("SELECT DISTINCT ON (opening_id) opening_id, seq, hash FROM opening_log ORDER BY opening_id, seq DESC")
    for opening_id, seq, digest in cur.fetchall():
        openings[opening_id].log_seq, openings[opening_id].log_hash = seq, digest
    # Requests, the heat map and what is taken are facts of the log: recount them rather than store counters.
    cur.execute(
        "SELECT opening_id, record->>'kind', record->>'outcome', (record->>'unit_id')::int,"
        " record->'detail'->'choices' FROM opening_log WHERE record->>'kind' IN ('pick', 'release')"
        " ORDER BY opening_id, seq"
    )
    for opening_id, kind, outcome, unit_id, choices in cur.fetchall():
        op = openings[opening_id]
        if kind == "release":
            op.taken.discard(unit_id)
            continue
        op.requests += 1
        if outcome == "allocated":
            op.taken.add(unit_id)
        if outcome in ("allocated", "taken") and choices:
            op.first_choice[choices[0]] += 1
            op.mentions.update(choices)
    return openings


# Changed units and buyers: one statement updates both from JSON record sets (msgspec encodes the rows; one
# parameter each). Measured with 2,000 units: 4 ms of Python and 26 ms in all, against 7 and 29 for COPY into a
# temporary table plus an UPDATE ... FROM it (two round trips more, and a truncation at every commit), and 20 and
# 45 for per-column arrays (psycopg2 adapts every value). RETURNING gives the rows each changed, to be checked.
UNIT_UPDATE = (
    "UPDATE units AS u SET status = v.status, version = v.version, updated_at = v.updated_at, note = v.note,"
    " holder_id = v.holder_id, holder_name = v.holder_name, hold_expires_at = v.hold_expires_at,"
    " customer_name = v.customer_name, customer_phone = v.customer_phone, deposit = v.deposit,"
    " opening_id = v.opening_id, buyer_id = v.buyer_id, list_price = v.list_price"
    " FROM json_populate_recordset(NULL::units, %(units)s::json) AS v WHERE u.id = v.id"
)
BUYER_UPDATE = (
    "UPDATE opening_buyers AS b SET allocated = v.allocated, missed = v.missed"
    " FROM json_populate_recordset(NULL::opening_buyers, %(buyers)s::json) AS v WHERE b.id = v.id"
)
ROW_UPDATES = (
    f"WITH b AS ({BUYER_UPDATE} RETURNING 1), u AS ({UNIT_UPDATE} RETURNING 1)"
    " SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM u)"
)


class UnitRow(msgspec.Struct, frozen=True):
    """A unit's columns the engine writes (the names are the table's), as they were when the cycle decided."""

    id: int
    status: str
    version: int
    updated_at: datetime
    note: str
    holder_id: int | None
    holder_name: str
    hold_expires_at: datetime | None
    customer_name: str
    customer_phone: str
    deposit: Decimal | None
    opening_id: int | None
    buyer_id: int | None
    list_price: Decimal


class BuyerRow(msgspec.Struct, frozen=True):
    id: int
    allocated: list[int]
    missed: bool


# The append-only rows (fairness log, audit, decisions: one or more per decision) go in with COPY, which costs
# PostgreSQL and Python a fraction of what a multi-row INSERT does (no statement text to build and parse per row).
LOG_COPY = "opening_log (opening_id, seq, record, prev_hash, hash)"
AUDIT_COPY = (
    "audit_log (at, actor_id, actor_name, actor_role, command, target_type, target_id, before, after, client_addr,"
    " idem_key)"
)
DECISION_COPY = "engine_decisions (idem_key, actor_key, command, ok, body, at)"


@dataclass(slots=True)
class Writes:
    """What one or more engine cycles decided, as plain values taken on the engine thread (so that another thread
    can write them while the engine goes on changing its objects): statements in order, then the changed buyers
    and units (one statement for both), then COPY data."""

    statements: list[tuple[str, Any, int]] = field(default_factory=list)  # (SQL, parameters, rows or -1)
    buyers: dict[int, BuyerRow] = field(default_factory=dict)
    units: dict[int, UnitRow] = field(default_factory=dict)
    copies: dict[str, list[str]] = field(default_factory=dict)  # COPY target -> lines

    def __bool__(self) -> bool:
        return bool(self.statements or self.buyers or self.units or self.copies)

    def extend(self, later: Writes) -> None:
        """Appends a later cycle's writes. Its statements follow ours. A buyer's or unit's row is its whole state,
        so the later cycle's row replaces ours: however many cycles, one update of each table (every statement a
        round trip, and every round trip a wait for the GIL on a busy server). The updates and COPY rows need
        nothing but rows the statements insert (openings, new buyers), so they can all follow every statement."""
        self.statements += later.statements
        self.buyers.update(later.buyers)
        self.units.update(later.units)
        for target, lines in later.copies.items():
            self.copies.setdefault(target, []).extend(lines)


def _columns(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)]


def _unit_row(u: UnitState) -> UnitRow:
    return UnitRow(
        u.id,
        u.status.value,
        u.version,
        u.updated_at,
        u.note,
        u.holder_id,
        u.holder_name,
        u.hold_expires_at,
        u.customer_name,
        u.customer_phone,
        u.deposit,
        u.opening_id,
        u.buyer_id,
        u.list_price,
    )


def freeze(batch: Batch, decisions: list[Decision], now: datetime) -> Writes:
    """A cycle's batch as Writes. Runs on the engine thread: every mutable object (unit, buyer, opening) is read
    here, into tuples, strings and copied lists."""
    out = Writes()
    _freeze_openings(out, batch)
    out.statements += batch.sql
    out.units = {u.id: _unit_row(u) for u in batch.units.values()}
    stamp = now.isoformat()
    if batch.log_rows:
        out.copies[LOG_COPY] = [
            f"{r.opening_id}\t{r.seq}\t{_copy_json(r.canonical)}\t{r.prev_hash}\t{r.hash}\n" for r in batch.log_rows
        ]
    if batch.audits:
        out.copies[AUDIT_COPY] = [
            "\t".join(
                (
                    stamp,
                    _int(a.actor.user_id if a.actor else None),
                    _text(a.actor.username if a.actor else a.actor_name),
                    _text(a.actor.role.value if a.actor else a.actor_role),
                    _text(a.command),
                    _text(a.target_type),
                    _text(a.target_id),
                    _json(a.before) if a.before is not None else NULL,
                    _json(a.after) if a.after is not None else NULL,
                    _text(a.client_addr[:100]),
                    _text(a.idem),
                )
            )
            + "\n"
            for a in batch.audits
        ]
    if decisions:
        out.copies[DECISION_COPY] = [
            f"{_text(d.idem)}\t{_text(d.actor_key)}\t{_text(d.command)}\t{'t' if d.ok else 'f'}"
            f"\t\\\\x{d.body.hex()}\t{stamp if d.at is now else d.at.isoformat()}\n"
            for d in decisions
        ]
    return out


def prepare(conn: PgConnection) -> None:
    """Makes a psycopg2 connection (not a pool's proxy: attributes set on one stay on the proxy) ready to `commit`:
    UTF-8 (COPY data goes as UTF-8 bytes), and autocommit, for `commit` says BEGIN and COMMIT itself. The
    connection must not go back to a pool afterwards."""
    conn.set_client_encoding("UTF8")
    conn.autocommit = True


def commit(conn: PgConnection, writes: Writes) -> None:
    """One transaction (on a connection made ready by `prepare`); returns once it is durable.

    Every round trip of it is a wait for the GIL on a busy server: the engine and I/O threads hold it while the
    writer thread waits to read an answer and send what comes next, and PostgreSQL meanwhile waits on the writer
    ('idle in transaction' or ClientRead in pg_stat_activity: a third of an opening's burst, sampled with
    `bench.opening --pg-waits`). So all the data is made before the transaction begins, BEGIN goes with the first
    statement, and the units and buyers take one statement."""
    rows = {
        "buyers": _json_encoder.encode(list(writes.buyers.values())).decode("utf-8"),
        "units": _json_encoder.encode(list(writes.units.values())).decode("utf-8"),
    }
    appended = [(target, _data(lines)) for target, lines in writes.copies.items()]
    begin = "BEGIN; "
    try:
        with conn.cursor() as cur:
            for statement, params, expected in writes.statements:
                cur.execute(begin + statement, params)
                begin = ""
                if expected >= 0 and cur.rowcount != expected:
                    raise RuntimeError(f"{statement!r} changed {cur.rowcount} rows, expected {expected}")
            if writes.buyers or writes.units:
                cur.execute(begin + ROW_UPDATES, rows)
                begin = ""
                changed = cur.fetchone()
                if changed != (len(writes.buyers), len(writes.units)):
                    raise RuntimeError(
                        f"the updates changed {changed} buyers and units, expected"
                        f" {(len(writes.buyers), len(writes.units))}"
                    )
            if begin:
                cur.execute("BEGIN")
            for target, (data, size) in appended:
                cur.copy_expert(f"COPY {target} FROM STDIN", data, size=size)
            cur.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: PgConnection) -> None:
    """Ends the failed transaction, if the connection still works (the caller then raises what failed)."""
    if conn.closed:
        return
    try:
        with conn.cursor() as cur:
            cur.execute("ROLLBACK")
    except psycopg2.Error:
        log.warning("could not roll back the engine's transaction", exc_info=True)


def _data(lines: Iterable[str]) -> tuple[io.BytesIO, int]:
    """COPY data as one UTF-8 buffer, and its size (psycopg2 then reads it in one go)."""
    data = "".join(lines).encode("utf-8")
    return io.BytesIO(data), len(data)


# COPY's text format: tab-separated columns, \N for NULL, and backslash escapes for these four characters.
NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_json_encoder = msgspec.json.Encoder()


_needs_escape = re.compile(r"[\\\t\n\r]").search


def _text(value: str | None) -> str:
    if value is None:
        return NULL
    return value.translate(_COPY_ESCAPES) if _needs_escape(value) else value


def _int(value: int | None) -> str:
    return NULL if value is None else str(value)


def _json_text(value: Any) -> str:
    return _json_encoder.encode(value).decode("utf-8")


def _copy_json(data: bytes) -> str:
    """JSON bytes as a COPY field (JSON text has no raw tabs or newlines, only backslashes to double)."""
    text = data.decode("utf-8")
    return text.replace("\\", "\\\\") if "\\" in text else text


def _json(value: Any) -> str:
    """A JSON document as a COPY field."""
    return _copy_json(_json_encoder.encode(value))


def _freeze_openings(out: Writes, batch: Batch) -> None:
    for op in batch.new_openings:
        out.statements.append(
            (
                "INSERT INTO openings (id, project_id, name, mode, status, starts_at, turn_seconds, hold_minutes,"
                " seed, order_source, unit_ids, queue, turn_ends_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    op.id,
                    op.project_id,
                    op.name,
                    op.mode.value,
                    op.status.value,
                    op.starts_at,
                    op.turn_seconds,
                    op.hold_minutes,
                    op.seed,
                    op.order_source,
                    Json(sorted(op.unit_ids)),
                    Json(list(op.queue)),
                    op.turn_ends_at,
                ),
                -1,
            )
        )
    for op in batch.openings.values():
        out.statements.append(
            (
                "UPDATE openings SET status = %s, order_source = %s, queue = %s, turn_ends_at = %s WHERE id = %s",
                (op.status.value, op.order_source, Json(list(op.queue)), op.turn_ends_at, op.id),
                -1,
            )
        )
    new = [r.buyer for r in batch.buyers.values() if r.new]
    if new:
        out.statements.append(
            (
                "INSERT INTO opening_buyers (id, opening_id, name, phone, ticket_no, quota, allocated, missed)"
                " SELECT * FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[], %s::varchar[],"
                " %s::int[], %s::jsonb[], %s::boolean[])",
                _columns(
                    [
                        (b.id, b.opening_id, b.name, b.phone, b.ticket_no, b.quota, _json_text(b.allocated), b.missed)
                        for b in new
                    ]
                ),
                len(new),
            )
        )
    out.buyers = {
        r.buyer.id: BuyerRow(r.buyer.id, list(r.buyer.allocated), r.buyer.missed)
        for r in batch.buyers.values()
        if not r.new
    }


def log_rows(conn: PgConnection, opening_id: int) -> list[tuple[dict[str, Any], str, str]]:
    with conn.cursor() as cur:
        cur.execute("SELECT record, prev_hash, hash FROM opening_log WHERE opening_id = %s ORDER BY seq", (opening_id,))
        rows = [(r[0], r[1], r[2]) for r in cur.fetchall()]
    conn.rollback()
    return rows


def quotas(conn: PgConnection, opening_id: int) -> dict[int, int]:
    with conn.cursor() as cur:
        cur.execute("SELECT id, quota FROM opening_buyers WHERE opening_id = %s", (opening_id,))
        result = {r[0]: r[1] for r in cur.fetchall()}
    conn.rollback()
    return result

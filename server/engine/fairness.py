"""The fairness log of an opening: every request and decision in order, hash-chained, exportable, verifiable.

Each row's hash is SHA-256 over the previous row's hash and the row's canonical JSON (sorted keys, no spaces),
so anyone with the export can recompute the chain; a changed, dropped or reordered row breaks it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from server.engine.state import GENESIS

CSV_FIELDS = ("seq", "at", "kind", "buyer_id", "ticket_no", "outcome", "unit_id", "idem", "detail", "prev_hash", "hash")


@dataclass(slots=True)
class LogRow:
    """One row of the log as written; not to be changed once made (not frozen: a frozen dataclass costs three times
    as much to make, and the engine makes one per pick)."""

    opening_id: int
    seq: int
    prev_hash: str
    hash: str
    canonical: bytes  # canonical_json(record): what the hash covers, and what the database stores

    def record(self) -> dict[str, Any]:
        """What the hash covers: everything but the hashes themselves."""
        result: dict[str, Any] = json.loads(self.canonical)
        return result


def _record(  # noqa: PLR0917 - positional: once per log row, on the engine thread
    opening_id: int,
    seq: int,
    at: datetime,
    kind: str,
    buyer_id: int | None,
    ticket_no: str | None,
    idem: str | None,
    outcome: str | None,
    unit_id: int | None,
    detail: dict[str, Any],
) -> dict[str, Any]:
    return {
        "opening_id": opening_id,
        "seq": seq,
        "at": at,
        "kind": kind,
        "buyer_id": buyer_id,
        "ticket_no": ticket_no,
        "idem": idem,
        "outcome": outcome,
        "unit_id": unit_id,
        "detail": detail,
    }


class _PickDetail(msgspec.Struct):
    """A pick row's detail. Fields in sorted order: encoded as they are, they give the canonical JSON."""

    choices: list[int]
    received_at: datetime
    taken: list[int]


class _PickRecord(msgspec.Struct):
    """A pick row's record (see _record), fields in sorted order: the bulk of an opening's log is picks, and a
    struct encodes in a third of the time of a dict whose keys must be sorted first."""

    at: datetime
    buyer_id: int
    detail: _PickDetail
    idem: str | None
    kind: str
    opening_id: int
    outcome: str
    seq: int
    ticket_no: str
    unit_id: int | None


def canonical_json(record: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8 as is: the bytes `json.dumps(record, sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))` gives (a test keeps them equal), at a tenth of its cost on the engine thread. A datetime
    (a row's times, as the engine makes them) becomes its RFC 3339 text, "Z" for UTC: a record read back has
    that text, which encodes to the same bytes."""
    return _canonical.encode(record)


_canonical = msgspec.json.Encoder(order="sorted")


def chain_hash(prev_hash: str, record: dict[str, Any]) -> str:
    return _chain(prev_hash, canonical_json(record))


def _chain(prev_hash: str, canonical: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical).hexdigest()


def make_row(
    opening_id: int,
    seq: int,
    prev_hash: str,
    at: datetime,
    kind: str,
    *,
    buyer_id: int | None = None,
    ticket_no: str | None = None,
    idem: str | None = None,
    outcome: str | None = None,
    unit_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> LogRow:
    """detail: a JSON-able dict. The record is built and encoded once: its bytes give the hash and are stored."""
    canonical = canonical_json(
        _record(opening_id, seq, at, kind, buyer_id, ticket_no, idem, outcome, unit_id, detail or {})
    )
    return LogRow(opening_id, seq, prev_hash, _chain(prev_hash, canonical), canonical)


def make_pick_row(  # noqa: PLR0917 - positional: once per pick, on the engine thread
    opening_id: int,
    seq: int,
    prev_hash: str,
    at: datetime,
    buyer_id: int,
    ticket_no: str,
    idem: str | None,
    outcome: str,
    unit_id: int | None,
    choices: list[int],
    taken: list[int],
    received_at: datetime,
) -> LogRow:
    """make_row(..., "pick", detail={"choices", "received_at", "taken"}), byte for byte (a test keeps them equal)."""
    detail = _PickDetail(choices, received_at, taken)
    canonical = _canonical.encode(
        _PickRecord(at, buyer_id, detail, idem, "pick", opening_id, outcome, seq, ticket_no, unit_id)
    )
    return LogRow(opening_id, seq, prev_hash, _chain(prev_hash, canonical), canonical)


@dataclass(frozen=True, slots=True)
class Verdict:
    rows: int
    picks: int
    allocated: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(records: Iterable[tuple[dict[str, Any], str, str]], quotas: dict[int, int] | None = None) -> Verdict:
    """records: (record, prev_hash, hash) in seq order. Checks the chain, the numbering, that no unit went to
    two buyers, and (given quotas per buyer) that nobody got more than allowed."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    owner: dict[int, int] = {}
    per_buyer: dict[int, int] = {}
    rows = picks = 0
    released: set[int] = set()
    for rec, prev_hash, digest in records:
        rows += 1
        seq = rec.get("seq")
        if seq != expected_seq:
            problems.append(f"row {rows}: seq {seq}, expected {expected_seq}")
        expected_seq = (seq if isinstance(seq, int) else expected_seq) + 1
        if prev_hash != prev:
            problems.append(f"seq {seq}: prev_hash does not match the previous row's hash")
        if chain_hash(prev_hash, rec) != digest:
            problems.append(f"seq {seq}: hash does not match the row's content")
        prev = digest
        if rec.get("kind") == "release":
            released.add(rec["unit_id"])
        elif rec.get("kind") == "pick":
            picks += 1
            if rec.get("outcome") == "allocated":
                unit, buyer = rec["unit_id"], rec["buyer_id"]
                if unit in owner and unit not in released:
                    problems.append(f"seq {seq}: unit {unit} allocated to buyer {buyer}, already buyer {owner[unit]}'s")
                owner[unit] = buyer
                released.discard(unit)
                per_buyer[buyer] = per_buyer.get(buyer, 0) + 1
                if quotas is not None and per_buyer[buyer] > quotas.get(buyer, 0):
                    problems.append(f"seq {seq}: buyer {buyer} got more units than their quota")
    return Verdict(rows=rows, picks=picks, allocated=len(owner), problems=problems)


def to_json(rows: Sequence[tuple[dict[str, Any], str, str]]) -> bytes:
    out = [{**rec, "prev_hash": prev, "hash": digest} for rec, prev, digest in rows]
    return json.dumps(
        {"algorithm": "sha256(prev_hash + canonical_json(record))", "genesis": GENESIS, "rows": out},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")


def to_csv(rows: Sequence[tuple[dict[str, Any], str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_FIELDS)
    for rec, prev, digest in rows:
        writer.writerow(
            [
                rec["seq"],
                rec["at"],
                rec["kind"],
                rec["buyer_id"] or "",
                rec["ticket_no"] or "",
                rec["outcome"] or "",
                rec["unit_id"] or "",
                rec["idem"] or "",
                json.dumps(rec["detail"], ensure_ascii=False, sort_keys=True),
                prev,
                digest,
            ]
        )
    # A BOM so Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def from_json(data: bytes) -> list[tuple[dict[str, Any], str, str]]:
    doc = json.loads(data)
    result = []
    for row in doc["rows"]:
        prev, digest = row.pop("prev_hash"), row.pop("hash")
        result.append((row, prev, digest))
    return result

"""The attribution ledger 判客: per customer, append-only (a trigger refuses changes), hash-chained.

Each row's hash is SHA-256 over the previous row's hash and the row's canonical JSON, the house way
(server/engine/fairness.py), so an exported evidence pack can be checked by anyone. A row states the
attribution from then on (natural, channel X, referral Y) and the evidence it rests on.

The face service appends its matches with `append_face_evidence`: evidence of kind "face" that leaves the
attribution as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.crm_models import AttributionEntry, Customer
from server.engine.fairness import chain_hash
from server.engine.state import GENESIS
from shared.protocol.messages.crm_types import AttributionKind, EvidenceKind


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    kind: EvidenceKind
    ref_id: int
    at: datetime
    summary: str

    def json(self) -> dict[str, Any]:
        at = self.at.astimezone(UTC).isoformat()
        return {"kind": self.kind.value, "ref_id": self.ref_id, "at": at, "summary": self.summary}


def record(e: AttributionEntry) -> dict[str, Any]:
    """What the hash covers: everything but the hashes."""
    return {
        "customer_id": e.customer_id,
        "seq": e.seq,
        "at": e.at.astimezone(UTC).isoformat(),  # as stored, whatever the session time zone
        "kind": e.kind,
        "channel_id": e.channel_id,
        "referrer_id": e.referrer_id,
        "reason": e.reason,
        "evidence": e.evidence,
        "actor_id": e.actor_id,
    }


def entries(db: Session, customer_id: int) -> list[AttributionEntry]:
    return list(db.scalars(select(AttributionEntry).where(AttributionEntry.customer_id == customer_id).order_by("seq")))


def append(
    db: Session,
    customer_id: int,
    at: datetime,
    kind: AttributionKind,
    reason: str,
    *,
    evidence: list[EvidenceRef],
    channel_id: int | None = None,
    referrer_id: int | None = None,
    actor_id: int | None = None,
) -> AttributionEntry:
    # The customer's row lock orders concurrent appends, so seq and prev_hash never fork.
    db.execute(select(Customer.id).where(Customer.id == customer_id).with_for_update())
    last = db.scalars(
        select(AttributionEntry)
        .where(AttributionEntry.customer_id == customer_id)
        .order_by(AttributionEntry.seq.desc())
        .limit(1)
    ).first()
    entry = AttributionEntry(
        customer_id=customer_id,
        seq=(last.seq + 1) if last else 1,
        at=at,
        kind=kind.value,
        channel_id=channel_id,
        referrer_id=referrer_id,
        reason=reason[:300],
        evidence=[e.json() for e in evidence],
        actor_id=actor_id,
        prev_hash=last.hash if last else GENESIS,
        hash="",
    )
    entry.hash = chain_hash(entry.prev_hash, record(entry))
    db.add(entry)
    db.flush()
    return entry


def current(rows: list[AttributionEntry]) -> AttributionEntry | None:
    return rows[-1] if rows else None


def append_face_evidence(
    db: Session, customer_id: int, face_event_id: int, at: datetime, *, score: float, camera: str
) -> AttributionEntry:
    """For the face service: a face match as evidence; the attribution stays what it was."""
    last = current(entries(db, customer_id))
    kind = AttributionKind(last.kind) if last else AttributionKind.UNDECIDED
    return append(
        db,
        customer_id,
        at,
        kind,
        "人脸识别到访 face match",
        evidence=[EvidenceRef(EvidenceKind.FACE, face_event_id, at, f"camera {camera}, score {score:.3f}")],
        channel_id=last.channel_id if last else None,
        referrer_id=last.referrer_id if last else None,
    )


def verify(rows: list[tuple[dict[str, Any], str, str]]) -> list[str]:
    """(record, prev_hash, hash) in seq order → the problems found (empty: intact)."""
    problems: list[str] = []
    prev = GENESIS
    for i, (rec, prev_hash, digest) in enumerate(rows, start=1):
        if rec.get("seq") != i:
            problems.append(f"row {i}: seq {rec.get('seq')}, expected {i}")
        if prev_hash != prev:
            problems.append(f"seq {rec.get('seq')}: prev_hash does not match the previous row")
        if chain_hash(prev_hash, rec) != digest:
            problems.append(f"seq {rec.get('seq')}: hash does not match the row's content")
        prev = digest
    return problems


def verify_entries(rows: list[AttributionEntry]) -> list[str]:
    return verify([(record(e), e.prev_hash, e.hash) for e in rows])

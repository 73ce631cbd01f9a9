"""The rotation 轮排 in the database: check in/out, give the next visitor to the next consultant in fair
order (server/crm/fairness.py), skips with reasons, and the ledger every report is computed from."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from server.crm.common import active_consultant, day_bounds, invalid, office_day, user_names
from server.crm.fairness import Candidate, order, tiebreak
from server.db.crm_models import RotationLedger, RotationMember
from shared.protocol.messages.crm_types import RotationEntry
from shared.protocol.messages.crm_visits import FairnessRow, QueueEntry, RotationQueue, Skip

# pg_advisory_xact_lock key space of the rotation: one lock per project orders its assignments.
_LOCK_BASE = 0x524F_0000_0000


def lock(db: Session, project_id: int) -> None:
    db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_BASE + project_id})


def _today_counts(db: Session, project_id: int, day: str) -> tuple[Counter[int], Counter[int]]:
    rows = db.execute(
        select(RotationLedger.user_id, RotationLedger.kind, func.count())
        .where(RotationLedger.project_id == project_id, RotationLedger.day == day)
        .group_by(RotationLedger.user_id, RotationLedger.kind)
    ).all()
    assigned: Counter[int] = Counter()
    skipped: Counter[int] = Counter()
    for user_id, kind, n in rows:
        if kind == RotationEntry.ASSIGN.value:
            assigned[user_id] = n
        elif kind == RotationEntry.SKIP.value:
            skipped[user_id] = n
    return assigned, skipped


def _members(db: Session, project_id: int) -> list[RotationMember]:
    return list(db.scalars(select(RotationMember).where(RotationMember.project_id == project_id)))


def ordered(db: Session, project_id: int, now: datetime) -> tuple[list[Candidate], Counter[int], Counter[int], int]:
    day = office_day(now)
    assigned, skipped = _today_counts(db, project_id, day)
    present = [
        Candidate(m.user_id, assigned[m.user_id], m.last_assigned_at) for m in _members(db, project_id) if m.checked_in
    ]
    turn = sum(assigned.values())
    return order(present, project_id, day, turn), assigned, skipped, turn


def queue(db: Session, project_id: int, now: datetime) -> RotationQueue:
    candidates, assigned, skipped, _ = ordered(db, project_id, now)
    members = {m.user_id: m for m in _members(db, project_id)}
    names = user_names(db, members)
    absent = sorted((m for m in members.values() if not m.checked_in), key=lambda m: names.get(m.user_id, ""))
    entries = [
        QueueEntry(
            user_id=uid,
            name=names.get(uid, ""),
            checked_in=members[uid].checked_in,
            assigned_today=assigned[uid],
            skipped_today=skipped[uid],
            last_assigned_at=members[uid].last_assigned_at,
        )
        for uid in [c.user_id for c in candidates] + [m.user_id for m in absent]
    ]
    return RotationQueue(project_id=project_id, day=office_day(now), entries=entries)


def _ledger(
    db: Session, project_id: int, now: datetime, kind: RotationEntry, *, user_id: int, by: int, **fields: object
) -> RotationLedger:
    entry = RotationLedger(
        project_id=project_id,
        at=now,
        day=office_day(now),
        kind=kind.value,
        user_id=user_id,
        by_user_id=by,
        visit_id=fields.get("visit_id"),
        customer_id=fields.get("customer_id"),
        reason=str(fields.get("reason") or ""),
        detail=fields.get("detail") or {},
    )
    db.add(entry)
    return entry


def check(db: Session, project_id: int, user_id: int, *, by: int, checked_in: bool, now: datetime) -> bool:
    """Returns whether anything changed (checking in twice is a no-op, not an error)."""
    active_consultant(db, user_id)
    lock(db, project_id)
    member = db.get(RotationMember, (project_id, user_id))
    if member is None:
        member = RotationMember(project_id=project_id, user_id=user_id, checked_in=False)
        db.add(member)
    if member.checked_in == checked_in:
        return False
    member.checked_in = checked_in
    member.checked_in_at = now if checked_in else None
    _ledger(
        db, project_id, now, RotationEntry.CHECK_IN if checked_in else RotationEntry.CHECK_OUT, user_id=user_id, by=by
    )
    db.flush()
    return True


def assign_next(
    db: Session, project_id: int, *, by: int, skips: list[Skip], now: datetime, visit_id: int, customer_id: int
) -> int | None:
    """The next consultant in fair order who is not skipped; every skip and the assignment are recorded."""
    lock(db, project_id)
    candidates, _, _, turn = ordered(db, project_id, now)
    present = {c.user_id for c in candidates}
    skipped: dict[int, str] = {}
    for s in skips:
        if s.user_id not in present:
            raise invalid(f"用户 {s.user_id} 不在轮排中，无需跳过", f"User {s.user_id} is not checked in")
        if not s.reason.strip():
            raise invalid("跳过需要填写原因", "A skip needs a reason")
        skipped[s.user_id] = s.reason.strip()
    day = office_day(now)
    detail = {
        "turn": turn,
        "order": [
            {
                "user_id": c.user_id,
                "assigned_today": c.assigned_today,
                "last_assigned_at": c.last_assigned_at.isoformat() if c.last_assigned_at else None,
                "tiebreak": tiebreak(project_id, day, turn, c.user_id),
            }
            for c in candidates
        ],
    }
    for c in candidates:
        if c.user_id in skipped:
            _ledger(
                db,
                project_id,
                now,
                RotationEntry.SKIP,
                user_id=c.user_id,
                by=by,
                visit_id=visit_id,
                customer_id=customer_id,
                reason=skipped[c.user_id],
                detail=detail,
            )
            continue
        _ledger(
            db,
            project_id,
            now,
            RotationEntry.ASSIGN,
            user_id=c.user_id,
            by=by,
            visit_id=visit_id,
            customer_id=customer_id,
            detail=detail,
        )
        member = db.get(RotationMember, (project_id, c.user_id))
        assert member is not None
        member.last_assigned_at = now
        db.flush()
        return c.user_id
    db.flush()
    return None


def fairness(db: Session, project_id: int, day_from: str, day_to: str) -> list[FairnessRow]:
    if day_bounds(day_from)[0] > day_bounds(day_to)[0]:
        raise invalid("开始日期晚于结束日期", "day_from is after day_to")
    rows = db.execute(
        select(RotationLedger.day, RotationLedger.user_id, RotationLedger.kind, func.count())
        .where(RotationLedger.project_id == project_id, RotationLedger.day.between(day_from, day_to))
        .group_by(RotationLedger.day, RotationLedger.user_id, RotationLedger.kind)
    ).all()
    table: dict[tuple[str, int], Counter[str]] = {}
    for day, user_id, kind, n in rows:
        table.setdefault((day, user_id), Counter())[kind] = n
    names = user_names(db, [uid for _, uid in table])
    return [
        FairnessRow(
            day=day,
            user_id=uid,
            name=names.get(uid, ""),
            assignments=counts[RotationEntry.ASSIGN.value],
            skips=counts[RotationEntry.SKIP.value],
            check_ins=counts[RotationEntry.CHECK_IN.value],
        )
        for (day, uid), counts in sorted(table.items(), key=lambda kv: (kv[0][0], names.get(kv[0][1], "")))
    ]

"""Private notices to one user, for any family (CRM reminders, returning visitors; face alerts later).

The PUB socket reaches every client, so content never goes on it: `notify` stores the notice in the
command's transaction and queues a `notice.new` event that carries only the recipient's id and the notice's
id and kind. The recipient's client then reads its own notices with `notices.list` (also at sign-in).

    from server.notices import notify
    notify(ctx, owner_id, "visit.returning", {"customer_id": 7, "customer_name": "张伟"})

Jobs without a command context use `add_notice(db, ...)` and publish the returned event after commit.
Payloads are small JSON objects; document each kind in docs/protocol-crm.md (or your family's page).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from server.context import Context
from server.db.crm_models import Notice
from shared.protocol.envelope import utcnow
from shared.protocol.messages.notices import (
    MarkReadReply,
    MarkReadRequest,
    NoticeInfo,
    NoticeList,
    NoticeListRequest,
    NoticeNew,
)

__all__ = ["Notice", "add_notice", "list_notices", "mark_read", "notify"]


def add_notice(db: Session, user_id: int, kind: str, payload: dict[str, Any]) -> NoticeNew:
    """Stores a notice in `db`'s transaction; publish the returned event only after it commits."""
    notice = Notice(user_id=user_id, kind=kind, payload=payload, created_at=utcnow())
    db.add(notice)
    db.flush()
    return NoticeNew(user_id=user_id, notice_id=notice.id, kind=kind)


def notify(ctx: Context, user_id: int, kind: str, payload: dict[str, Any]) -> int:
    """Inside a mutating command: the notice exists, and is announced, exactly when the command commits."""
    event = add_notice(ctx.db, user_id, kind, payload)
    ctx.publish("notice.new", event)
    return event.notice_id


def _unread(db: Session, user_id: int) -> int:
    return db.scalar(select(func.count()).where(Notice.user_id == user_id, Notice.read_at.is_(None))) or 0


def list_notices(db: Session, user_id: int, req: NoticeListRequest) -> NoticeList:
    q = select(Notice).where(Notice.user_id == user_id)
    if req.unread_only:
        q = q.where(Notice.read_at.is_(None))
    if req.after_id is not None:
        q = q.where(Notice.id > req.after_id)
    rows = db.scalars(q.order_by(Notice.id.desc()).limit(req.limit))
    return NoticeList(notices=[_info(n) for n in rows], unread=_unread(db, user_id))


def mark_read(db: Session, user_id: int, req: MarkReadRequest, now: datetime | None = None) -> MarkReadReply:
    """Only the caller's own notices: ids of anyone else's are silently not theirs to mark."""
    q = update(Notice).where(Notice.user_id == user_id, Notice.read_at.is_(None))
    if not req.all:
        q = q.where(Notice.id.in_(req.ids))
    marked = 0
    if req.all or req.ids:
        result = db.execute(q.values(read_at=now or utcnow()))
        assert isinstance(result, CursorResult)
        marked = result.rowcount
    return MarkReadReply(marked=marked, unread=_unread(db, user_id))


def _info(n: Notice) -> NoticeInfo:
    return NoticeInfo(id=n.id, kind=n.kind, payload=n.payload, created_at=n.created_at, read_at=n.read_at)

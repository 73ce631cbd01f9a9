"""A customer's timeline: visits, follow-ups, channel reports and attribution rows, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.crm import ledger
from server.crm.common import user_names
from server.db.crm_models import Channel, ChannelReport, Customer, FollowUp, Visit
from shared.protocol.messages.crm_customers import TimelineItem

LIMIT = 200
KIND_ZH = {"natural": "自然来访", "channel": "渠道", "referral": "老带新", "undecided": "待定"}
STATUS_ZH = {"accepted": "有效", "visited": "已带看", "rejected": "已拒绝", "expired": "已过期"}


def timeline(db: Session, c: Customer) -> list[TimelineItem]:
    visits = list(
        db.scalars(select(Visit).where(Visit.customer_id == c.id).order_by(Visit.arrived_at.desc()).limit(LIMIT))
    )
    follows = list(
        db.scalars(select(FollowUp).where(FollowUp.customer_id == c.id).order_by(FollowUp.at.desc()).limit(LIMIT))
    )
    reps = list(db.scalars(select(ChannelReport).where(ChannelReport.customer_id == c.id).limit(LIMIT)))
    rows = ledger.entries(db, c.id)
    names = user_names(
        db, [v.consultant_id for v in visits] + [f.user_id for f in follows] + [e.actor_id for e in rows]
    )
    channels = {ch.id: ch.name for ch in db.scalars(select(Channel))}
    items = [
        TimelineItem(
            at=v.arrived_at,
            kind="visit",
            text=f"到访 {v.party_size} 人"
            + (f"，同行：{v.companions}" if v.companions else "")
            + (" · 首访" if v.is_new else ""),
            user_name=names.get(v.consultant_id or 0, ""),
        )
        for v in visits
    ]
    items += [
        TimelineItem(at=f.at, kind=f"followup.{f.kind}", text=f.note, user_name=names.get(f.user_id, ""))
        for f in follows
    ]
    items += [
        TimelineItem(
            at=r.reported_at,
            kind="report",
            text=f"{channels.get(r.channel_id, '')} 报备 #{r.id}：{STATUS_ZH.get(r.status, r.status)}"
            + (f"（{r.reason_detail}）" if r.reason_detail else ""),
            user_name="",
        )
        for r in reps
    ]
    items += [
        TimelineItem(
            at=e.at,
            kind="attribution",
            text=f"判客：{KIND_ZH.get(e.kind, e.kind)} · {e.reason}",
            user_name=names.get(e.actor_id or 0, ""),
        )
        for e in rows
    ]
    return sorted(items, key=lambda i: i.at, reverse=True)

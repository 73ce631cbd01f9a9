"""A believable sales office's CRM for the demo and the screenshots: customers, visits through the real
rotation, channels with rules and reports (accepted, rejected, confirmed), an appeal, follow-ups."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from server.crm import reports, rotation, visits
from server.crm.names import initials
from server.db.crm_models import Appeal, Broker, Channel, Customer, FollowUp
from server.db.models import User
from shared.protocol.messages.crm_channels import SetRuleRequest
from shared.protocol.messages.crm_types import CustomerStatus, FollowUpKind, Intent
from shared.protocol.messages.crm_visits import RegisterVisitRequest

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "建华",
    "志强",
    "晓东",
    "海燕",
    "雪梅",
    "国庆",
    "子涵",
    "浩然",
    "欣怡",
    "宇轩",
)
TAGS = ("改善", "刚需", "学区", "投资", "二胎", "全款", "公积金", "看好南向")
CHANNELS = (
    ("链家", "13511112222", "周志明"),
    ("贝壳找房", "13511113333", "吴晓红"),
    ("我爱我家", "13511114444", "郑凯"),
)
NOTES = (
    "关注学区和地铁，周末带家人复看",
    "预算 300 万左右，想要南北通透",
    "比较过隔壁楼盘，价格敏感",
    "想要高楼层，已看样板间",
    "父母同住，需要四房",
)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def seed_crm(
    db: Session, project_id: int, *, sellers: list[User], front: User, manager: User, now: datetime, seed: int = 7
) -> None:
    rng = random.Random(seed)
    for s in sellers:
        rotation.check(db, project_id, s.id, by=s.id, checked_in=True, now=now - timedelta(hours=3))
    # Customers on file from earlier weeks, with follow-ups (some overdue).
    for i in range(24):
        owner = sellers[i % len(sellers)]
        name, phone = _name(rng), _phone(rng)
        created = now - timedelta(days=rng.randrange(3, 40), hours=rng.randrange(8))
        c = Customer(
            project_id=project_id,
            name=name,
            initials=initials(name),
            phone=phone,
            phone_first3=phone[:3],
            phone_last4=phone[-4:],
            id_masked="",
            gender=rng.choice(["male", "female"]),
            source="natural",
            intent=rng.choice([i.value for i in Intent]),
            tags=sorted(rng.sample(TAGS, rng.randrange(0, 3))),
            layout=rng.choice(["三室两厅", "四室两厅", "两室两厅"]),
            area=rng.choice(["89㎡", "128㎡", "143㎡"]),
            purpose=rng.choice(["自住", "改善", "投资"]),
            note=rng.choice(NOTES),
            owner_id=owner.id if i < 20 else None,
            owned_since=created if i < 20 else None,
            status=rng.choice([CustomerStatus.VISITED.value, CustomerStatus.POTENTIAL.value]),
            co_buyers=[],
            created_at=created,
            updated_at=created,
            version=1,
        )
        db.add(c)
        db.flush()
        if c.owner_id is not None:
            at = created + timedelta(days=1, hours=2)
            due = now + timedelta(hours=rng.randrange(-48, 72))
            db.add(
                FollowUp(
                    customer_id=c.id,
                    user_id=owner.id,
                    kind=rng.choice([k.value for k in FollowUpKind]),
                    note=rng.choice(NOTES),
                    at=at,
                    next_at=due,
                )
            )
            c.last_followup_at, c.next_followup_at = at, due
    # Channels, rules and reports.
    brokers = []
    for name, phone, contact in CHANNELS:
        ch = Channel(name=name, contact=contact, phone=phone, active=True)
        db.add(ch)
        db.flush()
        b = Broker(channel_id=ch.id, name=contact, phone=phone, active=True)
        db.add(b)
        db.flush()
        brokers.append(b)
        reports.new_rule(
            db, SetRuleRequest(project_id=project_id, channel_id=ch.id), manager.id, now - timedelta(days=60)
        )
    reported = []
    for i in range(8):
        name, phone = _name(rng), _phone(rng)
        shown = phone if i % 3 else f"{phone[:3]}****{phone[-4:]}"
        r = reports.submit(
            db,
            project_id,
            broker_id=brokers[i % 3].id,
            name=name,
            raw_phone=shown,
            at=now - timedelta(hours=30 - 3 * i),
            by=front.id,
            now=now - timedelta(hours=30 - 3 * i),
        )
        reported.append((r, name, phone))
    # A second channel reporting the first one's customer: rejected, and appealed.
    first_phone = reported[0][2]
    clash = reports.submit(
        db,
        project_id,
        broker_id=brokers[1].id,
        name=reported[0][1],
        raw_phone=first_phone,
        at=now - timedelta(hours=20),
        by=front.id,
        now=now - timedelta(hours=20),
    )
    db.add(
        Appeal(
            report_id=clash.id,
            reason="客户最早通过我方经纪人了解项目，有微信聊天记录为证",
            filed_by=front.id,
            filed_at=now - timedelta(hours=19),
        )
    )
    # Today's visitors: channel customers brought by their brokers (带看), natural walk-ins through the rotation.
    for k, (r, name, phone) in enumerate(reported[:4]):
        visits.register(
            db,
            RegisterVisitRequest(
                project_id=project_id,
                name=name,
                phone=phone,
                party_size=2 + k % 3,
                companions="家人",
                arrived_at=now - timedelta(hours=5 - k),
                report_id=r.id,
            ),
            front.id,
            now - timedelta(hours=5 - k),
        )
    for k in range(5):
        visits.register(
            db,
            RegisterVisitRequest(
                project_id=project_id,
                name=_name(rng),
                phone=_phone(rng),
                party_size=1 + k % 3,
                arrived_at=now - timedelta(minutes=50 * (5 - k)),
            ),
            front.id,
            now - timedelta(minutes=50 * (5 - k)),
        )
    db.flush()

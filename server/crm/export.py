"""Customer export: an .xlsx written row by row (openpyxl write-only) from a streamed query."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.crm.customers import scope_filter
from server.db.crm_models import Customer
from server.db.models import User
from server.sessions import Actor
from shared.protocol.messages.crm_types import Scope

HEADER = (
    "编号 ID",
    "姓名 Name",
    "手机 Phone",
    "性别 Gender",
    "来源 Source",
    "意向 Intent",
    "状态 Status",
    "标签 Tags",
    "预算万元 Budget",
    "户型 Layout",
    "面积 Area",
    "用途 Purpose",
    "顾问 Consultant",
    "最近跟进 Last follow-up",
    "建档 Created",
)


def export(db: Session, actor: Actor, project_id: int, scope: Scope) -> tuple[bytes, int]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("客户 Customers")
    ws.append(list(HEADER))
    q = (
        select(Customer, User.display_name)
        .outerjoin(User, User.id == Customer.owner_id)
        .where(Customer.project_id == project_id, *scope_filter(actor, scope))
        .order_by(Customer.id)
        .execution_options(yield_per=2000)
    )
    count = 0
    for c, owner in db.execute(q):
        ws.append(
            [
                c.id,
                c.name,
                c.phone,
                c.gender,
                c.source,
                c.intent,
                c.status,
                ";".join(c.tags),
                float(c.budget_wan) if c.budget_wan is not None else None,
                c.layout,
                c.area,
                c.purpose,
                owner or "",
                c.last_followup_at.replace(tzinfo=None) if c.last_followup_at else None,
                c.created_at.replace(tzinfo=None),
            ]
        )
        count += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), count

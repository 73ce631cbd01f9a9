"""Price lists 价目表: drafts by finance or a manager, approval by a sales manager (applied by the engine)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import msgspec
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from server.context import Context
from server.db.models import Building, PriceList, PriceListItem, Unit, User
from server.engine.core import Engine, PriceApproval
from server.engine.runner import Item, Principal
from server.handlers.sales import staff
from server.permissions import Permission
from server.router import Router
from shared.protocol.errors import ErrorCode, ErrorDetail, ShowroomError
from shared.protocol.messages.prices import (
    BuildingRef,
    CreatePriceListRequest,
    PriceItem,
    PriceListDetail,
    PriceListInfo,
    PriceListRef,
    PriceLists,
)

Creator = aliased(User)
Approver = aliased(User)


def _infos(ctx: Context, where: object) -> list[PriceListInfo]:
    stats = (
        select(PriceListItem.price_list_id, func.count().label("n"), func.sum(PriceListItem.price).label("total"))
        .group_by(PriceListItem.price_list_id)
        .subquery()
    )
    rows = ctx.db.execute(
        select(PriceList, Creator.display_name, Approver.display_name, stats.c.n, stats.c.total)
        .join(Creator, Creator.id == PriceList.created_by)
        .outerjoin(Approver, Approver.id == PriceList.approved_by)
        .join(stats, stats.c.price_list_id == PriceList.id)
        .where(where)  # type: ignore[arg-type]
        .order_by(PriceList.version.desc())
    )
    return [
        PriceListInfo(
            id=p.id,
            building_id=p.building_id,
            version=p.version,
            status=p.status,
            note=p.note,
            created_by=creator,
            created_at=p.created_at,
            approved_by=approver or "",
            approved_at=p.approved_at,
            units=n,
            total=total,
        )
        for p, creator, approver, n, total in rows
    ]


def _one(ctx: Context, price_list_id: int) -> PriceListInfo:
    found = _infos(ctx, PriceList.id == price_list_id)
    if not found:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"价目表 {price_list_id} 不存在", f"No price list {price_list_id}")
    return found[0]


def _check_items(ctx: Context, req: CreatePriceListRequest) -> None:
    units = set(ctx.db.scalars(select(Unit.id).where(Unit.building_id == req.building_id)))
    errors: list[ErrorDetail] = []
    seen: set[int] = set()
    for i, item in enumerate(req.items):
        if item.unit_id not in units:
            errors.append(
                ErrorDetail(
                    row=i + 1,
                    field="unit_id",
                    message=f"房源 {item.unit_id} 不属于该楼栋",
                    message_en=f"Unit {item.unit_id} is not in the building",
                )
            )
        elif item.unit_id in seen:
            errors.append(
                ErrorDetail(
                    row=i + 1,
                    field="unit_id",
                    message=f"房源 {item.unit_id} 重复",
                    message_en=f"Unit {item.unit_id} repeats",
                )
            )
        if not (item.price.is_finite() and Decimal(0) < item.price < Decimal("1e12")):
            errors.append(
                ErrorDetail(row=i + 1, field="price", message="价格须为正数", message_en="The price must be positive")
            )
        seen.add(item.unit_id)
    missing = units - seen
    if missing:
        errors.append(
            ErrorDetail(
                field="items",
                message=f"还有 {len(missing)} 套房源没有价格",
                message_en=f"{len(missing)} units of the building have no price",
            )
        )
    if errors:
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED, "价目表有错误，未保存", "The price list has errors", details=errors
        )


def _prepare_approval(ctx: Context, req: PriceListRef) -> Approval:
    plist = ctx.db.get(PriceList, req.price_list_id)
    if plist is None:
        raise ShowroomError(
            ErrorCode.NOT_FOUND, f"价目表 {req.price_list_id} 不存在", f"No price list {req.price_list_id}"
        )
    if plist.status != "draft":
        raise ShowroomError(ErrorCode.CONFLICT, "只能批准草稿状态的价目表", "Only a draft can be approved")
    if plist.created_by == ctx.user.user_id:
        # Four eyes: whoever drafted the prices does not approve them.
        raise ShowroomError(
            ErrorCode.FORBIDDEN, "不能批准自己制定的价目表", "You cannot approve a price list you drafted"
        )
    items = ctx.db.execute(
        select(PriceListItem.unit_id, PriceListItem.price).where(PriceListItem.price_list_id == plist.id)
    )
    change = PriceApproval(plist.id, plist.building_id, plist.version, {u: p for u, p in items})
    return Approval(change, _one(ctx, plist.id))


@dataclass(frozen=True, slots=True)
class Approval:
    change: PriceApproval
    draft: PriceListInfo  # how the list reads now, to answer with once the engine has applied it


def _approve(engine: Engine, p: Principal, req: Approval, item: Item) -> PriceListInfo:
    actor = staff(p)
    engine.approve_prices(actor, req.change, item.stamp)
    return msgspec.structs.replace(
        req.draft, status="active", approved_by=actor.display_name or actor.username, approved_at=item.now
    )


def register(router: Router) -> None:
    @router.command("prices.create", Permission.PRICES_DRAFT)
    def create(ctx: Context, req: CreatePriceListRequest) -> PriceListInfo:
        if ctx.db.get(Building, req.building_id) is None:
            raise ShowroomError(ErrorCode.NOT_FOUND, f"楼栋 {req.building_id} 不存在", f"No building {req.building_id}")
        _check_items(ctx, req)
        version = (
            ctx.db.scalar(select(func.max(PriceList.version)).where(PriceList.building_id == req.building_id)) or 0
        ) + 1
        plist = PriceList(
            building_id=req.building_id,
            version=version,
            status="draft",
            note=req.note.strip(),
            created_by=ctx.user.user_id,
        )
        ctx.db.add(plist)
        ctx.db.flush()
        ctx.db.add_all(PriceListItem(price_list_id=plist.id, unit_id=i.unit_id, price=i.price) for i in req.items)
        ctx.db.flush()
        info = _one(ctx, plist.id)
        ctx.audit(
            "price_list",
            plist.id,
            None,
            {"building_id": req.building_id, "version": version, "units": info.units, "total": str(info.total)},
        )
        return info

    @router.command("prices.list", Permission.PRICES_DRAFT)
    def list_(ctx: Context, req: BuildingRef) -> PriceLists:
        return PriceLists(lists=_infos(ctx, PriceList.building_id == req.building_id))

    @router.command("prices.get", Permission.PRICES_DRAFT)
    def get(ctx: Context, req: PriceListRef) -> PriceListDetail:
        info = _one(ctx, req.price_list_id)
        items = ctx.db.execute(
            select(PriceListItem.unit_id, PriceListItem.price)
            .where(PriceListItem.price_list_id == req.price_list_id)
            .order_by(PriceListItem.unit_id)
        )
        return PriceListDetail(info=info, items=[PriceItem(unit_id=u, price=p) for u, p in items])

    router.engine("prices.approve", Permission.PRICES_APPROVE, _approve, prepare=_prepare_approval)

"""Openings 开盘: the manager's console commands and the buyers' kiosk commands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from server.context import Context
from server.db.models import OpeningLogRow
from server.engine import fairness
from server.engine.core import BuyerPrincipal, Engine
from server.engine.runner import Item, Principal
from server.excel.buyers import build_template, parse_buyers
from server.handlers.sales import staff
from server.permissions import Permission
from server.router import Router
from shared.domain import OpeningStatus
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.messages.opening import (
    BuyerInfo,
    BuyerLoginRequest,
    BuyerSession,
    CreateOpeningRequest,
    ExportLogRequest,
    ImportBuyersReply,
    ImportBuyersRequest,
    KioskBoard,
    ListOpeningsRequest,
    OpeningInfo,
    OpeningList,
    OpeningRef,
    OpeningStats,
    PickRequest,
    PickResult,
)


@dataclass(frozen=True, slots=True)
class ParsedBuyers:
    opening_id: int
    filename: str
    rows: list[tuple[str, str, str, int, int | None]]


def buyer(principal: Principal) -> BuyerPrincipal:
    assert isinstance(principal, BuyerPrincipal), "the dispatcher admits only buyers to buyer commands"
    return principal


def _create(engine: Engine, p: Principal, req: CreateOpeningRequest, item: Item) -> OpeningInfo:
    return engine.create_opening(staff(p), req, item.stamp)


def _list(engine: Engine, p: Principal, req: ListOpeningsRequest, item: Item) -> OpeningList:
    ops = sorted((o for o in engine.openings.values() if o.project_id == req.project_id), key=lambda o: -o.id)
    return OpeningList(openings=[engine.opening_info(o) for o in ops])


def _prepare_buyers(ctx: Context, req: ImportBuyersRequest) -> ParsedBuyers:
    ctx.progress("validate", 0, 1)
    rows, errors = parse_buyers(req.content)
    if errors:
        raise ShowroomError(ErrorCode.IMPORT_REJECTED, details=errors)
    return ParsedBuyers(req.opening_id, req.filename, [(r.name, r.phone, r.ticket_no, r.quota, r.order) for r in rows])


def _import(engine: Engine, p: Principal, req: ParsedBuyers, item: Item) -> ImportBuyersReply:
    count, order = engine.import_buyers(staff(p), req.opening_id, req.rows, req.filename, item.stamp)
    return ImportBuyersReply(buyers=count, order=order)  # type: ignore[arg-type]


def _control(target: OpeningStatus):  # type: ignore[no-untyped-def]
    def op(engine: Engine, p: Principal, req: OpeningRef, item: Item) -> OpeningInfo:
        return engine.control(staff(p), req.opening_id, target, item.stamp)

    return op


def _stats(engine: Engine, p: Principal, req: OpeningRef, item: Item) -> OpeningStats:
    return engine.stats(req.opening_id)


def _login(engine: Engine, p: Principal, req: BuyerLoginRequest, item: Item) -> BuyerSession:
    op, b = engine.buyer_login(req.opening_id, req.phone, req.ticket_no)
    token = item.context.buyer_token(op.id, b.id) if item.context else ""
    return BuyerSession(token=token, buyer=engine.buyer_info(op, b), opening=engine.opening_info(op))


def _board(engine: Engine, p: Principal, req: Empty, item: Item) -> KioskBoard:
    return engine.kiosk_board(buyer(p).opening_id, item.context.buildings if item.context else {})


def _me(engine: Engine, p: Principal, req: Empty, item: Item) -> BuyerInfo:
    op, b = engine.buyer(buyer(p))
    return engine.buyer_info(op, b)


def _pick(engine: Engine, p: Principal, req: PickRequest, item: Item) -> PickResult:
    return engine.pick(buyer(p), req.choices, item.received_at, item.stamp)


def register(router: Router) -> None:
    router.engine("openings.create", Permission.OPENINGS_MANAGE, _create)
    router.engine("openings.list", Permission.OPENINGS_VIEW, _list)
    router.engine("openings.import_buyers", Permission.OPENINGS_MANAGE, _import, prepare=_prepare_buyers)
    router.engine("openings.pause", Permission.OPENINGS_MANAGE, _control(OpeningStatus.PAUSED))
    router.engine("openings.resume", Permission.OPENINGS_MANAGE, _control(OpeningStatus.RUNNING))
    router.engine("openings.close", Permission.OPENINGS_MANAGE, _control(OpeningStatus.CLOSED))
    router.engine("openings.stats", Permission.OPENINGS_VIEW, _stats)
    router.engine("buyer.login", Permission.PUBLIC, _login)
    router.engine("buyer.board", Permission.BUYER, _board)
    router.engine("buyer.me", Permission.BUYER, _me)
    router.engine("buyer.pick", Permission.BUYER, _pick)

    @router.command("openings.buyers_template", Permission.OPENINGS_MANAGE)
    def template(ctx: Context, req: Empty) -> FileContent:
        return FileContent(filename="认筹名单模板 buyers-template.xlsx", content=build_template())

    @router.command("openings.export_log", Permission.OPENINGS_VIEW)
    def export_log(ctx: Context, req: ExportLogRequest) -> FileContent:
        rows = [
            (r.record, r.prev_hash, r.hash)
            for r in ctx.db.scalars(
                select(OpeningLogRow).where(OpeningLogRow.opening_id == req.opening_id).order_by(OpeningLogRow.seq)
            )
        ]
        if not rows:
            raise ShowroomError(
                ErrorCode.NOT_FOUND, f"开盘活动 {req.opening_id} 不存在", f"No opening {req.opening_id}"
            )
        data = fairness.to_csv(rows) if req.format == "csv" else fairness.to_json(rows)
        return FileContent(filename=f"开盘{req.opening_id}-公平日志 fairness-log.{req.format}", content=data)

"""The engine's decisions: plain Python over the in-memory state, no locks, no I/O.

Each method checks everything first and then changes state, so a refused command changes nothing. Every change
is also recorded in the current `Batch`, which the runner writes in one transaction before anyone hears of it.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import msgspec

from server.engine import fairness
from server.engine.rules import DIRECT, MOVES, OWNED, Action, public_status, sees_customer
from server.engine.state import Buyer, Opening, UnitState, mask_name
from server.sessions import Actor
from shared.domain import OpeningMode, OpeningStatus, PickOutcome, Role, UnitStatus
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.catalog import SetUnitStatusRequest, UnitChanged, UnitInfo
from shared.protocol.messages.opening import (
    BuyerInfo,
    CreateOpeningRequest,
    KioskBoard,
    KioskUnit,
    OpeningInfo,
    OpeningProgress,
    OpeningStats,
    PickResult,
    UnitHeat,
)
from shared.protocol.messages.sales import HoldRequest, SubscribeRequest, UnitActionRequest

S = UnitStatus
DEFAULT_HOLD = timedelta(minutes=30)
MAX_HOLD = timedelta(hours=24)


class Stamp(NamedTuple):
    """When a command is decided, where it came from, and its idempotency key: what its audit rows carry.
    (A named tuple: one is made per command, and a frozen dataclass costs three times as much to make.)"""

    now: datetime
    addr: str
    idem: str | None


@dataclass(frozen=True, slots=True)
class PriceApproval:
    """A draft price list, read and checked on a worker thread, for the engine to apply."""

    price_list_id: int
    building_id: int
    version: int
    prices: dict[int, Decimal]


def buyer_key(opening_id: int, buyer_id: int) -> str:
    """A buyer's actor key in stored decisions."""
    return f"b:{opening_id}:{buyer_id}"


@dataclass(frozen=True, slots=True)
class BuyerPrincipal:
    opening_id: int
    buyer_id: int
    # buyer_key(...), made once: a principal is kept per token and serves every command its buyer sends.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", buyer_key(self.opening_id, self.buyer_id))


@dataclass(slots=True)
class AuditRow:
    actor: Actor | None
    command: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    client_addr: str
    idem: str | None
    # Who, when it is not a staff user: a buyer (认筹号) or the engine itself (an expiry).
    actor_name: str = "system"
    actor_role: str = "system"


@dataclass(slots=True)
class BuyerRow:
    """A buyer to insert (import) or whose allocation / missed turn changed."""

    buyer: Buyer
    new: bool


@dataclass(slots=True)
class Batch:
    """Everything decided since the last commit: written in one transaction, then published."""

    units: dict[int, UnitState] = field(default_factory=dict)
    # Who changed a unit, for its unit.changed event ("" for the engine itself: an expiry, an opening).
    actors: dict[int, str] = field(default_factory=dict)
    new_openings: list[Opening] = field(default_factory=list)
    openings: dict[int, Opening] = field(default_factory=dict)
    buyers: dict[int, BuyerRow] = field(default_factory=dict)
    audits: list[AuditRow] = field(default_factory=list)
    log_rows: list[fairness.LogRow] = field(default_factory=list)
    progress: set[int] = field(default_factory=set)  # openings whose counters moved
    rehearsed: list[tuple[int, int]] = field(default_factory=list)  # (opening, unit) a rehearsal pick took
    # Other rows to write in the same transaction: (statement, parameters, rows it must touch).
    sql: list[tuple[str, tuple[Any, ...], int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.units or self.new_openings or self.openings or self.buyers or self.audits or self.log_rows or self.sql
        )


def unit_info(u: UnitState, role: Role | None, user_id: int | None = None, *, private: bool = True) -> UnitInfo:
    """`private=False` is the view every client may see (events); otherwise what `role`/`user_id` may see."""
    return UnitInfo(
        id=u.id,
        building_id=u.building_id,
        floor=u.floor,
        number=u.number,
        layout=u.layout,
        gross_area=u.gross_area,
        inner_area=u.inner_area,
        orientation=u.orientation,
        list_price=u.list_price,
        status=public_status(u.status, role),
        version=u.version,
        updated_at=u.updated_at,
        holder_id=u.holder_id,
        holder_name=u.holder_name,
        hold_expires_at=u.hold_expires_at,
        customer_name=u.customer_name if private and sees_customer(role, user_id, u.holder_id) else "",
        opening_id=u.opening_id,
    )


def _audit_view(u: UnitState) -> dict[str, Any]:
    return {
        "status": u.status.value,
        "version": u.version,
        "holder_id": u.holder_id,
        "hold_expires_at": u.hold_expires_at.isoformat() if u.hold_expires_at else None,
        "customer_name": u.customer_name,
        "customer_phone": u.customer_phone,
        "deposit": str(u.deposit) if u.deposit is not None else None,
        "buyer_id": u.buyer_id,
    }


def not_found(what: str, what_en: str, ident: object) -> ShowroomError:
    return ShowroomError(ErrorCode.NOT_FOUND, f"{what} {ident} 不存在", f"No {what_en} {ident}")


def invalid_transition(u: UnitState, action: str, role: Role | None) -> ShowroomError:
    shown = public_status(u.status, role)
    return ShowroomError(
        ErrorCode.INVALID_TRANSITION,
        f"房源 {u.number} 当前为“{STATUS_ZH[shown]}”，不能执行此操作",
        f"Unit {u.number} is {shown.value}; {action} is not possible",
    )


STATUS_ZH = {
    S.NOT_RELEASED: "未推",
    S.AVAILABLE: "可售",
    S.HELD: "锁定",
    S.SUBSCRIBED: "认购",
    S.SIGNED: "签约",
    S.SOLD: "已售",
    S.RESERVED: "保留",
    S.UNAVAILABLE: "不可售",
}


CONTROL_COMMANDS = {
    OpeningStatus.PAUSED: "openings.pause",
    OpeningStatus.RUNNING: "openings.resume",
    OpeningStatus.CLOSED: "openings.close",
}


class Engine:
    def __init__(
        self,
        units: dict[int, UnitState],
        openings: dict[int, Opening],
        next_ids: dict[str, int],
        active_prices: dict[int, int] | None = None,
    ) -> None:
        self.units = units
        self.openings = openings
        self.next_ids = next_ids  # "opening", "buyer": the engine is the only writer of those tables
        self.active_prices = active_prices or {}  # building -> version of its active price list
        self.batch = Batch()
        # Hold expiries as a heap of (expires_at, unit): the next one is found without scanning every unit.
        self._expiries: list[tuple[datetime, int]] = [
            (u.hold_expires_at, u.id) for u in units.values() if u.status is S.HELD and u.hold_expires_at is not None
        ]
        heapq.heapify(self._expiries)

    # --- staff actions on the board -----------------------------------------------------------------

    def unit_action(self, action: Action, actor: Actor, req: msgspec.Struct, at: Stamp) -> UnitInfo:
        unit_id: int = getattr(req, "unit_id")  # noqa: B009 - every unit action names its unit
        now = at.now
        u = self.units.get(unit_id)
        if u is None:
            raise not_found("房源", "unit", unit_id)
        before = _audit_view(u)
        if action is Action.SET_STATUS:
            assert isinstance(req, SetUnitStatusRequest)
            self._check_direct(u, actor, req)
            self._change(u, req.status, now)
            if req.reason:
                u.note = req.reason
        else:
            self._check_move(u, action, actor)
            self._apply_move(u, action, actor, req, now)
        self.batch.audits.append(
            AuditRow(actor, action.value, "unit", str(u.id), before, _audit_view(u), at.addr, at.idem)
        )
        self.batch.actors[u.id] = actor.username
        return unit_info(u, actor.role, actor.user_id)

    def _check_direct(self, u: UnitState, actor: Actor, req: SetUnitStatusRequest) -> None:
        if req.expected_version is not None and req.expected_version != u.version:
            raise ShowroomError(
                ErrorCode.CONFLICT,
                "房源状态已被他人修改，请刷新后重试",
                "The unit was changed by someone else; refresh and retry",
            )
        if (u.status, req.status) not in DIRECT:
            raise invalid_transition(u, f"setting it to {req.status.value}", actor.role)
        self._check_not_in_opening(u)

    def _check_move(self, u: UnitState, action: Action, actor: Actor) -> None:
        sources, _ = MOVES[action]
        if u.status not in sources:
            raise invalid_transition(u, action.value, actor.role)
        if action is Action.HOLD:
            self._check_not_in_opening(u)
        mine = u.holder_id == actor.user_id
        if u.status is S.HELD and u.buyer_id is None and not mine and actor.role is not Role.SALES_MANAGER:
            # Somebody else's hold: only its owner or a manager may end it or turn it into a subscription.
            raise ShowroomError(
                ErrorCode.FORBIDDEN,
                f"房源 {u.number} 由 {u.holder_name} 锁定，只有本人或销售经理可以操作",
                f"Unit {u.number} is held by {u.holder_name}; only they or a manager may act on it",
            )
        if action is Action.RELEASE and u.buyer_id is not None and actor.role is not Role.SALES_MANAGER:
            raise ShowroomError(
                ErrorCode.FORBIDDEN,
                "开盘选中的房源只能由销售经理释放",
                "Only a manager may release a unit picked at an opening",
            )

    def _check_not_in_opening(self, u: UnitState) -> None:
        op = self.openings.get(u.opening_id) if u.opening_id is not None else None
        if op is not None and op.active and u.status is S.AVAILABLE:
            raise ShowroomError(
                ErrorCode.CONFLICT,
                f"房源 {u.number} 已纳入开盘“{op.name}”，开盘结束前不能单独锁定或调整",
                f"Unit {u.number} is in the opening {op.name!r} until it closes",
            )

    def _apply_move(self, u: UnitState, action: Action, actor: Actor, req: msgspec.Struct, now: datetime) -> None:
        target = MOVES[action][1]
        if action is Action.HOLD:
            assert isinstance(req, HoldRequest)
            minutes = timedelta(minutes=req.minutes) if req.minutes else DEFAULT_HOLD
            self._change(u, target, now)
            u.holder_id, u.holder_name = actor.user_id, actor.display_name or actor.username
            u.hold_expires_at = now + min(minutes, MAX_HOLD)
            self._schedule_expiry(u)
            u.customer_name, u.customer_phone = req.customer_name.strip(), req.customer_phone.strip()
        elif action is Action.SUBSCRIBE:
            assert isinstance(req, SubscribeRequest)
            if not (req.deposit.is_finite() and 0 <= req.deposit <= u.list_price):
                raise ShowroomError(
                    ErrorCode.VALIDATION_FAILED,
                    f"定金须在 0 到房源总价 {u.list_price} 元之间",
                    f"The deposit must be between 0 and the unit's price {u.list_price}",
                )
            keep_holder = u.status is S.HELD and u.holder_id is not None
            self._change(u, target, now)
            if not keep_holder:
                u.holder_id, u.holder_name = actor.user_id, actor.display_name or actor.username
            u.hold_expires_at = None
            u.customer_name, u.customer_phone = req.customer_name.strip(), req.customer_phone.strip()
            u.deposit = req.deposit
        elif action is Action.SIGN:
            self._change(u, target, now)
        else:  # RELEASE, CANCEL
            assert isinstance(req, UnitActionRequest)
            self._free(u, now)
            if req.reason:
                u.note = req.reason

    def _change(self, u: UnitState, status: UnitStatus, now: datetime) -> None:
        """Events are built from the batch's final states when it commits."""
        u.status = status
        u.version += 1
        u.updated_at = now
        if status not in OWNED:
            u.holder_id, u.holder_name, u.hold_expires_at = None, "", None
            u.customer_name, u.customer_phone, u.deposit, u.buyer_id = "", "", None, None
        self.batch.units[u.id] = u

    def _free(self, u: UnitState, now: datetime) -> None:
        op = self.openings.get(u.opening_id) if u.opening_id is not None else None
        if op is not None and u.id in op.taken:
            op.taken.discard(u.id)
            self._log(op, now, "release", unit_id=u.id, detail={"buyer_id": u.buyer_id})
            self._progress(op, now)
        self._change(u, S.AVAILABLE, now)

    def approve_prices(self, actor: Actor, approval: PriceApproval, at: Stamp) -> None:
        """The approved list prices the building's units from now on; the previous active one is superseded."""
        active = self.active_prices.get(approval.building_id, 0)
        if approval.version <= active:
            raise ShowroomError(
                ErrorCode.CONFLICT,
                f"该楼栋已启用第 {active} 版价目表，不能再批准第 {approval.version} 版",
                f"Version {active} is active already; version {approval.version} cannot be approved",
            )
        changed = 0
        for unit_id, price in approval.prices.items():
            u = self.units[unit_id]
            if u.list_price != price:
                u.list_price = price
                u.version += 1
                u.updated_at = at.now
                self.batch.units[u.id] = u
                changed += 1
        self.active_prices[approval.building_id] = approval.version
        self.batch.sql.append(
            (
                "UPDATE price_lists SET status = 'superseded' WHERE building_id = %s AND status = 'active'",
                (approval.building_id,),
                -1,
            )
        )
        self.batch.sql.append(
            (
                "UPDATE price_lists SET status = 'active', approved_by = %s, approved_at = %s"
                " WHERE id = %s AND status = 'draft'",
                (actor.user_id, at.now, approval.price_list_id),
                1,
            )
        )
        self.batch.audits.append(
            AuditRow(
                actor,
                "prices.approve",
                "price_list",
                str(approval.price_list_id),
                {"active_version": active or None},
                {"active_version": approval.version, "building_id": approval.building_id, "units_repriced": changed},
                at.addr,
                at.idem,
            )
        )

    def my_units(self, actor: Actor, project_id: int | None) -> list[UnitInfo]:
        return [
            unit_info(u, actor.role, actor.user_id)
            for u in self.units.values()
            if u.holder_id == actor.user_id and u.status in OWNED and (project_id is None or u.project_id == project_id)
        ]

    # --- time ---------------------------------------------------------------------------------------

    def _schedule_expiry(self, u: UnitState) -> None:
        assert u.hold_expires_at is not None
        heapq.heappush(self._expiries, (u.hold_expires_at, u.id))

    def _due_hold(self) -> datetime | None:
        """The next hold to expire; entries for holds that ended or changed are dropped on the way."""
        while self._expiries:
            at, unit_id = self._expiries[0]
            u = self.units.get(unit_id)
            if u is not None and u.status is S.HELD and u.hold_expires_at == at:
                return at
            heapq.heappop(self._expiries)
        return None

    def next_due(self) -> datetime | None:
        hold = self._due_hold()
        due = [hold] if hold is not None else []
        for op in self.openings.values():
            if op.status is OpeningStatus.SCHEDULED:
                due.append(op.starts_at)
            elif op.status is OpeningStatus.RUNNING and op.turn_ends_at is not None:
                due.append(op.turn_ends_at)
        return min(due, default=None)

    def next_rush(self) -> datetime | None:
        """When the next opening whose buyers all pick at once (rush, rehearsal) starts."""
        return min(
            (
                op.starts_at
                for op in self.openings.values()
                if op.status is OpeningStatus.SCHEDULED and op.mode is not OpeningMode.LOTTERY and op.buyers
            ),
            default=None,
        )

    def tick(self, now: datetime) -> None:
        """Fires what is due: hold expiries, openings reaching T0, lottery turns running out."""
        while (due := self._due_hold()) is not None and due <= now:
            _, unit_id = heapq.heappop(self._expiries)
            u = self.units[unit_id]
            before = _audit_view(u)
            self._free(u, now)
            self.batch.audits.append(
                AuditRow(None, Action.EXPIRE.value, "unit", str(u.id), before, _audit_view(u), "", None)
            )
        for op in self.openings.values():
            if op.status is OpeningStatus.SCHEDULED and op.starts_at <= now:
                self._set_status(op, OpeningStatus.RUNNING, now, None)
            elif op.status is OpeningStatus.RUNNING and op.turn_ends_at is not None and op.turn_ends_at <= now:
                self._end_turn(op, now, missed=True)

    # --- openings: the manager's side ----------------------------------------------------------------

    def create_opening(self, actor: Actor, req: CreateOpeningRequest, at: Stamp) -> OpeningInfo:
        now = at.now
        units = [self.units.get(i) for i in dict.fromkeys(req.unit_ids)]
        missing = [i for i, u in zip(dict.fromkeys(req.unit_ids), units, strict=True) if u is None]
        if missing:
            raise not_found("房源", "unit", ", ".join(map(str, missing[:10])))
        chosen = [u for u in units if u is not None]
        if any(u.project_id != req.project_id for u in chosen):
            raise ShowroomError(
                ErrorCode.VALIDATION_FAILED, "开盘房源须属于同一楼盘", "All units must be in the project"
            )
        if req.mode is not OpeningMode.REHEARSAL:
            busy = [u.number for u in chosen if u.opening_id is not None and self._opening_active(u.opening_id)]
            if busy:
                raise ShowroomError(
                    ErrorCode.CONFLICT,
                    f"房源已在其他开盘中：{'、'.join(busy[:10])}",
                    f"Units already in another opening: {', '.join(busy[:10])}",
                )
        op_id = self._next_id("opening")
        seed = req.seed if req.seed is not None else random.SystemRandom().randrange(2**62)
        op = Opening(
            id=op_id,
            project_id=req.project_id,
            name=req.name.strip(),
            mode=req.mode,
            status=OpeningStatus.SCHEDULED,
            starts_at=req.starts_at,
            turn_seconds=req.turn_seconds,
            hold_minutes=req.hold_minutes,
            seed=seed if req.mode is OpeningMode.LOTTERY else None,
            order_source="none",
            unit_ids={u.id for u in chosen},
        )
        self.openings[op_id] = op
        self.batch.new_openings.append(op)
        if req.mode is not OpeningMode.REHEARSAL:
            for u in chosen:
                u.opening_id = op_id
                self.batch.units[u.id] = u
        info = self.opening_info(op)
        self._log(
            op,
            now,
            "create",
            detail={
                "mode": op.mode.value,
                "units": sorted(op.unit_ids),
                "seed": op.seed,
                "starts_at": op.starts_at.isoformat(),
            },
        )
        self.batch.audits.append(
            AuditRow(actor, "openings.create", "opening", str(op_id), None, msgspec.to_builtins(info), at.addr, at.idem)
        )
        return info

    def _opening_active(self, opening_id: int) -> bool:
        op = self.openings.get(opening_id)
        return op is not None and op.active

    def _next_id(self, kind: str) -> int:
        self.next_ids[kind] += 1
        return self.next_ids[kind]

    def opening(self, opening_id: int) -> Opening:
        op = self.openings.get(opening_id)
        if op is None:
            raise not_found("开盘活动", "opening", opening_id)
        return op

    def import_buyers(
        self,
        actor: Actor,
        opening_id: int,
        rows: list[tuple[str, str, str, int, int | None]],
        filename: str,
        at: Stamp,
    ) -> tuple[int, str]:
        """rows: (name, phone, ticket_no, quota, order or None), already validated row by row."""
        now = at.now
        op = self.opening(opening_id)
        if op.status is not OpeningStatus.SCHEDULED or now >= op.starts_at:
            raise ShowroomError(ErrorCode.CONFLICT, "开盘已开始，不能再导入认筹名单", "The opening has started")
        existing = {b.ticket_no for b in op.buyers.values()}
        clashes = [r[2] for r in rows if r[2] in existing]
        if clashes:
            raise ShowroomError(
                ErrorCode.CONFLICT,
                f"认筹号已导入：{'、'.join(clashes[:10])}",
                f"Tickets already imported: {', '.join(clashes[:10])}",
            )
        for name, phone, ticket, quota, _ in rows:
            b = Buyer(
                id=self._next_id("buyer"), opening_id=op.id, name=name, phone=phone, ticket_no=ticket, quota=quota
            )
            op.buyers[b.id] = b
            op.by_login[phone, ticket] = b.id
            self.batch.buyers[b.id] = BuyerRow(b, new=True)
        if op.mode is OpeningMode.LOTTERY:
            orders = {r[2]: r[4] for r in rows if r[4] is not None}
            by_ticket = {b.ticket_no: b.id for b in op.buyers.values()}
            if orders and len(orders) == len(rows) and not existing:
                op.queue = [by_ticket[t] for t, _ in sorted(orders.items(), key=lambda kv: kv[1])]
                op.order_source = "imported"
            else:
                # Seeded draw over the whole list, in 认筹号 order first, so anyone can repeat it from the seed.
                ids = [by_ticket[t] for t in sorted(by_ticket)]
                random.Random(op.seed).shuffle(ids)
                op.queue, op.order_source = ids, "seeded"
        self.batch.openings[op.id] = op
        self._log(
            op,
            now,
            "buyers",
            detail={
                "file": filename,
                "added": len(rows),
                "order_source": op.order_source,
                "order": [op.buyers[i].ticket_no for i in op.queue],
            },
        )
        self.batch.audits.append(
            AuditRow(
                actor,
                "openings.import_buyers",
                "opening",
                str(op.id),
                None,
                {"file": filename, "buyers": len(rows), "order": op.order_source},
                at.addr,
                at.idem,
            )
        )
        return len(rows), op.order_source

    def control(self, actor: Actor, opening_id: int, target: OpeningStatus, at: Stamp) -> OpeningInfo:
        now = at.now
        op = self.opening(opening_id)
        allowed = {
            OpeningStatus.PAUSED: {OpeningStatus.RUNNING},
            OpeningStatus.RUNNING: {OpeningStatus.PAUSED},
            OpeningStatus.CLOSED: {OpeningStatus.SCHEDULED, OpeningStatus.RUNNING, OpeningStatus.PAUSED},
        }[target]
        if op.status not in allowed:
            raise ShowroomError(
                ErrorCode.INVALID_TRANSITION,
                f"开盘当前状态为 {op.status.value}，不能改为 {target.value}",
                f"The opening is {op.status.value}; it cannot become {target.value}",
            )
        before = op.status.value
        self._set_status(op, target, now, actor)
        self.batch.audits.append(
            AuditRow(
                actor,
                CONTROL_COMMANDS[target],
                "opening",
                str(op.id),
                {"status": before},
                {"status": target.value},
                at.addr,
                at.idem,
            )
        )
        return self.opening_info(op)

    def _set_status(self, op: Opening, status: OpeningStatus, now: datetime, actor: Actor | None) -> None:
        kind = {OpeningStatus.RUNNING: "start", OpeningStatus.PAUSED: "pause", OpeningStatus.CLOSED: "close"}[status]
        if op.status is OpeningStatus.PAUSED and status is OpeningStatus.RUNNING:
            kind = "resume"
        op.status = status
        self.batch.openings[op.id] = op
        released = []
        if kind == "start" and op.mode is not OpeningMode.REHEARSAL:
            # 开盘 is when the opening's units go on sale (推售): those not yet released become available.
            for uid in sorted(op.unit_ids):
                u = self.units[uid]
                if u.status is S.NOT_RELEASED:
                    self._change(u, S.AVAILABLE, now)
                    released.append(uid)
        self._log(op, now, kind, detail={"by": actor.username if actor else "system", "released": released})
        if op.mode is OpeningMode.LOTTERY:
            if kind == "start":
                self._begin_turn(op, now)
            elif kind == "resume" and op.queue:
                # The buyer whose turn was interrupted gets a whole turn again.
                self._begin_turn(op, now)
            elif kind in ("pause", "close"):
                op.turn_ends_at = None
        if status is OpeningStatus.CLOSED:
            for uid in op.unit_ids:
                u = self.units[uid]
                if u.opening_id == op.id:
                    u.opening_id = None
                    self.batch.units[uid] = u
        self._progress(op, now)

    def _begin_turn(self, op: Opening, now: datetime) -> None:
        if not op.queue:
            op.turn_ends_at = None
            self._set_status(op, OpeningStatus.CLOSED, now, None)
            return
        op.turn_ends_at = now + timedelta(seconds=op.turn_seconds)
        head = op.buyers[op.queue[0]]
        self._log(op, now, "turn", buyer=head, detail={"ends_at": op.turn_ends_at.isoformat(), "left": len(op.queue)})

    def _end_turn(self, op: Opening, now: datetime, *, missed: bool) -> None:
        head = op.buyers[op.queue.pop(0)]
        if missed and not head.allocated and not head.missed:
            head.missed = True  # missed once: to the end of the queue; a second miss ends their turn
            op.queue.append(head.id)
            self.batch.buyers[head.id] = BuyerRow(head, new=False)
            self._log(op, now, "miss", buyer=head, detail={"requeued": True})
        elif missed:
            self._log(op, now, "miss", buyer=head, detail={"requeued": False})
        self.batch.openings[op.id] = op
        self._begin_turn(op, now)
        self._progress(op, now)

    # --- openings: the buyer's side --------------------------------------------------------------------

    def buyer_login(self, opening_id: int, phone: str, ticket_no: str) -> tuple[Opening, Buyer]:
        op = self.openings.get(opening_id)
        buyer_id = op.by_login.get((phone.strip(), ticket_no.strip())) if op is not None else None
        if op is None or buyer_id is None:
            raise ShowroomError(
                ErrorCode.INVALID_CREDENTIALS, "手机号或认筹号不正确", "Phone number or 认筹 ticket number is wrong"
            )
        op.signed_in.add(buyer_id)
        return op, op.buyers[buyer_id]

    def buyer_info(self, op: Opening, b: Buyer) -> BuyerInfo:
        position = op.queue.index(b.id) if b.id in op.queue else None
        return BuyerInfo(
            id=b.id,
            name=mask_name(b.name),
            ticket_no=b.ticket_no,
            quota=b.quota,
            allocated=list(b.allocated),
            turn_position=position,
        )

    def buyer(self, who: BuyerPrincipal) -> tuple[Opening, Buyer]:
        op = self.opening(who.opening_id)
        b = op.buyers.get(who.buyer_id)
        if b is None:
            raise ShowroomError(ErrorCode.UNAUTHENTICATED)
        return op, b

    def pick(self, who: BuyerPrincipal, choices: list[int], received_at: datetime, at: Stamp) -> PickResult:
        now, idem = at.now, at.idem
        op, b = self.buyer(who)
        choices = list(dict.fromkeys(choices))
        op.requests += 1
        outcome, unit_id, taken = self._decide_pick(op, b, choices, now)
        if outcome is PickOutcome.ALLOCATED or outcome is PickOutcome.TAKEN:
            first, mentions = op.first_choice, op.mentions
            first[choices[0]] = first.get(choices[0], 0) + 1
            for c in choices:
                mentions[c] = mentions.get(c, 0) + 1
        seq = self._append_log(
            op,
            fairness.make_pick_row(
                op.id, op.log_seq + 1, op.log_hash, now, b.id, b.ticket_no, idem, outcome.value, unit_id, choices,
                taken, received_at,
            ),
        )  # fmt: skip
        if outcome is PickOutcome.ALLOCATED and op.mode is not OpeningMode.REHEARSAL:
            u = self.units[unit_id]  # type: ignore[index]
            self.batch.audits.append(
                AuditRow(
                    None,
                    "buyer.pick",
                    "unit",
                    str(u.id),
                    {"status": S.AVAILABLE.value},
                    _audit_view(u),
                    at.addr,
                    idem,
                    actor_name=f"认筹{b.ticket_no}"[:40],
                    actor_role="buyer",
                )
            )
        if outcome is PickOutcome.ALLOCATED and op.mode is OpeningMode.LOTTERY and len(b.allocated) >= b.quota:
            self._end_turn(op, now, missed=False)
        elif (
            outcome is PickOutcome.ALLOCATED
            and len(op.taken) >= len(op.unit_ids)
            and op.mode is not OpeningMode.LOTTERY
        ):
            self._set_status(op, OpeningStatus.CLOSED, now, None)
        self._progress(op, now)
        return PickResult(
            outcome=outcome,
            unit_id=unit_id,
            taken=taken,
            log_seq=seq,
            decided_at=now,
            rehearsal=op.mode is OpeningMode.REHEARSAL,
        )

    def _decide_pick(
        self, op: Opening, b: Buyer, choices: list[int], now: datetime
    ) -> tuple[PickOutcome, int | None, list[int]]:
        if op.status is OpeningStatus.CLOSED:
            return PickOutcome.CLOSED, None, []
        if op.status is OpeningStatus.SCHEDULED:
            return PickOutcome.NOT_STARTED, None, []
        if op.status is OpeningStatus.PAUSED:
            return PickOutcome.PAUSED, None, []
        if op.mode is OpeningMode.LOTTERY and (not op.queue or op.queue[0] != b.id):
            return PickOutcome.NOT_YOUR_TURN, None, []
        if len(b.allocated) >= b.quota:
            return PickOutcome.QUOTA_USED, None, []
        if not op.unit_ids.issuperset(choices):
            return PickOutcome.NOT_IN_OPENING, None, []
        taken: list[int] = []
        for c in choices:
            u = self.units[c]
            free = c not in op.taken and (op.mode is OpeningMode.REHEARSAL or u.status is S.AVAILABLE)
            if not free:
                taken.append(c)
                continue
            op.taken.add(c)
            b.allocated.append(c)
            self.batch.buyers[b.id] = BuyerRow(b, new=False)
            if op.mode is OpeningMode.REHEARSAL:
                self.batch.rehearsed.append((op.id, c))
            else:
                self._change(u, S.HELD, now)
                u.buyer_id, u.customer_name, u.customer_phone = b.id, b.name, b.phone
                u.hold_expires_at = now + timedelta(minutes=op.hold_minutes)
                self._schedule_expiry(u)
            return PickOutcome.ALLOCATED, c, taken
        return PickOutcome.TAKEN, None, taken

    def _log(
        self,
        op: Opening,
        now: datetime,
        kind: str,
        *,
        buyer: Buyer | None = None,
        idem: str | None = None,
        outcome: PickOutcome | None = None,
        unit_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int:
        row = fairness.make_row(
            op.id,
            op.log_seq + 1,
            op.log_hash,
            now,
            kind,
            buyer_id=buyer.id if buyer else None,
            ticket_no=buyer.ticket_no if buyer else None,
            idem=idem,
            outcome=outcome.value if outcome else None,
            unit_id=unit_id,
            detail=detail or {},
        )
        return self._append_log(op, row)

    def _append_log(self, op: Opening, row: fairness.LogRow) -> int:
        """Appends the opening's next log row (made with seq log_seq + 1 on top of log_hash); returns its seq."""
        op.log_seq, op.log_hash = row.seq, row.hash
        self.batch.log_rows.append(row)
        return row.seq

    # --- views ------------------------------------------------------------------------------------------

    def opening_info(self, op: Opening) -> OpeningInfo:
        return OpeningInfo(
            id=op.id,
            project_id=op.project_id,
            name=op.name,
            mode=op.mode,
            status=op.status,
            starts_at=op.starts_at,
            turn_seconds=op.turn_seconds,
            hold_minutes=op.hold_minutes,
            seed=op.seed,
            units=len(op.unit_ids),
            buyers=len(op.buyers),
        )

    def _turn(self, op: Opening) -> tuple[int | None, str]:
        if op.mode is not OpeningMode.LOTTERY or not op.queue or op.status is not OpeningStatus.RUNNING:
            return None, ""
        head = op.buyers[op.queue[0]]
        return len(op.buyers) - len(op.queue), f"{mask_name(head.name)} {head.ticket_no}"

    def _progress(self, op: Opening, now: datetime) -> None:
        self.batch.progress.add(op.id)

    def progress(self, opening_id: int) -> OpeningProgress:
        op = self.opening(opening_id)
        position, who = self._turn(op)
        return OpeningProgress(
            opening_id=op.id,
            status=op.status,
            sold=len(op.taken),
            total=len(op.unit_ids),
            requests=op.requests,
            turn_position=position,
            turn_buyer=who,
            turn_ends_at=op.turn_ends_at,
        )

    def unit_event(self, u: UnitState, actor: str = "") -> UnitChanged:
        """What everyone may see of a change: 保留 shows as sold, no customer; clients re-read what they may see."""
        return UnitChanged(project_id=u.project_id, unit=unit_info(u, None, private=False), actor=actor)

    def hall_view(self, u: UnitState) -> tuple[int, bool] | None:
        """For a unit of an opening: (the opening, whether the unit is free to pick); else None."""
        op = self.openings.get(u.opening_id) if u.opening_id is not None else None
        if op is None:
            return None
        return op.id, u.id not in op.taken and u.status is S.AVAILABLE

    def stats(self, opening_id: int) -> OpeningStats:
        op = self.opening(opening_id)
        position, who = self._turn(op)
        heat = [
            UnitHeat(unit_id=uid, first_choice=op.first_choice[uid], mentions=op.mentions[uid], taken=uid in op.taken)
            for uid in sorted(op.unit_ids)
        ]
        return OpeningStats(
            opening=self.opening_info(op),
            sold=len(op.taken),
            total=len(op.unit_ids),
            requests=op.requests,
            signed_in=len(op.signed_in),
            heat=heat,
            turn_position=position,
            turn_buyer=who,
            turn_ends_at=op.turn_ends_at,
        )

    def kiosk_board(self, opening_id: int, buildings: dict[int, str]) -> KioskBoard:
        op = self.opening(opening_id)
        units = []
        for uid in sorted(op.unit_ids):
            u = self.units[uid]
            # Before T0 the units still 未推 go on sale at the start: buyers may line up their choices already.
            on_sale = u.status is S.AVAILABLE or (op.status is OpeningStatus.SCHEDULED and u.status is S.NOT_RELEASED)
            free = uid not in op.taken and (op.mode is OpeningMode.REHEARSAL or on_sale)
            units.append(
                KioskUnit(
                    id=u.id,
                    building=buildings.get(u.building_id, ""),
                    floor=u.floor,
                    number=u.number,
                    layout=u.layout,
                    gross_area=u.gross_area,
                    price=u.list_price,
                    available=free,
                )
            )
        return KioskBoard(opening=self.opening_info(op), units=units)


def deposit_or_none(value: object) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None

"""Visit registration 来访登记 and the rotation 轮排: thin handlers over server/crm."""

from __future__ import annotations

from server.context import Context
from server.crm import rotation, visits
from server.crm.common import office_day, require_project
from server.notices import notify
from server.permissions import Permission
from server.router import Router
from shared.domain import Role
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.crm_customers import CustomersChanged, ProjectRef
from shared.protocol.messages.crm_visits import (
    FairnessReport,
    FairnessRequest,
    LookupReply,
    LookupRequest,
    RegisterVisitReply,
    RegisterVisitRequest,
    RotationChanged,
    RotationQueue,
    RotationRequest,
    VisitList,
    VisitRegistered,
)


def _checked(ctx: Context, req: RotationRequest, checked_in: bool) -> RotationQueue:
    require_project(ctx.db, req.project_id)
    user_id = req.user_id if req.user_id is not None else ctx.user.user_id
    if user_id != ctx.user.user_id and ctx.user.role is not Role.SALES_MANAGER:
        raise ShowroomError(ErrorCode.FORBIDDEN, "只能为自己签到或签退", "You may only check yourself in or out")
    now = utcnow()
    changed = rotation.check(ctx.db, req.project_id, user_id, by=ctx.user.user_id, checked_in=checked_in, now=now)
    ctx.audit(
        "rotation",
        f"{req.project_id}:{user_id}",
        {"checked_in": not checked_in if changed else checked_in},
        {"checked_in": checked_in},
    )
    if changed:
        ctx.publish("rotation.changed", RotationChanged(project_id=req.project_id))
    return rotation.queue(ctx.db, req.project_id, now)


def register(router: Router) -> None:
    @router.command("visits.lookup", Permission.VISITS_REGISTER)
    def lookup(ctx: Context, req: LookupRequest) -> LookupReply:
        return visits.lookup(ctx.db, req, utcnow())

    @router.command("visits.register", Permission.VISITS_REGISTER)
    def register_visit(ctx: Context, req: RegisterVisitRequest) -> RegisterVisitReply:
        require_project(ctx.db, req.project_id)
        done = visits.register(ctx.db, req, ctx.user.user_id, utcnow())
        info = visits.info(ctx.db, done.visit, done.customer)
        ctx.audit("visit", done.visit.id, None, {**visits_audit(info), "outcome": done.outcome.value})
        for user_id, kind, payload in done.notices:
            notify(ctx, user_id, kind, {**payload, "arrived_at": info.arrived_at.isoformat()})
        ctx.publish("visits.registered", VisitRegistered(project_id=req.project_id, visit_id=info.id))
        ctx.publish("customers.changed", CustomersChanged(project_id=req.project_id, customer_ids=[info.customer_id]))
        if done.by_rotation:
            ctx.publish("rotation.changed", RotationChanged(project_id=req.project_id))
        return RegisterVisitReply(visit=info, outcome=done.outcome, assigned_by_rotation=done.by_rotation)

    @router.command("visits.today", Permission.VISITS_REGISTER)
    def today(ctx: Context, req: ProjectRef) -> VisitList:
        return VisitList(visits=visits.today(ctx.db, req.project_id, utcnow()))

    @router.command("rotation.check_in", Permission.ROTATION_JOIN)
    def check_in(ctx: Context, req: RotationRequest) -> RotationQueue:
        return _checked(ctx, req, True)

    @router.command("rotation.check_out", Permission.ROTATION_JOIN)
    def check_out(ctx: Context, req: RotationRequest) -> RotationQueue:
        return _checked(ctx, req, False)

    @router.command("rotation.queue", Permission.ROTATION_VIEW)
    def get_queue(ctx: Context, req: ProjectRef) -> RotationQueue:
        return rotation.queue(ctx.db, req.project_id, utcnow())

    @router.command("rotation.fairness", Permission.CUSTOMERS_MANAGE)
    def fairness(ctx: Context, req: FairnessRequest) -> FairnessReport:
        today = office_day(utcnow())
        day_from = req.day_from or today
        return FairnessReport(rows=rotation.fairness(ctx.db, req.project_id, day_from, req.day_to or day_from))


def visits_audit(info: object) -> dict[str, object]:
    from server.context import snapshot

    data = snapshot(info) or {}
    data.pop("phone_masked", None)
    return data

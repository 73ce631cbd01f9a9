"""Customers 客户 and follow-ups 跟进: thin handlers over server/crm (record-level rules live there)."""

from __future__ import annotations

from sqlalchemy import select

from server.context import Context
from server.crm import customers, followups, ledger
from server.crm.common import active_consultant, require_project, user_names
from server.crm.idnumbers import IdVault
from server.crm.jobs import DEFAULT_POOL_DAYS, run_all
from server.crm.timeline import timeline
from server.db.crm_models import CrmSettings
from server.db.models import User
from server.notices import notify
from server.permissions import Permission
from server.router import Router
from shared.domain import Role
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.common import Empty
from shared.protocol.messages.crm_customers import (
    AssignRequest,
    ConsultantInfo,
    ConsultantList,
    CreateCustomerRequest,
    CrmSettingsInfo,
    CustomerInfo,
    CustomerPage,
    CustomerRef,
    CustomerRows,
    CustomersChanged,
    FollowUpInfo,
    FollowUpRequest,
    JobsReport,
    ProjectRef,
    ProjectScope,
    RevealIdReply,
    SearchRequest,
    Timeline,
    UpdateCustomerRequest,
)
from shared.protocol.messages.crm_types import AttributionKind, Source


def vault(ctx: Context) -> IdVault:
    return IdVault.for_data_dir(ctx.runtime.settings.data_dir)


def _changed(ctx: Context, project_id: int, *ids: int) -> None:
    ctx.publish("customers.changed", CustomersChanged(project_id=project_id, customer_ids=list(ids)))


def register(router: Router) -> None:
    @router.command("customers.create", Permission.CUSTOMERS_EDIT)
    def create(ctx: Context, req: CreateCustomerRequest) -> CustomerInfo:
        require_project(ctx.db, req.project_id)
        now = utcnow()
        c = customers.create(ctx.db, vault(ctx), ctx.user, req, now)
        kind = (
            AttributionKind.REFERRAL if req.source is Source.REFERRAL and c.referrer_id else AttributionKind.UNDECIDED
        )
        if req.source is Source.NATURAL:
            kind = AttributionKind.NATURAL
        ledger.append(
            ctx.db,
            c.id,
            now,
            kind,
            f"建档（来源：{req.source.value}）",
            evidence=[],
            referrer_id=c.referrer_id,
            actor_id=ctx.user.user_id,
        )
        info = customers.info(ctx.db, ctx.user, c)
        ctx.audit("customer", c.id, None, customers.audit_view(c))
        if c.owner_id is not None and c.owner_id != ctx.user.user_id:
            notify(ctx, c.owner_id, "customer.assigned", {"customer_id": c.id, "customer_name": c.name})
        _changed(ctx, c.project_id, c.id)
        return info

    @router.command("customers.update", Permission.CUSTOMERS_EDIT)
    def update(ctx: Context, req: UpdateCustomerRequest) -> CustomerInfo:
        before = customers.audit_view(customers.load(ctx.db, ctx.user, req.customer_id, edit=True))
        c = customers.update(ctx.db, vault(ctx), ctx.user, req, utcnow())
        ctx.audit("customer", c.id, before, customers.audit_view(c))
        _changed(ctx, c.project_id, c.id)
        return customers.info(ctx.db, ctx.user, c)

    @router.command("customers.get", Permission.CUSTOMERS_VIEW)
    def get(ctx: Context, req: CustomerRef) -> CustomerInfo:
        return customers.info(ctx.db, ctx.user, customers.load(ctx.db, ctx.user, req.customer_id))

    @router.command("customers.search", Permission.CUSTOMERS_VIEW)
    def search(ctx: Context, req: SearchRequest) -> CustomerPage:
        return customers.search(ctx.db, ctx.user, req)

    @router.command("customers.timeline", Permission.CUSTOMERS_VIEW)
    def get_timeline(ctx: Context, req: CustomerRef) -> Timeline:
        c = customers.load(ctx.db, ctx.user, req.customer_id)
        return Timeline(customer=customers.info(ctx.db, ctx.user, c), items=timeline(ctx.db, c))

    # The reply holds the number: it is not stored for replay (a retry must ask again, and is audited again).
    @router.command("customers.reveal_id", Permission.CUSTOMERS_REVEAL_ID, replay=False)
    def reveal_id(ctx: Context, req: CustomerRef) -> RevealIdReply:
        from server.db.crm_models import Customer

        c = ctx.db.get(Customer, req.customer_id)
        if c is None:
            raise ShowroomError(ErrorCode.NOT_FOUND, f"客户 {req.customer_id} 不存在", f"No customer {req.customer_id}")
        if c.id_cipher is None:
            raise ShowroomError(ErrorCode.NOT_FOUND, "该客户未登记身份证号", "No ID number on file for this customer")
        number = vault(ctx).decrypt(c.id_cipher)
        ctx.audit("customer", c.id, None, {"revealed": "id_number", "id_masked": c.id_masked})
        return RevealIdReply(customer_id=c.id, id_number=number)

    @router.command("customers.claim", Permission.CUSTOMERS_EDIT)
    def claim(ctx: Context, req: CustomerRef) -> CustomerInfo:
        c = customers.load(ctx.db, ctx.user, req.customer_id, lock=True)
        if c.owner_id is not None:
            owner = user_names(ctx.db, [c.owner_id]).get(c.owner_id, "")
            raise ShowroomError(ErrorCode.CONFLICT, f"该客户已归属 {owner}", f"The customer already belongs to {owner}")
        before = customers.audit_view(c)
        c.owner_id, c.owned_since, c.version, c.updated_at = ctx.user.user_id, utcnow(), c.version + 1, utcnow()
        ctx.audit("customer", c.id, before, customers.audit_view(c))
        _changed(ctx, c.project_id, c.id)
        return customers.info(ctx.db, ctx.user, c)

    @router.command("customers.assign", Permission.CUSTOMERS_MANAGE)
    def assign(ctx: Context, req: AssignRequest) -> CustomerInfo:
        c = customers.load(ctx.db, ctx.user, req.customer_id, lock=True)
        if req.owner_id is not None:
            active_consultant(ctx.db, req.owner_id)
        before = customers.audit_view(c)
        previous = c.owner_id
        now = utcnow()
        c.owner_id, c.owned_since = req.owner_id, (now if req.owner_id else None)
        c.version, c.updated_at = c.version + 1, now
        ctx.audit("customer", c.id, before, {**customers.audit_view(c), "reason": req.reason})
        about = {"customer_id": c.id, "customer_name": c.name, "reason": req.reason}
        if req.owner_id is not None and req.owner_id != previous:
            notify(ctx, req.owner_id, "customer.assigned", about)
        if previous is not None and previous != req.owner_id:
            notify(ctx, previous, "customer.reassigned", about)
        _changed(ctx, c.project_id, c.id)
        return customers.info(ctx.db, ctx.user, c)

    @router.command("followups.add", Permission.CUSTOMERS_EDIT)
    def add_followup(ctx: Context, req: FollowUpRequest) -> FollowUpInfo:
        f, c = followups.add(ctx.db, ctx.user, req, utcnow())
        info = followups.info(ctx.db, f)
        ctx.audit("follow_up", f.id, None, info)
        _changed(ctx, c.project_id, c.id)
        return info

    @router.command("followups.due", Permission.CUSTOMERS_VIEW)
    def due(ctx: Context, req: ProjectScope) -> CustomerRows:
        return CustomerRows(rows=followups.due(ctx.db, ctx.user, req.project_id, utcnow(), req.limit))

    @router.command("followups.overdue", Permission.CUSTOMERS_MANAGE)
    def overdue(ctx: Context, req: ProjectScope) -> CustomerRows:
        return CustomerRows(rows=followups.overdue(ctx.db, ctx.user, req.project_id, utcnow(), req.limit))

    @router.command("crm.settings_get", Permission.CUSTOMERS_MANAGE)
    def settings_get(ctx: Context, req: ProjectRef) -> CrmSettingsInfo:
        require_project(ctx.db, req.project_id)
        row = ctx.db.get(CrmSettings, req.project_id)
        return CrmSettingsInfo(project_id=req.project_id, pool_days=row.pool_days if row else DEFAULT_POOL_DAYS)

    @router.command("crm.settings_set", Permission.CUSTOMERS_MANAGE)
    def settings_set(ctx: Context, req: CrmSettingsInfo) -> CrmSettingsInfo:
        require_project(ctx.db, req.project_id)
        row = ctx.db.scalars(
            select(CrmSettings).where(CrmSettings.project_id == req.project_id).with_for_update()
        ).first()
        before = {"pool_days": row.pool_days if row else DEFAULT_POOL_DAYS}
        if row is None:
            row = CrmSettings(project_id=req.project_id)
            ctx.db.add(row)
        row.pool_days, row.updated_at = req.pool_days, utcnow()
        ctx.audit("crm_settings", req.project_id, before, {"pool_days": req.pool_days})
        return req

    @router.command("crm.consultants", Permission.CUSTOMERS_MANAGE)
    def consultants(ctx: Context, req: Empty) -> ConsultantList:
        rows = ctx.db.execute(
            select(User.id, User.display_name, User.username)
            .where(User.role == Role.CONSULTANT.value, User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
        return ConsultantList(consultants=[ConsultantInfo(id=i, name=n, username=u) for i, n, u in rows])

    @router.command("crm.run_jobs", Permission.CUSTOMERS_MANAGE, replay=False)
    def run_jobs(ctx: Context, req: Empty) -> JobsReport:
        # The jobs commit in their own transactions (as the scheduler's do); this command only records the run.
        report, events = run_all(ctx.runtime.db)
        for event_type, payload in events:
            ctx.publish(event_type, payload)
        ctx.audit("crm_jobs", "run", None, report)
        return report

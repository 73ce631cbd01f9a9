"""Channels 渠道, report rules, 报备, 带看, appeals 申诉, commission rules and attribution 判客: thin handlers."""

from __future__ import annotations

from sqlalchemy import func, select

from server.context import Context
from server.crm import attribution, reports
from server.crm.common import invalid, not_found, require_project, user_names
from server.crm.phones import BadPhone, normalize
from server.db.crm_models import Appeal, Broker, Channel, ChannelReport, ChannelRule, CommissionRule, Visit
from server.permissions import Permission
from server.router import Router
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.messages.crm_channels import (
    AppealInfo,
    AppealList,
    AppealListRequest,
    AttributionInfo,
    BrokerInfo,
    ChannelInfo,
    ChannelList,
    CommissionInfo,
    CommissionList,
    ConfirmVisitRequest,
    CreateBrokerRequest,
    CreateChannelRequest,
    DecideAppealRequest,
    DecideAttributionRequest,
    FileAppealRequest,
    ReportInfo,
    ReportList,
    ReportListRequest,
    ReportsChanged,
    RuleInfo,
    RuleList,
    RuleListRequest,
    SetCommissionRequest,
    SetRuleRequest,
    SubmitReportRequest,
)
from shared.protocol.messages.crm_customers import CustomerRef
from shared.protocol.messages.crm_types import AppealDecision, CommissionKind


def _broker(b: Broker) -> BrokerInfo:
    return BrokerInfo(id=b.id, channel_id=b.channel_id, name=b.name, phone=b.phone, active=b.active)


def _channel(ctx: Context, c: Channel) -> ChannelInfo:
    brokers = ctx.db.scalars(select(Broker).where(Broker.channel_id == c.id).order_by(Broker.id))
    return ChannelInfo(
        id=c.id, name=c.name, contact=c.contact, phone=c.phone, active=c.active, brokers=[_broker(b) for b in brokers]
    )


def _rule(r: ChannelRule) -> RuleInfo:
    return RuleInfo(
        id=r.id,
        project_id=r.project_id,
        channel_id=r.channel_id,
        version=r.version,
        protection_days=r.protection_days,
        visit_window_hours=r.visit_window_hours,
        natural_visit_days=r.natural_visit_days,
        block_existing_customer=r.block_existing_customer,
        allow_masked=r.allow_masked,
        created_at=r.created_at,
    )


def _commission(r: CommissionRule) -> CommissionInfo:
    return CommissionInfo(
        id=r.id,
        project_id=r.project_id,
        channel_id=r.channel_id,
        version=r.version,
        kind=CommissionKind(r.kind),
        value=r.value,
        created_at=r.created_at,
    )


def _appeal(ctx: Context, a: Appeal) -> AppealInfo:
    names = user_names(ctx.db, [a.filed_by, a.decided_by])
    report = ctx.db.get(ChannelReport, a.report_id)
    assert report is not None
    return AppealInfo(
        id=a.id,
        report_id=a.report_id,
        reason=a.reason,
        filed_by_name=names.get(a.filed_by, ""),
        filed_at=a.filed_at,
        decision=AppealDecision(a.decision),
        decision_note=a.decision_note,
        decided_by_name=names.get(a.decided_by or 0, ""),
        decided_at=a.decided_at,
        report=reports.info(ctx.db, report),
    )


def _report_changed(ctx: Context, r: ChannelReport) -> None:
    ctx.publish("reports.changed", ReportsChanged(project_id=r.project_id, report_ids=[r.id]))


def register(router: Router) -> None:
    @router.command("channels.list", Permission.REPORTS_VIEW)
    def list_channels(ctx: Context, req: Empty) -> ChannelList:
        return ChannelList(channels=[_channel(ctx, c) for c in ctx.db.scalars(select(Channel).order_by(Channel.id))])

    @router.command("channels.create", Permission.CHANNELS_MANAGE)
    def create_channel(ctx: Context, req: CreateChannelRequest) -> ChannelInfo:
        name = req.name.strip()
        if not name:
            raise invalid("渠道名称不能为空", "The channel name is empty")
        if ctx.db.scalar(select(Channel.id).where(Channel.name == name)):
            raise ShowroomError(ErrorCode.CONFLICT, f"渠道“{name}”已存在", f"Channel {name!r} exists")
        c = Channel(name=name, contact=req.contact.strip(), phone=req.phone.strip(), active=True)
        ctx.db.add(c)
        ctx.db.flush()
        info = _channel(ctx, c)
        ctx.audit("channel", c.id, None, info)
        return info

    @router.command("channels.add_broker", Permission.CHANNELS_MANAGE)
    def add_broker(ctx: Context, req: CreateBrokerRequest) -> BrokerInfo:
        if ctx.db.get(Channel, req.channel_id) is None:
            raise not_found("渠道", "channel", req.channel_id)
        try:
            phone = normalize(req.phone)
        except BadPhone as exc:
            raise exc.error() from None
        if ctx.db.scalar(select(Broker.id).where(Broker.channel_id == req.channel_id, Broker.phone == phone)):
            raise ShowroomError(ErrorCode.CONFLICT, "该经纪人已登记", "The broker is already registered")
        b = Broker(channel_id=req.channel_id, name=req.name.strip(), phone=phone, active=True)
        ctx.db.add(b)
        ctx.db.flush()
        info = _broker(b)
        ctx.audit("broker", b.id, None, info)
        return info

    @router.command("channels.set_rule", Permission.CHANNELS_MANAGE)
    def set_rule(ctx: Context, req: SetRuleRequest) -> RuleInfo:
        require_project(ctx.db, req.project_id)
        info = _rule(reports.new_rule(ctx.db, req, ctx.user.user_id, utcnow()))
        ctx.audit("channel_rule", info.id, None, info)
        return info

    @router.command("channels.rules", Permission.REPORTS_VIEW)
    def rules(ctx: Context, req: RuleListRequest) -> RuleList:
        q = select(ChannelRule).where(ChannelRule.project_id == req.project_id)
        if req.channel_id is not None:
            q = q.where(ChannelRule.channel_id == req.channel_id)
        return RuleList(
            rules=[_rule(r) for r in ctx.db.scalars(q.order_by(ChannelRule.channel_id, ChannelRule.version))]
        )

    @router.command("channels.set_commission", Permission.CHANNELS_MANAGE)
    def set_commission(ctx: Context, req: SetCommissionRequest) -> CommissionInfo:
        require_project(ctx.db, req.project_id)
        if ctx.db.get(Channel, req.channel_id) is None:
            raise not_found("渠道", "channel", req.channel_id)
        if not req.value.is_finite() or req.value <= 0 or req.value > 100_000_000:
            raise invalid("佣金须为正数", "The commission must be a positive amount")
        if req.kind is CommissionKind.PERCENT and req.value > 100:
            raise invalid("佣金比例不能超过 100%", "A percentage cannot exceed 100")
        last = ctx.db.scalar(
            select(func.max(CommissionRule.version)).where(
                CommissionRule.project_id == req.project_id, CommissionRule.channel_id == req.channel_id
            )
        )
        r = CommissionRule(
            project_id=req.project_id,
            channel_id=req.channel_id,
            version=(last or 0) + 1,
            kind=req.kind.value,
            value=req.value,
            created_by=ctx.user.user_id,
            created_at=utcnow(),
        )
        ctx.db.add(r)
        ctx.db.flush()
        info = _commission(r)
        ctx.audit("commission_rule", r.id, None, info)
        return info

    @router.command("channels.commissions", Permission.CHANNELS_MANAGE)
    def commissions(ctx: Context, req: RuleListRequest) -> CommissionList:
        q = select(CommissionRule).where(CommissionRule.project_id == req.project_id)
        if req.channel_id is not None:
            q = q.where(CommissionRule.channel_id == req.channel_id)
        rows = ctx.db.scalars(q.order_by(CommissionRule.channel_id, CommissionRule.version))
        return CommissionList(rules=[_commission(r) for r in rows])

    @router.command("reports.submit", Permission.REPORTS_ENTER)
    def submit(ctx: Context, req: SubmitReportRequest) -> ReportInfo:
        require_project(ctx.db, req.project_id)
        now = utcnow()
        r = reports.submit(
            ctx.db,
            req.project_id,
            broker_id=req.broker_id,
            name=req.customer_name,
            raw_phone=req.phone,
            at=req.reported_at or now,
            by=ctx.user.user_id,
            now=now,
        )
        info = reports.info(ctx.db, r)
        ctx.audit("channel_report", r.id, None, info)
        _report_changed(ctx, r)
        return info

    @router.command("reports.list", Permission.REPORTS_VIEW)
    def list_reports(ctx: Context, req: ReportListRequest) -> ReportList:
        q = select(ChannelReport).where(ChannelReport.project_id == req.project_id)
        if req.status is not None:
            q = q.where(ChannelReport.status == req.status.value)
        if req.after_id is not None:
            q = q.where(ChannelReport.id < req.after_id)
        found = list(ctx.db.scalars(q.order_by(ChannelReport.id.desc()).limit(req.limit + 1)))
        infos = [reports.info(ctx.db, r) for r in found[: req.limit]]
        return ReportList(reports=infos, next_after=infos[-1].id if len(found) > req.limit else None)

    @router.command("reports.confirm_visit", Permission.REPORTS_ENTER)
    def confirm_visit(ctx: Context, req: ConfirmVisitRequest) -> ReportInfo:
        r = ctx.db.get(ChannelReport, req.report_id, with_for_update=True)
        if r is None:
            raise not_found("报备", "report", req.report_id)
        visit = ctx.db.get(Visit, req.visit_id, with_for_update=True)
        if visit is None:
            raise not_found("来访", "visit", req.visit_id)
        before = reports.info(ctx.db, r)
        reports.confirm_visit(ctx.db, r, visit, ctx.user.user_id)
        info = reports.info(ctx.db, r)
        ctx.audit("channel_report", r.id, before, info)
        _report_changed(ctx, r)
        return info

    @router.command("appeals.file", Permission.REPORTS_ENTER)
    def file_appeal(ctx: Context, req: FileAppealRequest) -> AppealInfo:
        r = ctx.db.get(ChannelReport, req.report_id)
        if r is None:
            raise not_found("报备", "report", req.report_id)
        pending = ctx.db.scalar(
            select(Appeal.id).where(Appeal.report_id == r.id, Appeal.decision == AppealDecision.PENDING.value)
        )
        if pending:
            raise ShowroomError(
                ErrorCode.CONFLICT, "该报备已有待处理的申诉", "This report already has a pending appeal"
            )
        a = Appeal(report_id=r.id, reason=req.reason.strip(), filed_by=ctx.user.user_id, filed_at=utcnow())
        ctx.db.add(a)
        ctx.db.flush()
        info = _appeal(ctx, a)
        ctx.audit("appeal", a.id, None, {"report_id": r.id, "reason": a.reason})
        _report_changed(ctx, r)
        return info

    @router.command("appeals.decide", Permission.CHANNELS_MANAGE)
    def decide_appeal(ctx: Context, req: DecideAppealRequest) -> AppealInfo:
        a = ctx.db.get(Appeal, req.appeal_id, with_for_update=True)
        if a is None:
            raise not_found("申诉", "appeal", req.appeal_id)
        before = {"decision": a.decision}
        reports.decide_appeal(ctx.db, a, req.decision, req.note.strip(), by=ctx.user.user_id, now=utcnow())
        info = _appeal(ctx, a)
        ctx.audit(
            "appeal",
            a.id,
            before,
            {"decision": a.decision, "note": a.decision_note, "report_status": info.report.status.value},
        )
        _report_changed(ctx, info_report(ctx, a))
        return info

    @router.command("appeals.list", Permission.REPORTS_VIEW)
    def list_appeals(ctx: Context, req: AppealListRequest) -> AppealList:
        q = (
            select(Appeal)
            .join(ChannelReport, ChannelReport.id == Appeal.report_id)
            .where(ChannelReport.project_id == req.project_id)
        )
        if req.pending_only:
            q = q.where(Appeal.decision == AppealDecision.PENDING.value)
        return AppealList(appeals=[_appeal(ctx, a) for a in ctx.db.scalars(q.order_by(Appeal.id.desc()).limit(200))])

    @router.command("attribution.get", Permission.ATTRIBUTION_MANAGE)
    def get_attribution(ctx: Context, req: CustomerRef) -> AttributionInfo:
        return attribution.info(ctx.db, attribution.customer(ctx.db, req.customer_id))

    @router.command("attribution.decide", Permission.ATTRIBUTION_MANAGE)
    def decide_attribution(ctx: Context, req: DecideAttributionRequest) -> AttributionInfo:
        c = attribution.customer(ctx.db, req.customer_id)
        entry = attribution.decide(ctx.db, c, req, ctx.user.user_id, utcnow())
        ctx.audit(
            "attribution",
            c.id,
            None,
            {"seq": entry.seq, "kind": entry.kind, "hash": entry.hash, "reason": entry.reason},
        )
        return attribution.info(ctx.db, c)

    # A large file: not kept for replay; the export itself is audited.
    @router.command("attribution.evidence_pack", Permission.ATTRIBUTION_MANAGE, replay=False)
    def evidence_pack(ctx: Context, req: CustomerRef) -> FileContent:
        c = attribution.customer(ctx.db, req.customer_id)
        pack = attribution.evidence_pack(ctx.db, c, utcnow())
        ctx.audit("customer", c.id, None, {"exported": "evidence_pack", "bytes": len(pack.content)})
        return pack


def info_report(ctx: Context, a: Appeal) -> ChannelReport:
    r = ctx.db.get(ChannelReport, a.report_id)
    assert r is not None
    return r

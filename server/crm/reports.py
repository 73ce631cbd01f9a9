"""Channel reports 报备 in the database: rule versions, matching a (masked) phone, deciding, 带看, appeals, expiry."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from server.crm import ledger, phones
from server.crm.common import invalid, not_found
from server.crm.ledger import EvidenceRef
from server.crm.rules import Decision, KnownCustomer, OpenReport, Terms, decide, expiry
from server.db.crm_models import Appeal, Broker, Channel, ChannelReport, ChannelRule, Customer, Visit
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.crm_channels import ReportInfo, SetRuleRequest
from shared.protocol.messages.crm_types import (
    AppealDecision,
    AttributionKind,
    EvidenceKind,
    PhoneMatch,
    RejectReason,
    ReportStatus,
    Source,
)

_REPORT_LOCK_BASE = 0x5250_0000_0000
OPEN = (ReportStatus.ACCEPTED.value, ReportStatus.VISITED.value)


def new_rule(db: Session, req: SetRuleRequest, by: int, now: datetime) -> ChannelRule:
    if db.get(Channel, req.channel_id) is None:
        raise not_found("渠道", "channel", req.channel_id)
    last = db.scalar(
        select(func.max(ChannelRule.version)).where(
            ChannelRule.project_id == req.project_id, ChannelRule.channel_id == req.channel_id
        )
    )
    rule = ChannelRule(
        project_id=req.project_id,
        channel_id=req.channel_id,
        version=(last or 0) + 1,
        protection_days=req.protection_days,
        visit_window_hours=req.visit_window_hours,
        natural_visit_days=req.natural_visit_days,
        block_existing_customer=req.block_existing_customer,
        allow_masked=req.allow_masked,
        created_by=by,
        created_at=now,
    )
    db.add(rule)
    db.flush()
    return rule


def rule_at(db: Session, project_id: int, channel_id: int, at: datetime) -> ChannelRule:
    """The version in force when the report was made (the latest created before it)."""
    rule = db.scalars(
        select(ChannelRule)
        .where(ChannelRule.project_id == project_id, ChannelRule.channel_id == channel_id, ChannelRule.created_at <= at)
        .order_by(ChannelRule.version.desc())
        .limit(1)
    ).first()
    if rule is None:
        raise ShowroomError(
            ErrorCode.VALIDATION_FAILED,
            "该渠道在本楼盘尚未设置报备规则",
            "This channel has no report rules for this project yet",
        )
    return rule


def terms(rule: ChannelRule) -> Terms:
    return Terms(
        rule.id,
        rule.version,
        rule.protection_days,
        rule.visit_window_hours,
        rule.natural_visit_days,
        rule.block_existing_customer,
        rule.allow_masked,
    )


def match_phone(db: Session, project_id: int, reported: phones.Reported) -> tuple[PhoneMatch, Customer | None]:
    if reported.full is not None:
        c = db.scalars(
            select(Customer).where(Customer.project_id == project_id, Customer.phone == reported.full)
        ).first()
        return (PhoneMatch.UNIQUE, c) if c else (PhoneMatch.NONE, None)
    found = list(
        db.scalars(
            select(Customer)
            .where(
                Customer.project_id == project_id,
                Customer.phone_first3 == reported.first3,
                Customer.phone_last4 == reported.last4,
            )
            .limit(2)
        )
    )
    if len(found) > 1:
        return PhoneMatch.AMBIGUOUS, None
    return (PhoneMatch.UNIQUE, found[0]) if found else (PhoneMatch.NONE, None)


def last_natural_visit(db: Session, customer_id: int) -> datetime | None:
    return db.scalar(
        select(func.max(Visit.arrived_at)).where(Visit.customer_id == customer_id, Visit.report_id.is_(None))
    )


def submit(
    db: Session, project_id: int, *, broker_id: int, name: str, raw_phone: str, at: datetime, by: int, now: datetime
) -> ChannelReport:
    broker = db.get(Broker, broker_id)
    if broker is None or not broker.active:
        raise not_found("经纪人", "broker", broker_id)
    if at > now + timedelta(minutes=5):
        raise invalid("报备时间不能晚于现在", "The report time is in the future")
    try:
        reported = phones.parse_reported(raw_phone)
    except phones.BadPhone as exc:
        raise exc.error() from None
    # One decision at a time per project, so two channels racing for one phone cannot both be accepted.
    db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _REPORT_LOCK_BASE + project_id})
    rule = rule_at(db, project_id, broker.channel_id, at)
    match, customer = match_phone(db, project_id, reported)
    known = (
        KnownCustomer(customer.id, customer.owner_id is not None, last_natural_visit(db, customer.id))
        if customer
        else None
    )
    earlier = [
        OpenReport(r.id, r.channel_id, r.phone, ReportStatus(r.status), r.visit_deadline, r.protect_until)
        for r in db.scalars(
            select(ChannelReport).where(
                ChannelReport.project_id == project_id,
                ChannelReport.phone_first3 == reported.first3,
                ChannelReport.phone_last4 == reported.last4,
                ChannelReport.status.in_(OPEN),
            )
        )
    ]
    decision = decide(
        terms(rule), at, channel_id=broker.channel_id, phone=reported.full, match=match, customer=known, earlier=earlier
    )
    report = ChannelReport(
        project_id=project_id,
        channel_id=broker.channel_id,
        broker_id=broker.id,
        rule_id=rule.id,
        customer_name=name.strip(),
        phone=reported.full,
        phone_first3=reported.first3,
        phone_last4=reported.last4,
        phone_match=match.value,
        customer_id=customer.id if customer else None,
        reported_at=at,
        entered_by=by,
        decided_at=now,
    )
    _apply(report, decision)
    db.add(report)
    db.flush()
    return report


def _apply(report: ChannelReport, d: Decision) -> None:
    report.status = d.status.value
    report.reason = d.reason.value if d.reason else None
    report.reason_detail = d.detail
    report.visit_deadline = d.visit_deadline
    report.protect_until = d.protect_until


def confirm_visit(db: Session, report: ChannelReport, visit: Visit, by: int) -> None:
    """带看: the reported customer came with the broker within the window; the channel's claim now stands."""
    if report.status != ReportStatus.ACCEPTED.value:
        raise ShowroomError(
            ErrorCode.CONFLICT, f"报备 #{report.id} 不是待带看状态", f"Report #{report.id} is not awaiting a visit"
        )
    if visit.project_id != report.project_id:
        raise invalid("来访与报备不属于同一楼盘", "The visit and the report are of different projects")
    if report.visit_deadline is None or visit.arrived_at > report.visit_deadline:
        raise invalid("已超过报备的带看时限", "The visit is after the report's visit window")
    if visit.arrived_at < report.reported_at:
        raise invalid("来访早于报备，不能作为带看", "The visit was before the report")
    customer = db.get(Customer, visit.customer_id)
    assert customer is not None
    if (
        customer.phone_first3 != report.phone_first3
        or customer.phone_last4 != report.phone_last4
        or (report.phone is not None and report.phone != customer.phone)
    ):
        raise invalid("来访客户的手机号与报备不一致", "The visitor's phone does not match the report")
    report.status = ReportStatus.VISITED.value
    report.visit_id = visit.id
    report.customer_id = customer.id
    if report.phone is None:
        report.phone = customer.phone
    visit.report_id = report.id
    if customer.source == Source.NATURAL.value:
        customer.source = Source.CHANNEL.value
    channel = db.get(Channel, report.channel_id)
    ledger.append(
        db,
        customer.id,
        visit.arrived_at,
        AttributionKind.CHANNEL,
        f"渠道带看确认 {channel.name if channel else report.channel_id}",
        evidence=[
            EvidenceRef(
                EvidenceKind.REPORT, report.id, report.reported_at, f"报备 #{report.id}（规则 #{report.rule_id}）"
            ),
            EvidenceRef(EvidenceKind.VISIT, visit.id, visit.arrived_at, f"带看 来访 #{visit.id}"),
        ],
        channel_id=report.channel_id,
        actor_id=by,
    )
    db.flush()


def decide_appeal(db: Session, appeal: Appeal, decision: AppealDecision, note: str, *, by: int, now: datetime) -> None:
    if appeal.decision != AppealDecision.PENDING.value:
        raise ShowroomError(ErrorCode.CONFLICT, "该申诉已处理", "The appeal was already decided")
    if decision is AppealDecision.PENDING:
        raise invalid("请选择维持或改判", "Decide upheld or overturned")
    report = db.get(ChannelReport, appeal.report_id, with_for_update=True)
    assert report is not None
    appeal.decision, appeal.decision_note, appeal.decided_by, appeal.decided_at = decision.value, note, by, now
    if decision is AppealDecision.OVERTURNED and report.status in (
        ReportStatus.REJECTED.value,
        ReportStatus.EXPIRED.value,
    ):
        rule = db.get(ChannelRule, report.rule_id)
        assert rule is not None
        # The broker gets the full window and protection from the decision, under the report's own rule.
        report.status = ReportStatus.ACCEPTED.value
        report.reason_detail = f"申诉 #{appeal.id} 改判：{note}"[:200]
        report.visit_deadline = now + timedelta(hours=rule.visit_window_hours)
        report.protect_until = now + timedelta(days=rule.protection_days)
        report.decided_at = now
    db.flush()


def expire_due(db: Session, now: datetime, limit: int = 1000) -> list[ChannelReport]:
    """Open reports whose window or protection ended: expired, and a ledger row where a 带看 had been made."""
    due = list(
        db.scalars(
            select(ChannelReport)
            .where(
                ((ChannelReport.status == ReportStatus.ACCEPTED.value) & (ChannelReport.visit_deadline <= now))
                | ((ChannelReport.status == ReportStatus.VISITED.value) & (ChannelReport.protect_until <= now))
            )
            .order_by(ChannelReport.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for r in due:
        assert expiry(ReportStatus(r.status), r.visit_deadline, r.protect_until, now)
        was_visited = r.status == ReportStatus.VISITED.value
        r.status = ReportStatus.EXPIRED.value
        r.reason_detail = "保护期已到期" if was_visited else "未在时限内带看"
        if was_visited and r.customer_id is not None:
            assert r.protect_until is not None
            ledger.append(
                db,
                r.customer_id,
                r.protect_until,
                AttributionKind.NATURAL,
                f"渠道报备 #{r.id} 保护期到期",
                evidence=[EvidenceRef(EvidenceKind.REPORT, r.id, r.reported_at, f"报备 #{r.id} 到期")],
            )
    db.flush()
    return due


def info(db: Session, r: ChannelReport) -> ReportInfo:
    channel = db.get(Channel, r.channel_id)
    broker = db.get(Broker, r.broker_id)
    rule = db.get(ChannelRule, r.rule_id)
    return ReportInfo(
        id=r.id,
        project_id=r.project_id,
        channel_id=r.channel_id,
        channel_name=channel.name if channel else "",
        broker_id=r.broker_id,
        broker_name=broker.name if broker else "",
        customer_name=r.customer_name,
        phone_masked=f"{r.phone_first3}****{r.phone_last4}",
        phone_match=PhoneMatch(r.phone_match),
        customer_id=r.customer_id,
        reported_at=r.reported_at,
        status=ReportStatus(r.status),
        reason=RejectReason(r.reason) if r.reason else None,
        reason_detail=r.reason_detail,
        rule_id=r.rule_id,
        rule_version=rule.version if rule else 0,
        visit_deadline=r.visit_deadline,
        protect_until=r.protect_until,
        visit_id=r.visit_id,
    )

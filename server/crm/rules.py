"""Deciding a channel report 报备 under one version of the project's rules: plain data in, a decision out.

The checks, in order (the first that applies decides):
1. a masked phone where the rule wants full numbers → rejected, masked_not_allowed;
2. a masked phone matching more than one customer → rejected, ambiguous_phone (never guessed);
3. another report for the same phone still protected → rejected, duplicate (same channel) or
   protected_by_other (another channel);
4. the customer came by themselves (a natural visit) within natural_visit_days → rejected, natural_visit;
5. the customer is already on file with an owner (and the rule says that blocks) → rejected, existing_customer;
6. otherwise accepted: the broker must bring them within visit_window_hours (带看, confirmed at the front
   desk), and the protection lasts protection_days from the report.
A customer in the public pool 公客池 (no owner) may be reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.protocol.messages.crm_types import PhoneMatch, RejectReason, ReportStatus


@dataclass(frozen=True, slots=True)
class Terms:
    rule_id: int
    version: int
    protection_days: int
    visit_window_hours: int
    natural_visit_days: int
    block_existing_customer: bool
    allow_masked: bool


@dataclass(frozen=True, slots=True)
class KnownCustomer:
    customer_id: int
    has_owner: bool
    last_natural_visit_at: datetime | None


@dataclass(frozen=True, slots=True)
class OpenReport:
    """An earlier report of the same phone (or the same 前三后四)."""

    report_id: int
    channel_id: int
    phone: str | None
    status: ReportStatus
    visit_deadline: datetime | None
    protect_until: datetime | None

    def protected_at(self, at: datetime) -> bool:
        if self.status is ReportStatus.ACCEPTED:
            return self.visit_deadline is not None and at < self.visit_deadline
        if self.status is ReportStatus.VISITED:
            return self.protect_until is not None and at < self.protect_until
        return False


@dataclass(frozen=True, slots=True)
class Decision:
    status: ReportStatus
    reason: RejectReason | None
    detail: str
    visit_deadline: datetime | None = None
    protect_until: datetime | None = None


def same_person(phone: str | None, other: OpenReport) -> bool:
    """Reports are matched by 前三后四 first; two full numbers must also agree in the middle."""
    return phone is None or other.phone is None or phone == other.phone


def decide(
    terms: Terms,
    at: datetime,
    *,
    channel_id: int,
    phone: str | None,
    match: PhoneMatch,
    customer: KnownCustomer | None,
    earlier: list[OpenReport],
) -> Decision:
    if phone is None and not terms.allow_masked:
        return _reject(RejectReason.MASKED_NOT_ALLOWED, "本渠道规则要求完整手机号 full phone number required")
    if match is PhoneMatch.AMBIGUOUS:
        return _reject(RejectReason.AMBIGUOUS_PHONE, "隐号匹配到多位客户，请提供完整手机号 masked phone is ambiguous")
    for other in sorted(earlier, key=lambda r: r.report_id):
        if other.protected_at(at) and same_person(phone, other):
            if other.channel_id == channel_id:
                return _reject(RejectReason.DUPLICATE, f"本渠道已报备（#{other.report_id}）仍在保护期")
            return _reject(RejectReason.PROTECTED_BY_OTHER, f"其他渠道报备（#{other.report_id}）仍在保护期")
    if customer is not None:
        seen = customer.last_natural_visit_at
        if terms.natural_visit_days > 0 and seen is not None and at - seen < timedelta(days=terms.natural_visit_days):
            return _reject(
                RejectReason.NATURAL_VISIT, f"客户 {terms.natural_visit_days} 天内已自然到访 came by themselves"
            )
        if terms.block_existing_customer and customer.has_owner:
            return _reject(RejectReason.EXISTING_CUSTOMER, "已是案场客户 already a customer")
    return Decision(
        ReportStatus.ACCEPTED,
        None,
        "",
        visit_deadline=at + timedelta(hours=terms.visit_window_hours),
        protect_until=at + timedelta(days=terms.protection_days),
    )


def _reject(reason: RejectReason, detail: str) -> Decision:
    return Decision(ReportStatus.REJECTED, reason, detail)


def expiry(
    status: ReportStatus, visit_deadline: datetime | None, protect_until: datetime | None, now: datetime
) -> bool:
    """Whether an open report's protection has ended at `now`."""
    if status is ReportStatus.ACCEPTED:
        return visit_deadline is not None and now >= visit_deadline
    if status is ReportStatus.VISITED:
        return protect_until is not None and now >= protect_until
    return False

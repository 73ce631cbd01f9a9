"""Labels for the CRM's enums and notices, in the user's language (Qt translations, context CrmLabels)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QLocale

from shared.protocol.errors import ErrorDetail
from shared.protocol.messages.crm_channels import ReportInfo
from shared.protocol.messages.crm_types import (
    AppealDecision,
    AttributionKind,
    CommissionKind,
    CustomerStatus,
    EvidenceKind,
    FollowUpKind,
    Gender,
    Intent,
    LookupOutcome,
    RejectReason,
    ReportStatus,
    Source,
)
from shared.protocol.messages.notices import NoticeInfo

translate = QCoreApplication.translate


def customer_status(s: CustomerStatus) -> str:
    return {
        CustomerStatus.POTENTIAL: translate("CrmLabels", "Potential"),
        CustomerStatus.VISITED: translate("CrmLabels", "Visited"),
        CustomerStatus.SUBSCRIBED: translate("CrmLabels", "Subscribed"),
        CustomerStatus.SIGNED: translate("CrmLabels", "Signed"),
        CustomerStatus.LOST: translate("CrmLabels", "Lost"),
    }[s]


def intent(i: Intent) -> str:
    return translate("CrmLabels", "Intent {level}").format(level=i.value)


def followup_kind(k: FollowUpKind) -> str:
    return {
        FollowUpKind.CALL: translate("CrmLabels", "Call"),
        FollowUpKind.VISIT: translate("CrmLabels", "Visit"),
        FollowUpKind.WECHAT: translate("CrmLabels", "WeChat"),
        FollowUpKind.VIEWING: translate("CrmLabels", "Viewing"),
    }[k]


def outcome(o: LookupOutcome) -> str:
    return {
        LookupOutcome.NEW: translate("CrmLabels", "New visitor"),
        LookupOutcome.RETURNING: translate("CrmLabels", "Returning customer"),
        LookupOutcome.AMBIGUOUS: translate("CrmLabels", "Several customers match"),
    }[o]


def report_status(s: ReportStatus) -> str:
    return {
        ReportStatus.ACCEPTED: translate("CrmLabels", "Accepted"),
        ReportStatus.VISITED: translate("CrmLabels", "Visit confirmed"),
        ReportStatus.REJECTED: translate("CrmLabels", "Rejected"),
        ReportStatus.EXPIRED: translate("CrmLabels", "Expired"),
    }[s]


def reject_reason(r: RejectReason | None) -> str:
    if r is None:
        return ""
    return {
        RejectReason.EXISTING_CUSTOMER: translate("CrmLabels", "Already a customer"),
        RejectReason.NATURAL_VISIT: translate("CrmLabels", "Came by themselves recently"),
        RejectReason.PROTECTED_BY_OTHER: translate("CrmLabels", "Another channel's report is protected"),
        RejectReason.DUPLICATE: translate("CrmLabels", "Already reported by this channel"),
        RejectReason.AMBIGUOUS_PHONE: translate("CrmLabels", "Masked phone matches several customers"),
        RejectReason.MASKED_NOT_ALLOWED: translate("CrmLabels", "Full phone number required"),
    }[r]


def appeal_decision(d: AppealDecision) -> str:
    return {
        AppealDecision.PENDING: translate("CrmLabels", "Pending"),
        AppealDecision.UPHELD: translate("CrmLabels", "Upheld"),
        AppealDecision.OVERTURNED: translate("CrmLabels", "Overturned"),
    }[d]


def gender(g: Gender) -> str:
    return {
        Gender.UNKNOWN: translate("CrmLabels", "Not given"),
        Gender.MALE: translate("CrmLabels", "Male"),
        Gender.FEMALE: translate("CrmLabels", "Female"),
    }[g]


def source(s: Source) -> str:
    return {
        Source.NATURAL: translate("CrmLabels", "Walk-in"),
        Source.CHANNEL: translate("CrmLabels", "Channel"),
        Source.REFERRAL: translate("CrmLabels", "Referral"),
        Source.ONLINE: translate("CrmLabels", "Online"),
        Source.OTHER: translate("CrmLabels", "Other"),
    }[s]


def attribution_kind(k: AttributionKind) -> str:
    return {
        AttributionKind.NATURAL: translate("CrmLabels", "Walk-in (natural visit)"),
        AttributionKind.CHANNEL: translate("CrmLabels", "Channel"),
        AttributionKind.REFERRAL: translate("CrmLabels", "Referral"),
        AttributionKind.UNDECIDED: translate("CrmLabels", "Undecided"),
    }[k]


def evidence_kind(k: EvidenceKind) -> str:
    return {
        EvidenceKind.REPORT: translate("CrmLabels", "Channel report"),
        EvidenceKind.VISIT: translate("CrmLabels", "Visit"),
        EvidenceKind.APPEAL: translate("CrmLabels", "Appeal"),
        EvidenceKind.DECISION: translate("CrmLabels", "Ruling"),
        EvidenceKind.FACE: translate("CrmLabels", "Face match"),
    }[k]


def commission(kind: CommissionKind, value: object) -> str:
    if kind is CommissionKind.PERCENT:
        return translate("CrmLabels", "{value}% of the price").format(value=value)
    return translate("CrmLabels", "¥{value} per deal").format(value=value)


def when(at: datetime | None) -> str:
    return at.astimezone().strftime("%m-%d %H:%M") if at else ""


def when_long(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""


def notice_text(n: NoticeInfo) -> str:
    name = str(n.payload.get("customer_name", ""))
    texts = {
        "visit.returning": translate("CrmLabels", "{name} has arrived: your customer is back ({size} in the party)"),
        "customer.assigned": translate("CrmLabels", "{name} was assigned to you"),
        "customer.reassigned": translate("CrmLabels", "{name} was given to another consultant"),
        "customer.pooled": translate("CrmLabels", "{name} went back to the public pool: no follow-up in time"),
        "followup.due": translate("CrmLabels", "Follow-up due: {name}"),
    }
    text = texts.get(n.kind, translate("CrmLabels", "Notice: {kind}"))
    return text.format(name=name, size=n.payload.get("party_size", 1), kind=n.kind)


def detail_text(d: ErrorDetail) -> str:
    """One of the server's per-field messages in the user's language (as error_text for the whole reply)."""
    return d.message_en if QLocale().language() == QLocale.Language.English else d.message


def timeline_kind(kind: str) -> str:
    """A timeline item's kind (followup.call …, visit, report, attribution, assignment)."""
    if kind.startswith("followup."):
        try:
            return followup_kind(FollowUpKind(kind.split(".", 1)[1]))
        except ValueError:
            return kind
    return {
        "visit": translate("CrmLabels", "Visit"),
        "report": translate("CrmLabels", "Channel report"),
        "attribution": translate("CrmLabels", "Attribution"),
        "assignment": translate("CrmLabels", "Assignment"),
    }.get(kind, kind)


def report_decision(r: ReportInfo) -> str:
    """A 报备's decision as the front desk reads it out: the reason and rule version, or the deadlines."""
    if r.status is ReportStatus.REJECTED:
        reason = r.reason_detail or reject_reason(r.reason)  # the detail names the clashing report
        return translate("CrmLabels", "Rejected: {reason} (rule v{version})").format(
            reason=reason, version=r.rule_version
        )
    return translate(
        "CrmLabels", "{status}: visit with the broker by {deadline}, protected until {until} (rule v{version})"
    ).format(
        status=report_status(r.status),
        deadline=when(r.visit_deadline),
        until=when(r.protect_until),
        version=r.rule_version,
    )

"""Labels for the CRM's enums and notices, in the user's language (Qt translations, context CrmLabels)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from shared.protocol.messages.crm_types import (
    AppealDecision,
    CustomerStatus,
    FollowUpKind,
    Intent,
    LookupOutcome,
    RejectReason,
    ReportStatus,
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


def when(at: datetime | None) -> str:
    return at.astimezone().strftime("%m-%d %H:%M") if at else ""


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

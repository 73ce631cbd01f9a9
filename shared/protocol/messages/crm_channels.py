"""Channels 渠道, brokers, versioned report rules, 报备 and appeals 申诉, commission rules, attribution 判客."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from shared.protocol.envelope import AwareDatetime
from shared.protocol.messages.crm_types import (
    AppealDecision,
    AttributionKind,
    CommissionKind,
    EvidenceKind,
    PhoneMatch,
    RejectReason,
    ReportStatus,
)

Text200 = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class BrokerInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    channel_id: int
    name: str
    phone: str
    active: bool


class ChannelInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    name: str
    contact: str
    phone: str
    active: bool
    brokers: list[BrokerInfo]


class ChannelList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    channels: list[ChannelInfo]


class CreateChannelRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    contact: Annotated[str, msgspec.Meta(max_length=40)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=20)] = ""


class CreateBrokerRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    channel_id: int
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    phone: Annotated[str, msgspec.Meta(max_length=20)]


class SetRuleRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A new version of the rules for reports from `channel_id` in `project_id`; earlier reports keep theirs."""

    project_id: int
    channel_id: int
    protection_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30
    visit_window_hours: Annotated[int, msgspec.Meta(ge=1, le=720)] = 72
    # A natural visit 自然来访 within this many days before the report makes it invalid (0: never).
    natural_visit_days: Annotated[int, msgspec.Meta(ge=0, le=365)] = 30
    # A customer already on file with an owner makes a report invalid.
    block_existing_customer: bool = True
    allow_masked: bool = True  # accept 前三后四 phones (138****5678)


class RuleInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    project_id: int
    channel_id: int
    version: int
    protection_days: int
    visit_window_hours: int
    natural_visit_days: int
    block_existing_customer: bool
    allow_masked: bool
    created_at: AwareDatetime


class RuleListRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    channel_id: int | None = None


class RuleList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rules: list[RuleInfo]


class SetCommissionRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    channel_id: int
    kind: CommissionKind
    value: Decimal  # percent (e.g. 1.5, at most 100) or yuan (at most 100,000,000); checked by the server


class CommissionInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    project_id: int
    channel_id: int
    version: int
    kind: CommissionKind
    value: Decimal
    created_at: AwareDatetime


class CommissionList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rules: list[CommissionInfo]


class SubmitReportRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    broker_id: int
    customer_name: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    phone: Annotated[str, msgspec.Meta(min_length=1, max_length=20)]  # 13812345678 or 138****5678
    reported_at: AwareDatetime | None = None  # when the broker sent it; default now, never in the future


class ReportInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    project_id: int
    channel_id: int
    channel_name: str
    broker_id: int
    broker_name: str
    customer_name: str
    phone_masked: str
    phone_match: PhoneMatch
    customer_id: int | None
    reported_at: AwareDatetime
    status: ReportStatus
    reason: RejectReason | None
    reason_detail: str
    rule_id: int
    rule_version: int
    visit_deadline: AwareDatetime | None
    protect_until: AwareDatetime | None
    visit_id: int | None


class ReportListRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    status: ReportStatus | None = None
    after_id: int | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 100


class ReportList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    reports: list[ReportInfo]
    next_after: int | None


class ConfirmVisitRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The front desk confirms the 带看: the reported customer came with the broker on this visit."""

    report_id: int
    visit_id: int


class FileAppealRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    report_id: int
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class DecideAppealRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    appeal_id: int
    decision: AppealDecision
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class AppealInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    report_id: int
    reason: str
    filed_by_name: str
    filed_at: AwareDatetime
    decision: AppealDecision
    decision_note: str
    decided_by_name: str
    decided_at: AwareDatetime | None
    report: ReportInfo


class AppealListRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    pending_only: bool = True


class AppealList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    appeals: list[AppealInfo]


class Evidence(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    kind: EvidenceKind
    ref_id: int
    at: AwareDatetime
    summary: str


class LedgerRow(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    seq: int
    at: AwareDatetime
    kind: AttributionKind
    channel_id: int | None
    referrer_id: int | None
    reason: str
    evidence: list[Evidence]
    actor_id: int | None
    prev_hash: str
    hash: str


class AttributionInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    customer_id: int
    kind: AttributionKind
    channel_id: int | None
    channel_name: str
    referrer_id: int | None
    rows: list[LedgerRow]
    chain_ok: bool


class DecideAttributionRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A manager's ruling in a dispute: appended to the ledger with its reason; nothing is overwritten."""

    customer_id: int
    kind: AttributionKind
    channel_id: int | None = None
    referrer_id: int | None = None
    report_id: int | None = None
    reason: Text200


class ReportsChanged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    report_ids: list[int]

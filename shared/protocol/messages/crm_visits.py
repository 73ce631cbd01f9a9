"""Visit registration 来访登记 and the consultants' rotation 轮排."""

from __future__ import annotations

from typing import Annotated

import msgspec

from shared.protocol.envelope import AwareDatetime
from shared.protocol.messages.crm_channels import ReportInfo
from shared.protocol.messages.crm_types import CustomerStatus, Gender, LookupOutcome


class LookupRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """By the full phone, or by its last 4 digits with (part of) the name."""

    project_id: int
    phone: Annotated[str, msgspec.Meta(max_length=20)] = ""
    last4: Annotated[str, msgspec.Meta(max_length=4)] = ""
    name: Annotated[str, msgspec.Meta(max_length=40)] = ""


class LookupMatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the front desk may see of a customer: enough to greet them and call their consultant."""

    customer_id: int
    name: str
    phone_masked: str
    owner_id: int | None
    owner_name: str
    status: CustomerStatus
    visits: int
    last_visit_at: AwareDatetime | None


class LookupReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    outcome: LookupOutcome
    matches: list[LookupMatch]
    # Channel reports of this phone still waiting for their 带看 (accepted, window open): the front desk
    # confirms one at registration (RegisterVisitRequest.report_id) when the broker came along.
    reports: list[ReportInfo] = msgspec.field(default_factory=list)


class Skip(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    user_id: int
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class RegisterVisitRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A returning customer by id; a new one by name and phone. A new visitor (or one from the public
    pool) goes to the next consultant in the rotation, passing over `skips`."""

    project_id: int
    customer_id: int | None = None
    name: Annotated[str, msgspec.Meta(max_length=40)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=20)] = ""
    gender: Gender = Gender.UNKNOWN
    party_size: Annotated[int, msgspec.Meta(ge=1, le=50)] = 1
    companions: Annotated[str, msgspec.Meta(max_length=200)] = ""
    arrived_at: AwareDatetime | None = None
    report_id: int | None = None  # confirms the 带看 of this channel report
    skips: Annotated[list[Skip], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""


class VisitInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    customer_id: int
    customer_name: str
    phone_masked: str
    arrived_at: AwareDatetime
    party_size: int
    companions: str
    is_new: bool
    consultant_id: int | None
    consultant_name: str
    report_id: int | None


class RegisterVisitReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    visit: VisitInfo
    outcome: LookupOutcome  # new or returning
    assigned_by_rotation: bool


class VisitList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    visits: list[VisitInfo]


class RotationRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    user_id: int | None = None  # a manager checks someone else in or out; a consultant only themselves


class QueueEntry(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    user_id: int
    name: str
    checked_in: bool
    assigned_today: int
    skipped_today: int
    last_assigned_at: AwareDatetime | None


class RotationQueue(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Checked-in consultants in the order the next visitors will go to them, then those checked out."""

    project_id: int
    day: str
    entries: list[QueueEntry]


class FairnessRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    day_from: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None  # default: today
    day_to: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None


class FairnessRow(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    day: str
    user_id: int
    name: str
    assignments: int
    skips: int
    check_ins: int


class FairnessReport(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rows: list[FairnessRow]


class VisitRegistered(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    visit_id: int


class RotationChanged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int

"""Customer payloads: records, search and paging, follow-ups, the timeline, import/export, settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from shared.protocol.envelope import AwareDatetime
from shared.protocol.errors import ErrorDetail
from shared.protocol.messages.crm_types import (
    CustomerStatus,
    FollowUpKind,
    Gender,
    Intent,
    Scope,
    Source,
)

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Phone = Annotated[str, msgspec.Meta(max_length=20)]
Short = Annotated[str, msgspec.Meta(max_length=40)]
Note = Annotated[str, msgspec.Meta(max_length=500)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=20)]
Budget = Decimal  # 万元, 0 to 1,000,000 (checked by the server: msgspec cannot bound a Decimal)


class CoBuyer(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name
    phone: Phone = ""
    relation: Short = ""  # 配偶, 父母 …


class CreateCustomerRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    name: Name
    phone: Phone
    id_number: Annotated[str, msgspec.Meta(max_length=20)] = ""
    gender: Gender = Gender.UNKNOWN
    source: Source = Source.NATURAL
    intent: Intent = Intent.C
    tags: Tags = msgspec.field(default_factory=list)
    budget_wan: Budget | None = None
    layout: Short = ""
    area: Short = ""
    purpose: Short = ""
    note: Note = ""
    co_buyers: Annotated[list[CoBuyer], msgspec.Meta(max_length=5)] = msgspec.field(default_factory=list)
    referrer_id: int | None = None  # 老带新: the referring customer
    # Managers may give the customer to a consultant (None: the public pool); a consultant always owns
    # the customers they create.
    owner_id: int | None = None


class UpdateCustomerRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """None leaves a field as it is; `version` must be the one read (optimistic locking)."""

    customer_id: int
    version: int
    name: Name | None = None
    phone: Phone | None = None
    id_number: Annotated[str, msgspec.Meta(max_length=20)] | None = None
    gender: Gender | None = None
    source: Source | None = None
    intent: Intent | None = None
    tags: Tags | None = None
    budget_wan: Budget | None = None
    clear_budget: bool = False  # True removes the budget (with budget_wan left None)
    layout: Short | None = None
    area: Short | None = None
    purpose: Short | None = None
    note: Note | None = None
    status: CustomerStatus | None = None
    co_buyers: Annotated[list[CoBuyer], msgspec.Meta(max_length=5)] | None = None


class CustomerInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    project_id: int
    name: str
    # The full number for the owner and managers; masked (138****5678) for a pool customer seen by a consultant.
    phone: str
    id_masked: str  # 110***********1234, or "" when none is on file; customers.reveal_id shows it
    gender: Gender
    source: Source
    intent: Intent
    tags: list[str]
    budget_wan: Decimal | None
    layout: str
    area: str
    purpose: str
    note: str
    owner_id: int | None
    owner_name: str
    status: CustomerStatus
    referrer_id: int | None
    co_buyers: list[CoBuyer]
    last_followup_at: AwareDatetime | None
    next_followup_at: AwareDatetime | None
    created_at: AwareDatetime
    version: int


class CustomerRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    customer_id: int


class RevealIdReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    customer_id: int
    id_number: str


class SearchRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """`query`: a name (prefix), a full phone, a phone prefix, the last 4 digits (optionally with a name:
    "5678 张"), or pinyin initials ("zw"). Pages newest first; pass the previous page's `next_after`."""

    project_id: int
    query: Annotated[str, msgspec.Meta(max_length=40)] = ""
    tags: Tags = msgspec.field(default_factory=list)
    scope: Scope = Scope.ALL
    status: CustomerStatus | None = None
    after_id: int | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 50


class CustomerRow(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    name: str
    phone: str
    intent: Intent
    status: CustomerStatus
    owner_id: int | None
    owner_name: str
    tags: list[str]
    last_followup_at: AwareDatetime | None
    next_followup_at: AwareDatetime | None


class CustomerPage(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rows: list[CustomerRow]
    next_after: int | None


class AssignRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    customer_id: int
    owner_id: int | None  # None: back to the public pool
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class FollowUpRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    customer_id: int
    kind: FollowUpKind
    note: Note = ""
    at: AwareDatetime | None = None  # default: now
    next_at: AwareDatetime | None = None  # the next follow-up's date: a reminder is pushed then


class FollowUpInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    customer_id: int
    user_id: int
    user_name: str
    kind: FollowUpKind
    note: str
    at: AwareDatetime
    next_at: AwareDatetime | None


class ProjectScope(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    limit: Annotated[int, msgspec.Meta(ge=1, le=500)] = 200


class CustomerRows(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rows: list[CustomerRow]


class TimelineItem(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    at: AwareDatetime
    kind: str  # followup.call …, visit, report, attribution, assignment
    text: str
    user_name: str


class Timeline(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    customer: CustomerInfo
    items: list[TimelineItem]


class ImportUploadRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    filename: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    content: bytes  # .xlsx or .csv (UTF-8 or GB18030); the 8 MiB message limit holds 100,000 rows


class ImportStaged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    batch_id: int
    total_rows: int
    valid_rows: int
    duplicate_rows: int  # valid rows whose phone is already a customer's: merged or reported at confirm
    error_count: int
    errors: list[ErrorDetail]  # the first 200; customers.import_report has them all


class ImportConfirmRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    batch_id: int
    merge_duplicates: bool  # True: update the customers on file; False: refuse the import if any exist
    # A file with bad rows is refused unless the user chooses to import only its good rows.
    skip_bad_rows: bool = False


class ImportDone(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    batch_id: int
    created: int
    merged: int


class ImportRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    batch_id: int


class ExportRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    scope: Scope = Scope.ALL


class CrmSettingsInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int
    pool_days: Annotated[int, msgspec.Meta(ge=1, le=365)]


class ProjectRef(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    project_id: int


class ConsultantInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    name: str  # display name
    username: str


class ConsultantList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Active consultants, by name: whom a manager may give a customer to or check into the rotation."""

    consultants: list[ConsultantInfo]


class JobsReport(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pool_returns: int
    reminders: int
    expired_reports: int


class CustomersChanged(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Ids only: the stream reaches everyone, so clients re-read what they may see."""

    project_id: int
    customer_ids: list[int]

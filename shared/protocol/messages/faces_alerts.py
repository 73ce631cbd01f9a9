"""Faces with the CRM: consent and linking a face to a customer, deletion on request, risk alerts, compliance."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Final

import msgspec

from shared.protocol.envelope import AwareDatetime
from shared.protocol.messages.common import Empty
from shared.protocol.spec import CommandSpec, spec

EventId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{32}$")]
Note = Annotated[str, msgspec.Meta(max_length=500)]

# The consent the front desk reads out (or shows) before a face is kept for a customer. A new wording is a
# new version: the client must show the current one, and the server refuses a link made with another.
CONSENT_VERSION: Final = "face-consent/2025-06"
CONSENT_TEXT_ZH: Final = (
    "为便于您再次到访时快速接待并保障您的权益（防止他人冒用您的身份或渠道飞单），本案场将采集并保存您的人脸"
    "特征，仅存储于本案场服务器，不向第三方提供。保存期限为您最后一次到访后 180 天，期满自动删除；"
    "您可随时要求删除。不同意不影响您看房、登记和购房，我们将以手机号登记代替。"
)
CONSENT_TEXT_EN: Final = (
    "To welcome you faster when you return and to protect you (no one else can use your identity, and no agent "
    "can claim your visit), this sales office will record and keep your facial features, on this office's own "
    "server only, never shared. They are deleted automatically 180 days after your last visit, or at any time "
    "you ask. Saying no changes nothing about viewing, registering or buying: we register you by phone instead."
)
RULE_VERSION: Final = "faces-risk/1"


class AlertKind(StrEnum):
    FLY_ORDER = "fly_order"  # 飞单: a channel reported a customer whose face had been seen before the report
    HIDDEN_VISIT = "hidden_visit"  # 藏客: a face at the entrance and no visit registered within N minutes
    FOREIGN_MEETING = "foreign_meeting"  # 藏客: a consultant meeting another consultant's customer
    DUPLICATE_IDENTITY = "duplicate_identity"  # one face, two customers (different phones)


class AlertStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class ConsentText(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    version: str
    text: str
    text_en: str


class LinkRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Keep a face (one event's) for a customer: only with the customer's explicit consent, recorded here."""

    event_id: EventId
    customer_id: int
    consent_version: Annotated[str, msgspec.Meta(max_length=40)]
    consent_given: bool  # False is refused: without consent no face is kept for the customer
    visit_id: int | None = None  # the visit being registered, if any


class LinkReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    linked: bool  # False when the face belongs to another customer (a duplicate-identity alert instead)
    person_id: int | None
    customer_id: int
    consent_id: int
    alerts: list[int]  # alerts this link raised (飞单, duplicate identity)


class StaffEnrolRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A consultant's face (with their consent), so that meetings with another's customer can be seen."""

    event_id: EventId
    user_id: int
    consent_version: Annotated[str, msgspec.Meta(max_length=40)]
    consent_given: bool


class StaffEnrolReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    person_id: int


class ForgetRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Deletion on request (PIPL): the customer's templates, thumbnails and face events go; consent is revoked."""

    customer_id: int
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class ForgetReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    persons_deleted: int
    templates_deleted: int
    events_deleted: int
    consents_revoked: int


class EvidenceFace(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    event_id: str
    camera_id: str
    location: str
    at: AwareDatetime
    similarity: float | None
    thumbnail: bytes  # empty once the event has been purged


class AlertInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    kind: AlertKind
    status: AlertStatus
    rule_version: str
    created_at: AwareDatetime
    summary: str  # Chinese, for the manager
    customer_id: int | None
    customer_name: str
    other_customer_id: int | None  # duplicate identity: the second customer
    other_customer_name: str
    user_id: int | None  # the consultant concerned (foreign meeting)
    user_name: str
    report_id: int | None  # 飞单: the channel report
    reported_at: AwareDatetime | None
    first_seen_at: AwareDatetime | None  # the face's first appearance
    faces: list[EvidenceFace]
    decided_by: str
    decided_at: AwareDatetime | None
    note: str


class AlertsQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    status: AlertStatus | None = AlertStatus.OPEN
    kind: AlertKind | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 50


class AlertList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    alerts: list[AlertInfo]


class DecideAlertRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    alert_id: int
    confirm: bool  # True: the manager confirms the risk; False: dismisses it
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class RunRulesReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    alerts: list[int]


class Compliance(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The compliance page: everything PIPL and the CAC/MPS measures ask an office to know about its faces."""

    stored_faces: int
    anonymous: int
    customers: int
    staff: int
    warn_faces: int
    limit_faces: int
    capacity: str  # ok, warning, limit
    consents_active: int
    consents_revoked: int
    consent_version: str
    customer_retention_days: int
    anonymous_retention_days: int
    oldest_face_seen_at: AwareDatetime | None
    last_purge_at: AwareDatetime | None
    last_purge: str
    views_30d: int  # audited views and exports of face data in the last 30 days
    deletions_30d: int  # deletions on request in the last 30 days
    alerts_open: int
    on_site_only: bool  # templates and thumbnails are in this server's database only


class AlertRaised(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Broadcast: that an alert exists (its id and kind); managers fetch it with faces.alerts."""

    alert_id: int
    kind: AlertKind


COMMANDS: list[CommandSpec] = [
    spec("faces.consent_text", Empty, ConsentText, "The consent wording the front desk must show"),
    spec("faces.link", LinkRequest, LinkReply, "Keep a face for a customer, with recorded consent", mutating=True),
    spec("faces.enrol_staff", StaffEnrolRequest, StaffEnrolReply, "Enrol a consultant's face", mutating=True),
    spec("faces.forget", ForgetRequest, ForgetReply, "Delete a customer's face data on request", mutating=True),
    spec("faces.alerts", AlertsQuery, AlertList, "Risk alerts with their evidence (audited view)"),
    spec("faces.decide_alert", DecideAlertRequest, AlertInfo, "Confirm or dismiss an alert", mutating=True),
    spec("faces.run_rules", Empty, RunRulesReply, "Run the timed risk rules now", mutating=True),
    spec("faces.compliance", Empty, Compliance, "The compliance summary of stored face data"),
]
EVENTS: dict[str, type[msgspec.Struct]] = {"faces.alert": AlertRaised}

"""CRM vocabulary every process agrees on: sources, intent, statuses, visits, rotation, reports, attribution."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    UNKNOWN = "unknown"
    MALE = "male"
    FEMALE = "female"


class Source(StrEnum):
    NATURAL = "natural"  # 自然来访
    CHANNEL = "channel"  # 渠道
    REFERRAL = "referral"  # 老带新
    ONLINE = "online"  # 线上
    OTHER = "other"  # 其他


class Intent(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class CustomerStatus(StrEnum):
    POTENTIAL = "potential"  # 潜在
    VISITED = "visited"  # 到访
    SUBSCRIBED = "subscribed"  # 认购
    SIGNED = "signed"  # 签约
    LOST = "lost"  # 流失


class Scope(StrEnum):
    """Which customers a list shows; the server narrows it further by role."""

    MINE = "mine"
    POOL = "pool"  # 公客池: no owner
    ALL = "all"  # managers: everyone; consultants: their own and the pool


class FollowUpKind(StrEnum):
    CALL = "call"  # 电话
    VISIT = "visit"  # 到访
    WECHAT = "wechat"  # 微信
    VIEWING = "viewing"  # 带看


class LookupOutcome(StrEnum):
    NEW = "new"  # 新客
    RETURNING = "returning"  # 老客 (复访)
    AMBIGUOUS = "ambiguous"  # more than one customer matches: the front desk must ask for more


class RotationEntry(StrEnum):
    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    ASSIGN = "assign"
    SKIP = "skip"


class ReportStatus(StrEnum):
    ACCEPTED = "accepted"  # 有效报备: protected, waiting for 带看
    VISITED = "visited"  # 带看 confirmed by the front desk: protected until protect_until
    REJECTED = "rejected"  # 无效报备, with a reason
    EXPIRED = "expired"  # no 带看 within the visit window, or the protection period ended


class RejectReason(StrEnum):
    EXISTING_CUSTOMER = "existing_customer"  # already a customer of the office
    NATURAL_VISIT = "natural_visit"  # came by themselves within N days
    PROTECTED_BY_OTHER = "protected_by_other"  # another channel's report is still protected
    DUPLICATE = "duplicate"  # the same channel already reported them and it is still protected
    AMBIGUOUS_PHONE = "ambiguous_phone"  # a masked phone that matches more than one customer
    MASKED_NOT_ALLOWED = "masked_not_allowed"  # the rule wants full phone numbers


class PhoneMatch(StrEnum):
    NONE = "none"
    UNIQUE = "unique"
    AMBIGUOUS = "ambiguous"


class AppealDecision(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"  # the original decision stands
    OVERTURNED = "overturned"  # the report becomes accepted


class AttributionKind(StrEnum):
    NATURAL = "natural"  # 自然来访
    CHANNEL = "channel"  # 渠道 X
    REFERRAL = "referral"  # 老带新: referred by customer Y
    UNDECIDED = "undecided"


class EvidenceKind(StrEnum):
    REPORT = "report"  # a channel report
    VISIT = "visit"  # a registered visit
    APPEAL = "appeal"
    DECISION = "decision"  # a manager's ruling
    FACE = "face"  # a face match (appended by the face service)


class CommissionKind(StrEnum):
    PERCENT = "percent"  # of the transaction price
    FIXED = "fixed"  # yuan per transaction

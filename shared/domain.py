"""Domain vocabulary every process agrees on: roles, unit statuses, openings (labels: the client's translations)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # 系统管理员
    SALES_MANAGER = "sales_manager"  # 销售经理
    CONSULTANT = "consultant"  # 置业顾问
    FRONT_DESK = "front_desk"  # 前台
    FINANCE = "finance"  # 财务


class UnitStatus(StrEnum):
    NOT_RELEASED = "not_released"  # 未推
    AVAILABLE = "available"  # 可售
    HELD = "held"  # 锁定
    SUBSCRIBED = "subscribed"  # 认购
    SIGNED = "signed"  # 签约
    SOLD = "sold"  # 已售
    RESERVED = "reserved"  # 保留
    UNAVAILABLE = "unavailable"  # 不可售


class OpeningMode(StrEnum):
    RUSH = "rush"  # 抢购: from T0 every eligible buyer may pick; the first decision wins
    LOTTERY = "lottery"  # 摇号选房: buyers pick in a seeded random order, N seconds each
    REHEARSAL = "rehearsal"  # 公测: like rush, nothing is sold; picks build a demand heat map


class OpeningStatus(StrEnum):
    SCHEDULED = "scheduled"  # created; picks are refused before T0
    RUNNING = "running"
    PAUSED = "paused"
    CLOSED = "closed"


class PickOutcome(StrEnum):
    """The answer to one buyer's pick request; every one is written to the opening's fairness log."""

    ALLOCATED = "allocated"  # got the first still available of the ranked choices
    TAKEN = "taken"  # 已被选: every choice was already taken
    NOT_STARTED = "not_started"
    PAUSED = "paused"
    CLOSED = "closed"
    NOT_YOUR_TURN = "not_your_turn"
    QUOTA_USED = "quota_used"
    NOT_IN_OPENING = "not_in_opening"  # a choice that is not one of this opening's units

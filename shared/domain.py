"""Domain vocabulary every process agrees on: roles and unit statuses (labels live in the client's translations)."""

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

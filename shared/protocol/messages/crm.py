"""Customers, follow-ups, visits and rotation, channel reports, attribution (客户 · 来访 · 渠道报备 · 判客)."""

from __future__ import annotations

import msgspec

from shared.protocol.spec import CommandSpec

COMMANDS: list[CommandSpec] = []
EVENTS: dict[str, type[msgspec.Struct]] = {}

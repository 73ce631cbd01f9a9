"""Browsing the audit trail (read-only: nothing in the protocol can change it)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from shared.protocol.envelope import AwareDatetime


class AuditQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    actor: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    command: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    target_type: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    target_id: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    before_id: int | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=500)] = 100


class AuditRow(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    at: AwareDatetime
    actor_id: int | None
    actor_name: str
    actor_role: str
    command: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    client_addr: str


class AuditPage(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    rows: list[AuditRow]
    next_before_id: int | None

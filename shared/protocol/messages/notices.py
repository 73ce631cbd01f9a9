"""Private notices to one user: the event stream only says that one exists, the content is fetched."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from shared.protocol.envelope import AwareDatetime


class NoticeListRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    unread_only: bool = True
    after_id: int | None = None  # newer than this id
    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] = 50


class NoticeInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    kind: str  # e.g. visit.returning, followup.due, customer.assigned, customer.pooled (see docs)
    payload: dict[str, Any]
    created_at: AwareDatetime
    read_at: AwareDatetime | None


class NoticeList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    notices: list[NoticeInfo]
    unread: int


class MarkReadRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    ids: Annotated[list[int], msgspec.Meta(max_length=500)] = msgspec.field(default_factory=list)
    all: bool = False


class MarkReadReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    marked: int
    unread: int


class NoticeNew(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Broadcast to everyone: only the recipient's id and the notice's id and kind, never its content."""

    user_id: int
    notice_id: int
    kind: str

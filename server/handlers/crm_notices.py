"""notices.list and notices.mark_read: each user reads and marks only their own (server/notices.py)."""

from __future__ import annotations

from server.context import Context
from server.notices import list_notices, mark_read
from server.permissions import Permission
from server.router import Router
from shared.protocol.messages.notices import MarkReadReply, MarkReadRequest, NoticeList, NoticeListRequest


def register(router: Router) -> None:
    @router.command("notices.list", Permission.SIGNED_IN)
    def list_mine(ctx: Context, req: NoticeListRequest) -> NoticeList:
        return list_notices(ctx.db, ctx.user.user_id, req)

    @router.command("notices.mark_read", Permission.SIGNED_IN)
    def mark_mine(ctx: Context, req: MarkReadRequest) -> MarkReadReply:
        reply = mark_read(ctx.db, ctx.user.user_id, req)
        ctx.audit("notices", ctx.user.user_id, None, {"marked": reply.marked, "all": req.all})
        return reply

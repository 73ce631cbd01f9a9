"""Browsing the audit trail. There is deliberately no command that writes, changes or deletes it."""

from __future__ import annotations

from sqlalchemy import select

from server.context import Context
from server.db.models import AuditEntry
from server.permissions import Permission
from server.router import Router
from shared.protocol.messages.audit import AuditPage, AuditQuery, AuditRow


def register(router: Router) -> None:
    @router.command("audit.query", Permission.AUDIT_READ)
    def query(ctx: Context, req: AuditQuery) -> AuditPage:
        stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(req.limit + 1)
        if req.actor:
            stmt = stmt.where(AuditEntry.actor_name == req.actor)
        if req.command:
            stmt = stmt.where(AuditEntry.command.startswith(req.command, autoescape=True))
        if req.target_type:
            stmt = stmt.where(AuditEntry.target_type == req.target_type)
        if req.target_id:
            stmt = stmt.where(AuditEntry.target_id == req.target_id)
        if req.since:
            stmt = stmt.where(AuditEntry.at >= req.since)
        if req.until:
            stmt = stmt.where(AuditEntry.at < req.until)
        if req.before_id is not None:
            stmt = stmt.where(AuditEntry.id < req.before_id)
        entries = list(ctx.db.scalars(stmt))
        more = len(entries) > req.limit
        entries = entries[: req.limit]
        rows = [
            AuditRow(
                id=e.id,
                at=e.at,
                actor_id=e.actor_id,
                actor_name=e.actor_name,
                actor_role=e.actor_role,
                command=e.command,
                target_type=e.target_type,
                target_id=e.target_id,
                before=e.before,
                after=e.after,
                client_addr=e.client_addr,
            )
            for e in entries
        ]
        return AuditPage(rows=rows, next_before_id=entries[-1].id if more else None)

"""What a handler gets: its database transaction, who is asking, and ways to audit and publish."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy.orm import Session

from server.db.models import AuditEntry
from server.sessions import Actor
from shared.protocol.messages.system import JobProgress

if TYPE_CHECKING:
    from server.runtime import Runtime


def snapshot(obj: Any) -> dict[str, Any] | None:
    """A JSON-able picture of a struct or dict, for audit before/after."""
    if obj is None:
        return None
    result = msgspec.to_builtins(obj, str_keys=True)
    assert isinstance(result, dict)
    return result


@dataclass
class Context:
    runtime: Runtime
    command: str
    client_addr: str
    actor: Actor | None
    idem: str | None
    # The command's transaction. Read-only commands open one on first use (ping and hello never do).
    session: Session | None = None
    events: list[tuple[str, msgspec.Struct]] = field(default_factory=list)
    on_commit: list[Callable[[], None]] = field(default_factory=list)
    audited: bool = False

    @property
    def db(self) -> Session:
        if self.session is None:
            self.session = self.runtime.db()
        return self.session

    def close(self) -> None:
        if self.session is not None:
            self.session.close()

    @property
    def user(self) -> Actor:
        assert self.actor is not None, "handler needs a session"
        return self.actor

    def audit(
        self,
        target_type: str,
        target_id: object,
        before: Any,
        after: Any,
        *,
        actor_name: str | None = None,
        actor_role: str | None = None,
        actor_id: int | None = None,
        db: Session | None = None,
    ) -> None:
        """Adds an audit row to this command's transaction: it exists exactly when the change does.

        `db` names another transaction, for facts that must stand even when the command fails
        (a failed sign-in).
        """
        (db or self.db).add(
            AuditEntry(
                actor_id=self.actor.user_id if self.actor else actor_id,
                actor_name=self.actor.username if self.actor else (actor_name or "-"),
                actor_role=self.actor.role.value if self.actor else (actor_role or "-"),
                command=self.command,
                target_type=target_type,
                target_id=str(target_id),
                before=snapshot(before),
                after=snapshot(after),
                client_addr=self.client_addr,
                idem_key=self.idem,
            )
        )
        self.audited = True

    def publish(self, event_type: str, payload: msgspec.Struct) -> None:
        """Queued until the transaction commits: clients only hear of durable facts."""
        self.events.append((event_type, payload))

    def after_commit(self, fn: Callable[[], None]) -> None:
        self.on_commit.append(fn)

    def progress(self, stage: str, done: int, total: int) -> None:
        """Sent at once (not transactional): progress of a long command, keyed by its idempotency key."""
        if self.idem:
            self.runtime.outbox.publish("job.progress", JobProgress(job=self.idem, stage=stage, done=done, total=total))

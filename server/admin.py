"""`showroom admin …`: maintenance that runs on the server machine, straight against the database."""

from __future__ import annotations

import getpass
import os

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db.models import AuditEntry, User
from server.passwords import check_policy, hash_password
from shared.domain import Role
from shared.protocol.errors import ErrorCode, ShowroomError

CLI_ACTOR = f"cli:{getpass.getuser()}"


def _audit(db: Session, command: str, user: User, before: dict[str, object] | None, after: dict[str, object]) -> None:
    db.add(
        AuditEntry(
            actor_id=None,
            actor_name=CLI_ACTOR[:40],
            actor_role="cli",
            command=command,
            target_type="user",
            target_id=str(user.id),
            before=before,
            after=after,
            client_addr=f"local pid {os.getpid()}",
        )
    )


def create_user(
    db: Session, username: str, display_name: str, role: Role, password: str, *, must_change: bool = True
) -> User:
    if db.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise ShowroomError(ErrorCode.CONFLICT, f"用户名 {username} 已存在", f"User name {username} is taken")
    check_policy(password, username)
    user = User(
        username=username,
        display_name=display_name,
        role=role.value,
        password_hash=hash_password(password),
        active=True,
        must_change_password=must_change,
        failed_logins=0,
    )
    db.add(user)
    db.flush()
    _audit(db, "admin.create_user", user, None, {"username": username, "role": role.value})
    return user


def reset_password(db: Session, username: str, password: str) -> User:
    user = db.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"用户 {username} 不存在", f"No user {username}")
    check_policy(password, username)
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    user.active = True
    _audit(db, "admin.reset_password", user, None, {"password": "reset", "unlocked": True})
    return user

"""Sign-in with lockout, sign-out, who am I, change one's own password."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from server.context import Context
from server.db.models import User, UserSession
from server.passwords import check_policy, hash_password, verify_password
from server.permissions import Permission
from server.router import Router
from shared.protocol.envelope import utcnow
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.auth import ChangePasswordRequest, LoginReply, LoginRequest, UserInfo
from shared.protocol.messages.common import Empty


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,  # type: ignore[arg-type]  # validated by the table's CHECK constraint
        active=user.active,
        must_change_password=user.must_change_password,
        locked_until=user.locked_until,
        created_at=user.created_at,
    )


def _record_failure(ctx: Context, user: User | None, username: str, reason: str) -> None:
    """In its own transaction: the failure counts even though the command itself fails."""
    settings = ctx.runtime.settings
    with ctx.runtime.db() as db, db.begin():
        after: dict[str, object] = {"result": reason}
        if user is not None and reason == "wrong_password":
            failures = db.execute(
                update(User)
                .where(User.id == user.id)
                .values(failed_logins=User.failed_logins + 1)
                .returning(User.failed_logins)
            ).scalar_one()
            after["failed_logins"] = failures
            if failures >= settings.lockout_failures:
                until = utcnow() + timedelta(minutes=settings.lockout_minutes)
                db.execute(update(User).where(User.id == user.id).values(locked_until=until, failed_logins=0))
                after["locked_until"] = until.isoformat()
        ctx.audit(
            "user",
            user.id if user else username[:80],
            None,
            after,
            actor_name=username[:40],
            actor_id=user.id if user else None,
            actor_role=user.role if user else None,
            db=db,
        )


def register(router: Router) -> None:
    @router.command("auth.login", Permission.PUBLIC, replay=False)
    def login(ctx: Context, req: LoginRequest) -> LoginReply:
        user = ctx.db.scalars(select(User).where(User.username == req.username)).first()
        now = utcnow()
        if user is not None and user.locked_until is not None and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            _record_failure(ctx, user, req.username, "locked")
            raise ShowroomError(
                ErrorCode.ACCOUNT_LOCKED,
                f"账号已锁定，请 {minutes} 分钟后再试",
                f"The account is locked; try again in {minutes} min",
            )
        if not verify_password(user.password_hash if user else None, req.password) or user is None:
            _record_failure(ctx, user, req.username, "wrong_password" if user else "unknown_user")
            raise ShowroomError(ErrorCode.INVALID_CREDENTIALS)
        if not user.active:
            _record_failure(ctx, user, req.username, "disabled")
            raise ShowroomError(ErrorCode.ACCOUNT_DISABLED)
        user.failed_logins = 0
        user.locked_until = None
        token, actor = ctx.runtime.sessions.issue(ctx.db, user, ctx.client_addr)
        ctx.audit(
            "user",
            user.id,
            None,
            {"result": "signed_in"},
            actor_name=user.username,
            actor_id=user.id,
            actor_role=user.role,
        )
        ctx.after_commit(lambda: ctx.runtime.sessions.remember(actor))
        return LoginReply(token=token, user=user_info(user), expires_at=actor.expires_at)

    @router.command("auth.logout", Permission.SIGNED_IN)
    def logout(ctx: Context, req: Empty) -> Empty:
        ctx.runtime.sessions.revoke(ctx.db, ctx.user.token_hash)
        ctx.audit("user", ctx.user.user_id, {"session": "open"}, {"session": "closed"})
        ctx.after_commit(lambda: ctx.runtime.sessions.forget(ctx.user.token_hash))
        return Empty()

    @router.command("auth.whoami", Permission.SIGNED_IN)
    def whoami(ctx: Context, req: Empty) -> UserInfo:
        return user_info(ctx.db.get_one(User, ctx.user.user_id))

    @router.command("auth.change_password", Permission.SIGNED_IN)
    def change_password(ctx: Context, req: ChangePasswordRequest) -> Empty:
        user = ctx.db.get_one(User, ctx.user.user_id)
        if not verify_password(user.password_hash, req.old_password):
            # Counts towards the lockout: an unattended signed-in PC is no way to guess the password.
            _record_failure(ctx, user, user.username, "wrong_password")
            raise ShowroomError(ErrorCode.INVALID_CREDENTIALS, "原密码错误", "The current password is wrong")
        if req.new_password == req.old_password:
            raise ShowroomError(ErrorCode.WEAK_PASSWORD, "新密码不能与原密码相同", "The new password must differ")
        check_policy(req.new_password, user.username)
        user.password_hash = hash_password(req.new_password)
        user.must_change_password = False
        # Every other session of this user ends; this one goes on.
        ctx.db.execute(
            update(UserSession)
            .where(
                UserSession.user_id == user.id,
                UserSession.token_hash != ctx.user.token_hash,
                UserSession.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )
        ctx.after_commit(lambda: ctx.runtime.sessions.forget_user(user.id, keep=ctx.user.token_hash))
        ctx.audit("user", user.id, {"password": "old"}, {"password": "changed", "other_sessions": "ended"})
        return Empty()

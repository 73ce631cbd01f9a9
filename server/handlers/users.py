"""User administration: create, rename, change role, disable, reset password (admins only)."""

from __future__ import annotations

from sqlalchemy import func, select

from server.context import Context
from server.db.models import User
from server.handlers.auth import user_info
from server.passwords import check_policy, hash_password
from server.permissions import Permission
from server.router import Router
from shared.domain import Role
from shared.protocol.errors import ErrorCode, ShowroomError
from shared.protocol.messages.auth import (
    CreateUserRequest,
    ResetPasswordRequest,
    SetUserActiveRequest,
    UpdateUserRequest,
    UserInfo,
    UserList,
)
from shared.protocol.messages.common import Empty

# Key of the PostgreSQL advisory lock that serialises the last-admin check.
ADMIN_CHECK_LOCK = 7_310_001


def _get_user(ctx: Context, user_id: int) -> User:
    user = ctx.db.get(User, user_id, with_for_update=True)
    if user is None:
        raise ShowroomError(ErrorCode.NOT_FOUND, f"用户 {user_id} 不存在", f"No user {user_id}")
    return user


def _keep_an_admin(ctx: Context, user: User) -> None:
    """Refuses a change that would leave no active administrator to sign in."""
    # One such check at a time (until commit): two admins demoting each other at once would each
    # still count the other, and both would win.
    ctx.db.execute(select(func.pg_advisory_xact_lock(ADMIN_CHECK_LOCK)))
    others = ctx.db.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active, User.id != user.id)
    )
    if user.role == Role.ADMIN.value and user.active and not others:
        raise ShowroomError(
            ErrorCode.CONFLICT, "至少需要保留一名启用的系统管理员", "At least one active administrator must remain"
        )


def _end_sessions(ctx: Context, user_id: int) -> None:
    ctx.runtime.sessions.revoke_user(ctx.db, user_id)
    ctx.after_commit(lambda: ctx.runtime.sessions.forget_user(user_id))


def register(router: Router) -> None:
    @router.command("users.list", Permission.USERS_MANAGE)
    def list_users(ctx: Context, req: Empty) -> UserList:
        return UserList(users=[user_info(u) for u in ctx.db.scalars(select(User).order_by(User.id))])

    @router.command("users.create", Permission.USERS_MANAGE)
    def create(ctx: Context, req: CreateUserRequest) -> UserInfo:
        if ctx.db.scalar(select(User.id).where(func.lower(User.username) == req.username.lower())):
            raise ShowroomError(
                ErrorCode.CONFLICT, f"用户名 {req.username} 已存在", f"User name {req.username} is taken"
            )
        check_policy(req.password, req.username)
        user = User(
            username=req.username,
            display_name=req.display_name,
            role=req.role.value,
            password_hash=hash_password(req.password),
            active=True,
            must_change_password=True,
            failed_logins=0,
        )
        ctx.db.add(user)
        ctx.db.flush()
        info = user_info(user)
        ctx.audit("user", user.id, None, info)
        return info

    @router.command("users.update", Permission.USERS_MANAGE)
    def update_user(ctx: Context, req: UpdateUserRequest) -> UserInfo:
        user = _get_user(ctx, req.user_id)
        before = user_info(user)
        if req.role is not None and req.role.value != user.role:
            _keep_an_admin(ctx, user)
            user.role = req.role.value
            _end_sessions(ctx, user.id)  # permissions come from the role: sign in again to get the new ones
        if req.display_name is not None:
            user.display_name = req.display_name
        ctx.db.flush()
        after = user_info(user)
        ctx.audit("user", user.id, before, after)
        return after

    @router.command("users.set_active", Permission.USERS_MANAGE)
    def set_active(ctx: Context, req: SetUserActiveRequest) -> UserInfo:
        user = _get_user(ctx, req.user_id)
        before = user_info(user)
        if not req.active:
            _keep_an_admin(ctx, user)
            _end_sessions(ctx, user.id)
        else:
            user.failed_logins = 0
            user.locked_until = None
        user.active = req.active
        ctx.db.flush()
        after = user_info(user)
        ctx.audit("user", user.id, before, after)
        return after

    @router.command("users.reset_password", Permission.USERS_MANAGE)
    def reset_password(ctx: Context, req: ResetPasswordRequest) -> Empty:
        user = _get_user(ctx, req.user_id)
        check_policy(req.new_password, user.username)
        user.password_hash = hash_password(req.new_password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        _end_sessions(ctx, user.id)
        ctx.audit("user", user.id, {"password": "old"}, {"password": "reset", "must_change_password": True})
        return Empty()

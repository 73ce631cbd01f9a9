"""Sign-in, sessions and users."""

from __future__ import annotations

from typing import Annotated

import msgspec

from shared.domain import Role
from shared.protocol.envelope import AwareDatetime

Username = Annotated[str, msgspec.Meta(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$")]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Password = Annotated[str, msgspec.Meta(max_length=200)]


class UserInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_password: bool
    locked_until: AwareDatetime | None
    created_at: AwareDatetime


class LoginRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(max_length=40)]
    password: Password


class LoginReply(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    token: str
    user: UserInfo
    expires_at: AwareDatetime


class ChangePasswordRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    old_password: Password
    new_password: Password


class UserList(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    users: list[UserInfo]


class CreateUserRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    username: Username
    display_name: DisplayName
    role: Role
    password: Password


class UpdateUserRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    user_id: int
    display_name: DisplayName | None = None
    role: Role | None = None


class SetUserActiveRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    user_id: int
    active: bool


class ResetPasswordRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    user_id: int
    new_password: Password

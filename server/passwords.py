"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.protocol.errors import ErrorCode, ShowroomError

_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps timing the same for unknown names.
_DUMMY_HASH = _hasher.hash("showroom-dummy-password")
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        # bool(): an empty stored hash must not make the dummy's (public) password valid.
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def check_policy(password: str, username: str = "") -> None:
    problems: list[tuple[str, str]] = []
    if len(password) < MIN_LENGTH:
        problems.append((f"至少 {MIN_LENGTH} 个字符", f"at least {MIN_LENGTH} characters"))
    if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        problems.append(("须同时包含字母和数字", "must contain letters and digits"))
    if username and username.lower() in password.lower():
        problems.append(("不能包含用户名", "must not contain the user name"))
    if problems:
        raise ShowroomError(
            ErrorCode.WEAK_PASSWORD,
            "密码不符合要求：" + "；".join(p[0] for p in problems),
            "Password policy: " + "; ".join(p[1] for p in problems),
        )

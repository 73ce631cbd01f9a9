"""argon2id hashing and the password policy."""

from __future__ import annotations

import pytest

from server.passwords import MIN_LENGTH, check_policy, hash_password, verify_password
from shared.protocol.errors import ErrorCode, ShowroomError


def test_hash_is_argon2id_and_salted() -> None:
    first, second = hash_password("Correct-Horse-9"), hash_password("Correct-Horse-9")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt every time
    assert "Correct-Horse-9" not in first


def test_verify_accepts_the_right_password_only() -> None:
    hashed = hash_password("Correct-Horse-9")
    assert verify_password(hashed, "Correct-Horse-9")
    assert not verify_password(hashed, "correct-horse-9")
    assert not verify_password(hashed, "Correct-Horse-9 ")
    assert not verify_password(hashed, "")


def test_verify_without_a_hash_is_always_false() -> None:
    # An unknown user: verification still runs (same timing) but never succeeds, whatever the password.
    assert not verify_password(None, "showroom-dummy-password")
    assert not verify_password(None, "anything")
    assert not verify_password("", "showroom-dummy-password")


def test_verify_with_a_corrupt_hash_is_false() -> None:
    assert not verify_password("not-a-hash", "whatever1")
    assert not verify_password("$argon2id$v=19$m=65536,t=3,p=4$broken", "whatever1")


def test_unicode_passwords() -> None:
    hashed = hash_password("密码Mima2026")
    assert verify_password(hashed, "密码Mima2026")
    assert not verify_password(hashed, "密码Mima2025")


@pytest.mark.parametrize("password", ["Passw0rd-Test", "abcdefg1", "12345678a", "长密码abc12345"])
def test_policy_accepts_good_passwords(password: str) -> None:
    check_policy(password, "zhangsan")


@pytest.mark.parametrize(
    ("password", "username", "reason"),
    [
        ("Ab1", "", f"at least {MIN_LENGTH}"),
        ("abc123x", "", f"at least {MIN_LENGTH}"),  # one short of the minimum
        ("abcdefghij", "", "letters and digits"),
        ("1234567890", "", "letters and digits"),
        ("密码密码密码密码12", "", "letters and digits"),  # CJK characters are not latin letters
        ("", "", f"at least {MIN_LENGTH}"),
        ("zhangsan2026", "zhangsan", "user name"),
        ("xxZHANGSAN99", "ZhangSan", "user name"),  # case-insensitive
    ],
)
def test_policy_rejects_weak_passwords(password: str, username: str, reason: str) -> None:
    with pytest.raises(ShowroomError) as err:
        check_policy(password, username)
    assert err.value.code is ErrorCode.WEAK_PASSWORD
    assert reason in err.value.message_en
    assert err.value.message.startswith("密码不符合要求")


def test_policy_lists_every_problem() -> None:
    with pytest.raises(ShowroomError) as err:
        check_policy("lisi", "lisi")
    en = err.value.message_en
    assert f"at least {MIN_LENGTH}" in en
    assert "letters and digits" in en
    assert "user name" in en

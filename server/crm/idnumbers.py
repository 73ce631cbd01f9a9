"""Resident ID numbers 身份证号: validated (stdnum.cn.ric), AES-GCM encrypted at rest, HMAC for lookups, masked.

The key file (`<data>/crm_id.key`, 64 random bytes, mode 0600) is made on first use: the first half is the
AES-256 key, the second the HMAC key. Back it up with the database: without it no ID number can be read.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from shared.protocol.errors import ErrorCode, ErrorDetail, ShowroomError

KEY_FILE = "crm_id.key"
_AAD = b"showroom/customer-id/1"
_vaults: dict[Path, IdVault] = {}
_lock = threading.Lock()


class BadIdNumber(ValueError):
    def detail(self, row: int | None = None) -> ErrorDetail:
        return ErrorDetail(row=row, field="id_number", message="身份证号无效", message_en=f"Invalid ID number: {self}")

    def error(self) -> ShowroomError:
        return ShowroomError(ErrorCode.VALIDATION_FAILED, "身份证号无效", "Invalid ID number", [self.detail()])


def normalize(raw: str) -> str:
    """The 18-character form with an upper-case check letter; raises BadIdNumber."""
    try:
        number = ric.validate(raw.strip())
    except ValidationError as exc:
        raise BadIdNumber(str(exc)) from None
    if len(number) != 18:
        raise BadIdNumber("only 18-digit numbers are accepted")
    return str(number).upper()


def mask(number: str) -> str:
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}" if number else ""


class IdVault:
    def __init__(self, key: bytes) -> None:
        assert len(key) == 64
        self._aes = AESGCM(key[:32])
        self._mac_key = key[32:]

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> IdVault:
        with _lock:
            vault = _vaults.get(data_dir)
            if vault is None:
                vault = _vaults[data_dir] = cls(_load_or_create(data_dir / KEY_FILE))
            return vault

    def encrypt(self, number: str) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + self._aes.encrypt(nonce, number.encode("ascii"), _AAD)

    def decrypt(self, blob: bytes) -> str:
        return self._aes.decrypt(blob[:12], blob[12:], _AAD).decode("ascii")

    def digest(self, number: str) -> str:
        return hmac.new(self._mac_key, number.encode("ascii"), hashlib.sha256).hexdigest()


def _load_or_create(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(64)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes()
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key

"""Phones, ID numbers (validation, encryption, HMAC, masking), pinyin initials, the ledger's hash chain."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from server.crm import idnumbers, phones
from server.crm.idnumbers import IdVault
from server.crm.ledger import verify
from server.crm.names import initials
from server.engine.fairness import chain_hash
from server.engine.state import GENESIS


@pytest.mark.parametrize(
    "raw", ["13812345678", "+86 138 1234 5678", "86-138-1234-5678", "138 1234 5678", "+8613812345678"]
)
def test_mainland_mobiles_normalise_to_11_digits(raw: str) -> None:
    assert phones.normalize(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["", "12345", "1381234567", "23812345678", "+1 650 253 0000", "010-12345678", "abc"])
def test_other_numbers_are_refused_with_a_chinese_reason(raw: str) -> None:
    with pytest.raises(phones.BadPhone) as err:
        phones.normalize(raw)
    assert err.value.zh and err.value.en


def test_reported_phones_full_or_masked() -> None:
    full = phones.parse_reported("13812345678")
    assert (full.full, full.first3, full.last4, full.masked) == ("13812345678", "138", "5678", False)
    for masked in ("138****5678", "138xxxx5678", "138＊＊＊＊5678"):
        r = phones.parse_reported(masked)
        assert (r.full, r.first3, r.last4, r.masked) == (None, "138", "5678", True)
    assert phones.mask("13812345678") == "138****5678"


def test_id_numbers_validate_mask_encrypt_and_hash(tmp_path: Path) -> None:
    number = idnumbers.normalize("11010519491231002x")
    assert number == "11010519491231002X"
    assert idnumbers.mask(number) == "110***********002X"
    with pytest.raises(idnumbers.BadIdNumber):
        idnumbers.normalize("110105194912310021")  # wrong check digit
    vault = IdVault.for_data_dir(tmp_path)
    key = tmp_path / idnumbers.KEY_FILE
    assert oct(key.stat().st_mode & 0o777) == oct(0o600)
    blob = vault.encrypt(number)
    assert number.encode() not in blob and vault.encrypt(number) != blob  # a fresh nonce each time
    assert vault.decrypt(blob) == number
    assert vault.digest(number) == vault.digest(number) and len(vault.digest(number)) == 64
    other = IdVault(os.urandom(64))
    assert other.digest(number) != vault.digest(number)
    with pytest.raises(InvalidTag):
        other.decrypt(blob)
    assert IdVault.for_data_dir(tmp_path).decrypt(blob) == number  # the key file is reused


def test_pinyin_initials() -> None:
    assert initials("张伟") == "zw"
    assert initials("欧阳娜娜") == "oynn"
    assert initials("Li 明") == "lm"


def test_ledger_chain_verifies_and_detects_tampering() -> None:
    rows = []
    prev = GENESIS
    for seq in (1, 2, 3):
        rec = {
            "customer_id": 1,
            "seq": seq,
            "at": datetime(2026, 5, seq, tzinfo=UTC).isoformat(),
            "kind": "natural",
            "channel_id": None,
            "referrer_id": None,
            "reason": "x",
            "evidence": [],
            "actor_id": 1,
        }
        digest = chain_hash(prev, rec)
        rows.append((rec, prev, digest))
        prev = digest
    assert verify(rows) == []
    changed = [(dict(rows[0][0], kind="channel"), rows[0][1], rows[0][2]), *rows[1:]]
    assert any("hash" in p for p in verify(changed))
    assert verify([rows[0], rows[2]])  # a dropped row

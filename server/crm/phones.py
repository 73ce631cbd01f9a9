"""Mainland mobile numbers: validated with phonenumbers, kept as 11 digits; masked 前三后四 forms for reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from shared.protocol.errors import ErrorCode, ErrorDetail, ShowroomError

MASKED = re.compile(r"^(1\d{2})[*＊xX]{4}(\d{4})$")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class BadPhone(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def detail(self, field: str = "phone", row: int | None = None) -> ErrorDetail:
        return ErrorDetail(row=row, field=field, message=self.zh, message_en=self.en)

    def error(self, field: str = "phone") -> ShowroomError:
        return ShowroomError(ErrorCode.VALIDATION_FAILED, self.zh, self.en, [self.detail(field)])


def normalize(raw: str) -> str:
    """13812345678, +86 138-1234-5678, 86 13812345678 → 13812345678; anything else raises BadPhone."""
    text = raw.strip()
    if not text:
        raise BadPhone("手机号不能为空", "The phone number is empty")
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException:
        raise BadPhone(f"手机号“{text}”无法识别", f"{text!r} is not a phone number") from None
    national = str(number.national_number)
    if (
        number.country_code != 86
        or len(national) != 11
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise BadPhone(f"“{text}”不是有效的中国大陆手机号", f"{text!r} is not a valid mainland mobile number")
    return national


@dataclass(frozen=True, slots=True)
class Reported:
    """A phone as a channel reported it: the full number, or only its first 3 and last 4 digits."""

    full: str | None
    first3: str
    last4: str

    @property
    def masked(self) -> bool:
        return self.full is None


def parse_reported(raw: str) -> Reported:
    m = MASKED.match(raw.strip().replace(" ", ""))
    if m:
        return Reported(None, m.group(1), m.group(2))
    full = normalize(raw)
    return Reported(full, full[:3], full[-4:])


def mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "****"

"""Stable error codes with their Chinese and English messages, and the one error type that carries them."""

from __future__ import annotations

from enum import StrEnum

import msgspec


class ErrorCode(StrEnum):
    MALFORMED = "malformed"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_COMMAND = "unknown_command"
    INVALID_PAYLOAD = "invalid_payload"
    TOO_LARGE = "too_large"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INVALID_CREDENTIALS = "invalid_credentials"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_DISABLED = "account_disabled"
    WEAK_PASSWORD = "weak_password"  # noqa: S105 - an error code, not a password
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    VALIDATION_FAILED = "validation_failed"
    IMPORT_REJECTED = "import_rejected"
    INVALID_TRANSITION = "invalid_transition"
    SHUTTING_DOWN = "shutting_down"
    INTERNAL = "internal"


# (中文, English): the default human message for each code; a raise may give a more precise one.
MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.MALFORMED: ("消息格式错误", "The message could not be decoded"),
    ErrorCode.UNSUPPORTED_VERSION: ("协议版本不受支持", "Unsupported protocol version"),
    ErrorCode.UNKNOWN_COMMAND: ("未知命令", "Unknown command"),
    ErrorCode.INVALID_PAYLOAD: ("命令参数无效", "The command's payload is invalid"),
    ErrorCode.TOO_LARGE: ("消息过大", "The message is too large"),
    ErrorCode.UNAUTHENTICATED: ("未登录或会话已过期", "Not signed in, or the session has expired"),
    ErrorCode.FORBIDDEN: ("无权执行此操作", "You are not allowed to do this"),
    ErrorCode.IDEMPOTENCY_KEY_REQUIRED: ("修改类命令必须带幂等键", "A mutating command needs an idempotency key"),
    ErrorCode.IDEMPOTENCY_KEY_REUSED: ("幂等键已用于其他命令", "The idempotency key was used for another command"),
    ErrorCode.INVALID_CREDENTIALS: ("用户名或密码错误", "Wrong user name or password"),
    ErrorCode.ACCOUNT_LOCKED: ("账号已锁定，请稍后再试", "The account is locked; try again later"),
    ErrorCode.ACCOUNT_DISABLED: ("账号已停用", "The account is disabled"),
    ErrorCode.WEAK_PASSWORD: ("密码不符合要求", "The password does not meet the policy"),
    ErrorCode.NOT_FOUND: ("对象不存在", "Not found"),
    ErrorCode.CONFLICT: ("与现有数据冲突", "Conflicts with existing data"),
    ErrorCode.VALIDATION_FAILED: ("数据校验失败", "Validation failed"),
    ErrorCode.IMPORT_REJECTED: ("导入文件有错误，未导入任何数据", "The file has errors; nothing was imported"),
    ErrorCode.INVALID_TRANSITION: ("房源当前状态不允许此操作", "The unit's status does not allow this"),
    ErrorCode.SHUTTING_DOWN: ("服务器正在关闭", "The server is shutting down"),
    ErrorCode.INTERNAL: ("服务器内部错误", "Internal server error"),
}


class ErrorDetail(msgspec.Struct, kw_only=True, frozen=True):
    """One precise problem: a field, a spreadsheet row, or both."""

    message: str
    message_en: str
    row: int | None = None
    field: str | None = None


class ErrorBody(msgspec.Struct, kw_only=True, frozen=True):
    code: ErrorCode
    message: str
    message_en: str
    details: list[ErrorDetail] = msgspec.field(default_factory=list)


class ShowroomError(Exception):
    """Raised anywhere in the server to become an `error` reply with a stable code."""

    def __init__(
        self,
        code: ErrorCode,
        message: str | None = None,
        message_en: str | None = None,
        details: list[ErrorDetail] | None = None,
    ) -> None:
        zh, en = MESSAGES[code]
        self.code = code
        self.message = message or zh
        self.message_en = message_en or en
        self.details = details or []
        super().__init__(f"{code}: {self.message_en}")

    def body(self) -> ErrorBody:
        return ErrorBody(code=self.code, message=self.message, message_en=self.message_en, details=self.details)

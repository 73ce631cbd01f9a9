"""The 认筹 list of an opening: its Excel template, and reading it back row by row."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import phonenumbers
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from server.excel.units import _RowErrors, _text
from shared.protocol.errors import ErrorDetail

MAX_BUYERS = 50_000
MAX_QUOTA = 10
COLUMNS: tuple[tuple[str, str, object], ...] = (
    ("姓名 Name", "name", "张三"),
    ("手机号 Phone", "phone", "13812345678"),
    ("认筹号 Ticket", "ticket_no", "A0001"),
    ("可选套数 Units allowed", "quota", 1),
    ("选房顺序 Order (optional)", "order", ""),
)


@dataclass(frozen=True, slots=True)
class BuyerRow:
    row: int
    name: str
    phone: str
    ticket_no: str
    quota: int
    order: int | None


def normalise_phone(text: str) -> str | None:
    """A mainland mobile number as 11 digits, or None."""
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return str(number.national_number)


def build_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "认筹名单 Buyers"
    ws.append([c[0] for c in COLUMNS])
    ws.append([c[2] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for col in "ABCDE":
        ws.column_dimensions[col].width = 22
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明 Notes")
    for line in (
        "每行一位认筹客户；第一行是表头，请勿修改。One buyer per row; keep the header row.",
        "客户在选房终端用“手机号 + 认筹号”登录。Buyers sign in with phone number + ticket number.",
        f"可选套数为 1–{MAX_QUOTA} 的整数。Units allowed: a whole number 1-{MAX_QUOTA}.",
        "摇号选房：全部填写选房顺序则按导入顺序，留空则由系统按随机种子摇号并记录。"
        "Lottery: fill every order cell to import an order, or leave all empty for a seeded, recorded draw.",
        "任何一行有错误时整个文件都不会导入。If any row is wrong, nothing is imported.",
    ):
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _parse_row(n: int, values: dict[str, object], errors: _RowErrors) -> BuyerRow | None:
    before = len(errors.items)
    name = _text(values["name"])
    if not 1 <= len(name) <= 60:
        errors.add(n, "name", "姓名不能为空，且不超过 60 个字", "The name is empty or longer than 60 characters")
    phone = normalise_phone(_text(values["phone"]))
    if phone is None:
        errors.add(n, "phone", f"手机号无效：{_text(values['phone'])[:20]}", "Not a valid mainland mobile number")
    ticket = _text(values["ticket_no"])
    if not 1 <= len(ticket) <= 30:
        errors.add(n, "ticket_no", "认筹号不能为空，且不超过 30 个字符", "The ticket number is empty or too long")
    quota_text = _text(values["quota"]) or "1"
    quota = int(quota_text) if quota_text.isdigit() else 0
    if not 1 <= quota <= MAX_QUOTA:
        errors.add(n, "quota", f"可选套数须为 1–{MAX_QUOTA} 的整数", f"Units allowed must be 1-{MAX_QUOTA}")
    order_text = _text(values["order"])
    order = int(order_text) if order_text.isdigit() else None
    if order_text and order is None:
        errors.add(n, "order", "选房顺序须为正整数", "The order must be a whole number")
    if len(errors.items) > before or phone is None:
        return None
    return BuyerRow(row=n, name=name, phone=phone, ticket_no=ticket, quota=quota, order=order)


def parse_buyers(content: bytes) -> tuple[list[BuyerRow], list[ErrorDetail]]:
    """Every row checked; the caller imports only when the error list is empty."""
    errors = _RowErrors()
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        errors.add(None, None, "无法读取文件：请使用 .xlsx 格式的认筹名单模板", f"Cannot read the file as .xlsx: {exc}")
        return [], errors.items
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    expected = [c[0] for c in COLUMNS]
    if header[: len(expected)] != expected:
        errors.add(
            1, None, "表头与认筹名单模板不一致，请下载最新模板", f"The header row must be: {' | '.join(expected)}"
        )
        return [], errors.items
    parsed: list[BuyerRow] = []
    tickets: dict[str, int] = {}
    orders: dict[int, int] = {}
    for n, raw in enumerate(rows, start=2):
        if raw is None or all(v is None or _text(v) == "" for v in raw):
            continue
        if len(parsed) + len(errors.items) >= MAX_BUYERS:
            errors.add(n, None, f"超过 {MAX_BUYERS} 行上限", f"more than {MAX_BUYERS} rows")
            break
        values = {field: (raw[i] if i < len(raw) else None) for i, (_, field, _) in enumerate(COLUMNS)}
        buyer = _parse_row(n, values, errors)
        if buyer is None:
            continue
        if buyer.ticket_no in tickets:
            errors.add(
                n,
                "ticket_no",
                f"认筹号 {buyer.ticket_no} 与第 {tickets[buyer.ticket_no]} 行重复",
                f"Ticket {buyer.ticket_no} repeats row {tickets[buyer.ticket_no]}",
            )
            continue
        if buyer.order is not None and buyer.order in orders:
            errors.add(
                n,
                "order",
                f"选房顺序 {buyer.order} 与第 {orders[buyer.order]} 行重复",
                f"Order {buyer.order} repeats row {orders[buyer.order]}",
            )
            continue
        tickets[buyer.ticket_no] = n
        if buyer.order is not None:
            orders[buyer.order] = n
        parsed.append(buyer)
    wb.close()
    if orders and len(orders) != len(parsed) and not errors.items:
        errors.add(None, "order", "选房顺序须全部填写或全部留空", "Fill the order for every buyer or for none")
    if not parsed and not errors.items:
        errors.add(None, None, "文件中没有认筹客户", "The file has no buyers")
    return parsed, errors.items

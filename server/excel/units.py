"""The unit import template, and reading it back row by row with a precise reason for every bad row."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from shared.protocol.errors import ErrorDetail

MAX_ROWS = 20_000
# (header in the file, field, example): the header text is what people see and what we match.
COLUMNS: tuple[tuple[str, str, object], ...] = (
    ("楼栋 Building", "building", "1号楼"),
    ("楼层 Floor", "floor", 18),
    ("房号 Unit", "number", "1801"),
    ("户型 Layout", "layout", "三室两厅两卫"),
    ("建筑面积㎡ Gross area", "gross_area", 128.56),
    ("套内面积㎡ Inner area", "inner_area", 102.30),
    ("朝向 Orientation", "orientation", "南北"),
    ("表价元 List price", "list_price", 3856800),
)
ORIENTATIONS = ("东", "南", "西", "北", "东南", "东北", "西南", "西北", "南北", "东西")


@dataclass(frozen=True, slots=True)
class UnitRow:
    row: int
    building: str
    floor: int
    number: str
    layout: str
    gross_area: Decimal
    inner_area: Decimal
    orientation: str
    list_price: Decimal


class _RowErrors:
    def __init__(self) -> None:
        self.items: list[ErrorDetail] = []

    def add(self, row: int | None, field: str | None, zh: str, en: str) -> None:
        self.items.append(ErrorDetail(row=row, field=field, message=zh, message_en=en))


def build_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "房源 Units"
    ws.append([c[0] for c in COLUMNS])
    ws.append([c[2] for c in COLUMNS])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for i, _ in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = 20
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明 Notes")
    for line in (
        "每行一套房源；第一行是表头，请勿修改。One unit per row; keep the header row as it is.",
        "楼层为整数；房号在同一楼栋内不能重复。Floor is a whole number; unit numbers are unique per building.",
        "面积单位平方米，套内面积不大于建筑面积。Areas in m²; inner area must not exceed gross area.",
        f"朝向可填：{'、'.join(ORIENTATIONS)}。",
        "表价为整套总价（元）。List price is the whole unit's price in yuan.",
        "任何一行有错误时整个文件都不会导入。If any row is wrong, nothing is imported.",
    ):
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _parse_row(n: int, values: dict[str, Any], errors: _RowErrors) -> UnitRow | None:
    before = len(errors.items)
    building, number, layout, orientation = (
        _text(values["building"]),
        _text(values["number"]),
        _text(values["layout"]),
        _text(values["orientation"]),
    )
    for field, text, limit, zh in (
        ("building", building, 40, "楼栋"),
        ("number", number, 20, "房号"),
        ("layout", layout, 40, "户型"),
    ):
        if not text:
            errors.add(n, field, f"{zh}不能为空", f"{field} is empty")
        elif len(text) > limit:
            errors.add(n, field, f"{zh}超过 {limit} 个字符", f"{field} is longer than {limit} characters")
    floor_raw = values["floor"]
    floor = None
    if isinstance(floor_raw, int | float | str) and not isinstance(floor_raw, bool):
        try:
            as_float = float(floor_raw)
            floor = int(as_float) if as_float.is_integer() else None
        except ValueError:
            floor = None
    if floor is None or not -10 <= floor <= 200 or floor == 0:
        errors.add(
            n,
            "floor",
            f"楼层必须是 -10 到 200 之间的非零整数（当前：{_text(floor_raw)}）",
            f"floor must be a non-zero whole number from -10 to 200 (got {_text(floor_raw)!r})",
        )
    gross, inner, price = _decimal(values["gross_area"]), _decimal(values["inner_area"]), _decimal(values["list_price"])
    if gross is None or not Decimal(0) < gross < Decimal(100000):
        errors.add(n, "gross_area", "建筑面积必须是大于 0 的数字", "gross area must be a number above 0")
    if inner is None or inner <= 0:
        errors.add(n, "inner_area", "套内面积必须是大于 0 的数字", "inner area must be a number above 0")
    elif gross is not None and inner > gross:
        errors.add(n, "inner_area", "套内面积不能大于建筑面积", "inner area exceeds gross area")
    if orientation not in ORIENTATIONS:
        errors.add(
            n,
            "orientation",
            f"朝向“{orientation}”无效，可填：{'、'.join(ORIENTATIONS)}",
            f"orientation {orientation!r} is not one of {', '.join(ORIENTATIONS)}",
        )
    if price is None or price < 0 or price >= Decimal("1e12"):
        errors.add(n, "list_price", "表价必须是不小于 0 的金额", "list price must be an amount of 0 or more")
    if len(errors.items) > before:
        return None
    assert floor is not None and gross is not None and inner is not None and price is not None
    return UnitRow(
        n,
        building,
        floor,
        number,
        layout,
        gross.quantize(Decimal("0.01")),
        inner.quantize(Decimal("0.01")),
        orientation,
        price.quantize(Decimal("0.01")),
    )


def parse_units(content: bytes) -> tuple[list[UnitRow], list[ErrorDetail]]:
    """Every row checked; the caller imports only when the error list is empty."""
    errors = _RowErrors()
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        errors.add(None, None, "无法读取文件：请使用 .xlsx 格式的导入模板", f"Cannot read the file as .xlsx: {exc}")
        return [], errors.items
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    expected = [c[0] for c in COLUMNS]
    if header[: len(expected)] != expected:
        errors.add(1, None, "表头与导入模板不一致，请下载最新模板", f"The header row must be: {' | '.join(expected)}")
        return [], errors.items
    parsed: list[UnitRow] = []
    seen: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(rows, start=2):
        if raw is None or all(v is None or _text(v) == "" for v in raw):
            continue
        if n - 1 > MAX_ROWS:
            errors.add(n, None, f"超过 {MAX_ROWS} 行上限", f"more than {MAX_ROWS} rows")
            break
        values = {field: (raw[i] if i < len(raw) else None) for i, (_, field, _) in enumerate(COLUMNS)}
        unit = _parse_row(n, values, errors)
        if unit is None:
            continue
        key = (unit.building, unit.number)
        if key in seen:
            errors.add(
                n,
                "number",
                f"{unit.building} {unit.number} 与第 {seen[key]} 行重复",
                f"{unit.building} {unit.number} repeats row {seen[key]}",
            )
            continue
        seen[key] = n
        parsed.append(unit)
    wb.close()
    if not parsed and not errors.items:
        errors.add(None, None, "文件中没有房源数据", "The file has no unit rows")
    return parsed, errors.items

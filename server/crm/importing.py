"""Customer import: parse an .xlsx/.csv row by row (every error with row, column and reason), stage the good
rows with one COPY, and on confirmation import them with set-based SQL in one transaction (all or nothing)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import text
from sqlalchemy.orm import Session

from server.crm import phones
from server.crm.common import rowcount
from server.crm.names import initials
from shared.protocol.errors import ErrorDetail
from shared.protocol.messages.crm_types import Gender, Intent, Source

MAX_ROWS = 200_000
# (header, field, example)
COLUMNS: tuple[tuple[str, str, object], ...] = (
    ("姓名 Name", "name", "张伟"),
    ("手机 Phone", "phone", "13812345678"),
    ("性别 Gender", "gender", "男"),
    ("来源 Source", "source", "自然来访"),
    ("意向 Intent", "intent", "B"),
    ("标签 Tags", "tags", "改善;学区"),
    ("预算万元 Budget", "budget_wan", 300),
    ("户型 Layout", "layout", "三室两厅"),
    ("面积 Area", "area", "120㎡"),
    ("用途 Purpose", "purpose", "自住"),
    ("备注 Note", "note", ""),
    ("顾问账号 Consultant", "owner", ""),
)
GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE, "": Gender.UNKNOWN, "male": Gender.MALE, "female": Gender.FEMALE}
SOURCES = {
    "自然来访": Source.NATURAL,
    "渠道": Source.CHANNEL,
    "老带新": Source.REFERRAL,
    "线上": Source.ONLINE,
    "其他": Source.OTHER,
    "": Source.NATURAL,
    **{s.value: s for s in Source},
}
STAGE_COLUMNS = (
    "batch_id",
    "row",
    "name",
    "initials",
    "phone",
    "gender",
    "source",
    "intent",
    "tags",
    "budget_wan",
    "layout",
    "area",
    "purpose",
    "note",
    "owner_id",
    "existing_id",
)


@dataclass(frozen=True, slots=True)
class Parsed:
    rows: list[tuple[Any, ...]]  # STAGE_COLUMNS without batch_id and existing_id
    errors: list[ErrorDetail]
    total: int


def _cells(content: bytes, filename: str) -> Iterator[tuple[Any, ...]]:
    if filename.lower().endswith(".csv"):
        try:
            decoded = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = content.decode("gb18030")  # Excel's CSV on Chinese Windows
        yield from (tuple(r) for r in csv.reader(io.StringIO(decoded)))
        return
    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        yield from wb.worksheets[0].iter_rows(values_only=True)
    finally:
        wb.close()


# C0 control characters but tab and line breaks (a note may have lines), and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def parse(content: bytes, filename: str, owners: dict[str, int], progress: Callable[[int], None]) -> Parsed:
    """owners: consultant username → user id. Rows repeating a phone of an earlier row are errors."""
    errors: list[ErrorDetail] = []

    def err(row: int | None, field: str | None, zh: str, en: str) -> None:
        errors.append(ErrorDetail(row=row, field=field, message=zh, message_en=en))

    try:
        cells = _cells(content, filename)
        header = [_text(v) for v in next(cells, ())]
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        OSError,
        UnicodeDecodeError,
        csv.Error,
    ) as exc:
        err(None, None, "无法读取文件：请使用 .xlsx 或 .csv 格式的导入模板", f"Cannot read the file: {exc}")
        return Parsed([], errors, 0)
    expected = [c[0] for c in COLUMNS]
    if header[: len(expected)] != expected:
        err(1, None, "表头与导入模板不一致，请下载最新模板", f"The header row must be: {' | '.join(expected)}")
        return Parsed([], errors, 0)
    out: list[tuple[Any, ...]] = []
    seen: dict[str, int] = {}
    total = 0
    try:
        for n, raw in enumerate(cells, start=2):
            if not raw or all(_text(v) == "" for v in raw):
                continue
            total += 1
            if total > MAX_ROWS:
                err(n, None, f"超过 {MAX_ROWS} 行上限", f"more than {MAX_ROWS} rows")
                break
            if total % 10_000 == 0:
                progress(total)
            v = {f: _text(raw[i]) if i < len(raw) else "" for i, (_, f, _) in enumerate(COLUMNS)}
            before = len(errors)
            control = next((f for f, text in v.items() if _CONTROL.search(text)), None)
            if control is not None:
                # A NUL cannot be stored, and other control characters are copy-and-paste debris: report the cell.
                err(n, control, "含有不可见的控制字符，请检查该单元格", f"{control} contains control characters")
                continue
            name = v["name"]
            if not name:
                err(n, "name", "姓名不能为空", "name is empty")
            elif len(name) > 40:
                err(n, "name", "姓名超过 40 个字符", "name is longer than 40 characters")
            phone = ""
            try:
                phone = phones.normalize(v["phone"])
            except phones.BadPhone as exc:
                errors.append(exc.detail(row=n))
            if phone and phone in seen:
                err(n, "phone", f"手机号与第 {seen[phone]} 行重复", f"phone repeats row {seen[phone]}")
            gender = GENDERS.get(v["gender"].lower())
            if gender is None:
                err(n, "gender", f"性别“{v['gender']}”无效，可填：男、女或留空", f"gender {v['gender']!r} is not 男/女")
            source = SOURCES.get(v["source"])
            if source is None:
                err(n, "source", f"来源“{v['source']}”无效", f"source {v['source']!r} is not valid")
            intent = v["intent"].upper() or "C"
            if intent not in {i.value for i in Intent}:
                err(n, "intent", "意向须为 A、B、C 或 D", "intent must be A, B, C or D")
            tags = sorted({t.strip() for t in v["tags"].replace("；", ";").replace(",", ";").split(";") if t.strip()})
            if len(tags) > 20 or any(len(t) > 20 for t in tags):
                err(n, "tags", "标签最多 20 个，每个不超过 20 字", "at most 20 tags of at most 20 characters")
            budget: Decimal | None = None
            if v["budget_wan"]:
                try:
                    budget = Decimal(v["budget_wan"].replace(",", ""))
                    if not (budget.is_finite() and 0 <= budget <= 1_000_000):
                        raise InvalidOperation
                except InvalidOperation:
                    err(
                        n, "budget_wan", "预算须为 0 到 1000000 之间的数字（万元）", "budget must be a number 0-1000000"
                    )
            for f, limit in (("layout", 40), ("area", 40), ("purpose", 40), ("note", 500)):
                if len(v[f]) > limit:
                    err(n, f, f"超过 {limit} 个字符", f"{f} is longer than {limit} characters")
            owner_id = None
            if v["owner"]:
                owner_id = owners.get(v["owner"])
                if owner_id is None:
                    err(
                        n,
                        "owner",
                        f"顾问账号“{v['owner']}”不存在或不是在职顾问",
                        f"no active consultant {v['owner']!r}",
                    )
            if len(errors) > before:
                continue
            seen[phone] = n
            assert gender is not None and source is not None
            out.append(
                (
                    n,
                    name,
                    initials(name),
                    phone,
                    gender.value,
                    source.value,
                    intent,
                    tags,
                    budget,
                    v["layout"],
                    v["area"],
                    v["purpose"],
                    v["note"],
                    owner_id,
                )
            )
    except (ValueError, OSError, csv.Error, zipfile.BadZipFile) as exc:
        err(None, None, "文件内容损坏，无法读完", f"The file is damaged: {exc}")
    if total == 0 and not errors:
        err(None, None, "文件中没有客户数据", "The file has no customer rows")
    return Parsed(out, errors, total)


def _copy_value(v: Any) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, list):
        inner = ",".join('"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"' for t in v)
        v = "{" + inner + "}"
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def stage(db: Session, batch_id: int, rows: list[tuple[Any, ...]]) -> None:
    """One COPY into customer_import_rows (the ORM per row is ~50x slower), then duplicates are marked."""
    buf = io.StringIO()
    for r in rows:
        buf.write("\t".join(_copy_value(v) for v in (batch_id, *r, None)) + "\n")
    buf.seek(0)
    raw = db.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.copy_expert(f"COPY customer_import_rows ({', '.join(STAGE_COLUMNS)}) FROM STDIN", buf)


def mark_duplicates(db: Session, batch_id: int, project_id: int) -> int:
    return rowcount(
        db.execute(
            text(
                "UPDATE customer_import_rows r SET existing_id = c.id FROM customers c "
                "WHERE r.batch_id = :b AND c.project_id = :p AND c.phone = r.phone"
            ),
            {"b": batch_id, "p": project_id},
        )
    )


def import_staged(db: Session, batch_id: int, project_id: int, merge: bool) -> tuple[int, int]:
    """Set-based: new rows inserted, duplicates merged (when chosen); no ORM object per row."""
    params = {"b": batch_id, "p": project_id}
    merged = 0
    if merge:
        merged = rowcount(
            db.execute(
                text(
                    "UPDATE customers c SET name = r.name, initials = r.initials, gender = r.gender, intent = r.intent,"
                    " tags = ARRAY(SELECT DISTINCT unnest(c.tags || r.tags) ORDER BY 1),"
                    " budget_wan = COALESCE(r.budget_wan, c.budget_wan),"
                    " layout = COALESCE(NULLIF(r.layout, ''), c.layout), area = COALESCE(NULLIF(r.area, ''), c.area),"
                    " purpose = COALESCE(NULLIF(r.purpose, ''), c.purpose),"
                    " note = COALESCE(NULLIF(r.note, ''), c.note), version = c.version + 1, updated_at = now() "
                    "FROM customer_import_rows r WHERE r.batch_id = :b AND r.existing_id = c.id AND c.project_id = :p"
                ),
                params,
            )
        )
    created = db.execute(
        text(
            "WITH ins AS ("
            " INSERT INTO customers (project_id, name, initials, phone, phone_first3, phone_last4, id_masked, gender,"
            "  source, intent, tags, budget_wan, layout, area, purpose, note, owner_id, owned_since, status, co_buyers,"
            "  created_at, updated_at, version)"
            " SELECT :p, name, initials, phone, left(phone, 3), right(phone, 4), '', gender, source, intent, tags,"
            "  budget_wan, layout, area, purpose, left(note, 500), owner_id,"
            "  CASE WHEN owner_id IS NULL THEN NULL ELSE now() END, 'potential', '[]'::jsonb, now(), now(), 1"
            " FROM customer_import_rows WHERE batch_id = :b AND existing_id IS NULL ORDER BY row"
            " RETURNING id, source, created_at)"
            " SELECT count(*) FROM ins"
        ),
        params,
    ).scalar_one()
    return int(created), merged


def error_report(errors: list[ErrorDetail]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误 Errors")
    ws.append(["行 Row", "列 Column", "原因", "Reason"])
    for e in errors:
        ws.append([e.row, e.field or "", e.message, e.message_en])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户 Customers"
    ws.append([c[0] for c in COLUMNS])
    ws.append([c[2] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明 Notes")
    for line in (
        "每行一位客户；第一行是表头，请勿修改。One customer per row; keep the header row.",
        "手机为中国大陆手机号，同一楼盘内唯一。Mainland mobile numbers, unique per project.",
        "来源可填：自然来访、渠道、老带新、线上、其他；意向 A-D；标签用分号分隔。",
        "顾问账号留空则进入公客池。Leave the consultant empty for the public pool.",
        "任何一行有错误时不会导入任何数据；已有手机号可选择合并或报告。",
    ):
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

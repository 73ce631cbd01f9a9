"""Reading unit rows from Excel: good rows, every kind of bad row with its row number, and bad files."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from server.excel.units import COLUMNS, MAX_ROWS, ORIENTATIONS, UnitRow, build_template, parse_units

HEADER = [c[0] for c in COLUMNS]
GOOD = ["1号楼", 18, "1801", "三室两厅两卫", 128.56, 102.30, "南北", 3856800]


def xlsx(rows: list[list[object]], header: list[object] | None = None, *, write_only: bool = False) -> bytes:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("房源") if write_only else wb.active
    assert ws is not None
    ws.append(HEADER if header is None else header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_value(field: str, value: object, base: list[object] = GOOD) -> list[object]:
    row = list(base)
    row[[c[1] for c in COLUMNS].index(field)] = value
    return row


def test_good_rows_are_parsed_with_exact_decimals() -> None:
    rows, errors = parse_units(xlsx([GOOD, ["10号楼", -2, "B201", "车位", 12.5, 12.5, "北", 0]]))
    assert errors == []
    assert rows == [
        UnitRow(
            2, "1号楼", 18, "1801", "三室两厅两卫", Decimal("128.56"), Decimal("102.30"), "南北", Decimal("3856800.00")
        ),
        UnitRow(3, "10号楼", -2, "B201", "车位", Decimal("12.50"), Decimal("12.50"), "北", Decimal("0.00")),
    ]


def test_the_template_parses_to_its_example_row() -> None:
    content = build_template()
    wb = load_workbook(io.BytesIO(content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADER
    rows, errors = parse_units(content)
    assert errors == []
    assert len(rows) == 1
    assert (rows[0].building, rows[0].floor, rows[0].number, rows[0].orientation) == ("1号楼", 18, "1801", "南北")


def test_numbers_given_as_text_are_accepted() -> None:
    row = ["2号楼", "18", 1801, " 两室一厅 ", "128.56", " 102.3 ", "南", "3,856,800"]
    rows, errors = parse_units(xlsx([row]))
    assert errors == []
    unit = rows[0]
    assert (unit.floor, unit.number, unit.layout) == (18, "1801", "两室一厅")
    assert (unit.gross_area, unit.inner_area, unit.list_price) == (
        Decimal("128.56"),
        Decimal("102.30"),
        Decimal("3856800.00"),
    )


def test_float_unit_numbers_and_floors_lose_the_point_zero() -> None:
    rows, errors = parse_units(
        xlsx([with_value("floor", 18.0, with_value("number", 1801.0)), with_value("number", "1802.0")])
    )
    assert errors == []
    assert rows[0].number == "1801"
    assert rows[0].floor == 18
    assert rows[1].number == "1802.0"  # typed as text by the user: kept as text


def test_blank_rows_are_skipped_and_row_numbers_stay_true() -> None:
    rows, errors = parse_units(xlsx([GOOD, [None] * 8, ["", " ", None], with_value("number", "1802")]))
    assert errors == []
    assert [r.row for r in rows] == [2, 5]


def test_extra_columns_after_the_template_are_ignored() -> None:
    rows, errors = parse_units(xlsx([[*GOOD, "备注"]], [*HEADER, "备注 Note"]))
    assert errors == []
    assert len(rows) == 1


def test_every_orientation_in_the_list_is_accepted() -> None:
    content = xlsx([with_value("number", str(i), with_value("orientation", o)) for i, o in enumerate(ORIENTATIONS)])
    rows, errors = parse_units(content)
    assert errors == []
    assert [r.orientation for r in rows] == list(ORIENTATIONS)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("floor", 0),
        ("floor", 201),
        ("floor", -11),
        ("floor", 1.5),
        ("floor", "十八"),
        ("floor", None),
        ("floor", True),
        ("building", None),
        ("building", "楼" * 41),
        ("number", ""),
        ("number", "1" * 21),
        ("layout", None),
        ("layout", "  "),
        ("layout", "户" * 41),
        ("gross_area", 0),
        ("gross_area", -5),
        ("gross_area", "大"),
        ("gross_area", 100000),
        ("gross_area", None),
        ("inner_area", 0),
        ("inner_area", None),
        ("inner_area", "abc"),
        ("inner_area", 128.57),  # larger than the gross area
        ("orientation", "上"),
        ("orientation", None),
        ("orientation", "south"),
        ("list_price", -1),
        ("list_price", "面议"),
        ("list_price", 1e12),
        ("list_price", None),
        ("list_price", "NaN"),
    ],
)
def test_each_bad_value_is_reported_with_row_and_field(field: str, value: object) -> None:
    rows, errors = parse_units(xlsx([GOOD, with_value(field, value, with_value("number", "1802"))]))
    assert [r.row for r in rows] == [2]
    assert errors, "the bad row was accepted"
    assert (errors[0].row, errors[0].field) == (3, field)
    assert all(e.row == 3 and e.message and e.message_en for e in errors)
    # A gross area of 0 or less is also below the inner area: that second complaint is true too.
    assert {e.field for e in errors} <= {field, "inner_area"}


def test_inner_above_gross_says_so() -> None:
    _, errors = parse_units(xlsx([with_value("inner_area", 130)]))
    assert [(e.row, e.field, e.message_en) for e in errors] == [(2, "inner_area", "inner area exceeds gross area")]


def test_a_row_with_several_problems_reports_them_all() -> None:
    bad = ["", 0, "", "", -1, -1, "上", -1]
    _, errors = parse_units(xlsx([bad]))
    assert {e.field for e in errors} == {c[1] for c in COLUMNS}
    assert {e.row for e in errors} == {2}


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    content = xlsx(
        [
            GOOD,  # row 2: fine
            with_value("floor", "abc", with_value("number", "1802")),  # row 3
            with_value("inner_area", 200, with_value("number", "1803")),  # row 4
            with_value("orientation", "上", with_value("number", "1804")),  # row 5
            GOOD,  # row 6: repeats row 2
            with_value("layout", "", with_value("number", "1806")),  # row 7
        ]
    )
    _, errors = parse_units(content)
    assert [(e.row, e.field) for e in errors] == [
        (3, "floor"),
        (4, "inner_area"),
        (5, "orientation"),
        (6, "number"),
        (7, "layout"),
    ]
    assert "repeats row 2" in errors[3].message_en
    assert "第 2 行" in errors[3].message


def test_same_number_in_two_buildings_is_fine() -> None:
    rows, errors = parse_units(xlsx([GOOD, with_value("building", "2号楼")]))
    assert errors == []
    assert len(rows) == 2


def test_short_rows_are_errors_not_crashes() -> None:
    _, errors = parse_units(xlsx([["1号楼", 18, "1801"]]))
    assert {e.field for e in errors} == {"layout", "gross_area", "inner_area", "orientation", "list_price"}


@pytest.mark.parametrize(
    "header",
    [
        ["楼栋", "楼层", "房号", "户型", "建筑面积", "套内面积", "朝向", "表价"],
        HEADER[:-1],
        [HEADER[1], HEADER[0], *HEADER[2:]],
        [],
    ],
)
def test_header_mismatch_rejects_the_file(header: list[object]) -> None:
    rows, errors = parse_units(xlsx([GOOD], header))
    assert rows == []
    assert len(errors) == 1
    assert errors[0].row == 1
    assert "header" in errors[0].message_en


@pytest.mark.parametrize(
    "content",
    [b"", b"not an excel file", "楼栋,楼层\n1号楼,18\n".encode(), b"PK\x03\x04truncated zip", b"%PDF-1.4"],
)
def test_unreadable_files_are_rejected(content: bytes) -> None:
    rows, errors = parse_units(content)
    assert rows == []
    assert len(errors) == 1
    assert errors[0].row is None
    assert "xlsx" in errors[0].message_en


def test_a_zip_that_is_not_a_workbook_is_rejected() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    rows, errors = parse_units(buf.getvalue())
    assert rows == []
    assert len(errors) == 1


def test_header_only_file_has_no_units() -> None:
    rows, errors = parse_units(xlsx([]))
    assert rows == []
    assert [e.message_en for e in errors] == ["The file has no unit rows"]


def test_more_than_max_rows_is_rejected() -> None:
    started = time.monotonic()
    content = xlsx([["1号楼", 10, str(i), "一室", 50, 40, "南", 100] for i in range(MAX_ROWS + 1)], write_only=True)
    _, errors = parse_units(content)
    assert [(e.row, e.message_en) for e in errors] == [(MAX_ROWS + 2, f"more than {MAX_ROWS} rows")]
    assert time.monotonic() - started < 30


def test_exactly_max_rows_is_accepted() -> None:
    content = xlsx([["1号楼", 10, str(i), "一室", 50, 40, "南", 100] for i in range(MAX_ROWS)], write_only=True)
    rows, errors = parse_units(content)
    assert errors == []
    assert len(rows) == MAX_ROWS

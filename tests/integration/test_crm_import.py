"""Customer import over the real server: every bad row reported (and in the error workbook), nothing
imported until confirmed, duplicates merged or refused as chosen, all or nothing, progress events; export."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from client.net.sync_client import RemoteError, SyncClient
from server.app import ServerApp
from server.crm.importing import COLUMNS
from shared.protocol.errors import ErrorCode
from shared.protocol.messages.crm_customers import (
    CreateCustomerRequest,
    ExportRequest,
    ImportConfirmRequest,
    ImportRef,
    ImportUploadRequest,
    SearchRequest,
)
from tests.factories import xlsx
from tests.integration.test_crm_customers import office, refused

HEADER = [c[0] for c in COLUMNS]


def rows(n: int, start: int = 0) -> list[list[object]]:
    return [
        [
            f"客户{i}",
            f"1380000{i:04d}",
            "男" if i % 2 else "女",
            "自然来访",
            "B",
            "改善;学区",
            300,
            "三室两厅",
            "120㎡",
            "自住",
            "",
            "",
        ]
        for i in range(start, start + n)
    ]


def count(server: ServerApp, project_id: int) -> int:
    assert server.database is not None
    with server.database.engine.connect() as conn:
        return int(
            conn.execute(
                sa.text("SELECT count(*) FROM customers WHERE project_id = :p"), {"p": project_id}
            ).scalar_one()
        )


def test_bad_rows_are_reported_and_nothing_is_imported_until_confirmed(
    login: Callable[..., SyncClient], server: ServerApp
) -> None:
    o = office(login, consultants=1)
    consultant = o.consultants[0].call("auth.whoami").username
    good = rows(2000)
    good[10][11] = consultant
    bad = [
        ["", "13900000001", "男", "自然来访", "B", "", "", "", "", "", "", ""],  # no name
        ["王五", "12345", "男", "自然来访", "B", "", "", "", "", "", "", ""],  # bad phone
        ["赵六", "13800000005", "男", "自然来访", "B", "", "", "", "", "", "", ""],  # repeats row 7's phone
        ["钱七", "13900000002", "未知", "电视", "E", "", "很多", "", "", "", "", "nobody"],
    ]
    content = xlsx(HEADER, good + bad)
    staged = o.manager.call(
        "customers.import_upload", ImportUploadRequest(project_id=o.project_id, filename="客户.xlsx", content=content)
    )
    assert (staged.total_rows, staged.valid_rows, staged.error_count) == (2004, 2000, 8)
    by_row = {(e.row, e.field) for e in staged.errors}
    assert by_row == {
        (2002, "name"),
        (2003, "phone"),
        (2004, "phone"),
        (2005, "gender"),
        (2005, "source"),
        (2005, "intent"),
        (2005, "budget_wan"),
        (2005, "owner"),
    }
    assert all(e.message and e.message_en for e in staged.errors)
    assert count(server, o.project_id) == 0  # staged, not imported
    report = o.manager.call("customers.import_report", ImportRef(batch_id=staged.batch_id))
    ws = load_workbook(io.BytesIO(report.content), read_only=True).worksheets[0]
    assert len(list(ws.iter_rows(min_row=2, values_only=True))) == 8
    # A file with errors is refused unless the user chooses to import only the good rows.
    assert (
        refused(
            lambda: o.manager.call(
                "customers.import_confirm", ImportConfirmRequest(batch_id=staged.batch_id, merge_duplicates=False)
            )
        )
        is ErrorCode.IMPORT_REJECTED
    )
    assert count(server, o.project_id) == 0
    done = o.manager.call(
        "customers.import_confirm",
        ImportConfirmRequest(batch_id=staged.batch_id, merge_duplicates=False, skip_bad_rows=True),
    )
    assert (done.created, done.merged) == (2000, 0)
    assert count(server, o.project_id) == 2000
    page = o.manager.call("customers.search", SearchRequest(project_id=o.project_id, query="kh", tags=["学区"]))
    assert len(page.rows) == 50 and page.next_after is not None
    owned = o.manager.call("customers.search", SearchRequest(project_id=o.project_id, query="13800000010"))
    assert owned.rows[0].owner_id == o.cid(0)
    assert (
        refused(
            lambda: o.manager.call(
                "customers.import_confirm", ImportConfirmRequest(batch_id=staged.batch_id, merge_duplicates=False)
            )
        )
        is ErrorCode.CONFLICT
    )  # once only


def test_duplicates_are_merged_or_refused_as_the_user_chooses(
    login: Callable[..., SyncClient], server: ServerApp
) -> None:
    o = office(login, consultants=1)
    o.manager.call(
        "customers.create",
        CreateCustomerRequest(
            project_id=o.project_id, name="老客户", phone="13800000003", tags=["全款"], note="原备注"
        ),
    )
    content = xlsx(HEADER, rows(5))
    staged = o.manager.call(
        "customers.import_upload", ImportUploadRequest(project_id=o.project_id, filename="c.csv.xlsx", content=content)
    )
    assert (staged.valid_rows, staged.duplicate_rows, staged.error_count) == (5, 1, 0)
    with pytest.raises(RemoteError) as err:
        o.manager.call(
            "customers.import_confirm", ImportConfirmRequest(batch_id=staged.batch_id, merge_duplicates=False)
        )
    assert err.value.code is ErrorCode.IMPORT_REJECTED
    assert [d.row for d in err.value.body.details] == [5]
    assert count(server, o.project_id) == 1  # nothing partial
    done = o.manager.call(
        "customers.import_confirm", ImportConfirmRequest(batch_id=staged.batch_id, merge_duplicates=True)
    )
    assert (done.created, done.merged) == (4, 1)
    merged = o.manager.call("customers.search", SearchRequest(project_id=o.project_id, query="13800000003")).rows[0]
    assert merged.name == "客户3" and set(merged.tags) == {"全款", "学区", "改善"}
    # CSV in GB18030 (Excel on Chinese Windows) reads the same.
    csv_text = ",".join(HEADER) + "\n" + "新客,13700000001,女,渠道,A,,,,,,,\n"
    staged = o.manager.call(
        "customers.import_upload",
        ImportUploadRequest(project_id=o.project_id, filename="c.csv", content=csv_text.encode("gb18030")),
    )
    assert (staged.valid_rows, staged.error_count) == (1, 0)
    # Garbage is refused with a reason, not a crash.
    staged = o.manager.call(
        "customers.import_upload",
        ImportUploadRequest(project_id=o.project_id, filename="c.xlsx", content=b"not a workbook"),
    )
    assert staged.valid_rows == 0 and staged.error_count == 1
    # Export: gated and audited.
    exported = o.manager.call("customers.export", ExportRequest(project_id=o.project_id))
    ws = load_workbook(io.BytesIO(exported.content), read_only=True).worksheets[0]
    assert len(list(ws.iter_rows(min_row=2, values_only=True))) == 5
    assert refused(lambda: o.consultants[0].call("customers.export", ExportRequest(project_id=o.project_id))) is (
        ErrorCode.FORBIDDEN
    )
    assert (
        refused(
            lambda: o.consultants[0].call(
                "customers.import_upload",
                ImportUploadRequest(project_id=o.project_id, filename="c.xlsx", content=content),
            )
        )
        is ErrorCode.FORBIDDEN
    )

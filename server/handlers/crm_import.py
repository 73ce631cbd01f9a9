"""Customer import (two steps: upload and validate, then confirm) and export: thin handlers."""

from __future__ import annotations

from sqlalchemy import delete, select

from server.context import Context
from server.crm import export, importing
from server.crm.common import not_found, require_project
from server.db.crm_models import ImportBatch, ImportRow
from server.db.models import User
from server.permissions import Permission
from server.router import Router
from shared.domain import Role
from shared.protocol.errors import ErrorCode, ErrorDetail, ShowroomError
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.messages.crm_customers import (
    CustomersChanged,
    ExportRequest,
    ImportConfirmRequest,
    ImportDone,
    ImportRef,
    ImportStaged,
    ImportUploadRequest,
)

SHOWN_ERRORS = 200


def _batch(ctx: Context, batch_id: int) -> ImportBatch:
    batch = ctx.db.get(ImportBatch, batch_id, with_for_update=True)
    if batch is None or batch.created_by != ctx.user.user_id:
        raise not_found("导入批次", "import batch", batch_id)
    return batch


def register(router: Router) -> None:
    @router.command("customers.import_template", Permission.CUSTOMERS_MANAGE)
    def template(ctx: Context, req: Empty) -> FileContent:
        return FileContent(filename="客户导入模板 customers-template.xlsx", content=importing.template())

    @router.command("customers.import_upload", Permission.CUSTOMERS_MANAGE)
    def upload(ctx: Context, req: ImportUploadRequest) -> ImportStaged:
        require_project(ctx.db, req.project_id)
        owners = {
            u: i
            for u, i in ctx.db.execute(
                select(User.username, User.id).where(User.role == Role.CONSULTANT.value, User.active.is_(True))
            )
        }
        ctx.progress("validate", 0, 1)
        parsed = importing.parse(req.content, req.filename, owners, lambda n: ctx.progress("validate", n, 0))
        batch = ImportBatch(
            project_id=req.project_id,
            created_by=ctx.user.user_id,
            filename=req.filename,
            total_rows=parsed.total,
            valid_rows=len(parsed.rows),
            duplicate_rows=0,
            error_count=len(parsed.errors),
            error_report=importing.error_report(parsed.errors) if parsed.errors else None,
            status="staged",
        )
        ctx.db.add(batch)
        ctx.db.flush()
        ctx.progress("stage", 0, len(parsed.rows))
        importing.stage(ctx.db, batch.id, parsed.rows)
        batch.duplicate_rows = importing.mark_duplicates(ctx.db, batch.id, req.project_id)
        ctx.progress("stage", len(parsed.rows), len(parsed.rows))
        staged = ImportStaged(
            batch_id=batch.id,
            total_rows=batch.total_rows,
            valid_rows=batch.valid_rows,
            duplicate_rows=batch.duplicate_rows,
            error_count=batch.error_count,
            errors=parsed.errors[:SHOWN_ERRORS],
        )
        ctx.audit("customer_import", batch.id, None, {**_counts(staged), "file": req.filename})
        return staged

    @router.command("customers.import_report", Permission.CUSTOMERS_MANAGE)
    def report(ctx: Context, req: ImportRef) -> FileContent:
        batch = _batch(ctx, req.batch_id)
        content = batch.error_report or importing.error_report([])
        return FileContent(filename=f"导入错误报告-{batch.id}-errors.xlsx", content=content)

    @router.command("customers.import_confirm", Permission.CUSTOMERS_MANAGE)
    def confirm(ctx: Context, req: ImportConfirmRequest) -> ImportDone:
        batch = _batch(ctx, req.batch_id)
        if batch.status != "staged":
            raise ShowroomError(
                ErrorCode.CONFLICT, "该批次已导入或已放弃", "The batch was already imported or discarded"
            )
        if batch.error_count and not req.skip_bad_rows:
            raise ShowroomError(
                ErrorCode.IMPORT_REJECTED,
                f"文件有 {batch.error_count} 处错误：请修改后重新上传，或选择只导入正确的行",
                f"The file has {batch.error_count} errors: fix and upload again, or choose to import only good rows",
            )
        # Someone may have added one of these phones since the upload: look again inside this transaction.
        dupes = importing.mark_duplicates(ctx.db, batch.id, batch.project_id)
        if dupes and not req.merge_duplicates:
            rows = ctx.db.execute(
                select(ImportRow.row, ImportRow.phone)
                .where(ImportRow.batch_id == batch.id, ImportRow.existing_id.is_not(None))
                .order_by(ImportRow.row)
                .limit(SHOWN_ERRORS)
            ).all()
            raise ShowroomError(
                ErrorCode.IMPORT_REJECTED,
                f"{dupes} 行的手机号已是客户；选择合并，或删除这些行后重新上传",
                f"{dupes} rows have phones of existing customers; merge them, or remove them and upload again",
                [
                    ErrorDetail(row=r, field="phone", message=f"{p} 已是客户", message_en=f"{p} is already a customer")
                    for r, p in rows
                ],
            )
        ctx.progress("import", 0, batch.valid_rows)
        created, merged = importing.import_staged(ctx.db, batch.id, batch.project_id, req.merge_duplicates)
        batch.status = "imported"
        ctx.db.execute(delete(ImportRow).where(ImportRow.batch_id == batch.id))
        ctx.progress("import", batch.valid_rows, batch.valid_rows)
        ctx.audit(
            "customer_import",
            batch.id,
            {"status": "staged"},
            {"status": "imported", "created": created, "merged": merged, "file": batch.filename},
        )
        ctx.publish("customers.changed", CustomersChanged(project_id=batch.project_id, customer_ids=[]))
        return ImportDone(batch_id=batch.id, created=created, merged=merged)

    # Not kept for replay: a whole project's customers do not belong in the idempotency table.
    @router.command("customers.export", Permission.CUSTOMERS_MANAGE, replay=False)
    def export_customers(ctx: Context, req: ExportRequest) -> FileContent:
        require_project(ctx.db, req.project_id)
        content, count = export.export(ctx.db, ctx.user, req.project_id, req.scope)
        ctx.audit("project", req.project_id, None, {"exported": "customers", "scope": req.scope.value, "rows": count})
        return FileContent(filename=f"客户-{req.project_id}-customers.xlsx", content=content)


def _counts(s: ImportStaged) -> dict[str, int]:
    return {
        "total_rows": s.total_rows,
        "valid_rows": s.valid_rows,
        "duplicate_rows": s.duplicate_rows,
        "error_count": s.error_count,
    }

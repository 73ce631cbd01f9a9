"""客户导入导出 (managers): the template, a .xlsx/.csv checked row by row with progress (job.progress events keyed
by the upload's idempotency key), every bad row with row, column and reason, the error workbook, then the
user's choices (merge duplicate phones or refuse them, import only the good rows) and the confirmation: nothing
is imported before it. Export writes the project's customers to .xlsx (audited by the server)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.ui.crm.common import fill, table
from client.ui.crm.labels import detail_text
from client.ui.labels import error_text
from client.ui.qt_admin_common import QtMessageLabel, alive
from client.ui.qt_connection import QtConnection
from client.ui.qt_import_page import MAX_FILE_BYTES
from shared.protocol.envelope import Event
from shared.protocol.errors import ErrorBody, ErrorCode, ErrorDetail
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.messages.crm_customers import (
    ExportRequest,
    ImportConfirmRequest,
    ImportDone,
    ImportRef,
    ImportStaged,
    ImportUploadRequest,
)
from shared.protocol.messages.system import JobProgress


class QtCustomerImportPage(QWidget):
    saved = Signal(str)  # a file written (template, error report, export)
    finished = Signal(bool)  # True once imported

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.project_id: int | None = None
        self.file_path: Path | None = None
        self.staged: ImportStaged | None = None
        self.job: str | None = None
        self.job_events: list[JobProgress] = []
        self.busy = False
        steps = QLabel(
            self.tr(
                "1. Download the template, one customer per row.  2. Choose the file (.xlsx or .csv) and check it: "
                "every bad row is listed.  3. Choose what to do with duplicates and bad rows, then confirm. "
                "Nothing is imported before you confirm."
            ),
            self,
        )
        steps.setWordWrap(True)
        steps.setStyleSheet("color: #5F6368;")
        self.template_button = QPushButton(self.tr("&Download template…"), self)
        self.template_button.clicked.connect(
            lambda: self._ask_save(self.tr("customer-import-template.xlsx"), self.save_template_to)
        )
        self.choose_button = QPushButton(self.tr("C&hoose file…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("No file chosen"), self)
        self.upload_button = QPushButton(self.tr("Chec&k file"), self)
        self.upload_button.clicked.connect(self.upload)
        self.export_button = QPushButton(self.tr("E&xport customers…"), self)
        self.export_button.clicked.connect(lambda: self._ask_save(self.tr("customers.xlsx"), self.export_to))
        row = QHBoxLayout()
        for w in (self.template_button, self.choose_button):
            row.addWidget(w)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.upload_button)
        row.addSpacing(24)
        row.addWidget(self.export_button)
        self.stage_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        prow = QHBoxLayout()
        prow.addWidget(self.stage_label)
        prow.addWidget(self.progress, 1)
        self.progress_row = QWidget(self)
        self.progress_row.setLayout(prow)
        self.progress_row.hide()
        self.summary = QLabel(self)
        self.summary.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.errors = table(self, [self.tr("Row"), self.tr("Column"), self.tr("Reason")], [70, 130])
        self.report_button = QPushButton(self.tr("Save error &report…"), self)
        self.report_button.clicked.connect(lambda: self._ask_save(self.tr("import-errors.xlsx"), self.save_report_to))
        self.options = QGroupBox(self.tr("Before importing"), self)
        self.merge = QRadioButton(self.tr("&Merge rows whose phone is already a customer into that customer"), self)
        self.refuse = QRadioButton(self.tr("R&efuse the import if any phone is already a customer"), self)
        self.refuse.setChecked(True)
        self.good_only = QCheckBox(self.tr("Import only the &good rows (skip the bad ones)"), self)
        self.confirm_button = QPushButton(self.tr("&Confirm import"), self)
        self.confirm_button.clicked.connect(self.confirm)
        ol = QVBoxLayout(self.options)
        ol.addWidget(self.merge)
        ol.addWidget(self.refuse)
        ol.addWidget(self.good_only)
        crow = QHBoxLayout()
        crow.addWidget(self.report_button)
        crow.addStretch(1)
        crow.addWidget(self.confirm_button)
        ol.addLayout(crow)
        self.message = QtMessageLabel(self)
        lay = QVBoxLayout(self)
        lay.addWidget(steps)
        lay.addLayout(row)
        lay.addWidget(self.progress_row)
        lay.addWidget(self.summary)
        lay.addWidget(self.errors, 1)
        lay.addWidget(self.options)
        lay.addWidget(self.message)
        conn.event_received.connect(self._on_event)
        self._show_staged(None)

    def set_project(self, project_id: int) -> None:
        self.project_id = project_id
        self._show_staged(None)

    # Files ---------------------------------------------------------------------------------------------
    def ask_save_path(self, suggested: str) -> str:
        """Where to save; empty when cancelled. Tests call the *_to methods instead."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save"), str(Path.home() / suggested), self.tr("Excel workbook (*.xlsx)")
        )
        return path

    def _ask_save(self, suggested: str, action: Callable[[str], None]) -> None:
        path = self.ask_save_path(suggested)
        if path:
            action(path)

    def _save(self, command: str, payload: msgspec.Struct, path: str | Path) -> None:
        self.conn.request(
            command, payload, alive(self, lambda f: self._write(f, Path(path))), alive(self, self._failed)
        )

    def _write(self, content: FileContent, path: Path) -> None:
        try:
            path.write_bytes(content.content)
        except OSError as exc:
            self.message.show_error(self.tr("Could not save: {reason}").format(reason=exc.strerror))
            return
        self.message.show_info(self.tr("Saved to {path}").format(path=path))
        self.saved.emit(str(path))

    def save_template_to(self, path: str | Path) -> None:
        self._save("customers.import_template", Empty(), path)

    def save_report_to(self, path: str | Path) -> None:
        if self.staged is not None:
            self._save("customers.import_report", ImportRef(batch_id=self.staged.batch_id), path)

    def export_to(self, path: str | Path) -> None:
        if self.project_id is not None:
            self._save("customers.export", ExportRequest(project_id=self.project_id), path)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the customer file"), str(Path.home()), self.tr("Customer files (*.xlsx *.csv)")
        )
        if path:
            self.set_file(path)

    def set_file(self, path: str | Path) -> None:
        self.file_path = Path(path)
        self.file_label.setText(self.file_path.name)
        self._show_staged(None)

    # Upload and confirm ----------------------------------------------------------------------------------
    def upload(self) -> None:
        if self.busy or self.file_path is None or self.project_id is None:
            return
        try:
            content = self.file_path.read_bytes()
        except OSError as exc:
            self.message.show_error(self.tr("Could not read the file: {reason}").format(reason=exc.strerror))
            return
        if len(content) > MAX_FILE_BYTES:
            self.message.show_error(self.tr("The file is too large; split it into several files."))
            return
        self._busy(self.tr("Uploading…"))
        req = ImportUploadRequest(project_id=self.project_id, filename=self.file_path.name[:200], content=content)
        # The request id is the idempotency key, which the server's job.progress events carry.
        self.job = self.conn.request(
            "customers.import_upload", req, alive(self, self._staged), alive(self, self._failed)
        )

    def _busy(self, text: str) -> None:
        self.busy = True
        self.job_events = []
        self.message.clear_message()
        self.stage_label.setText(text)
        self.progress.setRange(0, 0)
        self.progress_row.show()
        self._buttons()

    def _on_event(self, type_: str, payload: object, _event: Event) -> None:
        if type_ != "job.progress" or not isinstance(payload, JobProgress) or payload.job != self.job:
            return
        self.job_events.append(payload)
        if not self.busy:
            return
        labels = {"validate": self.tr("Checking rows: {done}"), "stage": self.tr("Staging rows: {done} / {total}")}
        labels["import"] = self.tr("Importing: {done} / {total}")
        self.stage_label.setText(labels.get(payload.stage, "{done}").format(done=payload.done, total=payload.total))
        if payload.total > 0:
            self.progress.setRange(0, payload.total)
            self.progress.setValue(payload.done)
        else:
            self.progress.setRange(0, 0)

    def _staged(self, staged: ImportStaged) -> None:
        self._idle()
        self._show_staged(staged)

    def _show_staged(self, staged: ImportStaged | None) -> None:
        self.staged = staged
        self.options.setVisible(staged is not None)
        if staged is None:
            self.summary.clear()
            self.errors.hide()
            self._buttons()
            return
        self.summary.setText(
            self.tr("{total} rows: {valid} good ({dupes} with a phone already on file), {errors} problems").format(
                total=staged.total_rows, valid=staged.valid_rows, dupes=staged.duplicate_rows, errors=staged.error_count
            )
        )
        self._show_errors(staged.errors)
        if staged.error_count > len(staged.errors):
            self.message.show_info(
                self.tr("The first {n} problems are listed; the error report has all of them.").format(
                    n=len(staged.errors)
                )
            )
        self.report_button.setEnabled(staged.error_count > 0)
        self.good_only.setEnabled(staged.error_count > 0)
        self.good_only.setChecked(False)
        self.merge.setEnabled(staged.duplicate_rows > 0)
        self.refuse.setEnabled(staged.duplicate_rows > 0)
        self._buttons()

    def _show_errors(self, errors: list[ErrorDetail]) -> None:
        fill(self.errors, [[e.row or "—", self.column(e.field), detail_text(e)] for e in errors])
        self.errors.setVisible(bool(errors))

    def column(self, field: str | None) -> str:
        """The column as the template's header names it."""
        names = {
            "name": self.tr("Name"),
            "phone": self.tr("Phone"),
            "gender": self.tr("Gender"),
            "source": self.tr("Source"),
            "intent": self.tr("Intent"),
            "tags": self.tr("Tags"),
            "budget_wan": self.tr("Budget"),
            "layout": self.tr("Layout"),
            "area": self.tr("Area"),
            "purpose": self.tr("Purpose"),
            "note": self.tr("Note"),
            "owner": self.tr("Consultant"),
        }
        return names.get(field or "", field or "—")

    def confirm(self) -> None:
        if self.staged is None or self.busy:
            return
        req = ImportConfirmRequest(
            batch_id=self.staged.batch_id,
            merge_duplicates=self.merge.isChecked(),
            skip_bad_rows=self.good_only.isChecked(),
        )
        self._busy(self.tr("Importing…"))
        self.job = self.conn.request(
            "customers.import_confirm", req, alive(self, self._done), alive(self, self._failed)
        )

    def _done(self, done: ImportDone) -> None:
        self._idle()
        self.progress_row.show()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.stage_label.setText(self.tr("Done"))
        self.options.hide()
        self.staged = None
        self.message.show_info(
            self.tr("Imported: {created} new customers, {merged} merged into existing ones.").format(
                created=done.created, merged=done.merged
            )
        )
        self._buttons()
        self.finished.emit(True)

    def _idle(self) -> None:
        self.busy = False
        self.progress_row.hide()
        self._buttons()

    def _failed(self, error: ErrorBody) -> None:
        self._idle()
        self.message.show_error(error_text(error))
        if error.code is ErrorCode.IMPORT_REJECTED and error.details:
            self._show_errors(error.details)
        self.finished.emit(False)

    def _buttons(self) -> None:
        idle = not self.busy
        self.template_button.setEnabled(idle)
        self.choose_button.setEnabled(idle)
        self.upload_button.setEnabled(idle and self.file_path is not None and self.project_id is not None)
        self.confirm_button.setEnabled(idle and self.staged is not None and self.staged.valid_rows > 0)
        self.export_button.setEnabled(idle and self.project_id is not None)
        self.upload_button.setDefault(self.staged is None)
        self.confirm_button.setDefault(self.staged is not None)
        if self.staged is not None:
            self.errors.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

"""房源导入: pick or create a project, download the Excel template, import a filled-in file, see every bad row."""

from __future__ import annotations

from pathlib import Path

import msgspec
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.ui.qt_admin_common import QtMessageLabel, QtRequestDialog, alive, cell, make_table, server_message
from client.ui.qt_connection import QtConnection
from shared.protocol.envelope import MAX_MESSAGE_BYTES, Event
from shared.protocol.errors import ErrorBody, ErrorCode, ErrorDetail
from shared.protocol.messages.catalog import (
    CreateProjectRequest,
    ImportUnitsReply,
    ImportUnitsRequest,
    ProjectInfo,
    ProjectList,
)
from shared.protocol.messages.common import FileContent
from shared.protocol.messages.system import JobProgress

# Room for the envelope around the file, so a file under the limit is never refused as too large.
MAX_FILE_BYTES = MAX_MESSAGE_BYTES - 64 * 1024


class QtProjectDialog(QtRequestDialog):
    """新建楼盘: a project's name (unique), city and address."""

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(conn, self.tr("New project"), self.tr("Create"), parent)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.city_edit = QLineEdit(self)
        self.city_edit.setMaxLength(50)
        self.address_edit = QLineEdit(self)
        self.address_edit.setMaxLength(200)
        self.form.addRow(self.tr("&Name"), self.name_edit)
        self.form.addRow(self.tr("&City"), self.city_edit)
        self.form.addRow(self.tr("&Address"), self.address_edit)
        self.name_edit.setFocus()

    def build_request(self) -> tuple[str, msgspec.Struct] | None:
        name = self.name_edit.text().strip()
        if not name:
            self.error_label.show_error(self.tr("Enter the project's name."))
            return None
        return "projects.create", CreateProjectRequest(
            name=name, city=self.city_edit.text().strip(), address=self.address_edit.text().strip()
        )


class QtImportPage(QWidget):
    """All rows or none: the server checks the whole file first, and this page lists every reason it gave."""

    template_saved = Signal(str)  # the path written
    import_finished = Signal(bool)  # True when the units were imported

    def __init__(self, conn: QtConnection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conn = conn
        self.projects: list[ProjectInfo] = []
        self.file_path: Path | None = None
        self.job_events: list[JobProgress] = []  # progress events of the latest import, for the curious
        self.dialog: QtProjectDialog | None = None
        self._job: str | None = None
        self._running = False
        self._shown_once = False
        self._select_project: int | None = None

        self.project_combo = QComboBox(self)
        self.project_combo.setMinimumWidth(320)
        self.new_project_button = QPushButton(self.tr("New project…"), self)
        self.new_project_button.clicked.connect(self.new_project)
        project_label = QLabel(self.tr("&Project"), self)
        project_label.setBuddy(self.project_combo)
        project_row = QHBoxLayout()
        project_row.addWidget(project_label)
        project_row.addWidget(self.project_combo)
        project_row.addWidget(self.new_project_button)
        project_row.addStretch(1)

        steps = QLabel(
            self.tr(
                "1. Download the template and fill in one unit per row.   2. Choose the filled-in "
                "file.   3. Import: if any row is wrong, nothing is imported."
            ),
            self,
        )
        steps.setWordWrap(True)
        steps.setStyleSheet("color: #5F6368;")
        self.template_button = QPushButton(self.tr("Download template…"), self)
        self.template_button.clicked.connect(self.download_template)
        self.choose_button = QPushButton(self.tr("Choose file…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("No file chosen"), self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        file_row = QHBoxLayout()
        file_row.addWidget(self.template_button)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.import_button)

        self.stage_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        # Shown from the start of an import until the next failure.
        self.progress_row = QWidget(self)
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.stage_label)
        progress_layout.addWidget(self.progress, 1)
        self.progress_row.hide()

        self.message = QtMessageLabel(self)
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.error_table = make_table([self.tr("Row"), self.tr("Field"), self.tr("Reason")], self)
        self.error_table.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(project_row)
        layout.addWidget(steps)
        layout.addLayout(file_row)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.message)
        layout.addWidget(self.error_table, 1)
        layout.addStretch(0)
        self.conn.event_received.connect(self._on_event)
        self._update_buttons()

    # Projects ------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.load_projects()

    def load_projects(self) -> None:
        self.conn.request("projects.list", None, alive(self, self._projects_loaded), alive(self, self._failed))

    def _projects_loaded(self, reply: ProjectList) -> None:
        keep = self._select_project or self.project_id()
        self._select_project = None
        self.projects = reply.projects
        self.project_combo.clear()
        for p in self.projects:
            place = " · ".join(part for part in (p.city, p.address) if part)
            self.project_combo.addItem(f"{p.name}（{place}）" if place else p.name, p.id)
        index = self.project_combo.findData(keep) if keep is not None else -1
        self.project_combo.setCurrentIndex(max(index, 0) if self.projects else -1)
        self._update_buttons()

    def project_id(self) -> int | None:
        data = self.project_combo.currentData()
        return int(data) if data is not None else None

    def new_project(self) -> None:
        dialog = QtProjectDialog(self.conn, self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._project_created(dialog.reply))
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()

    def _project_created(self, project: ProjectInfo) -> None:
        self._select_project = project.id
        self.message.show_info(self.tr("Created project {name}.").format(name=project.name))
        self.load_projects()

    # Template ------------------------------------------------------------------------------------
    def ask_save_path(self) -> str:
        """Where to save the template; empty when cancelled. Tests call save_template_to instead."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the import template"),
            str(Path.home() / self.tr("unit-import-template.xlsx")),
            self.tr("Excel workbook (*.xlsx)"),
        )
        return path

    def download_template(self) -> None:
        path = self.ask_save_path()
        if path:
            self.save_template_to(path)

    def save_template_to(self, path: str | Path) -> None:
        self.template_button.setEnabled(False)
        self.conn.request(
            "units.template",
            None,
            alive(self, lambda f: self._template_arrived(f, Path(path))),
            alive(self, self._template_failed),
        )

    def _template_arrived(self, template: FileContent, path: Path) -> None:
        self._update_buttons()
        try:
            path.write_bytes(template.content)
        except OSError as exc:
            self.message.show_error(self.tr("Could not save the template: {reason}").format(reason=exc.strerror))
            return
        self.message.show_info(self.tr("Template saved to {path}").format(path=path))
        self.template_saved.emit(str(path))

    def _template_failed(self, error: ErrorBody) -> None:
        self._update_buttons()
        self.message.show_error(server_message(error))

    # Import --------------------------------------------------------------------------------------
    def ask_open_path(self) -> str:
        """The file to import; empty when cancelled. Tests call choose/import_file instead."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the file to import"), str(Path.home()), self.tr("Excel workbook (*.xlsx)")
        )
        return path

    def choose_file(self) -> None:
        path = self.ask_open_path()
        if path:
            self.set_file(path)

    def set_file(self, path: str | Path) -> None:
        self.file_path = Path(path)
        self.file_label.setText(self.file_path.name)
        self.file_label.setToolTip(str(self.file_path))
        self._update_buttons()

    def import_file(self, path: str | Path) -> None:
        """选择文件 then 导入, in one step."""
        self.set_file(path)
        self.start_import()

    def start_import(self) -> None:
        project_id = self.project_id()
        if self._running or self.file_path is None:
            return
        if project_id is None:
            self.message.show_error(self.tr("Choose a project first, or create one."))
            return
        try:
            content = self.file_path.read_bytes()
        except OSError as exc:
            self.message.show_error(self.tr("Could not read the file: {reason}").format(reason=exc.strerror))
            return
        if len(content) > MAX_FILE_BYTES:
            self.message.show_error(
                self.tr("The file is larger than {mb} MB; split it into several files.").format(
                    mb=MAX_FILE_BYTES // (1024 * 1024)
                )
            )
            return
        self.message.clear_message()
        self.error_table.hide()
        self.job_events = []
        self._running = True
        self._update_buttons()
        self._busy(self.tr("Uploading and checking…"))
        request = ImportUnitsRequest(project_id=project_id, filename=self.file_path.name[:255], content=content)
        # The request id is also the idempotency key, which the server's job.progress events carry.
        self._job = self.conn.request(
            "units.import", request, alive(self, self._imported), alive(self, self._import_failed)
        )

    def _busy(self, text: str) -> None:
        self.stage_label.setText(text)
        self.progress_row.show()
        self.progress.setRange(0, 0)  # total unknown: an indeterminate, moving bar

    def _on_event(self, type_: str, payload: object, event: Event) -> None:
        if type_ != "job.progress" or not isinstance(payload, JobProgress) or payload.job != self._job:
            return
        self.job_events.append(payload)
        if not self._running:
            return  # a straggler after the reply: the bar already shows the end
        if payload.stage == "import" and payload.total > 0:
            self.stage_label.setText(
                self.tr("Importing {done} / {total}").format(done=payload.done, total=payload.total)
            )
            self.progress.setRange(0, payload.total)
            self.progress.setValue(payload.done)
        elif payload.stage == "done":
            self.progress.setRange(0, max(payload.total, 1))
            self.progress.setValue(self.progress.maximum())
        else:
            self._busy(self.tr("Checking every row…"))

    def _imported(self, reply: ImportUnitsReply) -> None:
        self._running = False
        self.progress.setRange(0, max(reply.units_created, 1))
        self.progress.setValue(self.progress.maximum())
        self.stage_label.setText(self.tr("Done"))
        self.message.show_info(
            self.tr("Imported {units} units and created {buildings} buildings.").format(
                units=reply.units_created, buildings=reply.buildings_created
            )
        )
        self._update_buttons()
        self.import_finished.emit(True)

    def _import_failed(self, error: ErrorBody) -> None:
        self._running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_row.hide()
        if error.code == ErrorCode.IMPORT_REJECTED and error.details:
            self.show_rejection(error.details)
        else:
            self.message.show_error(server_message(error))
        self._update_buttons()
        self.import_finished.emit(False)

    def show_rejection(self, details: list[ErrorDetail]) -> None:
        rows = {d.row for d in details if d.row is not None}
        self.message.show_error(
            self.tr(
                "Nothing was imported. The file has {count} problems in {rows} rows: "
                "correct all of them, then import the whole file again."
            ).format(count=len(details), rows=len(rows))
        )
        ordered = sorted(details, key=lambda d: d.row if d.row is not None else 0)
        self.error_table.setRowCount(len(ordered))
        for n, d in enumerate(ordered):
            row_item = cell(str(d.row) if d.row is not None else "—")
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.error_table.setItem(n, 0, row_item)
            self.error_table.setItem(n, 1, cell(self.field_label(d.field)))
            reason = cell(d.message)
            reason.setToolTip(d.message)
            self.error_table.setItem(n, 2, reason)
        self.error_table.setColumnWidth(0, 80)
        self.error_table.setColumnWidth(1, 130)
        self.error_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.error_table.show()

    def field_label(self, field: str | None) -> str:
        """The column's name as the template's header shows it."""
        labels = {
            "building": self.tr("Building"),
            "floor": self.tr("Floor"),
            "number": self.tr("Unit number"),
            "layout": self.tr("Layout"),
            "gross_area": self.tr("Gross area"),
            "inner_area": self.tr("Inner area"),
            "orientation": self.tr("Orientation"),
            "list_price": self.tr("List price"),
        }
        return labels.get(field or "", field or "—")

    def _failed(self, error: ErrorBody) -> None:
        self.message.show_error(server_message(error))

    def _update_buttons(self) -> None:
        idle = not self._running
        for widget in (self.project_combo, self.new_project_button, self.choose_button):
            widget.setEnabled(idle)
        self.template_button.setEnabled(idle)
        self.import_button.setEnabled(idle and self.file_path is not None and bool(self.projects))

    @property
    def running(self) -> bool:
        return self._running

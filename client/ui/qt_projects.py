"""The project combo box several workspaces start with."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from shared.protocol.messages.catalog import ProjectInfo


def fill_projects(combo: QComboBox, projects: list[ProjectInfo], keep: int | None) -> None:
    """Lists the projects by name, keeping `keep` chosen while it exists (else the first), without signals."""
    combo.blockSignals(True)
    combo.clear()
    for project in projects:
        combo.addItem(project.name, project.id)
    index = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(index, 0) if projects else -1)
    combo.blockSignals(False)

"""Human labels for openings: modes, statuses and the colours their status chips use."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from shared.domain import OpeningMode, OpeningStatus

translate = QCoreApplication.translate

# Status chip colours (fill, text): scheduled blue, running green, paused amber, closed grey.
STATUS_CHIP: dict[OpeningStatus, tuple[str, str]] = {
    OpeningStatus.SCHEDULED: ("#E3F2FD", "#0D47A1"),
    OpeningStatus.RUNNING: ("#E8F5E9", "#1B5E20"),
    OpeningStatus.PAUSED: ("#FFF8E1", "#8D5B00"),
    OpeningStatus.CLOSED: ("#ECEFF1", "#37474F"),
}


def mode_label(mode: OpeningMode) -> str:
    labels = {
        OpeningMode.RUSH: translate("OpeningLabels", "Rush"),
        OpeningMode.LOTTERY: translate("OpeningLabels", "Lottery"),
        OpeningMode.REHEARSAL: translate("OpeningLabels", "Rehearsal"),
    }
    return labels[mode]


def mode_hint(mode: OpeningMode) -> str:
    hints = {
        OpeningMode.RUSH: translate("OpeningLabels", "From T0 every buyer may pick; the first decision wins."),
        OpeningMode.LOTTERY: translate(
            "OpeningLabels", "Buyers pick one at a time in a recorded random order, a fixed number of seconds each."
        ),
        OpeningMode.REHEARSAL: translate(
            "OpeningLabels", "Like a rush, but nothing is sold: the picks show which units are wanted."
        ),
    }
    return hints[mode]


def opening_status_label(status: OpeningStatus) -> str:
    labels = {
        OpeningStatus.SCHEDULED: translate("OpeningLabels", "Scheduled"),
        OpeningStatus.RUNNING: translate("OpeningLabels", "Running"),
        OpeningStatus.PAUSED: translate("OpeningLabels", "Paused"),
        OpeningStatus.CLOSED: translate("OpeningLabels", "Closed"),
    }
    return labels[status]


def chip_style(status: OpeningStatus) -> str:
    fill, text = STATUS_CHIP[status]
    return f"background: {fill}; color: {text}; border-radius: 10px; padding: 2px 12px; font-weight: bold;"

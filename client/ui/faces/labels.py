"""Labels for the faces family, in the user's language (Qt translations, context FaceLabels), and thumbnails."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap

from shared.protocol.messages.faces import CameraLocation, FaceDecision, FaceEventInfo, PersonKind
from shared.protocol.messages.faces_alerts import AlertKind, AlertStatus

translate = QCoreApplication.translate


def place(location: CameraLocation) -> str:
    return {
        CameraLocation.ENTRANCE: translate("FaceLabels", "entrance"),
        CameraLocation.HALL: translate("FaceLabels", "sales hall"),
        CameraLocation.SIGNING_ROOM: translate("FaceLabels", "signing room"),
    }[location]


def arrival_text(e: FaceEventInfo) -> str:
    """What the front desk needs to know about one face, in one line."""
    where = place(e.location)
    if e.decision is FaceDecision.REVIEW:
        name = e.candidate_name or translate("FaceLabels", "a known visitor")
        return translate("FaceLabels", "Possibly {name} at the {place}: please ask").format(name=name, place=where)
    if e.customer_id is not None:
        if e.owner_name:
            text = translate("FaceLabels", "Returning customer {name} (consultant {owner}) at the {place}")
            return text.format(name=e.customer_name, owner=e.owner_name, place=where)
        text = translate("FaceLabels", "Returning customer {name} (no consultant yet) at the {place}")
        return text.format(name=e.customer_name, place=where)
    if e.person_kind is PersonKind.STAFF:
        return translate("FaceLabels", "Staff {name} at the {place}").format(name=e.person_label, place=where)
    if e.decision is FaceDecision.MATCH:
        return translate("FaceLabels", "Unregistered visitor seen before, at the {place}: register them").format(
            place=where
        )
    return translate("FaceLabels", "New visitor at the {place}: register them").format(place=where)


def alert_kind(kind: AlertKind) -> str:
    return {
        AlertKind.FLY_ORDER: translate("FaceLabels", "Channel claim on an earlier visitor"),
        AlertKind.HIDDEN_VISIT: translate("FaceLabels", "Visit not registered"),
        AlertKind.FOREIGN_MEETING: translate("FaceLabels", "Met another consultant's customer"),
        AlertKind.DUPLICATE_IDENTITY: translate("FaceLabels", "One face, two customers"),
    }[kind]


def alert_status(status: AlertStatus) -> str:
    return {
        AlertStatus.OPEN: translate("FaceLabels", "Open"),
        AlertStatus.CONFIRMED: translate("FaceLabels", "Confirmed"),
        AlertStatus.DISMISSED: translate("FaceLabels", "Dismissed"),
    }[status]


def capacity_level(level: str) -> str:
    return {
        "ok": translate("FaceLabels", "normal"),
        "warning": translate("FaceLabels", "warning"),
        "limit": translate("FaceLabels", "filing threshold reached"),
    }.get(level, level)


def thumbnail(jpeg: bytes, size: int = 72) -> QPixmap:
    pixmap = QPixmap()
    if not jpeg or not pixmap.loadFromData(jpeg, "JPG"):
        empty = QPixmap(size, size)
        empty.fill(Qt.GlobalColor.lightGray)
        return empty
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)

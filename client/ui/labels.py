"""Human labels for the domain's enums, server error text in the user's language, and number formats."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from shared.domain import Role, UnitStatus
from shared.protocol.errors import ErrorBody

translate = QCoreApplication.translate

# The order statuses appear in legends, filters and the manager's status list: the sales funnel.
STATUS_ORDER: tuple[UnitStatus, ...] = (
    UnitStatus.AVAILABLE,
    UnitStatus.HELD,
    UnitStatus.SUBSCRIBED,
    UnitStatus.SIGNED,
    UnitStatus.SOLD,
    UnitStatus.NOT_RELEASED,
    UnitStatus.RESERVED,
    UnitStatus.UNAVAILABLE,
)


def role_label(role: Role) -> str:
    labels = {
        Role.ADMIN: translate("Labels", "System administrator"),
        Role.SALES_MANAGER: translate("Labels", "Sales manager"),
        Role.CONSULTANT: translate("Labels", "Sales consultant"),
        Role.FRONT_DESK: translate("Labels", "Front desk"),
        Role.FINANCE: translate("Labels", "Finance"),
    }
    return labels[role]


def status_label(status: UnitStatus) -> str:
    labels = {
        UnitStatus.NOT_RELEASED: translate("Labels", "Not released"),
        UnitStatus.AVAILABLE: translate("Labels", "Available"),
        UnitStatus.HELD: translate("Labels", "Held"),
        UnitStatus.SUBSCRIBED: translate("Labels", "Subscribed"),
        UnitStatus.SIGNED: translate("Labels", "Signed"),
        UnitStatus.SOLD: translate("Labels", "Sold"),
        UnitStatus.RESERVED: translate("Labels", "Reserved"),
        UnitStatus.UNAVAILABLE: translate("Labels", "Unavailable"),
    }
    return labels[status]


def error_text(error: ErrorBody) -> str:
    """The server's own sentence: Chinese unless the user chose English (the server sends both)."""
    if QLocale().language() == QLocale.Language.English:
        return error.message_en
    return error.message


def format_price(amount: Decimal) -> str:
    """¥3,856,800 for whole yuan, ¥3,856,800.50 otherwise."""
    places = ",.0f" if amount == amount.to_integral_value() else ",.2f"
    return f"¥{format(amount, places)}"


def format_area(area: Decimal) -> str:
    return f"{area:.2f}㎡"


def floor_label(floor: int) -> str:
    return translate("Labels", "Floor {floor}").format(floor=floor)

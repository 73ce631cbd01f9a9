"""Which CRM commands a role may send: a convenience copy of the server's table so screens offer only what
could succeed. The server decides every command (server/permissions.py); tests/ui/test_crm_permissions.py keeps
this copy equal to it."""

from __future__ import annotations

from shared.domain import Role

M, C, F, D = Role.SALES_MANAGER, Role.CONSULTANT, Role.FINANCE, Role.FRONT_DESK

ROLES: dict[str, frozenset[Role]] = {
    "customers.search": frozenset({M, C}),
    "customers.create": frozenset({M, C}),
    "customers.update": frozenset({M, C}),
    "customers.claim": frozenset({M, C}),
    "customers.assign": frozenset({M}),
    "customers.reveal_id": frozenset({M, F}),
    "customers.import_upload": frozenset({M}),
    "customers.export": frozenset({M}),
    "followups.add": frozenset({M, C}),
    "followups.overdue": frozenset({M}),
    "crm.settings_set": frozenset({M}),
    "crm.consultants": frozenset({M}),
    "visits.register": frozenset({M, D}),
    "rotation.check_in": frozenset({M, C}),
    "rotation.fairness": frozenset({M}),
    "channels.create": frozenset({M}),
    "channels.set_rule": frozenset({M}),
    "channels.set_commission": frozenset({M}),
    "reports.submit": frozenset({M, D}),
    "reports.list": frozenset({M, D}),
    "reports.confirm_visit": frozenset({M, D}),
    "appeals.file": frozenset({M, D}),
    "appeals.decide": frozenset({M}),
    "attribution.get": frozenset({M}),
    "attribution.decide": frozenset({M}),
    "attribution.evidence_pack": frozenset({M}),
}
# rotation.check_in/out for someone else: a record-level rule of the handler, not a permission.
CHECKS_OTHERS_IN: frozenset[Role] = frozenset({M})


def may(role: Role, command: str) -> bool:
    return role in ROLES[command]

"""Command handlers, one module per message family; `build_router` collects them all."""

from __future__ import annotations

from server.handlers import (  # CRM (issue 4)
    audit,
    auth,
    catalog,
    crm_channels,
    crm_customers,
    crm_import,
    crm_notices,
    crm_visits,
    openings,
    prices,
    sales,
    system,
    users,
)
from server.handlers import faces as faces_handlers  # Faces (issue 5)
from server.router import Router


def build_router() -> Router:
    router = Router()
    for family in (system, auth, users, audit, catalog, sales, prices, openings):
        family.register(router)
    for crm_family in (crm_customers, crm_import, crm_visits, crm_channels, crm_notices):
        crm_family.register(router)
    faces_handlers.register(router)
    return router

"""Command handlers, one module per message family; `build_router` collects them all."""

from __future__ import annotations

from server.handlers import audit, auth, catalog, openings, prices, sales, system, users
from server.router import Router


def build_router() -> Router:
    router = Router()
    for family in (system, auth, users, audit, catalog, sales, prices, openings):
        family.register(router)
    return router

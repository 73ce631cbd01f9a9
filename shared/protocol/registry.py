"""The registry from message type name to payload struct: every command and event the protocol knows."""

from __future__ import annotations

import msgspec

from shared.protocol.messages import audit, auth, catalog, crm, faces, opening, prices, sales, system
from shared.protocol.messages.common import Empty, FileContent
from shared.protocol.spec import CommandSpec
from shared.protocol.spec import spec as _spec

COMMANDS: dict[str, CommandSpec] = {
    s.name: s
    for s in (
        _spec("hello", system.HelloRequest, system.HelloReply, "Negotiate the protocol version", needs_session=False),
        _spec("ping", system.PingRequest, system.PingReply, "Liveness check within a session"),
        _spec(
            "auth.login",
            auth.LoginRequest,
            auth.LoginReply,
            "Sign in; returns a session token",
            mutating=True,
            needs_session=False,
        ),
        _spec("auth.logout", Empty, Empty, "End this session", mutating=True),
        _spec("auth.whoami", Empty, auth.UserInfo, "The signed-in user"),
        _spec("auth.change_password", auth.ChangePasswordRequest, Empty, "Change one's own password", mutating=True),
        _spec("users.list", Empty, auth.UserList, "All users"),
        _spec("users.create", auth.CreateUserRequest, auth.UserInfo, "Create a user", mutating=True),
        _spec("users.update", auth.UpdateUserRequest, auth.UserInfo, "Change a user's name or role", mutating=True),
        _spec("users.set_active", auth.SetUserActiveRequest, auth.UserInfo, "Enable or disable a user", mutating=True),
        _spec(
            "users.reset_password",
            auth.ResetPasswordRequest,
            Empty,
            "Set a new password that must be changed at next sign-in",
            mutating=True,
        ),
        _spec("audit.query", audit.AuditQuery, audit.AuditPage, "Browse and filter the audit trail"),
        _spec("projects.list", Empty, catalog.ProjectList, "All projects"),
        _spec("projects.create", catalog.CreateProjectRequest, catalog.ProjectInfo, "Create a project", mutating=True),
        _spec("board.snapshot", catalog.BoardRequest, catalog.Board, "A project's buildings and units, with seq"),
        _spec("units.get", catalog.UnitRef, catalog.UnitInfo, "One unit"),
        _spec(
            "units.set_status",
            catalog.SetUnitStatusRequest,
            catalog.UnitInfo,
            "Set a unit's status directly (manager)",
            mutating=True,
        ),
        _spec("units.hold", sales.HoldRequest, catalog.UnitInfo, "Hold an available unit (锁定)", mutating=True),
        _spec("units.release", sales.UnitActionRequest, catalog.UnitInfo, "Release a hold", mutating=True),
        _spec(
            "units.subscribe",
            sales.SubscribeRequest,
            catalog.UnitInfo,
            "Subscribe (认购) with a deposit",
            mutating=True,
        ),
        _spec(
            "units.sign", sales.UnitActionRequest, catalog.UnitInfo, "Mark a subscription signed (签约)", mutating=True
        ),
        _spec(
            "units.cancel",
            sales.UnitActionRequest,
            catalog.UnitInfo,
            "Cancel a subscription or contract",
            mutating=True,
        ),
        _spec("units.mine", sales.MyUnitsRequest, sales.UnitList, "Units I hold, subscribed or signed"),
        _spec(
            "prices.create",
            prices.CreatePriceListRequest,
            prices.PriceListInfo,
            "Draft a new price list version for a building",
            mutating=True,
        ),
        _spec("prices.list", prices.BuildingRef, prices.PriceLists, "A building's price list versions"),
        _spec("prices.get", prices.PriceListRef, prices.PriceListDetail, "One price list with its prices"),
        _spec(
            "prices.approve",
            prices.PriceListRef,
            prices.PriceListInfo,
            "Approve a draft: it becomes the active list and prices the units",
            mutating=True,
        ),
        _spec("openings.create", opening.CreateOpeningRequest, opening.OpeningInfo, "Create an opening", mutating=True),
        _spec("openings.list", opening.ListOpeningsRequest, opening.OpeningList, "A project's openings"),
        _spec("openings.buyers_template", Empty, FileContent, "The Excel template for the 认筹 list"),
        _spec(
            "openings.import_buyers",
            opening.ImportBuyersRequest,
            opening.ImportBuyersReply,
            "Import the 认筹 list: all rows or none",
            mutating=True,
        ),
        _spec("openings.pause", opening.OpeningRef, opening.OpeningInfo, "Pause a running opening", mutating=True),
        _spec("openings.resume", opening.OpeningRef, opening.OpeningInfo, "Resume a paused opening", mutating=True),
        _spec("openings.close", opening.OpeningRef, opening.OpeningInfo, "Close an opening", mutating=True),
        _spec("openings.stats", opening.OpeningRef, opening.OpeningStats, "Live counts and the heat map"),
        _spec("openings.export_log", opening.ExportLogRequest, FileContent, "The fairness log as CSV or JSON"),
        _spec(
            "buyer.login",
            opening.BuyerLoginRequest,
            opening.BuyerSession,
            "A buyer signs in at an opening with phone + 认筹号",
            needs_session=False,
        ),
        _spec("buyer.board", Empty, opening.KioskBoard, "The opening's units for the kiosk"),
        _spec("buyer.me", Empty, opening.BuyerInfo, "The signed-in buyer"),
        _spec(
            "buyer.pick",
            opening.PickRequest,
            opening.PickResult,
            "Pick the first available of ranked choices",
            mutating=True,
        ),
        _spec("units.template", Empty, FileContent, "The Excel template for unit import"),
        _spec(
            "units.import",
            catalog.ImportUnitsRequest,
            catalog.ImportUnitsReply,
            "Import units from Excel: all rows or none",
            mutating=True,
        ),
        # Newer families list their own commands beside their payloads.
        *crm.COMMANDS,
        *faces.COMMANDS,
    )
}

EVENTS: dict[str, type[msgspec.Struct]] = {
    "heartbeat": system.Heartbeat,
    "job.progress": system.JobProgress,
    "unit.changed": catalog.UnitChanged,
    "units.imported": catalog.UnitsImported,
    "opening.progress": opening.OpeningProgress,
    "opening.units": opening.UnitsAvailability,
    **crm.EVENTS,
    **faces.EVENTS,
}

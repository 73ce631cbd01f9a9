"""`showroom server` and `showroom admin …`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from server.app import READY_FILE, ServerApp
from server.config import Settings
from server.logs import setup_logging
from shared.domain import Role
from shared.protocol.errors import ShowroomError


def settings_from(args: argparse.Namespace, **overrides: object) -> Settings:
    data_dir: Path | None = getattr(args, "data_dir", None)
    return Settings.from_env(data_dir, **overrides)


def run_server(args: argparse.Namespace) -> int:
    settings = settings_from(
        args,
        host=args.host,
        command_port=args.port,
        event_port=args.event_port,
        public_host=args.public_host,
        workers=args.workers,
    )
    setup_logging(settings.log_dir)
    app = ServerApp(settings)
    try:
        app.start()
    except BaseException:
        app.stop()
        raise
    print(f"Showroom server running. Pairing file for clients: {app.pairing_path}", flush=True)
    app.serve_forever()
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("New password: ")
    if first != getpass.getpass("Repeat it: "):
        raise SystemExit("the passwords differ")
    return first


def run_admin(args: argparse.Namespace) -> int:
    from server.admin import create_user, reset_password
    from server.db.engine import open_database
    from server.keys import load_or_create, pairing_document

    settings = settings_from(args)
    if args.admin_command == "pairing":
        ready = settings.data_dir / READY_FILE
        ports = json.loads(ready.read_text("utf-8")) if ready.exists() else {}
        doc = pairing_document(
            load_or_create(settings.data_dir),
            args.host,
            ports.get("command_port", args.port),
            ports.get("event_port", args.event_port),
            settings.server_name,
        )
        if args.out:
            args.out.write_text(doc, "utf-8")
            print(f"pairing file written to {args.out}")
        else:
            print(doc)
        return 0
    if args.admin_command == "verify-opening":
        return verify_opening(args, settings)
    password = _read_password(args) if args.admin_command in ("create-user", "reset-password") else ""
    database = open_database(settings)
    try:
        with database.sessions() as db, db.begin():
            if args.admin_command == "create-user":
                user = create_user(db, args.username, args.name, Role(args.role), password)
                print(f"created {user.username} ({user.role}); the password must be changed at first sign-in")
            elif args.admin_command == "reset-password":
                reset_password(db, args.username, password)
                print(f"password of {args.username} reset; the account is unlocked and enabled")
            else:
                print("database schema is up to date")
    except ShowroomError as err:
        print(f"error: {err.message} ({err.message_en})", file=sys.stderr)
        return 1
    finally:
        database.close(only_if_started_here=True)
    return 0


def verify_opening(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when the log is intact and fair, 1 with every problem listed when not, 2 when there is no log."""
    from server.db.engine import open_database
    from server.engine import fairness, journal

    quotas: dict[int, int] | None = None
    if args.file is not None:
        rows = fairness.from_json(args.file.read_bytes())
        source = str(args.file)
    elif args.opening_id is not None:
        database = open_database(settings)
        try:
            with database.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                rows = journal.log_rows(raw, args.opening_id)
                quotas = journal.quotas(raw, args.opening_id)
        finally:
            database.close(only_if_started_here=True)
        source = f"opening {args.opening_id}"
    else:
        print("error: give an opening id or --file", file=sys.stderr)
        return 2
    if not rows:
        print(f"error: no fairness log for {source}", file=sys.stderr)
        return 2
    verdict = fairness.verify(rows, quotas)
    print(f"{source}: {verdict.rows} rows, {verdict.picks} picks, {verdict.allocated} units allocated")
    if verdict.ok:
        print(
            f"OK: hash chain intact, numbering continuous, no unit allocated twice{', quotas kept' if quotas else ''}"
        )
        print(f"last hash {rows[-1][2]}")
        return 0
    for problem in verdict.problems:
        print(f"PROBLEM: {problem}")
    return 1

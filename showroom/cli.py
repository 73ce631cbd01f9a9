"""Argument parsing for `showroom`; each subcommand imports its own package only when it runs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def _server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, help="data directory (default: $SHOWROOM_DATA_DIR or the OS's)")


def _run_server(args: argparse.Namespace) -> int:
    from server.cli import run_server

    return run_server(args)


def _run_admin(args: argparse.Namespace) -> int:
    from server.cli import run_admin

    return run_admin(args)


def _run_demo(args: argparse.Namespace) -> int:
    from showroom.demo import run_demo

    return int(run_demo(args))


def _run_client(args: argparse.Namespace) -> int:
    from client.app import main as client_main

    return int(client_main(_own_args(args.client_args)))


def _run_camera(args: argparse.Namespace) -> int:
    from camera.cli import main as camera_main

    return int(camera_main(_own_args(args.camera_args)))


def _run_faces_admin(args: argparse.Namespace) -> int:
    """Faces (issue 5): calibrate-faces embeds photos with the camera's models, the server stores."""
    from server.cli import settings_from
    from server.faces.admin_cli import run

    labelled = None
    if args.admin_command == "calibrate-faces":
        from camera.calibrate import embed_folder
        from camera.config import ModelSettings

        models = ModelSettings.from_env(
            models_dir=args.models_dir, pack=args.pack, detector=args.detector, recogniser=args.recogniser
        )
        labelled = embed_folder(args.folder, models)
    return run(args, settings_from(args), labelled)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showroom", description="Showroom 案场管理系统")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="start PostgreSQL, the server and a client on demo data")
    _server_options(demo)
    demo.add_argument("--headless", action="store_true", help="server only; print how to connect")
    demo.add_argument("--port", type=int, default=7310, help="command port (events use port + 1)")
    demo.set_defaults(func=_run_demo)

    server = sub.add_parser("server", help="run the on-site server until SIGINT/SIGTERM")
    _server_options(server)
    server.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")  # noqa: S104
    server.add_argument("--port", type=int, default=7310, help="command port (default 7310)")
    server.add_argument("--event-port", type=int, default=7311, help="event port (default 7311)")
    server.add_argument("--public-host", help="host name clients use, written into the pairing file")
    server.add_argument("--workers", type=int, default=4, help="command worker threads")
    server.set_defaults(func=_run_server)

    client = sub.add_parser("client", help="the desktop client", add_help=False)
    client.add_argument("client_args", nargs=argparse.REMAINDER)
    client.set_defaults(func=_run_client)

    camera = sub.add_parser("camera", help="the face-camera service", add_help=False)
    camera.add_argument("camera_args", nargs=argparse.REMAINDER)
    camera.set_defaults(func=_run_camera)

    admin = sub.add_parser("admin", help="maintenance on the server machine")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    migrate = admin_sub.add_parser("migrate", help="bring the database schema up to date")
    _server_options(migrate)
    create = admin_sub.add_parser("create-user", help="create a user (password read from the terminal or stdin)")
    _server_options(create)
    create.add_argument("username")
    create.add_argument(
        "--role", required=True, choices=["admin", "sales_manager", "consultant", "front_desk", "finance"]
    )
    create.add_argument("--name", required=True, help="display name, e.g. 王磊")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reset = admin_sub.add_parser("reset-password", help="set a new password and unlock the account")
    _server_options(reset)
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    pairing = admin_sub.add_parser("pairing", help="export the pairing file clients need")
    _server_options(pairing)
    pairing.add_argument("--host", help="host name or IP the clients use to reach this server")
    pairing.add_argument("--port", type=int, default=7310)
    pairing.add_argument("--event-port", type=int, default=7311)
    pairing.add_argument("--out", type=Path, help="write here instead of standard output")
    verify = admin_sub.add_parser(
        "verify-opening", help="check an opening's fairness log: hash chain, order, one buyer per unit, quotas"
    )
    _server_options(verify)
    verify.add_argument("opening_id", type=int, nargs="?", help="the opening, read from the database")
    verify.add_argument("--file", type=Path, help="an exported fairness log (JSON) instead of the database")
    admin.set_defaults(func=_run_admin)
    from server.faces.cli_args import add_face_commands  # argument parsing only

    add_face_commands(admin_sub, _server_options, _run_faces_admin)
    return parser


def _own_args(rest: list[str]) -> list[str]:
    return rest[1:] if rest[:1] == ["--"] else rest


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    if raw[:1] in (["client"], ["camera"]):
        # They parse their own options; argparse's REMAINDER refuses one that starts the rest (--config).
        raw = [raw[0], "--", *raw[1:]]
    args = build_parser().parse_args(raw)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)

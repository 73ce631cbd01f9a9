"""The desktop client's entry point: options, translations and font, then sign-in and the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog

from client.i18n import SOURCE_LANGUAGE, catalogs
from client.ui.qt_login import QtLoginDialog
from client.ui.qt_main_window import QtMainWindow
from client.ui.style import app_font

ENV_PAIRING = "SHOWROOM_PAIRING"
# For unattended demos only: a password never goes on the command line.
ENV_PASSWORD = "SHOWROOM_PASSWORD"  # noqa: S105 - the variable's name, not a password
LANGUAGES = ("zh_CN", "en")

log = logging.getLogger(__name__)


def default_pairing_path() -> Path:
    env = os.environ.get(ENV_PAIRING)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("showroom", appauthor=False)) / "pairing.json"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="showroom-client", description="Showroom 案场管理 desktop client")
    parser.add_argument(
        "--pairing",
        type=Path,
        default=None,
        help=f"pairing file from the server (default: ${ENV_PAIRING}, else {default_pairing_path()})",
    )
    parser.add_argument("--server", metavar="HOST", help="reach the server under this address instead")
    parser.add_argument("--user", metavar="NAME", help=f"user name; signs in at once when ${ENV_PASSWORD} is set")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh_CN", help="interface language (default zh_CN)")
    parser.add_argument(
        "--kiosk", type=int, metavar="OPENING_ID", help="run as the buyers' kiosk of an opening (full screen)"
    )
    parser.add_argument("--windowed", action="store_true", help="with --kiosk: a window instead of full screen")
    args = parser.parse_args(argv)
    if args.pairing is None:
        args.pairing = default_pairing_path()
    return args


def build_app_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Installs Qt's own catalog and every client catalog for `lang`; returns them (owned by `app`)."""
    QLocale.setDefault(QLocale(lang))
    if lang == SOURCE_LANGUAGE:
        return []
    translators: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_catalog = QTranslator(app)
    if qt_catalog.load(f"qtbase_{lang}", qt_dir):
        translators.append(qt_catalog)
    for path in catalogs(lang):
        translator = QTranslator(app)
        if translator.load(str(path)):
            translators.append(translator)
        else:
            log.warning("cannot load translation catalog %s", path)
    for translator in translators:
        app.installTranslator(translator)
    return translators


def remove_app_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undoes `build_app_translators` (tests switch languages within one process)."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale.system())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Showroom")
    build_app_translators(app, args.lang)
    app.setFont(app_font())
    if args.kiosk is not None:
        return run_kiosk(app, args)
    password = os.environ.get(ENV_PASSWORD, "")
    auto_submit = bool(args.user and password)
    while True:
        dialog = QtLoginDialog(
            args.pairing,
            host=args.server,
            username=args.user or "",
            password=password if auto_submit else "",
            auto_submit=auto_submit,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.login_reply is None:
            return 0
        conn = dialog.take_connection()
        window = QtMainWindow(conn, dialog.login_reply)
        window.show()
        try:
            code = app.exec()
        finally:
            conn.close()
        if not window.is_signed_out:
            return code
        auto_submit = False  # after signing out, the next user types their own password


def run_kiosk(app: QApplication, args: argparse.Namespace) -> int:
    """The hall's buyer kiosk: no staff sign-in; each buyer signs in with phone + 认筹号 and is signed out after."""
    from client.net.pairing import Pairing, PairingError
    from client.ui.qt_connection import QtConnection
    from client.ui.qt_kiosk import KIOSK_TOPICS, QtKioskWindow

    try:
        pairing = Pairing.load(args.pairing)
    except PairingError as exc:
        log.error("%s", exc)
        return 2
    if args.server:
        pairing = pairing.with_host(args.server)
    conn = QtConnection(pairing, topics=KIOSK_TOPICS)
    window = QtKioskWindow(conn, args.kiosk)
    if args.windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    try:
        return app.exec()
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())

"""Test fixtures: one embedded PostgreSQL per test session, a fresh database per test, real servers on loopback."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never read a developer's real settings or data.
os.environ.pop("SHOWROOM_DATABASE_URL", None)

from client.net.pairing import Pairing
from client.net.sync_client import SyncClient
from server.admin import create_user
from server.app import ServerApp
from server.config import Settings
from server.db.embedded import EmbeddedPostgres
from server.db.migrate import upgrade
from shared.domain import Role

TEMPLATE_DB = "showroom_template"
_OWN_BASETEMP = "_showroom_own_basetemp"


def pytest_configure(config: pytest.Config) -> None:
    """A temporary root of this run's own: pytest prunes the numbered roots of other runs it finds beside its
    own, which pulls the data directory from under a concurrent run's embedded PostgreSQL."""
    if not config.option.basetemp:
        config.option.basetemp = str(Path(tempfile.gettempdir()) / f"showroom-pytest-{os.getpid()}")
        setattr(config, _OWN_BASETEMP, config.option.basetemp)


def pytest_unconfigure(config: pytest.Config) -> None:
    own = getattr(config, _OWN_BASETEMP, None)
    if own:
        shutil.rmtree(own, ignore_errors=True)


PASSWORD = "Passw0rd-Test"


def _with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded PostgreSQL, with a migrated template database that each test copies."""
    external = os.environ.get("SHOWROOM_TEST_DATABASE_URL")
    embedded = None
    if external:
        url = external
    else:
        embedded = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "pg")
        url = embedded.start()
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB}"))
        conn.execute(sa.text(f"CREATE DATABASE {TEMPLATE_DB}"))
    template = sa.create_engine(_with_database(url, TEMPLATE_DB))
    upgrade(template)
    template.dispose()
    yield url
    admin.dispose()
    if embedded is not None:
        embedded.stop()


@pytest.fixture
def database_url(pg_url: str) -> Iterator[str]:
    """A database of its own for each test, copied from the migrated template."""
    name = "t_" + uuid.uuid4().hex[:16]
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}"))
    yield _with_database(pg_url, name)
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        host="127.0.0.1",
        command_port=0,
        event_port=0,
        heartbeat_ms=200,
        workers=4,
    )


@pytest.fixture
def server(settings: Settings) -> Iterator[ServerApp]:
    app = ServerApp(settings)
    app.start()
    yield app
    app.stop()


@pytest.fixture
def pairing(server: ServerApp) -> Pairing:
    return Pairing.load(server.pairing_path)


@pytest.fixture
def make_user(server: ServerApp) -> Callable[..., str]:
    """Creates a user straight in the database; returns the user name (password: PASSWORD)."""

    def make(role: Role, username: str | None = None, display_name: str = "测试用户") -> str:
        username = username or f"{role.value}_{uuid.uuid4().hex[:6]}"
        assert server.database is not None
        with server.database.sessions() as db, db.begin():
            create_user(db, username, display_name, role, PASSWORD, must_change=False)
        return username

    return make


@pytest.fixture
def login(pairing: Pairing, make_user: Callable[..., str]) -> Iterator[Callable[..., SyncClient]]:
    """Signs in a fresh user of a role over the real protocol; clients are closed after the test."""
    clients: list[SyncClient] = []

    def sign_in(role: Role, username: str | None = None) -> SyncClient:
        name = make_user(role, username)
        client = SyncClient(pairing, timeout_ms=5000)
        client.login(name, PASSWORD)
        clients.append(client)
        return client

    yield sign_in
    for client in clients:
        client.close()

"""The demo office: seeded once into the data directory, then served by a normal server."""

from __future__ import annotations

import json
import os
import random
import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import platformdirs
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.admin import create_user
from server.app import ServerApp
from server.config import ENV_DATA_DIR, Settings
from server.crm.demo_data import seed_crm
from server.db.models import AuditEntry, Building, Project, Unit
from server.handlers.catalog import natural_key
from server.logs import setup_logging
from shared.domain import Role, UnitStatus

CREDENTIALS_FILE = "demo-credentials.json"
PROJECT = ("云栖湾", "杭州", "杭州市余杭区良渚街道云栖路 88 号")
USERS = (
    ("admin", "王磊", Role.ADMIN),
    ("manager", "陈静", Role.SALES_MANAGER),
    ("consultant", "李娜", Role.CONSULTANT),
    ("consultant2", "赵强", Role.CONSULTANT),
    ("consultant3", "孙丽", Role.CONSULTANT),
    ("frontdesk", "张敏", Role.FRONT_DESK),
    ("finance", "刘洋", Role.FINANCE),
)
# Position on the floor → (layout, gross m², inner m², orientation).
PLANS = {
    1: ("三室两厅两卫", Decimal("128.56"), Decimal("102.30"), "南北"),
    2: ("两室两厅一卫", Decimal("89.32"), Decimal("71.05"), "南"),
    3: ("两室两厅一卫", Decimal("89.32"), Decimal("71.05"), "南"),
    4: ("四室两厅两卫", Decimal("143.88"), Decimal("115.10"), "南北"),
}


def default_demo_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else Path(platformdirs.user_data_dir("showroom-demo", appauthor=False))


def _status_for(rng: random.Random, floor: int) -> UnitStatus:
    if floor >= 16:
        return UnitStatus.NOT_RELEASED
    if floor <= 3:
        return rng.choice([UnitStatus.SOLD, UnitStatus.SOLD, UnitStatus.SIGNED])
    return rng.choices(
        [
            UnitStatus.AVAILABLE,
            UnitStatus.HELD,
            UnitStatus.SUBSCRIBED,
            UnitStatus.SIGNED,
            UnitStatus.RESERVED,
            UnitStatus.UNAVAILABLE,
        ],
        weights=[60, 8, 10, 12, 5, 2],
    )[0]


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "海燕",
)


def _customer(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    return name, f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def seed(db: Session, credentials_path: Path) -> dict[str, str]:
    """Creates the demo office once; later runs read the saved credentials."""
    if db.scalar(select(Project.id).where(Project.name == PROJECT[0])) is not None:
        saved: dict[str, str] = json.loads(credentials_path.read_text("utf-8"))
        return saved
    passwords = {name: f"Demo{secrets.token_hex(3)}{secrets.randbelow(10)}" for name, _, _ in USERS}
    users = {}
    for name, display, role in USERS:
        users[name] = create_user(db, name, display, role, passwords[name], must_change=False)
    sellers = [users[n] for n in ("consultant", "consultant2", "consultant3")]
    now = datetime.now(UTC)
    project = Project(name=PROJECT[0], city=PROJECT[1], address=PROJECT[2])
    db.add(project)
    rng = random.Random(2026)
    for b in (1, 2):
        building = Building(project=project, name=f"{b}号楼", sort_key=natural_key(f"{b}号楼"))
        db.add(building)
        db.flush()
        for floor in range(1, 19):
            for pos, (layout, gross, inner, orientation) in PLANS.items():
                price_per_m2 = Decimal(31_000 + 180 * floor + (600 if pos in (1, 4) else 0))
                status = _status_for(rng, floor)
                unit = Unit(
                    building_id=building.id,
                    floor=floor,
                    number=f"{floor}{pos:02d}",
                    layout=layout,
                    gross_area=gross,
                    inner_area=inner,
                    orientation=orientation,
                    list_price=(gross * price_per_m2).quantize(Decimal("100")),
                    status=status.value,
                    version=1,
                    note="",
                )
                if status in (UnitStatus.HELD, UnitStatus.SUBSCRIBED, UnitStatus.SIGNED, UnitStatus.SOLD):
                    # Owned units have an owner and a customer, as the engine would have left them.
                    seller = rng.choice(sellers)
                    unit.holder_id, unit.holder_name = seller.id, seller.display_name
                    unit.customer_name, unit.customer_phone = _customer(rng)
                    if status is UnitStatus.HELD:
                        unit.hold_expires_at = now + timedelta(minutes=rng.randrange(20, 240))
                    else:
                        unit.deposit = Decimal(50_000)
                db.add(unit)
    db.flush()
    # CRM (issue 4): customers, channels and reports, today's visitors through the rotation.
    seed_crm(db, project.id, sellers=sellers, front=users["frontdesk"], manager=users["manager"], now=now)
    db.add(
        AuditEntry(
            actor_id=None,
            actor_name="demo-seed",
            actor_role="cli",
            command="demo.seed",
            target_type="project",
            target_id=str(project.id),
            before=None,
            after={"project": PROJECT[0], "buildings": 2, "units": 144},
            client_addr="local",
        )
    )
    return passwords


def _save_credentials(path: Path, passwords: dict[str, str]) -> None:
    """Written last: `showroom demo` waits for this file, so it must mean the office is ready to use."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(passwords, f, ensure_ascii=False, indent=2)
    tmp.replace(path)


def _print_login(app: ServerApp, passwords: dict[str, str]) -> None:
    print("\n=== Showroom 演示 demo ===", flush=True)
    print(f"pairing file 配对文件: {app.pairing_path}")
    print(f"server 服务器: 127.0.0.1, command port {app.command_port}, event port {app.event_port}")
    print("users 用户 (username / password / role):")
    for name, display, role in USERS:
        print(f"  {name:<12} {passwords[name]:<14} {role.value:<14} {display}")
    print(f"connect 连接: showroom client --pairing {app.pairing_path} --user manager")
    print("stop 停止: Ctrl+C\n", flush=True)


def run_headless(data_dir: Path, port: int) -> int:
    """Seeds once, prints how to sign in, serves until SIGINT/SIGTERM."""
    settings = Settings(
        data_dir=data_dir, host="127.0.0.1", public_host="127.0.0.1", command_port=port, event_port=port + 1
    )
    setup_logging(settings.log_dir)
    app = ServerApp(settings)
    try:
        app.start()
        assert app.database is not None
        with app.database.sessions() as db, db.begin():
            passwords = seed(db, data_dir / CREDENTIALS_FILE)
        # The units were written straight to the database: the engine reads them in before anyone acts.
        assert app.runtime is not None
        app.runtime.reservations.catalog_changed()
        _save_credentials(data_dir / CREDENTIALS_FILE, passwords)
    except BaseException:
        app.stop()
        raise
    _print_login(app, passwords)
    app.serve_forever()
    return 0

"""Every tr() string in the client has a finished Chinese translation, and the committed .qm files are current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import client
from client.app import build_app_translators, remove_app_translators
from client.i18n import I18N_DIR, catalogs
from client.ui.labels import role_label, status_label
from shared.domain import Role, UnitStatus

CLIENT_DIR = Path(client.__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")
Key = tuple[str, str]  # (context, source text)


def tool(name: str) -> str:
    """The Qt tool next to this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: install PySide6")
    return found


def read_ts(path: Path) -> dict[Key, tuple[str | None, str]]:
    """(context, source) -> (translation type, translation text) for every message in a .ts file."""
    result: dict[Key, tuple[str | None, str]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{path.name}: a message without <translation>"
            result[name, message.findtext("source", "")] = (translation.get("type"), translation.text or "")
    return result


def committed_catalogs() -> list[Path]:
    return sorted(I18N_DIR.glob("*_zh_CN.ts"))


def test_every_client_string_has_a_chinese_translation(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in CLIENT_DIR.rglob("*.py"))
    extracted_ts = tmp_path / "extracted_zh_CN.ts"
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-silent",
            "-target-language",
            "zh_CN",
            "-locations",
            "none",
            *sources,
            "-ts",
            str(extracted_ts),
        ],
        check=True,
    )
    extracted = read_ts(extracted_ts)
    assert len(extracted) > 50, "lupdate found suspiciously few strings"
    translated: set[Key] = set()
    for ts in committed_catalogs():
        translated |= {key for key, (kind, text) in read_ts(ts).items() if kind is None and text.strip()}
    missing = sorted(key for key in extracted if key not in translated)
    assert not missing, "untranslated (context, source) pairs; run pyside6-lupdate and translate:\n" + "\n".join(
        map(repr, missing)
    )


def test_committed_catalogs_have_no_unfinished_messages() -> None:
    assert (I18N_DIR / "showroom_zh_CN.ts").exists()
    for ts in committed_catalogs():
        unfinished = [
            key
            for key, (kind, text) in read_ts(ts).items()
            if kind == "unfinished" or (kind is None and not text.strip())
        ]
        assert not unfinished, f"{ts.name}: unfinished {unfinished}"


def test_compiled_catalogs_match_their_sources(tmp_path: Path) -> None:
    for ts in sorted(I18N_DIR.glob("*.ts")):
        committed = ts.with_suffix(".qm")
        assert committed.exists(), f"{committed.name} is missing: run pyside6-lrelease {ts.name}"
        fresh = tmp_path / committed.name
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)], check=True)
        assert fresh.read_bytes() == committed.read_bytes(), f"{committed.name} is stale: run pyside6-lrelease"


def test_the_app_loads_every_chinese_catalog() -> None:
    names = {p.name for p in catalogs("zh_CN")}
    assert "showroom_zh_CN.qm" in names
    assert names == {ts.with_suffix(".qm").name for ts in committed_catalogs()}
    assert catalogs("en") == []


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = build_app_translators(qapp, "zh_CN")
    yield
    remove_app_translators(qapp, translators)


@pytest.mark.usefixtures("chinese")
def test_roles_and_statuses_read_in_sales_office_chinese() -> None:
    assert [role_label(r) for r in Role] == ["系统管理员", "销售经理", "置业顾问", "前台", "财务"]
    assert [status_label(s) for s in UnitStatus] == ["未推", "可售", "锁定", "认购", "签约", "已售", "保留", "不可售"]


def test_english_is_the_source_language(qapp: QApplication) -> None:
    translators = build_app_translators(qapp, "en")
    try:
        assert translators == []
        assert role_label(Role.CONSULTANT) == "Sales consultant"
        assert not any(CJK.search(status_label(s)) for s in UnitStatus)
    finally:
        remove_app_translators(qapp, translators)

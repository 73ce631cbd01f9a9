"""Compiled Qt translations (*.qm) and their sources (*.ts): one pair per part of the client, per language."""

from __future__ import annotations

from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "en"


def catalogs(lang: str) -> list[Path]:
    """Every compiled catalog for `lang` (e.g. showroom_zh_CN.qm, admin_zh_CN.qm), in a stable order."""
    if lang == SOURCE_LANGUAGE:
        return []
    return sorted(I18N_DIR.glob(f"*_{lang}.qm"))

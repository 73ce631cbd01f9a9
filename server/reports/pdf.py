"""PDF helpers: an embedded CJK TrueType font (WenQuanYi Micro Hei) and simple styled documents.

reportlab's built-in CID fonts (STSong-Light) are not embedded and show as boxes on machines without a
Chinese font; the TrueType subset is embedded and renders anywhere (see MEASURED.md).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "WenQuanYiMicroHei"
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)
_lock = threading.Lock()


class FontMissing(RuntimeError):
    pass


def cjk_font() -> str:
    """Registers the font once and returns its name; raises FontMissing with the package to install."""
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return FONT
        for path in FONT_PATHS:
            if path.exists():
                pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
                return FONT
    raise FontMissing("install the Debian package fonts-wqy-microhei for Chinese PDFs")


def styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4 * mm),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=16, spaceBefore=4 * mm, spaceAfter=2 * mm),
        "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK"),
        "small": ParagraphStyle(
            "small", fontName=font, fontSize=7.5, leading=10, wordWrap="CJK", textColor=colors.HexColor("#555555")
        ),
    }


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], style: ParagraphStyle) -> Table:
    """A grid with a shaded header row; cells wrap (CJK-aware)."""
    cells = [[Paragraph(_escape(str(v)), style) for v in row] for row in rows]
    t = Table(cells, colWidths=list(widths), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA5B1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3EAF3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def build(story: list[Flowable], title: str) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, title=title, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=16 * mm
    )
    doc.build(story)
    return buf.getvalue()


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_escape(text), style)


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

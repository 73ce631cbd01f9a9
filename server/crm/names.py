"""Names: pinyin initials for search (张伟 → zw, 欧阳娜娜 → oynn, Li 明 → lm), computed when the name is written."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def initials(name: str) -> str:
    letters: list[str] = []
    for part in lazy_pinyin(name, style=Style.FIRST_LETTER):
        # Non-Chinese runs come back as they are: one letter per word of them.
        letters.extend(word[0] for word in part.split() if word[0].isascii() and word[0].isalnum())
    return "".join(letters).lower()[:40]

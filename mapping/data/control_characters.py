"""Control characters in cells (Excel refuses them): removed, and each removal reported as
a warning. A table read at C speed is searched once as a whole (numpy on its bytes) and
cell by cell only when it holds one (issue 12)."""

from __future__ import annotations

import re

import numpy as np

from mapping.data.errors import Problem

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(
    source: str, number: int, header: list[str], cells: list[str], problems: list[Problem]
) -> list[str]:
    """The cells without control characters, each removal reported as a warning."""
    out = []
    for i, text in enumerate(cells):
        found = sorted(set(CONTROL_CHARACTERS.findall(text)))
        cell = CONTROL_CHARACTERS.sub("", text) if found else text
        if found:
            codes = ", ".join(f"U+{ord(c):04X}" for c in found)
            problems.append(
                Problem(
                    source,
                    number,
                    header[i] if i < len(header) else None,
                    cell,
                    f"this cell held invisible control character(s) ({codes}), which were "
                    "removed (Excel refuses them). Nothing to fix unless the value now reads "
                    "wrong; then correct it in the file or on the Edit tab.",
                    "warning",
                    "control_character",
                )
            )
        out.append(cell)
    return out


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds one of :data:`CONTROL_CHARACTERS`, found with numpy in its
    UTF-8 bytes (in UTF-8 a control character is one byte, never part of another letter):
    a few milliseconds for a large file, so only a file that holds one is searched cell by
    cell."""
    data = text.encode("utf-8", "surrogatepass")
    codes = np.frombuffer(data, dtype=np.uint8)
    control = int(np.count_nonzero((codes < 0x20) | (codes == 0x7F)))
    return control > data.count(b"\t") + data.count(b"\n") + data.count(b"\r")


def control_characters_by_column(
    source: str, header: list[str], numbers: list[int], body: list[list[str]]
) -> list[Problem]:
    """Control characters removed from the columns in place, reported like
    :func:`without_control_characters` does row by row (in row, then column order).
    A column is searched in one go (joined by line breaks, which are not looked for)."""
    found: list[tuple[int, int, Problem]] = []
    for c, cells in enumerate(body):
        if not CONTROL_CHARACTERS.search("\n".join(cells)):
            continue
        for r, text in enumerate(cells):
            if CONTROL_CHARACTERS.search(text):
                out: list[Problem] = []
                cells[r] = without_control_characters(
                    source, numbers[r], header[c : c + 1], [text], out
                )[0]
                found.extend((r, c, p) for p in out)
    return [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]

"""Normalise one cell value of a given kind, or say exactly what is wrong with it.

Each ``normalize_*`` function takes the trimmed text of a cell and returns a
:class:`Cell`: the canonical value, and when something is wrong, a severity and the end of
a message ("expected ..., got ...; how to fix"). :mod:`mapping.data.validation` adds the file,
row and column. The functions are pure and cheap, and validation calls each once per
distinct value in a column, so a 50,000-row file costs a few thousand calls.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from mapping.data import schema as s
from mapping.data.errors import Severity


@dataclass(frozen=True)
class Cell:
    """A normalised value and, when the input was not usable as given, what happened."""

    value: Any
    severity: Severity | None = None
    message: str = ""
    kind: str = ""

    @property
    def ok(self) -> bool:
        return self.severity is None


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INT_TEXT = re.compile(r"^[+-]?\d+(\.0+)?$")


def parse_number(text: str) -> float | None:
    """A decimal number from a cell, accepting a decimal comma ("40,44"); None if not one."""
    t = text.strip().replace(" ", "")
    if not _NUMBER.match(t):
        return None
    if "," in t:
        if "." in t:
            return None
        t = t.replace(",", ".")
    value = float(t)
    return value if math.isfinite(value) else None


def normalize_bool(text: str, *, column: str) -> Cell:
    """true/false in the words people use (yes/no, y/n, 1/0, x); blank is unknown (None)."""
    key = text.strip().lower()
    if not key:
        return Cell(None)
    if key in s.TRUE_WORDS:
        return Cell(True)
    if key in s.FALSE_WORDS:
        return Cell(False)
    if column == s.CONFIDENTIAL:
        return Cell(
            None,
            "error",
            f"expected true or false, got '{text}'. Write true if this location must "
            "stay private (a shelter or safe house), false if not. The row was kept "
            "out so that a private address is never shown by mistake.",
            "bad_value",
        )
    return Cell(
        None,
        "warning",
        f"expected true or false, got '{text}'; it was left blank (unknown). Write true or false.",
        "bad_value",
    )


_SPACES = re.compile(r"\s+")
_EXCEL_NUMBER = re.compile(r"\d+\.0+")
_ZIP = re.compile(r"(\d{3,5})(?:-\d{4})?")
_ZIP9 = re.compile(r"\d{8,9}")


def normalize_zip(text: str) -> Cell:
    """A 5-digit ZIP: ZIP+4 is cut, and leading zeros Excel dropped are restored."""
    if len(text) == 5 and text.isascii() and text.isdecimal():
        return Cell(text)  # the common case, as the patterns below would read it
    t = _SPACES.sub("", text)
    if not t:
        return Cell("")
    if _EXCEL_NUMBER.fullmatch(t):  # 2138.0 from a numeric Excel column
        t = t.split(".")[0]
    m = _ZIP.fullmatch(t)
    if m:
        return Cell(m.group(1).zfill(5))
    if _ZIP9.fullmatch(t):  # ZIP+4 without the dash, maybe missing its zero
        return Cell(t.zfill(9)[:5])
    return Cell(
        "",
        "warning",
        f"expected a 5-digit ZIP code such as 15222, got '{text}'; it was left out, "
        "so this row is placed by its city instead. Correct the ZIP code.",
        "bad_zip",
    )


def normalize_state(text: str) -> Cell:
    """A two-letter state code from a code or a state's name."""
    if not text:
        return Cell("")
    code = s.STATES_VOCAB.match(text)
    if code:
        return Cell(code)
    return Cell(
        text,
        "warning",
        f"'{text}' is not a US state or territory; it was kept as written but cannot "
        "help place the row. Use a two-letter code such as PA."
        + s.suggestion_text(s.STATES_VOCAB, text),
        "bad_state",
    )


def normalize_email(text: str) -> Cell:
    if not text or _EMAIL.match(text):
        return Cell(text)
    return Cell(
        text,
        "warning",
        f"'{text}' does not look like an email address (name@example.org); it was "
        "kept as written. Correct it so partners can reach this contact.",
        "bad_email",
    )


def normalize_url(text: str) -> Cell:
    """An http(s) web address; a missing scheme gets https://, any other scheme is refused.

    Refusing ``javascript:``, ``data:`` and the like matters: the address becomes a link
    in the app, and such a link runs code when clicked.
    """
    if not text:
        return Cell("")
    m = _SCHEME.match(text)
    if m and m.group(1).lower() in ("http", "https"):
        return Cell(text)
    if m and not re.match(r"^[^/]+:\d+", text):
        return Cell(
            "",
            "warning",
            f"'{text}' is not a web address (only http:// and https:// links are "
            "kept); it was left out. Write the site's address, e.g. https://example.org.",
            "bad_url",
        )
    if " " in text or "." not in text:
        return Cell(
            "",
            "warning",
            f"'{text}' is not a web address; it was left out. Write the site's "
            "address, e.g. https://example.org.",
            "bad_url",
        )
    return Cell("https://" + text.lstrip("/"))


def normalize_radius(text: str) -> Cell:
    if not text:
        return Cell(math.nan)
    value = parse_number(text)
    if value is None or not 0 < value <= 3000:
        return Cell(
            math.nan,
            "warning",
            f"expected a distance in miles between 0 and 3000, got '{text}'; it was "
            "left blank, so the category's usual radius is used. Write a number such "
            "as 25.",
            "bad_number",
        )
    return Cell(value)


def normalize_trust(text: str) -> Cell:
    if not text:
        return Cell(None)
    if _INT_TEXT.match(text.strip()) and 1 <= int(float(text)) <= 4:
        return Cell(int(float(text)))
    return Cell(
        None,
        "warning",
        f"expected a whole number from 1 (low trust) to 4 (high trust), got '{text}'; "
        "it was left blank. Write 1, 2, 3 or 4.",
        "bad_number",
    )


def normalize_coordinate(text: str, *, column: str) -> Cell:
    """A latitude or longitude in decimal degrees; range checks come with the pair."""
    if not text:
        return Cell(math.nan)
    value = parse_number(text)
    if value is None:
        place = "ZIP code" if column == s.LATITUDE else "ZIP code or city"
        return Cell(
            math.nan,
            "warning",
            f"expected a number in decimal degrees, got '{text}'; both coordinates "
            f"were left out, so this row is placed by its {place}. Write a number "
            "such as 40.4406, or leave it empty.",
            "bad_coordinate",
        )
    return Cell(value)


def normalize_term(text: str, vocab: s.Vocabulary, *, file: str) -> Cell:
    """A value of a controlled list (sector, category, level); unknown values are errors."""
    if not text:
        return Cell("")
    label = vocab.match(text)
    if label:
        return Cell(label)
    hint = s.suggestion_text(vocab, text)
    return Cell(
        "",
        "error",
        f"'{text}' is not a known {vocab.name}.{hint} Use one of the {vocab.name} "
        f"values listed in docs/data-format.md (and in the template), then load "
        f"{file} again.",
        f"unknown_{vocab.name.replace(' ', '_')}",
    )


def normalize_category(text: str, *, file: str) -> Cell:
    """A service category, or "Not yet categorised" (schema.UNCATEGORISED) as it stands."""
    if text and s.is_uncategorised(text):
        return Cell(s.UNCATEGORISED)
    return normalize_term(text, s.CATEGORIES, file=file)


_PHONE_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d+\s*$", re.IGNORECASE)
_TEXT_CODE = re.compile(r"\b(?:text|txt|sms)\b", re.IGNORECASE)


def normalize_phone(text: str) -> Cell:
    """A phone number as written; a warning when its digits cannot make a number.

    US numbers have 10 digits (11 with the leading 1, more with an extension run on); 7 (no
    area code) and the three-digit lines (211, 311, 911, 988) are accepted too, as are
    international numbers written with "+", vanity numbers (1-800-FLOWERS) and text-line
    short codes said as such ("Text HOME to 741741"). Anything else, like "80011", is kept
    as written and reported.
    """
    if not text:
        return Cell("")
    main = _PHONE_EXTENSION.sub("", text)
    digits = sum(ch.isdigit() for ch in main)
    letters = sum(ch.isalpha() for ch in main)
    if (
        main.lstrip().startswith("+")
        or digits == 7
        or 10 <= digits <= 15  # E.164 allows 15; IPEDS runs an extension on without a space
        or (digits == 3 and re.fullmatch(r"\s*(?:[2-9]11|988)\s*", main) is not None)
        or (digits + letters in (10, 11) and letters >= 3)
        or (_TEXT_CODE.search(text) is not None and 4 <= digits <= 6)
    ):
        return Cell(text)
    return Cell(
        text,
        "warning",
        f"'{text}' has {digits} digit(s), so it cannot be a phone number (a US number has "
        "10: area code and number); it was kept as written. Correct it, or write a text "
        "line's short code as 'Text HOME to 741741'.",
        "bad_phone",
    )


def normalize_list(text: str, vocab: s.Vocabulary | None, *, warn_unknown: bool) -> Cell:
    """A |-separated list (commas and semicolons are accepted too) of canonical labels.

    Known values are canonicalised ("es" -> "Spanish"); unknown ones are kept as written,
    with a warning when ``warn_unknown`` (populations, relationship types).
    """
    if not text:
        return Cell("")
    parts = [p.strip() for p in re.split(r"[|;,/]", text) if p.strip()]
    out: list[str] = []
    unknown: list[str] = []
    for part in parts:
        label = vocab.match(part) if vocab else None
        if label is None:
            label = part
            if vocab is not None:
                unknown.append(part)
        if label not in out:
            out.append(label)
    value = s.LIST_SEPARATOR.join(out)
    if unknown and warn_unknown and vocab is not None:
        hints = []
        for u in unknown:
            near = vocab.suggest(u)
            hints.append(f"'{u}'" + (f" (did you mean '{near}'?)" if near else ""))
        return Cell(
            value,
            "warning",
            f"{', '.join(hints)} {'is' if len(unknown) == 1 else 'are'} not in the "
            f"{vocab.name} list; kept as written, but analyses that look for known "
            f"{vocab.name} values will not count {'it' if len(unknown) == 1 else 'them'}.",
            f"unknown_{vocab.name.replace(' ', '_')}",
        )
    return Cell(value)


def split_list(value: object) -> list[str]:
    """The items of a |-separated list cell; [] for blank or missing."""
    if not isinstance(value, str) or not value:
        return []
    return [p for p in value.split(s.LIST_SEPARATOR) if p]

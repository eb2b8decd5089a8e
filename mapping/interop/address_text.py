"""Split free-text addresses into street, city, state and ZIP code.

Real directory exports put a whole address in one cell ("2400 S. Dixie Highway, Suite #104,
Miami, FL 33133"; "State: FL"; "Fort Pierce, FL"), or run the lines of a mailing address
together without separators ("150 Court Street2nd FloorBrooklyn, NY 11201", from a web
form that dropped the line breaks). :func:`parse_address` recovers the parts and says what
it did, so the importer can report it; it never guesses a city from nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapping.data import schema as s

RUN_TOGETHER = "run_together"
ONE_LINE = "one_line"

# Words a street line ends with; a capital right after one starts the next line.
_LINE_END_WORDS = frozenset(
    (
        *("street", "st", "avenue", "ave", "av", "boulevard", "blvd", "road", "rd"),
        *("drive", "dr", "lane", "ln", "way", "place", "pl", "court", "ct", "highway"),
        *("hwy", "parkway", "pkwy", "floor", "fl", "suite", "ste", "terrace", "ter"),
        *("circle", "cir", "square", "sq", "plaza", "building", "bldg", "room", "rm"),
        *("unit", "apt", "trail", "trl", "pike", "expressway", "expy"),
    )
)
_ZIP = r"\d{5}(?:-\d{4})?"
_STATE_ZIP = re.compile(rf"^(?P<state>[A-Za-z][A-Za-z .]*?)\.?\s+(?P<zip>{_ZIP})$")
_CITY_STATE_ZIP = re.compile(rf"^(?P<city>.*?[a-z.])\s+(?P<state>[A-Z]{{2}})\s+(?P<zip>{_ZIP})$")
_ONLY_ZIP = re.compile(rf"^(?P<zip>{_ZIP})$")
_STATE_LABEL = re.compile(r"^state\s*:\s*(?P<state>[A-Za-z .]+)$", re.IGNORECASE)
_PO_BOX = re.compile(r"^(p\.?\s*o\.?\s*box|post office box|box)\b", re.IGNORECASE)
_STREETLIKE = re.compile(r"^(\d|p\.?\s*o\.?\s*box\b|post office box\b)", re.IGNORECASE)


@dataclass(frozen=True)
class AddressParts:
    """An address split into its parts; ``how`` is '' when the input was already split.

    ``dropped`` is text that came before the street (a building or organization name).
    """

    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    dropped: str = ""
    how: str = ""

    @property
    def placeable(self) -> bool:
        """True when the parts can place the address at least at city or ZIP level."""
        return bool(self.zip or (self.city and self.state) or (self.street and self.city))


def is_po_box(street: str) -> bool:
    """True for 'P.O. Box 726' and the like: a mailbox, not a place on the map."""
    return bool(_PO_BOX.match(street.strip()))


# Compiled once: the import splits thousands of addresses, and a busy process's regular
# expression cache does not keep string patterns for long.
_LETTERS_THEN_NUMBER = re.compile(r"(?<=[a-z]{2})(?=\d+(?:st|nd|rd|th)?\b)")
_NUMBER_THEN_WORD = re.compile(r"(?<=\d)(?=[A-Z][a-z])")
_WORD_THEN_WORD = re.compile(r"(?<=[a-z.])(?=[A-Z][a-z])")
_LAST_WORD = re.compile(r"[A-Za-z]+\.?$")


def _split_run_together(segment: str) -> list[str]:
    """'Foundation180 North Stetson' -> ['Foundation', '180 North Stetson'], and so on."""
    cuts: list[int] = []
    # Two letters at least before the number: "Foundation180" is two lines run together,
    # "suite n314" is one unit number (issue 16).
    for m in _LETTERS_THEN_NUMBER.finditer(segment):
        cuts.append(m.start())
    for m in _NUMBER_THEN_WORD.finditer(segment):
        cuts.append(m.start())
    for m in _WORD_THEN_WORD.finditer(segment):
        word = _LAST_WORD.findall(segment[: m.start()])
        if word and word[0].rstrip(".").lower() in _LINE_END_WORDS:
            cuts.append(m.start())
    if not cuts:
        return [segment]
    parts, start = [], 0
    for cut in sorted(set(cuts)):
        parts.append(segment[start:cut].strip(" ,"))
        start = cut
    parts.append(segment[start:].strip(" ,"))
    return [p for p in parts if p]


def split_street_lines(street: str) -> tuple[str, str]:
    """(address_1, address_2) of a street address written on one line: the first part, with
    its house number, and what follows its first comma (a suite, floor or building). The
    import joins them again with ", ", so a round trip gives back the same text. A street
    whose first part has no number stays whole ("Building 5, 100 Main St")."""
    first, comma, rest = street.partition(",")
    if comma and rest.strip() and any(ch.isdigit() for ch in first):
        return first.strip(), rest.strip()
    return street.strip(), ""


def has_run_together(text: str) -> bool:
    """True when ``text`` looks like several address lines joined without separators."""
    return any(len(_split_run_together(seg)) > 1 for seg in text.split(","))


def _state_code(text: str) -> str:
    return s.STATES_VOCAB.match(text.strip().rstrip(".")) or ""


def parse_one_line(text: str) -> AddressParts:
    """Split a whole address written in one cell; see the module docstring."""
    flat = re.sub(r"\s*[\r\n]+\s*", ", ", text.strip())
    flat = re.sub(r"\s+", " ", flat).strip(" ,")
    if not flat:
        return AddressParts()
    m = _STATE_LABEL.match(flat)
    if m and _state_code(m.group("state")):
        return AddressParts(state=_state_code(m.group("state")), how=ONE_LINE)
    run_together = has_run_together(flat)
    segments: list[str] = []
    for part in flat.split(","):
        seg = part.strip()
        if seg:
            segments.extend(_split_run_together(seg))
    state = zip_code = city = ""
    if segments:
        last = segments[-1]
        m_czs = _CITY_STATE_ZIP.match(last)
        m_sz = _STATE_ZIP.match(last)
        m_z = _ONLY_ZIP.match(last)
        if m_sz and _state_code(m_sz.group("state")):
            state, zip_code = _state_code(m_sz.group("state")), m_sz.group("zip")
            segments.pop()
        elif m_czs and _state_code(m_czs.group("state")):
            city, state, zip_code = m_czs.group("city"), m_czs.group("state"), m_czs.group("zip")
            segments.pop()
        elif m_z:
            zip_code = m_z.group("zip")
            segments.pop()
            if segments and _state_code(segments[-1]):
                state = _state_code(segments.pop())
        elif _state_code(last) and (len(segments) > 1 or len(last) <= 2):
            state = _state_code(last)
            segments.pop()
    if not city and segments and not _STREETLIKE.match(segments[-1]):
        city = segments.pop()
    first_street = next((i for i, seg in enumerate(segments) if _STREETLIKE.match(seg)), None)
    if first_street is None:
        dropped, street = "", ", ".join(segments)
        if city == "" and street and (state or zip_code):
            city, street = street, ""
    else:
        dropped = ", ".join(segments[:first_street])
        street = ", ".join(segments[first_street:])
    return AddressParts(
        street=street,
        city=city,
        state=state,
        zip=zip_code,
        dropped=dropped,
        how=RUN_TOGETHER if run_together else ONE_LINE,
    )


def parse_address(street: str, city: str = "", state: str = "", zip_code: str = "") -> AddressParts:
    """The parts of an address whose columns may hold more than they should.

    When ``street`` holds run-together lines, or the city is blank and ``street`` is a
    whole comma-separated address, the parts are recovered (columns that were given win);
    otherwise the columns come back unchanged with ``how`` ''.
    """
    street = street.strip()
    given = AddressParts(street, city.strip(), state.strip(), zip_code.strip())
    if not street:
        return given
    looks_whole = not city.strip() and ("," in street or bool(_STATE_LABEL.match(street)))
    if not (looks_whole or has_run_together(street)):
        return given
    parts = parse_one_line(street)
    return AddressParts(
        street=parts.street,
        city=given.city or parts.city,
        state=given.state or parts.state,
        zip=given.zip or parts.zip,
        dropped=parts.dropped,
        how=parts.how,
    )

"""Map service taxonomy terms from other systems to the dashboard's categories.

Resource directories classify services with a taxonomy: the Open Eligibility taxonomy
(https://openeligibility.org, used by Ohana and findhelp), the AIRS/211 LA County Taxonomy
of Human Services (codes such as ``BD-1800.2000`` "Food Pantries", used by 211 lines), or
their own lists. :func:`map_term` finds the dashboard category (``schema.CATEGORIES``) for
one term, trying in this order:

1. the user's own mapping (saved in the workspace settings, :data:`TERM_MAP_SETTING`);
2. the term's name: a category label or synonym, or an Open Eligibility / AIRS name in
   :data:`TERM_NAMES` (plurals are forgiven: "Food Pantries" is "food pantry");
3. an AIRS code in :data:`AIRS_CODES` (the longest matching code prefix of two or more
   levels, e.g. ``BH-1800`` emergency shelter);
4. a category name *inside* the term ("Domestic Violence Shelters" -> Shelter);
5. the AIRS top-level branch (``BD`` food, ``F`` legal ...);
6. the same steps for the term's parent, grandparent ... (Open Eligibility's tree ends in
   its eleven top-level names, which are the dashboard's category groups).

Anything else is *unmapped*: the importer lists it and the user picks a category in the
app; that choice is saved and applied first next time.

The tables are a starting point checked against the Open Eligibility list shipped with
Ohana and the AIRS branch names; they do not replace reading the terms.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from mapping.data import schema as s

TERM_MAP_SETTING = "hsds_term_map"

# How a category was found (shown in the app next to each term).
BY_USER = "your mapping"
BY_NAME = "term name"
BY_CODE = "AIRS code"
BY_WORDS = "words in the term"
BY_BRANCH = "AIRS branch"
BY_PARENT = "parent term"
NOT_MAPPED = "not mapped"


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def term_words(text: str) -> tuple[str, ...]:
    """The words of a term, lower-case and singular: 'Food Pantries' -> ('food', 'pantry')."""
    return tuple(_singular(w) for w in s.normalize_key(text.replace("&", " and ")).split())


def term_key(name: str, code: str = "") -> str:
    """The key a term is saved under in the user's mapping (its name, else its code)."""
    return " ".join(term_words(name)) or s.normalize_key(code)


# Open Eligibility (Ohana's taxonomy.csv, findhelp's list) and common AIRS names that are
# not already a category label or synonym in schema.CATEGORIES. Keys are term_words().
_NAMES: dict[str, tuple[str, ...]] = {
    "Crisis line": ("help hotlines", "crisis intervention hotlines", "crisis intervention"),
    "Safety planning": ("immediate safety", "help escape violence"),
    "Shelter": (
        "emergency shelter",
        "temporary shelter",
        "safe housing",
        "homeless shelter",
        "domestic violence shelter",
        "shelter refuge",
    ),
    "Food": (
        "emergency food",
        "free meals",
        "meal",
        "food delivery",
        "nutrition",
        "home delivered meals",
        "congregate meals",
        "soup kitchen",
        "help pay for food",
        "pantries and soup kitchens",
        "soup kitchens and pantries",
    ),
    "Food pantry": ("food pantry", "food boxes food vouchers", "brown bag food programs"),
    "Housing": ("residential housing", "housing advice", "help find housing", "housing search"),
    "Transitional housing": ("short term housing", "transitional housing shelter", "sober living"),
    "Permanent housing": ("long term housing", "public housing", "independent living"),
    "Rental assistance": (
        "rental deposit assistance",
        "help pay for housing",
        "housing vouchers",
        "housing expense assistance",
        "rent payment assistance",
    ),
    "Clothing": (
        "clothing",
        "baby supplies",
        "baby clothes",
        "clothes for work",
        "clothes for school",
        "personal care items",
        "clothing personal items",
        "diapers and formula",
    ),
    "Goods": ("home goods", "medical supplies", "furniture", "material goods"),
    "Transportation": ("help pay for transit", "bus passes", "transportation for healthcare"),
    "Substance use": (
        "addiction and recovery",
        "detox",
        "12 step",
        "alcoholism services",
        "drug abuse services",
        "substance use disorder services",
        "alcohol use disorder",
        "drug use disorder",
        "substance use disorder",
        "alcohol use disorder treatment",
        "drug use disorder treatment",
        "substance use disorder treatment",
        "opioid use disorder",
    ),
    "Medical care": (
        "medical care",
        "primary care",
        "checkup and test",
        "outpatient care",
        "community clinic",
        "health services",
    ),
    "Mental health": (
        "mental health services",
        "understand mental health",
        "mental health evaluation",
        "psychiatric emergency services",
        "geriatric counseling",
        "counseling",
    ),
    "Dental care": ("dental care",),
    "Public benefits": (
        "government benefits",
        "food benefits",
        "government food benefits",
        "disability benefits",
        "unemployment benefits",
        "retirement benefits",
        "understand government programs",
        "public assistance programs",
    ),
    "Financial education": (
        "financial education",
        "credit counseling",
        "tax preparation",
        "savings program",
    ),
    "Money": ("financial assistance", "emergency cash", "help pay for utilities", "utilities"),
    "Childcare": (
        "daytime care",
        "childcare",
        "help find childcare",
        "help pay for childcare",
        "day care",
        "preschool",
        "afterschool care",
    ),
    "Case management": (
        "navigating the system",
        "help fill out forms",
        "case care management",
        "information and referral",
    ),
    "Peer support": (
        "support network",
        "support groups",
        "peer support",
        "mentoring",
        "mentoring programs",
        "group support",
        "one on one support",
    ),
    "Care": (
        "parenting skills classes",
        "parenting education",
        "parenting support",
        "family support",
    ),
    "ESL": ("english as a second language esl", "english language"),
    "GED": (
        "ged high school equivalency",
        "ged and adult basic education",
        "ged instruction",
        "high school equivalency test preparation",
    ),
    "Education": (
        "more education",
        "basic literacy",
        "literacy programs",
        "alternative education",
        "tutoring",
        "education services",
        "library",
        "public library",
    ),
    "Job training": (
        "skills and training",
        "specialized training",
        "computer class",
        "job training formats",
    ),
    "Job placement": (
        "help find work",
        "job placement",
        "supported employment",
        "job search placement",
        "job information placement referral",
        "job development",
        "interview training",
        "resume development",
    ),
    "Work": ("employment training services", "workplace rights"),
    "Legal": (
        "advocacy and legal aid",
        "representation",
        "mediation",
        "legal and criminal justice services",
        "legal services",
    ),
    "Immigration legal aid": ("citizenship and immigration",),
}
TERM_NAMES: dict[str, str] = {
    " ".join(term_words(name)): label for label, names in _NAMES.items() for name in names
}

# AIRS/211 LA County taxonomy code prefixes (https://www.211taxonomy.org). Two-level and
# deeper codes are specific; one- and two-letter branches are a last resort. Every one of
# the eleven top-level branches maps (issue 16), to the category nearest its scope:
# B basic needs, D consumer services, F criminal justice and legal, H education,
# J environment and public health/safety, L health care, N income support and employment,
# P individual and family life, R mental health and substance use disorder services,
# T organizational/community/international services, Y target populations (a code of who
# is served, not of what: "Care", the catch-all support category, until a person chooses).
AIRS_CODES: dict[str, str] = {
    "B": "Goods",
    "BD": "Food",
    "BD-1800": "Food",
    "BD-1800.2000": "Food pantry",
    "BD-5000": "Food",
    "BH": "Housing",
    "BH-1800": "Shelter",
    "BH-3800": "Rental assistance",
    "BH-8400": "Transitional housing",
    "BM": "Goods",
    "BM-6500.1500": "Clothing",
    "BR": "Money",
    "BT": "Transportation",
    "BV": "Money",
    "D": "Money",
    "DM": "Financial education",
    "F": "Legal",
    "H": "Education",
    "J": "Health",
    "L": "Health",
    "N": "Money",
    "ND": "Work",
    "NL": "Public benefits",
    "NS": "Public benefits",
    "NT": "Money",
    "P": "Care",
    "PH-1000": "Case management",
    "R": "Mental health",
    "RP-1500": "Crisis line",
    "RX": "Substance use",
    "T": "Care",
    "Y": "Care",
}
AIRS_CODE = re.compile(r"^([A-Z]{1,2})(-\d{3,4}(\.\d{3,4}(-\d{3})?)?)?$")
_LEADING_CODE = re.compile(r"^\s*([A-Z]{1,2}-\d{3,4}(?:\.\d{3,4}(?:-\d{3})?)?)\b\s*[-:]?\s*")


def _vocabulary_index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for term in s.CATEGORIES.terms:
        for alias in (term.label, *term.synonyms):
            index.setdefault(term_words(alias), term.label)
    for key, label in TERM_NAMES.items():
        index.setdefault(tuple(key.split()), label)
    return index


_INDEX = _vocabulary_index()
# Phrases by their first word, so a text is scanned once.
_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _label in _INDEX.items():
    _BY_FIRST_WORD.setdefault(_phrase[0], []).append((_phrase, _label))


def _airs_prefixes(code: str) -> list[str]:
    parts = re.split(r"(?=[-.])", code)
    out = ["".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if len(parts[0]) == 2:
        out.append(parts[0][0])  # the top-level branch: "JR-8200" is under "J"
    return out


def split_code(name: str, code: str = "") -> tuple[str, str]:
    """(name, code) with a leading AIRS code moved out of the name: 'BD-1800 Food' -> ..."""
    if not code:
        m = _LEADING_CODE.match(name)
        if m:
            return name[m.end() :].strip(), m.group(1)
    return name.strip(), code.strip()


# Words too general to name a category inside a longer text: a "Tax clinic" is not medical
# care, and "Kinship care" says little. (A term that is exactly "Clinic" still maps.)
_WEAK = {("clinic",), ("care",), ("support",)}


def category_in_text(text: str) -> str | None:
    """The category named in ``text`` by a label or synonym as whole words, or None.

    A phrase inside a longer one does not count ("health" in "mental health"), nor a
    general word ("clinic" in "Tax clinic"); when the text names two categories
    ("Medical-Legal Partnership") it is ambiguous and None is returned.
    """
    words = term_words(text)
    if not words:
        return None
    spans: list[tuple[int, int, str]] = []
    for i, word in enumerate(words):
        for phrase, label in _BY_FIRST_WORD.get(word, ()):
            if words[i : i + len(phrase)] == phrase:
                spans.append((i, i + len(phrase), label))
    outer = [
        (a, b, label)
        for a, b, label in spans
        if not any(c <= a and b <= d and (d - c) > (b - a) for c, d, _ in spans)
    ]
    kept = {label for a, b, label in outer if words[a:b] not in _WEAK}
    return kept.pop() if len(kept) == 1 else None


_OCCUPATION = {"occupation", "occupational", "vocational"}


@dataclass(frozen=True)
class TermMatch:
    """The category found for a term (None when unmapped) and how it was found."""

    category: str | None
    how: str


def _match_one(name: str, code: str, user_map: Mapping[str, str]) -> tuple[TermMatch, bool]:
    """(match, final): final=False means only a broad AIRS branch matched."""
    key = term_key(name, code)
    chosen = user_map.get(key)
    if chosen and s.CATEGORIES.match(chosen):
        return TermMatch(s.CATEGORIES.match(chosen), BY_USER), True
    words = term_words(name)
    if words and words in _INDEX:
        return TermMatch(_INDEX[words], BY_NAME), True
    if code and AIRS_CODE.match(code):
        for prefix in _airs_prefixes(code):
            if prefix in AIRS_CODES and re.search(r"[-.]", prefix):
                return TermMatch(AIRS_CODES[prefix], BY_CODE), True
    if _OCCUPATION.intersection(words):
        # "Food/Beverage Related Service Occupations" is training for a job in food service,
        # not food: AIRS names vocational training by the occupation it leads to.
        return TermMatch("Job training", BY_WORDS), True
    inside = category_in_text(name)
    if inside:
        return TermMatch(inside, BY_WORDS), True
    if code and AIRS_CODE.match(code):
        for prefix in _airs_prefixes(code):
            if prefix in AIRS_CODES:
                return TermMatch(AIRS_CODES[prefix], BY_BRANCH), False
    return TermMatch(None, NOT_MAPPED), False


def map_term(
    name: str,
    code: str = "",
    *,
    user_map: Mapping[str, str] | None = None,
    parents: Sequence[tuple[str, str]] = (),
) -> TermMatch:
    """The dashboard category of one taxonomy term; see the module docstring.

    ``parents`` are (name, code) of the term's parent, grandparent ..., nearest first.
    """
    user_map = user_map or {}
    name, code = split_code(name, code)
    match, final = _match_one(name, code, user_map)
    if final:
        return match
    broad = match
    for parent_name, parent_code in parents:
        p_name, p_code = split_code(parent_name, parent_code)
        found, p_final = _match_one(p_name, p_code, user_map)
        if found.category and p_final:
            return TermMatch(found.category, BY_PARENT)
        if found.category and broad.category is None:
            broad = TermMatch(found.category, BY_PARENT)
    return broad


# ---------------------------------------------------------------------------- sectors
# HSDS has no sector. An organization whose services are mostly legal is most likely a
# legal aid organization; where a category says little about who offers it (a shelter, a
# crisis line, case management), it does not vote.
_GROUP_SECTOR = {
    "Legal": "Legal aid",
    "Work": "Workforce development",
    "Education": "Education",
    "Housing": "Housing",
    "Health": "Health",
    "Food": "Community and faith",
    "Goods": "Community and faith",
}
_CATEGORY_SECTOR = {
    "Mental health": "Mental health",
    "Substance use": "Mental health",
    "Safety planning": "Victim services",
    "Victim advocacy": "Victim services",
    "Public benefits": "Government",
}


def sector_of_category(category: str) -> str | None:
    """The sector a category points to, or None when it says little."""
    if category in _CATEGORY_SECTOR:
        return _CATEGORY_SECTOR[category]
    try:
        group = s.CATEGORIES.term(category).group
    except KeyError:
        return None
    return _GROUP_SECTOR.get(group)


def infer_sector(categories: Iterable[str]) -> str | None:
    """The most common sector among ``categories`` (first seen wins a tie), or None."""
    votes = Counter(v for v in (sector_of_category(c) for c in categories) if v)
    if not votes:
        return None
    best = max(votes.values())
    return next(sector for sector in votes if votes[sector] == best)


# ---------------------------------------------------------------------------- storage
class SettingsStore(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...
    def set_setting(self, key: str, value: Any) -> None: ...


def load_term_map(store: SettingsStore) -> dict[str, str]:
    """The user's saved term -> category mapping (keys from :func:`term_key`)."""
    raw = store.get_setting(TERM_MAP_SETTING, {}) or {}
    return {str(k): str(v) for k, v in raw.items() if s.CATEGORIES.match(str(v))}


def save_term_map(store: SettingsStore, updates: Mapping[str, str]) -> dict[str, str]:
    """Add or change saved mappings (a blank category removes one); returns the result."""
    current = load_term_map(store)
    for key, category in updates.items():
        label = s.CATEGORIES.match(category) if category else None
        if label:
            current[key] = label
        else:
            current.pop(key, None)
    store.set_setting(TERM_MAP_SETTING, dict(sorted(current.items())))
    return current

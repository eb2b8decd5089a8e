"""Text that people type, made comparable: names of voters, ids of partners.

Two strings that look the same to a person must compare equal, or one vote per name and
one partner per id are easy to dodge: a zero-width space, a Greek capital alpha instead of
a Latin A, full-width digits from a Japanese keyboard or a different case all look alike.

* :func:`clean_text` is what is kept and shown: Unicode NFKC (full-width and other
  compatibility forms become the ordinary character), invisible characters removed
  (zero-width spaces and joiners, the byte-order mark, soft hyphens, direction marks,
  control characters), runs of white space made one space.
* :func:`identity_key` is what is compared: :func:`clean_text`, case-folded, with the
  Greek and Cyrillic letters that look like Latin ones replaced by those (the common
  part of Unicode's confusables list, UTS #39); :func:`identity_keys` for many at once.
"""

from __future__ import annotations

import unicodedata

# Letters that look like Latin letters (after case folding), from Unicode's confusables.
_LOOKALIKES = str.maketrans(
    {
        # Greek (lower case: keys are case-folded first)
        "α": "a",
        "β": "b",
        "ε": "e",
        "ζ": "z",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ς": "c",
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ѕ": "s",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ԁ": "d",
        "һ": "h",
        "ԛ": "q",
        "ԝ": "w",
    }
)


def _visible(ch: str) -> bool:
    """False for characters that show nothing: format (Cf) and control (Cc) characters,
    except white space, which :func:`clean_text` collapses."""
    if ch.isspace():
        return True
    return unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cn")


def clean_text(text: object) -> str:
    """``text`` as a person sees it: NFKC, no invisible characters, single spaces."""
    normal = unicodedata.normalize("NFKC", str(text))
    return " ".join("".join(ch for ch in normal if _visible(ch)).split())


def identity_key(text: object) -> str:
    """What two look-alike strings have in common: compare these, never the raw text."""
    text = str(text)
    if text.isascii() and text.isprintable():  # the common case, without NFKC
        return " ".join(text.split()).casefold()
    return clean_text(text).casefold().translate(_LOOKALIKES)


def identity_keys(texts: list[str]) -> list[str]:
    """:func:`identity_key` of each text; plain ASCII ones (the usual ids) all at once."""
    joined = "\n".join(texts)
    if (
        joined.isascii()
        and joined.count("\n") == len(texts) - 1  # no text holds a line break
        and joined.replace("\n", "").isprintable()
        and not any(gap in joined for gap in ("  ", " \n", "\n "))
        and joined.strip(" ") == joined
    ):  # the identity key of such a text is the text in lower case
        return joined.lower().split("\n") if texts else []
    return [identity_key(t) for t in texts]

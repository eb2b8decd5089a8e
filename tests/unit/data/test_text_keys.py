"""Look-alike text compares equal: NFKC, invisible characters, case, Greek/Cyrillic letters."""

from __future__ import annotations

import pytest

from mapping.data.text_keys import clean_text, identity_key, identity_keys


@pytest.mark.parametrize(
    "lookalike",
    [
        "Ana\u200bRuiz",  # zero-width space inside: becomes "AnaRuiz", see below
        "\u0391na Ruiz",  # Greek capital alpha
        "\u0410na Ruiz",  # Cyrillic capital A
        "\uff21na Ruiz",  # full-width A
        "ANA  RUIZ",
        "Ana\u00a0Ruiz",  # no-break space
        "\ufeffAna Ruiz\u200e",  # byte-order mark, left-to-right mark
    ],
)
def test_look_alike_names_have_one_key(lookalike: str) -> None:
    want = identity_key("Ana Ruiz") if " " in clean_text(lookalike) else identity_key("AnaRuiz")
    assert identity_key(lookalike) == want


def test_clean_text_keeps_what_a_person_sees() -> None:
    assert clean_text("  Ana\u200b \u00adRuiz\t\n") == "Ana Ruiz"
    assert clean_text("\uff30\uff10\uff11") == "P01"  # full-width letters and digits
    assert clean_text("José") == "José"
    assert identity_key("José") != identity_key("Jose")  # accents are real differences


def test_many_keys_at_once_are_the_keys_one_by_one() -> None:
    mixed = ["P01", "p01", "A b", "a  b", "x ", "\uff30\uff10\uff12", "a\nb", "A\tB", "Stra\u00dfe"]
    for texts in (mixed, ["P01", "p01", "Legal Aid"], [""], []):
        assert identity_keys(texts) == [identity_key(t) for t in texts]

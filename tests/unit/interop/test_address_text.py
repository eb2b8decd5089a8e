"""Free-text addresses from real exports, split into street, city, state and ZIP code."""

from __future__ import annotations

import pytest

from mapping.interop.address_text import AddressParts, is_po_box, parse_address, parse_one_line

ONE = "one_line"
RUN = "run_together"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Florida legal aid locations.csv, location_address
        (
            "2400 S. Dixie Highway, Suite #104, Miami, FL 33133",
            AddressParts("2400 S. Dixie Highway, Suite #104", "Miami", "FL", "33133", "", ONE),
        ),
        ("State: FL", AddressParts("", "", "FL", "", "", ONE)),
        ("Fort Pierce, FL", AddressParts("", "Fort Pierce", "FL", "", "", ONE)),
        ("FL 32955", AddressParts("", "", "FL", "32955", "", ONE)),
        (
            "37718 Meridian Ave, Dade City, FL 33525-3715",
            AddressParts("37718 Meridian Ave", "Dade City", "FL", "33525-3715", "", ONE),
        ),
        (
            "Edgecomb Courthouse, 800 E Twiggs St - Room 207, Tampa, FL 33602",
            AddressParts(
                "800 E Twiggs St - Room 207", "Tampa", "FL", "33602", "Edgecomb Courthouse", ONE
            ),
        ),
        (
            "4343 West Flagler Street, Suite 100, Miami, FL",
            AddressParts("4343 West Flagler Street, Suite 100", "Miami", "FL", "", "", ONE),
        ),
        # Illinois legal aid, mailing addresses with the line breaks lost
        (
            "Illinois Equal Justice Foundation180 North Stetson, Suite 820Chicago, IL 60601",
            AddressParts(
                "180 North Stetson, Suite 820",
                "Chicago",
                "IL",
                "60601",
                "Illinois Equal Justice Foundation",
                RUN,
            ),
        ),
        (
            "150 Court Street2nd FloorBrooklyn, NY 11201",
            AddressParts("150 Court Street, 2nd Floor", "Brooklyn", "NY", "11201", "", RUN),
        ),
        (
            "100 North LaSalle StreetSuite 600Chicago, IL 60602",  # LaSalle stays whole
            AddressParts("100 North LaSalle Street, Suite 600", "Chicago", "IL", "60602", "", RUN),
        ),
        (
            "411 Hamilton Blvd.Suite 1618Peoria, IL 61602",
            AddressParts("411 Hamilton Blvd., Suite 1618", "Peoria", "IL", "61602", "", RUN),
        ),
        (
            "7115 W. North Ave #253Oak Park, IL 60302",
            AddressParts("7115 W. North Ave #253", "Oak Park", "IL", "60302", "", RUN),
        ),
        (
            "P.O. Box 726Homewood, IL 60430",
            AddressParts("P.O. Box 726", "Homewood", "IL", "60430", "", RUN),
        ),
        ("Chicago IL 60601", AddressParts("", "Chicago", "IL", "60601", "", ONE)),
        (
            "123 Main St\nPittsburgh, PA 15222",
            AddressParts("123 Main St", "Pittsburgh", "PA", "15222", "", ONE),
        ),
        ("", AddressParts()),
    ],
)
def test_parse_one_line(text: str, expected: AddressParts) -> None:
    assert parse_one_line(text) == expected


def test_columns_that_were_given_win_and_clean_ones_are_left_alone() -> None:
    clean = parse_address("2600 Middlefield Road", "Redwood City", "CA", "94063")
    assert clean == AddressParts("2600 Middlefield Road", "Redwood City", "CA", "94063")
    # HSDS 3.0 example: odd values, but in their own columns, so not re-split.
    assert parse_address("1-30 Main Street", "MyCity", "MyState", "ABC 1234").how == ""
    mixed = parse_address("Foundation180 North Stetson, Suite 820Chicago", "", "IL", "60601")
    assert (mixed.street, mixed.city, mixed.state, mixed.zip, mixed.how) == (
        "180 North Stetson, Suite 820",
        "Chicago",
        "IL",
        "60601",
        RUN,
    )


def test_placeable_and_po_boxes() -> None:
    assert not parse_one_line("State: FL").placeable
    assert parse_one_line("Fort Pierce, FL").placeable
    assert is_po_box("P.O. Box 726") and is_po_box("PO BOX 1") and not is_po_box("12 Box Elder St")

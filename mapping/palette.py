"""Colour-blind-safe colours, shared by the map and the charts.

Paul Tol's "muted" scheme (https://personal.sron.nl/~pault/), designed to stay distinct
for the common colour-vision deficiencies, extended with black; grey is "other/unknown".
Colour is never the only cue: charts label bars with text, the map legend names each
colour, and relationship levels also differ by dash pattern and width.
"""

from __future__ import annotations

from mapping import schema as s

TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#000000",
)
GREY = "#BBBBBB"

SECTOR_COLORS: dict[str, str] = {
    label: (TOL_MUTED[i] if label != "Other" else GREY) for i, label in enumerate(s.SECTORS.labels)
}

# Eleven Open Eligibility groups: the ten colours above, then a dark teal.
CATEGORY_GROUP_COLORS: dict[str, str] = {
    group: (*TOL_MUTED, "#225555")[i] for i, group in enumerate(s.CATEGORY_GROUPS)
}


def category_color(category: str) -> str:
    """The colour of a service category: that of its Open Eligibility group."""
    try:
        return CATEGORY_GROUP_COLORS[s.CATEGORIES.term(category).group]
    except KeyError:
        return GREY


def sector_color(sector: str) -> str:
    return SECTOR_COLORS.get(sector, GREY)


# Relationship levels: deeper ties are darker, wider and solid.
LEVEL_STYLES: dict[str, dict[str, object]] = {
    "cooperation": {"color": "#88CCEE", "width": 1.5, "dash": "dot", "dash_array": "2 6"},
    "coordination": {"color": "#44AA99", "width": 3.0, "dash": "dash", "dash_array": "8 6"},
    "collaboration": {"color": "#332288", "width": 5.0, "dash": "solid", "dash_array": ""},
}

# Paul Tol's sequential YlOrBr (colour-blind safe, prints in grey as a clean ramp): for
# heatmaps, light = few or none, dark = many. Cells always carry their number as text too.
TOL_YLORBR = (
    "#FFFFE5",
    "#FFF7BC",
    "#FEE391",
    "#FEC44F",
    "#FB9A29",
    "#EC7014",
    "#CC4C02",
    "#993404",
    "#662506",
)

"""Colour-blind-safe colours, shared by the map and the charts.

Paul Tol's "muted" scheme (https://personal.sron.nl/~pault/), designed to stay distinct
for the common colour-vision deficiencies, extended with black; grey is "other/unknown".
Colour is never the only cue: charts label bars with text, the map legend names each
colour, and relationship levels also differ by dash pattern and width.
"""

from __future__ import annotations

from mapping.data import schema as s

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

DARK_TEAL = "#225555"  # an eleventh colour, distinct from the ten above

# Eleven sectors besides "Other": the ten colours above, then the dark teal.
SECTOR_COLORS: dict[str, str] = {
    label: ((*TOL_MUTED, DARK_TEAL)[i] if label != "Other" else GREY)
    for i, label in enumerate(s.SECTORS.labels)
}

# Eleven Open Eligibility groups: the same eleven colours.
CATEGORY_GROUP_COLORS: dict[str, str] = {
    group: (*TOL_MUTED, DARK_TEAL)[i] for i, group in enumerate(s.CATEGORY_GROUPS)
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


# ---------------------------------------------------------------- presentation mode
# Projectors wash out pale colours. For a shared screen each muted colour is swapped one
# for one with a darker or more saturated one from Paul Tol's "vibrant" and "dark" sets
# (same source), so every colour has at least 3:1 contrast against white (WCAG 2.1,
# 1.4.11 non-text contrast) and categories keep their identity. Colours already dark
# enough stay.
HIGH_CONTRAST: dict[str, str] = {
    "#88CCEE": "#0077BB",
    "#44AA99": "#009988",
    "#999933": "#7A6A00",
    "#DDCC77": "#B35806",
    "#CC6677": "#CC3311",
    GREY: "#666666",
}

# Gradients of Agreement, 1 (full endorsement) to 8 (veto): Tol's diverging blue-red
# ("BuRd") with a neutral grey for abstaining; labels carry the meaning, not the colour.
GRADIENT_COLORS: tuple[str, ...] = (
    "#2166AC",
    "#4393C3",
    "#92C5DE",
    "#D9D9D9",
    "#FDDBC7",
    "#F4A582",
    "#D6604D",
    "#B2182B",
)
GRADIENT_COLORS_HIGH_CONTRAST: tuple[str, ...] = (
    "#053061",
    "#2166AC",
    "#4393C3",
    "#777777",
    "#8A5A00",
    "#D6604D",
    "#B2182B",
    "#67001F",
)
_GRADIENT_SWAP = dict(zip(GRADIENT_COLORS, GRADIENT_COLORS_HIGH_CONTRAST, strict=True))


def high_contrast(color: str) -> str:
    """The presentation-mode colour for ``color`` (unchanged if it has none)."""
    key = color.upper() if isinstance(color, str) else color
    return HIGH_CONTRAST.get(key) or _GRADIENT_SWAP.get(key) or color


def gradient_color(point: int) -> str:
    """The colour of a point (1-8) of the Gradients of Agreement scale."""
    return GRADIENT_COLORS[point - 1]


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

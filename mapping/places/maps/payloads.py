"""What the browser receives: compact, escaped JSON payloads for each layer (no Marker per
point), the gap layer, and the legend."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pandas as pd

from mapping.charts import palette
from mapping.data import schema as s
from mapping.places.geocoding import (
    GEO_PRECISION,
)
from mapping.places.maps.data import (
    _APPROX_CODES,
    _NOTES,
    _PRECISION_CODES,
    GAP_COLOR,
    GAP_COLUMNS,
    KIND_PARTNER,
    KIND_SERVICE,
    SITE_COLOR,
    MapData,
    MapLayers,
)


# ------------------------------------------------------------------ browser payloads
def safe_json(value: object) -> str:
    """JSON that is also safe inside an HTML <script> and a JavaScript source file."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _codes(df: pd.DataFrame) -> np.ndarray:
    prec = df[GEO_PRECISION].map({p: i for i, p in enumerate(_PRECISION_CODES)})
    codes = prec.fillna(2).astype(int).to_numpy()
    conf = df[s.CONFIDENTIAL].astype(bool).to_numpy()
    return np.where(conf, np.where(codes == 3, 5, 4), codes)


def _coords(df: pd.DataFrame) -> tuple[list[float], list[float]]:
    return (
        np.round(df[s.LATITUDE].to_numpy(dtype=float), 5).tolist(),
        np.round(df[s.LONGITUDE].to_numpy(dtype=float), 5).tolist(),
    )


def _styles(labels: pd.Series, color_of: Any) -> tuple[list[list[str]], np.ndarray]:
    codes, uniques = pd.factorize(labels.astype(str))
    return [[color_of(u), u or "Other"] for u in uniques], codes


def _partner_payload(p: pd.DataFrame) -> dict[str, Any]:
    styles, style_codes = _styles(p[s.SECTOR], palette.sector_color)
    lat, lon = _coords(p)
    rows = [
        [a, b, int(c), int(q), i, n]
        for a, b, c, q, i, n in zip(
            lat, lon, style_codes, _codes(p), p[s.PARTNER_ID], p[s.NAME], strict=True
        )
    ]
    return {
        "kind": KIND_PARTNER,
        "styles": styles,
        "notes": list(_NOTES),
        "approx": list(_APPROX_CODES),
        "radius": 7,
        "outline": "#222222",
        "weight": 1.5,
        "rows": rows,
    }


def _service_payload(v: pd.DataFrame) -> dict[str, Any]:
    # One style per category (its group's colour), so the popup can name the category.
    cat_codes, cats = pd.factorize(v[s.CATEGORY].astype(str))
    styles = [[palette.category_color(c), c or "Other"] for c in cats]
    owner_codes, owners = pd.factorize(v["partner_name"].astype(str))
    lat, lon = _coords(v)
    rows = [
        [a, b, int(c), int(q), i, n, int(o)]
        for a, b, c, q, i, n, o in zip(
            lat,
            lon,
            cat_codes,
            _codes(v),
            v[s.SERVICE_ID],
            v[s.NAME],
            owner_codes,
            strict=True,
        )
    ]
    return {
        "kind": KIND_SERVICE,
        "styles": styles,
        "owners": list(owners),
        "notes": list(_NOTES),
        "approx": list(_APPROX_CODES),
        "radius": 4,
        "outline": "#FFFFFF",
        "weight": 0.5,
        "rows": rows,
    }


def _line_payload(r: pd.DataFrame) -> dict[str, Any]:
    levels = list(s.LEVELS.labels)
    styles = [
        [
            str(palette.LEVEL_STYLES[lv]["color"]),
            float(str(palette.LEVEL_STYLES[lv]["width"])),
            str(palette.LEVEL_STYLES[lv]["dash_array"]),
            lv,
        ]
        for lv in levels
    ]
    rows = [
        [round(a, 5), round(b, 5), round(c, 5), round(d, 5), levels.index(lv), n1, n2]
        for a, b, c, d, lv, n1, n2 in zip(
            r["lat1"], r["lon1"], r["lat2"], r["lon2"], r[s.LEVEL], r["name1"], r["name2"],
            strict=True,
        )
        if lv in levels
    ]  # fmt: skip
    return {"levels": styles, "rows": rows}


def _area_payload(v: pd.DataFrame) -> dict[str, Any]:
    with_radius = v[v[s.RADIUS].fillna(0) > 0]
    lat, lon = _coords(with_radius)
    colors = [palette.category_color(c) for c in with_radius[s.CATEGORY]]
    rows = [
        [a, b, float(r), c]
        for a, b, r, c in zip(lat, lon, with_radius[s.RADIUS], colors, strict=True)
    ]
    return {"rows": rows}


def check_gaps(gaps: pd.DataFrame) -> None:
    """Raise a MappingError when a coverage-gaps frame lacks the expected columns."""
    from mapping.data.errors import MappingError

    missing = [c for c in GAP_COLUMNS if c not in gaps.columns]
    if missing:
        raise MappingError(
            f"the coverage-gaps table lacks the column(s) {', '.join(missing)}; it needs "
            f"{', '.join(GAP_COLUMNS)}."
        )


def _gap_payload(gaps: pd.DataFrame, sites: pd.DataFrame | None = None) -> dict[str, Any]:
    """The gap layer: one ring per ZIP area with a gap. With a ``people`` column (residents,
    or a need layer named by the ``people_noun`` attribute) each ring is sized by its people
    and says them; ``sites`` (columns rank, name, latitude, longitude, new_people) are the
    suggested places for a new provider, drawn as numbered squares."""
    check_gaps(gaps)
    g = gaps[gaps["is_gap"].fillna(False).astype(bool)]
    g = g[g["latitude"].notna() & g["longitude"].notna()]
    noun = str(gaps.attrs.get("people_noun", "residents"))
    with_people = "people" in g.columns
    rows = []
    most = 0
    for area, part in g.groupby("area", sort=True):
        label = str(area)
        title = f"ZIP {label}" if re.fullmatch(r"\d{5}", label) else label
        needs = "; ".join(
            f"{cat}: "
            + ("no provider found" if pd.isna(miles) else f"nearest {float(miles):,.1f} mi")
            for cat, miles in zip(part["category"], part["nearest_miles"], strict=True)
        )
        people = float(part["people"].iloc[0]) if with_people else -1.0
        most = max(most, round(people))
        if with_people:
            title += f" ({people:,.0f} {noun})"
        rows.append(
            [
                round(float(part["latitude"].iloc[0]), 5),
                round(float(part["longitude"].iloc[0]), 5),
                f"{title}: a coverage gap",
                needs,
                round(people),
            ]
        )
    site_rows = []
    if sites is not None:
        for rank, name, lat, lon, gain in zip(
            sites["rank"],
            sites["name"],
            sites["latitude"],
            sites["longitude"],
            sites["new_people"],
            strict=True,
        ):
            site_rows.append(
                [
                    round(float(lat), 5),
                    round(float(lon), 5),
                    f"Suggested place #{int(rank)}: {name}",
                    f"A new service here would bring {float(gain):,.0f} more {noun} within "
                    "reach (greedy heuristic, Gaps page).",
                ]
            )
    return {
        "color": GAP_COLOR,
        "rows": rows,
        "most": most,
        "sites": site_rows,
        "siteColor": SITE_COLOR,
    }


def _legend(data: MapData, layers: MapLayers, gaps: bool) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    if not data.partners.empty:
        sectors = [x for x in s.SECTORS.labels if x in set(data.partners[s.SECTOR])]
        sections.append(
            {
                "title": "Partners (large circles), by sector",
                "items": [[palette.sector_color(x), x, "circle", ""] for x in sectors],
            }
        )
    if not data.services.empty:
        present = set(data.services[s.CATEGORY])
        groups = [
            g
            for g in s.CATEGORY_GROUPS
            if any(s.CATEGORIES.term(c).group == g for c in present if s.CATEGORIES.match(c))
        ]
        items = [[palette.CATEGORY_GROUP_COLORS[g], g, "dot", ""] for g in groups]
        if s.UNCATEGORISED in present:  # issue 16: imported, waiting for a category
            items.append([palette.GREY, s.UNCATEGORISED, "dot", ""])
        sections.append({"title": "Services (small dots), by kind of service", "items": items})
    approx = any(
        df[s.CONFIDENTIAL].astype(bool).any() for df in (data.partners, data.services) if len(df)
    )
    if approx:
        sections.append(
            {
                "title": "Confidential locations",
                "items": [["#222222", "Approximate location (ZIP or city centre)", "ring", "3 3"]],
            }
        )
    if not data.relationships.empty:
        sections.append(
            {
                "title": "Relationships",
                "items": [
                    [
                        str(palette.LEVEL_STYLES[lv]["color"]),
                        f"{lv} ({palette.LEVEL_STYLES[lv]['dash']})",
                        "line",
                        str(palette.LEVEL_STYLES[lv]["dash_array"]),
                    ]
                    for lv in s.LEVELS.labels
                ],
            }
        )
    if gaps:
        sections.append(
            {
                "title": "Coverage gaps",
                "items": [
                    [
                        GAP_COLOR,
                        "Area far from any provider of a service (larger: more people)",
                        "ring",
                        "2 4",
                    ],
                    [SITE_COLOR, "Suggested place for a new provider (numbered)", "ring", ""],
                ],
            }
        )
    return sections

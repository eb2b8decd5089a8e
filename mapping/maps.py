"""The resource map: every partner and service on one fast, safe Folium map.

Speed (PERFORMANCE.md): one ``folium.Marker`` per point costs ~1 KB of HTML and seconds
of drawing per thousand points. Here each layer is one compact JSON array drawn by a
small script as canvas circle markers, and layers that start hidden are drawn only when
switched on. Popups and tooltips are built on demand from that array.

Safety: user text never goes through folium's Popup or Tooltip (they do not escape HTML,
and a backtick or ``</script>`` in a name can blank the map). It travels as JSON with
``<``, ``>`` and ``&`` escaped, and the browser puts it on the page with ``textContent``
only. Confidential locations are placed at their ZIP code or city centre here again
(whatever coordinates the frame carries), so their exact location and address never
reach the browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Final

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from folium.plugins import Fullscreen
from folium.template import Template
from folium.utilities import JsCode

from mapping import palette
from mapping import schema as s
from mapping.gazetteer import get_gazetteer
from mapping.geocoding import (
    GEO_FLAGGED,
    GEO_NOTE,
    GEO_PRECISION,
    PRECISIONS,
    geocode_workspace,
    is_geocoded,
)
from mapping.normalize import normalize_zip
from mapping.vendor import MapAssets
from mapping.workspace import Workspace

# ------------------------------------------------------------------ names shown on the map
PARTNERS_LAYER: Final = "Partners"
SERVICES_LAYER: Final = "Services"
RELATIONSHIPS_LAYER: Final = "Relationships"
AREAS_LAYER: Final = "Service areas"
GAPS_LAYER: Final = "Coverage gaps"
LAYER_NAMES: Final = (PARTNERS_LAYER, SERVICES_LAYER, RELATIONSHIPS_LAYER, AREAS_LAYER, GAPS_LAYER)
OSM_TILES: Final = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION: Final = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
TILES_NAME: Final = "Street map (needs internet)"
BLANK_NAME: Final = "No background"
MAP_ATTRIBUTION: Final = (
    "ZIP and city centres: zipcodes package, GeoNames (CC BY 4.0)"  # full text in the app
)
GAP_COLOR: Final = "#882255"
GAP_COLUMNS: Final = ("area", "latitude", "longitude", "category", "nearest_miles", "is_gap")
US_CENTRE: Final = (39.8, -98.6)
MILES_TO_METRES: Final = 1609.344

# Precision codes in the browser payload; the last two are confidential rows.
_PRECISION_CODES: Final = ("given", "street", "zip", "city")
_NOTES: Final = (
    "Placed at the coordinates given in the file",
    "Placed at its street address",
    "Placed at its ZIP code centre (not the exact address)",
    "Placed at its city centre (not the exact address)",
    "Approximate location (confidential): its ZIP code centre",
    "Approximate location (confidential): its city centre",
)
_APPROX_CODES: Final = (4, 5)
KIND_PARTNER: Final = "Partner"
KIND_SERVICE: Final = "Service"
_SELECTED = re.compile(r"(Partner|Service) ID: (.+)")


@dataclass(frozen=True)
class MapFilters:
    """What to show; an empty tuple means "all". Values are schema labels."""

    sectors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.sectors or self.categories or self.languages or self.populations)

    def describe(self) -> str:
        """'sector Legal aid or Housing; language Spanish' ('' when nothing is filtered)."""
        parts = [
            f"{name} {' or '.join(values)}"
            for name, values in (
                ("sector", self.sectors),
                ("category", self.categories),
                ("language", self.languages),
                ("population", self.populations),
            )
            if values
        ]
        return "; ".join(parts)


@dataclass(frozen=True)
class MapLayers:
    """Which layers are switched on when the map opens (all can be toggled on the map)."""

    partners: bool = True
    services: bool = True
    relationships: bool = True
    service_areas: bool = False
    gaps: bool = True


@dataclass
class MapData:
    """The placed, filtered points of a workspace: what the map and its table show.

    ``partners`` and ``services`` are on the map (placed); ``unplaced`` lists the rows
    that match the filters but could not be placed, with their note. ``relationships``
    has one row per pair of shown partners, with both ends' coordinates.
    """

    partners: pd.DataFrame
    services: pd.DataFrame
    relationships: pd.DataFrame
    unplaced: pd.DataFrame
    filters: MapFilters = field(default_factory=MapFilters)
    total_partners: int = 0
    total_services: int = 0


# ------------------------------------------------------------------ data
def _list_match(col: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Rows whose |-separated list shares a value with ``wanted``."""
    if col.empty:
        return pd.Series(False, index=col.index)
    items = col.astype(str).str.split(s.LIST_SEPARATOR).explode()
    return items.isin(set(wanted)).groupby(level=0).any().reindex(col.index, fill_value=False)


def approximate_confidential(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where every confidential row sits at its ZIP (else city) centre, no address.

    Defence in depth: a Workspace never holds their street address or coordinates, but a
    frame built elsewhere might, and the map must never show them.
    """
    out = df.copy()
    if s.CONFIDENTIAL not in out.columns or out.empty:
        return out
    conf = out[s.CONFIDENTIAL].fillna(False).astype(bool).to_numpy()
    if not conf.any():
        return out
    gaz = get_gazetteer()
    zips = [
        normalize_zip(str(z)).value if isinstance(z, str | int | float) else ""
        for z in out.loc[conf, s.ZIP]
    ]
    zlat, zlon = gaz.zip_points(zips)
    cities = out.loc[conf, s.CITY].astype(str).tolist() if s.CITY in out else [""] * len(zips)
    states = out.loc[conf, s.STATE].astype(str).tolist() if s.STATE in out else [""] * len(zips)
    clat, clon = gaz.city_points(cities, states)
    by_zip = ~np.isnan(zlat)
    lat = np.where(by_zip, zlat, clat)
    lon = np.where(by_zip, zlon, clon)
    out.loc[conf, s.LATITUDE] = lat
    out.loc[conf, s.LONGITUDE] = lon
    if s.ADDRESS in out.columns:
        out.loc[conf, s.ADDRESS] = ""
    if GEO_PRECISION in out.columns:
        out.loc[conf, GEO_PRECISION] = np.where(
            by_zip, "zip", np.where(np.isnan(clat), "none", "city")
        )
    return out


def map_data(ws: Workspace, filters: MapFilters | None = None, *, store: Any = None) -> MapData:
    """The points of ``ws`` to map under ``filters`` (geocoding offline if not yet done).

    ``store`` (a WorkspaceStore) lets offline geocoding use the saved online look-ups.
    """
    filters = filters or MapFilters()
    if not (is_geocoded(ws.partners) and is_geocoded(ws.services)):
        ws = geocode_workspace(ws, store=store)
    partners = approximate_confidential(ws.partners)
    services = approximate_confidential(ws.services)
    by_id = partners.set_index(s.PARTNER_ID)
    services[s.SECTOR] = services[s.PARTNER_ID].map(by_id[s.SECTOR]).fillna("")
    services["partner_name"] = services[s.PARTNER_ID].map(by_id[s.NAME]).fillna("")
    for col in (s.LANGUAGES, s.POPULATIONS):  # a service says nothing: its partner's
        own = services[col].astype(str)
        services[col] = own.where(own != "", services[s.PARTNER_ID].map(by_id[col]).fillna(""))

    p_mask = pd.Series(True, index=partners.index)
    v_mask = pd.Series(True, index=services.index)
    if filters.sectors:
        p_mask &= partners[s.SECTOR].isin(filters.sectors)
        v_mask &= services[s.SECTOR].isin(filters.sectors)
    if filters.categories:
        v_mask &= services[s.CATEGORY].isin(filters.categories)
        offering = set(services.loc[services[s.CATEGORY].isin(filters.categories), s.PARTNER_ID])
        p_mask &= partners[s.PARTNER_ID].isin(offering)
    for col, wanted in ((s.LANGUAGES, filters.languages), (s.POPULATIONS, filters.populations)):
        if wanted:
            p_mask &= _list_match(partners[col], wanted)
            v_mask &= _list_match(services[col], wanted)
    partners, services = partners[p_mask], services[v_mask]

    p_placed = partners[s.LATITUDE].notna() & partners[s.LONGITUDE].notna()
    v_placed = services[s.LATITUDE].notna() & services[s.LONGITUDE].notna()
    unplaced = pd.concat(
        [
            pd.DataFrame(
                {
                    "kind": KIND_PARTNER,
                    "id": partners.loc[~p_placed, s.PARTNER_ID],
                    "name": partners.loc[~p_placed, s.NAME],
                    "note": partners.loc[~p_placed, GEO_NOTE],
                }
            ),
            pd.DataFrame(
                {
                    "kind": KIND_SERVICE,
                    "id": services.loc[~v_placed, s.SERVICE_ID],
                    "name": services.loc[~v_placed, s.NAME].where(
                        services.loc[~v_placed, s.NAME] != "",
                        services.loc[~v_placed, s.CATEGORY],
                    ),
                    "note": services.loc[~v_placed, GEO_NOTE],
                }
            ),
        ],
        ignore_index=True,
    )
    shown = partners[p_placed].reset_index(drop=True)
    return MapData(
        shown,
        services[v_placed].reset_index(drop=True),
        _relationship_lines(ws.relationships, shown),
        unplaced,
        filters,
        len(ws.partners),
        len(ws.services),
    )


def _relationship_lines(rel: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of shown partners, at the deeper level either side describes."""
    cols = [s.SOURCE_ID, s.TARGET_ID, s.LEVEL, "lat1", "lon1", "lat2", "lon2", "name1", "name2"]
    if rel.empty or partners.empty:
        return pd.DataFrame(columns=cols)
    at = partners.set_index(s.PARTNER_ID)
    r = rel[rel[s.SOURCE_ID].isin(at.index) & rel[s.TARGET_ID].isin(at.index)].copy()
    r = r[r[s.SOURCE_ID] != r[s.TARGET_ID]]
    if r.empty:
        return pd.DataFrame(columns=cols)
    a = r[[s.SOURCE_ID, s.TARGET_ID]].min(axis=1)
    b = r[[s.SOURCE_ID, s.TARGET_ID]].max(axis=1)
    r[s.SOURCE_ID], r[s.TARGET_ID] = a, b
    r["_order"] = r[s.LEVEL].map(s.LEVEL_ORDER).fillna(0)
    r = r.sort_values("_order").drop_duplicates([s.SOURCE_ID, s.TARGET_ID], keep="last")
    out = r[[s.SOURCE_ID, s.TARGET_ID, s.LEVEL]].reset_index(drop=True)
    for end, col in (("1", s.SOURCE_ID), ("2", s.TARGET_ID)):
        ids = out[col]
        out[f"lat{end}"] = ids.map(at[s.LATITUDE]).to_numpy()
        out[f"lon{end}"] = ids.map(at[s.LONGITUDE]).to_numpy()
        out[f"name{end}"] = ids.map(at[s.NAME]).to_numpy()
    return out[cols]


def point_table(data: MapData) -> pd.DataFrame:
    """The points on the map as a table (the accessible alternative to the map)."""

    def placed(df: pd.DataFrame) -> pd.Series:
        label = df[GEO_PRECISION].map(PRECISIONS).fillna("")
        conf = df[s.CONFIDENTIAL].astype(bool)
        return label.where(~conf, label + " (approximate: confidential)")

    p, v = data.partners, data.services
    partners = pd.DataFrame(
        {
            "type": KIND_PARTNER,
            "id": p[s.PARTNER_ID],
            "name": p[s.NAME],
            "sector or category": p[s.SECTOR],
            "partner": p[s.NAME],
            "city": p[s.CITY],
            "zip": p[s.ZIP],
            "placed at": placed(p),
            "check coordinates": p[GEO_FLAGGED].astype(bool),
        }
    )
    services = pd.DataFrame(
        {
            "type": KIND_SERVICE,
            "id": v[s.SERVICE_ID],
            "name": v[s.NAME].where(v[s.NAME] != "", v[s.CATEGORY]),
            "sector or category": v[s.CATEGORY],
            "partner": v["partner_name"],
            "city": v[s.CITY],
            "zip": v[s.ZIP],
            "placed at": placed(v),
            "check coordinates": v[GEO_FLAGGED].astype(bool),
        }
    )
    return pd.concat([partners, services], ignore_index=True)


def selected_from_popup(text: object) -> tuple[str, str] | None:
    """(kind, id) of the point whose popup text the map sent back, or None."""
    if not isinstance(text, str):
        return None
    found = _SELECTED.findall(text)
    if not found:
        return None
    kind, ident = found[-1]
    return kind, ident.strip()


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
    from mapping.errors import MappingError

    missing = [c for c in GAP_COLUMNS if c not in gaps.columns]
    if missing:
        raise MappingError(
            f"the coverage-gaps table lacks the column(s) {', '.join(missing)}; it needs "
            f"{', '.join(GAP_COLUMNS)}."
        )


def _gap_payload(gaps: pd.DataFrame) -> dict[str, Any]:
    check_gaps(gaps)
    g = gaps[gaps["is_gap"].fillna(False).astype(bool)]
    g = g[g["latitude"].notna() & g["longitude"].notna()]
    rows = []
    for area, part in g.groupby("area", sort=True):
        label = str(area)
        title = f"ZIP {label}" if re.fullmatch(r"\d{5}", label) else label
        needs = "; ".join(
            f"{cat}: "
            + ("no provider found" if pd.isna(miles) else f"nearest {float(miles):,.1f} mi")
            for cat, miles in zip(part["category"], part["nearest_miles"], strict=True)
        )
        rows.append(
            [
                round(float(part["latitude"].iloc[0]), 5),
                round(float(part["longitude"].iloc[0]), 5),
                f"{title}: a coverage gap",
                needs,
            ]
        )
    return {"color": GAP_COLOR, "rows": rows}


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
        sections.append(
            {
                "title": "Services (small dots), by kind of service",
                "items": [[palette.CATEGORY_GROUP_COLORS[g], g, "dot", ""] for g in groups],
            }
        )
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
                "items": [[GAP_COLOR, "Area far from any provider of a service", "ring", "2 4"]],
            }
        )
    return sections


# ------------------------------------------------------------------ folium elements
# The browser side: ~100 lines, no dependencies beyond Leaflet. Text goes in with
# textContent only. Hidden layers are filled the first time they are switched on.
_TOOLKIT_JS = r"""
window.rmap = window.rmap || (function () {
  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (css) e.style.cssText = css;
    return e;
  }
  function svg(color, shape, dash) {
    var ns = 'http://www.w3.org/2000/svg', s = document.createElementNS(ns, 'svg');
    s.setAttribute('width', '22'); s.setAttribute('height', '14');
    s.style.verticalAlign = 'middle'; s.style.marginRight = '6px';
    var g;
    if (shape === 'line') {
      g = document.createElementNS(ns, 'line');
      g.setAttribute('x1', '1'); g.setAttribute('y1', '7');
      g.setAttribute('x2', '21'); g.setAttribute('y2', '7');
      g.setAttribute('stroke-width', '3');
    } else {
      g = document.createElementNS(ns, 'circle');
      g.setAttribute('cx', '11'); g.setAttribute('cy', '7');
      g.setAttribute('r', shape === 'dot' ? '4' : '6');
      g.setAttribute('stroke-width', shape === 'ring' ? '2' : '1');
      g.setAttribute('fill', shape === 'ring' ? 'none' : color);
    }
    g.setAttribute('stroke', shape === 'circle' ? '#222222' : color);
    if (dash) g.setAttribute('stroke-dasharray', dash);
    s.appendChild(g);
    return s;
  }
  function popup(P, r) {
    var box = el('div', null, 'font: 13px/1.45 sans-serif; min-width: 160px');
    var label = P.styles[r[2]][1];
    box.appendChild(el('div', r[5] || label, 'font-weight: 600; font-size: 14px'));
    var line = P.kind + ' \u00b7 ' + label;
    if (P.owners && r[6] >= 0) line += ' \u00b7 ' + P.owners[r[6]];
    box.appendChild(el('div', line));
    box.appendChild(el('div', P.notes[r[3]], 'color: #444444'));
    box.appendChild(el('div', P.kind + ' ID: ' + r[4], 'color: #555555; font-size: 11px'));
    return box;
  }
  function report(map, marker, box) {
    // Send the click back to Streamlit (streamlit-folium's component state), also for
    // layers switched on after the component hooked its own click handlers.
    var g = window.__GLOBAL_DATA__;
    if (!g) return;
    g.last_object_clicked = marker.getLatLng();
    g.last_object_clicked_count = (g.last_object_clicked_count || 0) + 1;
    g.last_object_clicked_popup = box.innerText;
    map.fire('moveend');
  }
  function lazily(group, fill) {
    var done = false;
    group.on('add', function () { if (!done) { done = true; fill(); } });
  }
  function points(group, map, P) {
    // One handler per layer (events bubble up from the markers), not two per marker.
    function click(e) {
      var m = e.propagatedFrom || e.layer;
      if (!m || !m._rm) return;
      if (!m.getPopup()) m.bindPopup(popup(P, m._rm), {maxWidth: 300});
      m.openPopup();
      report(map, m, m.getPopup().getContent());
    }
    function over(e) {
      var m = e.propagatedFrom || e.layer;
      if (!m || !m._rm) return;
      if (!m.getTooltip()) {
        m.bindTooltip(el('span', m._rm[5] || P.styles[m._rm[2]][1]));
        m.openTooltip();
      }
    }
    group.on('click', click);
    group.on('mouseover', over);
    lazily(group, function () {
      var rows = P.rows;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], color = P.styles[r[2]][0];
        var approx = P.approx.indexOf(r[3]) >= 0;
        var m = L.circleMarker([r[0], r[1]], approx ? {
          radius: P.radius + 3, color: '#222222', weight: 2, dashArray: '3 3',
          fillColor: color, fillOpacity: 0.35
        } : {
          radius: P.radius, color: P.outline, weight: P.weight,
          fillColor: color, fillOpacity: 0.9
        });
        m._rm = r;
        group.addLayer(m);
      }
    });
  }
  function lines(group, map, P) {
    lazily(group, function () {
      for (var i = 0; i < P.rows.length; i++) {
        var r = P.rows[i], st = P.levels[r[4]];
        var l = L.polyline([[r[0], r[1]], [r[2], r[3]]], {
          color: st[0], weight: st[1], dashArray: st[2] || null, opacity: 0.85
        });
        l._rm = r;
        l.on('mouseover', function (e) {
          var t = e.target;
          if (!t.getTooltip()) {
            t.bindTooltip(el('span', t._rm[5] + ' \u2194 ' + t._rm[6] + ': ' +
              P.levels[t._rm[4]][3]), {sticky: true});
            t.openTooltip(e.latlng);
          }
        });
        group.addLayer(l);
        l.bringToBack();
      }
    });
  }
  function areas(group, map, P) {
    lazily(group, function () {
      for (var i = 0; i < P.rows.length; i++) {
        var r = P.rows[i];
        var c = L.circle([r[0], r[1]], {
          radius: r[2] * 1609.344, color: r[3], weight: 1, opacity: 0.6,
          fillColor: r[3], fillOpacity: 0.05, interactive: false
        });
        group.addLayer(c);
        c.bringToBack();
      }
    });
  }
  function gaps(group, map, P) {
    lazily(group, function () {
      for (var i = 0; i < P.rows.length; i++) {
        var r = P.rows[i];
        var m = L.circleMarker([r[0], r[1]], {
          radius: 11, color: P.color, weight: 3, dashArray: '2 4',
          fillColor: P.color, fillOpacity: 0.12
        });
        m._rm = r;
        m.on('mouseover', function (e) {
          var t = e.target;
          if (!t.getTooltip()) {
            var box = el('div', null, 'font: 12px/1.4 sans-serif');
            box.appendChild(el('div', t._rm[2], 'font-weight: 600'));
            box.appendChild(el('div', t._rm[3]));
            t.bindTooltip(box);
            t.openTooltip();
          }
        });
        group.addLayer(m);
        m.bringToBack();
      }
    });
  }
  function legend(map, sections, attribution) {
    if (map.attributionControl) map.attributionControl.addAttribution(attribution);
    if (!sections.length) return;
    var c = L.control({position: 'bottomright'});
    c.onAdd = function () {
      var d = el('details', null, 'background: rgba(255,255,255,0.95); padding: 6px 10px;' +
        'border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);' +
        'font: 12px/1.5 sans-serif; max-height: 45vh; overflow: auto; max-width: 260px');
      d.open = map.getSize().x > 700;  // on a narrow map it would hide the points
      d.className = 'rmap-legend';
      d.appendChild(el('summary', 'Legend', 'font-weight: 600; cursor: pointer'));
      sections.forEach(function (sec) {
        d.appendChild(el('div', sec.title, 'font-weight: 600; margin-top: 4px'));
        sec.items.forEach(function (it) {
          var row = el('div');
          row.appendChild(svg(it[0], it[2], it[3]));
          row.appendChild(el('span', it[1]));
          d.appendChild(row);
        });
      });
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    };
    c.addTo(map);
  }
  return {points: points, lines: lines, areas: areas, gaps: gaps, legend: legend};
})();
"""


# The layer list reads top-down in order of importance; drawing order is the reverse
# (partners last, so they are on top and easiest to click).
_LAYER_ORDER = (
    "function (a, b, nameA, nameB) {"
    f" var order = {json.dumps(LAYER_NAMES)};"
    " function rank(n) { for (var i = 0; i < order.length; i++) {"
    " if (n.indexOf(order[i] + ' (') === 0) return i; } return -1; }"
    " return rank(nameA) - rank(nameB); }"
)


class _Toolkit(MacroElement):
    """The browser-side helpers, the legend and the data attribution."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>.leaflet-control-layers "
        "{ font-size: 13px; line-height: 1.5; } .leaflet-control-attribution "
        "{ font-size: 11px; }</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{% raw %}"
        + _TOOLKIT_JS
        + "{% endraw %}rmap.legend({{ this._parent.get_name() }}, {{ this.sections }}, "
        "{{ this.attribution }});{% endmacro %}"
    )

    def __init__(self, sections: list[dict[str, Any]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ResourceMapToolkit"
        self.sections = safe_json(sections)
        self.attribution = safe_json(MAP_ATTRIBUTION)


class _SelfAddingLayer(Layer):
    """A layer whose own script adds it to the map when it starts shown.

    folium's ``Layer.render`` instead adds an "add to map" child named after the
    element's id at render time. streamlit-folium renames every id each time it shows a
    map, so a cached map shown a second time would gain a second child pointing at the
    old name: a ReferenceError that leaves the map blank.
    """

    def render(self, **kwargs: Any) -> Any:
        return MacroElement.render(self, **kwargs)  # type: ignore[no-untyped-call]


class DataLayer(_SelfAddingLayer):
    """One toggleable layer drawn in the browser from one compact JSON array."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = L.featureGroup();\n"
        "rmap.{{ this.kind }}({{ this.get_name() }}, {{ this._parent.get_name() }}, "
        "JSON.parse({{ this.payload }}));\n"
        "{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});"
        "{% endif %}\n{% endmacro %}"
    )

    def __init__(self, kind: str, payload: dict[str, Any], *, name: str, show: bool) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "DataLayer"
        self.kind = kind
        self.count = len(payload["rows"])
        # A JS string holding the JSON: JSON.parse reads it faster than V8 parses the same
        # data as a JavaScript literal (https://v8.dev/blog/cost-of-javascript-2019#json).
        self.payload = safe_json(safe_json(payload))


class BlankBase(_SelfAddingLayer):
    """A base layer with no tiles: a plain background that needs no internet."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}"""
    )

    def __init__(self, name: str = BLANK_NAME, show: bool = False) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "BlankBase"


class StreetTiles(_SelfAddingLayer):
    """OpenStreetMap's standard tiles (they need the internet; the points do not).

    Usage policy: https://operations.osmfoundation.org/policies/tiles/ (attribution shown).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.tileLayer({{ this.url|tojson }}, {{ this.options|tojson }});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}"""
    )

    def __init__(self, name: str = TILES_NAME, show: bool = True) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "StreetTiles"
        self.url = OSM_TILES
        self.options = {"attribution": OSM_ATTRIBUTION, "maxZoom": 19}


# ------------------------------------------------------------------ the map
def render_map(
    data: MapData,
    *,
    layers: MapLayers | None = None,
    gaps: pd.DataFrame | None = None,
    assets: MapAssets | None = None,
    tiles: bool = True,
) -> folium.Map:
    """The folium map of already prepared :class:`MapData` (see :func:`build_partner_map`)."""
    layers = layers or MapLayers()
    assets = assets or MapAssets.cdn()
    m = folium.Map(
        location=US_CENTRE,
        zoom_start=4,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        width="100%",
        height="100%",
    )
    # Only Leaflet: the default jQuery, Bootstrap and icon fonts are not used here.
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    bounds = _bounds(data)
    if bounds is not None:  # first: points and tiles are then placed once, at this view
        folium.FitBounds(bounds, padding=(24, 24), max_zoom=14).add_to(m)
    StreetTiles(show=tiles).add_to(m)
    BlankBase(show=not tiles).add_to(m)
    gap_payload = _gap_payload(gaps) if gaps is not None else None
    _Toolkit(_legend(data, layers, bool(gap_payload and gap_payload["rows"]))).add_to(m)

    rel = _line_payload(data.relationships)
    areas = _area_payload(data.services)
    partners = _partner_payload(data.partners)
    services = _service_payload(data.services)
    for kind, payload, name, show in (
        ("areas", areas, AREAS_LAYER, layers.service_areas),
        ("lines", rel, RELATIONSHIPS_LAYER, layers.relationships),
        ("gaps", gap_payload, GAPS_LAYER, layers.gaps),
        ("points", services, SERVICES_LAYER, layers.services),
        ("points", partners, PARTNERS_LAYER, layers.partners),
    ):
        if payload is None:
            continue
        label = f"{name} ({len(payload['rows']):,})"
        DataLayer(kind, payload, name=label, show=show).add_to(m)

    fs = Fullscreen(  # type: ignore[no-untyped-call]
        position="topleft", title="Full screen", title_cancel="Exit full screen"
    )
    fs.default_js = [("Control.Fullscreen.js", assets.fullscreen_js)]
    fs.default_css = [("Control.FullScreen.css", assets.fullscreen_css)]
    fs.add_to(m)
    folium.LayerControl(
        position="topright",
        collapsed=False,
        sortLayers=True,
        sortFunction=JsCode(_LAYER_ORDER),  # type: ignore[arg-type]
    ).add_to(m)
    return m


def _bounds(data: MapData) -> list[list[float]] | None:
    lat = np.concatenate([data.partners[s.LATITUDE], data.services[s.LATITUDE]])
    lon = np.concatenate([data.partners[s.LONGITUDE], data.services[s.LONGITUDE]])
    ok = ~np.isnan(lat) & ~np.isnan(lon)
    if not ok.any():
        return None
    return [
        [float(lat[ok].min()), float(lon[ok].min())],
        [float(lat[ok].max()), float(lon[ok].max())],
    ]


def build_partner_map(
    ws: Workspace,
    *,
    filters: MapFilters | None = None,
    layers: MapLayers | None = None,
    gaps: pd.DataFrame | None = None,
    assets: MapAssets | None = None,
    tiles: bool = True,
    store: Any = None,
) -> folium.Map:
    """The resource map of a workspace as a ``folium.Map``.

    Parameters:
        ws: the workspace, geocoded (:func:`mapping.geocoding.geocode_workspace`) or not
            (it is then geocoded offline, using ``store``'s saved look-ups if given).
        filters: sectors, categories, languages, populations to show (default: all).
        layers: which layers are on when the map opens; all can be toggled.
        gaps: an optional coverage-gaps table (columns ``area, latitude, longitude,
            category, nearest_miles, is_gap``), drawn as the "Coverage gaps" layer.
        assets: where the browser loads Leaflet from (default: the public CDN).
        tiles: start on OpenStreetMap's street tiles (True), or on a blank background
            (False; needs no internet). Both are offered on the map.

    Raises:
        MappingError: ``gaps`` lacks one of its columns.
    """
    return render_map(
        map_data(ws, filters, store=store), layers=layers, gaps=gaps, assets=assets, tiles=tiles
    )


def map_html(m: folium.Map) -> str:
    """The whole map as one standalone HTML page."""
    return str(m.get_root().render())


# ------------------------------------------------------------------ beside the map
def partner_services(ws: Workspace, partner_id: str) -> pd.DataFrame:
    """What one partner offers: one row per service, in file order."""
    v = ws.services[ws.services[s.PARTNER_ID] == partner_id]
    return pd.DataFrame(
        {
            "service": v[s.NAME].where(v[s.NAME] != "", v[s.CATEGORY]),
            "category": v[s.CATEGORY],
            "languages": v[s.LANGUAGES].str.replace(s.LIST_SEPARATOR, ", "),
            "who it serves": v[s.POPULATIONS].str.replace(s.LIST_SEPARATOR, ", "),
            "eligibility": v[s.ELIGIBILITY],
            "cost": v[s.COST],
            "reach (miles)": v[s.RADIUS],
            "trauma-informed": v[s.TRAUMA_INFORMED],
        }
    ).reset_index(drop=True)


def partner_relationships(ws: Workspace, partner_id: str) -> pd.DataFrame:
    """Who one partner works with, as it and they describe it (both directions)."""
    r = ws.relationships
    names = ws.partner_names()
    mine = r[(r[s.SOURCE_ID] == partner_id) | (r[s.TARGET_ID] == partner_id)]
    outgoing = mine[s.SOURCE_ID] == partner_id
    other = mine[s.TARGET_ID].where(outgoing, mine[s.SOURCE_ID])
    out = pd.DataFrame(
        {
            "with": other.map(names).fillna(other),
            "described by": np.where(outgoing, "this partner", "the other partner"),
            "level": mine[s.LEVEL],
            "what they do together": mine[s.REL_TYPE].str.replace(s.LIST_SEPARATOR, ", "),
            "trust (1-4)": mine[s.TRUST],
            "since": mine[s.SINCE],
        }
    )
    depth = pd.to_numeric(out["level"].map(s.LEVEL_ORDER), errors="coerce").fillna(0)
    out["_depth"] = depth.to_numpy(dtype=float)
    out = out.sort_values(["_depth", "with"], ascending=[False, True], kind="stable")
    return out.drop(columns="_depth").reset_index(drop=True)

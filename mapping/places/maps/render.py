"""The resource map: every partner and service on one fast, safe Folium map.

Speed (bench/bench_map.py): one ``folium.Marker`` per point costs ~1 KB of HTML and seconds
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
from importlib import resources
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from folium.plugins import Fullscreen
from folium.template import Template
from folium.utilities import JsCode

from mapping.data import schema as s
from mapping.data.workspace import Workspace
from mapping.places.maps.data import (
    AREAS_LAYER,
    BLANK_NAME,
    GAPS_LAYER,
    LAYER_NAMES,
    MAP_ATTRIBUTION,
    OSM_ATTRIBUTION,
    OSM_TILES,
    PARTNERS_LAYER,
    RELATIONSHIPS_LAYER,
    SERVICES_LAYER,
    TILES_NAME,
    US_CENTRE,
    MapData,
    MapFilters,
    MapLayers,
    map_data,
)
from mapping.places.maps.payloads import (
    _area_payload,
    _gap_payload,
    _legend,
    _line_payload,
    _partner_payload,
    _service_payload,
    safe_json,
)
from mapping.places.vendor import MapAssets

# ------------------------------------------------------------------ folium elements
# The browser side: ~100 lines, no dependencies beyond Leaflet. Text goes in with
# textContent only. Hidden layers are filled the first time they are switched on.
_TOOLKIT_JS = resources.files(__package__).joinpath("toolkit.js").read_text(encoding="utf-8")


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
    """The browser-side helpers, the legend and the data attribution.

    The attribution wraps before it reaches the scale bar (bottom left, about 100 px), so
    the long attribution of a narrow map never covers the scale.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}<style>.leaflet-control-layers "
        "{ font-size: {{ this.font }}px; line-height: 1.5; } .leaflet-control-attribution "
        "{ font-size: 11px; max-width: calc(100vw - 150px); } .rmap-legend "
        "{ font-size: {{ this.font }}px !important; }</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{% raw %}"
        + _TOOLKIT_JS
        + "{% endraw %}rmap.legend({{ this._parent.get_name() }}, {{ this.sections }}, "
        "{{ this.attribution }});{% endmacro %}"
    )

    def __init__(self, sections: list[dict[str, Any]], *, large_type: bool = False) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ResourceMapToolkit"
        # 20 px on a projector (presentation mode), else the usual small map type.
        self.font = 20 if large_type else 13
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
    sites: pd.DataFrame | None = None,
    large_type: bool = False,
) -> folium.Map:
    """The folium map of already prepared :class:`MapData` (see :func:`build_partner_map`).

    ``sites``: suggested places for a new provider, drawn with the gap layer.
    ``large_type``: the legend and the layer list in type a room can read (presentation
    mode), the legend open."""
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
    gap_payload = _gap_payload(gaps, sites) if gaps is not None else None
    # The view fits everything that starts shown, the coverage gaps included: a page
    # that says "they are marked on the map" must show them.
    shown_gaps = gap_payload["rows"] if gap_payload and layers.gaps else []
    bounds = _bounds(data, shown_gaps)
    if bounds is not None:  # first: points and tiles are then placed once, at this view
        folium.FitBounds(bounds, padding=(24, 24), max_zoom=14).add_to(m)
    StreetTiles(show=tiles).add_to(m)
    BlankBase(show=not tiles).add_to(m)
    _Toolkit(
        _legend(data, layers, bool(gap_payload and gap_payload["rows"])), large_type=large_type
    ).add_to(m)

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


def _bounds(data: MapData, extra: list[list[Any]] | None = None) -> list[list[float]] | None:
    """South-west and north-east corners of the points, and of ``extra`` rows that start
    with (latitude, longitude), such as the coverage-gap markers."""
    more = np.array([[float(r[0]), float(r[1])] for r in extra or []], dtype=float).reshape(-1, 2)
    lat = np.concatenate([data.partners[s.LATITUDE], data.services[s.LATITUDE], more[:, 0]])
    lon = np.concatenate([data.partners[s.LONGITUDE], data.services[s.LONGITUDE], more[:, 1]])
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
    sites: pd.DataFrame | None = None,
) -> folium.Map:
    """The resource map of a workspace as a ``folium.Map``.

    Parameters:
        ws: the workspace, geocoded (:func:`mapping.places.geocoding.geocode_workspace`) or not
            (it is then geocoded offline, using ``store``'s saved look-ups if given).
        filters: sectors, categories, languages, populations to show (default: all).
        layers: which layers are on when the map opens; all can be toggled.
        gaps: an optional coverage-gaps table (columns ``area, latitude, longitude,
            category, nearest_miles, is_gap``; optionally ``people``, which sizes each
            ring), drawn as the "Coverage gaps" layer.
        sites: suggested places for a new provider (``coverage.suggest_sites``), drawn as
            numbered squares in the gap layer.
        assets: where the browser loads Leaflet from (default: the public CDN).
        tiles: start on OpenStreetMap's street tiles (True), or on a blank background
            (False; needs no internet). Both are offered on the map.

    Raises:
        MappingError: ``gaps`` lacks one of its columns.
    """
    return render_map(
        map_data(ws, filters, store=store),
        layers=layers,
        gaps=gaps,
        assets=assets,
        tiles=tiles,
        sites=sites,
    )


def map_html(m: folium.Map) -> str:
    """The whole map as one standalone HTML page."""
    return str(m.get_root().render())

"""The resource map: every partner and service on one fast, safe Folium map.

``data`` (what is shown, filters, confidential places, tables beside the map),
``payloads`` (what the browser receives), ``render`` (the Folium map, its layers and
``toolkit.js``, the browser side). Only this package imports folium. Import from here:
``from mapping.places import maps``."""

from __future__ import annotations

from mapping.places.maps.data import (
    AREAS_LAYER,
    BLANK_NAME,
    GAP_COLOR,
    GAP_COLUMNS,
    GAPS_LAYER,
    KIND_PARTNER,
    KIND_SERVICE,
    LAYER_NAMES,
    MAP_ATTRIBUTION,
    MILES_TO_METRES,
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
    approximate_confidential,
    map_data,
    partner_relationships,
    partner_services,
    point_table,
    selected_from_popup,
)
from mapping.places.maps.payloads import (
    check_gaps,
    safe_json,
)
from mapping.places.maps.render import (
    BlankBase,
    DataLayer,
    StreetTiles,
    build_partner_map,
    map_html,
    render_map,
)

__all__ = [
    "AREAS_LAYER",
    "BLANK_NAME",
    "GAPS_LAYER",
    "GAP_COLOR",
    "GAP_COLUMNS",
    "KIND_PARTNER",
    "KIND_SERVICE",
    "LAYER_NAMES",
    "MAP_ATTRIBUTION",
    "MILES_TO_METRES",
    "OSM_ATTRIBUTION",
    "OSM_TILES",
    "PARTNERS_LAYER",
    "RELATIONSHIPS_LAYER",
    "SERVICES_LAYER",
    "TILES_NAME",
    "US_CENTRE",
    "BlankBase",
    "DataLayer",
    "MapData",
    "MapFilters",
    "MapLayers",
    "StreetTiles",
    "approximate_confidential",
    "build_partner_map",
    "check_gaps",
    "map_data",
    "map_html",
    "partner_relationships",
    "partner_services",
    "point_table",
    "render_map",
    "safe_json",
    "selected_from_popup",
]

"""Place every partner and service on the map, and say honestly how precisely.

``pipeline`` (given -> cache -> ZIP -> city -> online -> unplaced), ``settings``,
``cache``, ``online`` (geopy adapter and rate limiter), ``jobs`` (background look-ups) and
``fixes`` (rows to correct). Import from here: ``from mapping.places import geocoding``."""

from __future__ import annotations

from mapping.places.geocoding.cache import (
    CachedResult,
    GeocodeCache,
)
from mapping.places.geocoding.fixes import (
    FIX_COLUMNS,
    apply_location_fixes,
    rows_to_check,
)
from mapping.places.geocoding.jobs import (
    GeocodeJob,
    workspace_queries,
)
from mapping.places.geocoding.online import (
    OnlineGeocoder,
    OnlineResult,
    Outcome,
    Progress,
    Query,
    RateLimiter,
    build_geocoder,
    look_up_online,
    shared_limiter,
)
from mapping.places.geocoding.pipeline import (
    FAR_FROM_ZIP_MILES,
    GEO_COLUMNS,
    GEO_FLAGGED,
    GEO_NOTE,
    GEO_PRECISION,
    GEO_SOURCE,
    PRECISIONS,
    SOURCES,
    Precision,
    geocode_frame,
    geocode_workspace,
    is_geocoded,
    online_queries,
    placement_summary,
    query_key,
    query_text,
)
from mapping.places.geocoding.settings import (
    API_KEY_ENV,
    NOMINATIM_POLICY,
    PROVIDERS,
    SETTINGS_KEY,
    GeocoderSettings,
    Provider,
    load_settings,
    save_settings,
)

__all__ = [
    "API_KEY_ENV",
    "FAR_FROM_ZIP_MILES",
    "FIX_COLUMNS",
    "GEO_COLUMNS",
    "GEO_FLAGGED",
    "GEO_NOTE",
    "GEO_PRECISION",
    "GEO_SOURCE",
    "NOMINATIM_POLICY",
    "PRECISIONS",
    "PROVIDERS",
    "SETTINGS_KEY",
    "SOURCES",
    "CachedResult",
    "GeocodeCache",
    "GeocodeJob",
    "GeocoderSettings",
    "OnlineGeocoder",
    "OnlineResult",
    "Outcome",
    "Precision",
    "Progress",
    "Provider",
    "Query",
    "RateLimiter",
    "apply_location_fixes",
    "build_geocoder",
    "geocode_frame",
    "geocode_workspace",
    "is_geocoded",
    "load_settings",
    "look_up_online",
    "online_queries",
    "placement_summary",
    "query_key",
    "query_text",
    "rows_to_check",
    "save_settings",
    "shared_limiter",
    "workspace_queries",
]

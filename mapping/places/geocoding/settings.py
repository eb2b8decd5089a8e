"""Which online geocoder to use, if any, and how fast: saved in the workspace's settings."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from mapping.data.store import WorkspaceStore


# ------------------------------------------------------------------ settings
SETTINGS_KEY: Final = "geocoder"
API_KEY_ENV: Final = "RESOURCE_MAP_GEOCODER_API_KEY"
NOMINATIM_POLICY: Final = "https://operations.osmfoundation.org/policies/nominatim/"


@dataclass(frozen=True)
class Provider:
    """An online geocoding service geopy can talk to."""

    label: str
    geopy_name: str
    needs_key: bool = False
    extra: tuple[tuple[str, Any], ...] = ()  # provider-specific geocode() arguments


PROVIDERS: Final[dict[str, Provider]] = {
    "nominatim": Provider(
        "Nominatim (OpenStreetMap; free, 1 request per second)",
        "nominatim",
        extra=(("country_codes", "us"),),
    ),
    "photon": Provider("Photon (komoot, OpenStreetMap data; free)", "photon"),
    "arcgis": Provider("ArcGIS World Geocoding (Esri)", "arcgis"),
    "opencage": Provider("OpenCage (needs an API key)", "opencage", needs_key=True),
    "locationiq": Provider("LocationIQ (needs an API key)", "locationiq", needs_key=True),
    "googlev3": Provider("Google Maps (needs an API key)", "googlev3", needs_key=True),
}

# Placeholder agents from geopy's and Nominatim's documentation, and words of our own hint.
_SAMPLE_AGENT = re.compile(
    r"^\s*$|geopy|example|sample|my[-_ ]?app|my[-_ ]?application|my_user_agent|"
    r"your[-_ ]?(org|app|name|email)|change[-_ ]?me|\btest\b|specify_your",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GeocoderSettings:
    """Workspace-wide settings of the online geocoder (kept in the workspace database).

    ``domain`` is blank for the provider's public service, or a host[:port] of one's own
    (e.g. a partnership's own Nominatim), optionally starting with ``http://``.
    The API key of a keyed provider is read from the environment variable
    :data:`API_KEY_ENV` and never stored in the shared database.
    """

    online: bool = False
    provider: str = "nominatim"
    user_agent: str = ""
    timeout: float = 10.0
    domain: str = ""
    min_delay_seconds: float = 1.0

    def problem(self) -> str | None:
        """Why the online geocoder cannot be used as configured, or None."""
        provider = PROVIDERS.get(self.provider)
        if provider is None:
            names = ", ".join(PROVIDERS)
            return f"the online geocoder '{self.provider}' is not one of {names}; pick one."
        if _SAMPLE_AGENT.search(self.user_agent):
            shown = f"'{self.user_agent}' is a sample" if self.user_agent.strip() else "is empty"
            return (
                f"the online geocoder's user agent {shown}. Set it (Map page > Placement "
                "> Online geocoder settings) to your partnership's name and a contact "
                "email, such as 'Three Rivers Partnership resource map (you@yourdomain.org)'"
                f": the service's usage policy requires it ({NOMINATIM_POLICY})."
            )
        if provider.needs_key and not os.environ.get(API_KEY_ENV):
            return (
                f"{provider.label.split(' (')[0]} needs an API key: set the environment "
                f"variable {API_KEY_ENV} where the app runs, or choose Nominatim."
            )
        if not 0 < self.timeout <= 120:
            return f"the timeout must be above 0 and at most 120 seconds, got {self.timeout:g}."
        return None


def load_settings(store: WorkspaceStore) -> GeocoderSettings:
    """The workspace's geocoder settings (defaults where never set)."""
    saved = store.get_setting(SETTINGS_KEY, {}) or {}
    names = {f.name for f in dataclasses.fields(GeocoderSettings)}
    return GeocoderSettings(**{k: v for k, v in saved.items() if k in names})


def save_settings(store: WorkspaceStore, settings: GeocoderSettings) -> None:
    """Store the geocoder settings for every session of this workspace."""
    store.set_setting(SETTINGS_KEY, dataclasses.asdict(settings))

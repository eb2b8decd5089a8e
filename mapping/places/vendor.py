"""Leaflet and its plugin, pinned: served by the app itself when installed, else from a CDN.

``make vendor`` (``scripts/fetch_vendor.py``) downloads these exact npm tarballs from the
npm registry, checks their sha512 integrity and unpacks the listed files into
``static/vendor/<name>@<version>/`` (git-ignored). Streamlit serves ``./static`` at
``/app/static`` when ``server.enableStaticServing`` is on, so a venue with poor internet
still gets a working map (only the background tiles need the internet).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR: Final = ROOT / "static"
VENDOR_DIR: Final = STATIC_DIR / "vendor"
STATIC_URL: Final = "/app/static"
CDN: Final = "https://cdn.jsdelivr.net/npm"
REGISTRY: Final = "https://registry.npmjs.org"


@dataclass(frozen=True)
class Package:
    """One npm package and the files of it the map uses."""

    name: str
    version: str
    integrity: str  # the registry's dist.integrity (sha512, base64)
    licence: str
    files: tuple[str, ...]

    @property
    def folder(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball(self) -> str:
        base = self.name.rsplit("/", 1)[-1]
        return f"{REGISTRY}/{self.name}/-/{base}-{self.version}.tgz"


LEAFLET: Final = Package(
    "leaflet",
    "1.9.4",
    "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    "BSD-2-Clause",
    (
        "dist/leaflet.js",
        "dist/leaflet.css",
        "dist/images/layers.png",
        "dist/images/layers-2x.png",
        "dist/images/marker-icon.png",
        "dist/images/marker-icon-2x.png",
        "dist/images/marker-shadow.png",
        "LICENSE",
    ),
)
FULLSCREEN: Final = Package(
    "leaflet.fullscreen",
    "3.0.0",
    "sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
    "MIT",
    ("Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg", "LICENSE"),
)
PACKAGES: Final = (LEAFLET, FULLSCREEN)


@dataclass(frozen=True)
class MapAssets:
    """Where the browser loads Leaflet and the fullscreen plugin from."""

    leaflet_js: str
    leaflet_css: str
    fullscreen_js: str
    fullscreen_css: str
    local: bool

    @classmethod
    def cdn(cls) -> MapAssets:
        """The public CDN (jsDelivr), same versions."""
        return cls._at(CDN, local=False)

    @classmethod
    def served(cls, base_url: str = STATIC_URL + "/vendor") -> MapAssets:
        """The copies in ``static/vendor``, served by the app at ``base_url``."""
        return cls._at(base_url.rstrip("/"), local=True)

    @classmethod
    def _at(cls, base: str, *, local: bool) -> MapAssets:
        def url(p: Package, file: str) -> str:
            return f"{base}/{p.folder}/{file}"

        return cls(
            url(LEAFLET, "dist/leaflet.js"),
            url(LEAFLET, "dist/leaflet.css"),
            url(FULLSCREEN, "Control.FullScreen.js"),
            url(FULLSCREEN, "Control.FullScreen.css"),
            local,
        )


def installed(vendor_dir: Path = VENDOR_DIR) -> bool:
    """True when every pinned file is in ``vendor_dir`` (``make vendor`` was run)."""
    return all((vendor_dir / p.folder / f).is_file() for p in PACKAGES for f in p.files)

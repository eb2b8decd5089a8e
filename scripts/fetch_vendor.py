"""Install Leaflet and its fullscreen plugin into static/vendor/ for offline venues.

Downloads the pinned npm tarballs (mapping/places/vendor.py) from the npm registry with the
standard library (no node or npm needed), checks each against its sha512 integrity, and
unpacks only the files the map uses. Run by `make vendor` (and so by `make test`); safe to
re-run: packages already in place are left alone. NPM_REGISTRY overrides the registry.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapping.places.vendor import PACKAGES, REGISTRY, VENDOR_DIR, Package


def _verify(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise SystemExit(
            f"integrity check failed: expected {integrity}, got {algorithm}-{digest}. "
            "The download was corrupted or the registry served another file; nothing "
            "was installed."
        )


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "resource-map-vendor/1"})
    with urllib.request.urlopen(request, timeout=60) as resp:
        return bytes(resp.read())


def install(package: Package, vendor_dir: Path = VENDOR_DIR) -> bool:
    """Install one package; False when it was already there."""
    target = vendor_dir / package.folder
    if all((target / f).is_file() for f in package.files):
        return False
    registry = os.environ.get("NPM_REGISTRY", REGISTRY).rstrip("/")
    url = package.tarball.replace(REGISTRY, registry)
    data = _download(url)
    _verify(data, package.integrity)
    staging = vendor_dir / f".{package.folder}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in package.files:
            member = tar.getmember(f"package/{name}")
            source = tar.extractfile(member)
            if source is None:
                raise SystemExit(f"{package.folder}: {name} is not a file in the tarball")
            out = staging / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(source.read())
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return True


def main() -> None:
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        done = install(package)
        state = "installed" if done else "already installed"
        print(f"{package.folder}: {state} in {VENDOR_DIR / package.folder}")


if __name__ == "__main__":
    main()

"""The map's own copy of Leaflet: pinned URLs, and the installer's integrity check
(against a stub npm registry on 127.0.0.1)."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import importlib.util
import io
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from mapping.places.vendor import FULLSCREEN, LEAFLET, PACKAGES, MapAssets, Package, installed
from tests.conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fetch_vendor", ROOT / "scripts" / "fetch_vendor.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder served as an npm registry on 127.0.0.1 (NPM_REGISTRY points at it)."""
    root = tmp_path / "registry"
    root.mkdir()
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    monkeypatch.setenv("NPM_REGISTRY", f"http://127.0.0.1:{httpd.server_address[1]}")
    yield root
    httpd.shutdown()
    httpd.server_close()


def _publish(root: Path, name: str, version: str, data: bytes) -> None:
    folder = root / name / "-"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}-{version}.tgz").write_bytes(data)


def test_pinned_urls_are_the_same_files_locally_and_on_the_cdn() -> None:
    cdn, local = MapAssets.cdn(), MapAssets.served()
    assert cdn.leaflet_js == "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"
    assert local.leaflet_js == "/app/static/vendor/leaflet@1.9.4/dist/leaflet.js"
    assert (
        local.fullscreen_css == "/app/static/vendor/leaflet.fullscreen@3.0.0/Control.FullScreen.css"
    )
    for a, b in ((cdn.leaflet_css, local.leaflet_css), (cdn.fullscreen_js, local.fullscreen_js)):
        assert a.rsplit("/npm/", 1)[1] == b.rsplit("/vendor/", 1)[1]
    assert LEAFLET.tarball == "https://registry.npmjs.org/leaflet/-/leaflet-1.9.4.tgz"
    assert {p.name for p in PACKAGES} == {"leaflet", "leaflet.fullscreen"}
    assert all(p.integrity.startswith("sha512-") for p in (LEAFLET, FULLSCREEN))


def test_install_checks_integrity_and_unpacks_only_the_listed_files(
    registry: Path, tmp_path: Path
) -> None:
    script = _script()
    data = _tarball({"dist/a.js": b"var a;", "dist/a.css": b".a{}", "README.md": b"x"})
    _publish(registry, "demo", "1.0.0", data)
    package = Package("demo", "1.0.0", _integrity(data), "MIT", ("dist/a.js", "dist/a.css"))
    vendor = tmp_path / "vendor"
    assert script.install(package, vendor) is True
    assert sorted(p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()) == [
        "demo@1.0.0/dist/a.css",
        "demo@1.0.0/dist/a.js",
    ]
    assert script.install(package, vendor) is False  # already there: nothing downloaded again


def test_a_tarball_that_does_not_match_its_integrity_is_refused(
    registry: Path, tmp_path: Path
) -> None:
    script = _script()
    good = _tarball({"dist/a.js": b"var a;"})
    _publish(registry, "demo", "1.0.0", _tarball({"dist/a.js": b"alert('tampered')"}))
    package = Package("demo", "1.0.0", _integrity(good), "MIT", ("dist/a.js",))
    vendor = tmp_path / "vendor"
    with pytest.raises(SystemExit, match="integrity check failed"):
        script.install(package, vendor)
    assert not (vendor / "demo@1.0.0").exists()


def test_installed_needs_every_file(tmp_path: Path) -> None:
    assert not installed(tmp_path)
    for p in PACKAGES:
        for f in p.files:
            (tmp_path / p.folder / f).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / p.folder / f).write_bytes(b"")
    assert installed(tmp_path)
    (tmp_path / LEAFLET.folder / "dist" / "leaflet.js").unlink()
    assert not installed(tmp_path)

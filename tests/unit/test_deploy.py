"""The container route (README, "Share with people outside the room"): CI does not build
the image, so this checks what it runs: the make targets exist and resolve, secrets stay
out of the image, the compose file wires the app to PostgreSQL behind a TLS proxy with
sticky sessions."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = (ROOT / "compose.yaml").read_text()
CADDY = (ROOT / "deploy" / "Caddyfile").read_text()


def _make_calls() -> list[list[str]]:
    calls = []
    joined = DOCKERFILE.replace("\\\n", " ")
    for line in re.findall(r"^(?:RUN|CMD) (.+)$", joined, flags=re.M):
        text = line.replace('["sh", "-c", "exec ', "").rstrip('"]')
        for part in text.split("&&"):
            words = shlex.split(part.replace("${PORT}", "8501"))
            if words and words[0] == "make":
                calls.append(words[1:])
    return calls


def test_the_image_is_built_and_started_with_the_make_targets_ci_runs() -> None:
    targets = [c[0] for c in _make_calls()]
    assert targets == ["install", "vendor", "share"]


@pytest.mark.parametrize("call", _make_calls(), ids=lambda c: c[0])
def test_each_make_call_of_the_image_resolves(call: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        ["make", "-n", *call, f"VENV={tmp_path}/.venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    if call[0] == "share":  # refuses to start unprotected, then listens for the proxy
        assert "scripts/check_share.py" in done.stdout
        assert "--server.address 0.0.0.0" in done.stdout
        assert "--server.port 8501" in done.stdout


def test_secrets_and_local_state_stay_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".streamlit/secrets.toml", ".venv", "var/", "static/vendor/"):
        assert path in ignored
    assert "USER app" in DOCKERFILE  # not root


def test_compose_runs_two_app_servers_on_postgresql_behind_a_tls_proxy() -> None:
    assert re.search(r"^  (db|app|proxy):$", COMPOSE, flags=re.M)
    for service in ("db", "app", "proxy"):
        assert f"\n  {service}:\n" in COMPOSE
    assert "DATABASE_URL: postgresql://resmap:${POSTGRES_PASSWORD}@db:5432/resmap" in COMPOSE
    assert "replicas: 2" in COMPOSE
    assert "secrets.toml:/app/.streamlit/secrets.toml:ro" in COMPOSE
    assert '"443:443"' in COMPOSE and "8501" not in COMPOSE.split("proxy:")[1].split("ports")[0]
    assert "lb_policy cookie" in CADDY and "{$SITE_ADDRESS}" in CADDY
    assert "name app" in CADDY and "port 8501" in CADDY

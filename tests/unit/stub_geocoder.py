"""A Nominatim look-alike on 127.0.0.1 for testing the real geopy client (no network).

Answers are scripted per request: "match", "street_match", "town", "nomatch", "429",
"429-none" (429 without Retry-After), "500", "403" or "hang" (no answer until the test
ends, so the client's timeout fires). With no script left, a street match is returned.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MATCH = {
    "place_id": 1,
    "lat": "40.4433",
    "lon": "-79.9959",
    "display_name": "1200, Penn Avenue, Strip District, Pittsburgh, PA 15222, United States",
    "class": "building",
    "type": "yes",
    "addresstype": "building",
}
TOWN = {**MATCH, "lat": "40.4406", "lon": "-79.9959", "type": "city", "addresstype": "city"}


@dataclass
class StubGeocoder:
    """The server's state: the script of answers and every request seen."""

    script: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def queries(self) -> list[str]:
        return [r["q"] for r in self.requests]


def _handler(stub: StubGeocoder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            url = urllib.parse.urlparse(self.path)
            params = dict(urllib.parse.parse_qsl(url.query))
            stub.requests.append(
                {
                    "path": url.path,
                    "q": params.get("q", ""),
                    "params": params,
                    "user_agent": self.headers.get("User-Agent", ""),
                }
            )
            action = stub.script.pop(0) if stub.script else "match"
            if action == "hang":
                stub.release.wait(10)
                return
            if action in ("429", "429-none"):
                headers = {"Retry-After": "3"} if action == "429" else {}
                self._send(429, {"error": "Too many requests"}, headers)
            elif action == "500":
                self._send(500, {"error": "Internal server error"})
            elif action == "403":
                self._send(403, {"error": "Access blocked"})
            elif action == "nomatch":
                self._send(200, [])
            elif action == "town":
                self._send(200, [TOWN])
            else:
                self._send(200, [MATCH])

        def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def stub_geocoder(*script: str) -> Iterator[StubGeocoder]:
    """Run the stub on a free loopback port for the duration of the block."""
    stub = StubGeocoder(list(script))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    server.daemon_threads = True
    stub.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.release.set()
        server.shutdown()
        server.server_close()


class FakeClock:
    """A clock that only moves when something sleeps: rate limits without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

"""Which device is this: a network address to count wrong passcodes against.

A browser can send any ``X-Forwarded-For`` header it likes. The web server under Streamlit
(uvicorn) believes that header from 127.0.0.1 by default, so the address the app is told
can be whatever the visitor wrote, and changing it on every try would dodge the lock-out.
Forwarded addresses are therefore used only from the proxies the facilitator names
(``[network] trusted_proxies`` in ``.streamlit/secrets.toml`` or the
``RESOURCE_MAP_TRUSTED_PROXIES`` environment variable; none by default):

* no forwarding header: the address the connection came from;
* forwarding headers and no trusted proxy: every such request counts as one device
  (:data:`UNTRUSTED`), so varying the header changes nothing;
* forwarding headers and trusted proxies: the right-most address in ``X-Forwarded-For``
  that is not a trusted proxy (the one the nearest trusted proxy saw), provided the request
  really came through a trusted proxy; otherwise :data:`UNTRUSTED` again.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

UNTRUSTED = "forwarded-by-untrusted-proxy"
FORWARDING = ("x-forwarded-for", "forwarded", "x-real-ip")
LOOPBACK = "127.0.0.1"


def _address(text: str) -> str | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def parse_trusted(values: Iterable[object] | str | None) -> frozenset[str]:
    """Trusted proxy addresses from a setting: a list, or one comma-separated string."""
    if values is None:
        return frozenset()
    items = values.split(",") if isinstance(values, str) else [str(v) for v in values]
    found = (_address(v) for v in items if str(v).strip())
    return frozenset(a for a in found if a)


def lockout_address(
    peer: str | None, headers: Mapping[str, str], trusted: frozenset[str]
) -> str | None:
    """The address to count sign-in failures against.

    ``peer`` is the address the app was given for the connection (None for this computer),
    ``headers`` the request's HTTP headers, ``trusted`` the trusted proxies' addresses.
    """
    names = {str(h).lower(): str(v) for h, v in headers.items()}
    if not any(h in names for h in FORWARDING):
        return peer
    if not trusted:
        return UNTRUSTED
    chain = [a for a in (_address(p) for p in names.get("x-forwarded-for", "").split(",")) if a]
    client = next((a for a in reversed(chain) if a not in trusted), None)
    seen = _address(peer) if peer else LOOPBACK
    # The server replaces the connection's address by the forwarded one only for a proxy
    # on this computer; then the two agree and 127.0.0.1 must be trusted.
    through_trusted = seen in trusted or (seen == client and LOOPBACK in trusted)
    if through_trusted and client:
        return client
    return UNTRUSTED  # forwarded, but not by a proxy we trust: one device for all of them

"""Who may see and do what: the one place that decides.

Every page, panel and download asks this module; nothing else reads a role, the sign-in
state or the sharing setting to grant or hide something. Sign-in (:mod:`ui.access`) and
presentation mode (:mod:`ui.presentation`) only show things; their rules live here.

* **Roles** (:func:`current_role`): the facilitator and the stakeholders. Who is who
  depends on ``.streamlit/secrets.toml`` (table in :mod:`ui.access`): passcodes, an OIDC
  login, or, with nothing configured, the computer running the app is the facilitator.
  The role lives in the server-side session only; nothing in the URL or a widget grants it.
* **Presenting** (:func:`is_presenting`): a shared screen or projector, whoever drives it.
* **Grants**: :func:`can_edit` (change the workspace and settings: the facilitator, never
  while presenting), :func:`can_facilitate` (drive a vote or the kickoff round, presenting
  or not), :func:`can_take_part` (vote, add a note, send an organization form),
  :func:`can_contribute` (the same from this screen: not while presenting) and
  :func:`contacts_visible` (contact names, emails and phones: never while presenting,
  always for the facilitator, for stakeholders only when the facilitator shares them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from mapping.meeting.forwarded import lockout_address as forwarded_address
from mapping.meeting.forwarded import parse_trusted
from mapping.meeting.passcodes import PasscodeError, check_config
from ui import loaders
from ui import state as k

FACILITATOR = "facilitator"
STAKEHOLDER = "stakeholder"
ROLES = (FACILITATOR, STAKEHOLDER)
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# Set by reverse proxies: a request that went through one is never "this computer".
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host")
# Data > Sharing: may stakeholders see contact names, emails and phones?
CONTACTS_SETTING = "sharing.stakeholders_see_contacts"


# ------------------------------------------------------------------------------ configuration
def secrets_table(name: str) -> Mapping[str, Any]:
    if not st.secrets.load_if_toml_exists():
        return {}
    value = st.secrets.get(name)
    if value is None:
        return {}
    return value.to_dict() if hasattr(value, "to_dict") else dict(value)


def passcode_config() -> tuple[dict[str, str], set[str], str | None]:
    """(usable hashes by role, roles named in [passcodes], error message or None)."""
    table = secrets_table("passcodes")
    declared = {str(r) for r in table}
    try:
        return check_config(table), declared, None
    except PasscodeError as exc:
        return {}, declared, str(exc)


def oidc_configured() -> bool:
    """True when ``[auth]`` is set up for Streamlit's OIDC login (``st.login``)."""
    return bool(secrets_table("auth"))


def facilitator_emails() -> set[str]:
    emails = secrets_table("access").get("facilitator_emails", [])
    return {str(e).strip().casefold() for e in emails}


def anyone_may_view() -> bool:
    """True when people can use the app without any sign-in (as stakeholders)."""
    _, declared, _ = passcode_config()
    return STAKEHOLDER not in declared and not oidc_configured()


# ------------------------------------------------------------------------------ where from
def server_address() -> str:
    """The address the server listens on (``server.address``; empty means every interface)."""
    return str(st.get_option("server.address") or "")


def server_is_local() -> bool:
    """True when the server only listens on this computer."""
    return server_address() in LOOPBACK_HOSTS


def client_address() -> str | None:
    """The browser's network address (None when it is this computer)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def is_local_request(ip: str | None, headers: Mapping[str, str]) -> bool:
    """True for a browser on this computer, connected directly (not through a proxy)."""
    if ip is not None:
        return False
    names = {str(h).lower(): v for h, v in headers.items()}
    if any(h.lower() in names for h in FORWARDING_HEADERS):
        return False
    host = names.get("host", "")
    if not host:  # no HTTP request at all: a test or a bare script run
        return True
    return (urlsplit(f"//{host}").hostname or "").lower() in LOOPBACK_HOSTS


TRUSTED_PROXIES_ENV = "RESOURCE_MAP_TRUSTED_PROXIES"


def trusted_proxies() -> frozenset[str]:
    """Reverse proxies whose X-Forwarded-For may be believed: ``[network] trusted_proxies``
    in secrets.toml, or the ``RESOURCE_MAP_TRUSTED_PROXIES`` environment variable
    (comma-separated). None by default."""
    configured = secrets_table("network").get("trusted_proxies")
    if configured is None:
        configured = os.environ.get(TRUSTED_PROXIES_ENV)
    return parse_trusted(configured)


def device_address() -> str | None:
    """This browser's network address as far as it can be trusted: wrong passcodes are
    counted against it, and one vote per device (see :mod:`mapping.meeting.forwarded`)."""
    return forwarded_address(client_address(), st.context.headers.to_dict(), trusted_proxies())


def client_is_local() -> bool:
    """True when this browser runs on the computer that runs the app, directly."""
    return is_local_request(client_address(), st.context.headers.to_dict())


def reachable_beyond_localhost() -> bool:
    """True when other computers can reach the app (or this browser is one of them)."""
    return not (server_is_local() and client_is_local())


# ------------------------------------------------------------------------------ roles
def _oidc_role() -> str | None:
    if not oidc_configured() or not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "").strip().casefold()
    return FACILITATOR if email and email in facilitator_emails() else STAKEHOLDER


def current_role() -> str | None:
    """The role of this browser session, or None when it must sign in first."""
    granted = st.session_state.get(k.ACCESS_ROLE)
    if granted in ROLES:
        return str(granted)
    by_login = _oidc_role()
    if by_login:
        return by_login
    _, declared, _ = passcode_config()
    if FACILITATOR not in declared and not oidc_configured() and client_is_local():
        return FACILITATOR
    if anyone_may_view():
        return STAKEHOLDER
    return None


def can_edit() -> bool:
    """True when this session may change the workspace and settings now.

    The facilitator only, and never in presentation mode (editing controls are hidden
    on a shared screen). Every write checks this at the moment it happens.
    """
    return current_role() == FACILITATOR and not is_presenting()


def can_facilitate() -> bool:
    """True for the facilitator, presenting or not: open, reveal and close polls, and
    drive the kickoff round."""
    return current_role() == FACILITATOR


def can_take_part() -> bool:
    """True for anyone with a role: vote, add notes, send an organization form."""
    return current_role() is not None


def can_contribute() -> bool:
    """True when this session may vote, add a note or fill in a form from this screen:
    anyone with a role, but not from a shared screen (people use their own devices)."""
    return can_take_part() and not is_presenting()


def is_presenting() -> bool:
    """True when this session is in presentation mode (a shared screen)."""
    return bool(st.session_state.get(k.PRESENTING, False))


def contacts_visible() -> bool:
    """Whether this session may see contact names, emails and phones right now.

    Never while presenting; always for the facilitator otherwise; for stakeholders only
    when the facilitator chose to share them (Data > Sharing).
    """
    if is_presenting():
        return False
    if current_role() == FACILITATOR:
        return True
    return contacts_shared()


def contacts_shared() -> bool:
    """The facilitator's choice (Data > Sharing): do stakeholders see contact details?"""
    return bool(loaders.get_store().get_setting(CONTACTS_SETTING, False))


def share_contacts(on: bool) -> None:
    """Record the facilitator's choice; the caller has checked :func:`can_edit`."""
    loaders.get_store().set_setting(CONTACTS_SETTING, bool(on))

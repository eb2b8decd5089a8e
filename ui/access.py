"""Who may change what: the facilitator and the stakeholders.

* The **facilitator** edits data, runs polls and the kickoff round, approves the
  organization forms stakeholders send, and changes the sharing settings.
* **Stakeholders** view, vote, take meeting notes, and send their own organization's
  resource map, which waits for the facilitator's approval.

Who is who (``.streamlit/secrets.toml``, see ``secrets.toml.example`` and the README):

=====================================  ==============================  ==========================
configured                             facilitator                     stakeholder
=====================================  ==============================  ==========================
nothing                                the computer running the app    anyone else with the link
``[passcodes] facilitator``            whoever enters that passcode    anyone with the link
``[passcodes]`` both roles             whoever enters the facilitator  whoever enters the
                                       passcode                        stakeholder passcode
``[auth]`` (OIDC, ``st.login``)        signed-in emails listed in      any other signed-in
                                       ``[access] facilitator_emails`` account
=====================================  ==============================  ==========================

When the app can be reached from other computers and nothing is configured, every page
says so and how to fix it. The role is kept in the server-side session only; nothing in
the URL or a widget can grant it. Passcodes are checked against salted hashes
(:mod:`mapping.meeting.passcodes`), and a device is locked out after repeated failures
(:mod:`mapping.meeting.lockout`). Neither passcodes nor hashes are ever sent to a browser or logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from mapping.meeting.passcodes import PasscodeError, check_config, match_role
from ui import loaders
from ui import state as k

FACILITATOR = "facilitator"
STAKEHOLDER = "stakeholder"
ROLES = (FACILITATOR, STAKEHOLDER)
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# Set by reverse proxies: a request that went through one is never "this computer".
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host")
ROLE_HELP = {
    FACILITATOR: "You can edit data, run polls and the kickoff round, approve organization "
    "forms and change the sharing settings.",
    STAKEHOLDER: "You can look at everything shared with you, vote, add meeting notes, and "
    "send your organization's resource map for the facilitator to approve.",
}


# ------------------------------------------------------------------------------ configuration
def _secrets_table(name: str) -> Mapping[str, Any]:
    if not st.secrets.load_if_toml_exists():
        return {}
    value = st.secrets.get(name)
    if value is None:
        return {}
    return value.to_dict() if hasattr(value, "to_dict") else dict(value)


def passcode_config() -> tuple[dict[str, str], set[str], str | None]:
    """(usable hashes by role, roles named in [passcodes], error message or None)."""
    table = _secrets_table("passcodes")
    declared = {str(r) for r in table}
    try:
        return check_config(table), declared, None
    except PasscodeError as exc:
        return {}, declared, str(exc)


def oidc_configured() -> bool:
    """True when ``[auth]`` is set up for Streamlit's OIDC login (``st.login``)."""
    return bool(_secrets_table("auth"))


def _oidc_providers() -> list[str | None]:
    named = [name for name, value in _secrets_table("auth").items() if isinstance(value, dict)]
    return list(named) or [None]


def facilitator_emails() -> set[str]:
    emails = _secrets_table("access").get("facilitator_emails", [])
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
    from ui import presentation

    return current_role() == FACILITATOR and not presentation.is_presenting()


def can_facilitate() -> bool:
    """True for the facilitator, presenting or not: open, reveal and close polls, and
    drive the kickoff round."""
    return current_role() == FACILITATOR


def can_take_part() -> bool:
    """True for anyone with a role: vote, add notes, send an organization form."""
    return current_role() is not None


# ------------------------------------------------------------------------------ sign-in
def _try_passcode(passcode: str) -> None:
    """Check a passcode (or refuse while locked out); leaves a message for the next run."""
    hashes, _, _ = passcode_config()
    limiter = loaders.get_limiter()
    client = limiter.client_key(client_address())
    status = limiter.status(client)
    if status.locked:
        st.session_state[k.ACCESS_RESULT] = (
            "error",
            f"Too many wrong passcodes from this device. Try again in {status.minutes_left} "
            "minute(s), or ask the facilitator.",
        )
        return
    role = match_role(passcode, hashes) if passcode else None
    if role is None:
        status = limiter.record_failure(client)
        st.session_state[k.ACCESS_RESULT] = (
            "error",
            f"That passcode is not right. {status.tries_left} more tries before this device "
            f"waits {limiter.lock // 60:.0f} minutes."
            if not status.locked
            else f"That passcode is not right, and this device must now wait "
            f"{status.minutes_left} minutes before trying again.",
        )
        return
    limiter.record_success(client)
    st.session_state[k.ACCESS_ROLE] = role
    st.session_state[k.ACCESS_RESULT] = ("success", f"Signed in as {role}.")


def _on_sign_in() -> None:
    passcode = str(st.session_state.get(k.ACCESS_PASSCODE) or "")
    _try_passcode(passcode)


def _flash() -> None:
    message = st.session_state.pop(k.ACCESS_RESULT, None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])


def sign_in_form() -> None:
    """The passcode form (and the OIDC button when configured)."""
    _flash()
    hashes, _, error = passcode_config()
    if error:
        st.error(error, icon=":material/key_off:")
    if hashes:
        with st.form(k.ACCESS_FORM, clear_on_submit=True):
            st.text_input(
                "Passcode",
                type="password",
                key=k.ACCESS_PASSCODE,
                autocomplete="current-password",
                help="The facilitator gives it out. It is checked on the server and never "
                "stored in the browser.",
            )
            st.form_submit_button(
                "Sign in", key=k.ACCESS_SIGN_IN, on_click=_on_sign_in, icon=":material/login:"
            )
    if oidc_configured():
        for provider in _oidc_providers():
            label = f"Sign in with {provider.capitalize()}" if provider else "Sign in"
            st.button(
                label,
                key=f"{k.ACCESS_LOGIN}_{provider or 'default'}",
                on_click=st.login,
                args=(provider,) if provider else (),
                icon=":material/account_circle:",
            )


def _sign_out() -> None:
    st.session_state.pop(k.ACCESS_ROLE, None)
    st.session_state[k.ACCESS_RESULT] = ("success", "Signed out.")
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def gate() -> None:
    """Stop here with the sign-in form when this session has no role yet."""
    if current_role() is not None:
        return
    st.title("Sign in")
    st.markdown(
        "This community resource map is shared with the members of the partnership. "
        "Enter the passcode the facilitator gave you."
    )
    sign_in_form()
    st.stop()


def exposure_warning() -> None:
    """On every page: say so when other computers can reach the app and nobody set a
    passcode or a login, and how to fix it."""
    _, declared, error = passcode_config()
    if error:
        st.error(error, icon=":material/key_off:")
    if declared or oidc_configured() or not reachable_beyond_localhost():
        return
    st.warning(
        "**No passcode is set, and this dashboard can be reached from other computers.** "
        "Anyone who opens its address sees the whole workspace and can vote; only the "
        "computer running it can change data. To choose who may view and who may edit, "
        "run `make passcode` on that computer, paste the line it prints under "
        "`[passcodes]` in `.streamlit/secrets.toml`, and restart (README, *Roles and "
        "passcodes*). To keep it to this computer, start it with `make run`.",
        icon=":material/lock_open:",
    )


def role_panel() -> None:
    """Sidebar: the current role, what it may do, sign-in as facilitator, sign-out."""
    role = current_role()
    _flash()
    st.markdown(f"**Your role:** {role or 'not signed in'}")
    if role:
        st.caption(ROLE_HELP[role])
    signed_in = st.session_state.get(k.ACCESS_ROLE) in ROLES or (
        oidc_configured() and st.user.is_logged_in
    )
    if signed_in:
        if st.session_state.get(k.ACCESS_ROLE) in ROLES:
            st.caption("Signed in for this browser tab: reloading the page asks again.")
        st.button("Sign out", key=k.ACCESS_SIGN_OUT, on_click=_sign_out, icon=":material/logout:")
        return
    hashes, _, _ = passcode_config()
    if role != FACILITATOR and (FACILITATOR in hashes or oidc_configured()):
        with st.expander("Facilitator sign-in"):
            sign_in_form()

"""Who may change what: the facilitator and the stakeholders.

* The **facilitator** edits data, runs polls and the kickoff round, approves the
  organization forms stakeholders send, and changes the sharing settings.
* **Stakeholders** view, vote, take meeting notes, and send their own organization's
  resource map, which waits for the facilitator's approval.

Who is who (``.streamlit/secrets.toml``, see ``secrets.toml.example`` and the README):

=====================================  ==============================  ==========================
configured                             facilitator                     stakeholder
=====================================  ==============================  ==========================
nothing                                the computer running the app    nobody else: the app refuses
                                                                       to open to other computers
``[passcodes] facilitator``            whoever enters that passcode    anyone with the link
``[passcodes]`` both roles             whoever enters the facilitator  whoever enters the
                                       passcode                        stakeholder passcode
``[auth]`` (OIDC, ``st.login``)        signed-in emails listed in      any other signed-in
                                       ``[access] facilitator_emails`` account
=====================================  ==============================  ==========================

When the app can be reached from other computers and nothing is configured, every page
refuses to open and says what to set (and ``make share`` refuses to start). The role is
kept in the server-side session only; nothing in the URL or a widget can grant it.
Passcodes are checked against salted hashes (:mod:`mapping.meeting.passcodes`), and a
device is locked out after repeated failures (:mod:`mapping.meeting.lockout`). Neither
passcodes nor hashes are ever sent to a browser or logged.

A stakeholder who signs in with a passcode stays signed in on that device for the meeting
(:data:`mapping.meeting.signins.LIFETIME_SECONDS`): the browser keeps a signed, expiring
token (:mod:`ui.device`), never the passcode, and the facilitator can sign every such
device out at once. The facilitator's own sign-in lasts for the browser tab only, so a
shared laptop is never left signed in as facilitator.
"""

from __future__ import annotations

import streamlit as st

from mapping.meeting.passcodes import NOT_PROTECTED, match_role
from ui import device, loaders, permissions
from ui import state as k
from ui.layout import flash
from ui.permissions import FACILITATOR, ROLES, STAKEHOLDER

ROLE_HELP = {
    FACILITATOR: "You can edit data, run polls and the kickoff round, approve organization "
    "forms and change the sharing settings.",
    STAKEHOLDER: "You can look at everything shared with you, vote, add meeting notes, and "
    "send your organization's resource map for the facilitator to approve.",
}


# ------------------------------------------------------------------------------ sign-in UI
def _oidc_providers() -> list[str | None]:
    named = [
        name for name, value in permissions.secrets_table("auth").items() if isinstance(value, dict)
    ]
    return list(named) or [None]


# ------------------------------------------------------------------------------ sign-in
def _try_passcode(passcode: str) -> None:
    """Check a passcode (or refuse while locked out); leaves a message for the next run."""
    hashes, _, _ = permissions.passcode_config()
    limiter = loaders.get_limiter()
    client = limiter.client_key(permissions.device_address())
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
    if role == STAKEHOLDER:  # remembered on this device for the meeting (ui.device)
        st.session_state[k.ACCESS_TOKEN] = loaders.get_sign_ins().issue(role)
        st.session_state.pop(k.ACCESS_FORGET, None)


def _on_sign_in() -> None:
    passcode = str(st.session_state.get(k.ACCESS_PASSCODE) or "")
    _try_passcode(passcode)


def sign_in_form() -> None:
    """The passcode form (and the OIDC button when configured)."""
    flash(k.ACCESS_RESULT)
    hashes, _, error = permissions.passcode_config()
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
    if permissions.oidc_configured():
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
    loaders.get_sign_ins().revoke(st.session_state.pop(k.ACCESS_TOKEN, None))
    st.session_state[k.ACCESS_FORGET] = True
    st.session_state.pop(k.ACCESS_ROLE, None)
    st.session_state[k.ACCESS_RESULT] = ("success", "Signed out.")
    if permissions.oidc_configured() and st.user.is_logged_in:
        st.logout()


def remember_sign_in() -> None:
    """Restore a stakeholder's sign-in from the token this browser kept, and drop a
    sign-in the facilitator has revoked (or that expired) meanwhile."""
    sign_ins = loaders.get_sign_ins()
    mine = st.session_state.get(k.ACCESS_TOKEN)
    if mine and sign_ins.check(str(mine)) is None:
        st.session_state.pop(k.ACCESS_TOKEN, None)
        st.session_state.pop(k.ACCESS_ROLE, None)
        st.session_state[k.ACCESS_FORGET] = True
        st.session_state[k.ACCESS_RESULT] = (
            "info",
            "Your sign-in on this device has ended. Enter the passcode again.",
        )
        return
    stored = device.stored_sign_in()
    if mine or not stored or st.session_state.get(k.ACCESS_ROLE) in ROLES:
        return
    if sign_ins.check(stored) == STAKEHOLDER and STAKEHOLDER in permissions.passcode_config()[0]:
        st.session_state[k.ACCESS_ROLE] = STAKEHOLDER
        st.session_state[k.ACCESS_TOKEN] = stored
    else:
        st.session_state[k.ACCESS_FORGET] = True  # expired, revoked or from another setup


def _revoke_all() -> None:
    if not permissions.can_facilitate():
        return
    count = loaders.get_sign_ins().revoke_all()
    st.session_state[k.ACCESS_RESULT] = (
        "success",
        f"Signed out {count} device(s): stakeholders enter the passcode again.",
    )


def gate() -> None:
    """Stop here with the sign-in form when this session has no role yet."""
    device.sync_if_needed()
    remember_sign_in()
    if permissions.current_role() is not None:
        return
    st.title("Sign in")
    st.markdown(
        "This community resource map is shared with the members of the partnership. "
        "Enter the passcode the facilitator gave you."
    )
    sign_in_form()
    st.stop()


def exposure_guard() -> None:
    """On every page: refuse to open when other computers can reach the app and nobody set
    a passcode or a login, saying what to set (the same rule as ``make share``)."""
    hashes, _, error = permissions.passcode_config()
    if error:
        st.error(error, icon=":material/key_off:")
    if hashes or permissions.oidc_configured() or not permissions.reachable_beyond_localhost():
        return
    st.error(NOT_PROTECTED, icon=":material/lock_open:")
    st.stop()


def _how_long() -> str:
    token = st.session_state.get(k.ACCESS_TOKEN)
    if token:
        hours = loaders.get_sign_ins().lifetime / 3600
        return (
            f"Signed in on this device for the meeting ({hours:.0f} hours from signing in): "
            "reloading or reopening the link keeps you signed in. Sign out on a shared device."
        )
    if st.session_state.get(k.ACCESS_ROLE) == FACILITATOR:
        return "Signed in as facilitator for this browser tab only: reloading asks again."
    return "Signed in with your account."


def _revoke_panel() -> None:
    """The facilitator's way to end every remembered stakeholder sign-in."""
    if not permissions.can_facilitate():
        return
    active = loaders.get_sign_ins().active()
    if not active:
        return
    st.button(
        f"Sign out every stakeholder device ({active})",
        key=k.ACCESS_REVOKE_ALL,
        on_click=_revoke_all,
        icon=":material/phonelink_erase:",
        help="Stakeholders stay signed in on their devices for the meeting. This ends "
        "every such sign-in now, for example after the meeting or if a phone was lost.",
    )


def role_panel() -> None:
    """Sidebar: the current role, what it may do, sign-in as facilitator, sign-out."""
    role = permissions.current_role()
    flash(k.ACCESS_RESULT)
    st.markdown(f"**Your role:** {role or 'not signed in'}")
    if role:
        st.caption(ROLE_HELP[role])
    signed_in = st.session_state.get(k.ACCESS_ROLE) in ROLES or (
        permissions.oidc_configured() and st.user.is_logged_in
    )
    if signed_in:
        st.caption(_how_long())
        st.button("Sign out", key=k.ACCESS_SIGN_OUT, on_click=_sign_out, icon=":material/logout:")
        _revoke_panel()
        return
    _revoke_panel()
    hashes, _, _ = permissions.passcode_config()
    if role != FACILITATOR and (FACILITATOR in hashes or permissions.oidc_configured()):
        with st.expander("Facilitator sign-in"):
            sign_in_form()

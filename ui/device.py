"""What this browser keeps for the app: its voting token and its remembered sign-in.

* The **voting token** is made in the browser (``crypto.getRandomValues``, which works on
  plain-http LAN addresses too, unlike ``crypto.randomUUID``) and kept in its
  ``localStorage``, so a reload or a second tab votes as the same device. The database
  stores only its hash (:mod:`mapping.meeting.polls`).
* The **remembered sign-in** is a signed, expiring token the server issues after a right
  stakeholder passcode (:mod:`mapping.meeting.signins`); the browser keeps it in
  ``localStorage`` and hands it back when the app is opened again. Never the passcode,
  never in the URL. Signing out tells the browser to drop it.

One Streamlit custom component (v2, inline JavaScript, no HTML) does both, at most once per
run: before the sign-in gate when a sign-in may be waiting or must be kept or forgotten
(:func:`sync_if_needed`), and on the pages that need the voting token (:func:`voter_token`).
A browser that refuses storage (some private modes) still gets a voting token for as long
as the page stays open.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from ui import permissions
from ui import state as k

_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const KEY = "community-resource-map-device";
  const SIGN_IN = "community-resource-map-sign-in";
  let token = null;
  try { token = window.localStorage.getItem(KEY); } catch (e) { token = null; }
  if (!token || !/^[0-9a-f]{32}$/.test(token)) {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    try { window.localStorage.setItem(KEY, token); } catch (e) { /* kept for this page */ }
  }
  let signIn = "";
  try {
    if (data && data.forget) window.localStorage.removeItem(SIGN_IN);
    else if (data && data.remember) window.localStorage.setItem(SIGN_IN, data.remember);
    signIn = window.localStorage.getItem(SIGN_IN) || "";
  } catch (e) { signIn = (data && data.remember) || ""; }
  setStateValue("token", token);
  setStateValue("signin", signIn);
}
"""
_device = st.components.v2.component("community_resource_map_device", js=_JS)
_TOKEN = re.compile(r"[0-9a-f]{32}")
_SIGN_IN = re.compile(r"[0-9a-f]{24}\.[a-z]+\.[0-9]{1,12}\.[0-9a-f]{64}")


def _noop() -> None:
    """The component reports its values as state; Streamlit needs a callback to track them."""


_RAN = "_device_ran"  # session state: whether the component was drawn in this run


def needed() -> bool:
    """Whether this run needs the browser's values before the page: nobody is signed in
    yet (a remembered sign-in may be waiting), or the browser must still keep or forget a
    sign-in. Pages that need the voting token draw the component themselves
    (:func:`voter_token`), so other pages are never rerun by it."""
    token = st.session_state.get(k.ACCESS_TOKEN)
    return (
        permissions.current_role() is None
        or bool(st.session_state.get(k.ACCESS_FORGET))
        or (bool(token) and st.session_state.get(k.ACCESS_STORED) != token)
    )


def sync_if_needed() -> None:
    """Before the sign-in gate, on every run: draw the component when :func:`needed`."""
    st.session_state[_RAN] = needed()
    if st.session_state[_RAN]:
        sync()


def sync() -> None:
    """Run the component once for this run: learn the voting token and the remembered
    sign-in the browser keeps, and pass it the sign-in to keep (or to forget)."""
    data: dict[str, Any] = {
        "remember": st.session_state.get(k.ACCESS_TOKEN),
        "forget": bool(st.session_state.get(k.ACCESS_FORGET)),
    }
    result = _device(
        key=k.DECIDE_DEVICE,
        data=data,
        on_token_change=_noop,
        on_signin_change=_noop,
        height=0,
    )
    token = getattr(result, "token", None)
    # The first voting token a session learns is kept for the whole session.
    if (
        not st.session_state.get(k.DECIDE_VOTER)
        and isinstance(token, str)
        and _TOKEN.fullmatch(token)
    ):
        st.session_state[k.DECIDE_VOTER] = token
    stored = getattr(result, "signin", None)
    if isinstance(stored, str):
        st.session_state[k.ACCESS_STORED] = stored if _SIGN_IN.fullmatch(stored) else ""
        if not stored and data["forget"]:
            st.session_state.pop(k.ACCESS_FORGET, None)  # the browser has dropped it


def stored_sign_in() -> str | None:
    """The remembered sign-in token this browser handed back, if any."""
    value = st.session_state.get(k.ACCESS_STORED)
    return str(value) if value else None


def voter_token() -> str | None:
    """This browser's voting token, once the browser has reported it (None before).

    Draws the component if the sign-in gate did not in this run."""
    if not st.session_state.get(_RAN):
        sync()
    known = st.session_state.get(k.DECIDE_VOTER)
    return str(known) if known else None

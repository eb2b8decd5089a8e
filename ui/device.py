"""A random token that identifies this browser for voting, without an account.

The token is made in the browser (``crypto.getRandomValues``, which works on plain-http
LAN addresses too, unlike ``crypto.randomUUID``) and kept in its ``localStorage``, so a
reload or a second tab votes as the same device. A Streamlit custom component (v2, inline
JavaScript, no HTML) hands it to Python. The database stores only its hash
(:mod:`mapping.meeting.polls`). A browser that refuses storage (some private modes) still gets a
token for as long as the page stays open.
"""

from __future__ import annotations

import re

import streamlit as st

from ui import state as k

_JS = """
export default function (component) {
  const { setStateValue } = component;
  const KEY = "community-resource-map-device";
  let token = null;
  try { token = window.localStorage.getItem(KEY); } catch (e) { token = null; }
  if (!token || !/^[0-9a-f]{32}$/.test(token)) {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    try { window.localStorage.setItem(KEY, token); } catch (e) { /* kept for this page */ }
  }
  setStateValue("token", token);
}
"""
_device = st.components.v2.component("community_resource_map_device", js=_JS)
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _noop() -> None:
    """The component reports its token as state; Streamlit needs a callback to track it."""


def voter_token() -> str | None:
    """This browser's voting token, once the browser has reported it (None before).

    The first token a session learns is kept for the whole session.
    """
    result = _device(key=k.DECIDE_DEVICE, on_token_change=_noop, height=0)
    known = st.session_state.get(k.DECIDE_VOTER)
    if known:
        return str(known)
    token = getattr(result, "token", None)
    if isinstance(token, str) and _TOKEN.fullmatch(token):
        st.session_state[k.DECIDE_VOTER] = token
        return token
    return None

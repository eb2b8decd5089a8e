"""Roles and passcodes: who is facilitator, sign-in, lock-out, the exposure warning, OIDC."""

from __future__ import annotations

import pytest

from mapping.meeting.lockout import MAX_FAILURES
from tests.app.conftest import texts
from tests.app.meeting import (
    FACILITATOR_PASS,
    PAGES,
    STAKEHOLDER_PASS,
    both_passcodes,
    facilitator_passcode_only,
    hashes,
    make_app,
    shown,
    sign_in,
    widget_keys,
)
from ui import permissions
from ui import state as k

WARNING = "This dashboard can be reached from other computers, and no passcode or login is set"


@pytest.fixture
def exposed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server listens on every interface (as Streamlit does unless told otherwise)."""
    monkeypatch.setattr(permissions, "server_address", lambda: "0.0.0.0")


@pytest.fixture
def remote(monkeypatch: pytest.MonkeyPatch, exposed: None) -> None:
    """This browser is on another computer."""
    monkeypatch.setattr(permissions, "client_address", lambda: "203.0.113.9")


def test_on_this_computer_without_passcodes_you_are_the_facilitator(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/data.py")
    assert not at.exception
    page = texts(at)
    assert "**Your role:** facilitator" in page
    assert WARNING not in page
    assert {k.DATA_EDIT_SAVE, k.DATA_UNDO} <= widget_keys(at)


@pytest.mark.parametrize("page", PAGES)
def test_exposed_without_passcodes_every_page_refuses_and_says_what_to_set(
    db_path, remote: None, page: str
) -> None:  # type: ignore[no-untyped-def]
    at = make_app(page)
    assert not at.exception
    refusal = [e.value for e in at.error if WARNING in e.value]
    assert len(refusal) == 1
    assert "make passcode" in refusal[0] and ".streamlit/secrets.toml" in refusal[0]
    assert "[auth]" in refusal[0].replace("`", "")
    assert "**Your role:**" not in texts(at)  # nothing of the page or the workspace
    assert not widget_keys(at)


def test_exposed_remote_visitors_cannot_see_or_edit_anything(db_path, remote: None) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/data.py")
    assert not {k.DATA_EDIT_SAVE, k.DATA_UNDO, k.DATA_UPLOAD, k.DATA_SHARE_CONTACTS} & widget_keys(
        at
    )
    assert "partners" not in texts(at).lower().replace("partner's", "")


def test_an_exposed_server_refuses_the_facilitator_at_the_keyboard_too(
    db_path, exposed: None
) -> None:  # type: ignore[no-untyped-def]
    at = make_app()
    assert any(WARNING in e.value for e in at.error)
    assert "**Your role:** facilitator" not in texts(at)


def test_an_unusable_passcode_does_not_count_as_protection(db_path, remote: None) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets={"passcodes": {"facilitator": "not-a-hash"}})
    assert any(WARNING in e.value for e in at.error)
    assert not widget_keys(at)


@pytest.mark.parametrize(
    ("ip", "headers", "local"),
    [
        (None, {}, True),
        (None, {"Host": "localhost:8501"}, True),
        (None, {"host": "[::1]:8501"}, True),
        (None, {"Host": "127.0.0.1"}, True),
        ("192.168.1.20", {"Host": "192.168.1.5:8501"}, False),
        (None, {"Host": "localhost:8501", "X-Forwarded-For": "198.51.100.4"}, False),
        (None, {"Host": "127.0.0.1", "forwarded": "for=198.51.100.4"}, False),
        (None, {"Host": "dashboard.example.org"}, False),
    ],
)
def test_only_a_direct_request_on_this_computer_is_local(
    ip: str | None, headers: dict[str, str], local: bool
) -> None:
    """Behind a reverse proxy every visitor arrives from 127.0.0.1: not the facilitator."""
    assert permissions.is_local_request(ip, headers) is local


def test_no_warning_once_a_passcode_is_set(db_path, remote: None) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets=facilitator_passcode_only())
    assert WARNING not in texts(at)


def test_facilitator_signs_in_with_the_passcode_and_out_again(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/data.py", secrets=facilitator_passcode_only())
    assert "**Your role:** stakeholder" in texts(at), "a passcode means localhost is not enough"
    assert k.DATA_EDIT_SAVE not in widget_keys(at)
    sign_in(at, FACILITATOR_PASS)
    assert not at.exception
    page = texts(at)
    assert "Signed in as facilitator." in page
    assert "**Your role:** facilitator" in page
    assert k.DATA_EDIT_SAVE in widget_keys(at)
    assert at.session_state[k.ACCESS_ROLE] == "facilitator"
    assert k.ACCESS_PASSCODE not in widget_keys(at)  # signed in: no passcode field left
    at.button(key=k.ACCESS_SIGN_OUT).click().run()
    assert "**Your role:** stakeholder" in texts(at)
    assert k.DATA_EDIT_SAVE not in widget_keys(at)


def test_a_wrong_passcode_says_how_many_tries_are_left(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets=facilitator_passcode_only())
    sign_in(at, "not-the-passcode")
    assert f"That passcode is not right. {MAX_FAILURES - 1} more tries" in texts(at)
    assert "**Your role:** stakeholder" in texts(at)


def test_lock_out_after_repeated_failures_survives_a_reload(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets=facilitator_passcode_only())
    for _ in range(MAX_FAILURES):
        sign_in(at, "guess-guess-guess")
    assert "must now wait 15 minutes" in texts(at)
    sign_in(at, FACILITATOR_PASS)  # even the right passcode is refused while locked
    assert "Too many wrong passcodes from this device" in texts(at)
    assert "**Your role:** stakeholder" in texts(at)

    reloaded = make_app(secrets=facilitator_passcode_only())  # a new browser session
    sign_in(reloaded, FACILITATOR_PASS)
    assert "Too many wrong passcodes from this device" in texts(reloaded)
    assert k.ACCESS_ROLE not in reloaded.session_state


def test_the_facilitator_can_clear_lock_outs(db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(permissions, "client_address", lambda: "203.0.113.50")
    locked = make_app(secrets=facilitator_passcode_only())
    for _ in range(MAX_FAILURES):
        sign_in(locked, "guess-guess-guess")
    monkeypatch.setattr(permissions, "client_address", lambda: "203.0.113.51")
    lead = make_app("pages/data.py", secrets=facilitator_passcode_only())
    sign_in(lead, FACILITATOR_PASS)
    assert "1 device(s) are waiting" in texts(lead)
    lead.button(key=k.DATA_CLEAR_LOCKOUTS).click().run()
    assert "Lock-outs cleared (1 device(s))" in texts(lead)
    monkeypatch.setattr(permissions, "client_address", lambda: "203.0.113.50")
    sign_in(locked, FACILITATOR_PASS)
    assert "Signed in as facilitator." in texts(locked)


def test_with_both_passcodes_nothing_shows_before_sign_in(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/data.py", secrets=both_passcodes())
    assert [t.value for t in at.title] == ["Sign in"]
    assert "Data" not in [t.value for t in at.title]
    assert not at.dataframe and not at.sidebar.children
    sign_in(at, STAKEHOLDER_PASS)
    assert "Data" in [t.value for t in at.title]
    assert "**Your role:** stakeholder" in texts(at)
    assert k.DATA_EDIT_SAVE not in widget_keys(at)


def test_a_passcode_in_plain_text_is_refused_and_never_shown(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets={"passcodes": {"facilitator": "open-sesame-2026"}})
    assert not at.exception
    page = shown(at)
    assert "[passcodes] facilitator: not a hash" in page
    assert "open-sesame-2026" not in page
    assert "**Your role:** stakeholder" in texts(at), "a broken passcode is no open door"


def test_hashes_never_reach_the_browser(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app("pages/data.py", secrets=both_passcodes())
    sign_in(at, FACILITATOR_PASS)
    at.switch_page("pages/data.py").run()
    page = shown(at)
    for stored in hashes().values():
        assert stored not in page
        assert stored.split("$")[-1] not in page
    assert FACILITATOR_PASS not in page


def test_the_url_cannot_grant_a_role(db_path) -> None:  # type: ignore[no-untyped-def]
    query = {"role": "facilitator", k.ACCESS_ROLE: "facilitator", "access": "facilitator"}
    at = make_app("pages/data.py", secrets=facilitator_passcode_only(), query=query)
    assert "**Your role:** stakeholder" in texts(at)
    assert k.DATA_EDIT_SAVE not in widget_keys(at)


@pytest.mark.parametrize(
    ("email", "role"), [("Lead@Example.org", "facilitator"), ("partner@example.org", "stakeholder")]
)
def test_oidc_login_gives_roles_by_email(db_path, email: str, role: str) -> None:  # type: ignore[no-untyped-def]
    secrets = {
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"},
        "access": {"facilitator_emails": ["lead@example.org"]},
    }
    at = make_app(secrets=secrets, user={"is_logged_in": True, "email": email})
    assert f"**Your role:** {role}" in texts(at)


def test_oidc_without_login_shows_the_sign_in_button(db_path) -> None:  # type: ignore[no-untyped-def]
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "x",
            "google": {"client_id": "id", "client_secret": "s", "server_metadata_url": "u"},
        }
    }
    at = make_app(secrets=secrets, user={"is_logged_in": False})
    assert [t.value for t in at.title] == ["Sign in"]
    assert [b.label for b in at.button] == ["Sign in with Google"]


def test_a_deep_link_never_skips_the_sign_in(db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Streamlit's old pages-directory mode would run pages/data.py without app.py; the
    page header notices and runs again through app.py (ui.layout._ensure_frame)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    monkeypatch.setattr(app_test, "PagesManager", PagesManager)  # AppTest's own behaviour
    at = make_app("pages/data.py", secrets=both_passcodes())
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in"]


# ---- issue 14: a stakeholder stays signed in on the device for the meeting
def test_a_stakeholder_stays_signed_in_on_the_device_until_revoked(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets=both_passcodes())
    sign_in(at, STAKEHOLDER_PASS)
    assert "**Your role:** stakeholder" in texts(at)
    token = at.session_state[k.ACCESS_TOKEN]
    assert STAKEHOLDER_PASS not in token and "?" not in token
    assert "Signed in on this device for the meeting (12 hours" in texts(at)

    # a reload is a new session; the browser hands back the token it kept (ui.device)
    reloaded = make_app(secrets=both_passcodes(), state={k.ACCESS_STORED: token})
    assert not reloaded.exception
    assert "**Your role:** stakeholder" in texts(reloaded)
    assert k.ACCESS_PASSCODE not in widget_keys(reloaded)

    # a forged or altered token signs nobody in, and the browser is told to drop it
    forged = make_app(secrets=both_passcodes(), state={k.ACCESS_STORED: token[:-1] + "x"})
    assert k.ACCESS_PASSCODE in widget_keys(forged)

    # the facilitator signs every remembered device out
    lead = make_app(secrets=both_passcodes())
    sign_in(lead, FACILITATOR_PASS)
    lead.button(key=k.ACCESS_REVOKE_ALL).click().run()
    assert "Signed out 1 device(s)" in texts(lead)
    reloaded.run()  # the open session notices at its next run
    assert k.ACCESS_PASSCODE in widget_keys(reloaded)
    assert reloaded.session_state[k.ACCESS_FORGET] is True
    again = make_app(secrets=both_passcodes(), state={k.ACCESS_STORED: token})
    assert k.ACCESS_PASSCODE in widget_keys(again)


def test_the_facilitator_sign_in_is_not_remembered(db_path) -> None:  # type: ignore[no-untyped-def]
    at = make_app(secrets=both_passcodes())
    sign_in(at, FACILITATOR_PASS)
    assert "**Your role:** facilitator" in texts(at)
    assert k.ACCESS_TOKEN not in at.session_state
    assert "for this browser tab only" in texts(at)

"""Passcode hashes: scrypt with a salt, constant-time checks, config validation, the CLI."""

from __future__ import annotations

import hmac
import io
import subprocess
import sys
from pathlib import Path

import pytest

from mapping.meeting import passcodes as pc
from tests.conftest import ROOT

SALT = bytes(range(16))


def test_a_hash_verifies_its_passcode_and_nothing_else() -> None:
    stored = pc.hash_passcode("maple-river-42")
    assert stored.startswith("scrypt$16384$8$1$")
    assert pc.verify_passcode("maple-river-42", stored)
    for wrong in ("maple-river-43", "Maple-river-42", "maple-river-42 ", ""):
        assert not pc.verify_passcode(wrong, stored)


def test_the_salt_is_random_so_equal_passcodes_hash_differently() -> None:
    a, b = pc.hash_passcode("maple-river-42"), pc.hash_passcode("maple-river-42")
    assert a != b
    assert pc.parse_hash(a)[3] != pc.parse_hash(b)[3]
    # with a fixed salt the hash is deterministic (RFC 7914 scrypt)
    assert pc.hash_passcode("maple-river-42", salt=SALT) == pc.hash_passcode(
        "maple-river-42", salt=SALT
    )


def test_the_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(pc.hmac, "compare_digest", spy)
    stored = pc.hash_passcode("maple-river-42")
    assert not pc.verify_passcode("nope-nope-nope", stored)
    assert calls == [(32, 32)]


def test_short_passcodes_are_refused_with_a_hint() -> None:
    with pytest.raises(pc.PasscodeError, match="at least 8 characters"):
        pc.hash_passcode("1234567")


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("hunter2hunter2", "not a hash"),
        ("scrypt$16384$8$1$AAAA", "not a hash"),
        ("bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "not a hash"),
        ("scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "damaged"),
        ("scrypt$16384$8$1$%%%$AAAAAAAAAAAAAAAAAAAAAA==", "damaged"),
        ("scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "unusual"),
        ("scrypt$16384$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA==", "too short"),
    ],
)
def test_bad_stored_hashes_name_the_setting_and_the_fix(stored: str, message: str) -> None:
    with pytest.raises(pc.PasscodeError, match=message) as err:
        pc.parse_hash(stored, name="facilitator")
    assert "[passcodes] facilitator" in str(err.value)
    assert "make passcode" in str(err.value)


def test_match_role_checks_every_hash() -> None:
    hashes = {
        "facilitator": pc.hash_passcode("facil-pass-1", salt=SALT),
        "stakeholder": pc.hash_passcode("stake-pass-1", salt=SALT),
    }
    assert pc.match_role("facil-pass-1", hashes) == "facilitator"
    assert pc.match_role("stake-pass-1", hashes) == "stakeholder"
    assert pc.match_role("other-pass-1", hashes) is None
    assert pc.match_role("stake-pass-1", {"facilitator": hashes["facilitator"]}) is None
    same = {"facilitator": hashes["facilitator"], "stakeholder": hashes["facilitator"]}
    assert pc.match_role("facil-pass-1", same) == "facilitator"


def test_check_config_accepts_hashes_and_refuses_the_rest() -> None:
    good = pc.hash_passcode("facil-pass-1")
    assert pc.check_config({"facilitator": good}) == {"facilitator": good}
    with pytest.raises(pc.PasscodeError, match="unknown role 'admin'"):
        pc.check_config({"admin": good})
    with pytest.raises(pc.PasscodeError, match="stakeholder: not a hash"):
        pc.check_config({"facilitator": good, "stakeholder": "plain-text-passcode"})


def test_the_command_prints_a_line_to_paste_and_never_the_passcode() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mapping.meeting.passcodes", "stakeholder"],
        input="room-key-2026\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "room-key-2026" not in out.stdout + out.stderr
    line = out.stdout.strip().splitlines()[-1]
    role, _, quoted = line.partition(" = ")
    assert role == "stakeholder"
    assert pc.verify_passcode("room-key-2026", quoted.strip('"'))


def test_the_command_refuses_short_passcodes_and_unknown_roles(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert pc.main(["facilitator"]) == 1
    assert "at least 8" in capsys.readouterr().err
    assert pc.main(["admin"]) == 2


# ---- issue 15: safe on the internet
def test_sharing_needs_a_usable_passcode_or_a_login() -> None:
    good = pc.hash_passcode("facilitate-2026", salt=b"0" * 16)
    assert pc.sharing_problem({}) == pc.NOT_PROTECTED
    assert pc.sharing_problem({"passcodes": {}}) == pc.NOT_PROTECTED
    assert pc.sharing_problem({"passcodes": {"facilitator": good}}) is None
    assert pc.sharing_problem({"auth": {"client_id": "x"}}) is None
    problem = pc.sharing_problem({"passcodes": {"facilitator": "plain-text"}})
    assert problem is not None and "[passcodes]" in problem


@pytest.mark.parametrize(("configured", "status"), [(False, 1), (True, 0)])
def test_make_share_refuses_to_start_without_protection(
    tmp_path: Path, configured: bool, status: int
) -> None:
    secrets = tmp_path / "secrets.toml"
    line = (
        f'facilitator = "{pc.hash_passcode("x-passcode-1", salt=b"1" * 16)}"' if configured else ""
    )
    secrets.write_text(f"[passcodes]\n{line}\n")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_share.py")],
        env={"STREAMLIT_SECRETS_FILES": str(secrets), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == status
    if not configured:
        assert "Not starting" in done.stderr and "make passcode" in done.stderr


def test_xsrf_protection_is_on() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["address"] == "localhost"


def test_st_login_works_out_of_the_box() -> None:
    """Streamlit's OIDC login imports Authlib: pinned in requirements.txt, installed."""
    import importlib.util

    pins = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(line.startswith("Authlib==") for line in pins)
    assert importlib.util.find_spec("authlib") is not None

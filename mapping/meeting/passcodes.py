"""Passcodes for the two roles, stored only as salted scrypt hashes.

A partnership sets one passcode for the facilitator (and, if it wants, one for the
stakeholders). ``.streamlit/secrets.toml`` holds their *hashes*, never the passcodes::

    [passcodes]
    facilitator = "scrypt$16384$8$1$<salt>$<hash>"

``make passcode`` (``python -m mapping.meeting.passcodes facilitator``) asks for the passcode
twice without echoing it and prints that line. Checking a passcode recomputes the hash
with the stored salt and compares the two in constant time (:func:`hmac.compare_digest`),
so the time taken says nothing about how close a guess was. scrypt is memory-hard (16 MiB
per check with these parameters), which makes guessing offline expensive; the app also
locks a device out after repeated failures (:mod:`mapping.meeting.lockout`).

Standard library only: :func:`hashlib.scrypt` (RFC 7914), :mod:`secrets`, :mod:`hmac`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sys
import threading
from collections.abc import Mapping

from mapping.data.errors import MappingError

ALGORITHM = "scrypt"
# OWASP's scrypt recommendation (N=2^14... with r=8, p=1 is its minimum for interactive
# logins at 16 MiB): https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8
ROLES = ("facilitator", "stakeholder")
# At most two checks at once: each needs 16 MiB, and a room of people signing in at the
# same moment must not exhaust the memory of a small laptop.
_CHECKS = threading.BoundedSemaphore(2)


class PasscodeError(MappingError):
    """A passcode or a stored passcode hash is not usable."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(passcode: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    with _CHECKS:
        return hashlib.scrypt(
            passcode.encode("utf-8"),
            salt=salt,
            n=n,
            r=r,
            p=p,
            dklen=length,
            maxmem=256 * r * n + 1024 * 1024,
        )


def hash_passcode(passcode: str, *, salt: bytes | None = None) -> str:
    """The line to store for ``passcode``: ``scrypt$N$r$p$<salt base64>$<hash base64>``.

    Raises:
        PasscodeError: the passcode is shorter than :data:`MIN_LENGTH` characters.
    """
    if len(passcode) < MIN_LENGTH:
        raise PasscodeError(
            f"a passcode needs at least {MIN_LENGTH} characters (got {len(passcode)}); "
            "a short phrase such as 'maple-river-42' is easy to say and to type."
        )
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _derive(passcode, salt, N, R, P, KEY_BYTES)
    return f"{ALGORITHM}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def parse_hash(stored: str, *, name: str = "passcode") -> tuple[int, int, int, bytes, bytes]:
    """(N, r, p, salt, digest) of a stored hash.

    Raises:
        PasscodeError: ``stored`` is not a hash made by :func:`hash_passcode` (for example
            a passcode pasted in plain text).
    """
    how = (
        "run `make passcode` and paste the line it prints into .streamlit/secrets.toml, "
        "under [passcodes] (never the passcode itself)."
    )
    parts = str(stored).strip().split("$")
    if len(parts) != 6 or parts[0] != ALGORITHM:
        raise PasscodeError(f".streamlit/secrets.toml, [passcodes] {name}: not a hash; {how}")
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError as exc:
        raise PasscodeError(
            f".streamlit/secrets.toml, [passcodes] {name}: the hash is damaged ({exc}); {how}"
        ) from exc
    if n < 2 or n & (n - 1) or n > 2**20 or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise PasscodeError(
            f".streamlit/secrets.toml, [passcodes] {name}: unusual scrypt settings "
            f"N={n}, r={r}, p={p}; {how}"
        )
    if len(salt) < 8 or len(digest) < 16:
        raise PasscodeError(f".streamlit/secrets.toml, [passcodes] {name}: too short; {how}")
    return n, r, p, salt, digest


def verify_passcode(passcode: str, stored: str) -> bool:
    """True when ``passcode`` matches the stored hash (compared in constant time)."""
    n, r, p, salt, digest = parse_hash(stored)
    candidate = _derive(passcode, salt, n, r, p, len(digest))
    return hmac.compare_digest(candidate, digest)


def match_role(passcode: str, hashes: Mapping[str, str]) -> str | None:
    """The role whose passcode this is, or None.

    Every configured hash is checked, whatever the first result, so the time taken does
    not tell which role's passcode a guess came close to. If two roles were given the same
    passcode, the first in :data:`ROLES` order (the facilitator) wins.
    """
    found = None
    for role in ROLES:
        if role in hashes and verify_passcode(passcode, hashes[role]) and found is None:
            found = role
    return found


def check_config(passcodes: Mapping[str, object]) -> dict[str, str]:
    """The ``[passcodes]`` table of the secrets, checked: role -> stored hash.

    Raises:
        PasscodeError: an unknown role name, or a value that is not a usable hash.
    """
    out: dict[str, str] = {}
    for role, stored in passcodes.items():
        if role not in ROLES:
            raise PasscodeError(
                f".streamlit/secrets.toml, [passcodes]: unknown role '{role}'; "
                f"use {' or '.join(ROLES)}."
            )
        parse_hash(str(stored), name=role)
        out[role] = str(stored)
    return out


NOT_PROTECTED = (
    "This dashboard can be reached from other computers, and no passcode or login is set, "
    "so it does not open: anyone with its address would see every partner's data. Either "
    "set passcodes (run `make passcode`, and `make passcode ROLE=stakeholder` to keep "
    "stakeholders out too, and paste the lines under `[passcodes]` in "
    "`.streamlit/secrets.toml`; on Streamlit Community Cloud, in the app's Secrets), or "
    "set up a login under `[auth]` (README, *Roles and passcodes*), then restart. To use "
    "it on this computer only, start it with `make run`."
)


def sharing_problem(secrets: Mapping[str, object]) -> str | None:
    """Why the app must not be reachable from other computers with these secrets (no
    usable passcode and no ``[auth]`` login), or None when it may."""
    auth = secrets.get("auth")
    if isinstance(auth, Mapping) and auth:
        return None
    table = secrets.get("passcodes")
    try:
        usable = check_config(table) if isinstance(table, Mapping) else {}
    except PasscodeError as exc:
        return str(exc)
    return None if usable else NOT_PROTECTED


def _read_twice(role: str) -> str:
    if not sys.stdin.isatty():  # piped in (scripts, tests): one line, never echoed back
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(f"New {role} passcode (not shown): ")
    again = getpass.getpass("The same passcode again: ")
    if first != again:
        raise PasscodeError("the two passcodes differ; nothing was printed. Try again.")
    return first


def main(argv: list[str]) -> int:
    """``python -m mapping.meeting.passcodes [facilitator|stakeholder]``: print a hash line."""
    role = argv[0] if argv else "facilitator"
    if role not in ROLES:
        print(f"usage: python -m mapping.meeting.passcodes [{'|'.join(ROLES)}]", file=sys.stderr)
        return 2
    try:
        line = f'{role} = "{hash_passcode(_read_twice(role))}"'
    except PasscodeError as exc:
        print(f"Not done: {exc}", file=sys.stderr)
        return 1
    print("# Paste this line under [passcodes] in .streamlit/secrets.toml, then restart:")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Remembered sign-ins: a stakeholder signs in once per device for the meeting.

After a right stakeholder passcode the server issues a **sign-in token**, which the
browser keeps (``localStorage``, through :mod:`ui.device`) and hands back when the page
is opened again, so a reload or a second visit skips the passcode.

* The token is ``<id>.<role>.<expires>.<signature>``: a random id, the role, the Unix time
  it expires (:data:`LIFETIME_SECONDS`, long enough for a meeting day) and an
  HMAC-SHA256 signature made with a random server secret kept in the workspace database
  (never sent anywhere). A token that was changed, has expired, or was revoked is refused.
* The database keeps one row per token (its id, role, expiry and whether it was revoked),
  never the token or the passcode. Signing out revokes the device's token; the
  facilitator can revoke every remembered sign-in at once (:meth:`SignIns.revoke_all`).
* Tokens never travel in a URL; the passcode itself is never stored in the browser.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from mapping.data.store import WorkspaceStore

LIFETIME_SECONDS = 12 * 60 * 60
_SECRET_SETTING = "access.sign_in_secret"


class SignIns:
    """Issues, checks and revokes remembered sign-ins kept in ``store``."""

    def __init__(
        self,
        store: WorkspaceStore,
        *,
        lifetime: float = LIFETIME_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.lifetime = float(lifetime)
        self._clock = clock
        self._secret = self._load_secret()

    def _now(self) -> float:
        return float(self._clock())

    def _load_secret(self) -> bytes:
        value = self.store.get_setting(_SECRET_SETTING)
        if not isinstance(value, str) or len(value) < 32:
            value = secrets.token_hex(32)
            self.store.set_setting(_SECRET_SETTING, value)
        return bytes.fromhex(value)

    def _sign(self, body: str) -> str:
        return hmac.new(self._secret, body.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self, role: str) -> str:
        """A new token for ``role`` that expires :attr:`lifetime` seconds from now."""
        ident = secrets.token_hex(12)
        now = self._now()
        expires = int(now + self.lifetime)
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO remembered_sign_ins (id, role, issued_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (ident, role, now, expires),
            )
        body = f"{ident}.{role}.{expires}"
        return f"{body}.{self._sign(body)}"

    @staticmethod
    def token_id(token: str) -> str:
        """The id part of a token ('' when it has none)."""
        return str(token).split(".", 1)[0] if "." in str(token) else ""

    def check(self, token: str | None) -> str | None:
        """The role a token grants now, or None (malformed, forged, expired or revoked)."""
        parts = str(token or "").split(".")
        if len(parts) != 4 or not parts[2].isdigit():
            return None
        ident, role, expires, signature = parts
        if not hmac.compare_digest(self._sign(f"{ident}.{role}.{expires}"), signature):
            return None
        if int(expires) <= self._now():
            return None
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT role, revoked, expires_at FROM remembered_sign_ins WHERE id=?", (ident,)
            ).fetchone()
        if row is None or row[1] or row[0] != role or row[2] <= self._now():
            return None
        return role

    def revoke(self, token: str | None) -> None:
        """Forget one device's sign-in (signing out)."""
        ident = self.token_id(str(token or ""))
        if ident:
            with self.store.transaction() as conn:
                conn.execute("UPDATE remembered_sign_ins SET revoked=1 WHERE id=?", (ident,))

    def revoke_all(self) -> int:
        """Forget every remembered sign-in (the facilitator's button); returns how many."""
        with self.store.transaction() as conn:
            return int(
                conn.execute(
                    "UPDATE remembered_sign_ins SET revoked=1 WHERE revoked=0 AND expires_at>?",
                    (self._now(),),
                ).rowcount
            )

    def active(self) -> int:
        """How many devices are signed in and not revoked or expired."""
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM remembered_sign_ins WHERE revoked=0 AND expires_at>?",
                (self._now(),),
            ).fetchone()
        return int(row[0])

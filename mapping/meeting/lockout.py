"""Lock a device out of signing in after repeated wrong passcodes.

The count lives in the workspace database, not in the browser session, so reloading the
page does not reset it. Devices are told apart by their network address, stored only as a
keyed hash (HMAC-SHA256 with a random key kept in the same database), so the table never
holds an address in clear. After :data:`MAX_FAILURES` wrong passcodes within
:data:`WINDOW_SECONDS`, the device waits :data:`LOCK_SECONDS` before it may try again; a
right passcode clears its count. The facilitator can clear every lock-out on the Data page.

Behind a reverse proxy every visitor shares the proxy's address, so one person guessing
locks everyone out for a while: the README says how to run it there.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from mapping.data import tables
from mapping.data.store import WorkspaceStore

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
_KEY_SETTING = "access.client_key"


@dataclass(frozen=True)
class AttemptStatus:
    """Where a device stands: locked or not, and how many tries it has left."""

    locked: bool
    failures: int
    tries_left: int
    retry_after: float  # seconds until the lock-out ends (0 when not locked)

    @property
    def minutes_left(self) -> int:
        return max(1, -(-int(self.retry_after) // 60)) if self.locked else 0


class SignInLimiter:
    """Counts wrong passcodes per device in ``store`` and locks out repeat offenders."""

    def __init__(
        self,
        store: WorkspaceStore,
        *,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        lock: float = LOCK_SECONDS,
    ) -> None:
        self.store = store
        self.max_failures = max_failures
        self.window = window
        self.lock = lock
        with store.transaction() as conn:  # the first limiter on a database makes its key
            conn.upsert(
                tables.settings,
                {"key": _KEY_SETTING, "value": f'"{secrets.token_hex(32)}"'},
                update=False,
            )
        self._key = bytes.fromhex(str(store.get_setting(_KEY_SETTING)))

    def client_key(self, address: str | None) -> str:
        """The stored name of a device: a keyed hash of its network address."""
        return hmac.new(self._key, (address or "local").encode(), hashlib.sha256).hexdigest()

    def _status(self, row: tuple[int, float, float | None] | None, now: float) -> AttemptStatus:
        if row is None:
            return AttemptStatus(False, 0, self.max_failures, 0.0)
        failures, first_at, locked_until = row
        if locked_until is not None and locked_until > now:
            return AttemptStatus(True, failures, 0, locked_until - now)
        if locked_until is not None or now - first_at > self.window:
            return AttemptStatus(False, 0, self.max_failures, 0.0)  # the count has expired
        return AttemptStatus(False, failures, max(0, self.max_failures - failures), 0.0)

    def status(self, client: str, *, now: float | None = None) -> AttemptStatus:
        """Whether ``client`` may try a passcode now."""
        now = time.time() if now is None else now
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT failures, first_at, locked_until FROM sign_in_failures WHERE client=?",
                (client,),
            ).fetchone()
        return self._status(row, now)

    def record_failure(self, client: str, *, now: float | None = None) -> AttemptStatus:
        """Count one wrong passcode; lock the device when it reaches the limit."""
        now = time.time() if now is None else now
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT failures, first_at, locked_until FROM sign_in_failures WHERE client=?",
                (client,),
            ).fetchone()
            current = self._status(row, now)
            if current.locked:
                return current
            failures = current.failures + 1
            first_at = now if current.failures == 0 else float(row[1])
            locked_until = now + self.lock if failures >= self.max_failures else None
            conn.upsert(
                tables.sign_in_failures,
                {
                    "client": client,
                    "failures": failures,
                    "first_at": first_at,
                    "locked_until": locked_until,
                },
            )
        return self._status((failures, first_at, locked_until), now)

    def record_success(self, client: str) -> None:
        """A right passcode: forget the device's failures."""
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM sign_in_failures WHERE client=?", (client,))

    def locked_count(self, *, now: float | None = None) -> int:
        """How many devices are locked out right now."""
        now = time.time() if now is None else now
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM sign_in_failures WHERE locked_until > ?", (now,)
            ).fetchone()
        return int(row[0])

    def clear(self) -> int:
        """Lift every lock-out and forget every count; returns how many devices it freed."""
        with self.store.transaction() as conn:
            return int(conn.execute("DELETE FROM sign_in_failures").rowcount)

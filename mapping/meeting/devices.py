"""One device, one vote, even after it clears its storage.

A browser's voting token lives in its ``localStorage`` (:mod:`ui.device`); clearing the
site's data gives it a new token, and the poll would count it as a new device. So each
proposal also remembers which network addresses voted, as keyed hashes (HMAC-SHA256 with
a random key kept in the workspace database; never an address in clear), and with which
token. A *new* token from an address that already voted is refused unless it votes under
a name: people who share one network address (an office behind one router, a proxy that
is not trusted, see :mod:`mapping.meeting.forwarded`) can still each vote, by name, and
one vote per name holds (:mod:`mapping.meeting.polls`). A device whose address is unknown
(this computer) is not limited here: the facilitator's laptop is for the facilitator.

Stored in the workspace settings (``polls.devices.<proposal id>``), beside the polls.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from mapping.data.store import WorkspaceStore
from mapping.meeting.forwarded import UNTRUSTED
from mapping.meeting.polls import PollError

_KEY_SETTING = "polls.device_key"
_PREFIX = "polls.devices."


class DeviceVotes:
    """Which (hashed) network address voted with which (hashed) token, per proposal."""

    def __init__(self, store: WorkspaceStore) -> None:
        self.store = store
        key = store.get_setting(_KEY_SETTING)
        if not isinstance(key, str):
            key = secrets.token_hex(32)
            store.set_setting(_KEY_SETTING, key)
        self._key = bytes.fromhex(key)

    def _hash(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()[:32]

    def check(self, proposal_id: int, address: str | None, token: str, name: str) -> None:
        """Raise :class:`PollError` if another token already voted from this address and
        this vote has no name."""
        if address is None or address == UNTRUSTED or name.strip():
            return
        seen = self.store.get_setting(f"{_PREFIX}{proposal_id}", {}) or {}
        earlier = seen.get(self._hash(address))
        if earlier is not None and earlier != self._hash(token):
            raise PollError(
                "this device (or another one on the same network address) has already "
                "voted on this proposal. If you share the network with someone who voted, "
                "add your name to vote; to change your own vote, use the device you voted with."
            )

    def record(self, proposal_id: int, address: str | None, token: str) -> None:
        """Remember that ``token`` voted from ``address`` (the first token per address)."""
        if address is None or address == UNTRUSTED:
            return
        key = f"{_PREFIX}{proposal_id}"
        seen = dict(self.store.get_setting(key, {}) or {})
        seen.setdefault(self._hash(address), self._hash(token))
        self.store.set_setting(key, seen)

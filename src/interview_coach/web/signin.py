"""Sign-in for ``serve --auth``: passwords compared in constant time, guessing slowed down.

gradio checks a plain ``{user: password}`` dict with no limit on attempts, so fifty wrong
passwords a second are all answered. Given a callable instead, it asks us; after
``max_failures`` wrong passwords for one user name within ``window`` seconds, that name is
refused for ``lockout`` seconds with HTTP 429 whatever the password, and the log says so once.
The bookkeeping is bounded: names with no recent failure are forgotten.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW = 300.0
LOCKOUT = 60.0
MAX_TRACKED = 10_000  # user names with recent failures kept in memory at most


class SignInThrottled(Exception):
    """Too many wrong passwords for one user name; carries the seconds left to wait."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many failed sign-ins for this account; try again in {seconds} seconds."
        )
        self.seconds = seconds


class Accounts:
    """The ``auth`` callable gradio calls with each sign-in attempt."""

    def __init__(
        self,
        pairs: Iterable[tuple[str, str]],
        *,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        lockout: float = LOCKOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._passwords = {user: password.encode("utf-8") for user, password in pairs}
        self.max_failures, self.window, self.lockout, self.clock = (
            max_failures,
            window,
            lockout,
            clock,
        )
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, username: str, password: str) -> bool:
        """True for a right password; :class:`SignInThrottled` while a name is locked out."""
        now = self.clock()
        with self._lock:
            recent = self._recent(username, now)
            if len(recent) >= self.max_failures:
                left = recent[-1] + self.lockout - now
                if left > 0:
                    raise SignInThrottled(max(1, round(left)))
                recent.clear()
        expected = self._passwords.get(username)
        given = (password or "").encode("utf-8")
        ok = expected is not None and hmac.compare_digest(given, expected)
        with self._lock:
            if ok:
                self._failures.pop(username, None)
            else:
                self._forget_old(now)
                recent = self._failures.setdefault(username, deque(maxlen=self.max_failures))
                recent.append(now)
                if len(recent) == self.max_failures:
                    log.warning(
                        "%d failed sign-ins for %r within %g s: refusing it for %g s",
                        self.max_failures,
                        username[:40],
                        self.window,
                        self.lockout,
                    )
        return ok

    def __call__(self, username: str, password: str) -> bool:
        from fastapi import HTTPException

        try:
            return self.check(username, password)
        except SignInThrottled as exc:
            raise HTTPException(status_code=429, detail=str(exc)) from None

    def _recent(self, username: str, now: float) -> deque[float]:
        recent = self._failures.get(username, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        return recent

    def _forget_old(self, now: float) -> None:
        if len(self._failures) < MAX_TRACKED:
            return
        for name in [n for n, d in self._failures.items() if not d or now - d[-1] > self.window]:
            del self._failures[name]
        while len(self._failures) >= MAX_TRACKED:  # still full: drop the oldest
            del self._failures[next(iter(self._failures))]

"""The watch on LLM calls: every call counted, and a local server that dies restarted once.

Any backend gets its calls and failures counted (``practice --json``, the status line).
The local backend is also watched: a child server found dead before a call, or a call that
fails while the server no longer completes a token, restarts the server once and repeats
the call; if the restart fails, or the restarted server fails before it answered anything,
the model is given up on for this process and every later call fails at once with
``offline`` set, whose message is the one notice a session shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..config import Settings
from . import localserver
from .backends import Backend, LLMError

T = TypeVar("T")

#: The one notice a session shows when the local model is given up on.
OFFLINE_NOTICE = (
    "The local AI model stopped working and could not be restarted ({reason}). This session "
    "continues offline: built-in questions and rules-based scoring; nothing you typed is lost."
)


class Watch:
    def __init__(self, backend: Backend, settings: Settings) -> None:
        self.backend = backend
        self.settings = settings
        self.calls = 0  # requests made (a JSON repair is a second one)
        self.failed = 0  # requests that ended in LLMError for the caller
        self._lock = threading.Lock()

    def server(self) -> localserver.LocalServer | None:
        return localserver.server_for(self.settings) if self.backend.name == "local" else None

    @property
    def down(self) -> str | None:
        server = self.server()
        return server.down if server is not None else None

    def usage(self) -> dict[str, Any]:
        server = self.server()
        return {
            "backend": self.backend.name,
            "model": self.backend.model,
            "calls": self.calls,
            "failed": self.failed,
            "restarts": server.restarts if server is not None else 0,
            "down": self.down,
        }

    def offline_error(self, reason: str) -> LLMError:
        return LLMError(OFFLINE_NOTICE.format(reason=reason), outage=True, offline=True)

    def before(self) -> None:
        """Refuse at once when the model was given up on; restart a child seen dead."""
        server = self.server()
        if server is None:
            return
        if server.down:
            raise self.offline_error(server.down)
        code = server.exit_code()
        if code is not None and not server.revive(f"found exited with code {code}"):
            raise self.offline_error(server.down or "it could not be restarted")

    def recover(self, exc: LLMError) -> bool:
        """After a local outage: True if the server was restarted and the call may be repeated.

        A server that still completes a token was only slow or refused this one request:
        it is left alone and the error stands.
        """
        server = self.server()
        if server is None or not exc.outage or exc.offline:
            return False
        if server.exit_code() is None and server.answers(min(60.0, self.settings.llm_timeout)):
            return False
        if server.revive(str(exc).rstrip(".")):
            return True
        raise self.offline_error(server.down or str(exc)) from None

    def _count(self, failed: bool = False) -> None:
        with self._lock:
            if failed:
                self.failed += 1
            else:
                self.calls += 1

    def _answered(self) -> None:
        server = self.server()
        if server is not None:
            server.answered()

    def call(self, request: Callable[[], T]) -> T:
        """One request, counted; on the local backend a dead server is restarted once."""
        self._count()
        try:
            self.before()
            try:
                result = request()
            except LLMError as exc:
                if not self.recover(exc):
                    raise
                result = request()
        except LLMError:
            self._count(failed=True)
            raise
        self._answered()
        return result

    def stream(self, open_stream: Callable[[], Iterator[str]]) -> Iterator[str]:
        """Like :meth:`call` for a stream, but one that already showed words is not repeated
        after a restart: the caller falls back to its template instead."""
        self._count()
        shown = False
        try:
            self.before()
            try:
                for piece in open_stream():
                    shown = True
                    yield piece
            except LLMError as exc:
                if shown or not self.recover(exc):
                    raise
                yield from open_stream()
        except LLMError:
            self._count(failed=True)
            raise
        self._answered()

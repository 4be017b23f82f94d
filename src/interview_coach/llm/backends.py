"""Which LLM answers: OpenAI, an OpenAI-compatible server, the local model, or none.

Chosen from the settings alone (``auto`` tries them in that order) and, with ``probe``,
checked before use, so a backend that was asked for but cannot answer becomes ``none``
with one notice instead of failing on the first question. ``LLMError`` lives here, below
``llm``, because probing a backend fails the same way a call does; ``llm`` re-exports
everything callers use.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..errors import CoachError
from . import localserver

log = logging.getLogger(__name__)

OPENAI_URL = "https://api.openai.com/v1"
OFFLINE = "Running in offline rules mode."
PROBE_TIMEOUT = 5.0


class LLMError(CoachError):
    """An LLM call failed; ``str(exc)`` is a short message fit to show the user.

    ``status`` and ``detail`` (the server's own words, key removed) are for code, not people.
    ``outage`` means the server is down, stalled or overloaded (connection refused, timeout,
    429 or 5xx after the retries): another call in the same step would only wait as long
    again, so callers stop asking the LLM until the next step. ``offline`` means the local
    model was restarted once and still failed: the message is the one notice the session
    shows before it continues without the LLM.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        detail: str = "",
        outage: bool = False,
        offline: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail
        self.outage = outage or offline
        self.offline = offline


@dataclass(frozen=True)
class Backend:
    """Which LLM answers and why. Holds no API key, so it is safe to print and log."""

    name: str  # openai | compatible | local | none
    model: str | None = None
    base_url: str | None = None
    reason: str = ""
    notice: str | None = None  # shown to the user when we fell back or something is off
    judge_capable: bool = False
    checks: tuple[str, ...] = ()  # what was verified before use, in words

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "checks": list(self.checks)}


_logged_notices: set[str] = set()


def _notice_once(notice: str) -> None:
    if notice not in _logged_notices:
        _logged_notices.add(notice)
        log.warning(notice)


def api_key_for(backend_name: str, settings: Settings) -> str:
    """The key to send; local and compatible servers rarely check it, but the client needs one."""
    if backend_name == "openai":
        return settings.openai_api_key or ""
    if backend_name == "compatible":
        return settings.api_key or "not-needed"
    return "not-needed"


def scrub(text: str, settings: Settings) -> str:
    """Remove any API key from a message that may echo server text."""
    for key in (settings.openai_api_key, settings.api_key):
        if key and len(key) >= 4:
            text = text.replace(key, "***")
    return text


def _judge_capable(name: str, settings: Settings) -> bool:
    if name == "none":
        return False
    if settings.judge in ("on", "off"):
        return settings.judge == "on"
    return name != "local"  # the 1.5B model's STAR scores contradict its own text


def list_models(base_url: str, api_key: str, timeout: float = PROBE_TIMEOUT) -> list[str]:
    """``GET {base_url}/models``; the model ids, or ``LLMError`` saying why it failed."""
    req = urllib.request.Request(
        f"{base_url.rstrip('/')}/models", headers={"Authorization": f"Bearer {api_key}"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise LLMError(f"the API key was rejected (HTTP {exc.code})") from None
        raise LLMError(f"HTTP {exc.code} from {base_url}/models") from None
    except Exception as exc:  # refused, DNS, TLS, timeout, a blocked socket in tests
        reason = getattr(exc, "reason", exc)
        raise LLMError(f"connection failed ({reason})") from None
    try:
        return [m["id"] for m in json.loads(body).get("data", []) if "id" in m]
    except (ValueError, TypeError, AttributeError):
        return []  # reachable and authorised; an odd model list is not fatal


def no_backend(reason: str, notice: str | None = None) -> Backend:
    """Offline rules mode; its notice is logged once per process, however often it is chosen."""
    if notice:
        _notice_once(notice)
    return Backend(name="none", reason=reason, notice=notice)


def select_backend(settings: Settings, probe: bool = True) -> Backend:
    """Pick the backend from the settings; with ``probe`` also check it answers.

    ``auto`` prefers OpenAI (key set), then a compatible server (base URL set), then the
    local model (if installed), else none. A backend that was asked for but cannot be
    used falls back to ``none`` with one notice, never silently.
    """
    wanted = settings.llm_backend
    if wanted == "none":
        return no_backend("INTERVIEW_COACH_LLM=none")
    if wanted == "auto":
        if settings.openai_api_key:
            name, reason = "openai", "OPENAI_API_KEY is set"
        elif settings.base_url:
            name, reason = "compatible", "INTERVIEW_COACH_BASE_URL is set"
        else:
            ok, why = localserver.local_available(settings)
            if not ok:
                return no_backend(f"no API key, no base URL and {why}")
            name, reason = "local", f"no API key or base URL; local model available ({why})"
    else:
        name, reason = wanted, f"INTERVIEW_COACH_LLM={wanted}"

    if name == "openai":
        if not settings.openai_api_key:
            return no_backend(reason, f"{reason} but OPENAI_API_KEY is not set. {OFFLINE}")
        base_url, model = OPENAI_URL, settings.openai_model
    elif name == "compatible":
        if not settings.base_url:
            return no_backend(
                reason, f"{reason} but INTERVIEW_COACH_BASE_URL is not set. {OFFLINE}"
            )
        base_url, model = settings.base_url.rstrip("/"), settings.model
    else:  # local
        base_url = f"http://127.0.0.1:{settings.local_port}/v1"
        model = localserver.MODEL_ALIAS
        if probe and not localserver.healthy(base_url):
            ok, why = localserver.local_available(settings)
            if not ok:
                return no_backend(reason, f"The local LLM cannot run: {why}. {OFFLINE}")

    checks: tuple[str, ...] = ()
    if probe and name != "local":  # the local server is checked when it starts: open_llm
        try:
            ids = list_models(base_url, api_key_for(name, settings))
        except LLMError as exc:
            notice = scrub(f"Could not reach the LLM at {base_url}: {exc}. {OFFLINE}", settings)
            return no_backend(f"{reason}, but {base_url} did not answer", notice)
        if model is None and ids:
            model, reason = ids[0], f"{reason}; model {ids[0]} is the first the server lists"
        checks = (f"GET {base_url}/models answered, listing {len(ids)} model(s)",)
    return Backend(
        name=name,
        model=model or "default",
        base_url=base_url,
        reason=reason,
        judge_capable=_judge_capable(name, settings),
        checks=checks,
    )

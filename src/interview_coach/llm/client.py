"""One way to talk to any LLM: the OpenAI Chat Completions protocol through ChatOpenAI.

OpenAI, any OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp) and the
embedded local model all speak the same protocol, so the rest of the app never knows
which one answers. Failures of every kind become one ``LLMError`` with a message a user
can act on; callers then fall back to the rules engine, visibly.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from .. import tokens
from ..config import Settings, load_settings
from . import localserver
from .backends import (  # re-exported: callers import these from here
    OFFLINE,
    Backend,
    LLMError,
    api_key_for,
    list_models,
    no_backend,
    scrub,
    select_backend,
)
from .structured import ValidationError, problem, strict_schema
from .watch import OFFLINE_NOTICE, Watch

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "LLM",
    "Backend",
    "LLMError",
    "LLMReply",
    "OFFLINE_NOTICE",
    "PromptError",
    "check_schema",
    "list_models",
    "load_prompt",
    "open_llm",
    "parse_json",
    "render",
    "select_backend",
    "structured_reply",
]

log = logging.getLogger(__name__)


class PromptError(ValueError):
    """A prompt file is missing or a placeholder has no value (a bug, reported clearly)."""


@dataclass(frozen=True)
class LLMReply:
    text: str
    prompt_tokens: int
    completion_tokens: int = 0
    finish_reason: str | None = None  # "length" means max_tokens cut the reply short


# --- prompts ---------------------------------------------------------------------------------

_PROMPT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int) -> str:
    return path.read_text(encoding="utf-8")


def load_prompt(name: str, settings: Settings | None = None) -> str:
    """The text of ``prompts/<name>.md`` (cached until the file changes)."""
    if not _PROMPT_NAME.match(name):
        raise PromptError(f"invalid prompt name {name!r}")
    folder = (settings or load_settings()).prompts_dir
    path = folder / f"{name}.md"
    try:
        return _read(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise PromptError(f"prompt {name!r} not found: {path}") from None


def render(name: str, settings: Settings | None = None, **values: object) -> str:
    """Fill ``$placeholders`` of a prompt; a missing value is an error, not a blank."""
    try:
        return string.Template(load_prompt(name, settings)).substitute(
            {k: str(v) for k, v in values.items()}
        )
    except KeyError as exc:
        raise PromptError(f"prompt {name!r} needs a value for ${exc.args[0]}") from None
    except ValueError as exc:  # a stray "$" in the prompt file
        raise PromptError(f"prompt {name!r} has a bad placeholder: {exc}") from None


# --- calls -----------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n?|\n?\s*```\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
          "array": list, "object": dict}  # fmt: skip


def parse_json(text: str) -> dict:
    """``json.loads`` after removing code fences and stray control characters."""
    cleaned = _CONTROL.sub("", _FENCE.sub("", text.strip()))
    try:
        value = json.loads(cleaned, strict=False)
    except json.JSONDecodeError:
        start, end = cleaned.find("{"), cleaned.rfind("}")
        if start < 0 or end <= start:
            raise
        value = json.loads(cleaned[start : end + 1], strict=False)
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    return value


def check_schema(value: dict, schema: dict) -> None:
    """Required keys present and top-level types right; enough to catch a small model's slips."""
    missing = [k for k in schema.get("required", []) if k not in value]
    if missing:
        raise ValueError(f"missing keys: {', '.join(missing)}")
    for key, prop in schema.get("properties", {}).items():
        expected = _TYPES.get(prop.get("type")) if isinstance(prop.get("type"), str) else None
        if key in value and expected is not None:
            v = value[key]
            if not isinstance(v, expected) or (isinstance(v, bool) and prop["type"] != "boolean"):
                raise ValueError(f"{key} should be a {prop['type']}")
        if key in value and "enum" in prop and value[key] not in prop["enum"]:
            raise ValueError(f"{key} must be one of {prop['enum']}")


def structured_reply(text: str, schema: dict | type[BaseModel]) -> dict | BaseModel:
    """A reply's JSON checked against ``schema``; ValueError (one line) when it does not fit."""
    value = parse_json(text)
    if isinstance(schema, dict):
        check_schema(value, schema)
        return value
    try:
        return schema.model_validate(value)
    except ValidationError as exc:
        raise ValueError(problem(exc)) from None


class LLM:
    """A chat model behind the OpenAI protocol; every method raises only ``LLMError``."""

    def __init__(self, backend: Backend, settings: Settings) -> None:
        if backend.name == "none" or not backend.base_url:
            raise ValueError("backend 'none' has no LLM; check `backend.name` first")
        self.backend = backend
        self.settings = settings
        self._client: Any = None
        self.last_reply: LLMReply | None = None  # set after stream() finishes
        self.json_mode = "json_schema"  # a server that rejects it is asked json_object; json()
        self.watch = Watch(backend, settings)

    @property
    def judge_capable(self) -> bool:
        return self.backend.judge_capable

    @property
    def down(self) -> str | None:
        """Why the local model was given up on for this process, or None while it is usable."""
        return self.watch.down

    def usage(self) -> dict[str, Any]:
        """Which model answered and how many calls failed (``practice --json``, the app)."""
        return self.watch.usage()

    def _chat_model(self) -> Any:
        if self._client is None:
            if self.backend.name == "local":
                try:
                    localserver.ensure_server(self.settings)
                except localserver.LocalServerError as exc:
                    raise LLMError(f"The local LLM could not start: {exc}") from None
            from langchain_openai import ChatOpenAI  # ~2.5 s: only when an LLM is used

            self._client = ChatOpenAI(
                model=self.backend.model,
                base_url=self.backend.base_url,
                api_key=api_key_for(self.backend.name, self.settings),
                timeout=self.settings.llm_timeout,
                max_retries=self.settings.llm_max_retries,
            )
        return self._client

    def _options(self, temperature: float, max_tokens: int) -> dict[str, Any]:
        # ChatOpenAI sends max_completion_tokens, which llama.cpp's server (and other
        # compatible servers) ignore: they would generate until the context is full.
        if self.backend.name == "openai":
            return {"temperature": temperature, "max_tokens": max_tokens}
        return {"temperature": temperature, "extra_body": {"max_tokens": max_tokens}}

    def _error(self, exc: Exception) -> LLMError:
        """Translate any client exception into one short sentence (no key, no traceback)."""
        import openai

        where = f"the LLM at {self.backend.base_url}"
        retries = self.settings.llm_max_retries
        tries = f"{retries} {'retry' if retries == 1 else 'retries'}"
        if isinstance(exc, LLMError):
            return exc
        if isinstance(exc, openai.APITimeoutError):
            msg = f"{where} did not answer within {self.settings.llm_timeout:g} s"
        elif isinstance(exc, openai.APIConnectionError):
            msg = f"Could not reach {where}"
        elif isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            msg = f"{where} rejected the API key (HTTP {exc.status_code})"
        elif isinstance(exc, openai.RateLimitError):
            msg = f"{where} is rate-limiting requests (HTTP 429) after {tries}"
        elif isinstance(exc, openai.NotFoundError):
            msg = f"{where} has no model {self.backend.model!r} (HTTP 404)"
        elif isinstance(exc, openai.APIStatusError):
            detail = re.sub(r"^Error code: \d+ - ", "", str(exc.message or ""))[:200]
            msg = f"{where} failed with HTTP {exc.status_code}: {detail}"
        elif isinstance(exc, openai.ContentFilterFinishReasonError):
            msg = f"{where} refused to answer (content filter)"
        elif isinstance(exc, ValueError):  # the body was not the JSON the protocol promises
            msg = f"{where} sent a malformed response"
        else:
            log.debug("LLM call failed", exc_info=exc)
            msg = f"The call to {where} failed ({type(exc).__name__})"
        status = getattr(exc, "status_code", None)
        return LLMError(
            scrub(msg[0].upper() + msg[1:] + ".", self.settings),
            status=status,
            detail=scrub(str(getattr(exc, "message", "") or ""), self.settings),
            outage=isinstance(exc, openai.APIConnectionError)  # includes timeouts
            or status == 429
            or (status or 0) >= 500,
        )

    def chat(
        self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512
    ) -> LLMReply:
        return self._invoke(lambda: self._chat_model(), messages, temperature, max_tokens)

    def _invoke(
        self, model: Callable[[], Any], messages: list[dict], temperature: float, max_tokens: int
    ) -> LLMReply:
        """One watched request; ``model`` is built inside it, so a failed start counts too."""
        return self.watch.call(lambda: self._once(model(), messages, temperature, max_tokens))

    def _once(self, model: Any, messages: list[dict], temperature: float, max_tokens: int):
        import openai

        try:
            ai = model.invoke(messages, **self._options(temperature, max_tokens))
        except openai.LengthFinishReasonError as exc:  # json(): the parse() path refuses these
            text = exc.completion.choices[0].message.content or ""
            return LLMReply(text, tokens.count_message_tokens(messages), 0, "length")
        except Exception as exc:
            raise self._error(exc) from None
        text = ai.content if isinstance(ai.content, str) else ai.text
        refusal = ai.additional_kwargs.get("refusal")
        if refusal:
            raise LLMError(f"The LLM declined to answer: {str(refusal)[:200]}")
        if not text.strip():
            raise LLMError(f"The LLM at {self.backend.base_url} returned an empty reply.")
        usage = ai.usage_metadata or {}
        return LLMReply(
            text=text,
            prompt_tokens=usage.get("input_tokens") or tokens.count_message_tokens(messages),
            completion_tokens=usage.get("output_tokens") or tokens.count_tokens(text),
            finish_reason=ai.response_metadata.get("finish_reason"),
        )

    def stream(
        self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512
    ) -> Iterator[str]:
        """Yield text chunks; a reply that stops without a finish reason raises at the end.

        Watched like every call, except that a stream that already showed words is not
        repeated after a restart: the caller falls back to its template instead.
        """
        return self.watch.stream(lambda: self._stream_once(messages, temperature, max_tokens))

    def _stream_once(
        self, messages: list[dict], temperature: float, max_tokens: int
    ) -> Iterator[str]:
        model = self._chat_model()
        parts: list[str] = []
        finish: str | None = None
        try:
            for chunk in model.stream(messages, **self._options(temperature, max_tokens)):
                finish = chunk.response_metadata.get("finish_reason") or finish
                piece = chunk.content if isinstance(chunk.content, str) else chunk.text
                if piece:
                    parts.append(piece)
                    yield piece
        except Exception as exc:
            raise self._error(exc) from None
        text = "".join(parts)
        if finish is None:
            raise LLMError(f"The reply from the LLM at {self.backend.base_url} broke off.")
        if not text.strip():
            raise LLMError(f"The LLM at {self.backend.base_url} returned an empty reply.")
        self.last_reply = LLMReply(
            text=text,
            prompt_tokens=tokens.count_message_tokens(messages),
            completion_tokens=tokens.count_tokens(text),
            finish_reason=finish,
        )

    def _response_format(self, schema: dict, name: str) -> dict:
        if self.json_mode == "json_object":
            return {"type": "json_object", "schema": schema}
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": True},
        }

    def _rejects_json_schema(self, exc: LLMError) -> bool:
        return (
            self.json_mode == "json_schema"
            and self.backend.name != "openai"
            and exc.status in (400, 422, 500)
            and "response_format" in exc.detail
        )

    @overload
    def json(
        self, messages: list[dict], schema: type[M], *, max_tokens: int = ..., name: str = ...
    ) -> M: ...

    @overload
    def json(
        self, messages: list[dict], schema: dict, *, max_tokens: int = ..., name: str = ...
    ) -> dict: ...

    def json(
        self,
        messages: list[dict],
        schema: dict | type[BaseModel],
        *,
        max_tokens: int = 600,
        name: str = "result",
    ) -> dict | BaseModel:
        """A JSON object matching ``schema`` (temperature 0), with one repair attempt.

        ``schema`` is a pydantic model (sent as :func:`.structured.strict_schema`, the
        reply validated by the model and returned as an instance) or a plain JSON schema
        (the reply checked by :func:`check_schema` and returned as a dict).

        The schema is sent as a strict ``json_schema`` response format (OpenAI's strict mode
        wants every property required and ``additionalProperties: false``); llama.cpp's own
        server (the local backend) constrains its output to it. A compatible server that
        rejects ``json_schema`` (llama-cpp-python's answers HTTP 500) is asked with
        ``{"type": "json_object", "schema": ...}`` instead.
        Small models still slip (loops, control characters), so the reply is checked here.
        """

        shape = schema if isinstance(schema, type) else None
        wire = strict_schema(shape) if shape is not None else schema

        def model() -> Any:
            return self._chat_model().bind(response_format=self._response_format(wire, name))

        convo = list(messages)
        problem = ""
        for attempt in (1, 2):
            try:
                reply = self._invoke(model, convo, 0.0, max_tokens)
            except LLMError as exc:
                if not self._rejects_json_schema(exc):
                    raise
                log.info("%s rejects json_schema; using json_object", self.backend.base_url)
                self.json_mode = "json_object"
                reply = self._invoke(model, convo, 0.0, max_tokens)
            try:
                return structured_reply(reply.text, schema)
            except ValueError as exc:  # JSONDecodeError and ValidationError are ValueErrors
                problem = str(exc)
                if reply.finish_reason == "length":
                    problem = f"cut off at the {max_tokens}-token limit; {problem}"
            log.info("LLM JSON attempt %d invalid: %s", attempt, problem)
            convo = [
                *messages,
                {"role": "assistant", "content": reply.text[:4000]},
                {
                    "role": "user",
                    "content": f"That was not valid JSON for the schema ({problem}). "
                    "Reply with only the corrected JSON object, nothing else.",
                },
            ]
        raise LLMError(f"The LLM did not return valid JSON after one retry ({problem}).")


def open_llm(settings: Settings, probe: bool = True) -> tuple[Backend, LLM | None]:
    """The backend and a ready LLM (None in offline rules mode); starts the local server.

    The local server is checked with a real one-token completion before use (a server can
    list its models and still crash on the first token); one that fails to start or to
    complete downgrades to ``none`` with a notice, so the app keeps working on rules. The
    backend's ``checks`` say what was verified.
    """
    backend = select_backend(settings, probe=probe)
    if backend.name == "none":
        return backend, None
    llm = LLM(backend, settings)
    if backend.name == "local" and probe:
        try:
            llm._chat_model()
        except LLMError as exc:
            return no_backend(backend.reason, f"{exc} {OFFLINE}"), None
        checks = tuple(localserver.server_for(settings).checks)
        backend = llm.backend = dataclasses.replace(backend, checks=checks)
    return backend, llm

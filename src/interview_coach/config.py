"""All settings in one place, read from environment variables and checked on the way in.

Every knob the app has is a field here, named after its environment variable (the README's
table lists them, and a test holds the two together), so a deployment is described by its
environment alone and nothing else in the package reads ``os.environ`` for configuration.
pydantic-settings converts and range-checks the values, so ``INTERVIEW_COACH_PORT=abc``
fails at start-up with a line naming the variable instead of a traceback deep in a server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError

#: The checkout (or installed source tree) that holds ``prompts/`` and ``knowledge/``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

BACKENDS = ("auto", "openai", "compatible", "local", "none")
Port = Annotated[int, Field(ge=1, le=65535)]


def _default_threads() -> int:
    """One core fewer than the machine has, but both of two: llama.cpp stalls when it fights
    the app for a core on a big machine, while on two idle cores one thread missed both
    first-token targets (welcome 7.4 s, turn p50 4.9 s) and two met them (5.0 s, 2.5 s)."""
    cores = os.cpu_count() or 2
    return max(min(cores, 2), cores - 1)


def _env(name: str, **kwargs: Any) -> Any:
    """A field read from the environment variable ``name`` (and settable by its own name)."""
    return Field(validation_alias=name, **kwargs)


class Settings(BaseSettings):
    """What the app needs to know about its surroundings.

    Built once by :func:`load_settings`; tests build their own from keyword arguments, which
    never read the environment, and derive variants with :meth:`with_`.
    """

    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    llm_backend: Literal["auto", "openai", "compatible", "local", "none"] = _env(
        "INTERVIEW_COACH_LLM", default="auto"
    )
    openai_api_key: str | None = _env("OPENAI_API_KEY", default=None, repr=False)
    openai_model: str = _env("INTERVIEW_COACH_OPENAI_MODEL", default="gpt-4o-mini")
    base_url: str | None = _env("INTERVIEW_COACH_BASE_URL", default=None)
    model: str | None = _env("INTERVIEW_COACH_MODEL", default=None)
    api_key: str | None = _env("INTERVIEW_COACH_API_KEY", default=None, repr=False)
    llm_timeout: float = _env("INTERVIEW_COACH_LLM_TIMEOUT", default=60.0, gt=0, le=3600)
    llm_max_retries: int = _env("INTERVIEW_COACH_LLM_RETRIES", default=2, ge=0, le=10)
    # auto: on for capable backends, off for the local 1.5B model
    judge: Literal["auto", "on", "off"] = _env("INTERVIEW_COACH_JUDGE", default="auto")
    data_dir: Path = _env(
        "INTERVIEW_COACH_DATA_DIR", default_factory=lambda: Path.home() / ".interview-coach"
    )
    database_url: str | None = _env("DATABASE_URL", default=None, repr=False)
    chroma_host: str | None = _env("INTERVIEW_COACH_CHROMA_HOST", default=None)
    chroma_port: Port = _env("INTERVIEW_COACH_CHROMA_PORT", default=8000)
    threads: int = _env("INTERVIEW_COACH_THREADS", default_factory=_default_threads, ge=1, le=256)
    local_port: Port = _env("INTERVIEW_COACH_LOCAL_PORT", default=8765)
    host: str = _env("INTERVIEW_COACH_HOST", default="127.0.0.1", min_length=1)
    port: Port = _env("INTERVIEW_COACH_PORT", default=7860)
    prompts_dir: Path = _env("INTERVIEW_COACH_PROMPTS_DIR", default=PROJECT_ROOT / "prompts")
    knowledge_dir: Path = _env("INTERVIEW_COACH_KNOWLEDGE_DIR", default=PROJECT_ROOT / "knowledge")
    probes_per_question: int = _env("INTERVIEW_COACH_PROBES", default=1, ge=0, le=5)
    # Whisper model for spoken answers (voice/weights.py holds their verified files)
    voice_model: Literal["tiny.en", "base"] = _env("INTERVIEW_COACH_VOICE_MODEL", default="tiny.en")
    # 2: on 2 idle cores an 82 s answer transcribes in 4.5 s, against 5.4 s on one thread
    # (benchmarks/voice.py); on a machine busy with other work 1 can be the faster
    voice_threads: int = _env("INTERVIEW_COACH_VOICE_THREADS", default=2, ge=1, le=64)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        *_: PydanticBaseSettingsSource,
        **__: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only explicit values: :func:`load_settings` decides which environment is read."""
        return (init_settings,)

    @field_validator("llm_backend", "judge", "voice_model", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("data_dir", mode="after")
    @classmethod
    def _home(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def db_url(self) -> str:
        """SQLite in the data folder unless ``DATABASE_URL`` points elsewhere (e.g. PostgreSQL)."""
        return self.database_url or f"sqlite:///{self.data_dir / 'sessions.db'}"

    def with_(self, **changes: object) -> Settings:
        """A checked copy with some fields changed (``model_copy`` would skip the checks)."""
        return type(self)(**{**dict(self), **changes})


#: Environment variable -> field, from the fields themselves (the README's table follows it).
ENVIRONMENT: dict[str, str] = {
    str(f.validation_alias): name for name, f in Settings.model_fields.items()
}


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``env`` (default: the process environment); empty values are unset.

    Raises :class:`ConfigError` naming the first variable whose value cannot be used.
    """
    e = os.environ if env is None else env
    values = {name: e[name] for name in ENVIRONMENT if (e.get(name) or "").strip()}
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "settings"
        raise ConfigError(f"{name}={e.get(name, '')!r}: {first['msg']}") from None

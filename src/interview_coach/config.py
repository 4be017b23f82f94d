"""All settings in one place, read from environment variables.

Every knob the app has is listed here (and in the README) so that a deployment
can be described by its environment alone; nothing else in the package reads
``os.environ`` for configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

#: The checkout (or installed source tree) that holds ``prompts/`` and ``knowledge/``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

BACKENDS = ("auto", "openai", "compatible", "local", "none")


def _default_threads() -> int:
    """One core fewer than the machine has: llama.cpp stalls when it fights the app for a core."""
    return max(1, (os.cpu_count() or 2) - 1)


def _env_bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """What the app needs to know about its surroundings.

    Built once by :func:`load_settings`; tests build their own with ``replace``.
    """

    llm_backend: str = "auto"
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    llm_timeout: float = 60.0
    llm_max_retries: int = 2
    judge: str = "auto"  # auto: on for capable backends, off for the local 1.5B model
    data_dir: Path = field(default_factory=lambda: Path.home() / ".interview-coach")
    database_url: str | None = None
    chroma_host: str | None = None
    chroma_port: int = 8000
    threads: int = field(default_factory=_default_threads)
    local_port: int = 8765
    host: str = "127.0.0.1"
    port: int = 7860
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    probes_per_question: int = 1

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
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from ``env`` (default: the process environment)."""
    e = os.environ if env is None else env
    backend = e.get("INTERVIEW_COACH_LLM", "auto").strip().lower() or "auto"
    if backend not in BACKENDS:
        raise ValueError(f"INTERVIEW_COACH_LLM={backend!r} is not one of {', '.join(BACKENDS)}")
    data_dir = Path(e.get("INTERVIEW_COACH_DATA_DIR") or Path.home() / ".interview-coach")
    defaults = Settings()
    return Settings(
        llm_backend=backend,
        openai_api_key=e.get("OPENAI_API_KEY") or None,
        openai_model=e.get("INTERVIEW_COACH_OPENAI_MODEL", defaults.openai_model),
        base_url=e.get("INTERVIEW_COACH_BASE_URL") or None,
        model=e.get("INTERVIEW_COACH_MODEL") or None,
        api_key=e.get("INTERVIEW_COACH_API_KEY") or None,
        llm_timeout=float(e.get("INTERVIEW_COACH_LLM_TIMEOUT", defaults.llm_timeout)),
        llm_max_retries=int(e.get("INTERVIEW_COACH_LLM_RETRIES", defaults.llm_max_retries)),
        judge=e.get("INTERVIEW_COACH_JUDGE", "auto").strip().lower() or "auto",
        data_dir=data_dir.expanduser(),
        database_url=e.get("DATABASE_URL") or None,
        chroma_host=e.get("INTERVIEW_COACH_CHROMA_HOST") or None,
        chroma_port=int(e.get("INTERVIEW_COACH_CHROMA_PORT", defaults.chroma_port)),
        threads=int(e.get("INTERVIEW_COACH_THREADS") or _default_threads()),
        local_port=int(e.get("INTERVIEW_COACH_LOCAL_PORT", defaults.local_port)),
        host=e.get("INTERVIEW_COACH_HOST", defaults.host),
        port=int(e.get("INTERVIEW_COACH_PORT", defaults.port)),
        prompts_dir=Path(e.get("INTERVIEW_COACH_PROMPTS_DIR") or defaults.prompts_dir),
        knowledge_dir=Path(e.get("INTERVIEW_COACH_KNOWLEDGE_DIR") or defaults.knowledge_dir),
        probes_per_question=int(e.get("INTERVIEW_COACH_PROBES", defaults.probes_per_question)),
    )

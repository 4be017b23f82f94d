"""What every cassette test shares: the recorded server, its client settings, the secret check.

The cassettes were recorded on 127.0.0.1:8765 from llama.cpp's own server (xllamacpp, as
the local backend runs it) serving Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) as
``localserver.MODEL_ALIAS`` (``cassettes/README.md`` says when and under what load). Replays
match on the exact request body, so nothing here may change what is sent: client-side
settings only (timeouts, retries, the data folder). ``conftest.vcr_cassette_dir`` puts each module's
cassettes in ``cassettes/<module name>/``. To re-record, see ``cassettes/README.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from interview_coach.config import Settings
from interview_coach.llm.client import LLM, Backend, select_backend
from interview_coach.llm.localserver import MODEL_ALIAS

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
BASE_URL = "http://127.0.0.1:8765/v1"

#: An answer with a situation, a task and actions but no result (probed, and judged).
WEAK = (
    "At my last job the release process was slow and painful. I was asked to speed it up. "
    "I wrote scripts to automate the build and talked to every team about their steps."
)


def local_settings(tmp_path: Path, **changes: Any) -> Settings:
    """The recorded server as the app reaches it; a busy two-core machine needs long timeouts."""
    base = Settings(
        llm_backend="compatible",
        base_url=BASE_URL,
        model=MODEL_ALIAS,
        llm_timeout=600,
        llm_max_retries=0,
        judge="off",
        data_dir=tmp_path / "data",
    )
    return base.with_(**changes) if changes else base


def local_llm(tmp_path: Path, **changes: Any) -> tuple[Settings, LLM]:
    """The 1.5B model as the app uses it: phrasing only, no STAR judge, no probe request."""
    settings = local_settings(tmp_path, **changes)
    backend = Backend("compatible", MODEL_ALIAS, BASE_URL, reason="cassette", judge_capable=False)
    return settings, LLM(backend, settings)


def judge_llm(tmp_path: Path) -> tuple[Settings, LLM]:
    """What ``INTERVIEW_COACH_JUDGE=on`` gives: the backend is marked judge-capable."""
    settings = local_settings(tmp_path, judge="on")
    backend = select_backend(settings, probe=False)  # no GET /models: nothing extra to record
    assert backend.name == "compatible" and backend.judge_capable
    return settings, LLM(backend, settings)


def check_cassettes(folder: Path, names: set[str]) -> None:
    """The named cassettes exist, hold real calls to the local server, and no key."""
    files = {f.stem: f for f in folder.glob("*.yaml")}
    assert names <= set(files), f"missing cassettes: {names - set(files)}"
    for name in names:
        text = files[name].read_text(encoding="utf-8")
        assert "authorization" not in text.lower()
        assert "not-needed" not in text and "bearer" not in text.lower()
        interactions = yaml.safe_load(text)["interactions"]
        assert interactions
        for interaction in interactions:
            assert interaction["request"]["uri"].startswith(BASE_URL)
            assert MODEL_ALIAS in interaction["request"]["body"]

"""Shared test setup: offline environment, a throwaway data folder, cassette config.

The environment is fixed before any library is imported so that tiktoken,
gradio and huggingface_hub never try the network.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_TIKTOKEN = ROOT.parent / "shared" / "tiktoken"
CASSETTES = ROOT / "cassettes"

if SHARED_TIKTOKEN.is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(SHARED_TIKTOKEN))
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
# Nothing from the developer's shell may pick a real backend during tests.
for var in ("OPENAI_API_KEY", "INTERVIEW_COACH_LLM", "INTERVIEW_COACH_BASE_URL", "DATABASE_URL"):
    os.environ.pop(var, None)

from interview_coach.config import Settings  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data folder and no LLM."""
    return Settings(llm_backend="none", data_dir=tmp_path / "data")


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    """Cassettes never hold a key, and replays must match the request body exactly."""
    return {
        "filter_headers": [
            "authorization",
            "x-stainless-arch",
            "x-stainless-os",
            "x-stainless-runtime-version",
            "x-stainless-package-version",
            "x-stainless-lang",
            "x-stainless-runtime",
            "user-agent",
        ],
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """``cassettes/<test module>/``: one folder per module, one file per test."""
    return str(CASSETTES / Path(request.module.__file__).stem)


@pytest.fixture(scope="module")
def start_app() -> Iterator[Callable[..., str]]:
    """Serve the Gradio app in this process on a free loopback port; closed after the module.

    Call it with the module's own settings (and ``auth`` users, if any) once they are
    ready, e.g. after indexing the knowledge the page needs; it returns the URL.
    """
    from interview_coach.web.app import build_app, launch

    demos = []

    def start(settings: Settings, auth: list[tuple[str, str]] | None = None) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        demos.append(build_app(settings))
        return launch(demos[-1], "127.0.0.1", port, auth=auth, block=False)

    yield start
    for demo in demos:
        demo.close()


#: Debian's Chromium, started headless with no network of its own (see the offline notes).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module (playwright, pointed at Debian's binary)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()

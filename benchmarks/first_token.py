"""Time to first token of an interviewer turn, with a running local llama.cpp server.

What a user waits for after sending an answer before the interviewer starts "typing":
``Coach.answer`` with a token callback (scoring, state machine, retrieval, prompt) plus
the server's prompt processing up to its first streamed token. One warm-up session start
first (it loads the model into memory and fills llama.cpp's prompt cache with the shared
system prompt), then ``--turns`` answers. The STAR judge is off, as it is by default for
the local model. Target: p50 <= 3 s.

Uses a server that is already running: ``INTERVIEW_COACH_BASE_URL`` if set, else the local
backend's port (``INTERVIEW_COACH_LOCAL_PORT``, default 8765). It never starts one; with
no server answering it prints "skipped: no local LLM server" and exits 0.

    interview-coach prepare-local --serve &            # or any llama.cpp server
    .venv/bin/python benchmarks/first_token.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).parent)]

from _serve import load_line  # noqa: E402  (also sets the offline environment)

from interview_coach.config import load_settings  # noqa: E402
from interview_coach.localserver import MODEL_ALIAS, healthy  # noqa: E402

TARGET_S = 3.0
COMPANY = "Quaylift Robotics"
FOLDER = ROOT / "knowledge" / "companies" / "quaylift-robotics"
ANSWERS = [  # weak ones get a probe, complete ones the next (tailored) question
    "At my last job the release process was slow. I was asked to speed it up, so I wrote "
    "scripts to automate the build and talked to every team about their steps.",
    "Builds went from 40 minutes to 9, and we released weekly instead of monthly.",
    "Last spring our nightly data import failed three times in one week. I was on call, so it "
    "was my job to find the cause. I traced it to a schema change upstream, added a contract "
    "test and agreed a change process with the owning team. We had no import failures in the "
    "six months after that.",
    "If that happened I would talk to my manager and try to understand the root cause first.",
]


class FirstToken:
    """Wraps the LLM: remembers when each stream was opened and when its first chunk came."""

    def __init__(self, llm: Any) -> None:
        self._llm = llm
        self.streams: list[tuple[float, float | None]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llm, name)

    def stream(self, *a: Any, **kw: Any) -> Any:
        opened, first = time.perf_counter(), None
        try:
            for chunk in self._llm.stream(*a, **kw):
                if first is None and chunk:
                    first = time.perf_counter()
                yield chunk
        finally:
            self.streams.append((opened, first))


def find_server() -> tuple[str, str] | None:
    """(base URL, model) of a running server, or None; never starts anything."""
    from interview_coach.llm import LLMError, list_models

    settings = load_settings()
    if settings.base_url:
        url = settings.base_url.rstrip("/")
    elif settings.llm_backend in ("auto", "local"):
        url = f"http://127.0.0.1:{settings.local_port}/v1"
    else:
        return None
    if not healthy(url, timeout=2.0):
        return None
    try:
        ids = list_models(url, settings.api_key or "not-needed")
    except LLMError:
        return None
    return url, settings.model or (ids[0] if ids else MODEL_ALIAS)


def measure(url: str, model: str, turns: int, data: Path) -> dict[str, Any]:
    from interview_coach.knowledge import KnowledgeStore
    from interview_coach.llm import LLM, Backend
    from interview_coach.models import Interviewer, SessionSetup
    from interview_coach.session import Coach

    settings = load_settings().with_(
        llm_backend="compatible", base_url=url, model=model, judge="off", data_dir=data
    )
    research = KnowledgeStore(settings)
    for name in ("research.md", "job-description.md"):
        research.ingest_text((FOLDER / name).read_text(encoding="utf-8"), name, COMPANY)
    llm = FirstToken(LLM(Backend("compatible", model, url, reason="benchmark"), settings))
    coach = Coach(settings, llm=llm, knowledge=research)
    setup = SessionSetup(
        role="Senior Software Engineer",
        company=COMPANY,
        seniority="senior",
        job_description=(FOLDER / "job-description.md").read_text(encoding="utf-8"),
        interviewers=[Interviewer("Priya Ramanathan", "Director of Engineering")],
        num_questions=4,
    )
    t = time.perf_counter()
    step = coach.start(setup, user="bench", seed="first-token")  # warm-up
    warm_s = time.perf_counter() - t
    ttft, server, notes = [], [], []
    for text in (ANSWERS * turns)[:turns]:
        if step.done or step.state == "candidate_questions":
            break
        before = len(llm.streams)
        sent = time.perf_counter()
        step = coach.answer(step.session_id, text, user="bench", on_token=lambda _t: None)
        notes += step.notes
        opened, first = next(
            ((o, f) for o, f in llm.streams[before:] if f is not None), (None, None)
        )
        if first is None:
            continue  # the model was not asked this turn, or failed: see notes
        ttft.append(first - sent)
        server.append(first - opened)
    return {
        "base_url": url,
        "model": model,
        "warm_up_s": warm_s,
        "turns": len(ttft),
        "ttft_s": ttft,
        "ttft_p50_s": statistics.median(ttft) if ttft else None,
        "server_p50_s": statistics.median(server) if server else None,
        "notes": notes,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--turns", type=int, default=3)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.turns < 1:
        p.error("--turns must be at least 1")
    found = find_server()
    if found is None:
        print("skipped: no local LLM server")
        return 0
    with tempfile.TemporaryDirectory(prefix="ic-ttft-") as tmp:
        r = measure(*found, args.turns, Path(tmp) / "data")
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"server {r['base_url']} model {r['model']}; warm-up start {r['warm_up_s']:.1f} s")
    if not r["ttft_s"]:
        print("no interviewer turn was streamed by the model; notes: " + "; ".join(r["notes"]))
        return 1
    each = ", ".join(f"{t:.2f}" for t in r["ttft_s"])
    verdict = "ok" if r["ttft_p50_s"] <= TARGET_S else "MISSED"
    print(f"time to first token of an interviewer turn: p50 {r['ttft_p50_s']:.2f} s ({each})")
    print(f"  of which the server, prompt to first token: p50 {r['server_p50_s']:.2f} s")
    print(f"  target p50 <= {TARGET_S:g} s: {verdict}")
    for note in dict.fromkeys(r["notes"]):
        print(f"  note: {note}")
    print(f"  {load_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

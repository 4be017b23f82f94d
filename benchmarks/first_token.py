"""Time to first token of an interviewer turn and of the welcome, with a running llama.cpp server.

What a user waits for after sending an answer before the interviewer starts "typing":
``Coach.answer`` with a token callback (scoring, state machine, retrieval, prompt) plus
the server's prompt processing up to its first streamed token. First the server reads the
interviewer instructions every session shares (``Coach.warm_up``, which the app runs at
start for the local model), then a session starts (the welcome's first token is timed:
only this session's own lines are new to the server), then a scripted interview runs until
``--turns`` interviewer turns were timed: tailored questions, probes after weak answers
(one of them long), and replies to the candidate's own questions, each reported
separately. The STAR judge is off, as it is by default for the local model. Targets on two
otherwise idle cores: turn p50 <= 2.5 s, welcome <= 6 s. The last line prints the machine's
load, which on a shared machine explains most of any miss.

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
from interview_coach.llm.localserver import MODEL_ALIAS, healthy  # noqa: E402

TARGET_S = 2.5
WELCOME_TARGET_S = 6.0
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
    # a long answer (about 230 words) without a result: the probe sees only its start and end
    "So, um, this was at a logistics company where I worked on the routing team for about "
    "three years. We had a warehouse management system that was, honestly, pretty old, and "
    "the team that owned it had mostly moved on to other projects. Our drivers kept getting "
    "routes that sent them to the wrong loading bay, and nobody really owned the problem "
    "because it sat between the routing service and the warehouse system. I decided I would "
    "pick it up. First I sat with the dispatch team for two mornings to see exactly what "
    "went wrong, and I wrote down every case. Then I read through the integration code and "
    "found that the bay numbers were mapped from an old spreadsheet that someone exported "
    "years ago and never updated. I talked to the warehouse managers at each site and built "
    "a new mapping with them, and I added a check that flags any route pointing at a bay "
    "that does not exist. I also set up a short weekly call with the warehouse system's "
    "remaining maintainer so that changes on their side would reach us before they shipped. "
    "It took a while to get everyone to agree on who would own the mapping going forward, "
    "and there were a few tense conversations about priorities, but in the end the sites "
    "agreed to review it every quarter with us.",
    "If that happened I would talk to my manager and try to understand the root cause first.",
]
CANDIDATE_QUESTIONS = [  # the reply comes from the company research only
    "How does on-call work for the engineering teams?",
    "What is the biggest technical challenge for the team this year?",
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
    from interview_coach.llm.client import LLMError, list_models

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
    from interview_coach.knowledge.store import KnowledgeStore
    from interview_coach.llm.client import LLM, Backend
    from interview_coach.models import PanelMember, SessionSetup
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
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=4,
        # Behavioural questions only: the opening ones (about you, why us) are asked from
        # templates, so they would add no model turn to time.
        mix="behavioural",
    )
    # Push the slot's cache out (llama.cpp may still restore a saved prompt state from RAM, so
    # the shared instructions can read fast on a server that has run sessions before), then
    # do what the app does at start for the local model: read the interviewer instructions
    # every session shares (Coach.warm_up). The welcome then reads only this session's own
    # lines, as a candidate's first session after `make run-local` does.
    llm.chat([{"role": "user", "content": "Reply with OK."}], max_tokens=2)
    t = time.perf_counter()
    thread = coach.warm_up()
    if thread is not None:
        thread.join()
    shared_s = time.perf_counter() - t
    t = time.perf_counter()
    step = coach.start(setup, user="bench", seed="first-token", on_token=lambda _t: None)
    start_s = time.perf_counter() - t  # greeting and first question, both streamed
    welcome_s = next((f - t for _, f in llm.streams if f is not None), None)
    ttft: dict[str, list[float]] = {"question": [], "probe": [], "reply": []}
    server, notes = [], []
    answers, asks = iter(ANSWERS * turns), iter(CANDIDATE_QUESTIONS)
    while not step.done and len(server) < turns:
        asking = step.state == "candidate_questions"
        text = next(asks, None) if asking else next(answers, None)
        if text is None:
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
        kind = "reply" if asking else step.turns[-1].kind
        ttft.setdefault(kind, []).append(first - sent)
        server.append(first - opened)
    every = [x for xs in ttft.values() for x in xs]
    return {
        "base_url": url,
        "model": model,
        "shared_instructions_s": shared_s,
        "session_start_s": start_s,
        "welcome_first_token_s": welcome_s,
        "turns": len(every),
        "ttft_s": ttft,
        "ttft_p50_s": statistics.median(every) if every else None,
        "ttft_max_s": max(every) if every else None,
        "server_p50_s": statistics.median(server) if server else None,
        "notes": notes,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--turns", type=int, default=8, help="interviewer turns to time")
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
    print(f"server {r['base_url']} model {r['model']}")
    welcome = r["welcome_first_token_s"]
    print(
        f"app start: reading the shared interviewer instructions took "
        f"{r['shared_instructions_s']:.1f} s (in the background, once per server)"
    )
    print(
        f"session start: welcome's first token after "
        f"{'-' if welcome is None else f'{welcome:.1f}'} s (target <= {WELCOME_TARGET_S:g} s: "
        f"{'ok' if welcome is not None and welcome <= WELCOME_TARGET_S else 'MISSED'}), "
        f"first question ready after {r['session_start_s']:.1f} s"
    )
    if not r["turns"]:
        print("no interviewer turn was streamed by the model; notes: " + "; ".join(r["notes"]))
        return 1
    verdict = "ok" if r["ttft_p50_s"] <= TARGET_S else "MISSED"
    print(
        f"time to first token of an interviewer turn: p50 {r['ttft_p50_s']:.2f} s, "
        f"max {r['ttft_max_s']:.2f} s over {r['turns']} turns"
    )
    for kind, xs in r["ttft_s"].items():
        if xs:
            each = ", ".join(f"{x:.2f}" for x in xs)
            print(f"  {kind:8} p50 {statistics.median(xs):.2f} s ({each})")
    print(f"  of which the server, prompt to first token: p50 {r['server_p50_s']:.2f} s")
    print(f"  target p50 <= {TARGET_S:g} s: {verdict}")
    for note in dict.fromkeys(r["notes"]):
        print(f"  note: {note}")
    print(f"  {load_line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Per-turn overhead of the app itself: what a turn costs apart from waiting for the LLM.

Runs whole practice sessions through ``Coach`` (the service the app and CLI share) on a
fresh SQLite file: once in rules mode (``llm=None``), once with an instant fake LLM
(tests/fakes.py, answering over real HTTP through the real ``LLM`` class). With the LLM,
time spent inside LLM calls is measured and subtracted, so "overhead" is scoring, state
machine, prompt building, retrieval and the database write. Target: p50 <= 100 ms.

    .venv/bin/python benchmarks/turn_overhead.py
    .venv/bin/python benchmarks/turn_overhead.py --sessions 2 --questions 5 --json
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
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(Path(__file__).parent)]

from _serve import load_line, percentile  # noqa: E402  (also sets the offline environment)

from interview_coach.config import Settings  # noqa: E402
from interview_coach.knowledge.store import KnowledgeStore  # noqa: E402
from interview_coach.models import PanelMember, SessionSetup  # noqa: E402
from interview_coach.session import Coach  # noqa: E402

TARGET_P50_MS = 100.0
COMPANY = "Quaylift Robotics"
FOLDER = ROOT / "knowledge" / "companies" / "quaylift-robotics"
STRONG = (
    "Last spring our route-assignment service was timing out every evening. I owned it, so it "
    "was my job to get p99 latency under 200 ms before the holiday peak. I profiled it, found a "
    "lock around the job queue, split the queue into per-region shards and rolled it out behind "
    "a flag. As a result p99 fell from 820 ms to 140 ms and timeouts fell by 97 percent."
)
WEAK = "I usually try to talk to everyone and make sure things get done properly in the end."
PROBE_REPLY = "In the end the release went out on time and support tickets fell by a third."


class TimedLLM:
    """Wraps the real LLM and adds up the seconds spent inside its calls."""

    def __init__(self, llm: Any) -> None:
        self._llm = llm
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llm, name)

    def _timed(self, fn: Any, *a: Any, **kw: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            self.seconds += time.perf_counter() - t

    def chat(self, *a: Any, **kw: Any) -> Any:
        return self._timed(self._llm.chat, *a, **kw)

    def json(self, *a: Any, **kw: Any) -> Any:
        return self._timed(self._llm.json, *a, **kw)

    def stream(self, *a: Any, **kw: Any) -> Any:
        t = time.perf_counter()
        try:
            yield from self._llm.stream(*a, **kw)
        finally:
            self.seconds += time.perf_counter() - t


def setup(questions: int) -> SessionSetup:
    return SessionSetup(
        role="Senior Software Engineer",
        company=COMPANY,
        seniority="senior",
        job_description=(FOLDER / "job-description.md").read_text(encoding="utf-8"),
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=questions,
    )


def run(mode: str, sessions: int, questions: int, tmp: Path, research: KnowledgeStore) -> dict:
    settings = Settings(llm_backend="none", data_dir=tmp / mode)
    llm = fake = None
    if mode == "fake":
        from test_faults import FaultyLLMServer

        from interview_coach.llm.client import LLM, Backend

        fake = FaultyLLMServer().start()
        settings = settings.with_(
            llm_backend="compatible", base_url=fake.base_url, model="fake-model", llm_timeout=30
        )
        backend = Backend("compatible", "fake-model", fake.base_url, judge_capable=True)
        llm = TimedLLM(LLM(backend, settings))
    coach = Coach(settings, llm=llm, knowledge=research)
    totals, overheads, llm_ms, starts = [], [], [], []
    try:
        for s in range(sessions):
            t = time.perf_counter()
            step = coach.start(setup(questions), user="bench", seed=f"bench-{s}")
            starts.append((time.perf_counter() - t) * 1000)
            for turn in range(6 * questions):
                if step.done:
                    break
                if step.state == "candidate_questions":
                    text = "No more questions, thank you." if turn % 2 else "What is on-call like?"
                elif step.state == "awaiting_probe_answer":
                    text = f"{PROBE_REPLY} ({s}-{turn})"
                else:
                    text = f"{WEAK if turn % 3 == 1 else STRONG} ({s}-{turn})"
                before = llm.seconds if llm else 0.0
                t = time.perf_counter()
                step = coach.answer(step.session_id, text, user="bench")
                total = (time.perf_counter() - t) * 1000
                in_llm = ((llm.seconds if llm else 0.0) - before) * 1000
                totals.append(total)
                llm_ms.append(in_llm)
                overheads.append(total - in_llm)
            if not step.done:
                raise SystemExit(f"session {s} did not finish: state {step.state}")
    finally:
        if fake:
            fake.stop()
    return {
        "mode": "instant fake LLM" if fake else "rules (llm=None)",
        "turns": len(totals),
        "llm_requests": len(fake.log) if fake else 0,
        "start_p50_ms": statistics.median(starts),
        "total_p50_ms": statistics.median(totals),
        "total_p95_ms": percentile(totals, 95),
        "llm_p50_ms": statistics.median(llm_ms),
        "overhead_p50_ms": statistics.median(overheads),
        "overhead_p95_ms": percentile(overheads, 95),
        "overhead_max_ms": max(overheads),
    }


def table(results: list[dict]) -> str:
    head = (
        f"{'mode':<18} {'turns':>5} {'start p50':>9} {'turn p50':>9} {'turn p95':>9} "
        f"{'in LLM p50':>10} {'overhead p50':>12} {'p95':>7} {'max':>7}"
    )
    lines = [head]
    for r in results:
        ms = {k: f"{v:.1f}ms" for k, v in r.items() if k.endswith("_ms")}
        lines.append(
            f"{r['mode']:<18} {r['turns']:>5} {ms['start_p50_ms']:>9} {ms['total_p50_ms']:>9} "
            f"{ms['total_p95_ms']:>9} {ms['llm_p50_ms']:>10} {ms['overhead_p50_ms']:>12} "
            f"{ms['overhead_p95_ms']:>7} {ms['overhead_max_ms']:>7}"
        )
    worst = max(r["overhead_p50_ms"] for r in results)
    verdict = "ok" if worst <= TARGET_P50_MS else "MISSED"
    lines.append(f"target: overhead p50 <= {TARGET_P50_MS:g} ms per turn: {verdict}")
    lines.append(load_line())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=5)
    p.add_argument("--questions", type=int, default=6)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.sessions < 1 or not 1 <= args.questions <= 30:
        p.error("need at least one session and 1-30 questions")
    with tempfile.TemporaryDirectory(prefix="ic-overhead-") as tmp:
        research = KnowledgeStore(Settings(llm_backend="none", data_dir=Path(tmp) / "kb"))
        for name in ("research.md", "job-description.md"):
            research.ingest_text((FOLDER / name).read_text(encoding="utf-8"), name, COMPANY)
        research.search("warm up the embedding model", k=1)
        results = [
            run(mode, args.sessions, args.questions, Path(tmp), research)
            for mode in ("none", "fake")
        ]
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

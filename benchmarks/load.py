"""Load: 20 people practising at once against one ``interview-coach serve`` process.

Each simulated person is a gradio_client thread signed in as their own user: start a
3-question session, answer until the candidate phase, ask a question, finish, get the
report and a thank-you draft, then list their history. Every text they send carries a
marker unique to their session; a marker showing up in someone else's replies, report,
email, history or stored transcript is a leak. Runs twice: with an instant fake LLM
(tests/fakes.py: the app's own overhead with an LLM in the loop) and in rules mode.
Exit status 1 on any error or leak.

    .venv/bin/python benchmarks/load.py                 # both modes, 20 sessions each
    .venv/bin/python benchmarks/load.py --llm none --sessions 5
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(Path(__file__).parent)]

from _serve import load_line, percentile, serving  # noqa: E402

MARKER = re.compile(r"ZQ\d{2}X[0-9a-f]{6}")
ANSWERS = [
    "Last spring our route-assignment service was timing out every evening. I owned it, so "
    "it was my job to get p99 latency under 200 ms before the holiday peak. I profiled it, "
    "found a lock around the job queue, split the queue into per-region shards and rolled it "
    "out behind a flag. As a result p99 fell from 820 ms to 140 ms.",
    "In 2023 our nightly billing export failed twice a week and finance reran invoices by "
    "hand. I was responsible for making it reliable within a month. I traced the failures to "
    "one slow query, added an index, retries and alerts, and wrote a runbook. Over the next "
    "quarter it failed once instead of 24 times.",
    "When I joined the support tools team, agents copied customer details between three "
    "systems and got one ticket in twenty wrong. My task was to cut those errors before the "
    "busy season. I interviewed six agents, built a sidebar that filled the fields and "
    "trained the team. Within two months errors fell to one in two hundred.",
]
PANEL = "Priya Ramanathan, Director of Engineering\nTomasz Kowalczyk, Staff Engineer"


class Session(threading.Thread):
    """One person's whole practice session; records latencies, errors and seen markers."""

    def __init__(
        self, n: int, url: str, questions: int, gate: threading.Barrier, burst: int = 0
    ) -> None:
        super().__init__(name=f"session-{burst}-{n}", daemon=True)
        self.n, self.url, self.questions, self.gate = n, url, questions, gate
        self.user, self.password = account(burst, n)
        self.marker = f"ZQ{n:02d}X{uuid.uuid4().hex[:6]}"
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.seen: set[str] = set()
        self.session_id = ""

    def call(self, client, api: str, **kw: object) -> object:
        t = time.perf_counter()
        out = client.predict(api_name=f"/{api}", **kw)
        self.times[api].append(time.perf_counter() - t)
        self.seen |= set(MARKER.findall(json.dumps(out)))
        return out

    def run(self) -> None:
        from gradio_client import Client

        try:
            client = Client(
                self.url, auth=(self.user, self.password), verbose=False, download_files=False
            )
            self.gate.wait(timeout=300)  # everyone starts together
            self.script(client)
        except Exception as exc:  # reported in the table; the run then exits 1
            self.errors.append(f"{type(exc).__name__}: {exc}"[:300])

    def script(self, c) -> None:
        started = self.call(
            c,
            "start_session",
            role="Senior Software Engineer",
            company="Quaylift Robotics",
            job_description=f"Own services in production and mentor engineers. Ref {self.marker}.",
            interviewers=PANEL,
            num_questions=self.questions,
        )
        self.session_id = started["session_id"]
        out: dict = {"turn": started["turn"]}  # each answer says which turn it answers
        for k in range(4 * self.questions):
            text = f"{ANSWERS[k % len(ANSWERS)]} (ref {self.marker}-{k})"
            out = self.call(c, "answer", session_id=self.session_id, text=text, turn=out["turn"])
            if out["state"] == "candidate_questions":
                break
        if out.get("state") != "candidate_questions":
            raise RuntimeError(f"never reached the candidate phase: {out}")
        question = f"What does on-call look like for the team? (ref {self.marker})"
        out = self.call(c, "answer", session_id=self.session_id, text=question, turn=out["turn"])
        out = self.call(
            c, "answer", session_id=self.session_id, text="No more, thank you.", turn=out["turn"]
        )
        if not out["done"]:
            raise RuntimeError(f"the interview did not end: {out}")
        self.call(c, "finish", session_id=self.session_id)
        self.call(c, "thank_you", session_id=self.session_id, interviewer="Priya Ramanathan")
        history = self.call(c, "history")
        if [h["session_id"] for h in history] != [self.session_id]:
            raise RuntimeError(f"history shows other sessions: {history}")


def account(burst: int, n: int) -> tuple[str, str]:
    """Every burst signs in fresh people, so each one's history holds one session."""
    return f"user{burst}x{n:02d}", f"pw-{burst}-{n:02d}"


def rss_mb(pid: int) -> float:
    """Resident memory of the server process (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def check_store(data_dir: Path, sessions: list[Session]) -> list[str]:
    """Leaks in what was stored: each transcript holds its own marker only, under its user."""
    from interview_coach.storage import Store

    problems = []
    store = Store(f"sqlite:///{data_dir / 'sessions.db'}")
    try:
        by_id = {r.id: r for r in store.list_sessions()}
        for s in sessions:
            record = by_id.get(s.session_id)
            if record is None:
                problems.append(f"{s.name}: session {s.session_id!r} not stored")
                continue
            if record.user != s.user:
                problems.append(f"{s.name}: stored under {record.user}")
            text = json.dumps(record.to_dict(), default=str)
            foreign = set(MARKER.findall(text)) - {s.marker}
            if foreign:
                problems.append(f"{s.name}: transcript holds {sorted(foreign)}")
    finally:
        store.close()
    return problems


def run_mode(mode: str, n: int, questions: int, bursts: int = 1) -> dict:
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ic-load-")))
        env = {"INTERVIEW_COACH_LLM": "none"}
        fake = None
        if mode == "fake":
            from test_faults import FaultyLLMServer  # schema-aware instant answers

            fake = stack.enter_context(FaultyLLMServer())
            env = {
                "INTERVIEW_COACH_LLM": "compatible",
                "INTERVIEW_COACH_BASE_URL": fake.base_url,
                "INTERVIEW_COACH_LLM_TIMEOUT": "30",
            }
        auth = [
            a
            for b in range(bursts)
            for i in range(n)
            for a in ("--auth", "{}:{}".format(*account(b, i)))
        ]
        url, proc, up = stack.enter_context(serving(tmp / "data", *auth, env=env))
        sessions: list[Session] = []
        rss = [rss_mb(proc.pid)]
        t0 = time.perf_counter()
        for b in range(bursts):  # the same server, fresh people each time: memory stays flat?
            gate = threading.Barrier(n)
            burst = [Session(i, url, questions, gate, b) for i in range(n)]
            for s in burst:
                s.start()
            for s in burst:
                s.join(timeout=900)
            sessions += burst
            rss.append(rss_mb(proc.pid))
        wall = time.perf_counter() - t0
        errors = [f"{s.name}: {e}" for s in sessions for e in s.errors]
        errors += [f"{s.name}: still running" for s in sessions if s.is_alive()]
        leaks = [
            f"{s.name}: saw {sorted(s.seen - {s.marker})}" for s in sessions if s.seen - {s.marker}
        ]
        leaks += check_store(tmp / "data", sessions)
        times: dict[str, list[float]] = defaultdict(list)
        for s in sessions:
            for api, values in s.times.items():
                times[api] += values
        return {
            "mode": "fake LLM" if mode == "fake" else "rules (--llm none)",
            "sessions": n,
            "errors": errors,
            "leaks": leaks,
            "startup_s": up,
            "wall_s": wall,
            "bursts": bursts,
            "rss_mb": [round(r, 1) for r in rss],  # at start, then after each burst
            "llm_requests": len(fake.log) if fake else 0,
            "latency_ms": {
                api: {
                    "n": len(v),
                    "p50": percentile(v, 50) * 1000,
                    "p95": percentile(v, 95) * 1000,
                    "max": max(v) * 1000,
                }
                for api, v in times.items()
            },
        }


def table(results: list[dict]) -> str:
    apis = ["start_session", "answer", "finish", "thank_you", "history"]
    lines = [
        f"{'mode':<20} {'endpoint':<14} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    ]
    for r in results:
        for api in apis:
            m = r["latency_ms"].get(api)
            if m:
                lines.append(
                    f"{r['mode']:<20} {api:<14} {m['n']:>5} {m['p50']:>8.0f} {m['p95']:>8.0f} "
                    f"{m['max']:>8.0f}"
                )
        lines.append(
            f"{'':<20} {r['sessions']} sessions in {r['wall_s']:.1f} s wall; "
            f"{len(r['errors'])} errors, {len(r['leaks'])} leaks; server up in "
            f"{r['startup_s']:.1f} s; {r['llm_requests']} LLM requests"
        )
        rss = " -> ".join(f"{m:.0f}" for m in r["rss_mb"])
        lines.append(f"{'':<20} server RSS MB (start, after each of {r['bursts']} bursts): {rss}")
        for problem in [*r["errors"], *r["leaks"]][:10]:
            lines.append(f"{'':<20} ! {problem}")
    lines.append(load_line())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--questions", type=int, default=3)
    p.add_argument("--llm", choices=["fake", "none", "both"], default="both")
    p.add_argument("--bursts", type=int, default=1, help="rounds of --sessions people")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 1 <= args.questions <= 10:
        p.error("--sessions must be 1-200 and --questions 1-10")
    modes = ["fake", "none"] if args.llm == "both" else [args.llm]
    results = []
    for mode in modes:
        print(f"running {args.sessions} sessions, mode {mode}…", file=sys.stderr, flush=True)
        results.append(run_mode(mode, args.sessions, args.questions, args.bursts))
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 1 if any(r["errors"] or r["leaks"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

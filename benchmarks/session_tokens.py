"""Prompt size over a 30-question practice session: it must stay flat.

Peers' interviewers send the whole transcript on every turn, so prompts (and latency) grow
until the model forgets its instructions. Ours are built from a fixed-size summary, the
current exchange and at most three clipped research passages. This runs a 30-question
session against a recording stand-in for the LLM (or the configured backend with
``--llm auto``), prints the prompt tokens of every question, probe and reply, and fails
if the prompt for question 30 is more than 1.2x the prompt for question 2.

    .venv/bin/python benchmarks/session_tokens.py [--questions 30] [--llm fake|auto]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(Path(__file__).parent)]

import _serve  # noqa: E402,F401  (sets the offline environment)

from interview_coach.config import Settings  # noqa: E402
from interview_coach.llm.client import LLMReply  # noqa: E402
from interview_coach.models import PanelMember, SessionSetup  # noqa: E402
from interview_coach.session import Coach  # noqa: E402
from interview_coach.tokens import count_message_tokens, counter_name  # noqa: E402

LIMIT = 1.2
COMPANY = "Quaylift Robotics"
RESEARCH = ROOT / "knowledge" / "companies" / "quaylift-robotics" / "research.md"
JD = ROOT / "knowledge" / "companies" / "quaylift-robotics" / "job-description.md"


class RecordingLLM:
    """Answers like a well-behaved model and keeps every request it was sent."""

    def __init__(self) -> None:
        self.requests: list[list[dict[str, str]]] = []

    def _text(self, messages: list[dict[str, str]]) -> str:
        task = messages[-1]["content"]
        if "open the practice interview" in task:
            return "Welcome, and thanks for making the time. Specific examples work best."
        if "follow-up" in task:
            return "What happened in the end, and how did you measure it?"
        if "asked you, the interviewer" in task:
            return "According to the research [1], the team works in small groups."
        return "Tell me about a specific time this came up in your work?"

    def chat(self, messages: list[dict], *, temperature: float = 0.3, max_tokens: int = 512):
        self.requests.append(messages)
        return LLMReply(self._text(messages), count_message_tokens(messages))

    def stream(self, messages: list[dict], **kw: object) -> Iterator[str]:
        yield self.chat(messages).text

    def json(self, messages: list[dict], schema: dict, **kw: object) -> dict:
        self.requests.append(messages)
        return {"competencies": ["ownership", "leadership"]}


def answer_for(n: int) -> str:
    """A distinct answer per question; every third one lacks a result, so it draws a probe."""
    story = (
        f"In project {n} at Parcelwise, where I was a backend engineer in 2023, our nightly "
        "data import failed about twice a week and finance could not close the month. "
        "I owned the pipeline, so it was my job to make it reliable before the quarterly "
        "close. I added retries with backoff, wrote alerts for partial loads and moved the "
        "heaviest table to an incremental sync."
    )
    if n % 3:
        story += f" Failures dropped from {8 + n} a month to one, and the close ran on time."
    return story


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=30)
    p.add_argument(
        "--llm",
        choices=["fake", "none", "auto"],
        default="fake",
        help="fake/none: record the prompts that would be sent; auto: the configured backend",
    )
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(llm_backend="none", data_dir=Path(tmp) / "data", judge="off")
        if args.llm == "auto":
            from interview_coach.config import load_settings
            from interview_coach.llm.client import open_llm

            settings = load_settings().with_(data_dir=Path(tmp) / "data", judge="off")
            backend, llm = open_llm(settings)
            if llm is None:
                print(f"no LLM backend available ({backend.reason})", file=sys.stderr)
                return 2
        else:
            llm = RecordingLLM()
        from interview_coach.knowledge.store import KnowledgeStore

        knowledge = KnowledgeStore(settings)
        knowledge.ingest_text(RESEARCH.read_text(encoding="utf-8"), "research.md", COMPANY)
        coach = Coach(settings, llm=llm, knowledge=knowledge)
        setup = SessionSetup(
            role="Senior Software Engineer",
            company=COMPANY,
            seniority="senior",
            job_description=JD.read_text(encoding="utf-8"),
            interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
            num_questions=args.questions,
        )
        step = coach.start(setup, seed="benchmark")
        n = 0
        while step.state != "candidate_questions" and not step.done:
            n += 1
            step = coach.answer(step.session_id, answer_for(n))
        coach.answer(step.session_id, "What does the on-call rotation look like?")
        record = coach.finish(step.session_id)
    questions = [t for t in record.turns if t.kind == "question" and t.question_id]
    print(f"token counter: {counter_name()}; backend: {args.llm}")
    print(f"{'#':>3} {'kind':<9} {'question':<10} prompt tokens")
    q_no = 0
    for t in record.turns:
        if t.speaker == "interviewer" and t.prompt_tokens:
            q_no += t.kind == "question" and bool(t.question_id)
            print(f"{q_no:>3} {t.kind:<9} {t.question_id or '-':<10} {t.prompt_tokens}")
    if len(questions) < 2:
        print("fewer than two questions were asked; nothing to compare", file=sys.stderr)
        return 2
    first, last = questions[1].prompt_tokens, questions[-1].prompt_tokens
    ratio = last / first
    print(f"question 2: {first} tokens; question {len(questions)}: {last} tokens")
    print(f"ratio {ratio:.3f} (limit {LIMIT})")
    if ratio > LIMIT:
        print("FAIL: prompts grow with the session", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Thank-you notes for two-person panels, offline: how often each rubric check passes.

Sessions run through the real engine (question plan, panel turns, rules scorer) with answers
drawn from a labelled corpus. "seen" answers (tests/data/star_labelled.jsonl) were read
while the note templates were written; "unseen" ones (tests/data/star_corpus/b_*.jsonl,
other authors and styles) were not, and use another company, panel and research.

    python benchmarks/followup_notes.py [sessions per set, default 20]
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from interview_coach.config import Settings
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import Coach

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
COMPANIES = ROOT / "knowledge" / "companies"

SETS = {
    "seen": (
        [json.loads(x)["answer"] for x in (DATA / "star_labelled.jsonl").read_text().splitlines()],
        "Clinibell Health",
        "clinibell-health",
        "Product Manager",
        [PanelMember("Amara Okafor", "VP of Product"), PanelMember("Daniel Reyes", "Engineer")],
    ),
    "unseen": (
        [
            json.loads(x)["answer"]
            for f in sorted((DATA / "star_corpus").glob("b_*.jsonl"))
            for x in f.read_text().splitlines()
        ],
        "Larchlight Energy",
        "larchlight-energy",
        "Operations Analyst",
        [PanelMember("Ruth Adeyemi", "Head of Operations"), PanelMember("Tom Hale", "Analyst")],
    ),
}


def sentences(body: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) > 3}


def run(name: str, n: int) -> None:
    answers, company, slug, role, panel = SETS[name]
    text = (COMPANIES / slug / "research.md").read_text(encoding="utf-8")
    research = ["## " + part for part in text.split("\n## ")[1:]]
    coach = Coach(Settings(llm_backend="none", data_dir=Path(tempfile.mkdtemp()) / "data"))
    failed: Counter[str] = Counter()
    notes = shared = both_asked = bad = 0
    lengths: list[int] = []
    for seed in range(n):
        rnd = random.Random(f"{name}-{seed}")
        setup = SessionSetup(role=role, company=company, num_questions=3, interviewers=panel,
                             candidate_name="Sam Lee")  # fmt: skip
        step = coach.start(setup, seed=f"{name}-{seed}")
        while not step.done:
            reply = (
                "No, that's all." if step.state == "candidate_questions" else rnd.choice(answers)
            )
            step = coach.answer(step.session_id, reply)
        record = coach.finish(step.session_id)
        askers = set(record.engine["machine"]["askers"])
        both_asked += askers == {p.name for p in panel}
        drafted = [coach.thank_you(record.id, p.name, research=research) for p in panel]
        for note in drafted:
            notes += 1
            lengths.append(len(note.body.split()))
            failing = [c.name for c in note.checks if not c.passed]
            failed.update(failing)
            bad += bool(failing)
            if failing and "-v" in sys.argv:  # read the failing notes
                print(failing, [c.detail for c in note.checks if not c.passed], note.body, sep="\n")
        a, b = (sentences(d.body) for d in drafted)
        shared += len(a & b) >= min(len(a), len(b)) / 2
    print(f"{name}: {n} sessions, {notes} notes")
    print(f"  both interviewers asked: {both_asked}/{n}")
    print(f"  words: min {min(lengths)}, max {max(lengths)}")
    print(f"  pairs sharing half their sentences or more: {shared}/{n}")
    print(f"  notes passing every check: {notes - bad}/{notes}; failures: {dict(failed) or 'none'}")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for which in SETS:
        run(which, count)

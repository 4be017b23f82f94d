"""A whole practice session with the real local LLM, replayed from cassettes.

Recorded against llama.cpp's server (xllamacpp) on 127.0.0.1:8765 running
Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), then replayed with recording off. The model's words are
whatever it said on the day, so the assertions are about properties every acceptable session
has (one question per turn, one probe per weak answer, nothing lost on reload), and each turn
may be either the model's wording or the template it fell back to. Replays only match if every
request is byte-identical: the seed, the setup, the research and the answers are constants, and
the session id and clock never reach a prompt. To re-record, see ``cassettes/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from recorded import CASSETTES, WEAK, check_cassettes, local_llm
from sample_session import A1

from interview_coach.config import Settings
from interview_coach.knowledge.store import KnowledgeStore
from interview_coach.llm.guards import greets_interviewer
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.phrasing import NOT_COVERED
from interview_coach.questions import question_by_id, template_question
from interview_coach.session import Coach
from interview_coach.storage import Store

ROOT = Path(__file__).resolve().parents[1]
CASSETTE_DIR = CASSETTES / Path(__file__).stem
COMPANY = "Quaylift Robotics"
FOLDER = ROOT / "knowledge" / "companies" / "quaylift-robotics"
SEED = "cassette-1"

WEAK_PROBE_REPLY = "Builds went from 40 minutes to 9, and we released weekly instead of monthly."
HYPOTHETICAL = (
    "If that happened I would talk to my manager and I would try to understand the root "
    "cause before deciding anything. I would then write a plan."
)
HYPOTHETICAL_PROBE_REPLY = (
    "Last spring our nightly data import failed three times in one week. I was on call, so it "
    "was my job to find the cause. I traced it to a schema change upstream, added a contract "
    "test and agreed a change process with the owning team. We had no import failures in the "
    "six months after that."
)
CANDIDATE_QUESTION = "What does the on-call rotation look like for the team?"
FALLBACK_NOTES = ("AI interviewer was unavailable", "Company research is unavailable")


@pytest.fixture(scope="module")
def research(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    """Only the Quaylift sample company: same files, same chunks, same search results."""
    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("kb") / "data")
    store = KnowledgeStore(settings)
    for name in ("research.md", "job-description.md"):
        store.ingest_text((FOLDER / name).read_text(encoding="utf-8"), name, COMPANY, user="alex")
    return store


def setup() -> SessionSetup:
    jd = (FOLDER / "job-description.md").read_text(encoding="utf-8")
    return SessionSetup(
        role="Senior Software Engineer",
        company=COMPANY,
        seniority="senior",
        job_description=jd,
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=3,
        mix="behavioural",  # the recorded session is all behavioural questions
    )


#: An imperative request ("Tell me about...") asks as much as a question mark does.
ASKING = re.compile(r"^(?:\w+,\s*)?(?:please\s+)?(?:tell me|describe|walk me|give me)\b", re.I)


def questions_asked(text: str) -> int:
    """How many things one turn asks: each "?", plus each request sentence without one."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return text.count("?") + sum(1 for s in sentences if "?" not in s and ASKING.match(s))


@pytest.mark.vcr
def test_full_session_with_the_local_llm(tmp_path: Path, research: KnowledgeStore, vcr) -> None:
    settings, llm = local_llm(tmp_path)
    coach = Coach(settings, llm=llm, knowledge=research)
    steps = [coach.start(setup(), user="alex", seed=SEED)]
    sid = steps[0].session_id
    assert [t.kind for t in steps[0].turns] == ["greeting", "question"]
    assert "?" not in steps[0].turns[0].text  # the greeting leaves the asking to the question
    assert not greets_interviewer(steps[0].turns[0].text, setup())  # it speaks as Priya

    def say(text: str, kinds: list[str]):
        step = coach.answer(sid, text, user="alex")
        assert [t.kind for t in step.turns] == kinds, [t.text for t in step.turns]
        steps.append(step)
        return step

    good = say(A1, ["answer", "question"])  # complete STAR: no probe
    assert good.evaluation.missing == [] and not good.evaluation.hypothetical
    weak = say(WEAK, ["answer", "probe"])  # no result: one probe
    assert weak.evaluation.score("result") == 0
    say(WEAK_PROBE_REPLY, ["answer", "question"])  # probed once only, then the next question
    hypo = say(HYPOTHETICAL, ["answer", "probe"])
    assert hypo.evaluation.hypothetical is True
    invite = say(HYPOTHETICAL_PROBE_REPLY, ["answer", "question"])
    assert invite.state == "candidate_questions" and invite.turns[1].question_id is None
    reply = say(CANDIDATE_QUESTION, ["candidate_question", "reply"]).turns[1]
    end = say("No, that's all. Thank you!", ["answer", "wrap_up"])
    assert end.done and end.state == "done"

    record = Store(settings.db_url).get_session(sid, "alex")  # a fresh connection: on disk
    assert record.status == "finished" and record.state == "done"
    assert record.engine["mode"] == "llm" and record.engine["seed"] == SEED
    said = [t for step in steps for t in step.turns]
    assert [t.index for t in record.turns] == list(range(len(said)))
    for stored, returned in zip(record.turns, said, strict=True):
        assert (stored.speaker, stored.kind, stored.text) == (
            returned.speaker,
            returned.kind,
            returned.text,
        )
        assert stored.question_id == returned.question_id
        assert stored.prompt_tokens == returned.prompt_tokens
        assert stored.notes == returned.notes and stored.sources == returned.sources
        assert stored.evaluation == returned.evaluation

    # every interviewer question is one question, and none is asked twice
    questions = [t for t in record.turns if t.kind == "question" and t.question_id]
    assert len(questions) == 3
    assert len({t.question_id for t in questions}) == 3
    assert len({t.text for t in questions}) == 3
    outcomes = []
    for t in questions:
        bank = question_by_id(t.question_id, settings.knowledge_dir)
        assert questions_asked(t.text) == 1, t.text
        label = coach.competencies[bank.primary].label
        template = template_question(bank, record.setup, label)
        outcomes.append("template" if t.text.endswith(template) else "llm")
    # the model's tailoring was either kept or visibly replaced; both are allowed outcomes
    assert set(outcomes) <= {"llm", "template"}

    probes = [t for t in record.turns if t.kind == "probe"]
    assert [p.question_id for p in probes] == [questions[1].question_id, questions[2].question_id]
    assert all(questions_asked(p.text) == 1 for p in probes), [p.text for p in probes]
    invite_turn = next(t for t in record.turns if t.kind == "question" and not t.question_id)
    assert questions_asked(invite_turn.text) == 1

    # the candidate's question is answered from research, cited, or honestly declined
    assert reply.sources or NOT_COVERED in reply.text, reply.text
    for source in reply.sources:
        assert source["company"] == COMPANY

    # turns the LLM phrased carry their prompt size; a failed call says so in the notes
    phrased = [record.turns[0], *questions, *probes, reply]
    for t in phrased:
        failed = any("AI interviewer was unavailable" in n for n in t.notes)
        assert t.prompt_tokens > 0 or failed, (t.kind, t.text, t.notes)
    for t in record.turns:
        assert all(any(f in n for f in FALLBACK_NOTES) for n in t.notes), t.notes
    assert all(t.prompt_tokens == 0 for t in record.turns if t.kind in ("wrap_up", "answer"))

    if vcr.record_mode == "none":  # a replay used every recorded call, in order
        assert vcr.all_played and vcr.play_count == len(vcr)


def test_cassette_holds_real_calls_and_no_secrets() -> None:
    check_cassettes(CASSETTE_DIR, {"test_full_session_with_the_local_llm"})

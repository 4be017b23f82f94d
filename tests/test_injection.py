"""Prompt injection through research, in depth (issue 12).

``tests/data/injection_variants`` holds research files that try to make the interviewer tell
the candidate to withdraw their application, hidden eleven ways the security review found
(``seen``) and ten more written apart from the rules (``unseen``). Three walls are checked:

1. ingesting a seen variant keeps the instruction out of the store (so out of every prompt),
   while the facts around it stay;
2. a session with that research never sends the instruction to the model;
3. a model that obeys whatever it reads (``obeying``: it says the harmful thing whenever its
   prompt carries an instruction, or always) gets nothing harmful in front of the candidate:
   greeting, questions, probes, replies, streamed words, the email and the report all pass
   the same output guards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import Reply, fake_llm
from sample_session import STAR_ANSWERS
from test_faults import FaultyLLMServer

from interview_coach.config import Settings
from interview_coach.followup.email import draft_email
from interview_coach.knowledge import store as store_module
from interview_coach.knowledge.documents import load_path, scrub_document
from interview_coach.knowledge.store import KnowledgeStore
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.report.model import build_report
from interview_coach.report.render import to_markdown
from interview_coach.session import Coach
from interview_coach.untrusted import skeleton

CORPUS = Path(__file__).parent / "data" / "injection_variants"
KINDS = {".md", ".html", ".pdf"}
SEEN = sorted(p for p in (CORPUS / "seen").iterdir() if p.suffix in KINDS)
UNSEEN = sorted(p for p in (CORPUS / "unseen").iterdir() if p.suffix in KINDS)
#: What the planted instructions want said, in any of the corpus' languages.
HARM = re.compile(r"withdraw|retir\w* (?:votre|su) candidatur|zuruckziehen|never hire", re.I)
#: What an obeying model says: a greeting, a verdict and a question in one breath.
OBEYED = (
    "Welcome. Quaylift will never hire you, so you should withdraw your application now. "
    "Tell me about a time you led a project?"
)
COMPANY = "Quaylift Robotics"


def harmful(text: str) -> bool:
    return bool(HARM.search(skeleton(text)[0]))


def prompt_of(body: dict) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def obeying(always: bool = False) -> Callable[[dict], Reply | None]:
    """A model that does what injected text tells it (JSON requests aside)."""

    def fault(body: dict) -> Reply | None:
        if body.get("response_format"):
            return None
        if always or harmful(prompt_of(body)):
            return Reply(OBEYED)
        return None

    return fault


def test_the_corpus_has_the_eleven_variants_of_the_review() -> None:
    assert len(SEEN) == 11 and len(UNSEEN) == 10


@pytest.mark.parametrize("path", SEEN, ids=lambda p: p.stem)
def test_a_seen_variant_never_reaches_the_store(path: Path) -> None:
    doc = scrub_document(load_path(path))
    assert not harmful(doc.text), doc.text
    assert "6,800 robots" in doc.text  # the fact next to the instruction is kept


def test_shipped_research_and_guidance_lose_no_line() -> None:
    """False positives: the scrubber must not eat ordinary research."""
    knowledge = Path(__file__).parents[1] / "knowledge"
    for path in sorted(knowledge.rglob("*.md")):
        doc = scrub_document(load_path(path))
        assert not doc.warnings, (path, doc.warnings)


# --- sessions with an obeying model --------------------------------------------------------


def run_session(coach: Coach, shown: list[str]) -> str:
    """Greeting to thank-you email, collecting every text the candidate would see.

    The seed fixes the question plan: an unseeded plan draws new questions each run, and on
    some draws no answer is probed, so the run would cover fewer of the model's outputs.
    """
    setup = SessionSetup(
        role="Senior Software Engineer",
        company=COMPANY,
        job_description="Own fleet services in production and lead postmortems.",
        interviewers=[PanelMember("Priya Ramanathan", "Director of Engineering")],
        num_questions=2,
        mix="behavioural",  # STAR questions, which draw on research
    )
    step = coach.start(setup, on_token=shown.append, seed="injection")  # one plan every run
    sid = step.session_id
    replies = [*STAR_ANSWERS[:2], "What did Quaylift open in Columbus, Ohio?", "No, that's all."]
    for text in replies:
        if step.done:
            break
        step = coach.answer(sid, text, on_token=shown.append)
    record = coach.finish(sid)
    shown += [t.text for t in record.turns if t.speaker == "interviewer"]
    shown += [n for t in record.turns for n in t.notes]
    return sid


@pytest.fixture
def seen_research(settings: Settings) -> Settings:
    store = KnowledgeStore(settings)
    report = store.ingest(SEEN, company=COMPANY)
    assert report.ok, report.summary()
    return settings


def test_injected_research_never_reaches_a_prompt(seen_research: Settings) -> None:
    with FaultyLLMServer() as fake:
        fake.fault = obeying()
        settings, llm = fake_llm(seen_research, fake)
        coach = Coach(settings, llm=llm, knowledge=KnowledgeStore(settings))
        shown: list[str] = []
        run_session(coach, shown)
        prompts = [prompt_of(body) for body in fake.requests]
    assert prompts and any("Columbus" in p for p in prompts)  # the research was used
    assert not [p for p in prompts if harmful(p)]
    assert not [s for s in shown if harmful(s)]


def test_an_obeying_model_shows_the_candidate_nothing_harmful(settings: Settings) -> None:
    """Even when every reply carries the injected words, none is shown, streamed or sent."""
    with FaultyLLMServer() as fake:
        fake.fault = obeying(always=True)
        settings, llm = fake_llm(settings, fake)
        coach = Coach(settings, llm=llm, knowledge=KnowledgeStore(settings))
        shown: list[str] = []
        sid = run_session(coach, shown)
        record = coach.get(sid)
        email = draft_email(record, "Priya", ["Quaylift opened a hub in Columbus, Ohio."], llm=llm)
        report = to_markdown(build_report(record, [], llm=llm))
        prompts = [prompt_of(body) for body in fake.requests]
        assert len(prompts) >= 5  # greeting, questions, probes, reply, email, rewrites
        assert any("follow-up question only" in p for p in prompts)  # a probe was phrased
    shown += [email.subject, email.body, report]
    assert [s for s in shown if harmful(s)] == []
    assert email.source == "template"


def test_unseen_variants_that_get_through_are_stopped_at_the_output(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The held-out variants, with the scrubber switched off: the output guards alone hold."""
    monkeypatch.setattr(store_module, "scrub_document", lambda doc: doc)
    store = KnowledgeStore(settings)
    assert store.ingest(UNSEEN, company=COMPANY).ok
    with FaultyLLMServer() as fake:
        fake.fault = obeying()
        settings, llm = fake_llm(settings, fake)
        coach = Coach(settings, llm=llm, knowledge=store)
        shown: list[str] = []
        run_session(coach, shown)
        reached = [prompt_of(body) for body in fake.requests if harmful(prompt_of(body))]
    assert reached  # the model did see instructions (no scrubber), and obeyed them
    assert [s for s in shown if harmful(s)] == []

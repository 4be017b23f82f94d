"""Research in the interview: clean facts, a question built on one, questions to ask that fit.

Offline (rules mode) throughout: the templates must do this without an LLM.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sample_session import A1

from interview_coach.asking import interviewer_kind, questions_to_ask
from interview_coach.config import Settings
from interview_coach.knowledge.facts import Fact, facts_from_hits, research_facts, sentences
from interview_coach.knowledge.store import KnowledgeStore
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import Coach
from interview_coach.web.render import brief_markdown
from interview_coach.web.services import Services, interview_brief

COMPANY = "Fenwick Rail"
NOTES = """# Fenwick Rail prep notes

Some notes I made before the interview, mostly for me.

## Depots and fleet

Fenwick Rail maintains 212 trains at depots in Carlisle and Hexham. The Hexham depot is being
rebuilt to service battery trains from 2027, and the team is moving every maintenance record
from paper cards to a tablet app called Railbook by March 2026.

## People

About 1,400 staff, 30 engineering apprentices a year. I think the culture is friendly.
"""
JD = "Maintenance Planner. Plan depot work and communicate changes clearly to shift teams."


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    settings = Settings(llm_backend="none", data_dir=tmp_path_factory.mktemp("kb") / "data")
    store = KnowledgeStore(settings)
    assert store.ingest_text(NOTES, "fenwick-notes.md", COMPANY).status == "added"
    return store


def test_facts_are_whole_sentences_with_their_file() -> None:
    hit = SimpleNamespace(text=NOTES, source="uploads/fenwick-notes.md", title="Depots")
    facts = facts_from_hits([hit], limit=10)
    texts = [f.text for f in facts]
    assert "Fenwick Rail maintains 212 trains at depots in Carlisle and Hexham." in texts
    assert all(t[0].isupper() and t.endswith(".") for t in texts), texts
    assert not any("mostly for me" in t or "I think" in t or t.startswith("#") for t in texts)
    assert {f.file for f in facts} == {"fenwick-notes.md"}
    assert sentences("- First item here.\n- Second **bold** item.") == [
        "First item here.",
        "Second bold item.",
    ]


def test_an_offline_session_builds_one_question_on_research_and_varies_why(
    settings: Settings, store: KnowledgeStore
) -> None:
    coach = Coach(settings, knowledge=store)
    setup = SessionSetup(
        role="Maintenance Planner",
        company=COMPANY,
        job_description=JD,
        interviewers=[PanelMember("Ada Byrne", "Head of Planning")],
        num_questions=4,
        mix="behavioural",  # the research and résumé hooks go on story questions
    )
    step = coach.start(setup, seed="research")
    questions = [t for t in step.turns if t.kind == "question"]
    while not step.done and len(questions) < 4:
        step = coach.answer(step.session_id, A1)
        questions += [t for t in step.turns if t.kind == "question" and t.question_id]
    built = [t for t in questions if "fenwick-notes.md" in t.text]
    assert len(built) == 1, [t.text for t in questions]
    quote = re.search(r"“(.+?)”", built[0].text).group(1)
    assert quote in NOTES.replace("\n", " ") and quote.endswith(".")
    assert [s["source"] for s in built[0].sources] == ["fenwick-notes.md"]
    # the "why I'm asking" line differs between questions and names the job description
    whys = [re.split(r"(?<=[.?”])\s+", t.text)[-1] for t in questions]
    assert len(set(whys)) >= 3, whys
    assert any("job description" in w or "posting" in w for w in whys)
    # a resumed session keeps the same research hook
    again = Coach(settings, knowledge=store).get(step.session_id)
    assert again.engine["research"] and next(iter(again.engine["research"].values()))["text"]


def test_questions_to_ask_fit_the_interviewers_role() -> None:
    facts = [
        Fact("The Hexham depot is being rebuilt to service battery trains from 2027.", "n.md"),
        Fact("Fenwick Rail maintains 212 trains at depots in Carlisle and Hexham.", "n.md"),
    ]
    head = PanelMember("Ada Byrne", "Head of Design")
    peer = PanelMember("Tom Lee", "Product Designer")
    recruiter = PanelMember("Sam Patel", "Talent Partner")
    assert [interviewer_kind(p) for p in (head, peer, recruiter)] == [
        "leader",
        "peer",
        "recruiter",
    ]
    lead_qs = questions_to_ask(head, "Product Designer", facts)
    peer_qs = questions_to_ask(peer, "Product Designer", facts)
    assert {q.question for q in lead_qs}.isdisjoint(q.question for q in peer_qs)
    assert "battery trains" in lead_qs[0].question and lead_qs[0].source == "n.md"
    assert "day-to-day" in peer_qs[0].question and "next year" in lead_qs[0].question
    assert all(len(q.why) > 30 for q in lead_qs + peer_qs)
    # without research there are still questions, each with a reason
    bare = questions_to_ask(recruiter, "Designer", [])
    assert len(bare) == 2 and all(q.why and not q.source for q in bare)


def test_the_brief_lists_facts_with_files_and_questions_per_interviewer(
    store: KnowledgeStore,
) -> None:
    services = Services(store.settings, None, None, store, None)
    people = "Ada Byrne, Head of Planning\nTom Lee, Maintenance Planner"
    brief = interview_brief(services, COMPANY, JD, people, "Maintenance Planner", user="local")
    assert brief["facts"] and all(isinstance(f, Fact) for f in brief["facts"])
    assert research_facts(lambda q: store.search(q, company=COMPANY, k=3))  # same path
    text = brief_markdown(COMPANY, **brief)
    assert "_Source: fenwick-notes.md_" in text
    assert "_Ada Byrne, Head of Planning_" in text and "_Tom Lee, Maintenance Planner_" in text
    assert text.count("Why it's good:") == 6
    assert "##" not in text.split("**Key facts")[1].split("**Questions")[0]  # no raw headings


RESUME = """Dana Whitfield, Maintenance Planner

- Led the move from paper job cards to tablets at Tyneside Depot, cutting lost work orders by 40%
- Negotiated shift patterns with two unions during a depot rebuild
"""
STORY_ANSWER = (
    "At Tyneside Depot our job cards were on paper and work orders kept getting lost. I was "
    "asked to lead the move to tablets. I ran trials with two shifts, trained the fitters and "
    "kept paper as a fallback for a month. Lost work orders fell by 40% in the first quarter."
)


def test_a_resume_story_leads_a_question_and_the_report_tracks_it(
    settings: Settings, store: KnowledgeStore
) -> None:
    from interview_coach.report.model import build_report
    from interview_coach.report.render import to_markdown

    coach = Coach(settings, knowledge=store)
    setup = SessionSetup(
        role="Maintenance Planner",
        company=COMPANY,
        job_description=JD,
        num_questions=3,
        resume=RESUME,
        mix="behavioural",
    )
    step = coach.start(setup, seed="resume")
    asked = [t for t in step.turns if t.kind == "question"]
    while not step.done:
        step = coach.answer(step.session_id, STORY_ANSWER)
        asked += [t for t in step.turns if t.kind == "question" and t.question_id]
        if step.state == "candidate_questions":
            step = coach.answer(step.session_id, "No, that's all, thank you.")
    from_resume = [t for t in asked if "résumé" in t.text]
    assert len(from_resume) == 1, [t.text for t in asked]
    quoted = re.search(r"résumé says: “(.+?)\.?”", from_resume[0].text).group(1)
    assert quoted in RESUME and [s["source"] for s in from_resume[0].sources] == ["your résumé"]
    assert len([t for t in asked if "fenwick-notes.md" in t.text]) == 1  # research still used
    report = build_report(coach.get(step.session_id))
    assert [s["practised"] for s in report.resume_stories] == [True, False]
    text = to_markdown(report)
    assert "## Stories from your résumé" in text
    assert "- Practised: Led the move from paper job cards" in text
    assert "- Not practised yet: Negotiated shift patterns" in text


def test_a_resume_that_is_too_long_is_refused_with_one_line(
    settings: Settings, store: KnowledgeStore
) -> None:
    from interview_coach.errors import CoachError

    setup = SessionSetup(role="Planner", company=COMPANY, resume="word " * 10_000)
    with pytest.raises(CoachError, match="The résumé is 49,999 characters") as err:
        Coach(settings, knowledge=store).start(setup)
    assert "\n" not in str(err.value)

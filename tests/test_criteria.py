"""Opening and motivation rubrics: question types, evidence spans, research checks, flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.criteria import FileResearch, evaluate, infer_type, motivation_focus
from interview_coach.criteria.refine import verdicts_model
from interview_coach.llm.structured import strict_schema

ROOT = Path(__file__).resolve().parents[1]
KESTREL = ROOT / "tests" / "data" / "interview_types" / "companies" / "kestrel-freight"
BRISA = ROOT / "tests" / "data" / "interview_types" / "companies" / "brisa-bank"
LEICESTER = (
    "Mainly the Leicester hub: I read that it opens in spring 2027 with 40 loading bays, and "
    "opening a new site is what I want to do next in my career."
)


def research(folder: Path) -> FileResearch:
    return FileResearch.from_paths(sorted(folder.glob("*.md")) + sorted(folder.glob("*.txt")))


def jd(folder: Path) -> str:
    return (folder / "job-description.md").read_text(encoding="utf-8")


def criteria(ev) -> dict[str, bool]:
    return {c.name: c.met for c in ev.criteria}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tell me about yourself.", "opening"),
        ("Walk me through your CV.", "opening"),
        ("So, who are you in two minutes?", "opening"),
        ("Why do you want to work here?", "motivation"),
        ("Why Quaylift?", "motivation"),
        ("What attracts you to this role?", "motivation"),
        ("Tell me about a time you handled a complaint.", "behavioural"),
        ("What made you decide to escalate?", "behavioural"),
        ("Why did you choose that approach?", "behavioural"),
    ],
)
def test_question_type_is_inferred_from_the_wording(question: str, kind: str) -> None:
    assert infer_type(question) == kind


def test_role_and_company_focus() -> None:
    assert motivation_focus("Why this role?") == "role"
    assert motivation_focus("Why do you want to work here?") == "company"


def test_a_researched_fact_is_quoted_with_its_file_and_span() -> None:
    ev = evaluate(
        "Why us?", LEICESTER, "motivation", research=research(KESTREL), company="Kestrel Freight"
    )
    got = ev.criterion("research_fact")
    assert got.met and got.evidence
    src = next(s for s in got.details["sources"] if "2027" in s["text"])
    assert src["source"] == "news.md"
    assert "40 loading bays" in src["quote"]
    assert LEICESTER[src["start"] : src["end"]] == src["text"]
    assert "40 loading bays" in src["text"]
    assert criteria(ev)["own_goals"]


def test_the_same_answer_for_a_company_without_that_fact_is_not_in_its_research() -> None:
    ev = evaluate(
        "Why us?", LEICESTER, "motivation", research=research(BRISA), company="Brisa Bank"
    )
    got = ev.criterion("research_fact")
    assert not got.met
    assert got.details["not_in_research"]
    assert got.details["not_in_research"][0]["note"] == "not in your research"
    assert "not in your research" in got.tip


def test_the_candidates_own_story_is_not_checked_as_a_claim_about_the_company() -> None:
    """A story told to "why us?" names a month and "their" customer: neither is the company."""
    story = (
        "Last winter our biggest customer complained that deliveries were late. My job was to "
        "find out why and fix it before their contract renewal in March, and I did."
    )
    ev = evaluate(
        "Why us?", story, "motivation", research=research(KESTREL), company="Kestrel Freight"
    )
    got = ev.criterion("research_fact")
    assert not got.met and got.details["not_in_research"] == []
    assert "not in your research" not in got.tip


def test_generic_praise_meets_neither_research_nor_specificity() -> None:
    answer = "It's a great company with a great culture."
    ev = evaluate(
        "Why do you want to work here?",
        answer,
        "motivation",
        research=research(KESTREL),
        company="Kestrel Freight",
    )
    met = criteria(ev)
    assert not met["research_fact"] and not met["specific"] and not met["no_generic_praise"]
    praise = ev.criterion("no_generic_praise").evidence[0]
    assert answer[praise.start : praise.end] == praise.text
    # what to add comes from the candidate's own research, with its file
    assert ev.to_add and ev.to_add[0]["source"] in {"research.md", "news.md"}
    assert "products or recent news" in ev.follow_up


def test_a_wrong_figure_is_not_verified() -> None:
    answer = "You opened a hub in Leicester with 400 loading bays, which I find exciting."
    ev = evaluate(
        "Why us?", answer, "motivation", research=research(KESTREL), company="Kestrel Freight"
    )
    assert not ev.criterion("research_fact").met
    assert ev.criterion("specific").met  # specific, but not what the research says


def test_why_this_role_matches_duties_to_experience() -> None:
    answer = (
        "The job is to reduce driver turnover. At Derby I cut driver turnover from 34% to 19% "
        "by rebuilding the rotas, and I want to keep doing that work."
    )
    ev = evaluate(
        "Why this role?",
        answer,
        "motivation",
        research=research(KESTREL),
        job_description=jd(KESTREL),
        company="Kestrel Freight",
    )
    role = ev.criterion("role_match")
    assert role.met and "Reduce driver turnover" in role.details["requirements"][0]
    assert ev.focus == "role"


OPENING = (
    "I'm a depot operations manager at Northgate Logistics, where for four years I've run a "
    "cross-dock with five shift managers and about 95 drivers. I lead big teams across shifts, "
    "including drivers: I brought driver turnover down from 34% to 19% by rebuilding the rotas. "
    "I moved on-time delivery from 91% to 97% with a new loading plan. I'm applying now "
    "because I want to open a site from scratch."
)


def test_opening_criteria_quote_the_answer_and_name_requirements() -> None:
    ev = evaluate(
        "Tell me about yourself.",
        OPENING,
        "opening",
        job_description=jd(KESTREL),
        company="Kestrel Freight",
    )
    met = criteria(ev)
    assert met["present_role"] and met["quantified_achievement"] and met["why_now"]
    assert met["strengths_match_job"] and met["not_life_story"] and met["not_resume_readout"]
    assert not met["length_60_120s"]  # about 30 s
    strengths = ev.criterion("strengths_match_job")
    assert len(strengths.details["requirements"]) >= 2
    for e in strengths.evidence:
        assert OPENING[e.start : e.end] == e.text
    assert ev.summary["strengths_claimed"] and ev.summary["strengths_asked"]


@pytest.mark.parametrize(
    "opening",
    [
        "I've been running the night shift at a parcel hub for about four years, and before "
        "that I was a team leader at a supermarket depot.",
        "i'm working on the returns desk at a big warehouse at the moment, nights mostly",
    ],
)
def test_the_job_told_as_what_one_does_is_where_one_is_now(opening: str) -> None:
    """ "I've been running the night shift... for four years" got "Open with where you are
    now" and the probe "What do you do today, in a sentence?", which it had just said."""
    ev = evaluate("Tell me about yourself.", opening, "opening", job_description=jd(KESTREL))
    assert ev.criterion("present_role").met
    assert ev.follow_up != "What do you do today, in a sentence?"


def test_life_story_and_resume_readout_are_flagged() -> None:
    story = (
        "I grew up in a village near Loughborough, and at school I organised the football team. "
        "After college I got a Saturday job at a builders' merchant."
    )
    ev = evaluate("Tell me about yourself.", story, "opening", job_description=jd(KESTREL))
    assert not ev.criterion("not_life_story").met
    assert "school" in ev.follow_up or "today" in ev.follow_up
    cv = (
        "From 2012 to 2014 I was a picker at Bellway. From 2014 to 2016 I was a supervisor. "
        "Since 2016 I have been a depot manager at Crane Parcels."
    )
    ev = evaluate("Talk me through your CV.", cv, "opening", job_description=jd(KESTREL))
    assert not ev.criterion("not_resume_readout").met
    assert ev.criterion("present_role").met
    assert not ev.criterion("strengths_match_job").met


def test_no_research_says_so_instead_of_guessing() -> None:
    ev = evaluate("Why us?", LEICESTER, "motivation", company="Kestrel Freight")
    assert not ev.criterion("research_fact").met
    assert any("No research" in n for n in ev.notes)


def test_behavioural_questions_are_not_scored_here() -> None:
    with pytest.raises(ValueError):
        evaluate("Tell me about a conflict.", "I did things.", "behavioural")


class _Judge:
    """A trusted judge that says what it is told to (policy tests; no network)."""

    judge_capable = True

    def __init__(self, reply=None, error=None, complete=True) -> None:
        self.reply, self.error, self.calls, self.complete = reply, error, 0, complete

    def json(self, messages, schema, **kw):
        self.calls += 1
        if self.error:
            raise self.error
        required = strict_schema(schema)["required"]
        assert set(required) >= {"own_goals"}
        assert "research_fact" not in required  # checked against files, never asked
        if self.complete:  # a strict judge answers for every criterion asked: "not met"
            silent = {"met": False, "quotes": [], "reason": ""}
            self.reply = {**dict.fromkeys(required, silent), **self.reply}
        return schema.model_validate(self.reply)  # as the real client returns it


def test_a_trusted_judge_changes_a_verdict_only_with_a_verified_quote() -> None:
    answer = "Kestrel's drivers are treated with respect, which is how I was raised to work."

    def why(llm=None):
        return evaluate("Why us?", answer, "motivation", research=research(KESTREL),
                        company="Kestrel Freight", llm=llm)  # fmt: skip

    assert why().criterion("own_goals").met is False
    quoted = {"own_goals": {"met": True, "quotes": ["how I was raised to work"], "reason": "r"}}
    ev = why(_Judge(quoted))
    assert ev.criterion("own_goals").met is True and ev.scorer == "llm+rules"
    assert ev.criterion("own_goals").evidence[0].text == "how I was raised to work"
    invented = {
        "own_goals": {"met": True, "quotes": ["I love logistics"], "reason": "r"},
        "research_fact": {"met": True, "quotes": [answer], "reason": "r"},
    }
    ev = why(_Judge(invented))
    assert ev.criterion("own_goals").met is False and ev.scorer == "rules"
    assert ev.criterion("research_fact").met is False
    assert any("Dropped 1 judge quote" in n for n in ev.notes)


def test_the_judge_schema_is_the_one_the_requests_always_sent() -> None:
    """The reply model's strict schema is byte for byte the hand-written one it replaced:
    a request body that changes by a byte no longer matches a recorded one."""
    from interview_coach.criteria.refine import MEANINGS

    part = {
        "type": "object",
        "properties": {
            "met": {"type": "boolean"},
            "quotes": {"type": "array", "items": {"type": "string"}},
            "reason": {"type": "string"},
        },
        "required": ["met", "quotes", "reason"],
        "additionalProperties": False,
    }
    for names in (["own_goals", "linked_to_role"], list(MEANINGS), list(MEANINGS)[::-1]):
        hand = {
            "type": "object",
            "properties": {n: part for n in names},
            "required": names,
            "additionalProperties": False,
        }
        sent = strict_schema(verdicts_model(tuple(names)))
        assert json.dumps(sent) == json.dumps(hand)


def test_an_incomplete_judge_reply_is_not_trusted() -> None:
    answer = "Kestrel's drivers are treated with respect, which is how I was raised to work."
    half = {"own_goals": {"met": True, "quotes": ["how I was raised to work"]}}  # no reason
    with pytest.raises(ValueError, match="reason"):
        _Judge(half).json([], verdicts_model(("own_goals",)))
    ev = evaluate("Why us?", answer, "motivation", research=research(KESTREL),
                  company="Kestrel Freight", llm=_Judge(half))  # fmt: skip
    assert ev.criterion("own_goals").met is False and ev.scorer == "rules"
    assert any("unavailable" in n for n in ev.notes)
    missing = {"own_goals": {"met": True, "quotes": ["how I was raised to work"], "reason": ""}}
    ev = evaluate("Why us?", answer, "motivation", research=research(KESTREL),
                  company="Kestrel Freight", llm=_Judge(missing, complete=False))  # fmt: skip
    assert ev.criterion("own_goals").met is False and ev.scorer == "rules"
    assert any("unavailable" in n for n in ev.notes)


def test_a_failing_judge_leaves_the_rules_result_with_a_note() -> None:
    from interview_coach.llm.backends import LLMError

    ev = evaluate(
        "Tell me about yourself.",
        OPENING,
        "opening",
        job_description=jd(KESTREL),
        llm=_Judge(error=LLMError("timed out")),
    )
    assert ev.scorer == "rules" and ev.criterion("present_role").met
    assert any("unavailable" in n and "timed out" in n for n in ev.notes)


def test_a_prose_job_description_gives_one_requirement_per_ask_and_skips_its_title() -> None:
    from interview_coach.criteria.jobdesc import parse

    prose = (
        "Operations Manager, Northwind Cold Chain (Leeds). You will run day-to-day operations "
        "of our new cold-chain hub: carrier scheduling, a team of 25, temperature compliance. "
        "We need someone who builds strong carrier relationships, improves processes with "
        "data, and leads people through change."
    )
    texts = [r.text for r in parse(prose, "Northwind Cold Chain")]
    assert not any("Leeds" in t for t in texts)
    assert "leads people through change" in texts and "carrier scheduling" in texts
    assert all(len(t.split()) <= 12 for t in texts)


def test_the_why_line_quotes_the_ask_that_names_the_competency() -> None:
    from interview_coach.questions import jd_phrase

    jd = (
        "You will own the depot's weekly planning, the budget, and coaching a team of twelve "
        "supervisors through a new shift pattern."
    )
    assert (
        jd_phrase(jd, ["coach"])
        == "coaching a team of twelve supervisors through a new shift pattern"
    )


def test_the_opening_probe_asks_about_a_duty_of_the_job_not_a_credential() -> None:
    job = (
        "## What you will do\n- Manage patient flow from the emergency department\n"
        "## About you\n- NMC registered with acute experience\n"
    )
    opening = (
        "I'm a staff nurse on a respiratory ward, four years now. I'm best at keeping a busy "
        "shift calm, and I led our switch to a new sepsis screening tool."
    )
    ev = evaluate("Tell me about yourself.", opening, "opening", job_description=job)
    assert "Manage patient flow" in ev.follow_up and "NMC" not in ev.follow_up


def test_the_motivation_probe_writes_a_possessive_as_people_do() -> None:
    from interview_coach.criteria.motivation import _probe

    assert "Which of Harbourside Homes' products" in _probe(["specific"], "Harbourside Homes", "")
    assert "Which of Kestrel Freight's products" in _probe(["specific"], "Kestrel Freight", "")
    assert "Which of their products" in _probe(["specific"], "", "")

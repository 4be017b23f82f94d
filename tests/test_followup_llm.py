"""Thank-you emails and answer rewrites drafted by the real local LLM, replayed from cassettes.

Recorded against llama.cpp's server (xllamacpp) on 127.0.0.1:8765 running
Qwen2.5-Coder-1.5B-Instruct (Q4_K_M). Whatever the model wrote, the email the candidate is
shown must pass every rubric check: the LLM draft if it passed, its one regeneration if that
passed, else the template with a note saying so. A rewrite is shown only when it invents no
number or name and does not set the story at the company being interviewed for; its Markdown
labels are removed. The inputs are the fixed sample session, so every request is
byte-identical on replay. To re-record, see
``cassettes/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from recorded import CASSETTES, check_cassettes, local_llm
from sample_session import PANEL, RESEARCH, finished_session

from interview_coach.followup.email import draft_emails
from interview_coach.followup.rubric import check_email, research_sentences, stories
from interview_coach.llm.guards import ME, places_at
from interview_coach.report.model import build_report
from interview_coach.star.grounding import check_grounded

CASSETTE_DIR = CASSETTES / Path(__file__).stem
SIGNATURE = "Alex Morgan"
CHECKS = [
    "subject", "greeting", "role", "company", "thanks", "specific_topic", "strength", "research",
    "own_words", "no_weakness", "distinct", "no_placeholder", "signed", "low_pressure_close",
    "length", "grounded", "send_by",
]  # fmt: skip
REPLACED = "The LLM draft failed the checks twice"
UNREACHABLE = "The LLM could not draft the email"
REGENERATED = "The first LLM draft failed the checks ("
REJECTED = (
    "The suggested rewrite added details you never gave",
    "The suggested rewrite set your story at",
    "No suggested rewrite:",
)


@pytest.mark.vcr
def test_llm_thank_you_notes_for_a_two_person_panel(tmp_path: Path, vcr) -> None:
    """The done-when of issue 14, with the model: each note is about what that person asked."""
    record = finished_session()
    _, llm = local_llm(tmp_path)
    emails = draft_emails(record, RESEARCH, llm=llm, signature_name=SIGNATURE)

    assert [e.to for e in emails] == [p.name for p in PANEL]
    facts = research_sentences(RESEARCH)
    others = {e.to: [o for o in emails if o is not e] for e in emails}
    for email in emails:
        person = next(p for p in PANEL if p.name == email.to)
        assert [c.name for c in email.checks] == CHECKS
        assert {c.name: c.detail for c in email.checks if not c.passed} == {}, email.body
        # the checks stored on the email are what the rubric says about this exact text
        again = check_email(
            email.subject, email.body, record, person, RESEARCH, signature_name=SIGNATURE,
            others=[(o.subject, o.body) for o in others[email.to]],
        )  # fmt: skip
        assert [(c.name, c.passed) for c in again] == [(c.name, c.passed) for c in email.checks]
        topic = next(c for c in email.checks if c.name == "specific_topic").detail
        asked = [s.number for s in stories(record) if s.asker == person.name]
        assert any(f"Q{n}, which they asked" in topic for n in asked), topic
        assert any(f.rstrip(".")[-30:] in email.body for f in facts)  # a fact, as a sentence
        assert email.body.rstrip().endswith(SIGNATURE) and "[your name]" not in email.body
        assert 100 <= len(email.body.split()) <= 200
        mine = {s.strip() for s in re.split(r"(?<=[.!?])\s+", email.body) if len(s.split()) > 3}
        theirs = {s.strip() for o in others[email.to] for s in re.split(r"(?<=[.!?])\s+", o.body)}
        assert len(mine & theirs) < len(mine) / 2
        # whether the model's draft was kept or replaced is never silent
        replaced = [n for n in email.notes if REPLACED in n or UNREACHABLE in n]
        if email.source == "llm":
            assert replaced == []
        else:
            assert email.source == "template" and len(replaced) == 1, email.notes
    if vcr.record_mode == "none":
        assert vcr.all_played and vcr.play_count == len(vcr)


@pytest.mark.vcr
def test_llm_rewrites_are_shown_only_when_grounded(tmp_path: Path, vcr) -> None:
    record = finished_session()
    _, llm = local_llm(tmp_path)
    report = build_report(record, llm=llm)
    weak = [q for q in report.questions if q.weak]
    assert [q.number for q in weak] == [2, 3]  # the strong first answer costs no call
    setup = record.setup
    allowed = [setup.role, setup.company, *(p.name for p in PANEL), *(p.title for p in PANEL)]
    for q in report.questions:
        if not q.weak:
            assert q.rewrite is None
            continue
        if q.rewrite:
            extra = (*allowed, q.question)
            assert check_grounded(q.rewrite, q.answer_text, extra_allowed=extra) == []
            assert q.rewrite != q.answer_text
            assert not places_at(q.rewrite, setup.company, ME)  # they never worked there
            assert "**" not in q.rewrite and "Situation:" not in q.rewrite  # plain text
        else:
            assert len(q.notes) == 1, q.notes
            assert q.notes[0].startswith(REJECTED)
    if vcr.record_mode == "none":
        assert vcr.all_played and vcr.play_count == len(vcr) == len(weak)


def test_cassettes_hold_real_calls_and_no_secrets() -> None:
    names = {
        "test_llm_thank_you_notes_for_a_two_person_panel",
        "test_llm_rewrites_are_shown_only_when_grounded",
    }
    check_cassettes(CASSETTE_DIR, names)

"""The rules-mode reply to a candidate's question: the right sentence of research, or none."""

from __future__ import annotations

from interview_coach.models import Hit
from interview_coach.phrasing import NOT_COVERED, extractive_answer


def research(text: str, title: str, file: str, score: float, company: str = "St Aldhelm's") -> Hit:
    return Hit(text=text, title=title, source=f"/data/research/{file}", company=company,
               collection="research", score=score)  # fmt: skip


NOTES = research(
    "## The ward\nThe acute medical unit has 32 beds and takes most admissions from the "
    "emergency department. The trust is moving every ward to electronic observations "
    "(e-obs) on tablets by the end of 2026. The pilot ward found that escalations to the "
    "outreach team came 40 minutes sooner on average.",
    "The ward",
    "ward-notes.md",
    0.41,
)
NEWS = research(
    "The hospital opened a new car park in 2024 with 600 spaces for staff and visitors.",
    "News",
    "news.md",
    0.22,
)


def test_the_reply_quotes_the_sentence_and_the_detail_that_follows_it() -> None:
    reply = extractive_answer("How is the move to e-obs going?", [NOTES, NEWS], "St Aldhelm's")
    assert reply.text.startswith("From my research notes (ward-notes.md): The trust is moving")
    assert "40 minutes sooner" in reply.text  # the next sentence carries the answer
    assert reply.sources and reply.sources[0]["source"].endswith("ward-notes.md")


def test_a_rare_word_from_the_question_finds_its_sentence() -> None:
    reply = extractive_answer("How many beds are on the unit?", [NEWS, NOTES], "St Aldhelm's")
    assert "32 beds" in reply.text


def test_research_that_does_not_cover_the_question_says_so() -> None:
    reply = extractive_answer("Do they sponsor work visas?", [NEWS], "St Aldhelm's")
    assert reply.text == NOT_COVERED and not reply.sources


def test_the_company_s_name_in_the_question_does_not_pick_the_sentence() -> None:
    """ "Does Larchlight have any plans for battery storage?" was answered with "Larchlight
    Energy offers: Fixed Green, a 12-month tariff...": every sentence of research is about the
    company, so its name in the question says nothing about which one answers it."""
    products = research(
        "## Products\nHollin Water offers:\n- **Smart Meter Plus**: a free meter with hourly "
        "readings.\n- **Garden Saver**: water butts for gardens.\n- **Reedbed**: filters that "
        "clean storm overflow at two sites in Cumbria.",
        "Products",
        "hollin.md",
        0.4,
        company="Hollin Water",
    )
    reply = extractive_answer(
        "Is Hollin Water doing anything about storm sewage?", [products], "Hollin Water"
    )
    assert reply.text.startswith("From my research notes (hollin.md): Reedbed: filters"), reply

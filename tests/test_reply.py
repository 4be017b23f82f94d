"""The rules-mode reply to a candidate's question: the right sentence of research, or none."""

from __future__ import annotations

from interview_coach.models import Hit
from interview_coach.phrasing import (
    CLOSEST_END,
    CLOSEST_END_TWO,
    CLOSEST_ONLY,
    NOT_COVERED,
    extractive_answer,
)


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


FERRY_FACTS = research(
    "We employ 1,650 people. Women make up 11% of our seagoing staff and 46% of our "
    "shore-based staff.",
    "People",
    "annual-performance.pdf",
    0.34,
    company="Kestrel Ferries",
)
FERRY_JOB = research(
    "The salary band is £38,000 to £44,000.",
    "The job",
    "ferry-notes.md",
    0.30,
    company="Kestrel Ferries",
)


def test_the_runner_up_sentence_is_quoted_when_nearly_as_good() -> None:
    """One small embedding put "We employ 1,650 people" just above the salary band for "What
    does the job pay?"; quoting the runner-up as well lets the candidate see the answer."""
    reply = extractive_answer("What does the job pay?", [FERRY_FACTS, FERRY_JOB], "Kestrel Ferries")
    assert "£38,000 to £44,000" in reply.text, reply.text
    assert "Also (ferry-notes.md): " in reply.text  # a second file is named where it starts
    assert {s["source"] for s in reply.sources} == {
        "/data/research/annual-performance.pdf",
        "/data/research/ferry-notes.md",
    }


def test_a_question_the_research_only_comes_near_is_not_answered_as_if_it_were() -> None:
    """ "Do they sponsor work visas?" was answered "From my research notes: We publish our gender
    and ethnicity pay gaps…": a sentence near the question is offered as the closest line,
    or nothing is quoted at all."""
    careers = research(
        "We publish our gender and ethnicity pay gaps every year, and our colleague networks "
        "(Pride at Oak, Carers' Circle and the Neurodiversity Network) each have a sponsor on "
        "the executive team.",
        "Careers",
        "careers.html",
        0.22,
        company="Brindle & Oak",
    )
    reply = extractive_answer("Do they sponsor work visas?", [careers], "Brindle & Oak")
    assert not reply.text.startswith("From my research notes"), reply.text
    if reply.text != NOT_COVERED:
        assert reply.text.startswith(CLOSEST_ONLY) and reply.text.endswith(CLOSEST_END)


def test_two_closest_lines_are_offered_as_those() -> None:
    """After two quoted lines, "If that doesn't answer it" read as if one had been given."""
    careers = research(
        "Pay is reviewed every April against the market. Everyone gets a share of the "
        "profit-linked pension top-up. The office is in Leeds.",
        "Careers",
        "careers.html",
        0.3,
        company="Brindle & Oak",
    )
    reply = extractive_answer("Is there a bonus scheme?", [careers], "Brindle & Oak")
    assert reply.text.startswith(CLOSEST_ONLY) and " Also: " in reply.text
    assert reply.text.endswith(CLOSEST_END_TWO)


def test_a_name_from_the_question_makes_its_sentence_the_answer() -> None:
    """ "What's Grow at B&O?" is far in meaning from the sentence about the learning budget,
    but the name says the sentence is about it."""
    careers = research(
        "Every colleague has a £1,000 a year personal learning budget through our Grow at B&O "
        "programme. We are a Real Living Wage employer.",
        "Careers",
        "careers.html",
        0.11,
        company="Brindle & Oak",
    )
    reply = extractive_answer("What's Grow at B&O?", [careers], "Brindle & Oak")
    assert reply.text.startswith("From my research notes (careers.html): Every"), reply.text


LARCH_JOB = research(
    "At least two years leading a customer-facing team of eight or more people, in a "
    "contact centre. Strong written and spoken communication.",
    "Requirements",
    "job-description.md",
    0.4,
    company="Larchlight Energy",
)
LARCH_NOTES = research(
    "Larchlight Energy supplies about 410,000 households and 9,000 small businesses across "
    "England, Scotland and Wales. It was founded in 2015 in Edinburgh.",
    "About",
    "research.md",
    0.3,
    company="Larchlight Energy",
)


def test_a_question_about_the_company_is_not_answered_from_the_job_description() -> None:
    """ "How many customers do they have?" was answered "At least two years leading a
    customer-facing team…": a job description answers questions about the role."""
    reply = extractive_answer(
        "How many customers do they have?", [LARCH_JOB, LARCH_NOTES], "Larchlight Energy"
    )
    assert "410,000 households" in reply.text, reply.text
    assert "job-description.md" not in reply.text.split("Also")[0], reply.text


def test_a_job_description_line_is_never_claimed_to_answer_a_question_about_the_company() -> None:
    """When no research sentence is near enough, the job description's line may still be the
    closest, but it is not presented as the answer."""
    reply = extractive_answer(
        "Tell me about their customers.", [LARCH_JOB, LARCH_NOTES], "Larchlight Energy"
    )
    assert "410,000 households" in reply.text or reply.text.startswith(CLOSEST_ONLY), reply.text


def test_a_question_about_the_role_is_still_answered_from_the_job_description() -> None:
    reply = extractive_answer(
        "What experience are they looking for?", [LARCH_NOTES, LARCH_JOB], "Larchlight Energy"
    )
    assert "two years leading a customer-facing team" in reply.text.split("Also")[0], reply.text


def test_the_sentence_naming_what_the_question_names_answers_it() -> None:
    """ "What is the Orchard?" was answered "the research doesn't cover that": a sentence far
    from it in meaning ranked first, and the one naming it came second."""
    notes = research(
        "The big five hearing-aid makers all sell through audiologists. Anders was quoted in "
        "the FT saying it grows the market.",
        "Competitors",
        "notes.md",
        0.3,
        company="Halcyra Hearing",
    )
    blog = research(
        "Every release goes out in four stages. We built a hardware-in-the-loop rig of 48 real "
        "devices, nicknamed the Orchard, that runs every release candidate through drained "
        "batteries and dropped connections overnight.",
        "What we changed",
        "blog.html",
        0.2,
        company="Halcyra Hearing",
    )
    reply = extractive_answer("What is the Orchard?", [notes, blog], "Halcyra Hearing")
    assert reply.text.startswith("From my research notes (blog.html): We built"), reply.text


def test_a_table_row_is_quoted_with_its_column_headings_not_pipes() -> None:
    """A saved careers page's table came back as "| Café Supervisor | Green Room Café | 30 hrs,
    includes weekends | …": a row is quoted as one sentence, each cell after its heading."""
    page = research(
        "Current vacancies:\n\n| Role | Hours | Salary |\n|---|---|---|\n"
        "| Café Supervisor | 30 hrs, includes weekends | £12.60 per hour |\n"
        "| Box Office Assistant | 16 hrs, evenings | £11.90 per hour |",
        "Vacancies",
        "careers.html",
        0.3,
        company="Lanternwick Theatre",
    )
    reply = extractive_answer(
        "How much does the box office assistant job pay?", [page], "Lanternwick Theatre"
    )
    assert "Role: Box Office Assistant; Hours: 16 hrs, evenings; Salary: £11.90 per hour." in (
        reply.text
    ), reply.text
    assert "|" not in reply.text


def test_a_sentence_that_introduces_a_list_is_quoted_with_its_first_items() -> None:
    """ "Clinibell Health sells five connected products:" was quoted alone, which answers
    nothing; the list's first items come with it."""
    products = research(
        "Clinibell Health sells five connected products:\n"
        "- Clinibell Book: online self-booking for patients.\n"
        "- Clinibell Desk: the front-desk calendar for reception teams.\n"
        "- Clinibell Pay: card payments at the desk.",
        "Products",
        "research.md",
        0.3,
        company="Clinibell Health",
    )
    reply = extractive_answer("What do they sell?", [products], "Clinibell Health")
    assert "five connected products: Clinibell Book: online self-booking" in reply.text
    assert "Clinibell Desk: the front-desk calendar" in reply.text, reply.text

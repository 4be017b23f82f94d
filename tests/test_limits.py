"""Limits on everything a request can make the server do (issue 12, breaks 5-8).

Reproduced breaks: 100,000 interviewer lines were accepted and stored twice in one row; a
70 KB PDF (300 pages sharing one 3 MB content stream) kept the server busy for minutes; a
CR in an interviewer's name put a ``Bcc:`` header into the .eml; U+202E was kept in names;
``role=123`` through the API ended in "Something went wrong (AttributeError…)".
"""

from __future__ import annotations

import io
import json
import sqlite3
import time

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from interview_coach.config import Settings
from interview_coach.errors import InputError
from interview_coach.followup.email import Email, to_eml
from interview_coach.knowledge import pdf
from interview_coach.knowledge.documents import DocumentError, load_bytes
from interview_coach.models import PanelMember, SessionSetup
from interview_coach.session import Coach
from interview_coach.web import services as svc

JD = "Own services in production and lead postmortems. " * 380  # about 19,000 characters


def heavy_pdf(pages: int, stream_mb: int) -> bytes:
    """Every page draws the same flate-compressed content stream: tiny file, huge text."""
    w = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    line = b"BT /F1 9 Tf 20 700 Td (Quaylift robots carry totes all day long) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(line * (stream_mb * 2**20 // len(line)))
    ref = w._add_object(stream.flate_encode())
    fonts = DictionaryObject({NameObject("/F1"): w._add_object(font)})
    resources = DictionaryObject({NameObject("/Font"): fonts})
    for _ in range(pages):
        page = w.add_blank_page(612, 792)
        page[NameObject("/Contents")] = ref
        page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_a_small_pdf_that_unpacks_to_gigabytes_is_refused_at_once() -> None:
    data = heavy_pdf(300, 3)
    assert len(data) < 100_000
    start = time.monotonic()
    with pytest.raises(DocumentError, match="drawing instructions"):
        load_bytes(data, "brochure.pdf")
    assert time.monotonic() - start < 10


def test_pdf_extraction_has_a_time_limit_and_a_text_budget() -> None:
    data = heavy_pdf(3, 1)  # within the content budget, but slow and long to read
    with pytest.raises(pdf.PdfError, match="took over 0.5 s"):
        pdf.extract(data, seconds=0.5)
    with pytest.raises(pdf.PdfError, match="over 1,000 characters"):
        pdf.extract(data, max_chars=1000, seconds=60)


def test_interviewer_lists_are_bounded_before_parsing() -> None:
    box = "\n".join(f"Person {i}, Title {i}" for i in range(100_000))
    start = time.monotonic()
    with pytest.raises(InputError, match="at most 8 interviewers"):
        svc.build_setup("Engineer", "Acme", "", box, 3)
    assert time.monotonic() - start < 2
    long_title = svc.build_setup("Engineer", "Acme", "", "Ann, " + "Chief " * 30, 3)
    with pytest.raises(InputError, match="title of Ann is 179 characters"):
        Coach(Settings(llm_backend="none")).start(long_title)


@pytest.mark.parametrize("field", ["role", "company", "job_description", "interviewers"])
def test_wrong_types_from_the_api_get_a_clear_message(field: str) -> None:
    values = {"role": "Engineer", "company": "Acme", "job_description": "", "interviewers": ""}
    values[field] = 123
    with pytest.raises(InputError, match="must be text \\(got int\\)"):
        svc.build_setup(num_questions=3, **values)


def test_names_lose_control_and_direction_characters(settings: Settings) -> None:
    setup = SessionSetup(
        role="Engineer\u202e",
        company="Acme\r\nBcc: x@example.com",
        interviewers=[PanelMember("Priya\r\nBcc: evil@example.com", "Dir\u202eector")],
        num_questions=1,
    )
    coach = Coach(settings)
    record = coach.get(coach.start(setup).session_id)
    person = record.setup.interviewers[0]
    assert person.name == "Priya Bcc: evil@example.com" and person.title == "Director"
    assert record.setup.role == "Engineer" and "\r" not in record.setup.company


def test_eml_headers_cannot_be_injected() -> None:
    email = Email("Priya\rBcc: evil@example.com", "Thanks\r\nBcc: evil@example.com", "Hi.", "")
    eml = to_eml(email).decode()
    headers = eml.split("\n\n", 1)[0]
    assert not [line for line in headers.splitlines() if line.lower().startswith("bcc")]


def test_the_setup_is_stored_once(settings: Settings) -> None:
    setup = SessionSetup(role="Engineer", company="Acme", job_description=JD, num_questions=2)
    Coach(settings).start(setup)
    con = sqlite3.connect(settings.data_dir / "sessions.db")
    query = "select setup, engine from practice_sessions"
    setup_json, engine_json = con.execute(query).fetchone()
    con.close()
    assert "lead postmortems" in setup_json and "lead postmortems" not in engine_json
    assert len(json.loads(engine_json)["machine"]["setup"]) == 0

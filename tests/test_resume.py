"""Résumé upload: clear errors for empty, scanned and oversized files; stories found and matched."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from interview_coach.knowledge.resume import (
    MAX_RESUME_BYTES,
    ResumeError,
    check_resume_text,
    practised,
    read_resume,
    stories,
)

RESUME = """Dana Whitfield
Senior Product Manager

Experience
Tallybook (2021-2026)
- Led the billing migration at Tallybook, moving 40,000 customers with no downtime
- Reduced failed payments by 30% by redesigning the retry schedule with finance
- Responsible for the roadmap

Orchard Health (2017-2021)
- Launched appointment reminders by text, cutting no-shows from 14% to 9%
"""


def _pdf(text: str | None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, text)
    else:  # a scanned page: only a drawing, no text layer
        pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def test_text_and_pdf_resumes_are_read() -> None:
    assert "billing migration" in read_resume(RESUME.encode(), "cv.txt")
    assert "Tallybook" in read_resume(_pdf("Led the billing migration at Tallybook."), "cv.pdf")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "cv.txt", "empty"),
        (b"   \n\n ", "cv.txt", "empty"),
        (_pdf(None), "scan.pdf", "no extractable text"),
        (b"x" * (MAX_RESUME_BYTES + 1), "cv.txt", "at most 2 MB"),
        (b"\x89PNG\r\n", "cv.png", "must be one of"),
        (b"PK\x03\x04garbage", "cv.docx", "damaged"),
    ],
)
def test_unusable_resumes_get_one_clear_line(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ResumeError) as err:
        read_resume(data, name)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_pasted_resume_checks() -> None:
    with pytest.raises(ResumeError, match="empty"):
        check_resume_text("  \n ")
    with pytest.raises(ResumeError, match="limit"):
        check_resume_text("word " * 10_000)


def test_stories_are_the_lines_saying_what_the_candidate_did() -> None:
    found = [s.text for s in stories(RESUME)]
    assert found == [
        "Led the billing migration at Tallybook, moving 40,000 customers with no downtime",
        "Reduced failed payments by 30% by redesigning the retry schedule with finance",
        "Launched appointment reminders by text, cutting no-shows from 14% to 9%",
    ]


def test_practised_stories_are_matched_by_their_words() -> None:
    answer = (
        "At Tallybook I owned the billing migration. We had 40,000 customers to move and "
        "I planned the cut-over so there was no downtime."
    )
    marks = {s.text[:12]: done for s, done in practised(stories(RESUME), [answer])}
    assert marks == {"Led the bill": True, "Reduced fail": False, "Launched app": False}


def test_uploaded_resume_files_are_read_or_refused_in_one_line(tmp_path) -> None:  # noqa: ANN001
    import io
    import zipfile

    from interview_coach.web.services import read_resume_upload

    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:pPr><w:numPr/></w:pPr><w:r><w:t>Reduced failed payments by 30% "
        "with a new retry schedule</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    docx = tmp_path / "cv.docx"
    docx.write_bytes(buf.getvalue())
    text, summary = read_resume_upload(str(docx))
    assert text == "- Reduced failed payments by 30% with a new retry schedule"
    assert summary.startswith("cv.docx: read 10 words; 1 story found")
    big = tmp_path / "huge.pdf"
    with big.open("wb") as f:
        f.truncate(MAX_RESUME_BYTES + 10)
    with pytest.raises(ResumeError, match="at most 2 MB"):
        read_resume_upload(str(big))

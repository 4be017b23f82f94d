"""Page cleaning: HTML boilerplate goes, content and headings stay; PDFs reflow into sections."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

from interview_coach.knowledge.documents import docx_text, load_bytes
from interview_coach.knowledge.layout import reflow_pdf

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "retrieval" / "dev"

MESSY = """<html><head><title>Team | Fenwick Rail</title><script>track()</script></head><body>
<div class="cookie-notice">We use cookies to improve your experience. Accept all cookies or
manage your cookie preferences in settings.</div>
<div class="menu"><a href="/">Home</a> <a href="/routes">Routes</a> <a href="/jobs">Jobs</a></div>
<div class="content"><h1>Working at Fenwick Rail</h1>
<h2>Our depots</h2><p>Fenwick Rail maintains 212 trains at depots in Carlisle and Hexham, and the
Hexham depot is being rebuilt to service battery trains from 2027 onwards.</p>
<h2>Apprenticeships</h2><p>Every year we take on thirty engineering apprentices, who spend four
years rotating between the depots, the control room and the fleet planning team.</p></div>
<div class="sidebar"><h3>Latest fares</h3><p>Off-peak day return from £12.40.</p></div>
<div id="footer">© 2026 Fenwick Rail Ltd. Privacy · Cookies · Accessibility · Modern slavery</div>
</body></html>"""


def test_html_boilerplate_is_removed_and_headings_kept() -> None:
    doc = load_bytes(MESSY.encode(), "fenwick.html")
    text = doc.text.casefold()
    assert "212 trains" in text and "thirty engineering apprentices" in text
    assert "## our depots" in text and "## apprenticeships" in text
    for junk in ("cookie", "off-peak", "modern slavery", "routes", "track()"):
        assert junk not in text, junk
    assert doc.title == "Team | Fenwick Rail"


def test_a_page_with_too_little_main_text_keeps_all_its_visible_text() -> None:
    doc = load_bytes(
        b"<html><body><div>Tiny page: founded in 1999 in Leeds.</div></body></html>", "tiny.html"
    )
    assert "founded in 1999" in doc.text


def test_benchmark_careers_page_loses_banner_menu_sidebar_and_footer() -> None:
    path = BENCH / "brindle-oak" / "brindle-oak-careers.html"
    text = load_bytes(path.read_bytes(), path.name).text
    assert "12% of your salary" in text and "final values conversation" in text
    for junk in (
        "We value your privacy",
        "Find a branch",
        "Easy Access 4.10%",
        "Registered office",
    ):
        assert junk not in text, junk


def _pdf(pages: list[list[str]]) -> bytes:
    pdf = FPDF()
    for page in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", "I", 8)
        pdf.cell(0, 6, "Harbourside Report 2026", new_x="LMARGIN", new_y="NEXT")
        for line in page:
            bold = not line.endswith(".")
            pdf.set_font("Helvetica", "B" if bold else "", 13 if bold else 10)
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.cell(0, 8, f"Page {pdf.page_no()}", align="C")
    return bytes(pdf.output())


def test_pdf_reflow_joins_wrapped_lines_finds_headings_and_drops_page_furniture() -> None:
    long = (
        "The harbour handled 4.2 million tonnes of cargo, its best year since the new "
        "container berth opened, and it plans to electrify all cranes by 2028."
    )
    data = _pdf([["Cargo volumes", long], ["Our people", "We employ 310 people at two sites."]])
    doc = load_bytes(data, "harbour.pdf")
    assert "## Cargo volumes" in doc.text and "## Our people" in doc.text
    assert long in doc.text  # one paragraph again, whatever the wrapping
    assert "Page 1" not in doc.text and doc.text.count("Harbourside Report 2026") <= 1


def test_reflow_keeps_list_items_apart() -> None:
    text = reflow_pdf(["Benefits\n- Private health cover for you and\nyour family.\n- A pension."])
    assert "- Private health cover for you and your family.\n\n- A pension." in text


def test_docx_text_and_headings() -> None:
    import zipfile

    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Experience'
        "</w:t></w:r></w:p><w:p><w:r><w:t>Led the billing migration at Tallybook, </w:t></w:r>"
        "<w:r><w:t>moving 40,000 customers.</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", body)
    title, text = docx_text("cv.docx", buf.getvalue())
    assert title == "Experience"
    assert (
        text == "# Experience\n\nLed the billing migration at Tallybook, moving 40,000 customers."
    )

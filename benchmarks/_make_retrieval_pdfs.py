"""Render the retrieval benchmark's PDF research files from their Markdown sources.

The benchmark must read PDFs the way a user's upload arrives: text laid out by a PDF
writer, wrapped at the page width, with a running header and page numbers, and no
Markdown left in it. fpdf2 writes them; the generated files are committed so the
benchmark and its test read exactly the same bytes (fpdf2's output is deterministic
once the creation date is fixed).

    .venv/bin/python benchmarks/_make_retrieval_pdfs.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

DATA = Path(__file__).resolve().parent / "data" / "retrieval"
SOURCES = DATA / "pdf-sources"
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: fpdf2's core fonts are Latin-1: typographic punctuation is written the way a plain PDF
#: export writes it.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


class _Report(FPDF):
    def __init__(self, running_title: str) -> None:
        super().__init__(format="A4")
        self.running_title = running_title

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 6, self.running_title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")


def render(source: Path, target: Path) -> None:
    lines = source.read_text(encoding="utf-8").translate(_LATIN1).splitlines()
    title = next(line[2:] for line in lines if line.startswith("# "))
    pdf = _Report(title)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    for line in lines:
        if line.startswith("# "):
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(0, 9, line[2:], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif line.startswith("## "):
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12.5)
            pdf.multi_cell(0, 7, line[3:], new_x="LMARGIN", new_y="NEXT")
        elif line.strip():
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.4, line.strip(), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(target))


def main() -> None:
    for source in sorted(SOURCES.rglob("*.md")):
        target = DATA / source.relative_to(SOURCES).with_suffix(".pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        render(source, target)
        print(f"{target.relative_to(DATA)}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

"""The report as a printable PDF (fpdf2), from the same lines the HTML and Markdown use.

DejaVu Sans comes from matplotlib's own data folder so any text the user typed prints
correctly; without it the core latin-1 font is used and typographic characters are mapped.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from .charts import charts
from .render import (
    TYPE_TITLES,
    delivery_lines,
    facts_line,
    opener_lines,
    resume_lines,
    scores_line,
    subtitle,
    trend_intro,
)

if TYPE_CHECKING:
    from .model import Report

# Text colours for evidence in the PDF (fpdf2 cannot shade behind wrapped text).
PDF_COLOURS = {
    "situation": (29, 78, 216),
    "task": (180, 83, 9),
    "action": (21, 128, 61),
    "result": (190, 24, 93),
}
LATIN1 = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u00b7": "|",
    }
)


def _pdf_font(pdf) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    """DejaVu Sans from matplotlib's data folder for full Unicode, else a latin-1 core font."""
    try:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        pdf.add_font("DejaVu", "", str(folder / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(folder / "DejaVuSans-Bold.ttf"))
        return "DejaVu", True
    except (ImportError, OSError, RuntimeError):
        return "helvetica", False


def to_pdf(report: Report, path: str | Path, images: dict[str, bytes] | None = None) -> Path:
    """A printable report: the charts as images plus the key text of every section."""
    from fpdf import FPDF

    if images is None:
        images = charts(report)
    pdf = FPDF(format="A4")
    font, unicode_ok = _pdf_font(pdf)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(f"Interview feedback: {report.role} at {report.company}")
    pdf.add_page()

    def clean(text: str) -> str:
        text = str(text)
        return (
            text
            if unicode_ok
            else text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")
        )

    def line(text: str, size: float = 10, bold: bool = False, gap: float = 1) -> None:
        pdf.set_font(font, "B" if bold else "", size)
        # Left-aligned: fpdf2 justifies by default, which spreads a short title with wide gaps.
        pdf.multi_cell(0, size * 0.5, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def bullets(items: list[str]) -> None:
        for item in items:
            line(f"\u2022 {item}" if unicode_ok else f"- {item}")

    def image(name: str) -> None:
        if images.get(name):
            pdf.image(io.BytesIO(images[name]), w=170)
            pdf.ln(2)

    line(f"Interview feedback: {report.role} at {report.company}", 16, True, 2)
    line(
        subtitle(report),
        9,
        gap=3,
    )
    for note in report.notes:
        line(note, 9)
    for s in report.openers:
        line(TYPE_TITLES[s.question_type], 13, True)
        line(s.question, 10)
        for heading, items in opener_lines(s):
            line(heading, 10, True)
            bullets(items)
    line("Scores at a glance", 13, True)
    for q in report.questions:
        line(f"Q{q.number}: {scores_line(q)}")
    image("scores")
    line("Strengths", 13, True)
    bullets(report.strengths or ["(none yet)"])
    line("Top three things to practise", 13, True)
    bullets([f"{i}. {p}" for i, p in enumerate(report.practise, 1)])
    if report.resume_stories:
        line("Stories from your résumé", 13, True)
        bullets(resume_lines(report))
    line("Delivery", 13, True)
    bullets(delivery_lines(report))
    image("pace")
    line("Progress across sessions", 13, True)
    line(trend_intro(report))
    image("trend")
    bullets(["Recurring weak spot: " + r for r in report.recurring])
    line("Question by question", 13, True, 2)
    for q in report.questions:
        line(f"Q{q.number}. {q.question}", 11, True)
        line(scores_line(q), 10, True)
        for part in q.parts:
            if part.kind == "probe":
                line(f"Follow-up question: {part.text}", 9)
                continue
            pos = 0
            pdf.set_font(font, "", 10)
            for start, end, comp in part.marks:
                pdf.write(5, clean(part.text[pos:start]))
                pdf.set_text_color(*PDF_COLOURS[comp])
                pdf.set_font(font, "B", 10)
                pdf.write(5, clean(f"{part.text[start:end]} [{comp[0].upper()}]"))
                pdf.set_text_color(0, 0, 0)
                pdf.set_font(font, "", 10)
                pos = end
            pdf.write(5, clean(part.text[pos:]))
            pdf.ln(7)
        bullets([facts_line(q)] + [f"Tip: {t}" for t in q.tips])
        if q.details_to_add:
            line("Details to add (only you know them):", 10, True)
            bullets(q.details_to_add)
        if q.skeleton:
            line("Skeleton from your own words:", 10, True)
            bullets([f"{k.capitalize()}: {v}" for k, v in q.skeleton.items()])
        if q.rewrite:
            line("Suggested rewrite (check every detail is true):", 10, True)
            line(q.rewrite)
        bullets(q.notes)
        pdf.ln(3)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path

"""The report as a printable PDF: the web page's own template, drawn by fpdf2's write_html.

DejaVu Sans comes from matplotlib's own data folder so any text the user typed prints
correctly; without it the core latin-1 font is used and typographic characters are mapped.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .charts import charts
from .render import page

if TYPE_CHECKING:
    from .model import Report

# Text colours for evidence in the PDF (fpdf2 cannot shade behind wrapped text).
PDF_COLOURS = {
    "situation": "#1d4ed8",
    "task": "#b45309",
    "action": "#15803d",
    "result": "#be185d",
}
IMAGE_WIDTH = 460  # px in fpdf2's HTML: a chart across most of an A4 page's text width
SLATE, MUTED = (51, 65, 85), (100, 116, 139)


def _styles() -> dict:
    """fpdf2's default headings are large and dark red; these follow the web page's look."""
    from fpdf.fonts import TextStyle

    sizes = {"h1": 18, "h2": 13, "h3": 11, "h4": 10}
    styles = {
        tag: TextStyle(
            font_style="B", font_size_pt=size, color=SLATE, t_margin=4 if tag < "h3" else 3
        )
        for tag, size in sizes.items()
    }
    styles["blockquote"] = TextStyle(color=(31, 41, 55), l_margin=4, t_margin=2, b_margin=2)
    return styles


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
        pdf.add_font("DejaVu", "I", str(folder / "DejaVuSans-Oblique.ttf"))
        pdf.add_font("DejaVu", "BI", str(folder / "DejaVuSans-BoldOblique.ttf"))
        return "DejaVu", True
    except (ImportError, OSError, RuntimeError):
        return "helvetica", False


def to_pdf(report: Report, path: str | Path, images: dict[str, bytes] | None = None) -> Path:
    """A printable report: the web page's template drawn by fpdf2's HTML renderer."""
    from fpdf import FPDF

    if images is None:
        images = charts(report)
    pdf = FPDF(format="A4")
    font, unicode_ok = _pdf_font(pdf)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(f"Interview feedback: {report.role} at {report.company}")
    pdf.add_page()
    markup = page(report, images, pdf=True, colours=PDF_COLOURS, pdf_image_width=IMAGE_WIDTH)
    if not unicode_ok:  # the core fonts are latin-1: map typographic characters, drop the rest
        markup = markup.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")
    pdf.write_html(
        markup,
        font_family=font,
        tag_styles=_styles(),
        li_prefix_color=(71, 85, 105),
        warn_on_tags_not_matching=False,
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path

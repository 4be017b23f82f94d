"""The drawn outputs: the report's two charts as PNG bytes, and the report as a PDF.

matplotlib is imported only when a chart is drawn (it costs about a second), and figures
are drawn on their own Agg canvas rather than through pyplot, so no global state is shared
between the web app's worker threads and no display is ever needed. The PDF (fpdf2) embeds
DejaVu Sans from matplotlib's own data folder so any text the user typed prints correctly.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Report

COMPONENTS = ("situation", "task", "action", "result")
# The same hues as the highlight marks in the HTML report, a shade darker to read as bars.
COLOURS = {"situation": "#3b82f6", "task": "#d97706", "action": "#16a34a", "result": "#db2777"}


def _figure(width: float = 6.4, height: float = 2.9):  # -> (Figure, Axes)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_ylim(0, 2.15)
    ax.set_yticks([0, 1, 2])
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def _png(fig) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def scores_chart(report: Report) -> bytes:
    """Grouped bars: one group per question, one bar per STAR part (0, 1 or 2)."""
    fig, ax = _figure()
    n = len(report.questions)
    width = 0.8 / len(COMPONENTS)
    for i, comp in enumerate(COMPONENTS):
        xs = [q + (i - 1.5) * width for q in range(n)]
        # A zero score still gets a sliver so the reader sees it was scored, not missing.
        ys = [max(q.scores[comp], 0.04) for q in report.questions]
        ax.bar(xs, ys, width=width * 0.92, color=COLOURS[comp], label=comp.capitalize())
    ax.set_xticks(range(n), [f"Q{q.number}" for q in report.questions])
    ax.set_ylabel("score (0\u20132)")
    ax.set_title("STAR scores per question", fontsize=11, loc="left")
    ax.legend(ncols=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    return _png(fig)


def trend_chart(report: Report) -> bytes | None:
    """One line per STAR part across sessions; None until there are two sessions to compare."""
    if len(report.trend) < 2:
        return None
    fig, ax = _figure()
    xs = list(range(len(report.trend)))
    for comp in COMPONENTS:
        ax.plot(
            xs,
            [row[comp] for row in report.trend],
            marker="o",
            color=COLOURS[comp],
            label=comp.capitalize(),
            linewidth=1.8,
        )
    labels = [row["date"] + ("\n(this)" if row["current"] else "") for row in report.trend]
    ax.set_xticks(xs, labels, fontsize=8)
    ax.set_ylabel("average (0\u20132)")
    ax.set_title("Average STAR score per session", fontsize=11, loc="left")
    ax.legend(ncols=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    return _png(fig)


def charts(report: Report) -> dict[str, bytes]:
    """Every chart that has something to show, by name."""
    out = {"scores": scores_chart(report)}
    if (trend := trend_chart(report)) is not None:
        out["trend"] = trend
    return out


def write_charts(report: Report, folder: str | Path) -> dict[str, Path]:
    """PNG files ``<folder>/scores.png`` (and ``trend.png``) for people who want the images."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, png in charts(report).items():
        paths[name] = folder / f"{name}.png"
        paths[name].write_bytes(png)
    return paths


# --- PDF ---------------------------------------------------------------------------------

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

    from .render import delivery_lines, facts_line, scores_line, trend_intro

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
        pdf.multi_cell(0, size * 0.5, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def bullets(items: list[str]) -> None:
        for item in items:
            line(f"\u2022 {item}" if unicode_ok else f"- {item}")

    def image(name: str) -> None:
        if images.get(name):
            pdf.image(io.BytesIO(images[name]), w=170)
            pdf.ln(2)

    names = ", ".join(i["name"] for i in report.interviewers) or "no interviewer named"
    line(f"Interview feedback: {report.role} at {report.company}", 16, True, 2)
    line(
        f"{report.date} · session {report.session_id} · {len(report.questions)} questions "
        f"answered · with {names}",
        9,
        gap=3,
    )
    for note in report.notes:
        line(note, 9)
    line("Scores at a glance", 13, True)
    for q in report.questions:
        line(f"Q{q.number}: {scores_line(q)}")
    image("scores")
    line("Strengths", 13, True)
    bullets(report.strengths or ["(none yet)"])
    line("Top three things to practise", 13, True)
    bullets([f"{i}. {p}" for i, p in enumerate(report.practise, 1)])
    line("Delivery", 13, True)
    bullets(delivery_lines(report))
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

"""The report's two charts as PNG bytes.

matplotlib is imported only when a chart is drawn (it costs about a second), and figures
are drawn on their own Agg canvas rather than through pyplot, so no global state is shared
between the web app's worker threads and no display is ever needed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import COMPONENTS

if TYPE_CHECKING:
    from .model import Report

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
    labels = [row["label"] + ("\n(this)" if row["current"] else "") for row in report.trend]
    ax.set_xticks(xs, labels, fontsize=8)
    ax.set_ylabel("average (0\u20132)")
    ax.set_title("Average STAR score per session", fontsize=11, loc="left")
    ax.legend(ncols=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    return _png(fig)


def pace_chart(report: Report) -> bytes | None:
    """Measured words per minute per recorded answer against the guide band, with long pauses.

    None when no answer was recorded: a typed answer has no pace to draw.
    """
    spoken = [q for q in report.questions if q.words_per_minute]
    if not spoken:
        return None
    low, high = report.delivery["pace_guide"]
    fig, ax = _figure()
    top = max(200, *(q.words_per_minute + 25 for q in spoken))  # type: ignore[operator]
    ax.set_ylim(0, top)
    ax.set_yticks(range(0, top + 1, 50))
    ax.axhspan(low, high, color="#16a34a", alpha=0.12, label=f"guide {low}\u2013{high}")
    xs = list(range(len(spoken)))
    wpm = [q.words_per_minute or 0 for q in spoken]
    colours = ["#16a34a" if low <= w <= high else "#d97706" for w in wpm]
    ax.bar(xs, wpm, width=0.55, color=colours)
    for x, q in zip(xs, spoken, strict=True):
        pauses = len(q.pauses)
        note = f"{q.words_per_minute}\n{pauses} long pause{'s' if pauses != 1 else ''}"
        ax.annotate(note, (x, q.words_per_minute or 0), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 3), textcoords="offset points")  # fmt: skip
    ax.set_xticks(xs, [f"Q{q.number}" for q in spoken])
    ax.set_ylabel("words per minute")
    ax.set_title("Speaking pace per recorded answer", fontsize=11, loc="left")
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    return _png(fig)


def charts(report: Report) -> dict[str, bytes]:
    """Every chart that has something to show, by name."""
    out = {"scores": scores_chart(report)}
    if (pace := pace_chart(report)) is not None:
        out["pace"] = pace
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

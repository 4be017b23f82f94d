"""Rendering a :class:`report.Report` as Markdown, self-contained HTML and JSON.

The formats show the same facts in the same order; only the markup differs. The web page and
the PDF (:mod:`.pdf`) come from one Jinja2 template, ``templates/report.html.j2``. Answers are
the user's own text and may contain anything (``<script>`` included), so every format
escapes them before adding its own highlight markup around the evidence spans.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from typing import Any

from ..models import SessionRecord
from .model import COMPONENTS, LABELS, Part, QuestionReport, Report, aware
from .types import TITLES as TYPE_TITLES
from .types import TypedSection

# --- plain-text pieces shared by every format --------------------------------------------


def duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def scores_line(q: QuestionReport) -> str:
    return " · ".join(f"{LABELS[c]} {q.scores[c]}/2" for c in COMPONENTS)


def facts_line(q: QuestionReport) -> str:
    owner = {
        "i": "mostly \u201cI\u201d",
        "we": "mostly \u201cwe\u201d",
        "mixed": "\u201cI\u201d and \u201cwe\u201d",
    }
    return (
        f"Result with numbers: {'yes' if q.quantified_result else 'no'} · "
        f"ownership: {owner.get(q.ownership, q.ownership)} · {q.word_count} words · "
        f"about {duration(q.speaking_seconds)} · fillers: {q.fillers['count']} "
        f"({q.fillers['per_100_words']:.1f} per 100 words)"
        + (" · a plan or a habit, not a real event" if q.hypothetical else "")
    )


OWNER = {"i": "I", "we": "we", "mixed": "mixed"}


def delivery_lines(report: Report) -> list[str]:
    d = report.delivery
    if not d.get("answers"):
        return ["No behavioural answers yet."]
    low_w, high_w = d["length_guide"]
    words = d["average_words"]
    size = "short" if words < low_w else ("long" if words > high_w else "in range")
    lines = [
        f"Average answer: {words} words, about {duration(d['average_seconds'])} "
        f"(guide: 1.5\u20133 minutes, roughly {low_w}\u2013{high_w} words) \u2013 {size}",
        f"Fillers: {d['fillers_per_100_words']:.1f} per 100 words (guide: under "
        f"~{d['filler_guide']:.0f}) \u2013 {'fine' if d['fillers_ok'] else 'worth cutting'}",
    ]
    if d["pace_wpm"] is not None:
        low, high = d["pace_guide"]
        verdict = "in range" if d["pace_ok"] else ("slow" if d["pace_wpm"] < low else "fast")
        n = d["spoken_answers"]
        lines.append(
            f"Pace: {d['pace_wpm']} words per minute, measured from {n} recorded "
            f"answer{'s' if n > 1 else ''} (guide: {low}\u2013{high}) \u2013 {verdict}; "
            f"long pauses: {d['long_pauses']}"
        )
    else:
        lines.append("Pace: not measured (answers were typed; record one to see your pace)")
    for q in report.questions:
        if q.delivery_line:
            lines.append(f"Q{q.number}: {q.delivery_line}")
    return lines


CRITERION_NAMES = {
    "present_role": "where you are now",
    "strengths_match_job": "strengths the job asks for",
    "quantified_achievement": "a number for what you achieved",
    "why_now": "why this move, why now",
    "length_60_120s": "one to two minutes",
    "not_life_story": "starts from today, not school",
    "not_resume_readout": "not the CV read out",
    "linked_to_role": "linked to this role",
    "research_fact": "a fact from your research",
    "specific": "something specific about them",
    "own_goals": "tied to your own goals",
    "no_generic_praise": "no generic praise",
    "role_match": "the job's duties matched to your experience",
}


def opener_lines(s: TypedSection) -> list[tuple[str, list[str]]]:
    """(heading, items) blocks for one opening or motivation answer, shared by both formats."""
    blocks: list[tuple[str, list[str]]] = []
    if s.question_type == "opening":
        if s.statement:
            blocks.append(
                ("Your value proposition, as you said it", [f"\u201c{s.statement}\u201d"])
            )
        covered = set(s.strengths_claimed) | set(s.requirements_covered)
        also = [a for a in s.strengths_asked if a not in covered][:4]
        blocks.append(
            (
                "Strengths you claimed that the job asks for",
                s.strengths_claimed or ["none matched to the job description"],
            )
        )
        if also:
            blocks.append(("The job also asks for", also))
    else:
        if s.statement:
            blocks.append(("Your reason", [f"\u201c{s.statement}\u201d"]))
        blocks.append(("Facts from your research", [
            f"\u201c{f['text']}\u201d \u2013 {f['source']}: \u201c{f['quote']}\u201d"
            for f in s.facts_used] or ["none"]))  # fmt: skip
        if s.not_in_research:
            blocks.append(
                (
                    "Not in your research (check them)",
                    [f"\u201c{t}\u201d" for t in s.not_in_research],
                )
            )
    met = ", ".join(CRITERION_NAMES.get(m, m) for m in s.met) or "none"
    blocks.append(("Criteria met", [met]))
    if s.missing:
        blocks.append(
            (
                "To work on",
                [f"{CRITERION_NAMES.get(m['name'], m['name'])}: {m['tip']}" for m in s.missing],
            )
        )
    if s.to_add:
        blocks.append(("What you could add", [f"{a['text']} ({a['source']})" for a in s.to_add]))
    if s.follow_up:
        blocks.append(("Follow-up to prepare for", [s.follow_up]))
    return blocks


def trend_intro(report: Report) -> str:
    if len(report.trend) < 2:
        return "This is your first scored session: a trend appears after the next one."
    return f"Average score per STAR part (out of 2) over your last {len(report.trend)} sessions."


# --- Markdown, JSON, transcripts ------------------------------------------------------------


def _md(text: str) -> str:
    """Backslash-escape Markdown and HTML syntax so an answer renders as the words it is."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text).replace("\n", " ")


def _md_marked(part: Part) -> str:
    out, pos = [], 0
    for start, end, comp in part.marks:
        out.append(_md(part.text[pos:start]) + f"**{_md(part.text[start:end].strip())}** ")
        out.append(f"\\[{comp[0].upper()}\\]")
        pos = end
    return "".join(out) + _md(part.text[pos:])


def resume_lines(report: Report) -> list[str]:
    """One line per résumé story: practised in this session, or still to practise."""
    return [
        ("Practised: " if story["practised"] else "Not practised yet: ") + story["text"]
        for story in report.resume_stories
    ]


def subtitle(report: Report) -> str:
    """The line under the title, in every format: when, how much, with whom; no internal ids."""
    from datetime import date

    try:
        when = date.fromisoformat(report.date[:10]).strftime("%a %-d %b %Y")
    except ValueError:
        when = report.date
    n = len(report.questions) + len(report.openers)
    names = ", ".join(i["name"] for i in report.interviewers) or "no interviewer named"
    return f"{when} · {n} question{'s' if n != 1 else ''} answered · with {names}"


def to_markdown(report: Report) -> str:
    md = [
        f"# Interview feedback: {_md(report.role)} at {_md(report.company)}",
        "",
        _md(subtitle(report)),
        "",
    ]
    md += [f"> {_md(n)}" for n in report.notes] + ([""] if report.notes else [])
    for s in report.openers:
        md += [f"## {TYPE_TITLES[s.question_type]}", "", f"*{_md(s.question)}*", ""]
        for heading, items in opener_lines(s):
            md += [f"**{heading}:**", ""] + [f"- {_md(i)}" for i in items] + [""]
    md += ["## Scores at a glance", "", "| Question | S | T | A | R | Numbers | Ownership |"]
    md.append("|---|---|---|---|---|---|---|")
    for q in report.questions:
        cells = " | ".join(str(q.scores[c]) for c in COMPONENTS)
        numbers = "yes" if q.quantified_result else "no"
        md.append(f"| Q{q.number} | {cells} | {numbers} | {OWNER[q.ownership]} |")
    md += ["", "## Strengths", ""] + [f"- {_md(s)}" for s in report.strengths or ["(none yet)"]]
    md += ["", "## Top three things to practise", ""]
    md += [f"{i}. {_md(p)}" for i, p in enumerate(report.practise, 1)] or ["Nothing urgent."]
    if report.resume_stories:
        md += ["", "## Stories from your résumé", ""]
        md += [f"- {_md(line)}" for line in resume_lines(report)]
    md += ["", "## Delivery", ""] + [f"- {line}" for line in delivery_lines(report)]
    md += ["", "## Progress across sessions", "", trend_intro(report), ""]
    if len(report.trend) >= 2:
        md += ["| Date | S | T | A | R |", "|---|---|---|---|---|"]
        for row in report.trend:
            cells = " | ".join(f"{row[c]:.2f}" for c in COMPONENTS)
            star = " (this one)" if row["current"] else ""
            md.append(f"| {row['date']}{star} | {cells} |")
        md.append("")
    md += [f"- Recurring weak spot: {_md(r)}" for r in report.recurring]
    md += ["", "## Question by question", ""]
    md.append(
        "Evidence is in **bold**, tagged \\[S\\]ituation, \\[T\\]ask, \\[A\\]ction, \\[R\\]esult."
    )
    for q in report.questions:
        md += ["", f"### Q{q.number}. {_md(q.question)}", "", f"**Scores:** {scores_line(q)}", ""]
        for part in q.parts:
            if part.kind == "probe":
                md.append(f"> *Follow-up question:* {_md(part.text)}")
            else:
                md.append(f"> {_md_marked(part)}")
            md.append(">")
        md[-1] = ""
        md += [f"- {facts_line(q)}"] + [f"- Tip: {_md(t)}" for t in q.tips]
        if q.follow_up:
            md.append(f"- Follow-up to prepare for: {_md(q.follow_up)}")
        if q.details_to_add:
            md += ["", "**Details to add (only you know them):**", ""]
            md += [f"- {_md(d)}" for d in q.details_to_add]
        if q.skeleton:
            md += ["", "**Skeleton from your own words:**", ""]
            md += [f"- {k.capitalize()}: {_md(v)}" for k, v in q.skeleton.items()]
        if q.rewrite:
            md += [
                "",
                "**Suggested rewrite (check every detail is true):**",
                "",
                f"> {_md(q.rewrite)}",
            ]
        md += [f"- Note: {_md(n)}" for n in q.notes]
    return "\n".join(md).rstrip() + "\n"


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def transcript_json(record: SessionRecord) -> str:
    return json.dumps(record.to_dict(), indent=2, ensure_ascii=False)


def transcript_markdown(record: SessionRecord) -> str:
    setup = record.setup
    lines = [
        f"# Transcript: {_md(setup.role)} at {_md(setup.company)}",
        "",
        f"{aware(record.created_at).astimezone():%a %-d %b %Y, %H:%M}",
        "",
    ]
    for t in record.turns:
        who = "Interviewer" if t.speaker == "interviewer" else "You"
        lines += [f"**{who}** ({t.kind.replace('_', ' ')}): {_md(t.text)}", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- HTML --------------------------------------------------------------------------------

CSS = """
body{margin:0;background:#f8fafc;color:#1f2937;font:16px/1.55 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif}
main{max-width:52rem;margin:0 auto;padding:2rem 1.25rem 4rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;color:#334155}
h3{font-size:1.05rem;margin:0 0 .5rem}section h2:first-child{margin-top:.25rem}
.sub,.muted{color:#64748b}
section,article{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:1rem 1.25rem;
margin:1rem 0}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .75rem;border-bottom:1px
solid #e2e8f0;text-align:left}img{max-width:100%;height:auto;display:block;margin:.75rem 0}
blockquote{margin:.75rem 0;padding:.5rem 1rem;border-left:4px solid #cbd5e1;background:#f8fafc}
.probe{font-style:italic;color:#475569}.note{color:#92400e}
mark{border-radius:3px;padding:0 .1em;color:inherit}mark.s{background:#dbeafe}
mark.t{background:#fef3c7}mark.a{background:#dcfce7}mark.r{background:#fce7f3}
"""


def segments(part: Part) -> list[tuple[str, str | None]]:
    """The answer's text cut at its evidence spans: (text, STAR part or None), in order."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, comp in part.marks:
        out += [(part.text[pos:start], None), (part.text[start:end], comp)]
        pos = end
    return [*out, (part.text[pos:], None)]


def _png_height(png: bytes, width: int) -> int:
    """Height for ``width`` keeping the PNG's aspect ratio (its IHDR holds the size)."""
    w, h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return round(width * h / w) if w else width


def _tips(q: QuestionReport) -> list[str]:
    follow = [f"Follow-up to prepare for: {q.follow_up}"] if q.follow_up else []
    return [f"Tip: {t}" for t in q.tips] + follow


@lru_cache(maxsize=1)
def _templates() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("interview_coach.report", "templates"),
        autoescape=True,  # every value is escaped unless the template says |safe (our CSS)
        undefined=jinja2.StrictUndefined,
    )
    env.filters["b64"] = lambda png: base64.b64encode(png).decode()
    env.globals.update(
        components=COMPONENTS, labels=LABELS, owner=OWNER, type_titles=TYPE_TITLES, css=CSS,
        segments=segments, opener_lines=opener_lines, delivery_lines=delivery_lines,
        trend_intro=trend_intro, resume_lines=resume_lines, scores_line=scores_line,
        facts_line=facts_line, tips=_tips, png_height=_png_height,
        skeleton=lambda q: [f"{k.capitalize()}: {v}" for k, v in q.skeleton.items()],
    )  # fmt: skip
    return env


def page(
    report: Report,
    images: dict[str, bytes],
    *,
    pdf: bool = False,
    colours: dict[str, str] | None = None,
    pdf_image_width: int = 0,
) -> str:
    """The report through ``templates/report.html.j2``: a web page, or the PDF's HTML."""
    return (
        _templates()
        .get_template("report.html.j2")
        .render(
            report=report,
            images=images,
            pdf=pdf,
            colours=colours or {},
            pdf_image_width=pdf_image_width,
            title=f"Interview feedback: {report.role} at {report.company}",
            subtitle=subtitle(report),
        )
    )


def to_html(report: Report, images: dict[str, bytes] | None = None) -> str:
    """One self-contained page: inline CSS, charts as data: URIs, nothing fetched."""
    if images is None:
        from .charts import charts

        images = charts(report)
    return page(report, images)

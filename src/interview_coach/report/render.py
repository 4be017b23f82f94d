"""Rendering a :class:`report.Report` as Markdown, self-contained HTML and JSON.

The formats (and the PDF in ``charts``) show the same facts in the same order; only the
markup differs. Answers are the
user's own text and may contain anything (``<script>`` included), so every format escapes
them before adding its own highlight markup around the evidence spans.
"""

from __future__ import annotations

import base64
import html
import json
import re

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
        + (" · describes what you would do, not a real event" if q.hypothetical else "")
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
        md += ["| Date | Session | S | T | A | R |", "|---|---|---|---|---|---|"]
        for row in report.trend:
            cells = " | ".join(f"{row[c]:.2f}" for c in COMPONENTS)
            star = " (this one)" if row["current"] else ""
            md.append(f"| {row['date']} | `{row['session_id']}`{star} | {cells} |")
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
        f"Session `{record.id}` · {aware(record.created_at).isoformat(timespec='minutes')}",
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


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_marked(part: Part) -> str:
    """Escape the user's words piece by piece, so only our own <mark> tags are markup."""
    out, pos = [], 0
    for start, end, comp in part.marks:
        label = LABELS[comp]
        out.append(_e(part.text[pos:start]))
        out.append(f'<mark class="{comp[0]}" title="{label}">{_e(part.text[start:end])}</mark>')
        pos = end
    return "".join(out) + _e(part.text[pos:])


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _ul(items: list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + f"</{tag}>"


def _question_html(q: QuestionReport) -> str:
    h = [f"<article><h3>Q{q.number}. {_e(q.question)}</h3>", f"<p>{_e(scores_line(q))}</p>"]
    h.append("<blockquote>")
    for part in q.parts:
        if part.kind == "probe":
            h.append(f'<p class="probe">Follow-up question: {_e(part.text)}</p>')
        else:
            h.append(f"<p>{_html_marked(part)}</p>")
    h.append("</blockquote>")
    facts = [facts_line(q)] + [f"Tip: {t}" for t in q.tips]
    if q.follow_up:
        facts.append(f"Follow-up to prepare for: {q.follow_up}")
    h.append(_ul(facts))
    if q.details_to_add:
        h += ["<h4>Details to add (only you know them)</h4>", _ul(q.details_to_add)]
    if q.skeleton:
        h.append("<h4>Skeleton from your own words</h4>")
        h.append(_ul([f"{k.capitalize()}: {v}" for k, v in q.skeleton.items()]))
    if q.rewrite:
        h.append("<h4>Suggested rewrite (check every detail is true)</h4>")
        h.append(f"<blockquote><p>{_e(q.rewrite)}</p></blockquote>")
    h += [f'<p class="note">{_e(n)}</p>' for n in q.notes]
    return "\n".join(h) + "</article>"


def to_html(report: Report, images: dict[str, bytes] | None = None) -> str:
    """One self-contained page: inline CSS, charts as data: URIs, nothing fetched."""
    if images is None:
        from .charts import charts

        images = charts(report)
    rows = "".join(
        f"<tr><td>Q{q.number}</td>"
        + "".join(f"<td>{q.scores[c]}</td>" for c in COMPONENTS)
        + f"<td>{'yes' if q.quantified_result else 'no'}</td><td>{OWNER[q.ownership]}</td></tr>"
        for q in report.questions
    )
    trend_rows = "".join(
        f"<tr><td>{_e(r['date'])}{' (this one)' if r['current'] else ''}</td>"
        + "".join(f"<td>{r[c]:.2f}</td>" for c in COMPONENTS)
        + "</tr>"
        for r in report.trend
    )
    legend = " ".join(f'<mark class="{c[0]}">{LABELS[c]}</mark>' for c in COMPONENTS)
    title = f"Interview feedback: {report.role} at {report.company}"
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="sub">{_e(subtitle(report))}</p>',
        *(f'<p class="note">{_e(n)}</p>' for n in report.notes),
        *(
            f"<section><h2>{_e(TYPE_TITLES[s.question_type])}</h2><p><em>{_e(s.question)}"
            "</em></p>"
            + "".join(f"<h4>{_e(h)}</h4>" + _ul(items) for h, items in opener_lines(s))
            + "</section>"
            for s in report.openers
        ),
        "<section><h2>Scores at a glance</h2><table><tr><th>Question</th><th>S</th><th>T</th>"
        f"<th>A</th><th>R</th><th>Numbers</th><th>Ownership</th></tr>{rows}</table>",
        _img(images.get("scores"), "STAR scores per question") + "</section>",
        "<section><h2>Strengths</h2>" + _ul(report.strengths or ["(none yet)"]),
        "<h2>Top three things to practise</h2>" + _ul(report.practise, "ol") + "</section>",
        "<section><h2>Delivery</h2>" + _ul(delivery_lines(report)),
        _img(images.get("pace"), "Speaking pace per recorded answer") + "</section>",
        f"<section><h2>Progress across sessions</h2><p>{_e(trend_intro(report))}</p>",
        _img(images.get("trend"), "Average STAR score per session over time"),
    ]
    if len(report.trend) >= 2:
        body.append(
            "<table><tr><th>Date</th><th>S</th><th>T</th><th>A</th><th>R</th></tr>"
            f"{trend_rows}</table>"
        )
    if report.recurring:
        body.append("<p>Recurring weak spots:</p>" + _ul(report.recurring))
    body.append("</section>")
    if report.resume_stories:
        body.append("<section><h2>Stories from your résumé</h2>")
        body.append(_ul(resume_lines(report)) + "</section>")
    body.append(f'<h2>Question by question</h2><p class="muted">Evidence: {legend}</p>')
    body += [_question_html(q) for q in report.questions]
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body><main>\n"
        + "\n".join(body)
        + "\n</main></body></html>\n"
    )

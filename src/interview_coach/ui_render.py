"""Pure functions that turn engine results into the HTML and Markdown the browser app shows.

Everything a user or a research document wrote is untrusted: it is escaped here, in
one place, before it reaches ``gr.HTML`` (which renders raw HTML) or the chat and
Markdown views (which would otherwise render tags). Keeping these functions free of
gradio makes that promise testable without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

STAR = ("situation", "task", "action", "result")
# Colours chosen to stay readable (dark text) on light and dark themes alike.
STAR_COLOURS = {
    "situation": "#cfe8ff",
    "task": "#fde2b8",
    "action": "#cdeccd",
    "result": "#f4cbe6",
}
SCORE_WORDS = {0: "missing", 1: "partial", 2: "clear"}
INTERVIEWER_KINDS = {"greeting", "question", "probe", "reply", "wrap_up"}
CANDIDATE_KINDS = {"answer", "candidate_question"}


def esc(text: object) -> str:
    """HTML-escape anything (quotes too, so it is safe inside attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def md_text(text: object) -> str:
    """Untrusted text for a Markdown view: tags are shown as text instead of rendered."""
    return html.escape("" if text is None else str(text), quote=False)


def md_literal(text: object) -> str:
    """Untrusted text shown exactly as typed in a Markdown view: tags and Markdown syntax
    (``*``, ``_``, backticks, ``$`` for LaTeX, ``{}``) are escaped, not interpreted."""
    return re.sub(r"([\\`*_\[\]#|~${}])", r"\\\1", md_text(text))


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a dataclass or a dict, so records from the API and the store both work."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


# --- status and progress ---------------------------------------------------------------------

CONNECT_HELP = (
    "To connect one, set `OPENAI_API_KEY`, or `INTERVIEW_COACH_BASE_URL` and "
    "`INTERVIEW_COACH_MODEL` for an OpenAI-compatible server (Ollama, vLLM, LM Studio, "
    "llama.cpp), or start the embedded model with `make run-local`; then restart the app."
)


def status_markdown(backend: Any, user: str = "local") -> str:
    """The line on every page saying which LLM is active, or that rules run everything."""
    name = _get(backend, "name", "none") or "none"
    who = f" · signed in as **{md_text(user)}**" if user and user != "local" else ""
    if name == "none":
        reason = _get(backend, "notice", "") or _get(backend, "reason", "") or ""
        why = f" ({md_text(reason)})" if reason else ""
        return (
            f"**Offline rules mode**{why}. Questions, probes and STAR scoring use built-in "
            f"rules, so the wording is plainer. {CONNECT_HELP}{who}"
        )
    model = _get(backend, "model", "") or ""
    line = f"**LLM:** {md_text(name)}" + (f" · model `{md_text(model)}`" if model else "")
    notice = _get(backend, "notice", "") or ""
    if notice:
        line += f" · {md_text(notice)}"
    return line + who


def progress_text(asked: int, total: int, done: bool, finished: bool = False) -> str:
    if finished:
        return "**Interview finished.** Your report is on the Feedback tab."
    if done:
        return "**Interview complete.** Press *Finish and get feedback* for your report."
    if total <= 0:
        return ""
    return f"**Question {max(1, min(asked, total))} of {total}**"


# --- chat ------------------------------------------------------------------------------------


def chat_messages(turns: Iterable[Any]) -> list[dict[str, Any]]:
    """Chatbot "messages" for a session's turns; notices become collapsible side notes."""
    out: list[dict[str, Any]] = []
    for turn in turns:
        kind = _get(turn, "kind", "")
        text = md_text(_get(turn, "text", ""))
        if kind == "notice":
            out.append({"role": "assistant", "content": text, "metadata": {"title": "Note"}})
            continue
        if kind in CANDIDATE_KINDS:  # the user's words, verbatim
            out.append({"role": "user", "content": md_literal(_get(turn, "text", ""))})
            continue
        out.append({"role": "assistant", "content": text})
        for note in _get(turn, "notes", []) or []:
            out.append(
                {"role": "assistant", "content": md_text(note), "metadata": {"title": "Note"}}
            )
    return out


def stream_chunks(text: str, size: int = 3) -> list[str]:
    """Split a finished reply into word groups so it can be revealed progressively."""
    words = text.split(" ")
    return [" ".join(words[i : i + size]) + " " for i in range(0, len(words), size)]


# --- STAR cards ------------------------------------------------------------------------------


def _spans(answer: str, evaluation: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Valid evidence spans; a span whose offsets do not match the answer is re-found by text."""
    spans: list[tuple[int, int, str]] = []
    components = evaluation.get("components") or {}
    for name in STAR:
        for ev in (components.get(name) or {}).get("evidence") or []:
            start, end, text = ev.get("start"), ev.get("end"), ev.get("text") or ""
            ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end
            if ok and end <= len(answer) and (not text or answer[start:end] == text):
                spans.append((start, end, name))
            elif text and (pos := answer.find(text)) >= 0:
                spans.append((pos, pos + len(text), name))
    return spans


def highlight_answer(answer: str, evaluation: dict[str, Any]) -> str:
    """The answer as escaped HTML with each STAR component's evidence marked in its colour."""
    spans = _spans(answer, evaluation)
    cuts = sorted({0, len(answer), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(answer[a:b])
        names = [n for s, e, n in spans if s <= a and b <= e]
        if not names:
            parts.append(piece)
            continue
        first = names[0]
        labels = " + ".join(n.capitalize() for n in dict.fromkeys(names))
        parts.append(
            f'<mark data-component="{first}" title="{esc(labels)}" '
            f'style="background:{STAR_COLOURS[first]};color:#111;border-radius:3px;'
            f'padding:0 2px">{piece}</mark>'
        )
    return "".join(parts).replace("\n", "<br>")


def star_total(evaluation: dict[str, Any] | None) -> int:
    comps = (evaluation or {}).get("components") or {}
    return sum(int((comps.get(n) or {}).get("score") or 0) for n in STAR)


def _badges(evaluation: dict[str, Any]) -> str:
    comps = evaluation.get("components") or {}
    out = []
    for name in STAR:
        score = int((comps.get(name) or {}).get("score") or 0)
        out.append(
            f'<span class="star-badge" data-component="{name}" data-score="{score}" '
            f'style="background:{STAR_COLOURS[name]};color:#111;border-radius:10px;'
            f'padding:2px 8px;margin-right:6px;display:inline-block">'
            f"{name.capitalize()} {score}/2 · {SCORE_WORDS.get(score, '')}</span>"
        )
    return "".join(out)


def _facts(evaluation: dict[str, Any]) -> str:
    facts = []
    if "quantified_result" in evaluation:
        facts.append("result quantified" if evaluation["quantified_result"] else "no numbers")
    ownership = evaluation.get("ownership")
    if ownership:
        facts.append(
            {"i": "says “I”", "we": "mostly “we”", "mixed": "mix of “I” and “we”"}.get(
                ownership, str(ownership)
            )
        )
    if evaluation.get("hypothetical"):
        facts.append("hypothetical (“I would…”)")
    if "word_count" in evaluation:
        secs = evaluation.get("speaking_seconds") or 0
        facts.append(f"{evaluation['word_count']} words (~{round(secs)} s spoken)")
    fillers = evaluation.get("fillers") or {}
    if fillers.get("count"):
        facts.append(f"{fillers['count']} filler words")
    if evaluation.get("scorer"):
        facts.append(f"scored by {evaluation['scorer']}")
    return " · ".join(esc(f) for f in facts)


def star_card_html(
    number: int, question: str, answer: str, evaluation: dict[str, Any], *, open_: bool = False
) -> str:
    """One answer's STAR feedback as a collapsible card."""
    total = star_total(evaluation)
    missing = evaluation.get("missing") or []
    tips = evaluation.get("tips") or []
    rows = [
        f'<div class="star-scores">{_badges(evaluation)}</div>',
        f'<p class="star-answer" style="line-height:1.6">{highlight_answer(answer, evaluation)}'
        "</p>",
    ]
    if missing:
        items = "".join(f"<li>{esc(m)}</li>" for m in missing)
        rows.append(f'<div class="star-missing"><b>Missing</b><ul>{items}</ul></div>')
    if tips:
        rows.append(f'<div class="star-tip"><b>Tip:</b> {esc(tips[0])}</div>')
        if len(tips) > 1:
            rows.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in tips[1:]) + "</ul>")
    for note in evaluation.get("notes") or []:
        rows.append(f'<div class="star-note"><i>{esc(note)}</i></div>')
    facts = _facts(evaluation)
    if facts:
        rows.append(f'<div class="star-facts" style="opacity:.8;font-size:90%">{facts}</div>')
    summary = f"Answer {number} · STAR {total}/8 · {esc(_shorten(question, 90))}"
    return (
        f'<details class="star-card" data-answer="{number}"{" open" if open_ else ""} '
        f'style="border:1px solid #8884;border-radius:8px;padding:8px 12px;margin:6px 0">'
        f"<summary><b>{summary}</b></summary>{''.join(rows)}</details>"
    )


def _shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evaluated_text(candidates: Sequence[str], evaluation: dict[str, Any]) -> str:
    """The text the evidence offsets refer to: after a probe the scorer sees the whole answer."""

    def fits(text: str) -> int:
        comps = evaluation.get("components") or {}
        return sum(
            1
            for c in comps.values()
            for ev in (c or {}).get("evidence") or []
            if isinstance(ev.get("start"), int)
            and text[ev["start"] : ev.get("end", 0)] == (ev.get("text") or "")
        )

    return max(candidates, key=fits)


def star_cards_html(turns: Sequence[Any]) -> str:
    """Cards for every evaluated answer, newest first and open, so the latest is in view."""
    cards: list[tuple[int, str, str, dict[str, Any]]] = []
    question, label = "", ""
    so_far: list[str] = []  # answers to the current question, probes included
    for turn in turns:
        kind = _get(turn, "kind")
        if kind == "question":
            question, so_far = _get(turn, "text", ""), []
            label = question
        elif kind == "probe":
            label = f"Follow-up: {_get(turn, 'text', '')}"
        if kind != "answer":
            continue
        text = _get(turn, "text", "")
        so_far.append(text)
        evaluation = _get(turn, "evaluation")
        if evaluation:
            shown = _evaluated_text([text, " ".join(so_far), "\n\n".join(so_far)], evaluation)
            cards.append((len(cards) + 1, label or question, shown, evaluation))
    if not cards:
        return '<p class="star-empty">STAR feedback appears here after each answer.</p>'
    last = len(cards)
    return "".join(star_card_html(n, q, a, e, open_=(n == last)) for n, q, a, e in reversed(cards))


# --- prepare ---------------------------------------------------------------------------------


def ingest_markdown(results: Sequence[tuple[str, bool, str]]) -> str:
    """Per-file upload results: (file name, ok, message)."""
    if not results:
        return "No files uploaded."
    lines = []
    for name, ok, message in results:
        message = message.removeprefix(f"{name}: ")  # the loaders name the file themselves
        mark = "✓" if ok else "✗"  # in every common font, unlike emoji
        lines.append(f"- {mark} **{md_text(name)}**: {md_text(message)}")
    return "\n".join(lines)


def brief_markdown(
    company: str,
    competencies: Sequence[tuple[str, str]],
    facts: Sequence[Any],
    questions: Sequence[str],
    notes: Sequence[str] = (),
) -> str:
    """The interview brief: competencies (label, why), research facts with sources, questions."""
    out = [f"### Interview brief: {md_text(company) or 'your interview'}"]
    out.append("\n**Likely competencies** (from the job description)")
    if competencies:
        out += [
            f"- **{md_text(label)}**" + (f": {md_text(why)}" if why else "")
            for label, why in competencies
        ]
    else:
        out.append("- Paste a job description to see which competencies it stresses.")
    out.append("\n**Key facts from your research**")
    if facts:
        for hit in facts:
            text = _shorten(_get(hit, "text", ""), 280)
            src = _get(hit, "title", "") or _get(hit, "source", "")
            out.append(f"- {md_text(text)}  \n  _Source: {md_text(src)}_")
    else:
        out.append("- No research for this company yet: upload notes, a web page or a PDF above.")
    out.append("\n**Questions to ask your interviewers**")
    out += [f"- {md_text(q)}" for q in questions] or ["- (none found)"]
    out += [f"\n_{md_text(n)}_" for n in notes]
    return "\n".join(out)


# --- history ---------------------------------------------------------------------------------

HISTORY_HEADERS = ["session", "date", "company", "role", "status", "questions", "avg STAR /8"]


def session_score(record: Any) -> tuple[int, float | None]:
    """(questions answered, average STAR total out of 8), counted the way the report does."""
    from .report import question_groups, session_averages

    averages = session_averages(record)
    total = round(sum(averages.values()), 1) if averages else None
    return len(question_groups(record)), total


def history_rows(records: Iterable[Any]) -> list[list[Any]]:
    rows = []
    for rec in records:
        setup = _get(rec, "setup")
        created = _get(rec, "created_at")
        questions, score = session_score(rec)
        rows.append(
            [
                str(_get(rec, "id"))[:8],
                created.strftime("%Y-%m-%d %H:%M") if hasattr(created, "strftime") else created,
                _get(setup, "company", ""),
                _get(setup, "role", ""),
                _get(rec, "status", ""),
                questions,
                score,
            ]
        )
    return rows


# --- follow-up -------------------------------------------------------------------------------


def checks_html(checks: Sequence[dict[str, Any]]) -> str:
    if not checks:
        return ""
    passed = sum(1 for c in checks if c.get("passed"))
    items = []
    for c in checks:
        ok = bool(c.get("passed"))
        items.append(
            f'<li data-check="{esc(c.get("name"))}" data-passed="{str(ok).lower()}">'
            f'<span style="color:{"#1a7f37" if ok else "#b35900"};font-weight:bold">'
            f"{'✓' if ok else '✗'}</span> <b>{esc(c.get('name'))}</b>: {esc(c.get('detail'))}</li>"
        )
    return (
        f'<div class="email-checks"><b>Checks: {passed}/{len(checks)} passed</b>'
        f'<ul style="margin:4px 0">{"".join(items)}</ul></div>'
    )


def mailto_html(href: str) -> str:
    """An "open in my mail app" link; the app never sends mail itself."""
    if not href.startswith("mailto:"):  # never let another URL scheme into the page
        href = "mailto:"
    return f'<a class="mailto" href="{esc(href)}">Open in your email app</a>'


def friendly_time(iso: str) -> str:
    """'2026-11-21T14:27+00:00' as 'Sat 21 Nov 2026, 14:27 UTC+00:00' (unparsable: as given)."""
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    zone = when.strftime(" %Z") if when.tzinfo else ""
    return when.strftime("%a %d %b %Y, %H:%M") + zone


def email_heading(name: str, title: str, send_by: str = "") -> str:
    who = md_text(name) + (f", {md_text(title)}" if title else "")
    when = f"\n\nSend by **{md_text(friendly_time(send_by))}**." if send_by else ""
    return f"#### To {who}{when}"


# --- feedback and history --------------------------------------------------------------------


def report_frame(page: str, height: int = 900) -> str:
    """The HTML report inside a sandboxed iframe: its styles stay inside, and no script can run.

    The report escapes the answers itself; the sandbox (no ``allow-scripts``) is a second
    wall in case a future change forgets to.
    """
    return (
        f'<iframe class="report-frame" sandbox="" title="Feedback report" srcdoc="{esc(page)}" '
        f'style="width:100%;height:{height}px;border:1px solid #8884;border-radius:8px;'
        f'background:#fff"></iframe>'
    )


def session_label(record: Any) -> str:
    setup = _get(record, "setup")
    created = _get(record, "created_at")
    when = created.strftime("%Y-%m-%d %H:%M") if hasattr(created, "strftime") else str(created)
    status = _get(record, "status", "")
    tag = "resume" if status != "finished" else "finished"
    return f"{when} · {_get(setup, 'company', '')} · {_get(setup, 'role', '')} ({tag})"

"""Pure functions that turn engine results into the HTML and Markdown the browser app shows.

Everything a user or a research document wrote is untrusted: it is escaped with the
helpers here (which ``cards`` shares for the STAR cards) before it reaches ``gr.HTML``
(which renders raw HTML) or the chat and Markdown views (which would otherwise render
tags). Keeping these functions free of gradio makes that promise testable without a browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

CANDIDATE_KINDS = {"answer", "candidate_question"}


def esc(text: object) -> str:
    """HTML-escape anything (quotes too, so it is safe inside attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|file|data|javascript|tel):")


def md_text(text: object) -> str:
    """Untrusted text (research, model output, names) for a Markdown view, shown as text.

    Tags are escaped, and so is everything that could make a link or an image: brackets,
    "!", "@", the colon after a URL scheme and the dot after "www". Viewing the page then
    never fetches anything and offers no link a research file planted.
    """
    out = html.escape("" if text is None else str(text), quote=False)
    out = re.sub(r"([\[\]!@])", r"\\\1", out)
    out = _SCHEME.sub(r"\1\\:", out)
    return re.sub(r"(?i)\bwww\.", r"www\\.", out)


def md_literal(text: object) -> str:
    """Untrusted text shown exactly as typed in a Markdown view: tags and Markdown syntax
    (``*``, ``_``, backticks, ``$`` for LaTeX, ``{}``) are escaped, not interpreted."""
    raw = "" if text is None else str(text)
    return md_text(re.sub(r"([\\`*_#|~${}])", r"\\\1", raw))


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, so long text cannot swamp a summary."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def get_field(obj: Any, name: str, default: Any = None) -> Any:
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


OFFLINE_WORDS = "built-in questions, rules-based feedback"


def status_markdown(backend: Any, user: str = "local", llm: ChatModel | None = None) -> str:
    """A short chip saying who writes the interviewer's words; how to change it is one click away.

    The rules-based mode is a real mode, not an error: it says what the user gets, and leaves
    setup instructions to the "AI model" panel instead of opening every page with them.
    ``llm`` (the running client) adds what happened since start-up: a local model that was
    given up on shows as down, with why, so the offline wording in the chat is no surprise.
    """
    name = get_field(backend, "name", "none") or "none"
    who = f" · signed in as **{md_text(user)}**" if user and user != "local" else ""
    if name == "none":
        return f"**Offline mode** · {OFFLINE_WORDS}{who}"
    down = llm.down if llm is not None else None
    if down:
        return f"**AI model down** ({md_text(down)}) · {OFFLINE_WORDS}{who}"
    model = get_field(backend, "model", "") or ""
    line = "**AI interviewer on**" + (f" · {md_text(model)}" if model else "")
    notice = get_field(backend, "notice", "") or ""
    if notice:
        line += f" · {md_text(notice)}"
    return line + who


def status_details(backend: Any) -> str:
    """What the chip's panel explains: the current mode, why, and how to switch."""
    name = get_field(backend, "name", "none") or "none"
    reason = get_field(backend, "notice", "") or get_field(backend, "reason", "") or ""
    if name == "none":
        why = f" ({md_text(reason)})" if reason else ""
        return (
            f"No AI model is connected{why}, so questions, follow-ups and feedback come from "
            f"built-in rules: the wording is plainer, the scores are the same. {CONNECT_HELP}"
        )
    return f"Connected to **{md_text(name)}**. {md_text(reason)}".strip()


def progress_html(
    asked: int, total: int, done: bool, state: str = "", finished: bool = False
) -> str:
    """Where the interview is: a bar over its stages (each question, then the candidate's own
    questions, then feedback) with the same words beside it, for eyes and screen readers.

    "Question 5 of 5" while the candidate asks their questions read as stuck, so that stage
    has its own name and its own segment of the bar.
    """
    if total <= 0 and not (done or finished):
        return ""
    stages = max(total, 0) + 2  # the questions, "your questions", then done
    if finished:
        reached, label = stages, "<b>Interview finished.</b> Your report is on the Feedback tab."
    elif done:
        reached = stages
        label = "<b>Interview complete.</b> Press <i>Finish and get feedback</i> for your report."
    elif state in ("candidate_questions", "wrap_up"):
        reached, label = total + 1, "<b>Your questions for the interviewer</b>"
    else:
        n = max(1, min(asked, total))
        reached, label = n, f"<b>Question {n} of {total}</b> · then your questions"
    words = re.sub(r"<[^>]+>", "", label)
    percent = round(100 * reached / stages)
    return (
        f'<div class="progress-block"><p class="progress-label">{label}</p>'
        f'<div class="progress-bar" role="progressbar" aria-label="Interview progress" '
        f'aria-valuemin="0" aria-valuemax="{stages}" aria-valuenow="{reached}" '
        f'aria-valuetext="{esc(words)}"><span style="width:{percent}%"></span></div></div>'
    )


def waiting_html(text: str) -> str:
    """A line of italics in the progress slot while something is being prepared."""
    return f'<p class="progress-label"><i>{esc(text)}</i></p>'


# --- chat ------------------------------------------------------------------------------------


def chat_messages(turns: Iterable[Any]) -> list[dict[str, Any]]:
    """Chatbot "messages" for a session's turns; notices become collapsible side notes."""
    out: list[dict[str, Any]] = []
    for turn in turns:
        kind = get_field(turn, "kind", "")
        text = md_text(get_field(turn, "text", ""))
        if kind == "notice":
            out.append({"role": "assistant", "content": text, "metadata": {"title": "Note"}})
            continue
        if kind in CANDIDATE_KINDS:  # the user's words, verbatim
            out.append({"role": "user", "content": md_literal(get_field(turn, "text", ""))})
            continue
        who = get_field(turn, "interviewer", "")
        out.append({"role": "assistant", "content": f"**{md_text(who)}:** {text}" if who else text})
        for note in get_field(turn, "notes", []) or []:
            out.append(
                {"role": "assistant", "content": md_text(note), "metadata": {"title": "Note"}}
            )
    return out


def stream_chunks(text: str, size: int = 3) -> list[str]:
    """Split a finished reply into word groups so it can be revealed progressively."""
    words = text.split(" ")
    return [" ".join(words[i : i + size]) + " " for i in range(0, len(words), size)]


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
    questions: Sequence[tuple[Any, Sequence[Any]]],
    notes: Sequence[str] = (),
) -> str:
    """The interview brief: competencies (label, why), research facts with the file each came
    from, and questions to ask each interviewer with why each is good."""
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
        for fact in facts:
            text = shorten(get_field(fact, "text", ""), 280)
            src = Path(str(get_field(fact, "source", ""))).name
            out.append(f"- {md_text(text)}  \n  _Source: {md_text(src)}_")
    else:
        out.append("- No research for this company yet: upload notes, a web page or a PDF above.")
    out.append("\n**Questions to ask your interviewers**")
    if not questions:
        out.append("- (none found)")
    for person, suggestions in questions:
        name, title = get_field(person, "name", ""), get_field(person, "title", "")
        out.append(f"\n_{md_text(name)}{', ' + md_text(title) if title else ''}_")
        for s in suggestions:
            src = f" (from {md_text(s.source)})" if s.source else ""
            out.append(f"- {md_text(s.question)}  \n  _Why it's good: {md_text(s.why)}{src}_")
    out += [f"\n_{md_text(n)}_" for n in notes]
    return "\n".join(out)


# --- history ---------------------------------------------------------------------------------


def human_date(when: Any, now: datetime | None = None) -> str:
    """Dates as people say them ("today 14:05", "yesterday 09:30", "4 Dec 2026, 14:05"), local.

    Stored times are UTC ISO strings or datetimes; people read dates, not ``2026-12-04T14:05``.
    Anything unparsable is shown as given.
    """
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            return when
    if not isinstance(when, datetime):
        return "" if when is None else str(when)
    if when.tzinfo is not None:
        when = when.astimezone()
    now = now or datetime.now(when.tzinfo)
    days = (now.date() - when.date()).days
    clock = when.strftime("%H:%M")
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"yesterday {clock}"
    return f"{when.day} {when.strftime('%b %Y')}, {clock}"


def session_name(record: Any, now: datetime | None = None) -> str:
    """The short name a person knows a session by: company · role · date (never its id)."""
    setup = get_field(record, "setup")
    company = get_field(setup, "company", "") or "Practice"
    role = shorten(get_field(setup, "role", "") or "", 48)
    when = human_date(get_field(record, "created_at"), now)
    return " · ".join(p for p in (company, role, when) if p)


def history_rows(records: Iterable[Any], now: datetime | None = None) -> list[dict[str, Any]]:
    """One plain row per session, newest first as given: what the table and tests read."""
    from ..report.model import session_score

    rows = []
    for rec in records:
        setup = get_field(rec, "setup")
        score = session_score(rec)
        finished = get_field(rec, "status", "") == "finished"
        rows.append(
            {
                "name": session_name(rec, now),
                "company": get_field(setup, "company", ""),
                "role": get_field(setup, "role", ""),
                "when": human_date(get_field(rec, "created_at"), now),
                "status": "finished" if finished else "in progress",
                "questions": score.questions_answered,
                "star": score.average_star,
                "action": "Open" if finished else "Resume",
            }
        )
    return rows


def history_html(records: Sequence[Any], now: datetime | None = None) -> str:
    """The History table: each row opens its session (a click anywhere on the row, or its
    button, which Tab reaches and Enter presses). Rows carry their position only; the page
    maps it to a session in server-side state, so no id is ever in the page."""
    rows = history_rows(records, now)
    if not rows:
        return '<p class="history-empty">Your finished and unfinished interviews appear here.</p>'
    body = []
    for i, r in enumerate(rows):
        star = "–" if not r["questions"] else f"{r['star']}/8"
        body.append(
            f'<tr class="history-row" data-row="{i}"><td class="history-name">'
            f"<b>{esc(r['company'] or 'Practice')}</b><br><span>{esc(shorten(r['role'], 60))}"
            f"</span></td><td>{esc(r['when'])}</td><td>{esc(r['status'])}</td>"
            f'<td>{r["questions"]}</td><td>{esc(star)}</td><td><button type="button" '
            f'class="open-session" aria-label="{esc(r["action"])} {esc(r["name"])}">'
            f"{esc(r['action'])}</button></td></tr>"
        )
    return (
        '<table class="history-table"><caption>Your practice sessions, newest first. '
        'Click a row to open it.</caption><thead><tr><th scope="col">Interview</th>'
        '<th scope="col">When</th><th scope="col">Status</th><th scope="col">Questions</th>'
        '<th scope="col">Average STAR</th><th scope="col"><span class="sr-only">Action</span>'
        f"</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


#: Delegated once on the table's container, so rows drawn later are clickable too.
HISTORY_JS = """
element.addEventListener('click', (event) => {
  const row = event.target.closest('tr.history-row');
  if (row) trigger('click', {row: Number(row.dataset.row)});
});
"""


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
            f"{'✓' if ok else '✗'}</span> <b>{esc(c.get('label') or c.get('name'))}</b>: "
            f"{esc(c.get('detail'))}</li>"
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
    from ..followup.rubric import deadline_text

    who = md_text(name) + (f", {md_text(title)}" if title else "")
    try:
        when = f"\n\nSend it **{deadline_text(datetime.fromisoformat(send_by))}**."
    except (TypeError, ValueError):
        when = ""
    return f"#### To {who}{when}"


def plan_markdown(steps: Sequence[dict[str, Any]]) -> str:
    """The follow-up plan: what to do, by when, and why."""
    lines = ["#### Your follow-up plan"]
    for n, step in enumerate(steps, start=1):
        when = f" ({md_text(step['due_text'])})" if step.get("due_text") else ""
        lines.append(f"{n}. **{md_text(step['title'])}**{when}: {md_text(step['why'])}.")
        if step["kind"] == "connect":
            for d in step["drafts"]:
                lines.append(f"   - To {md_text(d['to'])}: _{md_text(d['body'])}_")
    lines.append(
        "\nThe check-in and reply drafts are in the downloads (.eml), with reminders (.ics)."
    )
    return "\n".join(lines)


# --- feedback and history --------------------------------------------------------------------


def report_inline(page: str) -> str:
    """The HTML report's content, shown in the page itself so it scrolls with everything else.

    A frame needed a fixed height (a scroll box inside the scrolling page, cut short on a
    phone). The report escapes every answer itself (``report.render``); only the part inside
    ``<main>`` is kept, so its page-wide styles stay out, and the Feedback tab styles it
    under ``#report`` (see ``app.CSS``). Any script tag that slipped in is dropped.
    """
    match = re.search(r"<main>(.*)</main>", page, re.S)
    inner = match.group(1) if match else ""
    inner = re.sub(r"(?is)<script.*?</script\s*>|<script[^>]*>", "", inner)
    return f'<article class="report-inline" aria-label="Full feedback report">{inner}</article>'

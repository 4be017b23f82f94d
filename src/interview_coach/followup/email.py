"""Thank-you emails grounded in the session, checked by the rubric, and exported.

An email may repeat what the candidate said, what the setup says (names, role, company)
and what the research says, and nothing else. The template draft is built from those
facts alone. An LLM draft gets the same facts and must pass the same rubric
(:func:`rubric.check_email`), or it is regenerated once and then replaced by the template.
The LLM request holds no clock time or randomness, so a fixed session always sends the
same bytes (recorded cassettes can replay it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address, Group
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote

from ..errors import InputError
from ..models import PanelMember, SessionRecord
from ..report.model import COMPONENTS, aware
from .rubric import (
    SEND_WITHIN,
    WORDS,
    Check,
    check_email,
    distinct,
    find_interviewer,
    interview_end,
    stories,
    words,
)

__all__ = ["Check", "Email", "check_email", "draft_email", "draft_emails", "find_interviewer"]

STRENGTH = {
    "result": "deliver a result I can measure",
    "action": "take ownership and act myself",
    "task": "take clear responsibility for a problem",
}
MISSING = {
    "situation": "the context",
    "task": "what I was personally responsible for",
    "action": "the steps I took myself",
    "result": "the outcome",
}
# Words that may start a quoted clause in lower case after a colon.
STARTERS = {"the", "our", "we", "my", "a", "an", "one", "at", "in", "last", "when", "after",
            "afterwards", "then", "within", "by", "over"}  # fmt: skip


@dataclass
class Email:
    to: str
    subject: str
    body: str
    send_by: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    source: str = "template"  # or "llm"

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "send_by": self.send_by,
            "checks": [c.to_dict() for c in self.checks],
            "notes": list(self.notes),
            "source": self.source,
        }


def send_by(record: SessionRecord) -> str:
    return (interview_end(record) + SEND_WITHIN).isoformat(timespec="minutes")


def _clause(evidence: str, limit: int = 18) -> str:
    """The candidate's own words, without a leading filler, short enough for one sentence."""
    text = re.sub(r"^(?:so|well|um|uh|like|basically)\b[,\s]*", "", evidence.strip(), flags=re.I)
    parts = text.rstrip(" .,;:").split()
    if parts and parts[0].lower() in STARTERS:
        parts[0] = parts[0].lower()
    if len(parts) > limit:  # cut at a comma, never inside a phrase (it could drop a number)
        cuts = [i + 1 for i, w in enumerate(parts[: limit + 1]) if w.endswith((",", ";"))]
        parts = parts[: cuts[-1]] if cuts else parts[: limit + 12]
    return " ".join(parts).rstrip(" .,;:")


def _own_words(evidence: str, clause_form: str, quote_form: str) -> str:
    """Evidence as a clause of the email ('I redesigned…'), else quoted as it was said."""
    clause = _clause(evidence)
    first = clause.split()[0].lower() if clause else ""
    if first.endswith("ed") and first not in STARTERS:  # "failed over…": the speaker did it
        clause, first = f"I {clause}", "i"
    if first in STARTERS | {"i"}:
        return clause_form.format(clause)
    return quote_form.format(f"\u201c{clause}\u201d")


def research_sentences(research: list[str]) -> list[str]:
    """Whole sentences of quotable length from research snippets, markdown stripped."""
    out = []
    for snippet in research:
        for line in snippet.splitlines():
            line = re.sub(r"^\s*(?:#+|[-*]|\d+\.)\s*", "", line)
            line = re.sub(r"\*\*|__|`", "", line).strip()
            line = re.sub(r"^(\d{1,2} \w+ \d{4}|[A-Z][a-z]+ \d{4}):\s*", r"On \1, ", line)
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", line):
                # Job-description lines ("You will…") are not news about the company.
                if re.search(r"\byou\b", sentence, re.I):
                    continue
                if 6 <= len(sentence.split()) <= 30 and sentence.endswith((".", "!", '"')):
                    out.append(sentence)
    return list(dict.fromkeys(out))


def _assign(panel: list[PanelMember], items: list[Any], text_of: Any) -> dict[str, Any]:
    """Give each interviewer a different item: best title match first, else in turn.

    Panels compare notes, so two people should not get the same topic or detail while
    there are enough to go round.
    """
    titles = [distinct(p.title) for p in panel]
    texts = [distinct(text_of(item)) for item in items]
    pairs = sorted(
        ((i, j) for i in range(len(panel)) for j in range(len(items))),
        key=lambda ij: (-len(titles[ij[0]] & texts[ij[1]]), (ij[1] - ij[0]) % len(items), ij[0]),
    )
    chosen: dict[int, int] = {}
    for i, j in pairs:
        if i not in chosen and j not in chosen.values():
            chosen[i] = j
    for i, j in pairs:  # more people than items: share, still by best match
        chosen.setdefault(i, j)
    return {p.name: items[chosen[i]] if i in chosen else None for i, p in enumerate(panel)}


def plan_email(
    record: SessionRecord, interviewer: PanelMember, research: list[str], signature: str
) -> dict[str, str]:
    """The facts one email is built from, chosen for this interviewer; also the LLM's input."""
    setup = record.setup
    panel = list(setup.interviewers)
    if interviewer.name not in [p.name for p in panel]:
        panel.append(interviewer)
    told = stories(record)
    if not told:
        raise InputError(f"session {record.id} has no answered questions to write about")
    topic = _assign(panel, told, lambda s: f"{s.question} {s.answer}")[interviewer.name]
    strengths = [
        (s, comp)
        for s in told
        for comp in ("result", "action", "task")
        if s.scores[comp] == 2 and s.evidence[comp] and (comp != "result" or s.quantified)
    ]
    strength = _assign(panel, strengths, lambda x: x[0].answer).get(interviewer.name)
    detail = _assign(panel, research_sentences(research), str).get(interviewer.name)
    weakest = min(told, key=lambda s: (sum(s.scores.values()) + s.quantified, s.number))
    worst = min(COMPONENTS, key=lambda c: (weakest.scores[c], -COMPONENTS.index(c)))
    said = (weakest.evidence["action"] or weakest.evidence["situation"] or [""])[0]
    title = interviewer.title.strip()
    area = title.partition(",")[2].strip()
    perspective = f"your perspective as {title}" if title else ""
    situation = topic.evidence["situation"]
    facts = {
        "role": setup.role,
        "company": setup.company,
        "interviewer": interviewer.name,
        "first_name": interviewer.name.split()[0],
        "title": title or "(not given)",
        "others": ", ".join(p.name for p in panel if p.name != interviewer.name) or "(none)",
        "subject": f"Thank you \u2013 {setup.role} interview",
        "area": f"the {area} perspective" if area else perspective,
        "topic": topic.topic,
        "story": _clause(situation[0], 14) if situation else "",
        "strength": "",
        "competency": "",
        "weak_topic": weakest.topic,
        "weak_said": _own_words(said, "as I mentioned, {}", "I mentioned {}") if said else "",
        "weak_gap": MISSING[worst] if weakest.scores[worst] < 2 else "",
        "research": detail or "",
        "signature": signature,
    }
    if strength:
        story, comp = strength
        example = "that example" if story is topic else f"my example about {story.topic}"
        quote_ = max(story.evidence[comp], key=len)
        facts["strength"] = f"I hope {example} showed how I {STRENGTH[comp]}: "
        facts["strength"] += _own_words(quote_, "{}", "as I put it, {}")
        facts["competency"] = story.competency
    # Each fact sits between <fact> tags in the prompt: none may close or open one.
    return {k: re.sub(r"</?\s*fact\b[^>]*>", "", v, flags=re.I) for k, v in facts.items()}


def template_body(f: dict[str, str], rich: int = 3) -> str:
    """The offline draft; a lower ``rich`` (3 to 0) drops optional clauses to fit 200 words.

    The clause naming the interviewer's area goes last: it is what keeps emails to a
    panel apart.
    """
    area = f", and for sharing {f['area']}" if f["area"] and rich >= 1 else ""
    story = f", and talking through the time {f['story']}" if f["story"] and rich >= 3 else ""
    paras = [
        f"Hi {f['first_name']},",
        f"Thank you for taking the time to speak with me about the {f['role']} role at "
        f"{f['company']}{area}. I especially enjoyed discussing {f['topic']}{story}.",
    ]
    if f["strength"]:
        fit = f" That is the kind of {f['competency']} I would bring to the team."
        paras.append(f"{f['strength']}." + (fit if f["competency"] and rich >= 2 else ""))
    said = f["weak_said"]
    if f["weak_gap"]:
        said = f"{said}, but I" if said else "I realise I"
        gap = f"{said} didn't make {f['weak_gap']} clear, and I'd be glad to go through it"
    else:  # every answer was complete: offer more, and admit nothing that isn't so
        gap = (
            f"{said}, and I'd be happy to talk it through"
            if said
            else "I'd be happy to talk it through"
        )
    paras.append(
        f"On the question about {f['weak_topic']}, I'd like to add a little: {gap} in more detail."
    )
    if f["research"]:
        paras.append(
            f"One detail from my research stood out: {f['research']} It is part of why I "
            f"would love to join {f['company']}."
        )
    else:
        paras.append(f"I would love to join {f['company']} and contribute to the team's work.")
    paras.append("Thank you again for your time. I look forward to hearing about next steps.")
    paras.append(f"Best regards,\n{f['signature']}")
    return "\n\n".join(paras)


def _template(facts: dict[str, str]) -> str:
    """The richest draft that fits 100–200 words; long quotes are the last thing to go."""
    shorter = [facts, {**facts, "weak_said": ""}, {**facts, "weak_said": "", "story": ""}]
    body = ""
    for f in shorter:
        for rich in (3, 2, 1, 0):
            body = template_body(f, rich)
            if WORDS[0] <= len(words(body)) <= WORDS[1]:
                return body
    return body


def _parse_draft(text: str, default_subject: str) -> tuple[str, str]:
    text = re.sub(r"^\s*```\w*\s*|\s*```\s*$", "", text)
    m = re.match(r"\s*subject:\s*(.+?)\s*\n", text, re.I)
    if not m:
        return default_subject, text.strip()
    return m.group(1).strip(), text[m.end() :].strip()


def draft_email(
    record: SessionRecord,
    interviewer: PanelMember | str,
    research: list[str] | None = None,
    llm: Any = None,
    signature_name: str | None = None,
) -> Email:
    """A thank-you email to one interviewer, checked against the rubric before it is shown."""
    if isinstance(interviewer, str):
        interviewer = find_interviewer(record, interviewer)
    research = list(research or [])
    signature = (signature_name or "").strip() or "[your name]"
    facts = plan_email(record, interviewer, research, signature)
    notes = [] if research else ["No company research was available, so none is cited."]

    def email(subject: str, body: str, source: str = "template") -> Email:
        checks = check_email(subject, body, record, interviewer, research, signature_name=signature)
        return Email(
            interviewer.name,
            subject,
            body,
            send_by(record),
            checks,
            notes,
            interviewer.title,
            source,
        )

    if llm is not None:
        from ..llm.client import LLMError, render
        from ..llm.guards import unsafe_to_show

        messages = [
            {
                "role": "system",
                "content": render("thank_you_email", getattr(llm, "settings", None), **facts),
            },
            {"role": "user", "content": f"Write the thank-you email to {interviewer.name}."},
        ]
        try:
            problems = ""
            for attempt in range(2):
                reply = llm.chat(messages, temperature=0.2, max_tokens=450).text
                draft = email(*_parse_draft(reply, facts["subject"]), source="llm")
                if unsafe_to_show(f"{draft.subject}\n{draft.body}"):
                    notes.append(
                        "The LLM draft carried instructions, a verdict or a link that a "
                        "thank-you email never holds; this is the template draft instead."
                    )
                    break
                failed = [c for c in draft.checks if not c.passed and c.name != "send_by"]
                if not failed:
                    if attempt:  # said after the fact: notes never reach the request
                        notes.append(
                            f"The first LLM draft failed the checks ({problems}) and was "
                            "regenerated; this is the second draft."
                        )
                    return draft
                problems = "; ".join(f"{c.name}: {c.detail}" for c in failed)
                fix = (
                    f"That draft fails these checks: {problems}. Rewrite the whole email to "
                    "fix them, using only the facts given, in the same format."
                )
                messages += [
                    {"role": "assistant", "content": reply},
                    {"role": "user", "content": fix},
                ]
            else:
                notes.append(
                    f"The LLM draft failed the checks twice ({problems}); this is the "
                    "template draft instead."
                )
        except LLMError as exc:
            notes.append(f"The LLM could not draft the email ({exc}); this is the template draft.")
    return email(facts["subject"], _template(facts))


def draft_emails(
    record: SessionRecord,
    research: list[str] | None = None,
    llm: Any = None,
    signature_name: str | None = None,
) -> list[Email]:
    """One email per interviewer; with nobody named we would have to guess a name, so error."""
    panel = record.setup.interviewers
    if not panel:
        raise InputError(f"session {record.id} names no interviewers: add one to draft an email")
    return [draft_email(record, i, research, llm, signature_name) for i in panel]


# --- exports -----------------------------------------------------------------------------


def to_text(email: Email) -> str:
    return f"To: {email.to}\nSubject: {email.subject}\n\n{email.body}\n"


def to_eml(email: Email, address: str | None = None, date: datetime | None = None) -> bytes:
    """An unsent draft for a mail client; with no address, ``To`` is the name as an empty group.

    Header values lose control and format characters first: a CR in a name or an edited
    subject must not start a header of its own (``Bcc:``).
    """
    from ..untrusted import clean_line

    msg = EmailMessage()
    to = clean_line(email.to)
    if address:
        msg["To"] = Address(display_name=to, addr_spec=clean_line(address))
    else:
        msg["To"] = Group(display_name=to, addresses=())
    msg["Subject"] = clean_line(email.subject)
    msg["Date"] = format_datetime(aware(date or datetime.now().astimezone()))
    msg["X-Unsent"] = "1"  # Outlook and others open such a file as a draft to edit and send
    msg.set_content(email.body + "\n")
    return msg.as_bytes()


def mailto_link(email: Email, address: str = "") -> str:
    """A ``mailto:`` URL; line breaks become CRLF (RFC 6068) so clients keep the paragraphs."""
    body = email.body.replace("\r\n", "\n").replace("\n", "\r\n")
    subject = quote(email.subject, safe="")
    return f"mailto:{quote(address, safe='@')}?subject={subject}&body={quote(body, safe='')}"

"""Thank-you emails built from what each interviewer asked and what the candidate answered.

A note may repeat what the candidate said, what the setup says (names, role, company) and
what the research says, and nothing else. :func:`plan_email` picks, for one interviewer,
the questions *they* asked (named by theme, never pasted), the candidate's story, one or
two strengths the answers showed, one research fact nobody else on the panel gets, and the
candidate's chosen clarification if there is one. The offline template writes those facts
as prose, with its own wording for each person on the panel (notes get compared); an LLM
gets the same facts and must pass the same rubric (:func:`rubric.check_email`), or it is
asked once to fix its draft and then replaced by the template. The LLM request holds no
clock time or randomness, so a fixed session always sends the same bytes (cassettes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address, Group
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import InputError
from ..models import PanelMember, SessionRecord
from ..report.model import aware
from .rubric import (
    OUTCOME,
    SEND_WITHIN,
    THEMES,
    WORDS,
    Check,
    Story,
    asked_themes,
    check_email,
    deadline_text,
    distinct,
    find_interviewer,
    interview_end,
    research_sentences,
    stories,
    words,
)

if TYPE_CHECKING:
    from ..llm.protocol import ChatModel

__all__ = ["Check", "Email", "check_email", "draft_email", "draft_emails", "find_interviewer"]

PLACEHOLDER_NAME = "[your name]"
# Words that may start a quoted clause in lower case.
STARTERS = {"the", "our", "we", "my", "a", "an", "one", "at", "in", "last", "when", "after",
            "afterwards", "then", "within", "by", "over", "on", "since", "this", "its", "it",
            "each", "every", "about", "roughly", "around", "staff", "new", "those", "these",
            "that", "two", "three", "four", "five", "six", "most", "all", "as"}  # fmt: skip
# Each person on a panel gets their own wording (index = their place on the panel).
OPENINGS = (
    "Thank you for taking the time to speak with me about the {role} role at {company}.",
    "Thank you for meeting with me about the {role} role at {company}.",
    "Many thanks for your time and for the conversation about the {role} role at {company}.",
)
TOPICS = (
    "I especially enjoyed your {questions} about {themes}, and talking you through {story}.",
    "I enjoyed our conversation about {themes}, and the chance to walk you through {story}.",
    "I was glad you asked about {themes}, and that I could talk through {story}.",
)
TOPICS_NO_STORY = (
    "I especially enjoyed your {questions} about {themes}.",
    "I enjoyed our conversation about {themes}.",
    "I was glad you asked about {themes}.",
)
STRENGTHS = {
    "result": (
        "I was glad to share how it turned out: {clause}.",
        "I was pleased to share the outcome: {clause}.",
        "It was good to share where that ended up: {clause}.",
    ),
    "action": (
        "The part I am proudest of is that {clause}.",
        "It is typical of how I work: {clause}.",
        "What I would point to is that {clause}.",
    ),
    "task": (
        "I was glad to own it: {clause}.",
        "I took that responsibility seriously: {clause}.",
        "I was happy to own that: {clause}.",
    ),
}
BRING = (
    "I would bring the same {noun} to this role.",
    "I would bring that same {noun} to your team.",
    "It is the kind of {noun} I would bring to the role.",
)
#: When no answer showed a strength to restate, the note offers more on what was asked
#: instead of claiming one (the candidate can still add a detail by hand).
MORE_ON = (
    "I would welcome the chance to continue our conversation and to go into more detail on any "
    "of my examples.",
    "If it would help, I would be glad to give more detail on any of the examples I shared.",
    "I would be happy to expand on any of my answers if that would be useful.",
)
RESEARCH = (
    "One thing I read while preparing stayed with me: {fact} {tie}",
    "Something I came across in my research stood out: {fact} {tie}",
    "While preparing, I was struck by one detail: {fact} {tie}",
)
TIES = (
    "It is a big part of why I would be glad to join {company}.",
    "It made me even keener to join {company}.",
    "It is one of the reasons {company} appeals to me.",
)
NO_RESEARCH = (
    "I would love to join {company} and contribute to the team's work.",
    "I would be glad to join {company} and add to what the team is building.",
    "I would be excited to bring this to {company}.",
)
CLOSES = (
    "Thank you again for your time. I look forward to hearing about next steps.",
    "I appreciated the conversation, and I look forward to hearing from you about next steps.",
    "Thanks again, and I look forward to hearing about the next steps.",
)
SIGN_OFFS = ("Best regards,", "Kind regards,", "Warm regards,")


@dataclass
class Email:
    to: str
    subject: str
    body: str
    send_by: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    source: str = "template"  # "llm", or "edited" once the candidate changed it

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "to": self.to,
            "subject": self.subject,
            "body": self.body,
            "send_by": self.send_by,
            "send_by_text": deadline_text(datetime.fromisoformat(self.send_by))
            if self.send_by
            else "",
            "checks": [c.to_dict() for c in self.checks],
            "notes": list(self.notes),
            "source": self.source,
        }


def send_by(record: SessionRecord) -> str:
    return (interview_end(record) + SEND_WITHIN).isoformat(timespec="minutes")


#: How a story's first clause may start: a person or thing it happened to.
SUBJECTS = {"our", "my", "we", "i", "the", "a", "an", "one", "two", "three", "several", "some",
            "this", "their", "his", "her", "its", "when"}  # fmt: skip
#: Tags that fence the facts in the email prompt: a fact may neither close nor open one.
FENCE = re.compile(r"</?\s*(?:notes|draft|fact)\b[^>]*>", re.I)
FILLER = re.compile(
    r"^(?:(?:okay|ok|so|well|um+|uh+|like|basically|right|and|then|but)\b[,\s]*)+", re.I
)
#: Words a clause must not end on ("…stored at the"): it was cut mid-phrase.
DANGLING = {"a", "an", "the", "of", "to", "at", "in", "on", "for", "with", "and", "or", "but",
            "who", "which", "that", "was", "were", "is", "because", "so", "my", "our", "their",
            "his", "her", "this", "by", "from", "as", "i", "we"}  # fmt: skip


#: Past tenses that do not end in -ed, for telling a list of steps from a list of things.
PAST_IRREGULAR = (
    "let|set|put|made|ran|took|got|gave|sent|wrote|met|told|built|led|found|kept|held|brought|"
    "spoke|rang|sat|went|did|cut|paid|bought|taught|thought|chose|drove|began|won|sold|read"
)


def _clause(evidence: str, limit: int = 18) -> str:
    """The candidate's own words, without fillers, short enough for one sentence."""
    text = re.sub(r",?\s+\b(?:um+|uh+|you know|basically)\b,?", "", evidence.strip(), flags=re.I)
    text = FILLER.sub("", text)
    parts = text.rstrip(" .,;:").split()
    if parts and parts[0].lower() in STARTERS:
        parts[0] = parts[0].lower()
    if len(parts) > limit:  # cut at a comma, never inside a phrase (it could drop a number)
        cuts = [i + 1 for i, w in enumerate(parts[: limit + 1]) if w.endswith((",", ";"))]
        parts = parts[: cuts[-1]] if cuts else parts[: limit + 8]
    while parts and parts[-1].lower().strip(",;:") in DANGLING:
        parts.pop()
    clause = " ".join(parts).rstrip(" .,;:")
    if len(parts) < len(text.rstrip(" .,;:").split()):
        # cut after the second of several steps ("I called the team, moved the HCA to…, and
        # I rang…"): the two kept read as a pair, not a list that stops
        clause = re.sub(rf", (?=(?:\w+ed|{PAST_IRREGULAR})\b)(?!.*, )", " and ", clause)
    return clause


def _first_person(evidence: str) -> str:
    """An action or task quote as a clause the candidate says ('I redesigned…')."""
    clause = _clause(evidence)
    first = clause.split()[0].lower() if clause else ""
    if first.endswith("ed") and first not in STARTERS:  # "failed over…": the speaker did it
        clause = f"I {clause}"
    return clause


#: What follows "I was" without naming a post: a part played, a state, a feeling.
NOT_A_POST = r"(?:the |a )?(?:only )?one\b|an? (?:bit|little|lot)\b|the (?:first|last)\b"


def story_phrase(story: Story) -> str:
    """What the answer was about: 'the time our service was timing out…', 'my time as…'."""
    quote = next(iter(story.evidence["situation"]), "")
    if not quote:
        return ""
    clause = _clause(quote, 14)
    place = re.match(r"(?i)(?:at|in) (an? [^,]+?|[A-Z]\w+)(?:,| where)?\s+(?:i was|i worked as) "
                     rf"(?!{NOT_A_POST})((?:an?|the) [^,]+)", clause)  # fmt: skip
    if place:
        return f"my time as {place.group(2)} at {place.group(1)}"
    # "At Parcelwise, our service…" / "Last year, we…": the scene-setting goes.
    clause = re.sub(r"^(?:at|in|during|last|after|on)\b[^,]{0,30},\s+", "", clause, flags=re.I)
    clause = re.sub(
        r"^(?:last|this|that) (?:spring|summer|autumn|fall|winter|year|month|week)\b"
        r"(?: at [A-Z]\w+)?\s*,?\s*",
        "",
        clause,
        flags=re.I,
    )
    clause = re.sub(r"^(?:when|while)\s+", "", clause, flags=re.I)
    # a post ("I was the duty supervisor"), not a part played or a state ("I was the one who
    # made sure...", "I was a bit nervous"): "my time as the one who..." reads as nonsense
    role = re.match(rf"(?i)i (?:was|worked as) (?!{NOT_A_POST})((?:an?|the) [^,]+|"
                    r"\w+(?:er|or|ist|ant|ent)\b[^,]*)", clause)  # fmt: skip
    if role:
        return f"my time as {role.group(1)}"
    # "this was in 2021", "the brief was simple: …", "in the spring": no story to name
    if re.match(r"(?i)(?:at|in|(?:this|that|it) (?:was|is)) ", clause) or ":" in clause:
        return ""
    # it must start like a sentence about something that happened ("our service…", "I…")
    if len(clause.split()) < 4 or clause.split()[0].lower() not in SUBJECTS:
        return ""
    if clause[0].isupper() and clause.split()[0].lower() in STARTERS:
        clause = clause[0].lower() + clause[1:]
    return f"the time {clause}"


def _named(sentence: str, company: str) -> str:
    """A research sentence that opens on "It" or "Its" names the company instead.

    Lifted out of its paragraph, "it was founded in 2015 in Edinburgh..." after "stayed with
    me:" leaves the reader to guess what "it" is. ("They" is left alone: it may be customers.)
    """
    m = re.match(r"(It|Its)\s+", sentence)
    if not m or not company:
        return sentence
    owner = "'s" if m.group(1) == "Its" else ""
    return f"{company}{owner} {sentence[m.end() :]}"


def _lower_start(sentence: str) -> str:
    first = sentence.split()[0] if sentence.split() else ""
    return sentence[0].lower() + sentence[1:] if first.lower() in STARTERS else sentence


#: Title words that say nothing about what someone works on.
TITLE_WORDS = {"staff", "senior", "junior", "principal", "engineer", "engineering", "software",
               "director", "manager", "head", "lead", "chief", "officer", "team", "associate",
               "specialist", "president"}  # fmt: skip


def _assign(panel: list[PanelMember], items: list[Any], text_of: Any) -> dict[str, Any]:
    """Give each interviewer a different item, the best fit to their title overall.

    Panels compare notes, so two people should not get the same detail while there are
    enough to go round. Among equal fits, earlier items (the caller's preference) win.
    """
    from itertools import permutations

    if not items:
        return {p.name: None for p in panel}
    titles = [distinct(p.title, TITLE_WORDS) for p in panel]
    texts = [distinct(text_of(item)) for item in items]
    k = len(panel)
    if k > len(items) or k > 4:  # share, in turn
        return {p.name: items[i % len(items)] for i, p in enumerate(panel)}

    def value(choice: tuple[int, ...]) -> tuple[int, int]:
        fit = sum(len(titles[i] & texts[j]) for i, j in enumerate(choice))
        return fit, -sum(choice)

    best = max(permutations(range(len(items)), k), key=value)
    return {p.name: items[j] for p, j in zip(panel, best, strict=True)}


def strengths_of(story: Story) -> list[tuple[str, str]]:
    """(part, the candidate's words) for each part of the answer that showed a strength.

    A result counts only when its words read as an outcome (a number, "dropped", "since"),
    so a sentence that sets the scene is never restated as a result.
    """
    out = []
    for comp in ("result", "action", "task"):
        if story.scores[comp] != 2:
            continue
        quotes = [q for q in story.evidence[comp] if comp != "result" or OUTCOME.search(q)]
        quotes = [q for q in quotes if q not in story.evidence["situation"][:1]]
        clauses = [_clause(q) if comp == "result" else _first_person(q) for q in quotes]
        clauses = [c for c in clauses if len(c.split()) >= 5 and ":" not in c]
        if clauses:
            out.append((comp, max(clauses, key=len)))
    return out


def _best(told: list[Story]) -> Story:
    """The answer with the most to restate; the earlier one among equals."""
    return max(told, key=lambda s: (len(strengths_of(s)), -s.number))


def told_a_story(story: Story) -> bool:
    """An answer with a scene and something the candidate did: worth naming as "the time…".

    "We just all pitched in really" sets no scene worth recalling; naming it in a note
    would point the interviewer back at the weakest moment of the interview.
    """
    return story.scores["situation"] >= 1 and story.scores["action"] >= 1


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def plan_email(
    record: SessionRecord,
    interviewer: PanelMember,
    research: list[str],
    signature: str,
    clarification: str = "",
) -> dict[str, str]:
    """The facts one email is built from, chosen for this interviewer; also the LLM's input."""
    setup = record.setup
    panel = list(setup.interviewers)
    if interviewer.name not in [p.name for p in panel]:
        panel.append(interviewer)
    told = stories(record)
    if not told:
        raise InputError("This interview has no answered questions for a thank-you note.")
    theirs = [s for s in told if s.asker == interviewer.name]
    themes = list(dict.fromkeys(s.theme for s in theirs))[:2]
    story_told = bool(theirs)
    if not theirs:  # none of their questions was answered (skipped), or an old session
        themes = asked_themes(record, interviewer.name)[:2]
        theirs = [_assign(panel, told, lambda s: f"{s.question} {s.answer}")[interviewer.name]]
        themes = themes or [theirs[0].theme]
        story_told = not asked_themes(record, interviewer.name)
    main = _best(theirs)
    shown = strengths_of(main)[:2]
    said_to = ""
    if shown and main.asker and main.asker != interviewer.name:  # another's question
        shown = shown[:1]
        said_to = f"when {main.asker.split()[0]} asked about {main.theme}"
    if not shown:  # their question's answer showed none: another answer's strength will do,
        # one the others' notes do not already lead with, and only one of it
        leads = {id(_best(mine)) for p in panel if (mine := [s for s in told if s.asker == p.name])}
        other = _best([s for s in told if id(s) not in leads and strengths_of(s)] or told)
        if not strengths_of(other):  # no story showed one: the opening's achievement may
            other = next((s for s in stories(record, every=True) if strengths_of(s)), other)
        shown = strengths_of(other)[:1]
        if shown and other.asker and other.asker != interviewer.name:  # the panel heard it
            said_to = f"when {other.asker.split()[0]} asked about {other.theme}"
    found = research_sentences(research)
    # A fact that is one plain sentence reads best after "stayed with me:"; lists go last.
    found = sorted(found, key=lambda x: (":" in x or ";" in x, found.index(x)))
    facts = _assign(panel, found, str)
    index = [p.name for p in panel].index(interviewer.name)
    competency = setup.role.partition(",")[0]
    facts_ = {
        "role": setup.role,
        "company": setup.company,
        "interviewer": interviewer.name,
        "first_name": interviewer.name.split()[0],
        "title": interviewer.title.strip() or "(not given)",
        "others": ", ".join(p.name for p in panel if p.name != interviewer.name) or "(none)",
        "subject": f"Thank you \u2013 {competency} interview ({themes[0]})",
        "themes": _join(themes),
        "questions": "questions" if len(theirs) > 1 or len(themes) > 1 else "question",
        "story": story_phrase(main) if story_told and told_a_story(main) else "",
        "strength_part": shown[0][0] if shown else "",
        "strength": shown[0][1] if shown else "",
        "strength2_part": shown[1][0] if len(shown) > 1 else "",
        "strength2": shown[1][1] if len(shown) > 1 else "",
        "bring": THEMES.get((told_a_story(main) and main.shows) or main.competency, THEMES[""])[1],
        "strength_said_to": said_to,
        "research": _lower_start(_named(facts.get(interviewer.name) or "", setup.company)),
        "clarification": clarification.strip(),
        "clarify_theme": themes[0],
        "signature": signature,
        "variant": str(index % len(OPENINGS)),
        "sign_off": SIGN_OFFS[index % len(OPENINGS)],
        "short_role": competency,
    }
    # The facts reach the prompt between <notes> and <draft> tags: none may close or open one.
    return {k: FENCE.sub("", v) for k, v in facts_.items()}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def template_body(f: dict[str, str], rich: int = 3) -> str:
    """The offline draft; a lower ``rich`` (3 to 0) drops optional sentences to fit 200 words."""
    v = int(f["variant"])
    topic = (TOPICS if f["story"] and rich >= 2 else TOPICS_NO_STORY)[v].format(**f)
    paras = [f"Hi {f['first_name']},", OPENINGS[v].format(**f) + " " + topic]
    if f["strength"]:
        said = [STRENGTHS[f["strength_part"]][v].format(clause=f["strength"])]
        if f.get("strength_said_to"):  # told to the panel for another's question: say so
            said = [f"As I said {f['strength_said_to']}, {f['strength']}."]
        if f["strength2"] and rich >= 3:
            said.append(STRENGTHS[f["strength2_part"]][(v + 1) % 3].format(clause=f["strength2"]))
        if rich >= 1:
            said.append(BRING[v].format(noun=f["bring"]))
        paras.append(" ".join(said))
    elif not f["clarification"] and rich >= 1:
        paras.append(MORE_ON[v].format(**f))
    if f["clarification"]:
        paras.append(f"One more thing on {f['clarify_theme']}: {_sentence(f['clarification'])}")
    if f["research"]:
        # the fact already names the company: "...glad to join the team", not its name again
        named = f["company"] and f["company"].casefold() in f["research"].casefold()
        tie = TIES[v].format(**{**f, "company": "the team" if named else f["company"]})
        paras.append(RESEARCH[v].format(fact=_sentence(f["research"]), tie=tie))
    else:
        paras.append(NO_RESEARCH[v].format(**f))
    paras.append(CLOSES[v])
    paras.append(f"{f['sign_off']}\n{f['signature']}")
    return "\n\n".join(paras)


def _template(facts: dict[str, str]) -> str:
    """The richest draft that fits 100–200 words."""
    body = ""
    for rich in (3, 2, 1, 0):
        body = template_body(facts, rich)
        if len(words(body)) <= WORDS[1]:
            return body
    return body


def _parse_draft(text: str, default_subject: str) -> tuple[str, str]:
    text = re.sub(r"^\s*```\w*\s*|\s*```\s*$", "", text)
    m = re.match(r"\s*subject:\s*(.+?)\s*\n", text, re.I)
    if not m:
        return default_subject, text.strip()
    return m.group(1).strip(), text[m.end() :].strip()


def _notes(f: dict[str, str]) -> str:
    """The facts as the candidate's own notes: small models write best from plain sentences."""
    first = f["first_name"]
    lines = [f"- {first} ({f['title']}) asked me about {f['themes']}."]
    if f["story"]:
        lines.append(f"- I told {first} about {f['story']}.")
    says = {"result": "How it turned out: {}.", "action": "What I did: {}.", "task": "{}."}
    for key in ("strength", "strength2"):
        if f[key]:
            lines.append("- " + says[f[key + "_part"]].format(f[key]))
    if f.get("strength_said_to"):
        lines[-1] += f" (I said this {f['strength_said_to']}.)"
    lines.append(f"- I would bring the same {f['bring']} to this role.")
    if f["clarification"]:
        lines.append(f"- One more thing I want to add: {_sentence(f['clarification'])}")
    if f["research"]:
        lines.append(f"- From my research on {f['company']}: {_sentence(f['research'])}")
    return "\n".join(lines)


def draft_email(
    record: SessionRecord,
    interviewer: PanelMember | str,
    research: list[str] | None = None,
    llm: ChatModel | None = None,
    signature_name: str | None = None,
    *,
    clarification: str = "",
    others: list[tuple[str, str]] | None = None,
) -> Email:
    """A thank-you email to one interviewer, checked against the rubric before it is shown.

    ``others`` are the notes to the rest of the panel (subject, body); when not given, the
    offline drafts to them stand in, so a note that copies another still fails.
    """
    if isinstance(interviewer, str):
        interviewer = find_interviewer(record, interviewer)
    research = list(research or [])
    name = (signature_name or record.setup.candidate_name or "").strip()
    signature = name or PLACEHOLDER_NAME
    facts = plan_email(record, interviewer, research, signature, clarification)
    notes = [] if research else ["No company research was available, so none is cited."]
    if not name:
        notes.append("Add your name (Prepare tab, or --candidate-name) to sign the email.")
    if others is None:
        others = stand_ins(record, interviewer, research, signature)

    def email(subject: str, body: str, source: str = "template") -> Email:
        checks = check_email(
            subject,
            body,
            record,
            interviewer,
            research,
            signature_name=name,
            others=others,
            clarification=clarification,
        )
        return Email(
            interviewer.name, subject, body, send_by(record), checks, notes, interviewer.title,
            source,
        )  # fmt: skip

    if llm is not None:
        from ..llm.client import LLMError, render
        from ..llm.guards import unsafe_to_show

        messages = [
            {
                "role": "system",
                "content": render(
                    "thank_you_email",
                    llm.settings,
                    notes=_notes(facts),
                    draft=_template(facts),
                    **facts,
                ),
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
                problems = "; ".join(f"{c.label}: {c.detail}" for c in failed)
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
    llm: ChatModel | None = None,
    signature_name: str | None = None,
    clarifications: dict[str, str] | None = None,
) -> list[Email]:
    """One email per interviewer, each checked against the others as drafted."""
    panel = record.setup.interviewers
    if not panel:
        raise InputError(f"session {record.id} names no interviewers: add one to draft an email")
    out: list[Email] = []
    for person in panel:
        drafted = [(e.subject, e.body) for e in out]
        extra = (clarifications or {}).get(person.name, "")
        e = draft_email(record, person, research, llm, signature_name, clarification=extra)
        if drafted:  # the template stand-ins for earlier people are replaced by the real notes
            e = recheck(record, e, research, signature_name, drafted, extra)
        out.append(e)
    for i, e in enumerate(out[:-1]):  # earlier notes, checked against the later ones too
        others = [(o.subject, o.body) for o in out if o is not e]
        extra = (clarifications or {}).get(e.to, "")
        out[i] = recheck(record, e, research, signature_name, others, extra)
    return out


def stand_ins(
    record: SessionRecord, person: PanelMember, research: list[str], signature: str
) -> list[tuple[str, str]]:
    """The offline drafts to the rest of the panel: what a note must not copy when the real
    notes to them are not written yet."""
    return [
        (f["subject"], _template(f))
        for p in record.setup.interviewers
        if p.name != person.name
        for f in [plan_email(record, p, research, signature)]
    ]


def recheck(
    record: SessionRecord,
    email: Email,
    research: list[str] | None,
    signature_name: str | None,
    others: list[tuple[str, str]] | None,
    clarification: str = "",
) -> Email:
    """The same email with its checks run again (after an edit, or against other notes)."""
    name = (signature_name or record.setup.candidate_name or "").strip()
    if others is None:
        person = find_interviewer(record, email.to)
        others = stand_ins(record, person, list(research or []), name or PLACEHOLDER_NAME)
    email.checks = check_email(
        email.subject, email.body, record, email.to, list(research or []),
        signature_name=name, others=others, clarification=clarification,
    )  # fmt: skip
    return email


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

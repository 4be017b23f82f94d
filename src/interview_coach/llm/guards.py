"""Guards around the LLM: what goes into a prompt, and what may come out of one.

Research passages are clipped to the sentences that matter and fenced as data; model output
must be one clean question (or a grounded answer) with no injected commands or verdicts in
it. Everything here is pure text work, so it is cheap to test and the same in every mode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..models import SessionSetup
from ..text import sentences
from ..tokens import count_tokens

#: Per-passage budget in prompts: enough for a fact or two, small enough to keep prompts flat.
PASSAGE_TOKENS = 120
MAX_PASSAGES = 3
#: Length a spoken question may have; longer output is the model rambling.
MAX_QUESTION_CHARS = 400


INJECTION = re.compile(
    r"ignore (?:all |any |the )?(?:previous|prior|above|earlier) instructions|you(?:'re| are) hired"
    r"|system prompt|</?research|</?answer",
    re.IGNORECASE,
)


def looks_like_instructions(text: str) -> bool:
    """Words the interviewer must never say: injected commands, or a verdict ("you're hired")."""
    from ..untrusted import find_injections

    return bool(INJECTION.search(text) or find_injections(text))


#: What no model output may tell a candidate, whoever asked for it in a prompt: to give up, a
#: verdict on the application, somewhere to go or something to hand over. Matched on the
#: skeleton (look-alike letters, invisible characters and case undone).
_HARMFUL = re.compile(
    r"\bwithdraw(?:ing)? (?:your|the|my|this) (?:application|candidacy)\b"
    r"|\bnever (?:\w+ )?hire\b|\b(?:won't|will not|wouldn't|would not) hire you\b"
    r"|\byou(?:'re| are| will be| have been) (?:not )?(?:hired|rejected)\b"
    r"|\byou(?:'re| are) not (?:a|the right) fit\b|\b(?:don't|do not) bother\b"
    r"|\byou should (?:just )?give up\b"
    r"|\b(?:https?|ftp)://|\bwww\.\w|\bmailto:|\]\(|<a\s|<img\b"
    r"|\b(?:password|passcode|credit card|bank details|social security)\b"
    r"|\b(?:apply|sign in|log in|register) (?:on|at|via|through|using) (?:the|our|this|that) "
    r"(?:portal|link|site|website|form)\b|\bclick (?:here|the link|this link)\b"
)


def unsafe_to_show(text: str) -> bool:
    """Whether model output must not reach the candidate: instructions, verdicts or links.

    The one check every LLM reply passes before it is shown, streamed, stored or mailed
    (greeting, questions, probes, replies, emails, rewrites), so research that slipped an
    instruction past the scrubber still cannot speak through the model.
    """
    from ..untrusted import skeleton

    return looks_like_instructions(text) or bool(_HARMFUL.search(skeleton(text)[0]))


def clip(text: str, max_tokens: int) -> str:
    """The start of ``text`` within ``max_tokens``, cut at a word, marked with an ellipsis."""
    text = " ".join(text.split())
    if count_tokens(text) <= max_tokens:
        return text
    words = text.split()
    lo, hi = 0, len(words)
    while lo < hi:  # longest prefix that fits
        mid = (lo + hi + 1) // 2
        if count_tokens(" ".join(words[:mid]) + " …") <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo]) + " …"


def source_of(hit: Any) -> dict[str, Any]:
    return {"source": hit.source, "title": hit.title, "company": hit.company}


_CONTENT_STOP_TEXT = (
    "what how why who when where which the and for are was were you your does did can could "
    "would will should tell about like know there that this with have has from into our their "
    "they them any some more much many most company team role time before after also just "
    "really then than very look looks"
)
_CONTENT_STOP = frozenset(_CONTENT_STOP_TEXT.split())


def content_words(text: str) -> set[str]:
    """Five-letter stems of the words that carry meaning, for cheap overlap scoring."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:5] for w in words if len(w) > 2 and w not in _CONTENT_STOP}


#: "This company is fictional" notes in demo research are not facts to weave into a question.
_DISCLAIMER = re.compile(
    r"[^.!?]*\b(?:is a fictional|are invented|practice example for)\b[^.!?]*[.!?]\s*", re.I
)


def focus(text: str, query: str, max_tokens: int = PASSAGE_TOKENS) -> str:
    """The sentences of ``text`` most about ``query``, in their order, within ``max_tokens``.

    Clipping a chunk to its first sentences loses the fact a question is about (the on-call
    rota sits in the middle of "engineering practices"); this keeps it.
    """
    text = _DISCLAIMER.sub("", " ".join(text.split()))
    if not query.strip() or count_tokens(text) <= max_tokens:
        return clip(text, max_tokens)
    said = sentences(text)
    wanted = content_words(query)
    ranked = sorted(range(len(said)), key=lambda i: (-len(wanted & content_words(said[i])), i))
    keep: list[int] = []
    used = 0
    for i in ranked:
        cost = count_tokens(said[i]) + 2  # room for the "…" between non-neighbours
        if used + cost <= max_tokens:
            keep.append(i)
            used += cost
    if not keep:
        return clip(text, max_tokens)
    out: list[str] = []
    for n, i in enumerate(sorted(keep)):
        if n and i != sorted(keep)[n - 1] + 1:
            out.append("…")
        out.append(said[i])
    return " ".join(out)


def passage_block(
    hits: Sequence[Any],
    query: str = "",
    *,
    limit: int = MAX_PASSAGES,
    max_tokens: int = PASSAGE_TOKENS,
) -> str:
    """Research as numbered passages cut to what matters for ``query``; fences defused."""
    if not hits:
        return "(no research passages)"
    parts = []
    for n, hit in enumerate(hits[:limit], start=1):
        body = focus(hit.text, query, max_tokens)
        body = re.sub(r"</?\s*(?:research|answer|fact)\b[^>]*>", "", body, flags=re.I)
        parts.append(f"[{n}] {hit.title or hit.source}\n{body}")
    return "\n\n".join(parts)


#: An imperative question ("Tell me about...") starts its sentence, maybe after "So," or "Please".
_ASKING = re.compile(
    r"^(?:\w+,\s*)?(?:please\s+)?(?:tell me|describe|walk me|give me|talk me|share)\b", re.I
)
#: 'Sure, here's the follow-up question: <answer> … </answer>' (the 1.5B local model echoing
#: the fence its prompt puts around the candidate's answer): the question inside is usable.
_WRAPPER = re.compile(
    r"^[^.!?:\n]{0,40}\bhere(?:'s| is) (?:the|your) (?:follow-up |next )?question:\s*", re.I
)
_FENCE = re.compile(r"</?\s*(?:answer|question)\s*>", re.I)
_META = re.compile(
    r"\b(?:the research|passages?|bank question|rephrased|rewritten|here is|here's)\b", re.I
)


def first_question(text: str) -> str | None:
    """One clean question from model output, or None when the output is not usable.

    Small local models stack two or three questions in one turn, or wrap the question in
    talk about the task ('Based on the research, a good question is: "..."'); we keep the
    first question with at most one lead-in sentence.
    """
    text = re.sub(r"[*_`#]+", "", text or "").replace("“", '"').replace("”", '"')
    text = _FENCE.sub(" ", _WRAPPER.sub("", text.strip()))
    quoted = re.search(r':\s*"(.+)', text, re.S)
    if quoted:
        text = quoted.group(1)
    text = re.sub(r"^\s*(?:interviewer|question|q)\s*[:\-]\s*", "", text, flags=re.I)
    text = " ".join(text.strip("\"' \n").split())
    if not text or unsafe_to_show(text):
        return None
    kept: list[str] = []
    for sentence in sentences(text):
        kept.append(sentence)
        if "?" in sentence or _ASKING.match(sentence):
            break
    else:
        return None  # no question in it at all
    text = " ".join(kept[-2:])  # the question and at most one lead-in
    if "?" in text:
        text = text[: text.index("?") + 1]
    text = text.strip("\"' ")
    letters = sum(ch.isalpha() for ch in text)
    if (
        len(text) < 15
        or len(text) > MAX_QUESTION_CHARS
        or letters < 0.6 * len(text)
        or _META.search(text)
    ):
        return None
    return text


_SALUTATION = re.compile(
    r"^\W*(?:hello|hi|hey|dear|welcome|greetings|good (?:morning|afternoon|evening))"
    r"(?:\s+there)?[\s,]*(?:(?:mr|mrs|ms|dr)\.?\s+)?([^\W\d_]+)",
    re.I,
)


def greets_interviewer(text: str, setup: SessionSetup) -> bool:
    """Whether the salutation addresses an interviewer ("Hello, Priya Ramanathan. I'm…").

    The model speaks *as* the first interviewer, and a small one sometimes greets that
    persona by name as if they were the candidate. "Hello, I'm Priya" is fine.
    """
    m = _SALUTATION.match(text)
    if not m:
        return False
    names = {part.casefold() for i in setup.interviewers for part in i.name.split()}
    return m.group(1).casefold() in names


#: Whose past a slip is about: the interviewer's "your time at X", a rewrite's "my project at X".
YOU = r"you(?:r)?"
ME = r"i|i'm|i've|my|me|we|our|us"


def places_at(text: str, company: str, who: str = YOU) -> bool:
    """Whether ``text`` puts ``who``'s own past at ``company`` ("your time at Quaylift").

    The candidate has not worked there yet, but the company is in every prompt, so a small
    model writes it into their story ("I was working on a project at Quaylift Robotics",
    "your work on Quaylift's team"). A long first word stands for the name ("Quaylift").
    """
    first = company.split()[0] if company.split() else ""
    name = re.escape(first if len(first) >= 5 else company.strip())
    if not name:
        return False
    person = rf"\b(?:{who})\b"
    at = rf"{person}[^.?!]{{0,80}}\bat {name}"
    opens = rf"(?:^|[.!?]\s+)at {name}(?: \w+)?,?\s+{person}"  # "At Quaylift, I led…"
    owned = rf"{person}[^.?!]{{0,80}}\b{name}(?: \w+)?['\u2019]s? (?:\w+ )?(?:project|team)"
    return bool(re.search(f"{at}|{opens}|{owned}", text, re.I))


#: "**Situation:**" or "## Result:" opening a line: small models label the parts anyway.
_STAR_LABEL = re.compile(
    r"^[ \t]*#*[ \t]*[*_]*(?:situation|task|actions?|results?)[*_]*[ \t]*:[*_]*[ \t]*", re.I | re.M
)


def plain_answer(text: str) -> str:
    """A rewrite as the candidate would say it: STAR labels, headings and bold removed.

    The prompt asks for plain text, but a small model still writes "**Situation:** …". The
    sentences under the labels are the useful part, so the Markdown is stripped rather than
    the whole rewrite thrown away; the order of the paragraphs still shows the structure.
    """
    text = _STAR_LABEL.sub("", text)
    text = re.sub(r"(?m)^[ \t]*#+[ \t].*$", "", text)  # a leftover heading ("### Rewritten answer")
    text = re.sub(r"\*\*|__", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def keeps_meaning(original: str, rephrased: str, share: float = 0.4) -> bool:
    """Whether a rephrased question still asks the bank question (small models drift)."""
    wanted = content_words(original)
    return len(wanted & content_words(rephrased)) >= share * len(wanted)

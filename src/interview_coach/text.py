"""Sentences with their character offsets: one splitter for answers, research and emails.

Every feature quotes the user's own words back at them (STAR evidence, the opening's
value proposition, a research fact, a line of an email), so a sentence must be a span of
the original text, not a cleaned-up copy, and the whole app must agree on where one
ends. The boundaries come from NLTK's Punkt sentence tokenizer, used with parameters set
here rather than a downloaded model: its rules already handle decimals ("3.5 days"),
initials, closing quotes and brackets after a full stop, and a lower-case sentence after
a full stop ("I said ok. we had two days"), which is how speech-to-text and quick typing
look. The abbreviations it should not end a sentence on are listed below.

Two things Punkt does not do are added: a line break ends a sentence (notes, bullets and
"Situation: ..." headings are typed on their own lines) unless the next line carries on a
hard-wrapped sentence, and an answer spoken without any full stop can be cut into runs of
words so that a quote stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

#: Lower-case, without the final full stop, as Punkt stores them.
ABBREVIATIONS = frozenset(
    ("a.m", "p.m", "e.g", "i.e", "etc", "vs", "approx", "dr", "mr", "mrs", "ms", "st", "jr")
    + ("sr", "inc", "ltd", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep")
    + ("sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri")
)
#: Words that, capitalised after "a.m." or "etc.", open a new sentence ("call the cars at 6
#: a.m. After one month the wait was..."); a name or a day after one ("1 a.m. Sunday") does not.
SENTENCE_STARTERS = frozenset(
    ("i", "we", "he", "she", "they", "it", "the", "this", "that", "there", "these", "those", "our")
    + ("my", "his", "her", "their", "after", "then", "when", "once", "next", "by", "within")
    + ("everyone", "everybody", "nobody", "one", "some", "all", "so", "and", "but", "later")
)
_LINE = re.compile(r"\n")
# A line that carries on the sentence before it: it starts in lower case (or with a digit
# or a bracket) and the line before ended without a sentence mark, colon or bullet marker.
_CONTINUES = re.compile(r"[ \t]*[a-z0-9(]")
_BULLET = re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,2}[.)])\s")
_ENDED = re.compile(r"[.!?:;\"'\u201d\u2019)]\s*$")


#: What a quote of the candidate's words never starts with: the punctuation a cut clause
#: leaves (a false start's comma, a bullet's dash) and the spoken glue before the point
#: ("so um", "and then", "okay yeah"). Quotes stay exact spans; they just begin later.
QUOTE_LEAD = re.compile(
    r"(?:[,;:\-\u2013\u2014*\u2022\s]+|(?:so|and|but|then|um+|uh+|erm|er|okay|ok|yeah|well|"
    r"anyway|like|basically|also|oh|ah|hmm+|honestly|right(?=,)|sure(?=[,.]))\b[,.\s]*|"
    # a note's own heading: "Situation: hotel breakfast, 250 covers"
    r"(?:situation|task|action|actions|result|results|outcome|context|goal|[STAR])\s*:\s*)+",
    re.I,
)


def quote_start(text: str, start: int, end: int) -> int:
    """Where a quote of ``text[start:end]`` should begin: after any lead-in, unless that is
    all there is (a clause that is only "and then" is quoted as it is)."""
    lead = QUOTE_LEAD.match(text, start, end)
    if lead and lead.end() < end and re.search(r"\w", text[lead.end() : end]):
        return lead.end()
    return start


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the text between line breaks, a hard-wrapped line joined to the one before."""
    cuts = [0]
    for m in _LINE.finditer(text):
        before = text[cuts[-1] : m.start()]
        after = text[m.end() :]
        wrapped = (
            before.strip()
            and not _ENDED.search(before)
            and not _BULLET.match(after)
            and _CONTINUES.match(after)
        )
        if not wrapped:
            cuts.append(m.end())
    cuts.append(len(text))
    return list(zip(cuts, cuts[1:], strict=False))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of spaces; fragments without a word dropped."""
    out: list[tuple[int, int]] = []
    punkt = _punkt()
    for a, b in _blocks(text):
        for s, e in punkt.span_tokenize(text[a:b]):
            start, end = a + s, a + e
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start and re.search(r"\w", text[start:end]):
                out.append((start, end))
    return out


def sentences(text: str) -> list[str]:
    """The sentences themselves, for callers that need no offsets."""
    return [text[s:e] for s, e in sentence_spans(text)]


def runs(
    text: str,
    span: tuple[int, int],
    *,
    longest: int,
    size: int,
    joiners: Collection[str] = (),
) -> list[tuple[int, int]]:
    """A sentence of more than ``longest`` words cut into runs of about ``size`` words.

    Speech-to-text may give a whole answer as one "sentence". With ``joiners`` (such as
    "so", "and then") a run ends before the first joining word once it has ``size`` words,
    so each piece reads as a clause; without them it is cut every ``size`` words.
    """
    start, end = span
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= longest:
        return [span]
    pieces: list[tuple[int, int]] = []
    begin = 0
    for k, w in enumerate(words):
        if k - begin < size:
            continue
        if not joiners or w.group().lower() in joiners:
            pieces.append((start + words[begin].start(), start + words[k - 1].end()))
            begin = k
    pieces.append((start + words[begin].start(), start + words[-1].end()))
    return pieces


_ITEM_BREAK = re.compile(r"\s*[:;]\s+|,\s+(?:(?:and|or)\s+)?")


def list_items(sentence: str, min_words: int = 2) -> list[str]:
    """The items of a sentence that lists things, or the sentence itself.

    A job description written as prose packs several asks into one sentence ("someone who
    builds carrier relationships, improves processes with data, and leads people through
    change"); quoting or matching the whole of it blurs them. The sentence is cut at colons,
    semicolons and commas (with a following "and"/"or"), and kept whole when any piece would
    have fewer than ``min_words`` words ("Build, test and ship features" is one ask).
    """
    text = sentence.strip().rstrip(".!?;:, ")
    items = [p.strip() for p in _ITEM_BREAK.split(text) if p.strip()]
    if len(items) < 2 or any(len(p.split()) < min_words for p in items):
        return [text]
    return items

"""The words an opening or motivation rubric looks at: sentences with their offsets, stems,
numbers and names.

Every check quotes the answer back, so text is cut into spans of the original string and
never normalised in place. Stems (Snowball) let "mentoring" meet "mentor" and "led" meet
"leading"; numbers are compared as values, so "forty" in a spoken answer meets "40" in the
research and "£120 million" never meets "£200 million".
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from ..models import Span
from ..text import runs, sentence_spans

_STEMMER = Stemmer.Stemmer("english")  # PyStemmer: Snowball, shared with retrieval
WPM = 150

_STOPWORD_TEXT = """a an the and or but so if then than that this these those there here it its
    it's i i'm
    i've i'd me my mine we we're we've our us you you're your yours he she they them their his
    her is are was were be been being am do does did done have has had having will would can
    could should may might must shall to of in on at by for with from into onto about as up
    down out over under again very really just like um uh er erm yeah ok okay well also too
    not no yes all any some each every more most much many such only own same other what which
    who whom when where why how one get got gets make made lot lots thing things stuff way
    kind sort bit actually basically honestly literally quite rather pretty maybe still even
    know think mean said say says going go want wanted im ive id dont its thats whats"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "half": 0.5,
}  # fmt: skip
NUMBER = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?(?:%|k|m|ms|bn))?(?![\w])|\b(?:"
    + "|".join(_NUMBER_WORDS)
    + r")\b",
    re.I,
)
#: Words a long unpunctuated (spoken) sentence is cut before, so a quote reads as a clause.
JOINERS = frozenset({"so", "and", "because", "but", "then"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")


def span(text: str, start: int, end: int) -> Span:
    """Trim spaces and stray bullets so a quote starts and ends on a word."""
    while start < end and (text[start].isspace() or text[start] in "-*•,;:"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def sentences(text: str) -> list[Span]:
    """Sentences, or lines for bullet notes; speech-to-text without full stops is cut into
    runs of about 30 words at its joining words so each quote stays readable."""
    out: list[Span] = []
    for whole in sentence_spans(text):
        for a, b in runs(text, whole, longest=45, size=25, joiners=JOINERS):
            s = span(text, a, b)
            if s.text:
                out.append(s)
    return out


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().replace("’", "'").split("'")[0])


def stem_groups(text: str) -> list[frozenset[str]]:
    """One set of stems per meaningful word (no stopwords, no numbers): a hyphenated word
    gives its parts, so "night-flow" meets "night flow" yet counts as one word."""
    groups = []
    for whole in words(text):
        parts = frozenset(
            stem(w)
            for w in whole.strip("-'’").split("-")
            if w not in STOPWORDS and len(w) > 1 and not w[0].isdigit() and w not in _NUMBER_WORDS
        )
        if parts:
            groups.append(parts)
    return groups


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning, hyphenated words by their parts."""
    return {x for g in stem_groups(text) for x in g}


def number_values(text: str) -> set[float]:
    """Numeric values mentioned, digits or words; years and percentages alike."""
    values: set[float] = set()
    for m in NUMBER.finditer(text):
        token = m.group().lower()
        if token in _NUMBER_WORDS:
            values.add(float(_NUMBER_WORDS[token]))
            continue
        digits = re.match(r"\d+(?:[.,]\d+)*", token)
        if digits:
            raw = digits.group()
            raw = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw) else raw
            try:
                values.add(float(raw.replace(",", ".")))
            except ValueError:
                continue
    return values


def speaking_seconds(text: str) -> float:
    return round(len(re.findall(r"\S+", text)) * 60 / WPM, 1)

"""Did generated text invent facts? Numbers and names checked against what was said.

An LLM asked to polish an answer or draft a thank-you email readily adds a plausible
metric or a colleague's name. Anything shown as the candidate's own words must restate
only what they said (or what the setup and research name), so generated text goes
through :func:`check_grounded`: the report drops a rewrite that adds anything, and the
email rubric fails its "grounded" check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import features as F

_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
# "p99" (a percentile) is the number 99, so "the 99th percentile" matches it.
_NUMBER_TOKEN = re.compile(
    r"(?<![\w.])(?:p(?=\d+(?:\.\d+)?\b)|[$\u00a3\u20ac]?\s?)"
    r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:st|nd|rd|th)?"
    r"(?:\s?(%|(?:percent|per cent|k|m|bn|thousand|million|billion)\b))?",
    re.I,
)
_NUMBER_WORD = re.compile(
    r"\b("
    + "|".join(
        k
        for k, v in F.NUM_WORDS.items()
        if v >= 2 and v == int(v) and k not in {"twice", "double", "doubled", "tripled"}
    )
    + r")\b",
    re.I,
)
COMMON_CAPITALISED = F.wordset(
    """i i'm i'd i've i'll ok okay star situation task action result dear hi hello thanks thank
    best regards kind sincerely warm yours mr mrs ms dr sir madam subject re fyi asap"""
)


def _mentions(text: str) -> list[tuple[str, set[float]]]:
    """Each number as written, with the values it may stand for ("1.2k": {1.2, 1200.0})."""
    out: list[tuple[int, str, set[float]]] = []
    for m in _NUMBER_TOKEN.finditer(text):
        base = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        scale = _MULT.get((m.group(3) or "").lower(), 1)
        out.append((m.start(), m.group().strip(), {round(base, 6), round(base * scale, 6)}))
    taken: set[int] = set()
    for m in re.finditer(r"\b(\w+)\s+(hundred|thousand|million)\b", text, re.I):
        head = F.NUM_WORDS.get(m.group(1).lower())
        if head:
            value = float(head * F.NUM_WORDS[m.group(2).lower()])
            out.append((m.start(), m.group(), {value}))
            taken |= {m.start(1), m.start(2)}
    for m in _NUMBER_WORD.finditer(text):
        if m.start() not in taken:
            out.append((m.start(), m.group(), {float(F.NUM_WORDS[m.group().lower()])}))
    return [(raw, values) for _, raw, values in sorted(out, key=lambda t: t[0])]


def _bare(word: str) -> str:
    """A word without its possessive: "Dana's" and "Robotics'" are Dana and Robotics."""
    return re.sub(r"['\u2019]s?$", "", word)


def _names_in(text: str) -> list[str]:
    names = []
    for m in re.finditer(r"[A-Za-z][\w'\u2019-]*", text):
        word = _bare(m.group())
        if not word[0].isupper() or word.lower() in COMMON_CAPITALISED:
            continue
        before = text[: m.start()].rstrip(" \t\"'\u201c\u2018(*\u2022-")
        at_start = not before or before[-1] in ".!?:\n" or before.endswith("\n")
        if at_start and not word.isupper():
            continue  # a capital at a sentence start proves nothing; acronyms still count
        if len(word) > 1:
            names.append(word)
    return names


def check_grounded(text: str, answer: str, extra_allowed: Iterable[str] = ()) -> list[str]:
    """Numbers and proper names in ``text`` that appear in neither ``answer`` nor the extras.

    An empty list means nothing looks invented. Numbers compare by value, so "1,200" matches
    "1200", "20%" matches "20 percent", "£1.2 million" matches "1,200,000" and "four"
    matches "4" (number words from "two" up are checked; "one" is too often a pronoun), and
    "the 99th percentile" matches "p99". Names are capitalised words not at a sentence start
    (plus acronyms anywhere), matched case-insensitively as whole words, possessives
    ("Robotics'", "Dana's") as the name itself.
    """
    sources = "\n".join([answer or "", *[s for s in extra_allowed if s]])
    known_values = set().union(*(v for _, v in _mentions(sources)))
    known_words = {w.lower() for w in re.findall(r"[A-Za-z][\w'\u2019-]*", sources)}
    known_words |= {_bare(w) for w in known_words}
    problems: list[str] = []
    for raw, values in _mentions(text):
        if not values & known_values and raw not in problems:
            problems.append(raw)
    for name in _names_in(text):
        parts = [p for p in re.split(r"-", name.lower()) if p]
        if name.lower() in known_words or all(p in known_words for p in parts):
            continue
        if name not in problems:
            problems.append(name)
    return problems

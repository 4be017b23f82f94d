"""Score one interview answer against STAR, with evidence quoted from the answer itself.

The rules scorer is the product's backbone: deterministic, offline, about a
millisecond per answer, and measured against a labelled set
(``benchmarks/star_accuracy.py``). An LLM judge (``judge.py``) may add a second
opinion, but every score shown can be traced to exact spans of what the
candidate said, and nothing is ever scored when nothing could be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..text import quote_start
from . import features as F
from .tags import COMPONENTS, tag

VAGUE_ACTION = re.compile(
    r"\b(?:a lot of|(?:and )?stuff|things like that|tried to|made sure|sorted (?:it|them|things)|"
    r"helped out|got through|dealt with it|did what I could|kept on top|handled it|did my best|"
    r"a lot|just|(?:stayed|kept) (?:calm|late|positive|going)|worked (?:\w+ )?hard|reassured|"
    r"got on with it|kept things)\b",
    re.I,
)
PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+|\d")


@dataclass
class Analysis:
    """What the rules found: unit tags and component scores, before any judge or coaching."""

    text: str
    units: list[F.Unit]
    scores: dict[str, int]
    quantified_result: bool
    ownership: str
    hypothetical: bool
    reflection: bool
    gibberish: bool

    def evidence(self, component: str) -> list[dict[str, Any]]:
        """Spans of the units tagged with ``component``; neighbouring clauses are merged."""
        spans: list[list[int]] = []
        last = None
        for i, u in enumerate(self.units):
            if component not in u.tags:
                continue
            if spans and last == i - 1 and self.units[last].sentence == u.sentence:
                spans[-1][1] = u.end
            else:
                spans.append([u.start, u.end])
            last = i
        out = []
        for s, e in spans:
            # a clause cut after a false start ("I'd, I'd go out to the farm") begins on the
            # comma, one cut out of run-on speech on "and so um": the quote starts at the
            # point, still an exact span of the answer
            s = quote_start(self.text, s, e)
            if s < e and self.text[s] not in " \t\n,;:-":
                out.append({"start": s, "end": e, "text": self.text[s:e]})
        return out


# --- scoring ----------------------------------------------------------------------------------


def _ownership(units: list[F.Unit]) -> str:
    i_n = sum(u.f["i"] + u.f["extra"] for u in units if "action" in u.tags and u.f["i"])
    # "I spoke to him and we agreed a plan": a "we" riding on the candidate's own step is joint.
    we_n = sum(u.f["we"] - u.f["we_joint"] for u in units if "action" in u.tags)
    if not i_n and not we_n:
        text = " ".join(u.text for u in units)
        i_p = len(F.PRONOUN_I.findall(text))
        we_p = len(re.findall(r"\bwe\b", text, re.I))
        return "we" if we_p > 2 * max(i_p, 1) else "i"
    if not we_n or i_n >= 2 * we_n:
        return "i"
    if not i_n:
        return "we"
    return "mixed"


def _joined(units: list[F.Unit], tag: str) -> list[F.Unit]:
    return [u for u in units if tag in u.tags]


def _scores(units: list[F.Unit], ownership: str, hypothetical: bool, total_words: int) -> dict:
    s_units, t_units = _joined(units, "situation"), _joined(units, "task")
    a_units, r_units = _joined(units, "action"), _joined(units, "result")
    scores = dict.fromkeys(COMPONENTS, 0)

    if s_units:
        words = sum(u.f["words"] for u in s_units)
        # A time alone ("one week") is a vague scene; a place, organisation or role is not.
        vague = any(u.f["vague_ctx"] for u in s_units)
        specific = any(u.f["setting"] > int(vague) for u in s_units)
        # a dated occasion with its problem told ("In March 2022 one of our tipper lorries lost
        # its brakes coming down the hill") is as easy to picture as a named place
        specific = specific or (words >= 14 and any(F.DATED.search(u.text) for u in s_units))
        # and so is a problem given its size ("600 unread emails", "a quote of £640,000")
        specific = specific or any(F.counts(u.text) for u in s_units)
        scores["situation"] = 2 if words >= 9 and specific and total_words >= 45 else 1
    if hypothetical:
        first = [u for u in units if u.sentence == 0]
        opening = F.plain(" ".join(u.text for u in first))
        place = F.PLACE.search(opening) or F.ORGANISATION.search(opening)  # "on the ward"
        personal = F.SPEAKER.search(opening) and not place
        scores["situation"] = 0 if personal else 1  # a general scene-setter, but no real event
        for u in first:
            if personal:
                u.tags.discard("situation")
            else:
                u.tags.add("situation")
    if t_units and not hypothetical:
        own = any(u.f["task_i"] and not u.f["task_hedge"] for u in t_units)
        vague = all(u.f["task_weak"] or F.TASK_VAGUE.search(u.text) for u in t_units)
        scores["task"] = 2 if own and ownership != "we" and not vague else 1
    if hypothetical:
        for u in units:  # what they say they would do is the only "action" there is
            if (u.f["hyp"] or u.f["present"]) and not u.f["attitude"]:
                u.tags.add("action")
        scores["action"] = 1 if any("action" in u.tags for u in units) else 0
    elif a_units and all(u.f["achieved"] for u in a_units):
        for u in a_units:  # "we planned it for a year and we did it in a day": no steps told
            u.tags.discard("action")
    elif a_units:
        i_verbs = sum(u.f["i"] + u.f["extra"] for u in a_units if u.f["i"])
        words = sum(u.f["words"] for u in a_units if u.f["i"])
        text = " ".join(u.text for u in a_units if u.f["i"])
        vague = len(VAGUE_ACTION.findall(text))
        specific = bool(PROPER.search(text))
        clear = (
            (i_verbs >= 3 and words >= 25 and vague * 20 <= words)
            or (i_verbs >= 2 and words >= 12 and not vague)
            or (i_verbs >= 1 and words >= 12 and specific and not vague)
            or (i_verbs >= 2 and words >= 8 and total_words < 50 and not vague)  # short answer
        )
        scores["action"] = 2 if clear and (ownership != "we" or i_verbs >= 3) else 1
    if r_units:
        # Someone else acting ("they renewed", "he came back and bought") is evidence, unless
        # the outcome is also described in vague words ("it went fine").
        vague = any(u.f["vague_res"] for u in r_units)
        concrete = any(
            u.f["nums"]
            or u.f["concrete"]
            or u.f["outcome_obj"]
            or ((u.f["other_event"] or u.f["now"]) and not vague)
            for u in r_units
        )
        scores["result"] = 2 if concrete and not hypothetical else 1
    return scores


def _is_hypothetical(units: list[F.Unit]) -> bool:
    # a habit kept since a failure ("since then I always check the block") is the lesson, not a
    # plan
    hyp = sum(u.f["hyp"] for u in units if not u.f["refl"])
    present = sum(u.f["present"] for u in units)
    # the steps listed after "What I did was" count as told, though in the base form
    past = sum(u.f["i"] + u.f["we"] + (u.f["extra"] if u.f["i"] else 0) for u in units)
    return (hyp >= 1 and past <= 1) or (hyp + present >= 3 and past <= 2 and hyp > past)


def analyse(text: str) -> Analysis:
    """Rules-only STAR analysis of ``text`` (already truncated and known to be non-empty)."""
    original = text
    # Speech-to-text and phone typing write the pronoun "i": the cues read "I". Same length,
    # so every offset still points into the candidate's own words (restored below).
    text = _CAPITAL_I.sub(lambda m: m.group().upper(), text)
    units = F.split_units(text)
    share, distinct = F.real_word_share(text)
    if share < 0.5 or distinct < 3:
        _restore(units, original)
        return Analysis(
            original, units, dict.fromkeys(COMPONENTS, 0), False, "i", False, False, True
        )
    tag(units, F.present_story(text))
    hypothetical = _is_hypothetical(units)
    if hypothetical:
        for u in units:
            if F.HYPO_I.search(u.text):
                u.tags.discard("result")  # "then I'd set up a clearer process" is a plan
    ownership = _ownership(units)
    scores = _scores(units, ownership, hypothetical, len(F.words(text)))
    for c in COMPONENTS:
        if not scores[c]:
            for u in units:
                u.tags.discard(c)
    quantified = not hypothetical and any(u.f["nums"] for u in units if "result" in u.tags)
    reflection = any("reflection" in u.tags for u in units)
    _restore(units, original)
    return Analysis(
        original, units, scores, quantified, ownership, hypothetical, reflection, gibberish=False
    )


_CAPITAL_I = re.compile(r"(?<![\w'.-])i(?=(?:'(?:m|ve|d|ll))?(?![\w'-]|\.\w))")


def _restore(units: list[F.Unit], original: str) -> None:
    """Units quote the answer exactly as given, whatever the cues read."""
    for u in units:
        u.text = original[u.start : u.end]


# --- the public entry point -------------------------------------------------------------------

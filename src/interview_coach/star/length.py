"""Rambling: an answer that repeats itself or runs far past three minutes spoken.

An interviewer cannot pick the four STAR parts out of a twenty-minute monologue, however
complete it is on paper, so a rambling answer is flagged, capped (no part above "weak"), and
"be concise" leads what to practise, with the evidence: the length in minutes and the
sentences that came back.

Repetition is counted on the candidate's own words, not meaning: a sentence whose content
words mostly appeared together in an earlier sentence is a repeat ("I had meetings with them,
they'd say yes" three times). Short sentences (under five content words) never count, so
"Months. Months." or a repeated "and it worked" is not a ramble.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..text import runs, sentence_spans

WPM = 150
#: Past this many words (five minutes at 150 words a minute) an answer is rambling by length.
FAR_TOO_LONG = 750
#: Repeated sentences that make an answer rambling, and the share of sentences they must be.
MIN_REPEATS, MIN_SHARE = 3, 0.12
SIMILAR = 0.6  # share of a sentence's content words already said together in one earlier one
MIN_CONTENT = 5

_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset(
    re.findall(
        r"\S+",
        "a an the and or but so then that this these those it its it's i i'm i'd i've me my we "
        "we'd "
        "our us you your he she they them their his her was were is are be been am to of in on at "
        "for with as by from up out about into over just like um uh er erm yeah really very well "
        "actually basically sort kind know mean said say had have has do did does not no yes "
        "would could should will can there here what which who when where how all also more some "
        "any one",
    )
)


@dataclass
class Rambling:
    """What made an answer ramble, with character spans of the repeats into the answer."""

    rambling: bool = False
    minutes: float = 0.0
    too_long: bool = False
    repeats: list[dict[str, Any]] = field(default_factory=list)  # {start, end, text, echoes}

    def to_dict(self) -> dict[str, Any]:
        return {
            "rambling": self.rambling,
            "minutes": self.minutes,
            "too_long": self.too_long,
            "repeats": self.repeats,
        }


def _content(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if w not in _STOP and len(w) > 2}


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences; an unpunctuated answer is cut every 25 words instead."""
    return [cut for whole in sentence_spans(text) for cut in runs(text, whole, longest=25, size=25)]


def repeats(text: str) -> list[dict[str, Any]]:
    """Sentences whose content words were mostly said together before, with what they echo."""
    seen: list[tuple[set[str], tuple[int, int]]] = []
    found: list[dict[str, Any]] = []
    for start, end in sentences(text):
        words = _content(text[start:end])
        if len(words) >= MIN_CONTENT:
            for earlier, (s0, e0) in seen:
                if len(words & earlier) >= SIMILAR * len(words):
                    found.append(
                        {
                            "start": start,
                            "end": end,
                            "text": text[start:end].strip(),
                            "echoes": text[s0:e0].strip(),
                        }
                    )
                    break
        seen.append((words, (start, end)))
    return found


def check(text: str, n_words: int) -> Rambling:
    """Flag ``text`` (``n_words`` long) when it repeats itself or runs far past 3 minutes."""
    minutes = round(n_words / WPM, 1)
    reps = repeats(text)
    n_sentences = max(1, len(sentences(text)))
    repetitive = len(reps) >= MIN_REPEATS and len(reps) >= MIN_SHARE * n_sentences
    too_long = n_words > FAR_TOO_LONG
    return Rambling(
        rambling=repetitive or too_long, minutes=minutes, too_long=too_long, repeats=reps
    )

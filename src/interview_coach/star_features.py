"""Text features for the STAR rules scorer: units with offsets, cue lexicons, number finding.

Everything here is plain regular expressions over the raw answer, so scores are
deterministic, take about a millisecond, and every piece of evidence can be
shown as an exact character span of what the candidate said.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# --- units (sentences, split into clauses) ----------------------------------------------------

_ABBREV = {"a.m", "p.m", "e.g", "i.e", "dr", "mr", "mrs", "ms", "st", "vs", "approx", "no", "etc"}
_SENT_END = re.compile(
    r"[.!?]+[\"')\u201d\u2019]*(?=\s+[\"'(\u201c\u2018]*[A-Z0-9])|\n\s*\n|\n(?=\s*[-*\u2022])"
)
# Clause breaks: a comma (or dash/semicolon) followed by a conjunction that starts a new idea.
# Unpunctuated speech ("...once and the team jumped on it and then we wrote...") breaks at a
# conjunction followed by a new subject.
_SPOKEN = re.compile(
    r"\s(?=(?:and then|and so|and|so|but|then)\s+(?:I|we|they|he|she|it|the \w+|things|"
    r"everything|everyone)\s)",
    re.I,
)
_NEW_SUBJECT = re.compile(r"\s(?=and (?:then )?(?:it|this|that|they|he|she)\s+[a-z]+(?:ed)?\b)")
_CLAUSE = re.compile(
    r"(?:,\s+(?:and|so|but|which|then|and then|and so)\s+|;\s+|\s+[-\u2013\u2014]\s+)(?=\S)",
    re.I,
)


@dataclass
class Unit:
    """A sentence or clause: the smallest piece of the answer that gets STAR tags."""

    start: int
    end: int
    text: str
    sentence: int  # index of the sentence this clause belongs to
    tags: set[str] = field(default_factory=set)
    f: dict[str, float] = field(default_factory=dict)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n\"'\u201c\u2018(-\u2013\u2014*\u2022":
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans that keep offsets, tolerant of "a.m." and unpunctuated speech."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        word = re.search(r"([\w.]+)[.!?]*$", text[pos : m.start() + 1])
        if m.group().startswith(".") and word and word.group(1).lower().rstrip(".") in _ABBREV:
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        s, e = _trimmed(text, s, e)
        if e > s and re.search(r"\w", text[s:e]):
            out.append((s, e))
    return out


def split_units(text: str) -> list[Unit]:
    """Sentences cut at clause boundaries, so "I did X, and it cut Y by 20%" tags two parts."""
    units: list[Unit] = []
    for si, (s, e) in enumerate(split_sentences(text)):
        pos = s
        cuts = sorted(
            list(_CLAUSE.finditer(text, s, e)) + list(_NEW_SUBJECT.finditer(text, s, e)),
            key=lambda m: m.start(),
        )
        if len(text[s:e].split()) > 30 and not cuts:
            cuts = list(_SPOKEN.finditer(text, s, e))
        for m in cuts + [None]:
            ce = m.start() if m else e
            if m is not None and len(text[pos : m.start()].split()) < 3:
                continue  # too short to stand alone ("So, and then")
            a, b = _trimmed(text, pos, ce)
            if m is None and units and units[-1].sentence == si and len(text[a:b].split()) < 3:
                units[-1].end = b  # fold a tiny tail back into the previous clause
                units[-1].text = text[units[-1].start : b]
            elif b > a and re.search(r"\w", text[a:b]):
                units.append(Unit(a, b, text[a:b], si))
            if m is not None:
                pos = m.start() + 1 if m.group(0)[0] in ",;" else m.end()
    return units


# --- lexicons ---------------------------------------------------------------------------------


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


ADVERBS = (
    r"(?:also|then|just|first|quickly|personally|immediately|eventually|finally|later|actually|"
    r"basically|still|even|really|initially|instead|next|again|now|only|myself|ourselves|"
    r"simply|carefully|directly|soon|afterwards|always|never|already|previously|once)"
)
IRREGULAR_PAST = wordset(
    """went made took got set reset wrote ran built put sat spoke told gave brought found led met
    kept sent spent rang began chose drew drove fed held left paid rebuilt rewrote saw sold split
    stood taught won cut did shut shook struck threw understood sought bought caught dealt fought
    hung lent let lit overcame oversaw redid reran rethought said swept undertook broke flew
    withdrew upheld came grew fell rose hit read spread forgot"""
)
STATIVE = wordset(
    """was were had felt thought knew needed wanted liked loved hoped seemed believed guessed
    realised realized remembered wished joined inherited became used could would should might
    must supposed risked faced hated enjoyed preferred expected assumed wondered reckoned learned
    learnt happened owned meant"""
)
COGNITIVE = {"noticed", "spotted", "saw", "heard", "discovered", "found", "realised", "watched"}
NOT_VERBS = {"hundred", "bed", "red", "shed", "wed", "need", "seed", "speed", "feed", "breed"}
# "I worked with the setters" is an action; "where I worked" or "I worked at X" is scenery.
SITUATION_VERB = {"worked", "started", "lived"}
ACTION_AFTER_SITUATION_VERB = re.compile(
    r"^\s+(?:with|through|out|closely|late|overtime|alongside|by|on (?!a\b|an\b|the\b)|\w+ing\b|"
    r"to\b)",
    re.I,
)
SUBORDINATE = re.compile(
    r"\b(?:where|when|after|before|until|since|that|which|if|because|as|once|while|who|whether)"
    r"\s+(?:\w+\s+)?$",
    re.I,
)

PRONOUN_I = re.compile(r"\bI\b(?!'(?:ve|m|ll)\b)")
ACTION = re.compile(rf"\b(I|we|We)\s+(?:{ADVERBS}\s+){{0,3}}([a-z]+)\b((?:\s+\w+){{0,2}})")
# A clause with no subject of its own ("and left a map in each room") continues the last one.
CONTINUATION = re.compile(rf"^(?:and|then|but|or|plus)?\s*(?:{ADVERBS}\s+)*([a-z]+)\b(.{{0,20}})")
COORD_VERB = re.compile(r"(?:,|\band)\s+(?:then\s+|also\s+)?([a-z]+)\b")

TASK_I = re.compile(
    r"\b(?:I was (?:\w+\s+){0,3}responsible|I was (?:the one )?accountable|(?:my|I) (?:own )?"
    r"responsibility|(?:was|were) my (?:top |main |first |biggest |own )?(?:job|responsibility|"
    r"call|task|role|objective|priority|remit|patch)|my (?:job|task|role|goal|aim|objective|brief|"
    r"remit|mission|challenge|priority|top priority|target) (?:was|were|became)|one of my "
    r"objectives|was on me|fell to me|was mine|asked me to|tasked me|told me to|wanted me to|"
    r"gave me the (?:job|task)|put me in charge|assigned (?:me|to me)|I was (?:asked|assigned|"
    r"tasked|given|brought in|chosen|picked) (?:to|the|with)|I (?:needed|had|wanted|was trying|"
    r"volunteered|was determined|set out|offered|was expected|was hired|"
    r"was brought in) to\b|I set myself|I(?:'d| had) been (?:asked|given|tasked|told|brought in)|"
    r"I took (?:on )?(?:the |full )?(?:job|task|role|responsibility|ownership|lead)|I owned the|"
    r"(?:up|down) to me|fell on me|I had (?:\w+ ){1,3}(?:hours?|days?|weeks?|months?) to\b|"
    r"my part was|what I (?:needed|had|wanted) to do|(?:^|\b)the (?:goal|aim|objective|target|"
    r"brief|challenge|task|mission)(?: for me)? (?:was|became)|"
    r"\bI\b[^.,;!?]{0,40}?\bhad to|my (?:first )?(?:goal|aim|objective)|I was the (?:\w+ ){0,2}"
    r"(?:officer|engineer|lead|owner) (?:assigned|responsible|in charge)|in charge of \w+ing)",
    re.I,
)
TASK_WE = re.compile(
    r"^(?:(?:so|and|but|then),?\s+)?(?:we (?:had|needed|wanted|decided|set out|were asked|"
    r"were tasked) to|we had (?:a|the) (?:goal|aim|target|deadline)|our (?:goal|aim|task|job|"
    r"objective|brief) was|as a (?:team|group) we|the (?:aim|goal|objective|task|brief)"
    r"(?: of [\w ]+)? was)|\bthat wanted to\b|\b(?:our|the|my) (?:team|group|department|unit)\b"
    r"[\w ,']{0,40}\b(?:was|were) (?:asked|tasked|told|brought in) to\b",
    re.I,
)
STAR_LABEL = re.compile(r"^(situation|task|action|result)\s*[:\-\u2013\u2014]", re.I)
TASK_VAGUE = re.compile(
    r"\b(?:keep (?:the job|things|it|everything|the \w+) (?:moving|going|running|ticking over)|"
    r"sort (?:it|things|everything) out|deal with (?:it|things)|help out|make (?:it|things) "
    r"(?:work|better|happen)|do my best|get (?:it|things) done)\b",
    re.I,
)
TASK_WEAK = re.compile(r"\bI was (?:involved|part of|helping|meant to)\b", re.I)

HYPO = re.compile(
    r"\b(?:I|we) would\b(?! have)|\bI'd\s+(?:probably\s+|just\s+|first\s+|then\s+|also\s+|"
    r"usually\s+|always\s+|already\s+|never\s+|previously\s+|only\s+|like,?\s+)*(?!be\b|like\b|love\b|say\b|rather\b|had\b|have\b|been\b)"
    r"([a-z]+)\b|\b(?:I|we)\s+(?:always|usually|normally|generally|typically|tend to|try to|"
    r"like to)\b|\b(?:usually|normally|typically|generally)\b|\bmy (?:approach|rule|process) is\b|"
    r"\bI'll\b|\bwhenever\b|\bin (?:a|any) situation like\b|\bwhat I'd do\b|\bI'm always\b|"
    r"\bif (?:someone|something|a \w+|the \w+|they|students|customers)\b",
    re.I,
)
HYPO_I = re.compile(
    r"\bI(?:\s+would|'d|'ll|\s+(?:always|usually|normally|generally|typically|tend|try))\b"
)
PRESENT_I = re.compile(
    r"\bI (take|make|explain|get|check|ask|prepare|prioritise|prioritize|plan|start|sit|let|"
    r"stay|keep|go|give|call|tell|listen|use|write|follow|bring|focus|flag|find)\b"
)

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
CONTEXT = re.compile(
    r"\b(?:when I (?:was|worked|had|joined|started)|I was (?:a|an|the|working|on|at|in|"
    r"running|leading|doing|teaching|one of)\b|I worked (?:at|in|as|for|on)|I joined|I had just|"
    r"I'd just|at (?:a|an|my|our|one)\b|at the (?!end|start|beginning|same|time|moment|front|"
    r"top)\w+|during|last (?:year|spring|summer|autumn|winter|month|week)|in (?:19|20)\d\d|"
    rf"in (?:early |late )?(?:{_MONTHS})\b|when (?:the|a|an|our|my) \w+|"
    r"(?:this|it) was (?:at|during|when|in|on|a|about)|there (?:was|were)|on (?:a|the|one|my) "
    r"\w+|in my (?:first|second|third|last|previous|old|final)|years? ago|months? ago|had been|"
    r"was (?:getting|having|running|sitting|struggling)|the situation was|so the situation|"
    r"(?:for|in|on|during) my (?:[\w']+\s+){0,2}(?:thesis|dissertation|project|degree|placement|"
    r"internship|course|job|role|shift|rotation|apprenticeship)|as (?:a|an|the) (?:\w+ ){0,2}"
    r"(?:manager|engineer|nurse|teacher|lead|analyst|officer|supervisor|designer|developer|"
    r"consultant))",
    re.I,
)
VAGUE_CONTEXT = re.compile(
    r"\b(?:at my (?:last|previous|old|current) (?:job|company|place|work)|one of my (?:old|"
    r"previous) jobs|on one job|I once|there was one|in (?:care work|finance|sales|retail|"
    r"my line of work)|a customer|a guest|a patient|(?:quite|pretty|really) (?:demanding|"
    r"challenging|difficult|busy))\b",
    re.I,
)

RESULT_CHANGE = re.compile(
    r"\b(?:went (?:up|down|from|live)|gone (?:up|down)|dropped|fell|rose|increased|decreased|"
    r"grew|growing|reduced|halved|doubled|tripled|shrank|climbed|jumped|improved by|came in "
    r"(?:at|under|over|about|around|on|\d)|down (?:to|by|from)|up (?:to|by|from)|cut|saving|"
    r"saved|saves|(?:rise|increase|drop|fall|reduction|improvement|growth|decrease|uplift)s? "
    r"(?:in|of)|from (?:about |around |roughly |over |under )?[\w.,%$\u00a3\u20ac-]+ (?:\w+ )?"
    r"to|compared with|year on year|more than|fewer than|under budget|over budget|got (?:it )?"
    r"(?:down |up )?to \d)",
    re.I,
)
RESULT_MARKER = re.compile(
    r"\b(?:in the end|ended up|as a result|the (?:end )?result|the outcome|result was|by the end|"
    r"by the (?:deadline|sale|summer|morning|end|release|launch|start|next|following|close)|"
    rf"by (?:year-end|{_MONTHS}|the summer|"
    r"the spring)|within (?:a|\w+) (?:days?|weeks?|months?)|afterwards|after that|since|"
    r"eventually|over the (?:next|following)|that (?:quarter|year|month|weekend|night)|(?:this|"
    r"that|which) meant|led to|resulted in|thanks to (?:that|this)|because of (?:that|this)|"
    r"^now|to this day|ever since|today|the following (?:day|week|month|quarter|year))\b",
    re.I,
)
RESULT_CONCRETE = re.compile(
    r"\b(?:renewed|signed (?:it )?off|passed|adopted|rolled out|still using|kept (?:me|us) on|"
    r"published|funding|awarded|nominated|promoted|recovered|approved|accepted|went live|"
    r"delivered|handed over|cleared|arrived|referred|(?<!I )thanked|(?<!I )praised|(?:a|"
    r"five-star|glowing) review|back to (?:normal|her|his|their)|went ahead|sold through|housed|"
    r"reached|achieved|exceeded|hit (?:the|our|my)|signed|stopped|withdrawn|in place|(?:the )?"
    r"(?:same|next) day|(?:uses|using) (?:my|our|it|the)|asked me to (?:train|teach|present|"
    r"share|roll|mentor|lead)|no (?:\w+ ){0,2}(?:issues|cases|errors|complaints|problems|"
    r"incidents|defects|penalty|penalties|fines?)|(?:before|ahead of) (?:the|our) deadline|"
    r"(?:was|were) migrated|became part|stayed on|"
    r"changed (?:its|their) process|dropped their|got (?:\d+|a (?:grade|mark|first|"
    r"distinction))|nobody was|no (?:missed|failed|drop|complaints|major)|zero|without "
    r"(?:losing|a single)|caught|matched|template|expanded|closed \d+|signed with|won|launched "
    r"on|finished (?:on|ahead)|on time|early|late|(?:was|were) able to|straight away)\b",
    re.I,
)
RESULT_VAGUE = re.compile(
    r"\b(?:better|improved|happier|happy|pleased|fine|okay|ok|alright|(?:went|did|worked) "
    r"(?:\w+ )?well|smoothly|calmer|positive|liked it|loved it|appreciate[ds]?|calm(?:ed|s)? "
    r"(?:things )?down|got used to|worked out|sorted (?:it|them)|stronger|more (?:confident|"
    r"aware)|easier|success(?:ful)?|a bit|went down|went up|didn't take off|moved on|got "
    r"through|that was nice|kept using|it was fine|things improved|(?:good|great|positive) "
    r"feedback|helped(?: a lot)?|went smoothly|(?:a lot |much |far )?(?:faster|quicker|cheaper|"
    r"smoother|clearer|more (?:reliable|stable|efficient)))\b",
    re.I,
)
REFLECTION = re.compile(
    r"\b(?:I learn(?:ed|t)|lesson|looking back|next time|taught me|I'd do differently|in "
    r"hindsight|I've used|I now|now,? whenever|since then I|what made the difference)\b",
    re.I,
)

OUTCOME_VERBS = wordset(
    """got reached achieved hit came finished delivered handed sold closed housed published won
    saved recovered ended renewed passed cleared completed"""
)
NUM_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
    "dozen": 12, "half": 0.5, "quarter": 0.25, "third": 1 / 3, "fifth": 0.2, "twice": 2,
    "double": 2, "halved": 0.5, "doubled": 2, "tripled": 3, "zero": 0, "none": 0,
}  # fmt: skip
NUMBER = re.compile(
    r"(?:[$\u00a3\u20ac]\s?)?\d[\d,]*(?:\.\d+)?\s?(?:%|k\b|m\b|bn\b)?|\b(?:"
    + "|".join(sorted(NUM_WORDS, key=len, reverse=True))
    + r")\b|\bone (?:in|out of)\b|\b(?:to|under|over) one\b",
    re.I,
)

FILLERS = re.compile(
    r"\b(?:um+|uh+|erm+|er|hmm+|you know|basically|actually|literally|i mean|so yeah|"
    r"(?<!\bthat )(?<!\bthis )(?<!\bwhat )(?<!\bthe )(?<!\bany )(?<!\bsome )(?<!\bevery )"
    r"(?:sort|kind) of(?! thing)|like(?=,))\b",
    re.I,
)
HEDGES = re.compile(
    r"\b(?:I think|I guess|I suppose|I believe|I feel like|maybe|probably|perhaps|sort of|"
    r"kind of|a bit|somewhat|hopefully|more or less|mostly|pretty much|I'd say|seemed|might)\b",
    re.I,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def is_past_action(verb: str, rest: str) -> bool:
    """ "I fixed", "we rewrote" count; "I was", "I needed", "I worked at" (context) do not."""
    v = verb.lower()
    if v in STATIVE or v in NOT_VERBS:
        return False
    if v in SITUATION_VERB and not ACTION_AFTER_SITUATION_VERB.match(rest):
        return False
    if v in ("didn't", "did") and re.match(r"\s+(?:not|n't)", rest):
        return False
    return v in IRREGULAR_PAST or (v.endswith("ed") and len(v) > 3)


def action_verbs(text: str) -> tuple[int, int, int, bool]:
    """(I actions, we actions, extra coordinated verbs, whether every I verb is just noticing)."""
    i_n = we_n = extra = 0
    cognitive = True
    for m in ACTION.finditer(text):
        if not is_past_action(m.group(2), m.group(3)) or SUBORDINATE.search(text[: m.start()]):
            continue
        if m.group(1) == "I":
            i_n += 1
            cognitive = cognitive and m.group(2) in COGNITIVE
        else:
            we_n += 1
        tail = text[m.end(2) : m.end(2) + 160]
        stop = re.search(r"\b(?:I|we|he|she|they|it|which|who|because|so that)\b", tail, re.I)
        tail = tail[: stop.start()] if stop else tail
        extra += sum(
            1 for c in COORD_VERB.finditer(tail) if is_past_action(c.group(1), tail[c.end() :])
        )
    return i_n, we_n, extra, bool(i_n) and cognitive


def numbers(text: str) -> list[str]:
    return [m.group().strip() for m in NUMBER.finditer(text)]


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Whole English words from the shipped MiniLM tokenizer: a free offline word list."""
    path = resources.files("interview_coach") / "model_data" / "tokenizer.json"
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha() and w.isascii())


def real_word_share(text: str) -> tuple[float, int]:
    """Share of alphabetic words that are real words, and how many distinct words there are."""
    vocab = vocabulary()
    toks = [w.lower().strip("'\u2019-") for w in re.findall(r"[A-Za-z'\u2019-]+", text)]
    toks = [t for t in toks if t]
    if not toks:
        return 0.0, 0

    def known(t: str) -> bool:
        base = re.sub(r"'s$|\u2019s$|n't$", "", t)
        if base in vocab or "-" in base and all(p in vocab for p in base.split("-") if p):
            return True
        return any(
            base.endswith(s) and base[: -len(s)] in vocab
            for s in ("s", "es", "ed", "d", "ing", "ly", "er")
        )

    return sum(known(t) for t in toks) / len(toks), len(set(toks))


def unit_features(u: Unit, first_in_sentence: bool) -> None:
    """Cue counts for one unit; the tagger in ``star.py`` turns them into STAR tags."""
    t = u.text
    i_n, we_n, extra, cognitive = action_verbs(t)
    verbs = [m.group(2).lower() for m in ACTION.finditer(t)]
    hyp = 0
    for m in HYPO.finditer(t):
        w = m.group(1)
        if w and (w.endswith(("ed", "en")) or w in IRREGULAR_PAST or w in {"been", "done"}):
            continue  # "I'd already used", "I'd built": past perfect, not a hypothetical
        hyp += 1
    cont = None if first_in_sentence else CONTINUATION.match(t)
    u.f = {
        "i": i_n,
        "we": we_n,
        "extra": extra,
        "cognitive": cognitive,
        "cont": bool(cont and (cont.group(1) == "had" or is_past_action(*cont.groups()))),
        "outcome_verb": any(v in OUTCOME_VERBS for v in verbs),
        "hyp": hyp,
        "present": len(PRESENT_I.findall(t)),
        "task_i": bool(TASK_I.search(t)),
        "task_we": bool(first_in_sentence and TASK_WE.search(t)),
        "task_weak": bool(TASK_WEAK.search(t)),
        "ctx": bool(CONTEXT.search(t)),
        "vague_ctx": bool(VAGUE_CONTEXT.search(t)),
        "past": bool(re.search(r"\b(?:was|were|had|[a-z]{3,}ed)\b", t)),
        "change": bool(RESULT_CHANGE.search(t)),
        "marker": bool(RESULT_MARKER.search(t)),
        "concrete": bool(RESULT_CONCRETE.search(t)),
        "vague_res": bool(RESULT_VAGUE.search(t)),
        "nums": len([n for n in numbers(t) if not re.fullmatch(r"(?:19|20)\d\d", n)]),
        "percent": bool(re.search(r"\d\s?(?:%|per ?cent)", t)),
        "refl": bool(REFLECTION.search(t)),
        "words": len(words(t)),
    }

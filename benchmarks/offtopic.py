"""How well ``off_topic`` separates answers that fit the question from those that do not.

Usage:
    python benchmarks/offtopic.py           # accuracy, error rates, by kind; seen vs unseen
    python benchmarks/offtopic.py --fit     # refit model_data/relevance.json on the seen half

The pair set (``tests/data/offtopic_pairs.jsonl``) is split by author: the ``seen`` authors
(and the team's own labelled answers) are all the fitting ever sees; the ``unseen`` authors
write in other styles (speech-to-text lowercase, non-native English, fillers, notes, present
tense) and are reported as they come. "on flagged" is the share of fitting answers wrongly
called off topic; "off missed" the share of off-topic answers not flagged. Timing is the
median of the whole ``evaluate`` call per pair, after the model and bank are loaded.
``tests/data/offtopic_unseen2.jsonl`` to ``offtopic_unseen10.jsonl`` are further unseen sets by
new authors, each its own row; nothing is fitted on them, and which had errors read is said
beside each.

Twenty-third session. **unseen29** (fresh: six authors, one each writing lower case without
punctuation, in a second language, with fillers, in the present tense, in notes and plainly; 6
of its 7 hobby stories say they are from outside work only late; committed before any scorer
ran on it, scored at each end): .667 at the session's start (no fitting answer flagged; 9 of 16
neighbouring-question stories, 6 of 7 hobby stories and 5 of 7 talk-then-another-story missed),
.750 at its end (hobby stories missed 1 of 7, the rest the same). The change that caught them
was read off unseen28's misses, so unseen28 is no longer unseen (.600 -> .667): the speaker's
own words decide. A story said to be outside work ("...the investment group I've been in since
my daughter was born, not work", "not a work thing", "this isnt work but") is off topic for a
work question whatever signs of work it also names; a turn to the story one is proudest of
followed by "isn't really about any of that" is talk then another story whatever the story
model reads in it. Then three fitting answers of the fresh STAR set um_, called off topic and
read after um_ was scored at both ends, were spared (um_ .917 -> .967): a machine failing ("the
technology you rely on failed") no longer names one's own failure, "worked with another
professional" names teamwork beside the problem, "my workers" is a sign of work. Every other
pair set scores as at the session's start but unseen20 (.717 -> .733); labelled STAR answers
called off topic stayed 3.1% (trained on), 4.2% (never trained), 1.5% (j_ and k_). Measured
and not kept: a story too thin for the story model to read (under 40 words, "Upgrade job at a
station up in Lofoten. Four of us. Went fine.", a fourth fitting um_ answer) not flagged on the
first model's low fit alone unless a hobby: labelled answers called off topic 3.1% -> 2.8%
(trained on) and 4.2% -> 4.0% (never trained), for three short off-topic pairs in notes no
longer caught (unseen .837 -> .827, unseen3 .917 -> .883). It changes the probe of the recorded
LLM session's 33-word answer, whose cassette cannot be recorded again without the local model,
so it waits for a session that has one. Tried and
dropped: "is a different one" and "the one I'd rather tell you about" as disclaimers (as often
they set a fitting story apart from the talk: "...the case I'm most proud of is a different one:
I sat with the builder and went through the scheme line by line" answers a question about
persuading someone); and a logistic model over the product of the question's and the story's
MiniLM vectors (plus their cosines), fitted on the labelled STAR answers with, for each, the
nearest question of another competency as a negative, and on the pair sets to unseen23:
neighbouring-question stories against fitting ones on unseen24-28, AUC .60-.65 (the plain
cosine .60), far below the story model's reading.

Twenty-second session. **unseen28** (fresh: six authors, 18 of its 60 answers lower case
without punctuation, its neighbouring-question stories written to be hard; committed before
any scorer ran on it, scored at each end): .600 at the session's start, 1 of 30 fitting
answers flagged, 13 of 16 neighbouring-question stories, 5 of 7 hobby stories and 5 of 7
talk-then-another-story missed; .600 at its end, the same answers missed. Two
changes. An answer on the theme that tells no time (a claim about oneself, a habit, a view)
is ``no_story`` in the contract, not ``off_topic``: the STAR sets' writers label such answers
fitting, and labelled STAR answers called off topic went from 6.2% to 3.1% (trained on), 6.2%
to 4.2% (never trained) and 4.0% to 1.5% (j_ and k_); the early pair sets' "trait" pairs,
labelled off topic, are now read as no story (the rows say so), and two story pairs were lost
(unseen13, unseen18). And talk that tells no time (at most one past event, no occasion) then a
turn to a story picked for how it went ("What I am most proud of is...", "something that went
well for me was...", "the best month I ever had") is talk then another story without a general
phrase in the talk, when the story model does not read what is asked in the story: chosen on
the pair sets to unseen27, 5 more caught there, no fitting pair and no labelled STAR answer
flagged. A first version without that proviso, and with a bare "I'm really proud of" as a
turn, caught 7 there and 3 on unseen28, but called a fitting customer story off topic
("Customers get upset in a garage a lot... I'm really proud of how I handled one last March:
a man shouted at the desk..."), found by reading examples, not by any set.
Measured and not kept, on the pair sets to unseen27 with the labelled STAR answers (unseen28
untouched): a learned setting verdict over the setting model's piece readings (mean, max, top
two, share above 0) and the private-life pattern counts, fitted with the pair sets left out one
at a time: at its best bar 19 of the 56 hobby stories missed were caught, for 7 fitting pairs
and 8 never-trained STAR answers flagged; a second story-model rule, the asked competency's
share against the top one's (AUC over neighbouring-question stories .938 against the fit's
.931): at log-ratio -2.0, 9 more off-topic pairs caught for 2 fitting ones flagged, at -1.75
13 for 5. The story model's pieces pooled by their maximum, their top two or a log-sum-exp
instead of the mean separated fitting from neighbouring stories less well (AUC .895-.912 against
.931).

Twentieth session. Tried and not kept: a problem-solving question taking any story (the
story model's verdict not counting for it, since it reads one competency per story and a fault
found under time pressure reads as pressure). Against the session's code, on every pair set to
unseen26 and the labelled answers: 10 off-topic pairs no longer caught against 2 fitting pairs
and 6 fitting labelled answers no longer flagged; the pair-set writers call a neighbouring
story told for a problem-solving question off topic, so the story model's reading stands. A
question model reading that overrules the competency the question names ("...dealt with
ambiguity", read as communication) is no longer named on the card; it still judges the story
(not judging by it either: 3 fitting labelled answers spared, 3 pairs missed).

Nineteenth session. **unseen26** (fresh: six authors, 17 of its 60 answers lower case
without punctuation; committed before any scorer ran on it, scored at each end): .800 at the
session's start and at its end, none of 30 fitting answers flagged, 7 of 16 neighbouring-
question stories, 2 of 7 hobby stories and 3 of 7 talk-then-another-story missed. One change:
a claim about how one is under pressure ("I don't really get stressed", "I stay calm") is a
claim about oneself, and a claim with a told event around it is not (a month or weekday after
"last" is an occasion; two past-tense clauses are events); it moved no verdict on any pair
set, and the labelled answers flagged stayed 6.2%, 6.2% and 4.0%. Measured and not kept, on
unseen21-26 (.778) with the labelled STAR answers the story model never trained on as the
fitting ones: one logistic model over all of ``relevance.features`` (the story model's fit
included, which the fitted probability leaves out) trained on unseen9-20 and those answers,
in place of the hand-set bars: .792 with as many labelled answers flagged, but 14 of 180
fitting pairs flagged against 9; the story bar alone from -0.3 to +0.4: its best, .794 at
+0.1, flagged 12 fitting pairs and 9.6% of the 868 labelled answers no choice looked at
(never trained, l_ to p_, ud_ to uj_) against 6.9%.
Of the labelled answers flagged, most are flagged by the rules, not the story model: a
generic habit ("I always prioritise by risk") told for a "time when" question, 48 of them,
which the pair sets' writers label off topic as a trait and the STAR sets' writers as fitting.

Eighteenth session. **unseen25** (fresh: six authors, 17 of its 60 answers lower case
without punctuation; committed before any scorer ran on it, scored at each end): .783 at the
session's start and at its end, none of 30 fitting answers flagged, 7 of 16 neighbouring-
question stories, 3 of 7 hobby stories and 3 of 7 talk-then-another-story missed. The detector
was not changed; the STAR layer's call now stands on punctuated prose too, and moved no
verdict on any pair set.

Seventeenth session. **unseen24** (fresh: six authors, 17 of its 60 answers lower case
without punctuation; committed before any scorer ran on it, scored at each end): .833 at the
session's start and at its end, 1 of 30 fitting answers flagged, 6 of 16 neighbouring-question
stories, 2 of 7 hobby stories and 1 of 7 talk-then-another-story missed. The detector was not
changed; the STAR reading it rests on was (a scene that sizes its problem is concrete, a
crew's need is a task), and moved no verdict on any pair set.

Sixteenth session. **unseen23** (fresh: six authors, 18 of its 60 answers lower case without
punctuation; committed before any scorer ran on it, scored at each end): .750 at the session's
start and at its end, 2 of 30 fitting answers flagged, 9 of 16 neighbouring-question stories,
3 of 7 hobby stories and 1 of 7 talk-then-another-story missed. unseen22's errors were read
this session (two fitting stories from a family fairground ride, read as private life for "my
brother" and "my dad"; two long lowercase stories the story model read as nothing in
particular), so it is no longer unseen. The detector was not changed; the STAR reading it
rests on was, and moved two verdicts, both right: unseen21 .767 -> .783, unseen22 .700 ->
.717. Measured and not kept, over every pair set but unseen23 and the labelled answers: a
story-model miss only when the story model is sure of something (top reading at least 0.15:
1 of 180 fitting answers spared on unseen17-22, 12 of 180 off-topic answers no longer
caught); the setting model's private-life reading waived by a sign of work (1 spared, 2 no
longer caught); the asked competency's cue evidence bar lowered from 1.0 to 0.6 (2 spared, 6
no longer caught).

Fifteenth session. **unseen22** (fresh: six authors, 16 of its 60 answers lower case without
punctuation, four open questions that name no competency; committed before any scorer ran on
it, scored once at each end): .700 at the session's start and at its end, 5 of 30 fitting
answers flagged (the most of any pair set so far), 6 of 16 neighbouring-question stories, 4
of 7 hobby stories and 3 of 7 talk-then-another-story missed. Changes: "is mine" and "my name
on it" count as cues of ownership (``knowledge/competency_evidence.yaml``), and "a letting
agent we work with" as a sign of work; on every older pair set and the labelled answers they
changed one verdict, a fitting ue_ answer no longer flagged. ue_'s off-topic flags were read
this session (10 of its 60 fitting answers flagged, most of them a church organist's choir
stories read as private life), so ue_ is no longer unseen for this detector.

Fourteenth session. **unseen21** (fresh: six authors, 18 of its 60 answers lower case without
punctuation; committed before any scorer ran on it, scored once): .767 with the session's
starting code and .767 at its end (1 of 30 fitting answers flagged, a passing mention; 6 of 16
neighbouring-question stories, 4 of 7 hobby stories and 3 of 7 talk-then-another-story missed,
at both ends). Nothing in the detector's verdicts changed, so every other set and the labelled
answers score as at the session's start. Tried and not kept: the question, story and setting
models fitted with the pair sets up to unseen16 and 288 more twin stories (unseen17-20 .721 ->
.746, fitting answers flagged 7 -> 5 of 120; but never-trained STAR answers flagged 6.2% ->
6.9%, and three fitting answers in the tests, which pin earlier fixes, called off topic; see
``train_asks_model.py``); a logistic verdict over all the detector's inputs, fitted on unseen9-16
and the STAR answers the story model never saw, in place of the hand-set bars (unseen17-20
.721 -> .742-.750, but fitting answers flagged 7 -> 8-11 of 120 and never-trained STAR answers
6.2% -> 7.1-7.6%); the first model refitted on all the pair sets up to unseen16 (unseen17-20
.721 -> .729, never-trained 6.2% -> 6.7%).

Thirteenth session. **unseen20** (fresh: six authors, 17 of its 60 answers lower case without
punctuation; committed before any scorer ran on it, scored once): .717 with the session's
starting code and .717 at its end (1 of 24 fitting answers flagged, none of the 6 with a passing
mention; 10 of 16 neighbouring-question stories, 2 of 7 hobby stories and 4 of 7
talk-then-another-story missed, at both ends). Changed: a story the story model reads as
showing what is asked at twice chance or more is no longer flagged on the first model's low
fit alone, unless it opens on talk in general (``relevance.STORY_SHOWS``; a pure-"we" teamwork
story with no step of the speaker's own had been flagged for a teamwork question). With it and
the session's STAR changes, start -> end: unseen .816 -> .837, unseen2 .833 -> .850, every other
pair set the same (seen .920, unseen3 .900, unseen4 .800, unseen5 .767, unseen6 .783, unseen7
.733, unseen8 .850, unseen9 .817, unseen10 .800, unseen11 .817, unseen12 .750, unseen13 .750,
unseen14 .717, unseen15 .667, unseen16 .817, unseen17 .750, unseen18 .717, unseen19 .700).
Labelled STAR answers called off topic by ``evaluate``: never trained 6.7% -> 6.2%, j_ and k_
5.5% -> 4.0%, trained on 6.2% of 2,388 (7.2% of the 1,968 before q_ to uc_ joined ``POOL``).

Twelfth session. **unseen19** (fresh: six authors, 20 of its 60 answers lower case without
punctuation; committed before any scorer ran on it, scored once): the session's starting code
.683, its end .700 (2 of 24 fitting answers flagged, none of the 6 with a passing mention; 9 of
16 neighbouring-question stories, 4 of 7 hobby stories and 3 of 7 talk-then-another-story
missed, was 4). Changed: a turn to another story said as speech-to-text writes it ("the thing
im proudest of", no apostrophe) is a turn (unseen3 .883 -> .900); every other pair set scores
as at the session's start. Labelled STAR answers called off topic: trained on 7.2% (was 7.1%),
never trained 6.7%, j_ and k_ 5.5% (both unchanged). Read on a card and not fixed: a
problem-solving story in bullet notes (a walk-in fridge dying before a wedding, a hired trailer
by noon) is called off topic because the story model reads its pieces as another competency
(story -0.44 against the bar of -0.1) and no cue for problem solving fires.

Eleventh session. **unseen18** (fresh: six authors, 17 of its 60 answers lower case without
punctuation; committed before any scorer ran on it, scored once): the session's starting code
.700, its end .717 (1 of 24 fitting answers and 3 of 6 with a passing mention of private life
flagged: 13%, over the 10% target; 8 of 16 neighbouring-question stories, 3 of 7 hobby stories
and 2 of 7 talk-then-another-story missed). Nothing in the detector changed; the STAR rules it
reads did. Every other pair set scores as at the session's start. Tried and not kept: a story
naming two or more distinct signs of work (``WORK_LIFE``) never read as from private life:
over all nineteen pair sets, fitting answers flagged 18 -> 16 but hobby stories missed 30 -> 35
(with three signs: 18 -> 17 and 30 -> 31).

Ninth session. **unseen17** (fresh, committed before any scorer ran on it, scored once with the
STAR changes of that session and nothing else changed in the detector): .717 (0 of 30 fitting
answers flagged; 10 of 16 neighbouring-question stories, 3 of 7 hobby stories and 4 of 7
talk-then-another-story missed), the same as the session's starting code. Tried: the story model
refitted with the 640 newer STAR answers (AUC fell on six of eight never-trained pair sets; not
kept, see ``train_asks_model.py``), and the story bar raised from -0.2 to 0.0 and 0.2. At 0.2
the pair sets gained (unseen3 .867 -> .933, unseen8 .867 -> .917, unseen9 .833 -> .883, unseen10
.800 -> .867; unseen13-15 flagged 10% of their fitting answers) but labelled never-trained STAR
answers, each told for its own question, called off topic rose from 6.9% to 12.1% (0.0: 9.6%):
one fitting answer in eight called off topic is the error the issue forbids first, so the bar
stays where about 5% are flagged. Then, reading cards as a candidate would, three fitting
answers of new wording were called off topic: "...improved a process for customers" (two things
named; the story reads as the other), "...a patient whose condition changed quickly" (a name the
question model gives 0.22), and a routine given for "How do you make sure your work is
accurate?". A question naming two things, or one the question model finds unlikely (under 0.3),
no longer counts as sure, and a question asking how one works takes a routine. Labelled STAR
answers called off topic fell: trained on 9.6% -> 7.0%, never trained 6.9% -> 6.0%, j_ and k_
8.5% -> 5.5%; by the bar's rule (about 7% of never-trained answers flagged by ``evaluate``) the
story bar moved -0.2 -> -0.1: 7.3%, 6.7%, 5.5%. The pair sets, start -> end (unseen17's second
figure is a second look): seen .890 -> .920, unseen .806 -> .816, unseen2 .833, unseen3 .867 ->
.883, unseen4 .767 -> .783, unseen5 .783 -> .767, unseen6 .783, unseen7 .733, unseen8 .867 ->
.850, unseen9 .833 -> .817, unseen10 .800 -> .817, unseen11 .817, unseen12 .750, unseen13 .750,
unseen14 .733 -> .717, unseen15 .650 -> .667, unseen16 .800, unseen17 .717 -> .750 (8 of 16
neighbouring stories missed, was 10).

Eighth session (accuracy, fitting answers flagged, off-topic answers missed): seen
.890 (0% / 25%), unseen .806, unseen2 .850, unseen3 .867, unseen4 .767, unseen5 .783, unseen6
.783, unseen7 .733, unseen8 .867, unseen9 .833, unseen10 .800, unseen11 .817, unseen12 .750,
unseen13 .750, unseen14 .733, unseen15 .650, **unseen16 .800** (6.7% / 33%). unseen16 was
written by a helper blind to the detector, committed before any scorer ran on it and scored
once, at the end; the code of the session's start scores it the same, .800 (2 of 30 fitting
answers flagged; 8 of 16 neighbouring-question stories, 1 of 7 hobby stories and 1 of 7
talk-then-another-story missed). Nothing that session changed what ``off_topic`` decides except
through the STAR scores its doubt reads (labelled STAR answers called off topic: 9.7% of the
1,728 trained on, which now include 400 new ones, 6.9% never trained, 8.5% of j_ and k_).
unseen15's misses, read after scoring for the record only: neighbouring-question stories 12 of
16, hobby stories 5 of 7 (a rowing club, a male voice choir, a quilting guild: the setting model
reads them at 0.7 to 0.9, under its bar of 1.0), talk-then-another-story 3 of 7.

Tried and not kept (seventh session): 320 more twin stories by 40 more tellers for the story
model. Its AUC rose on five never-trained sets of six (unseen9 .881 -> .898, 10 .948 -> .963,
11 .879 -> .900, 12 .894 -> .883, 13 .877 -> .883, 14 .898 -> .929), but at the bar the 5% rule
gives (a tie: -0.2 made ``judge`` flag 5.8% of never-trained answers, -0.3 4.2%) the pair sets
did not gain: at -0.2 unseen2-14 summed 10.25 against 10.32 and never-trained answers called
off topic rose 6.9% -> 7.4%; at -0.3 seven sets fell and one rose. Not shipped, nor the stories.

Sixth session (5 December; accuracy, fitting answers flagged, off-topic answers missed):
seen .880 (0% / 27%), unseen .816 (4.7% / 29%), unseen2 .850 (3.3% / 27%), unseen3 .867
(0% / 27%), unseen4 .767 (4.2% / 36%), unseen5 .783 (4.2% / 33%), unseen6 .783 (0% / 36%),
unseen7 .733 (4.5% / 39%), unseen8 .867 (0% / 27%), unseen9 .833 (3.3% / 30%), unseen10 .800 (0%
/ 40%), unseen11 .817 (0% / 37%), unseen12 .750 (3.3% / 47%), unseen13 .750 (0% / 50%),
**unseen14 .733** (3.3% / 50%). unseen14 was written and committed before any scorer ran on it
and scored once, at the end: the code of the session's start scores it .717 (neighbouring-
question stories missed 7 of 16, hobby 5 of 7, talk-then-another-story 4 of 7; now 8, 4, 3).
At the session's start: seen .890, unseen .816, unseen2 .833, unseen3 .867, unseen4 .783,
unseen5 .817, unseen6 .700, unseen7 .633, unseen8 .767, unseen9 .767, unseen10 .783, unseen11
.717, unseen12 .667, unseen13 .700. unseen9-13 were printed while every change below was
chosen, so their gains (hobby stories missed 17 -> 9 of 35, talk-then-another-story 19 -> 11 of
35) overstate what a fresh set sees; unseen14's +.017 is the honest figure. Labelled STAR answers
called off topic: 9.2% of those trained on (was 8.6%), 7.1% never trained (was 7.4%), 8.5% of
j_ and k_ (was 8.5%). Median 52 ms per pair (each pair a new question; with the question known,
as in a session, 29 ms per answer).

Changed this session. (1) Talk on the theme, then a story (``relevance.story_start``): the
story after the talk is read again on its own pieces, with the story rule's bar, floor and
guard, since the talk tells of what is asked and lifts the reading of the whole. (2) A setting
model over the same pieces (``asks_model``, trained on 300 private-life stories and 180 work
stories that look private, ``tests/data/story_settings``) sets a story outside work when it
reads private life at log-odds 1.0 or more and the story shows any sign of it (family words, a
choir, "not from work"; a club only for a question about work). (3) 320 twin stories (one
teller and setting, two neighbouring competencies) for the story model: its AUC rose on every
never-trained set (``benchmarks/train_asks_model.py``); the bar was reset to where ``judge``
flags about 5% of never-trained answers, as before (-0.2; -0.3 now flagged 4.2%). (4) A story
that narrates past events is no claim about oneself, whatever the rules' hypothetical flag
says: spares 2 never-trained and 7 trained fitting answers and loses 6 pair-set catches that
had been made for the wrong reason (the card told a story "you describe yourself").

Tried and not kept (this session): the setting model alone (no sign of private life needed):
at its bar it flagged 14 never-trained answers and 12 of j_ and k_ (organ builders, a golf
greenkeeper, a tattooist, a hostel); with the sign, 0 and 1. The work-life words as a veto
instead of a sign: hobby stories often say "at work?" first, and half the catches went. Other
readings of the story model's pieces, matched at the same share of never-trained answers
flagged: the asked competency's share against the top one's, the best piece, the mean of
log-shares, a vote of pieces, a rank: at most +3 of 80 neighbouring-question stories, none
kept. The story model's fit combined with the cue features by a logistic model fitted on the
pair sets: AUC no better. Cutting the talk where narration starts without asking the talk to be
general cut the scene off real stories ("When our main client went into administration...").

Earlier (fifth session): the story model reads a story in pieces (runs of whole clauses of 15
words or more) and averages its readings; tried and not kept then: pieces of the narrating
clauses only, the last two thirds of the pieces, late chunking, the old sum beside the new
rule, requiring the story model to be sure of another competency.

Earlier sessions: (1) a question from outside the bank is read by the question model
(``star/asks_model.py``), which names what fresh interviewers' questions ask .78 of the time
where the old reading managed .28 (``benchmarks/train_asks_model.py``). (2) An open question
("Tell me about a project you worked on recently") takes any story: the story model counts
only where what is asked is sure (a bank question, one that names its competency, or a
reading at 0.6 or more), its fit is taken over all the question's competencies, and an unsure
reading counts its three likeliest. Tried and not kept then: counting a question the model
reads with probability >= 0.5 (or 0.8) as known, so the bank's stricter bar applies (15.6% of
the labelled STAR answers trained on flagged, against 8.4%); a learned "personal life or work"
reader (160 personal-life stories against the corpus) flagged 12-23% of work stories at the
recall it needed (see above for how a sign of private life made one usable). Still missed on
the fresh sets: half the neighbouring-question stories (the story model finds the asked
competency about as likely as chance in most of them), and private lives in a community's
tradition told with no word of family, home or membership (a saint's-day parade, a Ganesh
mandal, a neighbourhood murga: the setting model reads them at 1.7 to 2.2, but without a sign
its reading does not count).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from interview_coach.star import evaluate, model, relevance  # noqa: E402
from interview_coach.star.scorer import analyse  # noqa: E402


def scored(answer: str):
    """The analysis ``evaluate`` hands to ``relevance.judge``: rules refined by the model."""
    return model.refine(analyse(answer))


PAIRS = ROOT / "tests" / "data" / "offtopic_pairs.jsonl"
# The pair sets after the first two, in the order of ``SPLITS`` (each split's pairs are
# tests/data/offtopic_<split>.jsonl; ``PAIRS`` holds "seen" and "unseen"):
# A second unseen set in other trades and voices, written before the margin feature and the
# extra cues and never fitted on: its column is the honest one.
# A third, written by six more authors (warehouse, pharmacy, farm, architecture, cabin crew,
# library) before any work on it, half of its off-topic answers neighbouring-question stories.
# A fourth (5 December), six more authors (bus depot, hospital porter, vineyard, council
# planning, stage management, solar installs), 18 of its 36 off-topic answers neighbouring-
# question stories; written and committed before the checker first ran on it.
# A fifth, six more authors, every question in fresh wording ("Walk me through...", "What's an
# example of..."); scored three times while the first 5 December changes were measured, its
# rows not read then; in the later session that day its missed hobby and talk-then-another-
# story answers were read.
# A sixth (5 December, later session), 40 authors in 39 settings, no question opening "Tell
# me about a time"; committed before any scorer ran on it and scored once, .483; then its
# missed hobby, trait and talk-then-another-story answers were read (not its neighbouring-
# question stories).
# A seventh (5 December, later session), 17 authors, ~30 trades, personal-life stories that
# mostly do not announce themselves; committed before any scorer ran on it, scored only at
# the session's end.
# An eighth and a ninth (5 December, third session), ten more authors each (crematorium,
# glassblowing, sterile services, ski lifts, tea estate...; mine rescue, rose export, ship's
# galley, dubbing studio, ice roads...), 16 neighbouring-question stories, 7 personal-life
# stories and 7 talk-then-another-story answers each, few of them signposted; committed
# before any scorer ran on them.
# A tenth (5 December, third session), ten more authors (cooperage, avalanche forecasting,
# fish auction, ship-breaking, shearing crews...), personal-life stories from caring for a
# relative to a students' association, only one of their questions saying "at work";
# committed before any scorer ran on it, to be scored once, at the session's end.
# An eleventh and a twelfth (5 December, fifth session), eight more authors each (ferry
# deckhand, wind-turbine technician, funeral director, railway signaller...; museum
# conservator, quarry shotfirer, shearing-gang owner, court interpreter...), written by helpers
# who saw only the competency descriptions; never trained on, printed while the story model's
# bar was chosen.
# A thirteenth (5 December, fifth session), eight more authors (coastguard, abattoir
# inspection, ski patrol, ambulance dispatch, mushroom farm...), committed before any scorer
# ran on it and scored once, at the session's end.
# A fourteenth (5 December, sixth session), eight more authors (tram driver, court interpreter,
# manuka apiary, lift maintenance, offshore wind, stage management, mobile-money agents, hotel
# housekeeping); committed before any scorer ran on it and scored once, at the session's end.
# A fifteenth (6 December, seventh session), eight more authors (pilot-boat coxswain, organ
# restorer, manuka co-op, court reporter, cocoa grader, ice technician, hospital laundry,
# ski-lift technician); committed before any scorer ran on it and scored once, at the end.
# A sixteenth (eighth session), eight more authors (tram depot, fish auctioneer, audiologist,
# bell foundry, vineyard manager, port crane driver, sign-language interpreter, zoo keeper);
# committed before any scorer ran on it.
# A seventeenth (ninth session), eight more authors (canal lock keeper, sterile supply
# technician, ice-cream factory, wedding photography studio, lifeboat coxswain, pet food
# chemist, bin-round supervisor, theatre box office); committed before any scorer ran on it.
# An eighteenth (eleventh session), six more authors (commercial diver, cold-store forklift
# trainer, hairdressing salon owner, rail signaller, hospice nurse, cheesemaker), 17 of 60
# answers lower case without punctuation; committed before any scorer ran on it.
# A nineteenth (twelfth session), six more authors (tower crane operator, zookeeper, pharmacy
# dispenser, fishmonger, prison education tutor, sewage works operator), 20 of 60 answers lower
# case without punctuation; committed before any scorer ran on it.
# A twentieth (thirteenth session), six more authors (canal lock-keeper, abattoir hygiene
# inspector, pantomime costume maker, road gritter driver, hearing-aid audiologist, removals
# foreman), 17 of 60 answers lower case without punctuation; committed before any scorer ran.
# A twenty-first (fourteenth session), six more authors (hospital laundry supervisor, ski lift
# mechanic, taxi dispatcher, fish farm technician, tree surgeon, bookbinder), 18 of 60 answers
# lower case without punctuation; committed before any scorer ran on it.
# A twenty-second (fifteenth session), six more authors (farrier, chimney sweep, fairground ride
# operator, cricket groundsman, bridal shop manager, motorway recovery driver), 16 of 60 answers
# lower case without punctuation, four open questions that name no competency; committed
# before any scorer ran on it.
# A twenty-third (sixteenth session), six more authors (beekeeper, bin lorry driver, boat
# builder, hotel housekeeping supervisor, ambulance dispatcher, dental nurse), 18 of 60 answers
# lower case without punctuation; committed before any scorer ran on it.
# A twenty-fourth (seventeenth session), six more authors (taxi dispatcher, window cleaner,
# bowling alley manager, ice rink technician, post office counter clerk, cinema
# projectionist), 17 of 60 answers lower case without punctuation; committed before any scorer
# ran on it.
# A twenty-fifth (eighteenth session), six more authors (transplant coordinator, drug-safety
# specialist, seismologist, embedded software engineer, casino croupier, escrow officer), 17
# of 60 answers lower case without punctuation; committed before any scorer ran on it.
# A twenty-sixth (nineteenth session), six more authors (perfumer, tunnel boring machine
# operator, sleep technologist, glaciologist, Foley artist, watch after-sales head), 17 of 60
# answers lower case without punctuation; committed before any scorer ran on it.
# A twenty-seventh (twentieth session), six more authors (operational meteorologist,
# zookeeper, patent attorney, mud logger, live-sound engineer, plant breeder), 17 of 60
# answers lower case without punctuation; committed before any scorer ran on it.
# A twenty-eighth (twenty-second session), six more authors (avalanche forecaster, stained-
# glass restorer, ferry purser, hospice chaplain, wildfire dispatch supervisor, forensic
# accountant), 18 of 60 answers lower case without punctuation; written by two helpers who saw
# no code, committed before any scorer ran on it.
#: Every pair set by its split name, oldest first.
SPLITS = (
    "seen",
    "unseen",
    "unseen2",
    "unseen3",
    "unseen4",
    "unseen5",
    "unseen6",
    "unseen7",
    "unseen8",
    "unseen9",
    "unseen10",
    "unseen11",
    "unseen12",
    "unseen13",
    "unseen14",
    "unseen15",
    "unseen16",
    "unseen17",
    "unseen18",
    "unseen19",
    "unseen20",
    "unseen21",
    "unseen22",
    "unseen23",
    "unseen24",
    "unseen25",
    "unseen26",
    "unseen27",
    "unseen28",
    "unseen29",
    "unseen30",
    "unseen31",
)
TEAM = ROOT / "tests" / "data" / "star_labelled.jsonl"
MODEL = ROOT / "src" / "interview_coach" / "model_data" / "relevance.json"
TARGETS = {"accuracy": 0.90, "on_flagged": 0.10, "off_missed": 0.10}
#: The share of fitting (seen) answers the fitted threshold may call off topic.
MAX_ON_FLAGGED = 0.05


def load(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression by gradient descent (five features, ~100 rows)."""
    w, b = np.zeros(x.shape[1]), 0.0
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for _ in range(4000):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * weight
        w -= 0.1 * (x.T @ g / len(y) + l2 * w / len(y))
        b -= 0.1 * float(g.mean())
    return w, b


def _held_out(x: np.ndarray, y: np.ndarray, authors: list[str]) -> np.ndarray:
    """Each pair's probability from a model fitted without its author's pairs."""
    p = np.zeros(len(y))
    for a in sorted(set(authors)):
        out = np.array([k == a for k in authors])
        mean, scale = x[~out].mean(0), x[~out].std(0) + 1e-9
        w, b = _logistic((x[~out] - mean) / scale, y[~out])
        p[out] = 1 / (1 + np.exp(-(((x[out] - mean) / scale) @ w + b)))
    return p


def fit() -> None:
    """Base rates from the team's dev answers, then the model on the seen pairs only."""
    team = [r for r in load(TEAM) if r["split"] == "dev"]
    counts = [relevance.cue_counts(relevance.story_text(scored(r["answer"]))) for r in team]
    base = {
        c: [
            round(float(np.mean([k[c] for k in counts])), 4),
            round(float(np.std([k[c] for k in counts])) + 0.5, 4),
        ]
        for c in counts[0]
    }
    n = len(relevance.FEATURES)
    model = {
        "base_rate": base,
        "mean": [0.0] * n,
        "scale": [1.0] * n,
        "weights": [0.0] * n,
        "bias": 0.0,
        "threshold": 0.5,
    }
    MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    relevance._model.cache_clear()
    seen = [r for r in load() if r["split"] == "seen"]
    feats = [relevance.features(r["question"], scored(r["answer"]))[0] for r in seen]
    x = np.array([[f[k] for k in relevance.FEATURES] for f in feats])
    y = np.array([float(r["on_topic"]) for r in seen])
    mean, scale = x.mean(0), x.std(0) + 1e-9
    w, b = _logistic((x - mean) / scale, y)
    p = _held_out(x, y, [r["author"] for r in seen])

    # "Never flag an answer that fits" comes first: for questions the bank knows and for
    # others ("tell me about a challenge", where nearly any story may fit) alike, the highest
    # threshold that flags at most MAX_ON_FLAGGED of their fitting seen answers, each scored
    # by a model that never saw its author: in-sample scores flatter the fitting answers,
    # and a threshold set on them flagged three times as many fitting answers by new authors.
    known = np.array([f["known"] for f in feats], dtype=bool)
    grid = np.linspace(0.05, 0.7, 66)

    def highest(fitting: np.ndarray) -> float:
        return float(max(t for t in grid if (fitting < t).mean() <= MAX_ON_FLAGGED))

    threshold = highest(p[known & (y == 1)])
    unknown = highest(p[~known & (y == 1)])
    model.update(
        mean=mean.round(5).tolist(),
        scale=scale.round(5).tolist(),
        weights=w.round(5).tolist(),
        bias=round(b, 5),
        threshold=round(threshold, 4),
        threshold_unknown=round(unknown, 4),
    )
    MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    relevance._model.cache_clear()
    weights = dict(zip(relevance.FEATURES, w.round(2).tolist(), strict=True))
    print(
        f"fitted on {len(seen)} seen pairs: {weights}, thresholds {threshold:.3f} (bank "
        f"questions), {unknown:.3f} (others)"
    )


def report() -> None:
    rows = load() + [
        r
        for p in (PAIRS.with_name(f"offtopic_{split}.jsonl") for split in SPLITS[2:])
        for r in load(p)
    ]
    evaluate("Tell me about a time you led a team.", "I led the team and we shipped it.")
    results, times = [], []
    # answers the contract reads as telling no story (on the theme, no time told), by kind:
    # not off topic, though the early pair sets label a claim about oneself ("trait") so
    no_story: dict[str, Counter[str]] = {split: Counter() for split in SPLITS}
    for r in rows:
        t = time.perf_counter()
        ev = evaluate(r["question"], r["answer"])
        times.append((time.perf_counter() - t) * 1000)
        results.append((r, ev.off_topic))
        if ev.no_story:
            no_story[r["split"]][r["kind"] if r["author"] != "team" else "team"] += 1
    head = f"{'split':<8} {'pairs':>5} {'accuracy':>8} {'on flagged':>10} {'off missed':>10}"
    print(f"{head} {'median ms':>9}")
    for split in SPLITS:
        part = [(r, flag) for r, flag in results if r["split"] == split]
        ms = statistics.median(
            t for (r, _), t in zip(results, times, strict=True) if r["split"] == split
        )
        on = [flag for r, flag in part if r["on_topic"]]
        off = [flag for r, flag in part if not r["on_topic"]]
        acc = sum(flag != r["on_topic"] for r, flag in part) / len(part)
        print(
            f"{split:<8} {len(part):>5} {acc:>8.3f} {sum(on) / len(on):>10.3f} "
            f"{1 - sum(off) / len(off):>10.3f} {ms:>9.1f}"
        )
    for split in SPLITS:
        kinds, wrong = Counter(), Counter()
        for r, flag in results:
            if r["split"] == split:
                team = f"team_{'on' if r['on_topic'] else 'off'}"
                kind = r["kind"] if r["author"] != "team" else team
                kinds[kind] += 1
                wrong[kind] += flag == r["on_topic"]
        by_kind = ", ".join(f"{k} {wrong[k]}/{n}" for k, n in kinds.items())
        told = ", ".join(f"{k} {n}" for k, n in no_story[split].items())
        told = f"; read as no story: {told}" if told else ""
        print(f"{split} errors by kind: {by_kind}{told}")
    print(f"median evaluate ms: {statistics.median(times):.1f}")
    fitting_stories_flagged()


def fitting_stories_flagged() -> None:
    """The labelled STAR answers are all told for their own question: the share called off
    topic is "never flag an answer that fits" measured on 1,700 answers instead of ~150."""
    sys.path.insert(0, str(Path(__file__).parent))
    import star_accuracy as star

    corpus = [r for r in star.load_corpus() if r.get("on_topic", True)]
    groups = {
        "trained on": [r for r in corpus if r["set"] in star.POOL],
        "never trained": [r for r in corpus if r["set"] in star.NEVER_TRAINED],
        "j_ and k_": [r for r in corpus if r["set"] in ("j", "k")],
    }
    shares, told = [], []
    for name, rows in groups.items():
        evs = [evaluate(r["question"], r["answer"]) for r in rows]
        shares.append(f"{name} {sum(e.off_topic for e in evs) / len(rows):.3f} of {len(rows)}")
        told.append(f"{name} {sum(e.no_story for e in evs) / len(rows):.3f}")
    print(
        "labelled STAR answers (each told for its question) called off topic: " + ", ".join(shares)
    )
    print("  and read as telling no story (on the theme, no time told): " + ", ".join(told))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", action="store_true")
    args = ap.parse_args()
    if args.fit:
        fit()
    report()

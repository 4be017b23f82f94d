"""Retrain the learned STAR layer (``star/model.py``) and write its weights, reproducibly.

Usage:
    python benchmarks/train_star_model.py            # cross-validate, train, write the weights
    python benchmarks/train_star_model.py --cv-only  # just print the cross-validation table
    python benchmarks/train_star_model.py --no-cv    # just train and write the weights

Rows (``star_accuracy.load_corpus``): the shipped model trains on every labelled style, the
``POOL`` sets: the team's dev split of tests/data/star_labelled.jsonl and
tests/data/star_corpus/a_, b_, c_, f_, g_, h_, i_, s_ to z_, q_, r_, o_, ua_, ub_ and
uc_*.jsonl (2,405 answers by 212 authors; f_ is 150
answers written for training in the styles that failed: present tense, result first, pure
"we", numbers that are not results, failures with a lesson, implicit tasks; g_ is 120 more in
near-identical pairs that differ only in the part at issue: a task stated, hinted or absent,
an outcome told as someone else's response or ending on a step; h_ is 150 answers dictated,
phone-typed or in a second language, i_ 150 formal, terse or passive ones, both at the
boundaries of task and result; s_ to x_ are 400 by 40 authors in five families of trades,
every style, 40% or more at the rubric's boundaries, and u_, y_, z_ 240 more by 24 authors in
transport, office and services work; q_ to uc_, 420 by 42 authors, were each written blind
as a fresh set, scored once, then trained on from the thirteenth session). It never sees
``NEVER_TRAINED``: the team's old holdout, d_ and e_ (100 answers by 20 authors, labelled
before any scorer ran on them) and ../shared's 30 style examples.

Generalising to styles it never saw is measured apart: ``split/train`` leaves out every row
in one of the five styles of the ``*_split.json`` files and every held-out author; the
benchmark trains on it (with ``train``, the same code) and scores the 1,034 rows left out
(873 before q_ to uc_ joined). The two settings, the L2 strength and the margin by which the
model must disagree with the rules where their verdict stands on familiar text
(``model.RULES_STAND``), are chosen here by leave-one-author-out (the team's rows as one
author, weighed as much as all the others together) plus leave-one-style-out, on
``split/train`` rows only, so nothing is chosen by looking at a held-out or never-trained
row.

The learner: for each part, two logistic regressions ("told at all", "told well") over
standardised features, fitted by Newton's method with numpy (same data, same weights to the
last bit, in about a second; scikit-learn would add ~40 MB for the same maths).
Eight of the features are the clause reader's (``model.ClauseReader``): per piece of the
answer (``star/pieces.py``), a logistic model over its MiniLM vector, its position and the
rules' tags in it, for each part "told at all" and "told well"; the answer tells the part if
any piece does (noisy-OR). It is fitted to the same whole-answer labels by Adam (multiple-
instance learning: nobody labels which clause is the result). The layer above trains on
readings out of fold (5 folds by author), so it learns how far to trust the reader on answers
the reader never saw; the cross-validation below reads the same out-of-fold readings.

What was tried (5 December, cross-validated as above, mean presence / QWK of the four parts):
    ridge regression + margin (the layer before): other authors 0.909/0.779, styles 0.911/0.790
    ordinal logistic pair, same features:          other authors 0.909/0.791, styles 0.904/0.797
    + "ends on a step" / "opens on the job" where the rules found nothing (interactions):
                                                   other authors 0.912/0.802, styles 0.903/0.797
    + a story ending on a step keeps the rules' result 0 on familiar text:
                                                   team 0.939 -> 0.946 / 0.780 -> 0.813,
                                                   styles 0.903/0.797 -> 0.904/0.803
  Tried and not kept (same cross-validation): gradient-boosted trees (scikit-learn's
  HistGradientBoosting, depth 3, 150 rounds, as the same ordinal pair) other authors
  0.901/0.793, styles 0.893/0.785 against the logistic pair's 0.911/0.801 and 0.904/0.803;
  cues for a role or an intention that hints at the task ("I was site supervisor", "I wanted
  to") team task 0.957 -> 0.945, others unchanged; counting present-tense narration as
  unfamiliar text (so the rules' verdict counts less there) 0.911/0.801 -> 0.910/0.799;
  per-part presence thresholds other than 0.5 (0.3-0.55): none better.
  On the held-out split the logistic pair moved result presence 0.72 -> 0.81 and QWK 0.34 ->
  0.49 against the previous shipped layer. Earlier (4 December): hashed words and word pairs
  let the model learn its training rows by heart and added nothing held out (feature version
  3 -> 4); MiniLM clause vectors moved held-out presence by under 0.01 for about 8 ms more
  per answer. Adding more written training answers (f_) moved leave-one-author-out result
  QWK from 0.775 to 0.813 for other authors; g_ then moved the never-trained sets' task
  QWK 0.781 -> 0.791 and e's result presence 0.883 -> 0.900, d's 0.875 -> 0.850.
  h_ and i_ (5 December) were scored by the shipped model before it trained on them, as two
  more never-trained sets (presence / QWK, situation, task, action, result):
      h_ (dictated, phone-typed, second language)  .893/.580  .760/.663  .933/.765  .867/.663
      i_ (formal, terse, passive, second language) .967/.805  .867/.819  .940/.699  .827/.514
  Trained on them, the never-trained sets moved situation .924/.775 -> .935/.786, task
  .829/.791 -> .818/.780, action .906/.807 -> .906/.780, result .876/.717 -> .876/.716,
  quantified .865 -> .888: more of the same kind of data no longer moves the linear layer.
  The clause reader (6 December, feature version 21). Its inputs and L2 strength were chosen by
  5-fold-by-author log-loss of its own readings on split/train rows (mean over 8 readings):
  the vector and position alone 0.386 / 0.342 / 0.340 at L2 0.03 / 0.1 / 0.3; with the
  rules' tags 0.312 / 0.294 / 0.312, and with the tags of the pieces either side 0.304 / 0.285 at
  0.3 / 0.1 (feature version 22), so those, at 0.1. Read alone (no layer) it scored the
  held-out split .941/.557 .715/.531 .914/.581 .854/.450: it finds parts, the layer grades
  them. Under the layer (presence / QWK, situation, task, action, result), before -> after
  (feature version 22):
      held-out split  .945/.632 -> .943/.625  .811/.768 -> .809/.767  .898/.699 -> .914/.719
                      .832/.535 -> .840/.546
      never trained   .916/.761 -> .918/.771  .833/.762 -> .838/.765  .916/.778 -> .916/.797
                      .889/.682 -> .891/.688
  On q_ (80 answers by 8 new authors, written blind and scored once at the end of that session)
  the reader gained nothing: the session's starting code .963/.855 .800/.772 .975/.853
  .887/.634, with the reader .963/.844 .800/.772 .975/.823 .887/.638 (one or two answers).
  One vector per clause instead of per piece measured the same (held-out action .924/.732,
  result .844/.551, by the experiment's code) for about 25 ms more per answer; the pieces'
  vectors are already read for the off-topic check. With the reader the cross-validation's
  best L2 was 10 by 0.006 of its summed score (4.339 against 30's 4.333), within noise, so
  30 stays; 10 was scored once on the held-out split and was lower there too (result
  .840/.543 -> .826/.537).
  s_, t_, v_, w_ and x_ (eighth session: 400 answers by 40 authors in land and sea, public
  services, making things, serving customers, science and culture; every value of every part
  10 times or more per set) were scored by the shipped model before it trained on them:
      all 400 (rules alone)  .890/.680  .818/.780  .805/.589  .833/.571
      all 400 (shipped)      .963/.862  .870/.844  .868/.749  .930/.757
  Its action errors were mostly "I always..." habits the labels call 0 and it called 1 (25 of
  40 over-calls). Trained on them (held-out split now 739 rows, 227 of them new), before ->
  after, on rows that were in the sets before:
      held-out split (512 rows as before)  .945/.613 -> .955/.627  .807/.765 -> .807/.761
                                           .918/.725 -> .914/.721  .863/.624 -> .871/.614
      never trained                        .916/.769 -> .913/.762  .840/.767 -> .842/.766
                                           .927/.813 -> .927/.805  .896/.713 -> .902/.737
      shared calibration                   result .867/.822 -> .867/.873, action .900/.860
                                           -> .933/.893, task .900/.939 -> .933/.958
  Also tried in the eighth session (cross-validated as above, lambda 30, margin 0.5) and not
  kept: calling a part 2 when "told well" is likelier than "told vaguely" (P(2) > P(>=1)/2
  rather than P(2) > 0.5; out of fold the layer under-calls situation 2s) moved other authors'
  mean QWK .841 -> .837; keeping the rules' result 0 for every story that ends on a step, not
  only on familiar text, moved result .914/.838 -> .910/.827. Kept that session, at the rules'
  level: a result told first when nothing after the steps is one (``tags``), task hints said
  without "the" ("As foreman, I..."), steps strung on commas in notes with no "I" or "we", and
  headings said in words; after the 400 new answers, together they moved CV action (others
  .918/.795 -> .923/.813, styles .898/.742 -> .905/.764, team .941/.675 -> .937/.673) and left
  the other parts within 0.005.
  Ninth session. The habit answers of o_, r_, s_, t_, v_, x_ (and the new u_, y_, z_) had been
  labelled action 0 whatever they named; the shared calibration labels concrete habits 1
  ("concrete habits, but not steps taken in a real situation") and attitudes 0, so a helper
  re-judged them from the answers and that file alone (44 answers 0 -> 1, none the other way).
  u_, y_ and z_ (240 answers by 24 authors in transport, office and services work) were scored
  by the shipped model before it trained on them: .988/.862 .838/.804 .921/.817 .933/.831.
  Rules changes, each measured at the rules' level on trained rows and never-trained rows
  (answers moved closer to / further from their labels): task hints as people say them
  (+17/-1, +4/-1, then +4/-0, +1/-0), steps listed after "What I did was" (+14/-2 action), a
  dated occasion with its problem as a concrete scene (situation +40/-3, +8/-1), "later",
  "that week", "after one month", "in 15 minutes" marking an outcome (result +22/-1), a
  present-perfect outcome told first, and steps with the "I" dropped under the candidate's
  own "A:" label (action +19/-0, +3/-0). Start -> end of session, the learned layer retrained:
      o_ (fresh, scored once)      .938/.725 -> .938/.745  .875/.822 -> .875/.807
                                   .912/.773 -> .950/.800  .988/.903 -> .988/.912
      r_ (habit labels re-judged)  .963/.805 -> .963/.843  .900/.868 -> .887/.843
                                   .912/.627 -> .938/.697  .887/.688 -> .887/.705
      never trained                .911/.761 -> .911/.764  .842/.767 -> .842/.771
                                   .922/.803 -> .931/.807  .900/.738 -> .902/.755
      held-out split, same 739     .959/.682 -> .954/.682  .832/.790 -> .834/.793
                                   .916/.709 -> .917/.726  .885/.607 -> .892/.632
      shared calibration           .900/.735 -> .900/.706  .933/.958 -> .900/.939
                                   .900/.860 -> .900/.834  .867/.873 -> .833/.817
  Tried and not kept: action 0 for an answer whose every step is a habit (the labels call
  concrete habits 1: +0/-9), and action 0 for a plan with few concrete words (no length from
  1 to 14 words gained: +3/-4 at best).
  j_ and k_ (5 December, 100 answers each by 20 authors in new trades) were scored once by the
  model of that morning before anything was changed:
      j_ (chaplain, HVAC, hostel, crane, tattoos) .930/.849  .770/.668  .940/.805  .860/.685
      k_ (piano tuner, kennels, tailor, glazier)  .880/.664  .740/.583  .760/.691  .820/.631
  Then (feature versions 10-12) a post held is the rubric's task hint ("im the rink guard"),
  task cues in second-language and vague forms, attitudes and a team achievement named are
  not steps. Training on j_ moved two textbook fixtures across their borderline with no gain
  on the never-trained sets, so the model does not train on j_ or k_: both are rows of
  ``star_accuracy.py`` (j_'s task errors and half of k_'s action errors were read).
  Twelfth session. Rules fixes found by reading cards of new answers as a candidate would (a
  time that opens an outcome quoted with it, a throat-clearing first sentence set aside,
  "I got moved" and "I failed my test" not steps, reported "told him id have to" and "id never
  used" not plans, a note's "Passed first time" the outcome, a goal said to oneself the task,
  an opinion opening not an outcome told first). At the rules' level on split/train, written
  and flattened, answers moved closer to / further from their labels: situation +17/-1, result
  +7/-1, action +1/-1, task +1/-0; out of fold (5 folds by author, split/train) the layer moved
  situation .944/.846 -> .946/.846, task .933/.918 -> .932/.917, action .924/.797 (same),
  result .923/.843 -> .925/.846, quantified .911 -> .916.
  Retrained on them, the held-out split moved .958/.695 -> .953/.676, .848/.816 -> .850/.820,
  .924/.737 -> .922/.730, .889/.626 -> .893/.639 (rules alone there: situation presence .820 ->
  .825, the rest within .002): the layer's situation reading moved with its retraining, not
  with a rule, and nothing was tuned on those rows to win it back. uc_ (fresh, scored once):
  rules alone the same at the session's start and end; the layer .900/.815 .900/.841
  .850/.731 -> .850/.717 .850/.730 -> .850/.705, one or two answers each.
  Thirteenth session. q_, r_, o_, ua_, ub_ and uc_ (420 answers by 42 authors, each written
  blind and scored once as a fresh set) joined ``POOL``. Measured first with the session's
  starting rules, the layer trained with them against without: never-trained .911/.770 ->
  .913/.777, .851/.782 -> .853/.792, .931/.793 -> .940/.817, .900/.736 -> .909/.781; the 873
  held-out rows of the old split, their split model trained with the new sets' split/train
  rows too, within a few answers (.953/.676 -> .958/.682, .850/.820 -> .844/.820, .922/.730 ->
  .928/.734, .893/.639 -> .892/.636); j_ fell (situation .940/.879 -> .910/.841,
  task .900/.825 -> .870/.790), k_ rose, the 30 shared examples lost one answer in each part.
  Rules fixes from cards of new answers (a clock time ending a sentence, a fall that is no
  measure, someone else's act after a place or in a present-tense story, the slip in a
  mistake story, an order in the boss's words as a vague task, an irregular past opening as
  the scene...): at the rules' level on the old split/train rows, written and flattened,
  situation +12/-4, result +4/-2, action +2/-0, task +4/-0. Out of fold on the new split/train
  (1,371 rows), the irregular past read for the scene moved nothing (written situation
  .947/.865 without it, .947/.862 with it read everywhere; flattened .877 read in the opening
  only, .876 read before the first step, which ships).
  End of session (start -> end, ``evaluate``): never trained .911/.770 -> .916/.778, .851/.782
  -> .853/.790, .933/.796 -> .942/.816, .902/.739 -> .913/.785, quantified .891 -> .896; the old
  873 held-out rows .953/.676 -> .956/.672, .850/.820 -> .848/.821, .922/.730 -> .924/.732,
  .893/.639 -> .892/.646, flattened situation .968/.783 -> .960/.740 (not reproduced out of fold
  on split/train, and not tuned on); ud_ (fresh, scored once) .917/.693 -> .933/.805, .850/.770,
  .950/.874 -> .950/.889, .883/.757, the rules alone the same at both ends (the gain is the
  layer's new training rows).
  Eighteenth session. Until now, on familiar text (punctuated, a capital "I", steps found:
  ``model.is_familiar``) the rules' score of every part stood unless the layer's expected
  score was more than the margin away, and a familiar story ending on a step had no result.
  Out of fold (lambda 30, margin 1.0; presence + QWK summed over the four parts), the rules
  standing (A); the layer's call everywhere (B); B, but a familiar answer's "no step found"
  stands (F); F, and its "my own task is stated" stands too (H, shipped):
                                            A       B       F       H
      by author, the team's 254 rows      7.295   7.006   7.024   7.045
      by author, the other 1,117          7.142   7.219   7.222   7.221
      by style, 2,019 rows                7.059   7.064   7.064   7.067
  The criterion above weighs the team's rows as much as all the others and would keep A; but
  the rules were tuned on exactly those rows (dev .99), so there their side is scored in
  sample. H is the best of the rest by that criterion and by style. Its two exceptions are
  where the rules' cues are precise and the layer's call read wrong on answers I printed:
  "The situation: I led a team of twelve... My task was... The result was..." tells no step
  (B: action 2, quoting the scene), and "My task was to get them under ten a week by the
  summer" is the candidate's own task (F: task 1). Letting every familiar task score stand
  instead (I) lost F's task gains on every set no choice looked at (never trained .800 ->
  .767). Scored once on those sets, the model trained on split/train (presence / QWK,
  situation, task, action, result; A -> H):
      held-out split (1,034)  .962/.692 -> .966/.743  .890/.863 -> .895/.868
                              .925/.738 -> .924/.767  .899/.652 -> .912/.675
      never trained (450)     .918/.809 -> .924/.826  .842/.767 -> .860/.792
                              .933/.804 -> .933/.836  .904/.750 -> .913/.769
      the team's holdout (40) .900/.896 -> .875/.804  .850/.733 (the same)
                              .975/.921 -> .975/.947  .925/.881 (the same)
  On the smaller sets (d_, e_, l_, m_, n_, p_, j_, k_, shared, ud_ to uh_) most parts moved
  up; these moved down: l_'s situation (.763 -> .738) and result (.739 -> .710), p_'s result
  (.558 -> .478), ug_'s situation (.848 -> .826) and action (.818 -> .802), and the result
  QWK of shared (.812 -> .788), ue_ (.670 -> .653) and ud_ (.662 -> .655).
  Keeping the "ends on a step" result veto as well scored result .901/.658 held out and
  .909/.755 never trained, below the layer's call.
  Also measured and not kept: training the clause reader on the labellers' quotes as well
  (each part's quoted pieces, found word for word in the answer in about half the labels,
  pushed towards "told" with weight 1 or 3 beside the whole-answer likelihood) moved held-out
  situation .692 -> .694, action .738 -> .741, result unchanged, and the fresh ud_ to uh_ sets'
  result QWK by +0.00 to +0.04: the layer above already takes what the reader adds.
  Nineteenth session, out of fold on split/train (10 folds by author) or scored on the held-out
  split; nothing kept, so nothing was chosen there:
  - Quantified result (held-out .828: 124 measured outcomes missed, 54 unmeasured ones
    credited). Its logistic trained only on answers with a result (score 1+ or 2): .823-.830
    / .795-.804; six more features (a number in a clause after the last step, a number beside
    a change verb, a number in the last clause, and the clause reader's result reading of the
    pieces that hold a number, read out of fold): .816-.828, never trained .871-.884 against
    .873-.880; "a number in the quoted result", alone or or-ed with the model: .826-.834 held
    out, but .840/.830 against .880 on j_. The labels' line between a measured outcome and a
    number near one is where most of the misses are.
  - A "told well" threshold other than 0.5 (0.4 to 0.6, the same for every part): every part
    within .01 QWK of 0.5, for the team and for the other authors.
  - The same six number features for the four parts: within .01 everywhere.
  Twenty-third session, tried and not kept (the rules changed, the model retrained, both
  benchmarks' sets scored once with the retrained model). Task cues: "somebody had to fix it",
  "we were trying to", "it was kind of on us" as hints, "I was hoping to", "counting on me to"
  as one's own (first written in the twenty-second session and reverted there untrained);
  "me as duty manager", "the responsibility for safety sits with me", a favour someone else
  asked ("her manager asked if I could keep an eye on her"); and in an answer read as a plan or
  a habit, a duty stated outright ("my responsibility is to render everything faithfully",
  which the labels score 2) no longer dropped. At the rules' level on split/train the task
  moved 10 answers closer to their labels and 1 further. Retrained, held-out situation QWK
  .743 -> .747 but result .675 -> .668; never trained task .869/.805 -> .867/.802; on the fresh
  sets ud_ to ul_ the task lost an answer on five sets and gained on three. The layer's
  retraining moves as many answers as the cues do, so nothing was kept. (A first draft of the
  cues was read off out-of-fold task misses over every trained-on row, 27 of the 40 read being
  held-out rows; the cues drawn from those were dropped before anything was measured.)
  Twenty-fourth session, kept: plan cues that are not plans in a told story ("it's on me if
  someone gets hurt", "I would like to", "even if", "I ask if they...", "I'll tell you that",
  "normally the supervisor does it", "counsel gets irritated whenever I ask"; read off the 21
  real stories of the seen rows that the rules called hypothetical). Real stories called
  hypothetical: seen 21 -> 5, held-out 16 -> 2, never trained 9 -> 4, fresh ud_ to un_ 8 -> 7.
  Retrained: held-out .966/.743 .895/.868 .924/.767 .912/.675 -> .965/.745 .899/.878 .926/.775
  .912/.677; never trained .918/.795 .869/.805 .942/.844 .916/.787 -> .920/.811 .864/.803
  .940/.833 .918/.789; shared action .867/.852 -> .833/.814, result QWK .869 -> .793.
  Tried and not kept: the same look-alikes skipped by ``present_story``'s habit check, so a
  present-tense story with "whenever" or "I'll tell you" in it is read as narration (95 rows
  change). Held-out situation QWK .745 -> .755 but result .677 -> .668; never trained
  situation .811 -> .799 and result .789 -> .785; on the fresh sets action rose on two and
  result fell on two. Also tried: a quantified reading as a noisy-OR over the pieces that hold
  a number (the outcome is measured if a piece with a number reads as the outcome): held-out
  .828 -> .818, never trained .876 -> .849.
  Twenty-fifth session, kept: a story that dates itself in the present ("It is a Sunday night
  in January") is narration whatever step it repeats ("every night"); 34 labelled answers open
  so, none a plan or a habit. Held-out task .899/.878 -> .900/.880; hypothetical +1 on ud_,
  um_ and uo_; j_ situation -1. Tried and not kept: team goals in more words ("Our team need
  to find a way", "We as a crew wanted to", "the whole cooperative had to", "Our team's job
  was to", read off the fresh sets' task 1 -> 0 misses): un_ +3, ui_ +2, uj_ +1 (all read)
  but held-out result .677 -> .675, never trained task .864 -> .862, p_ and ul_ -1 each. And
  in a story of a mistake, a measured loss after the speaker's own steps as the outcome ("I
  lose 35 colonies in that month", "We had to close that pool for two days"; the rules stop
  at the first step): held-out quantified .828 -> .829, fresh uo_ .800 -> .783, situation and
  result up and down one answer on five sets. Most such stories are missed earlier, where
  neither the slip ("I signed it") nor the lesson ("After this I always...") is recognised.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from star_accuracy import COMPONENTS, ROOT, load_corpus, qwk, select  # noqa: E402

from interview_coach.star import model  # noqa: E402
from interview_coach.star.scorer import Analysis, analyse  # noqa: E402

OUT = ROOT / "src" / "interview_coach" / "model_data" / model.WEIGHTS
#: L2 strength on standardised features, chosen by leave-one-author-out on split/train rows.
LAMBDA = 30.0
CV_LAMBDAS = (3.0, 10.0, 30.0, 100.0)
CV_FAMILIAR_MARGINS = (0.5, 0.75, 1.0)  # model.FAMILIAR_MARGIN
#: The clause reader (``model.ClauseReader``): L2 strength on standardised inputs, chosen by
#: 5-fold-by-author log-loss on split/train rows (0.03, 0.1, 0.3; with and without the rules'
#: tags, and the neighbouring pieces' tags, as inputs), and Adam's steps and rate. Readings
#: for the layer above are out of fold.
READER_LAMBDA = 0.1
READER_STEPS = 300
READER_RATE = 0.05
READER_FOLDS = 5
#: The cross-validation tables' row for the rules alone, beside the (lambda, margin) rows.
RULES = ("rules", "alone")


def training_rows(name: str = "seen") -> list[dict[str, Any]]:
    """The shipped model's rows ("seen"), or the style-held-out split's ("split/train")."""
    return select(load_corpus(), name)


def features(analyses: list[Analysis], readings: np.ndarray) -> np.ndarray:
    rows = [model.answer_features(a, readings=r) for a, r in zip(analyses, readings, strict=True)]
    return np.vstack(rows).astype(np.float64)


def _noisy_or(x: np.ndarray, answer: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """One column of the clause reader: per-piece logistic weights such that an answer tells
    the part when any of its pieces does (noisy-OR), fitted to whole-answer labels ``y`` by
    Adam (the likelihood is not concave, so no Newton step), from zeros: deterministic.
    ``answer`` gives each piece's row index."""
    n = len(y)
    w = np.zeros(x.shape[1] + 1)
    w[-1] = -1.0
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, READER_STEPS + 1):
        z = x @ w[:-1] + w[-1]
        none = np.exp(-np.bincount(answer, np.logaddexp(0.0, z), n))  # P(no piece tells it)
        told = np.clip(1.0 - none, 1e-6, 1.0 - 1e-6)
        # d(-log-likelihood)/d(log none), then through each piece's log(1 - p)
        d_none = ((1.0 - y) / (1.0 - told) - y / told) * -none
        dz = d_none[answer] * -model.sigmoid(z)
        grad = np.append(x.T @ dz / n + lam * w[:-1], dz.sum() / n)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= READER_RATE * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def fit_reader(
    inputs: list[np.ndarray], rows: list[dict[str, Any]], lam: float = READER_LAMBDA
) -> model.ClauseReader:
    """The clause reader from whole-answer labels: for each part, "told" and "told well"."""
    stacked = np.vstack(inputs).astype(np.float64)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-3
    x = (stacked - mean) / scale
    answer = np.repeat(np.arange(len(inputs)), [len(i) for i in inputs])
    labels = np.array([[r["labels"][c] for c in COMPONENTS] for r in rows])
    coef = np.column_stack(
        [
            _noisy_or(x, answer, (labels[:, k] >= level) * 1.0, lam)
            for k in range(len(COMPONENTS))
            for level in (1, 2)
        ]
    )
    return model.ClauseReader(*(a.astype(np.float32) for a in (mean, scale, coef)))


def out_of_fold(inputs: list[np.ndarray], rows: list[dict[str, Any]]) -> np.ndarray:
    """Each row's 8 readings by a reader trained on the other authors' folds: the layer above
    must learn how far to trust the reader on answers it never saw, not on ones it learnt."""
    authors = sorted({r["author"] for r in rows})
    np.random.default_rng(0).shuffle(authors)
    fold = {a: k % READER_FOLDS for k, a in enumerate(authors)}
    out = np.zeros((len(rows), 2 * len(COMPONENTS)))
    for f in range(READER_FOLDS):
        test = [i for i, r in enumerate(rows) if fold[r["author"]] == f]
        rest = [i for i, r in enumerate(rows) if fold[r["author"]] != f]
        reader = fit_reader([inputs[i] for i in rest], [rows[i] for i in rest])
        for i in test:
            out[i] = reader.log_odds(inputs[i])
    return out


def train(
    analyses: list[Analysis], rows: list[dict[str, Any]], lam: float = LAMBDA
) -> model.Weights:
    """The clause reader on every row, and the layer above it on out-of-fold readings."""
    inputs = [model.clause_inputs(a) for a in analyses]
    reader = fit_reader(inputs, rows)
    return fit(features(analyses, out_of_fold(inputs, rows)), rows, reader, lam)


def logistic(
    x: np.ndarray, y: np.ndarray, lam: float, weight: np.ndarray | None = None
) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method (bias, the last column, unpenalised):
    deterministic to the last bit for the same data, in milliseconds, with numpy alone.
    ``weight`` weighs each row (one story's pieces sharing one story's weight, say)."""
    weight = np.ones(len(y)) if weight is None else weight
    w = np.zeros(x.shape[1])
    penalty = lam * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (weight * (p - y)) + penalty @ w
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + penalty + 1e-6 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit(
    feats: np.ndarray, rows: list[dict[str, Any]], reader: model.ClauseReader, lam: float = LAMBDA
) -> model.Weights:
    mean = feats.mean(axis=0)
    scale = feats.std(axis=0) + 1e-3  # constant features stay at zero instead of exploding
    x = np.hstack([(feats - mean) / scale, np.ones((len(feats), 1))])
    labels = np.array([[r["labels"][c] for c in COMPONENTS] for r in rows])
    present = np.column_stack([logistic(x, (labels[:, k] >= 1) * 1.0, lam) for k in range(4)])
    full = np.column_stack([logistic(x, (labels[:, k] == 2) * 1.0, lam) for k in range(4)])
    quantified = logistic(x, np.array([float(r["quantified_result"]) for r in rows]), lam)
    ownership = np.column_stack(
        [
            logistic(x, np.array([float(r["ownership"] == o) for r in rows]), lam)
            for o in model.OWNERSHIP
        ]
    )
    f32 = np.float32
    return model.Weights(
        *(a.astype(f32) for a in (mean, scale, present, full, quantified, ownership)), reader
    )


def _cv_table(
    rows: list[dict[str, Any]],
    analyses: list[Analysis],
    feats: np.ndarray,
    groups: list[list[str]],
    title: str,
    reader: model.ClauseReader,
    split_team: bool = False,
) -> dict[tuple[float, float], tuple[float, float]]:
    """Hold each group out in turn (a row may sit in several, e.g. two style tags), train on the
    rest, score the group; print presence / QWK per part for every lambda and margin. Returns
    the mean presence and QWK over the four parts per (lambda, margin); with ``split_team``,
    the team's rows and the other authors' are reported apart and their means added, so the
    254 rows the rules were tuned on weigh as much as all the other authors together."""
    names = sorted({g for gs in groups for g in gs})
    print(f"{title}: {len(rows)} rows, {len(names)} groups; presence / QWK")
    out: dict[tuple[float, float], tuple[float, float]] = {}
    results: dict[Any, tuple[list[int], dict[str, list[int]]]] = {}
    for lam in CV_LAMBDAS:
        for name in names:
            test = np.array([name in gs for gs in groups])
            train = [r for r, t in zip(rows, test, strict=True) if not t]
            w = fit(feats[~test], train, reader, lam)
            for i in np.flatnonzero(test):
                for margin in CV_FAMILIAR_MARGINS:
                    scores = model.score(analyses[i], w, feats[i], margin)
                    idx, pred = results.setdefault((lam, margin), ([], {c: [] for c in COMPONENTS}))
                    idx.append(int(i))
                    for c in COMPONENTS:
                        pred[c].append(scores[c])
    rule_idx = [int(i) for name in names for i in np.flatnonzero([name in gs for gs in groups])]
    results[RULES] = (
        rule_idx,
        {c: [analyses[i].scores[c] for i in rule_idx] for c in COMPONENTS},
    )
    parts = {"all": lambda r: True}
    if split_team:
        parts = {"team": lambda r: r["author"] == "team", "others": lambda r: r["author"] != "team"}
    for part, keep in parts.items():
        if split_team:
            print(f" {part}")
        for key, (idx, pred) in results.items():
            cells, pres, kap = [], [], []
            sel = [j for j, i in enumerate(idx) if keep(rows[i])]
            for c in COMPONENTS:
                g = [rows[idx[j]]["labels"][c] for j in sel]
                q = [pred[c][j] for j in sel]
                pres.append(float(np.mean([(a > 0) == (b > 0) for a, b in zip(g, q, strict=True)])))
                kap.append(qwk(g, q))
                cells.append(f"{c[:4]} {pres[-1]:.3f}/{kap[-1]:.3f}")
            label = "rules alone" if key == RULES else f"lambda={key[0]:g} margin={key[1]:g}"
            print(
                f"  {label:<24}"
                + "  ".join(cells)
                + f"  | mean {np.mean(pres):.3f}/{np.mean(kap):.3f}"
            )
            if key != RULES:
                prev = out.get(key, (0.0, 0.0))
                out[key] = (prev[0] + float(np.mean(pres)), prev[1] + float(np.mean(kap)))
    return out


def cross_validate(
    rows: list[dict[str, Any]],
    analyses: list[Analysis],
    feats: np.ndarray,
    reader: model.ClauseReader,
) -> None:
    """Leave one author out (the team's dev rows count as one author) and leave one style out,
    on the split's training rows only, so the held-out split stays unseen by every choice."""
    by_author = _cv_table(
        rows,
        analyses,
        feats,
        [[r["author"]] for r in rows],
        "leave-one-author-out",
        reader,
        split_team=True,
    )
    by_style = _cv_table(
        rows, analyses, feats, [r["style"].split("+") for r in rows], "leave-one-style-out", reader
    )
    best = max(by_author, key=lambda k: sum(by_author[k]) + sum(by_style[k]) / 2)
    print(
        "best by leave-one-author-out (team and others weighed equally) plus leave-one-style-out, "
        f"presence + QWK: lambda={best[0]:g} margin={best[1]:g}"
    )


def save(w: model.Weights, path: Path = OUT) -> None:
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        **{name: getattr(w, name) for name in model.ARRAYS},
        **{name: getattr(w.reader, name.removeprefix("reader_")) for name in model.READER_ARRAYS},
        feature_version=np.int32(model.FEATURE_VERSION),
    )
    path.write_bytes(buf.getvalue())
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cv-only", action="store_true")
    p.add_argument("--no-cv", action="store_true", help="just train and write the weights")
    args = p.parse_args(argv)
    if not args.no_cv:
        rows = training_rows("split/train")
        analyses = [analyse(r["answer"]) for r in rows]
        inputs = [model.clause_inputs(a) for a in analyses]
        readings = out_of_fold(inputs, rows)
        cross_validate(rows, analyses, features(analyses, readings), fit_reader(inputs, rows))
    if not args.cv_only:
        rows = training_rows()
        save(train([analyse(r["answer"]) for r in rows], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Word lists and cue patterns for the STAR rules scorer.

The patterns describe how people say things rather than particular stories: who
is the subject of a clause, which tense it is in, whether it states an obligation
("it fell to me to", "my manager wanted me to") or a change ("went from 9 to 4").
They are matched against a unit's text with fillers removed (see
``star_features.plain``), so "I, like, rang the yard" reads as "I rang the yard".
"""

from __future__ import annotations

import re


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Nouns of time: "every day", "that week", "the next shift".
TIME_WORDS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night|"
    r"day|week|month|year|time|point|summer|winter|spring|autumn|quarter|weekend|moment|end|"
    r"start|stage|shift|term|season|meeting|call|visit|lot|bit|while|few|couple"
)
ADVERBS = (
    r"(?:also|then|just|first|quickly|personally|immediately|eventually|finally|later|actually|"
    r"basically|still|even|really|initially|instead|next|again|now|only|myself|ourselves|"
    r"simply|carefully|directly|soon|afterwards|always|never|already|previously|once|honestly|"
    r"originally|suddenly|literally|obviously|secretly|quietly|gradually)"
)
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
JOBS = (
    r"manager|engineer|nurse|teacher|lead|analyst|officer|supervisor|designer|developer|"
    r"consultant|assistant|coordinator|planner|accountant|editor|chef|receptionist|captain"
)
#: Posts that carry a duty in the story they are named in ("I was the senior carer on the night
#: shift", "im the rink guard"): with "the", a role held there; a job title with "a" is only a
#: job ("as a graduate engineer"), except for the posts that lead others ("I'm a team leader").
ROLES = (
    rf"{JOBS}|leader|head|carer|keeper|guard|tech|technician|registrar|purser|director|"
    r"controller|inspector|foreman|forewoman|senior|owner|steward|warden|marshal|rep|"
    r"representative|clerk|buyer|administrator|admin|producer|tutor|coach|organiser|organizer|"
    r"chair|treasurer|secretary|sergeant|paramedic|pharmacist|doctor|surveyor|conservator|curator|"
    r"translator|interpreter|driver|operator|partner|keyworker|caretaker|scientist|specialist|"
    r"adviser|advisor|auditor|electrician|mechanic|dispatcher|midwife|therapist|pilot|porter|"
    r"instructor|lecturer|deputy|trainer|ranger|custodian|foreperson|superintendent|chaplain|"
    r"student|trainee|apprentice|intern|junior|medic|usher|auctioneer|contact|liaison"
)
#: The posts of ``ROLES`` that lead others, a duty even with "a" ("I'd been a team leader").
LEAD_ROLES = (
    r"(?:team|shift|section|site|project|ward|night|duty) (?:leader|lead|manager)|supervisor|"
    r"captain|foreman|forewoman|charge nurse"
)
#: The rubric's action 0 (with ``ACHIEVED_IT``): an attitude ("I always stay calm and try to see
#: it from their side", "I let them have their say"), not a step; concrete habits are steps.
ATTITUDE = re.compile(
    r"\b(?:stay|stayed|stays|keep|kept|keeps|remain|remained|be|being) (?:very |really )?"
    r"(?:calm|positive|patient|professional|focused|cool|honest|polite|friendly|open|fair|"
    r"flexible|transparent)\b|\bsee (?:it|things) from\b|\bput (?:myself|yourself|"
    r"themselves) in\b|\bhave (?:their|his|her) say\b|\bgoes? a long way\b|\bkeep a smile\b|"
    r"\bnever (?:argue|take it personally|give up|panic)\b|\bmake sure (?:he|she|they|everyone|"
    r"people) understands?\b|\btry (?:my best|to help|to understand)\b",
    re.I,
)
#: A team achievement named with no steps: "we sorted it for him", "we did it in a day".
ACHIEVED_IT = re.compile(
    r"\bwe\s+(?:\w+ly\s+)?(?:sorted|managed|did|pulled|handled|got|dealt with|fixed|delivered|"
    r"planned|organised|organized|ran|sort|manage|do|handle|fix|deal with) (?:it|that|this|"
    r"everything|things|them)(?: (?:out|off|done|through|happen|all))?\b"
    r"(?! (?:by|with|so|using|because)\b)|"
    # "between us we got through it", "we pulled through somehow"
    r"\bwe\s+(?:\w+ly\s+)?(?:got|get|pulled|pull|came|come|muddled|scraped) through(?: (?:it|that|"
    r"this|everything|somehow|in the end))?(?=\s*(?:[.,;!?]|$|and\b|but\b|in the end\b))",
    re.I,
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
    learnt happened owned meant promised"""
)
COGNITIVE = {"noticed", "spotted", "saw", "heard", "discovered", "found", "realised", "watched"}
NOT_VERBS = {"hundred", "bed", "red", "shed", "wed", "need", "seed", "speed", "feed", "breed"}
#: Numbers in words that a measure falls from or by ("dropped from about one a week to none").
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|a hundred|hundreds"
)
# "I worked with the setters" is a step; "where I worked" or "I worked at X" is scenery, and so
# is "I started at the bank", but not "I started by listing" or "I started group classes".
SCENERY_AFTER = {
    "worked": re.compile(
        r"^\s+(?:at|in|as|for|there|here|nights|weekends|shifts|part-time|full-time|on (?:a|an|"
        r"the|my|our)\b)|^\s*(?:[,.;]|$)",
        re.I,
    ),
    "started": re.compile(
        r"^\s+(?:at|as|in|there|on (?:a|an|the|my)\b|my (?:first|new)|a new (?:job|role)|work\b|"
        r"working\b|out\b)|^\s*(?:[,.]|$)",
        re.I,
    ),
    "lived": re.compile(r""),
    # "we went six months without a stoppage", "we went from forty a month to six": an outcome
    # told as a stretch or a measure, not a step (but "I went from desk to desk")
    "went": re.compile(
        rf"^\s+(?:(?:a|an|\d+|{_NUMBER_WORDS}|nearly|almost|over)\s+(?:full|whole|entire|days?|"
        rf"weeks?|months?|years?|seasons?|quarters?|shifts?)|from\s+(?:\d|(?:{_NUMBER_WORDS})\b))",
        re.I,
    ),
    # "I failed my first forklift assessment", "we failed to spot it": what went wrong, no step
    "failed": re.compile(r"^\s+(?:to|my|the|our|a|an|his|her|their|that|this|it|in|on)\b", re.I),
    # "i got moved to the night desk", "I got asked to cover": done to the speaker, no step
    "got": re.compile(
        r"^\s+(?:\w+ly\s+)?(?!used\b)(?:[a-z]+ed|put|sent|given|told|caught|thrown|shown|"
        r"taken|chosen|paid|bitten|sworn|shouted|called)\b",
        re.I,
    ),
    # "we kept running out of flour": the problem, not a step
    "kept": re.compile(
        r"^\s+(?:running|getting|having|losing|missing|failing|breaking|crashing|dropping|"
        r"falling|jamming|coming|going (?:down|wrong|off)|being)\b",
        re.I,
    ),
}
RELATIVE = re.compile(
    r"(?<!\bas )(?<!\bat )(?<!\bin )(?<!\bon )(?<!\bby )(?<!\bduring )(?<!\bafter )"
    r"(?<!\bbefore )(?<!\bfrom )(?<!\bwithin )(?<!\bover )(?<!\bacross )(?<!\bsince )"
    r"\b(?:the|a|an|our|their|his|her|my|this|that|every|each|some|any)\s+"
    rf"(?:(?!and\b|but\b|so\b|then\b|or\b)[\w'-]+\s+)?(?!(?:{TIME_WORDS})s?\b)"
    r"(?!and\b|but\b|so\b|then\b|or\b)[\w'-]+\s+$",
    re.I,
)
SUBORDINATE = re.compile(
    r"\b(?:where|when|after|before|until|since|that|which|if|because|as|once|while|who|whether)"
    r"\s+(?:\w+\s+)?$",
    re.I,
)

PRONOUN_I = re.compile(r"\bI\b(?!'(?:ve|m|ll)\b)")
_VERB = r"([a-z]+(?:-[a-z]+)?)"  # "re-slotted", "double-checked"
ACTION = re.compile(rf"\b(I|we|We)\s+(?:{ADVERBS}\s+){{0,3}}{_VERB}\b((?:\s+\w+){{0,2}})")
# A clause with no subject of its own ("and left a map in each room") continues the last one;
# one that opens on a subject ("and she left happy") does not, in the present tense too.
_SUBJECT = (
    r"(?:and|then|but|or|plus|i|we|you|he|she|it|they|there|this|that|these|those|the|a|an|my|"
    r"our|his|her|their)"
)
CONTINUATION = re.compile(
    rf"^(?:and|then|but|or|plus)?\s*(?:{ADVERBS}\s+)*(?!{_SUBJECT}\b){_VERB}\b(.{{0,20}})"
)
COORD_VERB = re.compile(rf"(?:,|\band)\s+(?:then\s+|also\s+)?{_VERB}\b")
#: The lead of a list of the speaker's own steps in the base form ("What I did was agree ground
#: rules, keep a speakers list", "The steps I took were to shadow the manager, read the
#: guidance"), and the list's first verb after it.
STEP_LEAD = re.compile(
    r"\b(?:what I (?:\w+ )?did (?:first |next |then )?was|the (?:\w+ )?(?:actions?|steps?) I "
    r"(?:took|take|made) (?:was|were|is|are)|my (?:\w+ )?(?:actions?|steps?) (?:was|were)),?"
    r"(?: to)?\b",
    re.I,
)
FIRST_VERB = re.compile(rf"\s*(?:{ADVERBS}\s+)*{_VERB}\b")
# Where a coordinated-verb scan stops: a new clause with its own subject ("..., and they ...").
# A pronoun straight after a noun ("the system we paid for") is a relative clause: keep going.
NEW_CLAUSE = re.compile(
    r"(?:^|,|;|\b(?:and|but|so|because|which|who|then|when|while|until|after|before|so that))"
    r"\s+(?:I|we|he|she|they|it)\b",
    re.I,
)
# Someone else is the subject: "the captain diverted", "his son told me", "they renewed".
OTHER_SUBJECT = re.compile(
    r"^(?:(?:and|but|so|then|plus)\s+)?"
    # "Next week the tower turned up", "two days later, she rang back": a time, then the subject
    r"(?:(?:(?:the\s+)?(?:next|following)\s+\w+|(?:a|an|one|\w+)\s+(?:days?|weeks?|months?|"
    r"hours?)\s+later|in the end|eventually|by (?:the end of (?:the )?)?\w+|within (?:a|an|\w+) "
    r"\w+|that (?:afternoon|evening|night|week|month))\s*,?\s+|"
    # "In hospital they found a broken hip", "at the review she signed it off": a place first
    r"(?:in|at|on|after)\s+(?:the\s+)?\w+(?:\s+\w+)?\s*,?\s+(?=(?:he|she|they|everyone|"
    r"everybody)\b))?"
    r"(?:he|she|they|it|everyone|everybody|nobody|no one|"
    r"people|(?:the|his|her|their|our|my|every|each|all|both|a|an|this|that|those|these)\b)",
    re.I,
)

STAR_LABEL = re.compile(
    r"^(?:[-*\u2022]\s*)?(?:(situation|task|action|result|context|background|goal|objective|"
    r"aim|outcome|impact|what I did|actions|results|outcomes)(?:\s*\([\w ]{1,12}\))?\s*"
    r"[:\-\u2013\u2014]|([STAR])\s*:|(did)\s*:)",
    re.I,
)
#: What a note-style heading stands for ("S:", "Goal (mine):", "Did:", "Outcome:").
LABEL_PART = {
    "s": "situation", "context": "situation", "background": "situation",
    "t": "task", "goal": "task", "objective": "task", "aim": "task",
    "a": "action", "actions": "action", "what i did": "action", "did": "action", "steps": "action",
    "r": "result", "results": "result", "outcome": "result", "outcomes": "result",
    "impact": "result",
}  # fmt: skip

#: Speech-to-text's "id" for "I'd" before a verb ("id speak to the manager"), not the noun
#: ("id card", "checked his id and let him in").
SPOKEN_ID = (
    r"\bid (?!(?:card|cards|number|numbers|badge|badges|check|checks|scan|scanner|and|or|of|to|"
    r"is|was|were|for|on|in|at|photo|please|theft|fraud|document|documents|pass|passes|had|been|"
    r"be|like|love|say|rather)\b)(?=[a-z]{2,}\b)"
)
HYPO = re.compile(
    SPOKEN_ID
    + r"|\b(?:I|we) would\b(?! have)|\bI'd\s+(?:probably\s+|just\s+|first\s+|then\s+|also\s+|"
    r"usually\s+|always\s+|already\s+|never\s+|previously\s+|only\s+|like,?\s+)*(?!be\b|like\b|"
    r"love\b|say\b|rather\b|had\b|have\b|been\b)([a-z]+(?:-[a-z]+)*)\b|\b(?:I|we)\s+(?:always|usually|"
    r"normally|generally|typically|tend to|try to|like to)\b|\b(?:usually|normally|typically|"
    r"generally)\b|\bmy (?:approach|rule|process) is\b|\bI'll\b|\bwhenever\b|\bin (?:a|any) "
    r"situation like\b|\bwhat I'd do\b|\bI'm always\b|\bif (?:someone|something|a \w+|the \w+|"
    r"they|students|customers)\b",
    re.I,
)
HYPO_I = re.compile(
    r"\bI(?:\s+would|'d|'ll|\s+(?:always|usually|normally|generally|typically|tend|try))\b|"
    + SPOKEN_ID
)
# An opening about the speaker ("I always...", "Giving feedback is something I take seriously")
# sets no scene; one about the field ("In finance, deadlines are constant") sets a general one.
SPEAKER = re.compile(r"\bI(?:'(?:d|ll|ve|m))?\b(?! (?:mean|think|guess|suppose)\b)")
#: What the candidate looked after, as scenery: "I look after about forty accounts", "I managed
#: 52 accounts", "I ran a team of six". In the opening sentence this sets the scene; a step
#: names what was done, not how much of it there was to do.
SCOPE = re.compile(
    r"\b(?:I|we)\s+(?:look(?:ed)? after|manage[ds]?|managed|ran|run|cover(?:ed)?|oversaw|oversee|"
    r"support(?:ed)?|handle[ds]?|looked after)\s+(?:about |around |roughly |over |nearly |some |"
    r"a team of |a caseload of |a portfolio of |a patch of )?(?:\d[\d,]*|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|"
    r"hundreds)\b",
    re.I,
)
PRESENT_I = re.compile(
    r"\bI (take|make|explain|get|check|ask|prepare|prioritise|prioritize|plan|start|sit|let|"
    r"stay|keep|go|give|call|tell|listen|use|write|follow|bring|focus|flag|find|escalate)\b"
)

# Where the story happened: an organisation, a place, a role. "In Swindon" needs its capital.
SETTING = re.compile(
    r"\b(?:when I (?:was|worked|had|joined|started)|I was (?:a|an|the|working|running|leading|"
    r"doing|teaching|one of|part of)\b|I was (?:on|at|in) (?:a|an|the|my|our|their)\b|"
    r"I worked (?:at|in|as|for|on)|I joined|"
    r"I (?:work|teach|coach|tutor|volunteer|manage|run|lead|help run) (?:at|in|for|as|on|a|an|"
    r"the|our|my)\b|at (?:a|an|my|our|one)\b(?! time\b)|at the (?!end|start|beginning|same|"
    rf"time|moment|front|top|(?:{TIME_WORDS})s?\b)\w+|(?:this|it) was (?:at|in|on|a)\b|"
    rf"there (?:was|were)|on (?:a|the|one|my) (?!same\b|next\b|following\b|first\b|last\b|"
    rf"(?:{TIME_WORDS})s?\b)\w+|(?:for|in|on|during) my (?:[\w']+\s+){{0,2}}(?:thesis|"
    r"dissertation|project|degree|placement|internship|course|job|role|shift|rotation|"
    rf"apprenticeship)|as (?:a|an|the) (?:\w+ ){{0,2}}(?:{JOBS})|the situation was|so the "
    r"situation|picture (?:a|this))",
    re.I,
)
PLACE = re.compile(
    r"(?<!strong )(?<!skilled )(?<!experienced )(?<!experience )(?<!fluent )(?<!interested )"
    r"(?<!expert )(?<!background )(?<!certified )\b(?:in|at|near|outside|around) (?:the )?"
    r"[A-Z][a-z]{2,}"
)
# A named kind of place or organisation: "on an orthopaedic ward", "for a small plant shop".
ORGANISATION = re.compile(
    r"\b(?:a|an|the|our|my|their|his|her|two|three|four|five|six|\d+)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:(?:care|nursing|children's) home|ward|lab|laboratory|"
    r"hospital|school|shop|store|company|firm|agency|office|site|plant|factory|warehouse|"
    r"restaurant|hotel|bank|charity|council|department|university|college|society|club|"
    r"practice|clinic|centre|center|surgery|start-?up|business|branch|depot|kitchen|library|"
    r"nursery|garage|brewery|bakery|cafe|pub|airline|flight|station|publisher|newspaper|"
    r"website|platform|trust|authority|museum|theatre|gym|farm|park|festival|conference|"
    r"studio|consultancy|supplier|manufacturer|retailer|church|contractor|association|"
    r"union|desk|site|ship|base|court|prison|unit|service|helpline|call centre)s?\b",
    re.I,
)
#: A date that pins the story to one time ("In March 2022", "in 2019", "last winter", "on
#: the Friday of the grand final"): with a problem told, enough to picture even with no place.
DATED = re.compile(
    rf"\b(?:in|during|since|by) (?:early |late |mid-?)?(?:(?:19|20)\d\d|(?:{MONTHS})\b"
    r"(?! (?:I|we)\b))|"
    rf"\b(?:{MONTHS}) (?:19|20)\d\d\b|\blast (?:spring|summer|autumn|winter|christmas|"
    rf"(?:{MONTHS}))\b|\b(?:19|20)\d\d\b(?=[,.])",
    re.I,
)
# When it happened, and what was going on: a time, or a problem that kept happening.
OCCASION = re.compile(
    r"\b(?:I had just|I'd just|during|last (?:year|spring|summer|autumn|winter|month|week|"
    rf"season|term|semester|quarter|christmas)|in (?:19|20)\d\d|in (?:early |late )?(?:{MONTHS})"
    r"\b|when (?:the|a|an|our|my) \w+|(?:this|it) was (?:during|when|about)|in my (?:first|"
    r"second|third|last|previous|old|final)|years? ago|months? ago|had been|was (?:getting|"
    r"having|running|sitting|struggling)|(?:\w+ )?(?:hours?|days?|weeks?|months?) (?:before|"
    rf"after|into)\b|one (?:morning|afternoon|evening|night|day|weekend|week|summer|winter|spring|"
    rf"autumn|{DAYS})\b|(?:just )?(?:before|after) (?:the|our|a|an|my) (?!end\b|start\b|"
    r"deadline\b)\w+|kept (?:on )?[a-z]+(?:-[a-z]+)?ing\b|"
    r"(?:we|they) (?:were|had been) [a-z]+ing\b|"
    r"(?<!I )had (?:just |already |recently )?(?:cut|lost|left|quit|closed|dropped|slipped|fallen|"
    r"grown|risen|doubled|changed|moved|stopped|failed|gone|become|started))",
    re.I,
)
VAGUE_CONTEXT = re.compile(
    r"\b(?:at my (?:last|previous|old|current) (?:job|company|place|work)|one of my (?:old|"
    r"previous) jobs|on one job|I once|there was one|in (?:care work|finance|sales|retail|"
    r"my line of work)|a customer|a guest|a patient|(?:quite|pretty|really) (?:demanding|"
    r"challenging|difficult|busy)|(?:at|in) work|in (?:a|my) (?:previous|former|past|earlier|"
    r"old) (?:role|job|position|company)|a few (?:years|months|weeks) (?:ago|back))\b",
    re.I,
)

RESULT_CHANGE = re.compile(
    # a measure that fell ("complaints dropped to two", "sales fell sharply."), not a fall or a
    # drop ("a resident fell at night", "she fell off a ladder", "I dropped the tray")
    r"\b(?:went (?:up|down|from|live)|gone (?:up|down)|(?:dropped|fell)(?=\s*(?:[.,;!?]|$)|\s+"
    r"(?:to|by|below|under|back|away|sharply|steadily|dramatically|significantly|right|almost|"
    r"nearly|off(?!\s+(?:a|an|the|his|her|my|our|their)\b)|from\s+(?:about |around |roughly )?"
    rf"(?:[\d\u00a3$\u20ac]|(?:{_NUMBER_WORDS})\b)|[\d\u00a3$\u20ac]|(?:a|{_NUMBER_WORDS})\s+"
    r"(?:per|points?|percent|%)))|rose|increased|decreased|"
    r"grew|growing|reduced|halved|doubled|tripled|shrank|climbed|jumped|improved by|came in "
    r"(?:at|under|over|about|around|on|\d)|"
    # "complaints down to two", "sales up by 4%"; not "this fella comes up to the counter"
    # "Group ADR up 11 percent in one year", "waste down 30%"
    r"(?:down|up) (?:about |around |roughly |nearly |almost |over )?[\d.]+ ?(?:%|percent|per cent|"
    r"points?)|"
    r"(?:down|up) (?:to|by|from) (?:about |around |roughly |nearly |almost |over |under )?"
    rf"(?:[\d\u00a3$\u20ac]|(?:{_NUMBER_WORDS}|zero|nothing|none|a (?:third|half|quarter))\b)|"
    r"cut|saving|"
    r"saved|saves|(?:rise|increase|drop|fall|reduction|improvement|growth|decrease|uplift)s? "
    r"(?:in|of)|from (?:about |around |roughly |over |under )?[\w.,%$\u00a3\u20ac-]+ (?:\w+ )?"
    r"to|compared with|year on year|more than|fewer than|under budget|over budget|got (?:it )?"
    r"(?:down |up )?to \d)",
    re.I,
)
NOW_STATE = re.compile(r"\b(?:now|still|these days|to this day|ever since)\b", re.I)
RESULT_MARKER = re.compile(
    r"\b(?:in the end|ended up|as a result|the (?:end )?result|the outcome|result was|by the end|"
    r"by the (?:deadline|sale|summer|morning|end|release|launch|start|next|following|close)|"
    rf"by (?:year-end|{MONTHS}|the summer|"
    r"the spring)|within (?:a|\w+) (?:days?|weeks?|months?)|afterwards|after that|since|"
    r"eventually|over the (?:next|following)|that (?:quarter|year|month|week|weekend|night)|"
    r"(?:this|that|which) meant|led to|resulted in|thanks to (?:that|this)|because of "
    r"(?:that|this)|^now|to this day|ever since|today|the following (?:day|week|month|quarter|"
    r"year)|"
    # "After one month the average wait is under 5 minutes", "it came back to setpoint in 12
    # minutes": how long the change took, where the story tells how it ended
    r"^(?:(?:and|so|then)\s+)?after (?:a|one|two|three|four|five|six|\d+|a few|a couple of) "
    r"(?:days?|weeks?|months?|years?|shifts?)|\bin (?:under |less than |about |just )?(?:\d+|one|"
    r"two|three|four|five|ten|twenty) (?:minutes?|hours?|days?|weeks?)|"
    # "Later the mother joined our team", "Two months later she was running the shift"
    r"^(?:(?:and|so|then)\s+)?later|(?:days?|weeks?|months?|years?) later(?= (?:she|he|they|we|"
    r"I|it|the|our|his|her|their|everyone|nobody)\b))\b",
    re.I,
)
RESULT_CONCRETE = re.compile(
    r"\b(?:renewed|signed (?:it )?off|passed|adopted|rolled out|still using|kept (?:me|us) on|"
    r"published|funding|sold out|awarded|nominated|promoted|recovered|approved|accepted|went live|"
    r"delivered|handed over|cleared|arrived|referred|(?<!I )thanked|(?<!I )praised|(?:a|"
    r"five-star|glowing) review|back to (?:normal|her|his|their)|went ahead|sold through|housed|"
    r"reached|achieved|exceeded|hit (?:the|our|my|\d+)|signed|stopped|withdrawn|in place|(?:the )?"
    r"(?:same|next) day|(?:uses|using) (?:my|our|it|the)|asked me to (?:train|teach|present|"
    r"share|roll|mentor|lead|apply|stay)|"
    r"no (?:\w+ ){0,2}(?:issues|cases|errors|complaints|problems|incidents|defects|penalty|"
    r"penalties|fines?)|(?:before|ahead of) (?:the|our) deadline|"
    r"(?:was|were) migrated|became part|stayed on|"
    # a state restored or a finding made: "heating back on by lunch", "answering questions
    # again", "the sample came back positive", "they gave us the contract for the other blocks"
    r"back (?:on|up|open|in stock|to work|to school|in (?:class|lessons|school))\b|"
    r"(?<!\bI )(?<!\bwe )\b\w+(?:ing|ed) (?:\w+ ){0,2}again|(?:came back|tested) (?:positive|"
    r"negative|clear)|gave (?:us|me|her|him|them) (?:a |an |the )?(?:[\w-]+ ){0,3}(?:contract|"
    r"job|promotion|award|funding|place|account)|"
    r"changed (?:its|their) process|dropped their|got (?:\d+|a (?:grade|mark|first|"
    r"distinction))|nobody was|no (?:missed|failed|drop|complaints|major)|zero|without "
    r"(?:losing|a single)|"
    # a loss that did not happen: "we didn't lose any stock", "nobody had to cancel"
    r"(?:did|does|do)n't (?:lose|miss|get|have|need|drop) (?:a single|any)|"
    # a customer kept: "so we didnt lose him", "we never lost the account"
    r"\b(?:we|I|they) (?:did ?n[o'’]?t lose|never lost) (?:him|her|them|the (?:customer|client|"
    r"account|contract|sale))\b|"
    # also as present-tense narration tells it: "by morning we lose nothing". Not "nothing gets
    # lost", "so we don't lose the client": in the present those are as often a habit's purpose
    # ("I write the points on the whiteboard. That way nothing gets lost.")
    r"\b(?:we|I|they) (?:lost|lose) (?:nothing|none|no \w+)|nothing (?:was|got) (?:lost|damaged|"
    r"wasted|thrown (?:away|out))|"
    r"(?:nobody|no one|no-one) (?:had to|lost|missed|needed)|caught|matched|template|expanded|"
    r"closed \d+|signed with|won|launched on|finished (?:on|ahead)|on time|"
    # "a week early", "delivered two days late"; not "deal with it early", "stayed late"
    r"(?:(?:a|an|one|two|three|four|five|six|\d+|few|couple of) (?:\w+ )?(?:minutes?|hours?|days?|"
    r"weeks?|months?)|finished|delivered|arrived|done|shipped|came in|went live|opened|launched|"
    r"ready|paid|submitted|completed|filed|signed off|handed (?:it |them )?in|(?:is|are|was|"
    r"were|get|got|came)(?! always)) (?:\w+ ){0,3}?"
    r"(?:early|late)|"
    r"(?:was|were) able to|straight away|"
    # an outcome counted as none: "not a single missed payment", "hasn't been a near-miss since"
    r"(?:not|never) (?:\w+ )?(?:a single|one|once)|"
    # a stretch gone by with none: "crew went a full year without a lost-time injury"
    r"(?:went|gone|go|goes|going) (?:a|an|one|two|three|four|five|six|nine|twelve|\d+) (?:full |"
    r"whole |entire )?(?:days?|weeks?|months?|years?|seasons?|quarters?|shifts?) without|"
    r"(?:hasn't|haven't|hadn't|has not|have not) "
    r"(?:been|had) (?:a|any|another)|(?:still|now) (?:friends|there|working|in (?:use|place)))\b",
    re.I,
)
RESULT_VAGUE = re.compile(
    r"\b(?:better|improved|happier|happy|pleased|fine|okay|ok|alright|(?:went|did|worked|works|"
    r"goes|go) (?:\w+ )?well|smoothly|smoother|calmer|(?<!stay )(?<!keep )(?<!be )positive|"
    r"liked it|loved it|appreciate[ds]?|"
    r"calm(?:ed|s)? (?:things )?down|got used to|(?:worked|works|work) out|sorted (?:it|them)|"
    r"stronger|more (?:confident|aware|relaxed)|easier|success(?:ful)?|a bit|went down|went up|"
    r"didn't take off|moved on|got through|that was nice|kept using|it was fine|things improved|"
    r"(?:good|great|positive) feedback|helped(?: a lot)?|went smoothly|settled(?: down)?|"
    r"nicer|paid off|(?:really |very |quite )?(?:helpful|useful|valuable|worthwhile)|"
    r"respond(?:s|ed)? well|(?:went|goes|go) down well|"
    # a relationship that turned: "after a while she trusted me more", "he came round"
    r"trust(?:ed|s)? (?:me|us|him|her|them) (?:more|again)|warmed (?:up )?to|came (?:a)?round|"
    r"(?:got|get|gets|was|were) on board|(?:started|began) to (?:trust|listen to|respect)|"
    r"(?:got|get|gets) on (?:well|fine|better)|"
    r"(?:it|that) (?:usually |normally )?"
    r"(?:works|helps)|(?:a lot |much |far )?(?:faster|quicker|cheaper|clearer|more (?:reliable|"
    r"stable|efficient)))\b",
    re.I,
)
#: The speaker saying the outcome is not known, where the result would go: "The result, we are
#: still waiting for the budget decision", "R: still not sure how it'll weather, time will
#: tell", "dunno how it ended up really", "That's where it stands". The rubric's result 0:
#: no outcome is told, however much the sentence sits where one would. Not "sixty samples
#: still waiting" (the scene) nor "we haven't had one since" (an outcome); the scorer asks
#: for it in every clause it would quote as the result.
OUTCOME_UNKNOWN = re.compile(
    r"\b(?:still (?:waiting|not sure|testing|pending|ongoing|rumbling|in (?:progress|the "
    r"balance))|(?:do ?n[o'\u2019]?t|never) (?:really )?(?:know|knew|found out|heard|find out) "
    r"(?:how|what|if|whether) (?:it|that|they|he|she) (?:all )?(?:ended|turned out|went|came of|"
    r"worked out|happened)|dunno (?:how|what|if|whether)\b|never (?:found out|heard) what "
    r"(?:came|happened)|time will tell|that'?s where it (?:stands|is now)|we'?ll see\b|"
    r"too (?:early|soon) to (?:say|tell)|(?:haven'?t|have not|hasn'?t|has not) (?:heard|had an "
    r"answer|had a decision|decided)(?! (?:a thing|anything|a complaint|one|since))|no decision "
    r"(?:yet|so far)|waiting (?:for|on) (?:the )?(?:final |budget )?(?:decision|numbers|figures|"
    r"results?|outcome|answer))",
    re.I,
)
#: The story going back in time after its opening ("It had been a bad few months", "That was
#: after I changed how we covered it", "Here's how"): the opening was where it ended up.
FLASHBACK = re.compile(
    r"\b(?:it|this|that|there|things|sales|we|they|he|she) had (?:been|got|gone|become|fallen|"
    r"grown|\w+ed)\b|\b(?:that|this) (?:was|is) (?:after|because|thanks to|down to)\b|"
    r"\bit (?:all )?(?:started|began) (?:when|with|in|back|on)\b|\bit took (?:me|us)\b|"
    r"\bhere'?s (?:how|what happened)\b|\b(?:that|this)'?s how\b|\blet me (?:explain|tell you|"
    r"walk you through) (?:how|what)\b|\bhow (?:i|we) (?:got|did) (?:it|there)\b|"
    r"\bback (?:then|in)\b|\bthe (?:story|reason) (?:is|was)\b|\bthat'?s the end\b|"
    r"\b(?:a|one|two|three|six) (?:year|month|week)s? (?:before|earlier)\b|"
    # a clause that opens on going back: "Before that, in 2021, the waiting rooms were shabby"
    r"^\W*(?:before (?:that|this|then)|until then|up to then),",
    re.I,
)
# A first sentence that leads with the outcome: "Last year I saved the school 9,000 pounds."
RESULT_FIRST = re.compile(
    rf"\b(?:I|we)\s+(?:{ADVERBS}\s+)?(?:saved|cut|reduced|raised|grew|increased|doubled|halved|"
    r"tripled|won|brought (?:down|in)|got (?:\w+ )?(?:down|up) to)\b|\bafter I\b|\bbecause I "
    r"(?:led|ran|changed)\b",
    re.I,
)
# "was approved", "were paid": a passive event. "was pleased" is a feeling, not an event.
FEELINGS = wordset(
    """pleased delighted relieved impressed thrilled satisfied surprised excited amazed chuffed
    interested engaged involved motivated worried tired bored annoyed frustrated stressed
    concerned used supposed based located needed expected determined focused"""
)
PARTICIPLES = wordset(
    """given taken done written seen shown known chosen broken driven spoken stolen forgotten
    grown thrown drawn"""
)
REFLECTION = re.compile(
    r"\b(?:I learn(?:ed|t)|lesson|looking back|next time|taught me|I'd do differently|in "
    r"hindsight|I've used|I now|now,? whenever|since then I|what made the difference|from then "
    r"on,? I|"
    # a habit kept since ("now i count every float twice", "these days I always ring first")
    r"(?:now|these days|nowadays|ever since),? I (?:[\w']+ ){0,4}?(?:every|each|always|never|"
    r"twice|whenever|before (?:I|we))\b)\b",
    re.I,
)

OUTCOME_VERBS = wordset(
    """reached achieved hit came finished delivered handed sold closed housed published won
    saved recovered ended renewed passed cleared completed"""
)
# "I got the regional award" is an outcome; "I got facilities to recalibrate it" is a step.
OUTCOME_OBJECT = re.compile(
    r"\b(?:got|won|received|earned) (?:a |an |the |my |our |their )?(?:[\w-]+ ){0,2}(?:award|"
    r"prize|promotion|bonus|offer|grade|mark|first|distinction|contract|job|place|funding|"
    r"grant|pay rise|raise|praise|review|refund|credit|discount|compensation)\b|"
    r"\b(?:made|turned|generated|raised|brought in) "
    r"(?:a |an )?(?:\w+ )?(?:profit|surplus|saving|savings|margin)\b|"
    # money raised or taken: "we raised 640 pounds", "the stall took \u00a3300"
    r"\b(?:raised|made|took|brought in|generated|collected) (?:about |around |over |nearly |"
    r"almost |just over |just under )?(?:[\u00a3$\u20ac]\s?\d|(?:[\w,.-]+ ){1,3}?(?:pounds|quid|"
    r"dollars|euros|grand)\b)|"
    # a place in a table, a motion carried: "we finish on fourth place", "it went through committee"
    r"\bfinish(?:ed|es)? (?:in|on) (?:the )?(?:top|first|second|third|fourth|fifth|sixth|\d+(?:st|"
    r"nd|rd|th)) (?:place|position|\w+ )?|(?<!\bI )(?<!\bwe )\bwent through (?:the )?(?:committee|"
    r"board|planning|council|cabinet)\b(?! (?:papers|pack|minutes|notes|checklist))|"
    r"\bgot (?:it |them |us |the \w+ )?(?:to \d|to (?:about|around|over|under|nearly|almost|"
    r"just)\b|under\b|below\b|above\b|back to\b)|\bgot (?:it|them|everything|the \w+) "
    r"(?:finished|done|live|signed off|approved|completed|delivered|out)\b|"
    r"\b(?:made it|pulled it off)\b(?! (?:clear|easier|"
    r"harder|possible|work))",
    re.I,
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
    + r")s?\b|\bone (?:in|out of)\b|\b(?:to|under|over) one\b|\ba couple of\b|"
    r"(?<=within )an? (?:hour|day|week|fortnight|month)\b",
    re.I,
)

FILLERS = re.compile(
    r"\b(?:um+|uh+|erm+|er|hmm+|you know|basically|actually|literally|i mean|so yeah|"
    r"(?<!\bthat )(?<!\bthis )(?<!\bwhat )(?<!\bthe )(?<!\bany )(?<!\bsome )(?<!\bevery )"
    r"(?:sort|kind) of(?! thing)|like(?=,))\b",
    re.I,
)
# Spoken padding that sits between a subject and its verb ("I, like, rang"); removed before
# the cue patterns run. Hedges ("sort of") are noted separately since they weaken a task.
PADDING = re.compile(
    r"(?:,\s*)?\b(?:um+|uh+|erm+|er|hmm+|you know|basically|literally|honestly|I mean|"
    r"(?<!\bthat )(?<!\bthis )(?<!\bwhat )(?<!\bthe )(?<!\bany )(?<!\bsome )(?<!\bevery )"
    r"(?:sort|kind) of(?! thing)|like(?=,))\b(?:\s*,)?",
    re.I,
)
HEDGES = re.compile(
    r"\b(?:I think|I guess|I suppose|I believe|I feel like|maybe|probably|perhaps|sort of|"
    r"kind of|a bit|somewhat|hopefully|more or less|mostly|pretty much|I'd say|seemed|might)\b",
    re.I,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*")

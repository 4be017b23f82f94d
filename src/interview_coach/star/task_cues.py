"""Cue patterns for the task in a STAR answer: whose job it was, and how clearly it was said.

Task is the part people leave implicit most often ("I was on call", "we had until Friday")
and the part look-alike phrases fake most easily ("the challenge was that", "my role was
analyst"), so its patterns outnumber the others' and live apart from the general word
lists in ``star_cues``. Each pattern's comment says which score it argues for.
"""

from __future__ import annotations

import re

from .cues import ADVERBS, DAYS, JOBS, LEAD_ROLES, ROLES

_ME_TO = (
    r"(?:asked|hired|wanted|needed|told|tasked|brought|got|appointed|invited|trusted|chose|"
    r"picked|put|left|made|assigned|expected|engaged|commissioned|recruited|drafted|sent|"
    # the same told in the present ("so my manager asks me to"), as people narrate aloud
    r"asks|wants|needs|tells|tasks|brings|gets|appoints|trusts|chooses|picks|puts|leaves|"
    r"makes|assigns|expects|sends|"
    # and in the base form, as second-language speakers narrate ("my manager ask me to find")
    r"ask|want|need|tell|bring|appoint|trust|choose|pick|assign|expect|send)"
)
#: "I'm", "I am", and speech-to-text's "im"
_I_AM = r"(?:I(?:'m| am)|\bim)"
TASK_I = re.compile(
    # responsibility and ownership
    r"\bI was (?:\w+\s+){0,3}(?:responsible|accountable)|\b(?:my|I) (?:own )?responsibility|"
    # the same in the present tense, and without apostrophes ("im responsible", "its on me")
    rf"{_I_AM} (?:\w+\s+){{0,2}}(?:responsible|accountable) (?:for|to)\b|"
    r"\b(?:it|that|this|which|they|these)(?:'s|s| is) (?:all |entirely |squarely )?(?:on|up to|"
    r"down to) me\b|"
    r"\b(?:it|that|this|which|they|these)(?:'s| is| was| were| are) (?:all )?my (?:own )?"
    r"(?:job|responsibility|duty|call|task|objective|priority|remit|patch|programme|project|"
    r"event|case|account|section|install|shift|area|baby)\b|"
    r"\bits my (?:job|responsibility|call|task|programme|project|event|case|account)\b|"
    rf"{_I_AM} (?:\w+ )?in charge of\b|"
    rf"{_I_AM} the one (?:who |that )?(?:has to|have to|had to|needs to|going|doing|in charge|"
    r"responsible|the \w+ puts in charge)\b|"
    r"\bI(?:'ve| have|ve)? got to\b|\bI (?:must|have to|need to)\b(?! (?:say|admit|be honest|"
    r"tell you|mention|confess|stress|point out))|"
    r"\b(?:says?|said|tells?|told) (?:to )?me (?:that )?I (?:must|have to|need to|should|"
    r"am responsible|'m responsible)\b|"
    r"\bI (?:own|owned) (?:the|that|this|our)\b|\bI was the (?:[\w-]+ ){0,3}(?:who|that) "
    r"owned\b|"
    r"\b(?:gave|give|gives|handed|hands|passed|passes) me (?:the |full |sole |overall )?"
    r"(?:ownership|responsibility|job|task|lead|target|objective)\b|"
    r"\b(?:made|makes|held|holds) me (?:\w+ )?(?:responsible|accountable|the lead|the owner)\b|"
    r"\b(?:was|were|got|is|are) (?:assigned|given|handed|delegated|passed) to me\b|"
    r"\b(?:is|are|was|were|'s) (?:all )?yours\b|\bit was me (?:who|that) (?:had|needed|was "
    r"supposed) to\b|"
    # any subject, present or past: "the feed budget's mine", "the firing decision is mine",
    # "that was mine", "whether it's good enough is my call", "the saws are my job now",
    # "it's me who has to chase it", "my name on it"
    r"\b(?:(?:it|that|this)s|is|'s|was|were) (?:all |entirely )?mine\b(?! too)|"
    r"\b(?:is|'s|are) (?:now )?my (?:own )?(?:call|decision|problem|responsibility|job|remit|duty|"
    r"patch)\b|\bmy name (?:is |was |'s )?on (?:it|them)\b|"
    r"\bit(?:'s|s| is| was) me (?:who|that) (?:has|have|had|needs?|needed|must) to\b|"
    r"\bas my (?:target|goal|objective|job|responsibility|priority)\b|"
    r"\b(?:was|were|became|is|fell|landed|came down|passed) (?:all |entirely |squarely |firmly )?"
    r"(?:on|up to|down to|to|with) me\b|\bon my (?:plate|desk|shoulders)\b|"
    r"(?:was|were) my (?:\w+ ){0,2}(?:job|responsibility|duty|call|task|role|objective|priority|"
    r"remit|patch|decision|problem|area|assignment|target|goal)\b|"
    # "I've got a budget target that year", "they put heifer rearing under me"
    r"\bI(?:'ve| have|ve)? got (?:a|an|my) (?:[\w-]+ ){0,2}?(?:target|goal|deadline|quota)\b|"
    r"\bput (?:[\w-]+ ){1,3}?under me\b|"
    # my goal/job/target ... was
    # ("at my last job there was a colleague...": the employer, not the job to do)
    r"(?<!\bat )(?<!\bin )(?<!\bfrom )\bmy (?:\w+ ){0,2}(?:job|task|duty|role|goal|aim|objective|"
    r"brief|remit|mission|challenge|"
    r"priority|target|part|focus|assignment)(?:,? (?!was\b)[\w']+){0,4},? (?:was|were|became|is)\b"
    r"(?! going| gone| cut| at risk| being| changing| safe| redundant| over\b| ending)"
    # "my first job was at a cinema", "my last job was with the council": where, not what
    r"(?! (?:at|in|with|as|back|when)\b)|"
    r"\b(?:made|makes|make) it my (?:\w+ )?(?:job|priority|responsibility|mission|goal|aim|"
    r"business|task)\b|"
    r"\bmy (?:first |main |only )?(?:goal|aim|objective)\b|"
    r"\bone of my (?:\w+ )?(?:objectives|goals|targets|priorities|responsibilities|jobs)\b|"
    # someone gave it to me
    rf"\b{_ME_TO} me(?: (?:as|in|on|for) (?:a|an|the|their|our)? ?[\w-]+)?(?: in| on)? "
    r"(?:to|with|in charge)\b|"
    r"\b(?:gave|give|gives) me (?:the|a|an|this|that|my|our)(?: [\w-]+){0,2} (?:job|task|project|"
    r"assignment|"
    r"brief|target)\b|"
    r"\bhanded me\b|\b(?:is|was|are|were) (?:all )?mine to\b|"
    r"\bI(?: was|'d been| had been| got) (?:\w+ )?(?:asked|tasked|told|given|assigned|chosen|set|"
    r"picked|brought in|hired|appointed|drafted in|handed|put in charge|left in charge|expected|"
    r"trusted) (?:\w+ ){0,3}?(?:to|with|of|the|a)\b|\bI was (?:\w+ )?in charge of\b|"
    rf"{_I_AM} (?:asked|tasked|told|given|assigned|chosen|put in charge|left in charge|"
    r"expected) (?:\w+ ){0,4}?(?:to|with)\b|"
    rf"{_I_AM} (?:\w+\s+){{0,2}}(?:responsible|accountable) that\b|"
    r"\bI(?: was|'d been| had been| got) (?:landed|lumbered|saddled|left) with\b|"
    r"\b(?:put|moved|drafted|brought|sent|seconded) me (?:on|onto|in|into|to) (?:a|an|the|their|"
    r"our|this|that) (?:[\w-]+ ){0,2}(?:project|account|case|bid|contract|rollout|programme|"
    r"investigation|review|audit|launch|migration|client)s?\b|"
    # "my boss came over and said, look, can you get the price lists out by Friday"
    r"(?:\b(?:my|our|the) (?:[\w-]+ ){0,2}|(?:^|[.;,]\s*))(?:boss|manager|lead|director|head|"
    r"supervisor|editor|partner|owner|founder|client|chef|sergeant|sarge|gaffer|foreman|chair|"
    r"CEO|CTO|VP)\b[^.!?]{0,60}?\b(?:said|asked"
    # "my manager was like, can you look into it", as people quote aloud ("like" is a filler
    # that ``features.plain`` drops)
    r"|goes|went|(?:was|is|'s)(?: like)?)(?: me)?,? (?:(?:look|listen|right|so|okay|ok|um|uh|mate|"
    # a name said to the speaker, with its capital: "my sarge said Tamsin sort it"
    r"(?-i:[A-Z][a-z]+)),? )?(?:(?:can|could|would) you|you (?:two |both |guys |all )?(?:need|have|"
    r"had|'ve got|must|should) to|I (?:want|need) you "
    # or an order given straight: "my boss said deal with it", "my lead said just check everything"
    r"to|(?:just |basically )?(?:sort|fix|check|deal with|look after|look into|handle|do "
    r"something|find|keep an eye|have a look|get)\b)|"
    # a dropped "I", as notes put it: "- was told to learn it", "got asked to cover the rota"
    r"(?:^|[.;:\n]\s*|(?:^|\s)[-*\u2022]\s+)(?:was|got) (?:\w+ )?(?:asked|tasked|told|given|"
    r"assigned|put in charge|left in charge) (?:\w+ ){0,2}?(?:to|with)\b|"
    r"\bI(?:'d| had) (?:already |just |personally |publicly )?(?:promised|committed|given my "
    r"word)\b|\bpart of my (?:job|role|remit|responsibilit(?:y|ies)|duties)\b|"
    r"\bI was (?:\w+ )?supposed to (?!be\b)|"
    # a job asked for ("I asked to own it", "I put my hand up to lead it"), a deadline given
    # ("she gave me three weeks to", "gave me until Friday to"), and notes with the "I" dropped
    # ("Responsible for mapping the losses", "- asked by my grade 7 to get us back to target")
    r"\bI (?:asked (?:to|if I could)|put my hand up to) (?:own|lead|run|take (?:on|over)|be (?:in "
    r"charge|responsible))\b|"
    r"\b(?:gave|give|gives) me (?:until \w+|(?:a|an|one|two|three|four|five|six|\d+|a few|a "
    r"couple of) (?:days?|weeks?|months?|hours?|shifts?)) to\b|"
    r"(?:^|[.;:\n]\s*|(?:^|\s)[-*\u2022]\s+)(?:(?:responsible|accountable) for|(?:asked|tasked|"
    r"told) by (?:my|the|our) (?:[\w-]+ ){1,3}?to|task (?:was|is) (?:for me )?to)\b|"
    # a promise made in the story ("I promised the mother I would...", "I promise him: ready
    # Saturday") and a job handed over in someone's words ("she said ... thats your job today")
    r"\bI (?:promised|promise|gave (?:him|her|them|the \w+) my word)\b|"
    r"\b(?:said|says|told me|tells me|goes|went|asked me)\b[^.?!]{0,80}?\b(?:(?:it'?s|its|it "
    r"is|that'?s|thats|this is|is|are|she'?s|he'?s|they'?re) (?:all )?(?:your (?:job|"
    r"responsibility|call|problem|"
    r"baby)|on you|down to you|up to you)|your job (?:is|to|today|now|tonight))\b|"
    r"\bI was (?:leading|heading up|running|coordinating|driving|in charge of|overseeing) (?:the|"
    r"our|a|an) (?:[\w-]+ ){0,4}?(?:rollout|roll-out|migration|project|launch|upgrade|"
    r"implementation|transition|investigation|bid|programme|redesign|rebuild|integration|"
    r"switchover|changeover|relaunch|refurbishment|campaign|recall|audit|restructure|merger|side|"
    r"operation|operations|department|site|event|section|kitchen|branch|warehouse|depot)\b|"
    # I had to / set out to
    rf"\bI (?:{ADVERBS} )*(?:needed|had|wanted|was trying|volunteered|offered|was determined|"
    r"set out|was expected|was hired|was brought in|aimed|was keen) to\b|"
    rf"\bI (?:{ADVERBS} )*(?:needed|wanted) (?:my |the |our |him |her |them )?[\w'-]+ to\b|"
    r"\bI(?:'d| had)? (?:set|gave) myself\b|"
    # a goal said to oneself: "I says to myself I'll be signed off on them by Christmas"
    r"\bI (?:said|says|say|told) (?:to )?myself (?:that )?I(?:'ll|'d| will| would| was going to|"
    r" am going to|'m going to)\b|\bI took (?:on )?(?:the |full |over )?(?:job|task|role|"
    r"responsibility|ownership|lead|charge)|\bI owned the\b|\bI took it on\b|"
    rf"\bI (?:{ADVERBS} )*had (?:\w+ ){{1,3}}(?:hours?|days?|weeks?|months?|a fortnight) to\b|"
    r"\bmy part was|\bwhat I (?:needed|had|wanted) to do|\bmine (?:was|were) to\b|"
    # notes: "my job: proof and bake the morning bread", "my task \u2013 get the van back"
    r"(?<!\bat )(?<!\bin )(?<!\bfrom )\bmy (?:own )?(?:job|task|brief|remit|part|responsibility|"
    r"goal|aim|objective|target)"
    r"(?: (?:that|this|today|on the night))? ?[:\u2013\u2014] ?(?=[a-z])|"
    r"\bwhat I was (?:trying|hoping|aiming|there) to (?:do|achieve|get)\b|"
    r"\bmy (?:\w+ ){0,2}(?:job|task|role|brief|remit|mission|priority|focus|part)\b[^.;!?]{0,60}? "
    r"(?:was|were) to\b|"
    # an impersonal goal ("the whole point was to ..."); whose it was comes from ownership
    r"\bthe (?:whole |main |real )?(?:point|idea)(?: of [\w' -]{1,30}?)? was to\b|"
    r"\bthe (?:main |real |big |first |overall |immediate )?(?:goal|aim|objective|target|brief|"
    r"challenge|task|mission|job|priority|remit)(?: (?:for me|I was given|I had|I set)(?: "
    r"[\w'-]+){0,4}?)? (?:was|became)\b|"
    rf"\bI (?:{ADVERBS} )*(?:put myself forward|stepped (?:up|in)|volunteered|offered)\b|"
    # (not "I said she had to stop": someone else's obligation)
    r"\bI\b(?:(?!\b(?:she|he|they|it|you|we|everyone|someone|somebody|nobody)\b)[^.,;!?]){0,40}?"
    r"\bhad to\b|"
    r"\bI was the (?:[\w-]+ ){0,3}(?:(?:assigned|responsible|in charge)|(?:who|that) (?:had|"
    r"needed|was supposed|was asked) to)\b",
    re.I,
)
TASK_WE = re.compile(
    r"(?:^|,\s+)(?:(?:so|and|but|then),?\s+){0,2}(?:we (?:had|needed|wanted|decided|set out|"
    r"were asked|were tasked|were told|agreed|set ourselves|have|need|must) to|"
    r"we (?:must|need|have got to|'ve got to)\b|we were set (?:a|an|the) (?:target|goal|deadline)|"
    r"we had (?:a|the|this|that|an|one|our) (?:goal|aim|target|deadline|brief)|"
    r"our (?:goal|aim|task|job|objective|brief|target|challenge|mission) was|"
    r"as a (?:team|group) we|the (?:aim|goal|objective|task|brief)(?: of [\w ]+)? was)|"
    # a goal named as the team's: "Our goal as a team was to", "the goal for all of us was to",
    # "our team goal was to", "the branch had a target of forty valuations a month"
    r"\b(?:our|the) (?:[\w-]+ )?(?:goal|aim|objective|target|brief|mission)s? (?:as a (?:team|"
    r"group|crew|unit|department)|for (?:all of |the both of |each of )?us) (?:was|were|is)\b|"
    r"\bour (?:team|group|crew|unit|department|shift|ward|branch|site|store|shop) (?:goal|aim|"
    r"objective|target|brief|mission)s? (?:was|were|is)\b|"
    r"\b(?:our|the) (?:branch|shop|store|site|depot|ward|team|crew|unit|department|office) "
    r"(?:had|has|was given|got) (?:a|an|the) (?:[\w-]+ ){0,2}?(?:target|goal|quota|deadline)\b|"
    r"\bthat wanted to\b|\bwe (?:had|have|got) (?:this|a|an|the|our) (?:[\w'-]+ ){0,2}?(?:goal|"
    r"target|aim|quota|deadline)\b|"
    # "our unit head asked us to do something about it", "our team had to test the dark mode"
    r"\b(?:asked|told|wanted|needed|got|tasked) us (?:all )?to\b|\bour (?:[\w-]+ ){0,2}?(?:team|"
    r"unit|department|group|crew|shift|section|office) (?:had|needed) to\b|"
    r"\bthe (?:whole|entire) (?:team|unit|department|group|crew|shift|section|office|ward|site) "
    r"(?:had|needed) to\b|"
    r"\b(?:it|that|this)(?:'s|s| is| was) (?:all )?(?:down to|up to|on) us\b|"
    r"\b(?:was|is) (?:all )?(?:down to|on) (?:all of|the both of|each of) us\b|"
    r"\b(?:our|the|my) (?:[\w-]+ ){0,2}?(?:team|group|department|unit|staff|crew|shift|ward)s?\b"
    r"[\w ,'-]{0,40}\b(?:was|were) (?:all )?(?:asked|tasked|told|brought in|expected|given|set) "
    r"(?:\w+ )?to\b|\b(?:our|the) (?:[\w-]+ ){0,2}?(?:team|group|department|unit|crew)s? "
    r"(?:was|were) tasked with\b|\b(?:our|the) (?:team|department|group|company|firm|"
    r"business|client|charity|school|lab|unit|board|practice|office)s? (?:wanted|needed|hoped|"
    r"aimed|was trying|were trying) (?:\w+ ){0,3}?to\b",
    re.I,
)
TASK_VAGUE = re.compile(
    r"\b(?:keep (?:the job|things|it|everything|the \w+) (?:moving|going|running|ticking over)|"
    r"sort (?:it|things|everything) out|deal with (?:it|things)|help out|make (?:it|things) "
    r"(?:work|better|happen)|do my best|get (?:it|things) done|look into (?:it|this|that|things)|"
    r"help (?:out )?with (?:it|this|that)|keep an eye on (?:it|him|her|them|things)|keep up)\b"
    # "help out in the warehouse", "keep up with the qualified staff"
    r"(?: (?:in|on|with|at|around) (?:the |a |an |our |my )?[\w-]+(?: [\w-]+)?)?"
    r"(?: (?:really|basically|though|honestly|to be honest))?"
    r"(?=\s*(?:[.,;!?]|$|and\b|so\b|but\b|because\b))",
    re.I,
)
TASK_WEAK = re.compile(
    r"\bI was (?:involved|part of|helping|meant to)\b|\bended up (?:looking after|doing|running|"
    r"handling|taking|being|in charge|dealing with|sorting)|"
    # an order given in the boss's words, with no goal in it: "my manager say to me: take care
    # of this", "my SO said Tamsin sort it"
    r"\b(?:said|says|say|told me|tells me|goes to me|went to me)(?: to me| me)?(?: only| just)?"
    r"[:,]?\s+"
    r"[\"'\u201c]?(?:look,?\s+|right,?\s+)?"
    # "Supervisor say me, Tomasz, you are young, help him a bit"
    r"(?:[A-Za-z][\w' ]{0,25},\s*){0,2}(?:[A-Z]\w+,?\s+)?"
    # "he say to me: you check it", "My manager say me only: check this"
    r"(?:you\s+)?(?:(?:take care of|sort|fix|check|deal with|handle|look into|get on with) (?:it|"
    r"this|that|them|"
    r"things)\b|do something (?:with|about)\b|help (?:him|her|them|out)\b|(?:keep an eye on|look "
    r"after) (?:him|her|them|it|things|the new (?:\w+ )?(?:lad|girl|guy|starter|one|kid|boy))\b)|"
    # a wish in the present or the conditional, told as the aim: "I want to fix this problem",
    # "I would like to find something cheaper for the estate"
    r"\bI (?:want|would like|'d like|wish) to (?!(?:say|add|mention|think|be honest|thank|"
    r"point out|talk|tell|share|stress|explain)\b)",
    re.I,
)
#: ``_I_AM`` or its past: "I was", "I'd been", "I've been".
_I_WAS = rf"(?:\b{_I_AM}|\bI was|\bI'd been|\bI had been|\bI've been|\bI have been)"
# Not a post held: "as the manager said" (the manager acting).
_POST_END = (
    r"(?!,? (?:said|says|told|tells|asked|asks|wanted|wants|was|is|"
    r"had|has|did|does|came|comes|went|goes|left|arrived|walked|started|began|looked|would|will|"
    r"could|can|put|got|gets|pointed)\b)"
)
# A duty the speaker held that makes the job guessable without stating it: "I was on call",
# "I covered her role", "I was the only one on shift", "the Welsh calls came through to me".
TASK_DUTY = re.compile(
    r"\bI was (?:\w+ )?on (?:call|duty)\b|\bI was the (?:keyholder|duty \w+|on-call \w+|acting "
    r"\w+)|\b(?:as|being) the (?:on-call|duty|acting|only|sole) [\w-]+|"
    r"\bI was the (?:only|sole) (?:[\w-]+ ){0,2}?(?:one|person|speaker|member of staff|"
    rf"first aider|{JOBS})s? (?:on|in|left|there|working|around|at)\b|\bI was the (?:only|sole) "
    r"(?:[\w-]+ ){1,3}?(?:on (?:shift|duty|site|call|nights|the (?:floor|desk|ward|counter|rota))|"
    r"left|working|around)\b|"
    r"\bI (?:was )?cover(?:ed|ing) (?:for |her |his |their |the |my )(?:[\w-]+ ){0,2}?(?:role|"
    r"job|shift|office|desk|team|ward|class|manager|boss|lead|colleague|absence|leave|caseload)\b|"
    r"\bit was (?:just |only )?me (?:on|in|at|running|looking after|covering)\b|"
    r"\bmy (?:week|turn|day|night|shift) (?:on|to) (?:the )?(?:[\w-]+ ){0,2}?(?:rota|call|duty|"
    r"support|cover|watch|rotation)\b|\bI (?:had )?inherited\b|\bI was (?:handed|given|assigned)\b|"
    r"\b(?:came|were put|got put|were passed|got passed|were routed|were sent) (?:all )?"
    r"(?:through |over |on )?to me\b|"
    # handed over in someone's words: "passed it to me and said see what you can do"
    r"\b(?:passed|handed|gave|give|gives|passes|hands|forwarded|chucked|threw|dumped|bounced) "
    r"(?:it|this|that|them|the (?:[\w-]+ ){0,2}?[\w-]+) (?:over |across |on |back )?to me\b|"
    r"\bsee what you can do\b|"
    # a post given in the story: "the manager made me the fire warden for the factory"
    rf"\b(?:made|makes|appointed|named) me (?:the |a |an |their |our )?(?:[\w-]+ ){{0,2}}?"
    rf"(?:{ROLES})s?\b{_POST_END}|"
    # "they were on my section": whose the problem was, not what had to be done
    r"\b(?:was|were|is|are|'s) (?:all )?(?:on|in) my (?:section|ward|patch|caseload|list|books|"
    r"watch|shift|round|beat|territory|area|unit|bay|desk)\b|"
    # a post held in the story ("I was the senior carer on the night shift", "as the branch
    # manager", "im the rink guard", "I'm a team leader in property claims"): the rubric's
    # hint of a duty (task 1); "as a manager you have to..." is a generality, not a post held
    rf"(?:{_I_WAS}|(?:^|[,;:]\s*|\b(?:and|so|but|worked|working|me)\s+)as|\bbeing) the "
    rf"(?:[\w-]+ ){{0,3}}?(?:{ROLES})s?\b{_POST_END}|"
    # the same opening a sentence with "his", "her", "their" or no article, as second-language
    # speakers and formal writers put it ("As foreman, I go to...", "As his supervising officer
    # I met him weekly"), and "as the person on the bench that week"
    rf"(?:^|[.;:]\s*)as (?:his |her |their |our )?(?:[\w-]+ ){{0,2}}?(?:{ROLES})s?\b(?: of (?:the |"
    r"our )?(?:[\w-]+ ){1,3}?)?,?\s*I\b|"
    # and opening a note, with the "I" dropped: "- as shift manager, got the call from ..."
    rf"(?:^|\n|(?:^|\s)[-*\u2022]\s+)as (?:[\w-]+ ){{0,2}}?(?:{ROLES})s?,\s|"
    # a post held with no article, on a shift, site or line: "I was site supervisor on a dig",
    # "I am team leader on the sorting line" (not "when I was junior nurse on a ward": the scene)
    rf"(?<!when )(?<!where )(?<!while ){_I_WAS} (?:[\w-]+ ){{0,2}}?(?:{ROLES}) (?:on|over|"
    r"in charge)\b|"
    r"\b(?:as|being) the (?:person|one) (?:on|covering|running|doing)\b|"
    # "I was second engineer on the stage", "I was duty pharmacist": an ordinal or a rank
    # (not "when I was third officer on a container ship": the scene's job, not the story's)
    rf"(?<!when )(?<!where )(?<!while ){_I_WAS} (?:first|second|third|chief|lead|senior|duty|"
    r"acting|deputy|assistant) "
    rf"(?:[\w-]+ )?(?:{ROLES})s?\b{_POST_END}|"
    # "I'm the only plumber on call": after "I was the", any -er/-or/-ist/-ian noun is a post
    # ("the older one" is not); after "as the" only the listed ones ("as the winter went on")
    rf"{_I_WAS} the (?:[\w-]+ ){{0,3}}?(?!(?:other|latter|former|older|younger|newer|bigger|"
    rf"better|number|member)\b)[a-z-]{{2,}}(?:er|or|ist|ian)s?\b(?! (?:one|ones|than)\b)"
    rf"{_POST_END}|"
    # "I was head of exploration", "I'm the on-call chaplain that week", "im on the desk",
    # "I'm the one who signs the consent forms", "she was my apprentice", "its my shop so"
    rf"{_I_WAS} (?:head|chair|captain|leader|manager) of\b|"
    # "I was their account coordinator", "I'm her named nurse"
    rf"{_I_WAS} (?:their|his|her) (?:[\w-]+ ){{0,2}}?(?:{ROLES})\b{_POST_END}|"
    rf"{_I_WAS} the (?:only|sole|on-call|duty|acting|lead|head|senior|chief|principal) "
    r"(?!(?:one|woman|man|girl|boy|kid|guy|person)\b)[\w-]+\b|"
    rf"{_I_WAS} (?:\w+ )?on (?:the )?(?:desk|door|till|tills|gate|phones|nights|lates|earlies|"
    r"call|calls|duty|rota|switchboard|bench|counter|radio|helpline|front desk|reception)\b|"
    rf"{_I_WAS} the (?:only )?one (?:who|that) (?!(?:has|have|had|needs?|needed) to\b)\w+s\b|"
    # "I was the one signing it", "im the one covering nights"
    rf"{_I_WAS} the (?:only )?one (?:signing|doing|running|covering|handling|checking|holding|"
    r"answering|looking after|in charge)\b|"
    # the same in second-language English: "i am the one who do the quotes"
    rf"{_I_WAS} the (?:only )?one (?:who|that) (?:do|deal|handle|take|run|sign|check|book|"
    r"order|write|answer|look after|make)\b|"
    r"\b(?:he|she|they|it)(?:'s|s| was| is| were| are) (?:on )?my (?:own )?(?:team|apprentice|"
    r"trainee|mentee|patient|client|student|resident|shop|business|site|ward|class|crew|"
    r"responsibility)\b|"
    rf"{_I_WAS} an? "
    rf"(?:[\w-]+ ){{0,2}}?(?:{LEAD_ROLES})\b|"
    # "I am a caseworker", "im a junior setter", "Role: senior geologist on site": a job held;
    # not what one is like ("a hard worker", "a quick learner", "a natural problem solver")
    rf"{_I_WAS} an? (?!(?:good|great|natural|hard|quick|fast|real|strong|big|very|really|"
    r"born|keen|people|team|problem|total|bit|lot)\b)(?:[\w-]+ ){0,2}?(?!(?:worker|learner|"
    r"player|solver|listener|communicator|starter|believer|thinker|fighter|lover|achiever|"
    r"finisher|perfectionist|optimist|realist|member|customer|user|number|other|outsider|"
    r"beginner|newcomer|foreigner|stranger|winner|loser)s?\b)[a-z-]{3,}(?:er|or|ist|ian)s?\b"
    # "I'm a UX designer with about four years' experience" introduces a profile, not a post
    r"(?! (?:person|type|kind)\b)(?!,? with (?:about |over |around |nearly |almost |more than )?"
    r"[\w-]+ years?\b)|"
    r"^\W*role:\s",
    re.I,
)
# A job stated as a need of the team or of someone else, somewhere before the first step:
# "and we needed to get them accounts by Monday", "we had two weeks to", "it had to be live by".
TASK_OTHER = re.compile(
    r"(?:^|,|\band|\bso|\bbut|\bknew|\btold|\bsaid)\s+(?:so\s+|then\s+|that\s+)?we (?:(?:really|"
    r"still|just|now|also|urgently|somehow) )?(?:had|needed|have|need) to\b|"
    r"\bas a (?:[\w-]+ )?(?:team|crew|group|unit|department|shift) we (?:had|needed|have|need|"
    r"must)\b|"
    r"\b(?:got|was given|were given) (?:the|a|an) (?:[\w-]+ )?(?:target|goal|task|job) to\b|"
    # a crew's or a site's need, in any tense: "the whole brigade had to be consistent", "our
    # team of 6 assistants must move all open files", "we must finish before the storms"
    r"(?:^|,|\band|\bso|\bbut)\s+we (?:all |both )?must\b|"
    r"\bas a (?:team|crew|group),? our (?:goal|aim|target|job|task) (?:was|is)\b|"
    r"\b(?:asked|told) (?:the|our) (?:[\w-]+ ){0,2}?(?:team|crew|staff|department|unit|shift)s? "
    r"to\b|\bwe (?:needed|need|must) (?:keep|get|make|finish|find|send|move|clear|reduce|cut|"
    r"fix)\b|"
    r"\b(?:the whole|all(?: the)?|our|the) (?:[\w-]+ ){0,2}?(?:team|crew|brigade|shift|staff|"
    r"department|site|store|branch|ward|depot|unit|squad|gang)(?: of [\w ]{1,40}?)? (?:(?:had|"
    r"needed|has|have) to|must)\b|"
    r"\bwe (?:only |just )?had (?:only |just )?(?:(?:a|an|one|two|"
    r"three|four|five|six|seven|eight|nine|ten|\d+|a few|a couple of) (?:\w+ )?(?:hours?|days?|"
    r"weeks?|months?|fortnight)|(?:until|till) [\w' ]{1,30}?) to\b|"
    r"\bwe(?:'d| had)? (?:been )?(?:given|set) (?:\w+ ){1,3}?to\b|"
    r"\b(?:it|this|that|everything|the [\w-]+(?: [\w-]+){0,2}) (?:had|needed) to be "
    r"(?:\w+ )?(?:live|done|ready|finished|delivered|signed off|submitted|completed|fixed|"
    r"sorted|out|in place|approved|installed|open|up and running)\b|"
    r"\b(?!I\b)\w+ (?:needed|wanted) (?:[\w'-]+ ){1,8}?(?:by|before|for) (?:[\w'-]+ ){0,4}?"
    rf"(?:{DAYS}|tomorrow|tonight|morning|weekend|deadline)\b|"
    r"\b(?:the|our|my|their) [\w-]+'s (?:main |big |overall )?(?:goal|aim|objective|target|brief|"
    r"priority|mission) (?:was|were) to\b|"
    # "the shift lead told everyone to clear the backlog", "Team goal: find the cause", "after
    # the flood we all had to learn the new system"
    r"\b(?:asked|told|wanted|needed|got|tasked) (?:everyone|everybody|the (?:whole )?team|all of "
    r"us) to\b|\bteam (?:goal|aim|objective|target|task)\s*[:\u2013\u2014-]|"
    r"\bwe (?:all|both) (?:had|needed) to\b",
    re.I,
)
# Phrases that look like a task but are not one: a negated duty ("it wasn't my responsibility",
# "nobody asked me to", "I'd never had to"), "I only had to swap the copy"; and, judged by what
# follows, a problem ("the challenge was that ...") or a job title ("my role at the time was
# business analyst") where a goal would be.
TASK_NEG_BEFORE = re.compile(
    r"(?:\b(?:not|never|nobody|no one|no-one)\b|n't\b)[^.,;!?]{0,20}$|\b(?:if|unless)\s+$|"
    # "the mistake was mine" owns a slip, not a job
    r"\b(?:mistake|fault|error|blame|slip|screw-up|cock-up)s?\s*$",
    re.I,
)
TASK_NEG_IN = re.compile(r"\bnever\b|n't\b|\bnot\b|\bonly had to\b", re.I)
TASK_NOT_AFTER = re.compile(
    r"^(?: that\b| the fact\b| how\b| whether\b)|^,? (?:a |an |the )?(?:[\w-]+ ){0,2}?"
    rf"(?:{JOBS}|leader|administrator|clerk|executive|rep|representative|associate|intern|apprentice|"
    r"technician|specialist|adviser|advisor|director|head|worker|surveyor|architect|buyer|"
    r"controller|operator)s?\b",
    re.I,
)
# "it sort of landed on me" hints at a job without stating it.
TASK_HEDGE = re.compile(r"\b(?:sort of|kind of|kinda|somehow|I guess|I suppose)\b", re.I)

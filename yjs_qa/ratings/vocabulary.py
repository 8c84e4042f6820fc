"""Every pattern of a stated rating, built from the scale's words (knowledge/scale.py): a ratings
table's rows, the prose forms that state a rating, and the words that say it is counted, earlier or
someone else's.

The reading steps (read/) use these; nothing else in the package writes a rating pattern.
"""

from __future__ import annotations

import re

from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.knowledge.scale import rating_verbs, rating_words

RATING_WORDS = rating_words()
RATING_VERBS = rating_verbs()  # 'requires improvement', 'required improvements', ...
Q = r"['\"‘’“”]?"  # an optional quote around a rating word
R = rf"{Q}(?P<rating>{RATING_WORDS}){Q}"  # a quoted or bare rating word
R2 = rf"{Q}(?P<rating2>{RATING_WORDS}){Q}"
YEAR = r"(?P<year>(?:19|20)\d\d)"
YEAR_ANY = re.compile(r"\b(?:19|20)\d\d\b")
RATING_WORD = re.compile(rf"(?<![\w-]){R}(?![\w-])", re.IGNORECASE)

# --- rows of a ratings table (a linearised table has one cell per row) ---------------------------
OVERALL_LABEL = re.compile(r"\bover\w*\s*(?:all\s+)?(?:rating|judgement|grade)\b:?", re.IGNORECASE)
TABLE_SCORE = re.compile(r"\b(?P<score>\d{1,2})\s*/\s*(?P<max>\d{2})\b")
RATING_CELL = re.compile(
    rf"^{Q}(?P<rating>{RATING_WORDS}){Q}\s*(?:\((?P<score>\d{{1,2}})\s*/\s*(?P<max>\d{{2}})\))?\.?$",
    re.IGNORECASE,
)
INLINE_STANDARD = re.compile(
    rf"^(?P<code>\d\.\d)\.?\s+(?P<name>.+?)\s+(?P<rating>{RATING_WORDS})$", re.IGNORECASE
)
CODED_NAME = re.compile(r"^(?P<code>\d\.\d)\.?\s+(?P<name>\D.*)$")  # "2.1 Assessment"
DOMAIN_ROW = re.compile(r"^(?P<num>\d)\.?\s+(?P<name>\D.*)$")  # "2. Court disposals"
# The label chunk.py folds into a standard's description: "2.1 Assessment: Inadequate. ..."
SECTION_RATING = re.compile(rf"^(?P<code>\d\.\d) [^:]{{1,80}}: (?P<rating>{RATING_WORDS})\.", re.IGNORECASE)
SUPERSCRIPT = re.compile(r"\s?[\u00b9\u00b2\u00b3\u2070-\u2079]+")
KEY_QUESTION_ROW = re.compile(r"^(?P<question>[^;]+?\?)\s*(?P<pct>\d{1,3})\s*%")
DISCRETION = re.compile(r"\bprofessional discretion\b", re.IGNORECASE)

# --- the prose forms that state a rating (step 1) -------------------------------------------------
OVERALL_NOUN = r"\boverall (?:rating|grading|judgement|grade)"
VERB = r"(?:rated|judged|graded|assessed)"
# Words that may stand between 'was' and 'rated': 'was separately rated', 'had previously been rated'.
ADV = r"(?:\w+ly|then|also|now|once|last|again|overall)"
AS = r"(?:overall,? )?(?:as |to be )?,? ?(?:overall,? )?"  # 'rated as Good overall', 'rated overall as Good'
# 'an overall rating of Good', 'the overall judgement for the service is Good'.
OVERALL_FORMS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{OVERALL_NOUN} (?:of|was|is|as|being)\s+{R}",
        rf"{OVERALL_NOUN} for [^.]{{1,60}}? (?:is|was) {R}",
    )
)
# Who gave it, between the verb and the rating: 'was rated by inspectors as Good'.
BY = r"(?:by (?!the (?:children|young)\b)[^,.;:'‘’\"“”]{1,60}? )?"
# 'was rated Good', 'had previously been rated as Inadequate', 'was judged to be Good', 'was found by
# inspectors to be good', 'were reported as "requires improvement"', 'was deemed "inadequate"'.
PASSIVE = re.compile(
    rf"\b(?:was|were|is|are|been|be|being)(?P<adv>(?: {ADV}){{0,2}}) "
    rf"(?:(?P<verb>rated|judged|graded|assessed|deemed|reported|described|declared) {BY}{AS}"
    rf"|found {BY}to be ){R}",
    re.IGNORECASE,
)
# Verbs that state a rating in PASSIVE only when the rating word is marked (quoted or capitalised).
WEAK_VERBS = frozenset({"deemed", "reported", "described", "declared"})
# 'has rated the team in X as Outstanding overall', 'found the service to be, overall, Outstanding'.
ACTIVE = re.compile(
    rf"\b(?P<verb>rated|rates?|rating|judged|judges?|judging|graded|found|finding|deemed|considered) "
    rf"(?P<obj>(?!of\b)(?:(?!\b(?:as|to be)\b)[^.;:]){{1,80}}?) "
    rf"(?:as|to be),? (?:overall,? )?{R}",
    re.IGNORECASE,
)
# The same without 'as', and then only rated, judged or graded: 'HMIP rated Wigan YJS Good'. What it
# rates must name the service (read/scopes.py).
ACTIVE_BARE = re.compile(
    rf"\b(?P<verb>rated|rates?|rating|judged|judges?|graded|deemed|declared) "
    rf"(?P<obj>(?!of\b)(?:(?!\b(?:as|to be)\b)[^.;:]){{1,80}}?) (?:overall,? )?{R}",
    re.IGNORECASE,
)
# 'has received a Good rating', 'was given an Outstanding rating': one rating, of what the subject names.
_GOT = r"\b(?:received|given|awarded|achieved|earned|gained|retained|kept) (?:an? |its |the )?(?:overall )?"
RECEIVED = re.compile(rf"{_GOT}{R} (?:rating|grade|judgement)\b", re.IGNORECASE)
# 'was given a rating of requires improvement'
RECEIVED_OF = re.compile(rf"{_GOT}(?:rating|grade|judgement) of {R}", re.IGNORECASE)
# "'Inadequate' ratings given for assessment and planning": the rating of what follows 'for'.
NOUN_FOR = re.compile(
    rf"{R} (?:ratings?|grades?|judgements?) "
    rf"(?:(?:were |was )?(?:given|awarded|received) )?(?=(?:for|in|on) )",
    re.IGNORECASE,
)

# 'Inspectors gave Wigan YJS a rating of Good', 'gave the service an Outstanding rating': like
# ACTIVE, what it rates must name the service.
GAVE = re.compile(
    rf"\b(?P<verb>gave|give|gives|awarded) (?P<obj>[^.;:]{{1,80}}?) (?:an? |its |the )?(?:overall )?"
    rf"(?:rating|grade|judgement) of {R}",
    re.IGNORECASE,
)
GAVE_NOUN = re.compile(
    rf"\b(?P<verb>gave|give|gives|awarded) (?P<obj>[^.;:]{{1,80}}?) (?:an? |its |the )?(?:overall )?"
    rf"{R} (?:rating|grade|judgement)\b",
    re.IGNORECASE,
)
BARE = re.compile(rf"\b{VERB} (?:as )?{R}", re.IGNORECASE)  # a headline: 'X Youth Justice Service rated Good'
# An earlier rating by its wording: 'previously rated Inadequate'.
EARLIER_LED = re.compile(rf"\b(?:previously|formerly|originally|once|last) {VERB} {AS}{R}", re.IGNORECASE)
# 'its previous rating of Requires improvement', 'the last judgement was Inadequate'.
EARLIER_NOUN = re.compile(
    rf"\b(?:previous|earlier|last|former|prior) (?:overall )?(?:rating|grade|judgement),? "
    rf"(?:of|was|had been|as) {R}",
    re.IGNORECASE,
)
CHANGE_WORDS = (
    "up|down|improved|improves|improving|improvement|rise|rises|rising|risen|rose|moved|moves|moving|"
    "upgraded|downgraded|fell|falls|falling|fallen|dropped|drops|dropping|declined|declines|declining|"
    "changed|change|climbed|climbs|climbing|jumped|jumps|jumping"
)
# 'up from Inadequate in 2020', 'moved from Inadequate to Good': the first rating is an earlier one.
FROM = re.compile(
    rf"\b(?:{CHANGE_WORDS}) from (?:an? |its |the )?(?:previous |earlier |last )?"
    rf"(?:(?:rating|grade|judgement) of )?{R}(?: rating| grade)?"
    rf"(?:,? (?:in |at |during |since )?(?:its |the |a )?(?:last |previous |earlier )?"
    rf"(?:inspection )?(?:in )?\(?{YEAR}\)?)?"
    rf"(?: to {R2})?",
    re.IGNORECASE,
)
# Requires improvement said as a verb: 'found the service to require improvement', 'was told it
# required improvement'.
FOUND_TO = re.compile(
    r"\b(?P<verb>found|judged|deemed|considered) (?P<obj>(?:(?!\bto\b)[^.;:]){1,80}?) to "
    rf"(?P<rating>{RATING_VERBS})",
    re.IGNORECASE,
)
TOLD = re.compile(
    r"\b(?:was|were|been|being) told (?:that )?(?:it|they|the service|the team) "
    rf"(?P<rating>{RATING_VERBS})",
    re.IGNORECASE,
)
# 'an 'Inadequate' rating' with no verb: read only beside an earlier time ('... when they were part
# of the former Western Bay service'), never as a current rating.
NAMED_RATING = re.compile(rf"\b(?:an?|its|their|the) {R} (?:rating|grade|judgement)\b", re.IGNORECASE)
# 'upgraded to Good from Inadequate (2019)': the rating after 'from' is the earlier one.
TO_FROM = re.compile(
    rf"\b(?:{CHANGE_WORDS}|upgrade|downgrade)(?: \w+){{0,2}} to {R} from (?:an? |its |the )?"
    rf"(?:previous |earlier |last )?{R2}(?: rating| grade)?(?:,? (?:in |at )?(?:its |the )?"
    rf"(?:last |previous )?(?:inspection )?(?:in )?\(?{YEAR}\)?)?",
    re.IGNORECASE,
)
# The forms, in the order they claim a sentence's words: each rating word is read by the first.
VERB_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("rating noun for", NOUN_FOR),
    ("earlier verb", EARLIER_LED),
    ("earlier noun", EARLIER_NOUN),
    ("passive verb", PASSIVE),
    ("active verb", ACTIVE),
    ("active verb", ACTIVE_BARE),
    ("gave a rating", GAVE),
    ("gave a rating", GAVE_NOUN),
    ("received a rating", RECEIVED),
    ("received a rating", RECEIVED_OF),
    ("headline verb", BARE),
    ("active verb", FOUND_TO),
    ("passive verb", TOLD),
    ("rating named", NAMED_RATING),
)

# --- words around a form: negation, hopes, counts, bands (steps 1 and 3) --------------------------
NEGATED = re.compile(r"\b(?:not|never|no longer)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
# 'A score of 19 to 30 is rated': a band of the scale, not a rating given.
BAND = re.compile(r"\b\d+\s*(?:to|-|–)\s*\d+\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
NUMBER = (  # a count in figures or words; a year is not a count
    rf"(?:(?!(?:19|20)\d\d\b)\d{{1,3}}|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
)
N_OF = (
    rf"(?P<count>{NUMBER})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:(?P<of>{NUMBER})\s+)?"
    r"(?:[\w-]+\s+){0,2}?"  # 'four of the 12 key areas'
)
COUNTED_THINGS = r"(?P<counted>standards?|areas?|aspects?|domains?|judgements?|ratings?|grades?)"
SERVICES_COUNTED = r"(?:services?|yjss?|yots?|yoss?|teams?|inspections?|authorities|councils|areas inspected)"
# A count of a service's ratings: 'four of the 12 standards', 'six areas', 'the other four'.
COUNT_PHRASES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{N_OF}{COUNTED_THINGS}\b",
        rf"\b(?P<count>{NUMBER})\s+(?:(?:other|more|further|remaining|key|of\s+its|of\s+the)\s+)?{COUNTED_THINGS}\b",
        rf"\bthe\s+(?:other|remaining)\s+(?P<count>{NUMBER})\b(?!\s+{SERVICES_COUNTED})",
        rf"\b(?P<count>{NUMBER})\s+{Q}(?:{RATING_WORDS}){Q}\s+(?P<counted>ratings|judgements|grades)\b",
        rf"\b(?P<count>all|both)\s+(?:of\s+)?(?:the\s+|its\s+)?(?:(?P<of>{NUMBER})\s+)?{COUNTED_THINGS}\b",
    )
)
# A count of services, or a share of them: a national figure, no one service's rating.
SERVICE_COUNT = re.compile(
    rf"\b(?:{NUMBER}|most|many|several|half|none|no|some|all|few)\b(?:\s+\w+){{0,2}}\s+"
    rf"(?:of\s+(?:the\s+|its\s+|their\s+)?(?:{NUMBER}\s+|\w+\s+)?)?{SERVICES_COUNTED}\b"
    rf"|\b\d+\s?(?:per ?cent|%)\s+of\b|\b{NUMBER}\s+in\s+{NUMBER}\b",
    re.IGNORECASE,
)
SERVICE_NOUN = re.compile(
    r"(?<!\bof )(?<!\bof the )(?<!\bof its )\b(?:service|yjs|yot|yos|yjt|team|it)\b",
    re.IGNORECASE,
)
# Bodies whose ratings are not the youth justice service's: another inspectorate, a council's
# children's services, a police force, a school.
OTHER_BODY = re.compile(
    r"\b(?:ofsted|care quality commission|cqc|hmicfrs|estyn|care inspectorate wales|"
    r"children['’]?s (?:social )?(?:services|social care)|social care|the council|local authority|"
    r"police(?: force)?|schools?|college|academy|hospital|prison)\b",
    re.IGNORECASE,
)
YOUTH_JUSTICE = re.compile(r"\b(?:youth (?:justice|offending)|yjs|yot|yos|yjt)\b", re.IGNORECASE)

# --- when: the words that make a rating an earlier one, or a current one (step 4) -----------------
# A sentence that opens on an earlier time, its verb after the comma: 'When last inspected in 2019, X
# was rated ...', 'At the previous inspection, ...'.
EARLIER_OPENING = re.compile(
    r"^\W*(?:when|at|in|during|following|after|before|on) [^,;:]*?"
    r"\b(?:previous(?:ly)?|earlier|prior|last (?:\w+ )?inspect\w*)\b[^,;:]*,",
    re.IGNORECASE,
)
# Past-time words in the clause before a verb form: the rating it states is an earlier one.
EARLIER_MARK = re.compile(
    r"\b(?:previous(?:ly)?|formerly|former|originally|earlier|prior to|last (?:\w+ )?inspect\w*|"
    r"used to be)\b",
    re.I,
)
# Just after the rating: 'at its last inspection', 'in the previous inspection', 'when last inspected'.
EARLIER_AFTER = re.compile(
    r"^\W{0,3}(?:at|in|during|after|following|when|on) "
    r"(?:its |the |their |a )?(?:last|previous|earlier|prior)\b",
    re.IGNORECASE,
)
NOW_MARK = re.compile(r"\b(?:now|currently|today|this (?:time|inspection|year))\b", re.IGNORECASE)
YEAR_AFTER = re.compile(rf"^[^.;,]{{0,40}}?\b{YEAR}\b")  # a year just after, in the same clause

# --- a rating counted (step 1 reads these forms first; step 3 reads their numbers) ----------------
_THINGS = r"(?:standards?|areas?|aspects?|domains?|judgements?)"
_IS = r"(?:(?:were|was|are|have been|had been)\s+)?(?:(?:rated|judged|graded|assessed)\s+)?(?:as\s+)?"
# 'four of the 12 standards were rated Outstanding', 'Five of the thirteen areas are Outstanding'
COUNT_OF_THINGS = re.compile(rf"\b{N_OF}(?P<counted>{_THINGS})\s+{_IS}{R}", re.IGNORECASE)
# 'four standards were rated Outstanding'
COUNT_THINGS = re.compile(rf"\b(?P<count>{NUMBER})\s+(?P<counted>{_THINGS})\s+{_IS}{R}", re.IGNORECASE)
# "'Outstanding' in six areas", "'good' in the remaining four areas", "Outstanding in four of the 12",
# "'Outstanding' – in four categories"
RATING_IN_COUNT = re.compile(
    rf"{R}\s*[–—-]?\s+(?:in|for|on|across)\s+(?:the\s+)?(?P<other>(?:other|remaining)\s+)?(?P<count>{NUMBER})"
    rf"(?:\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?P<of>{NUMBER}))?"
    rf"(?:\s+(?:[\w-]+\s+){{0,2}}?(?P<counted>{_THINGS}|categories))?\b",
    re.IGNORECASE,
)
# "seven 'Good' ratings"
COUNT_OF_RATINGS = re.compile(
    rf"\b(?P<count>{NUMBER})\s+{R}\s+(?P<counted>ratings|judgements|grades)\b", re.IGNORECASE
)
# a list of counts: "seven Good, four Requires improvement and one Inadequate", "four are Good"
COUNT_LIST = re.compile(
    rf"(?<![\w.,])(?P<count>{NUMBER})\s+(?:(?:were|was|are|rated|as|judged|found|to|be)\s+){{0,4}}{R}"
    rf"(?=\s*(?:[,;.)]|and\b|or\b|$))",
    re.IGNORECASE,
)
# A count of services: a national figure, no one service's rating. 'Three YOTs were rated
# "outstanding"', 'One service ‘Inadequate’' (a list under 'The Inspectorate rated:'), 'four of the 16
# services inspected were judged Good'. A verb, or a quoted or capitalised word (marked), makes it one.
SERVICES_RATED = re.compile(
    rf"(?<![\w.,])(?P<count>{NUMBER})\s+(?:(?:out\s+)?of\s+(?:the\s+)?(?P<of>{NUMBER})\s+)?"
    rf"(?:[\w-]+\s+){{0,2}}?(?P<counted>{SERVICES_COUNTED})(?:\s+inspected)?\s*[–—:-]?\s+"
    rf"(?:(?:were|was|are|have been|had been)\s+)?(?:(?:rated|judged|graded|assessed|deemed|found to be)\s+)?"
    rf"(?:as\s+)?{R}",
    re.IGNORECASE,
)
# The whole a national count is out of: 'each of the 16 services', '26 inspections'.
SERVICES_TOTAL = re.compile(
    rf"\b(?:of\s+(?:the\s+)?(?P<of>{NUMBER})\s+(?:[\w-]+\s+){{0,2}}?{SERVICES_COUNTED}"
    rf"|(?P<of2>{NUMBER})\s+inspections)\b",
    re.IGNORECASE,
)
# Work a count of services is rated on ('rated inadequate in relation to the latter', 'for
# assessment'): a standard's count, not the services' overall ratings.
RATED_ON = re.compile(r"^\s*(?:in relation to|with regard to|for|on|in)\s+(?!(?:19|20)\d\d\b)", re.IGNORECASE)
COUNT_FORMS = (SERVICES_RATED, COUNT_OF_THINGS, COUNT_THINGS, RATING_IN_COUNT, COUNT_OF_RATINGS, COUNT_LIST)
# 'of the 12 standards' anywhere in the sentence: what a list of counts is out of.
COUNT_OF = re.compile(
    rf"\bof\s+(?:the\s+|its\s+|their\s+)?(?P<of>{NUMBER})\s+(?:[\w-]+\s+)?(?P<counted>{_THINGS})\b", re.I
)

# --- the words around a statement the reading steps weigh (read/) ---------------------------------
# A hope or a plan, not a rating given: 'to be rated', 'will be rated'.
HOPED_BEFORE = re.compile(r"\b(?:to|will|would|could|should|must|might|may)\s+$", re.IGNORECASE)
# A change something else caused, not one over time: 'dragged the overall rating down from Good' says
# what the rating would have been.
CAUSED = re.compile(
    r"\b(?:dragged|pulled|brought|pushed|knocked|took|taken|held)\b[^.;]{0,50}$", re.IGNORECASE
)
# More ratings a change runs through: "from 'Inadequate' in 2015 and 'Requiring improvement' in 2019
# to 'Good'": each item, and the rating it ends at.
CHAIN_ITEM = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|and\s+|then\s+)(?:an?\s+|its\s+)?{Q}(?P<rating>{RATING_WORDS}){Q}"
    rf"(?:\s+rating)?(?:,?\s+(?:in|at|during)?\s*\(?{YEAR}\)?)?",
    re.IGNORECASE,
)
CHAIN_TO = re.compile(rf"\s*,?\s*to\s+(?:an?\s+)?{Q}(?P<rating>{RATING_WORDS}){Q}", re.IGNORECASE)
# What SERVICE_IN_TEXT catches at a sentence's start that names no service: 'The YJS', 'Our YOT'.
NOT_A_NAME = re.compile(r"^(?:the|this|that|our|their|its|his|her|a|an|each|every|any|all|local|new)$", re.I)
SERVICE_WORD = r"(?:service|yjs|yot|yos|yjt|team|youth justice|youth offending)\b"
POSSESSIVE = re.compile(r"'s?\b")
# The end of a stretch of words whose subject is a service named just before its verb.
VERB_END = r"(?:(?:was|were|has|had|is|are|have)\s+)?(?:(?:been|also|now|then)\s+)?$"
BY_OTHER_BODY = re.compile(
    r"^\W*(?:\w+\W+){0,3}?by (?:ofsted|estyn|the care quality commission|cqc|care inspectorate wales"
    r"|hmicfrs)\b",
    re.IGNORECASE,
)
# The words between a standard's name and the domain work it is of: no verb, no list, no clause.
QUALIFIER = re.compile(
    r"(?:\s+(?:of|for|with|on|in|to|the|its|their|a|an|work|services?|children|young|people|"
    r"subject|sentenced|given|cases?))*\s+"
)
# 'Overall, the service was rated', 'Overall services were reported as': said of the whole service.
OVERALL_HEAD = re.compile(r"\boverall\b(?:\W+\w+){0,4}\W*$", re.IGNORECASE)
# Where one sentence ends and the next begins, inside a span the sentence splitter left whole (it
# keeps an unbalanced quotation together: '... report." Services are ... was deemed "inadequate".').
SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")

"""The wordings of a rating stated in prose, as patterns built from the framework's rating words."""

from __future__ import annotations

import re

from yjs_qa.ingest.extract.rating_sources import RATING_WORDS, Q

R = rf"{Q}(?P<rating>{RATING_WORDS}){Q}"  # a quoted or bare rating word
R2 = rf"{Q}(?P<rating2>{RATING_WORDS}){Q}"
OVERALL_NOUN = r"\boverall (?:rating|grading|judgement|grade)"
VERB = r"(?:rated|judged|graded|assessed)"
# Words that may stand between 'was' and 'rated': 'was separately rated', 'had previously been rated'.
ADV = r"(?:\w+ly|then|also|now|once|last|again|overall)"
AS = r"(?:as |to be )?,? ?(?:overall,? )?"
YEAR = r"(?P<year>(?:19|20)\d\d)"

# --- forms, each naming the rating's groups: first the overall-noun forms, then the verb forms ------
OVERALL_FORMS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (rf"{OVERALL_NOUN} (?:of|was|is|as)\s+{R}", rf"{OVERALL_NOUN} for [^.]{{1,60}}? (?:is|was) {R}")
)
# 'was rated Good', 'had previously been rated as Inadequate', 'was judged to be Good'.
PASSIVE = re.compile(  # and 'was found to be Good'
    rf"\b(?:was|were|is|are|been|be)(?P<adv>(?: {ADV}){{0,2}}) (?:{VERB} {AS}|found to be ){R}", re.IGNORECASE
)
# 'has rated the team in X as Outstanding overall', 'found the service to be, overall, Outstanding'.
ACTIVE = re.compile(
    rf"\b(?P<verb>rated|judged|graded|found|deemed|considered) "
    rf"(?P<obj>(?:(?!\b(?:as|to be)\b)[^.;:]){{1,80}}?) "
    rf"(?:as|to be),? (?:overall,? )?{R}",
    re.IGNORECASE,
)
# The same without 'as', and then only rated, judged or graded: 'HMIP rated Wigan YJS Good'. Like
# ACTIVE, what it rates must name the service (rating_statements._accepts).
ACTIVE_BARE = re.compile(
    rf"\b(?P<verb>rated|judged|graded) (?P<obj>(?:(?!\b(?:as|to be)\b)[^.;:]){{1,80}}?) (?:overall,? )?{R}",
    re.IGNORECASE,
)
# 'has received a Good rating', 'was given an Outstanding rating': one rating, of what the subject names.
RECEIVED = re.compile(
    rf"\b(?:received|given|awarded|achieved|earned|gained|retained|kept) (?:an? |its |the )?(?:overall )?"
    rf"{R} (?:rating|grade|judgement)\b",
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
# An earlier rating by its wording: 'previously rated Inadequate', 'up from Inadequate in 2020'.
EARLIER_LED = re.compile(rf"\b(?:previously|formerly|originally|once|last) {VERB} {AS}{R}", re.IGNORECASE)
# 'its previous rating of Requires improvement', 'the last judgement was Inadequate'.
EARLIER_NOUN = re.compile(
    rf"\b(?:previous|earlier|last|former|prior) (?:overall )?(?:rating|grade|judgement),? "
    rf"(?:of|was|had been|as) {R}",
    re.IGNORECASE,
)
# A sentence that opens on an earlier time, its verb after the comma: 'When last inspected in 2019, X
# was rated ...', 'At the previous inspection, ...'.
EARLIER_OPENING = re.compile(
    r"^\W*(?:when|at|in|during|following|after|before|on) [^,;:]*?"
    r"\b(?:previous(?:ly)?|earlier|prior|last (?:\w+ )?inspect\w*)\b[^,;:]*,",
    re.IGNORECASE,
)
CHANGE_WORDS = (
    "up|down|improved|improving|improvement|rise|rising|risen|rose|moved|moving|upgraded|downgraded|"
    "fell|falling|fallen|dropped|dropping|declined|declining|changed|change|climbed|climbing|jumped|jumping"
)
FROM = re.compile(
    rf"\b(?:{CHANGE_WORDS}) from (?:an? |its |the )?(?:previous |earlier |last )?"
    rf"(?:(?:rating|grade|judgement) of )?{R}(?: rating| grade)?"
    rf"(?:,? (?:in |at |during |since )?(?:its |the |a )?(?:last |previous |earlier )?"
    rf"(?:inspection )?(?:in )?\(?{YEAR}\)?)?"
    rf"(?: to {R2})?",
    re.IGNORECASE,
)
# Past-time words in the clause before a verb form: the rating it states is an earlier one.
EARLIER_MARK = re.compile(
    r"\b(?:previous(?:ly)?|formerly|former|originally|earlier|prior to|last (?:\w+ )?inspect\w*)\b", re.I
)
# Just after the rating: 'at its last inspection', 'in the previous inspection', 'when last inspected'.
EARLIER_AFTER = re.compile(
    r"^\W{0,3}(?:at|in|during|after|following|when|on) "
    r"(?:its |the |their |a )?(?:last|previous|earlier|prior)\b",
    re.IGNORECASE,
)
NOW_MARK = re.compile(r"\b(?:now|currently|today|this (?:time|inspection|year))\b", re.IGNORECASE)
YEAR_AFTER = re.compile(rf"^[^.;,]{{0,40}}?\b{YEAR}\b")  # a year just after, in the same clause
YEAR_ANY = re.compile(r"\b(?:19|20)\d\d\b")

# --- what the words before a verb say is rated -----------------------------------------------------
NEGATED = re.compile(r"\b(?:not|never|no longer)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
# A count, a score band or a hope: 'Three standards were rated', '31 to 36 is rated', 'to be rated'.
NUMBER_WORDS = (  # a year is not a count: 'at its last inspection in 2018 the service was rated'
    r"(?!(?:19|20)\d\d\b)\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|all|most|many|several|half"
)
COUNTED = re.compile(
    rf"(?:\bstandards?|\b\d+\s*(?:to|-|–)\s*\d+)\W+(?:\w+\W+){{0,2}}$|"
    rf"\b(?:to|will|would|could|should|must|might|may)\s+$|"
    rf"\b(?:{NUMBER_WORDS}|none|no)\b(?: \w+){{0,2}} (?:of (?:the |its |their )?(?:\d+ |\w+ )?)?"
    rf"(?:standards?|areas?|domains?|services?|yjss?|yots?|yoss?|teams?|ratings?|aspects?|judgements?)\b"
    rf"(?:(?!\b(?:service|yjs|yot|yos)\b).)*$|\d+ ?(?:per ?cent|%) of\b",
    re.IGNORECASE,
)
SERVICE_NOUN = re.compile(
    r"(?<!\bof )(?<!\bof the )(?<!\bof its )\b(?:service|yjs|yot|yos|yjt|team|it)\b",
    re.IGNORECASE,
)

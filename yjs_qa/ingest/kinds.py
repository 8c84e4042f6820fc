"""Document kinds: the signals of each kind of publication, weighed, and the kind that wins."""

from __future__ import annotations

import re
from collections import Counter

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.patterns import CHIEF_INSPECTOR, HM, HMIP
from yjs_qa.knowledge.scale import rating_words
from yjs_qa.models import DocKind

_I = re.IGNORECASE

# Headings only an inspection report has: its first standard, and the last of the court case standards.
_FIRST_STANDARD, _LAST_CASE_STANDARD = (
    re.escape(s.name.lower()) for s in F.STANDARDS if s.code in ("1.1", "2.4")
)
_SERVICES = r"(yjss|yots|yoss|youth (justice|offending) (services|teams))"
_DECIDER = r"(cabinet|executive|delegated)"
_FEW = "|".join(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"))
_RECEIVED = r"(received|considered|noted)"
# Section headings of council papers.
_PAPER_SECTIONS = (
    r"key issues|reasons? for (the )?decision|options considered|alternative options( considered)?|"
    r"(financial|legal) implications|wards? affected|key decision"
)
_RATING = rating_words()
# Signals of each document kind, with weights; the highest total wins. Each kind's signals are
# general marks of that kind of publication, never one document's wording.
DOC_KIND_SIGNALS: tuple[tuple[DocKind, re.Pattern[str], int], ...] = tuple(
    (kind, re.compile(p, _I | re.MULTILINE), w)
    for kind, p, w in (
        # An inspection report, its foreword or its summary.
        (DocKind.INSPECTION_REPORT, r"^domain (one|two|three|1|2|3)\b", 3),
        (DocKind.INSPECTION_REPORT, r"^an inspection of youth", 3),
        (DocKind.INSPECTION_REPORT, r"^contents$", 1),
        (DocKind.INSPECTION_REPORT, rf"^(\d\.\d\.?\s+)?({_FIRST_STANDARD}|{_LAST_CASE_STANDARD})$", 2),
        (DocKind.INSPECTION_REPORT, r"^foreword$", 2),
        # A foreword signed by the Chief Inspector, on a line of its own.
        (DocKind.INSPECTION_REPORT, rf"^([\w.'’ -]{{3,40}},? )?({HM} )?(interim )?{CHIEF_INSPECTOR}\.?$", 3),
        (
            DocKind.INSPECTION_REPORT,
            r"\bthis inspection is (one|part) of (our|a|the)( [\w-]+){0,3} programme\b",
            2,
        ),
        (DocKind.INSPECTION_REPORT, r"\bwe have inspected and rated\b", 2),
        (DocKind.INSPECTION_REPORT, r"^(executive )?summary$", 1),
        # A press release: the inspectorate's own, a council newsroom page or a council's copy of one.
        (DocKind.PRESS_RELEASE, r"^ends$", 4),
        (DocKind.PRESS_RELEASE, r"^notes? to editors?", 4),
        (DocKind.PRESS_RELEASE, r"media enquiries", 2),
        (DocKind.PRESS_RELEASE, r"^(press|news|media) release\b|\bpress release (by|from)\b", 4),
        (DocKind.PRESS_RELEASE, r"\bnewsroom\b(?!\s+staff)|\bpress office\b", 3),
        # A council's news release quotes its cabinet member by name ("Cllr X, Cabinet Member for Y, said").
        (
            DocKind.PRESS_RELEASE,
            r"\b(?:cllr|councillor|coun)\.? [^\n]{0,60}\b(?:cabinet member|lead member|portfolio holder)"
            r" for [^\n]{0,80}\b(?:said|says|added)\b",
            2,
        ),
        # A council's or provider's own news page speaks of its own work in the first person.
        (
            DocKind.PRESS_RELEASE,
            r"\bour (?:own )?(?:statistics|figures|borough|council|residents|youth justice service"
            r"|charity)\b",
            1,
        ),
        (DocKind.PRESS_RELEASE, r"^(back to|latest|council) news\b", 2),
        # The inspectorate announcing its own findings, and a headline announcing a rating.
        (DocKind.PRESS_RELEASE, rf"\b{HMIP} has (rated|praised|found|judged|published)\b", 2),
        (DocKind.PRESS_RELEASE, rf"\ban {HMIP} inspection of\b", 2),
        (DocKind.PRESS_RELEASE, r"\bhas (received|been given|been awarded) an overall rating of\b", 2),
        (DocKind.PRESS_RELEASE, rf"\A\s*[^\n]*[‘'\"“]({_RATING})[’'\"”]", 2),
        (DocKind.PRESS_RELEASE, rf"\b(has been|have been|was|were) rated (as )?[‘'\"“]?({_RATING})\b", 1),
        (DocKind.PRESS_RELEASE, r"\b(chief inspector|director of operations)\b[^\n“\"]{0,60}:\s*[“\"]", 1),
        # Council papers: committee papers, minutes and cabinet decisions.
        (DocKind.COUNCIL_PAPER, r"^report to:?$", 3),
        (DocKind.COUNCIL_PAPER, r"^date of meeting:?", 3),
        (DocKind.COUNCIL_PAPER, r"\b(cabinet|committee|council) is (recommended|asked) to\b", 3),
        (DocKind.COUNCIL_PAPER, r"^background documents", 1),
        (DocKind.COUNCIL_PAPER, r"^minutes:?$|\bminutes of (the )?(meeting|proceedings)\b", 3),
        (DocKind.COUNCIL_PAPER, r"^agenda( item)?\b", 3),
        (
            DocKind.COUNCIL_PAPER,
            rf"^(record of )?({_DECIDER} )?decisions?( record| notice| taken| made)?:?$",
            3,
        ),
        (DocKind.COUNCIL_PAPER, r"^(present|apologies( for absence)?|declarations? of interests?)\s*:?", 3),
        (DocKind.COUNCIL_PAPER, r"\b(cabinet member|portfolio holder|lead member) for\b", 1),
        (DocKind.COUNCIL_PAPER, r"^resolved\b", 3),
        (
            DocKind.COUNCIL_PAPER,
            rf"\b(we|the committee|members|{_DECIDER}|the panel) {_RECEIVED} (a|the) report",
            3,
        ),
        (DocKind.COUNCIL_PAPER, r"\b(select|scrutiny|overview and scrutiny|audit) committee\b", 2),
        (DocKind.COUNCIL_PAPER, rf"^({_PAPER_SECTIONS})\s*:?", 2),
        # A council's issue page: its meeting, cabinet member and forward-plan fields.
        (
            DocKind.COUNCIL_PAPER,
            r"^(meeting|cabinet member|forward plan ref(erence)?|report by)\b[^\n]{0,40}:",
            3,
        ),
        (DocKind.COUNCIL_PAPER, r"^issue\s*-\s*meetings$", 3),
        # News articles: bylines and newspaper furniture.
        (DocKind.NEWS_ARTICLE, r"^(by )?[A-Z][a-z]+ [A-Z][a-z]+\s*$\n+^\w+day, ", 3),
        (DocKind.NEWS_ARTICLE, r"^by [A-Z][\w'’-]+ [A-Z][\w'’-]+(,[^\n]{0,60})?$", 3),
        (
            DocKind.NEWS_ARTICLE,
            r"^\w+day,? \d{1,2} \w+,? \d{4},? \d{1,2}[.:]\d{2} ?(am|pm)$",
            2,
        ),  # a timestamp
        (DocKind.NEWS_ARTICLE, r"\b(picture|image|photo|credit)s?:", 2),
        (DocKind.NEWS_ARTICLE, r"\b(getty images|pa media|pa wire|shutterstock|alamy|reuters)\b", 2),
        # A reporter's byline ('Newsroom Staff', 'Nub News Reporter'), and the shared local news service.
        (DocKind.NEWS_ARTICLE, r"^(by\s+)?[\w .'’-]{0,40}\b(staff|reporter|correspondent|journalist)\s*$", 4),
        (DocKind.NEWS_ARTICLE, r"\blocal democracy report(ing service|er)\b", 4),
        # A news page's empty "Published" line (its date taken into page furniture), and reporting verbs.
        (DocKind.NEWS_ARTICLE, r"^\W*published:?\s*$", 3),
        (
            DocKind.NEWS_ARTICLE,
            r"\b(heard how|told the (meeting|committee|council|board)|[A-Z]\w+ council said)\b",
            1,
        ),
        (DocKind.NEWS_ARTICLE, r"\bstock image\b", 2),
        (DocKind.NEWS_ARTICLE, r"subscribe|cookies", 1),
        (DocKind.NEWS_ARTICLE, r"^home\s{2,}\w+", 2),
        # National publications: the inspectorate's annual report, and thematic inspections (each
        # with its press release, which names it).
        (DocKind.ANNUAL_REPORT, rf"{HMIP}[^.\n]{{0,120}}\bannual report\b", 4),
        (DocKind.ANNUAL_REPORT, r"\binspectorate['’]s (\w+ )?annual report\b", 4),
        (DocKind.ANNUAL_REPORT, rf"\bannual report (of|by|from) {HMIP}", 4),
        (DocKind.ANNUAL_REPORT, r"\A\s*[^\n]*\bannual report\b", 2),
        (DocKind.ANNUAL_REPORT, r"^annual report\b", 4),
        (DocKind.ANNUAL_REPORT, rf"\bannual report\b[^\n]{{0,120}}{HMIP}", 4),
        (DocKind.ANNUAL_REPORT, rf"\b\d+ (per cent|%) of {_SERVICES}\b", 2),
        (DocKind.THEMATIC_INSPECTION, r"\bthematic\b", 4),
        (DocKind.THEMATIC_INSPECTION, rf"^an? (joint )?inspection by {HMIP} and\b", 3),
        (DocKind.THEMATIC_INSPECTION, r"\b(inspected|inspecting|inspection of) this (topic|theme)\b", 3),
        (DocKind.THEMATIC_INSPECTION, rf"\b(\d+|{_FEW}) {_SERVICES}\b", 2),
        (DocKind.THEMATIC_INSPECTION, r"\bacross england and wales\b|\bnational (data|framework)\b", 1),
    )
)


# Kinds about the country, not one service: their service is always None.
NATIONAL_KINDS = frozenset({DocKind.ANNUAL_REPORT, DocKind.THEMATIC_INSPECTION})


def kind_scores(text: str) -> Counter[DocKind]:
    """Each kind's weight of signals in the text."""
    scores: Counter[DocKind] = Counter()
    for kind, pattern, weight in DOC_KIND_SIGNALS:
        if pattern.search(text):
            scores[kind] += weight
    return scores


def detect_kind(text: str, scores: Counter[DocKind] | None = None) -> DocKind:
    """The kind whose signals weigh most in the text (or in `scores`, kind_scores of it); OTHER if none."""
    scores = kind_scores(text) if scores is None else scores
    return scores.most_common(1)[0][0] if scores else DocKind.OTHER


def national_kind(scores: Counter[DocKind]) -> DocKind | None:
    """The national kind (annual report, thematic inspection) whose signals weigh most in a text's
    kind_scores, if any do: for a release or page that names no service, which is then a national
    publication's release."""
    national = Counter({k: w for k, w in scores.items() if k in NATIONAL_KINDS})
    return national.most_common(1)[0][0] if national else None

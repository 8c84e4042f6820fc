"""Ratings stated in prose: which forms state one, and who or what is rated (rating_times reads
whether it is current or earlier, and when)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yjs_qa.ingest.extract.rating_forms import (
    ACTIVE,
    ACTIVE_BARE,
    BARE,
    COUNTED,
    EARLIER_LED,
    EARLIER_NOUN,
    FROM,
    GAVE,
    GAVE_NOUN,
    NEGATED,
    OVERALL_FORMS,
    PASSIVE,
    RECEIVED,
    SERVICE_NOUN,
    YEAR_AFTER,
)
from yjs_qa.ingest.extract.rating_owners import SERVICE_WORD, declared_services, ends_with_service, owner
from yjs_qa.ingest.extract.rating_sources import Found, canonical
from yjs_qa.ingest.extract.rating_times import earlier_year, is_earlier, own_year
from yjs_qa.ingest.tag import infer_from_text
from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.services import service_key, service_table
from yjs_qa.models import Passage


@dataclass(frozen=True)
class Context:
    """Where a sentence stands: its text, the passage's text before it, and its framework."""

    sentence: str
    before: str
    later: bool  # the document is under the 2025 framework, which numbers its own standards
    published: int | None = None  # the document's year, where known

    @property
    def standards(self) -> tuple[F.Standard, ...]:
        return F.FRAMEWORK_2025.standards if self.later else F.STANDARDS

    @property
    def domains(self) -> tuple[F.Domain, ...]:
        return F.FRAMEWORK_2025.domains if self.later else F.DOMAINS


def is_later_framework(date: str | None) -> bool:
    """Whether a document of this date is under the 2025 framework."""
    return F.framework_for(date) is F.FRAMEWORK_2025


def statement_ratings(
    p: Passage, service: str | None, later: bool = False, published: int | None = None
) -> list[Found]:
    """Ratings stated in the passage's sentences, each with the service it belongs to. `published`,
    the document's year, marks a rating dated years before it as stale (Found.stale)."""
    found: list[Found] = []
    declared = declared_services(p.text)
    for span in p.sentences or []:
        sentence = p.text[span.start : span.end]
        whose = owner(sentence, service, declared)
        if whose is None:
            continue  # a national statement, or a sentence about several other services
        end = 0
        rated = _sentence_ratings(Context(sentence, p.text[: span.start], later, published), p)
        for (start, stop), f in sorted(rated, key=lambda x: x[0]):
            # 'Bolton YJS was rated Inadequate, while Wigan was rated Good': the words since the last
            # rating may name whose this one is.
            mine = owner(sentence[end:start], whose, declared, service)
            end = max(end, stop)
            if mine is None:
                continue  # the words before it name another service, only in passing
            f.service = mine if mine != service else None
            found.append(f)
    return found


def _sentence_ratings(c: Context, p: Passage) -> list[tuple[tuple[int, int], Found]]:
    """Every rating one sentence states, current or earlier, with the span of its words."""
    sentence = c.sentence
    out: list[tuple[tuple[int, int], Found]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    for pattern in OVERALL_FORMS:
        if (m := pattern.search(sentence)) and free(m):
            taken.append(m.span())
            out.append((m.span(), Found(None, canonical(m.group("rating")), p, "statement", sentence)))
    for m in FROM.finditer(sentence):
        if free(m) and _marked(sentence, m):
            taken.append(m.span())
            year = int(m.group("year")) if m.group("year") else None
            for code in _scope(c, m):
                rating = canonical(m.group("rating"))
                found = Found(code, rating, p, "statement", sentence, earlier=True, year=year)
                out.append((m.span(), _named(found, c)))
                if m.group("rating2"):
                    rating = canonical(m.group("rating2"))
                    out.append((m.span(), _named(Found(code, rating, p, "statement", sentence), c)))
    forms = (
        EARLIER_LED,
        EARLIER_NOUN,
        PASSIVE,
        ACTIVE,
        ACTIVE_BARE,
        GAVE,
        GAVE_NOUN,
        RECEIVED,
        BARE,
    )
    for pattern in forms:
        for m in pattern.finditer(sentence):
            if not free(m) or not _accepts(pattern, c, m):
                continue
            taken.append(m.span())
            earlier = pattern in (EARLIER_LED, EARLIER_NOUN) or is_earlier(sentence, m, taken)
            year = earlier_year(sentence, m) if earlier else own_year(sentence, m, taken)
            # A rating dated two or more years before the document was published (fieldwork comes
            # months before publication, so one year is the same inspection) may be an earlier one.
            stale = not earlier and bool(year and c.published and year <= c.published - 2)
            for code in _scope(c, m):
                rating = canonical(m.group("rating"))
                dated = year if earlier or stale else None
                found = Found(
                    code, rating, p, "statement", sentence, earlier=earlier, year=dated, stale=stale
                )
                out.append((m.span(), _named(found, c)))
    return out


def _named(f: Found, c: Context) -> Found:
    """A standard of a 2025-framework document goes by that framework's name ('1.2 Workforce')."""
    if c.later and f.code:
        f.name = next((s.name for s in c.standards if s.code == f.code), None)
    return f


def _accepts(pattern: re.Pattern[str], c: Context, m: re.Match[str]) -> bool:
    """Verb forms that do not state a rating: negated, or a bare headline verb after no service."""
    sentence = c.sentence
    head = sentence[: m.start()]
    if NEGATED.search(head) or re.search(r"\bnot\b", m.group(0), re.IGNORECASE):
        return False
    if pattern is not PASSIVE and not _marked(sentence, m):
        return False
    if pattern in (ACTIVE, ACTIVE_BARE, GAVE, GAVE_NOUN):
        # 'found staff to be outstanding' is praise: an active form rates a service, or with 'rated'
        # or 'judged' a standard: 'rated its governance and leadership as Good'.
        obj = service_key(m.group("obj"))
        if pattern is not ACTIVE:  # no 'as' to mark where the rated thing ends: it must be a service
            return bool(re.search(rf"\b{SERVICE_WORD}\s*$", obj))
        rates = m.group("verb").lower() in ("rated", "judged", "graded")
        return bool(re.search(rf"\b{SERVICE_WORD}", obj)) or (rates and _subject(obj, c) is not None)
    if pattern is BARE:
        return ends_with_service(head)
    return True


def _marked(sentence: str, m: re.Match[str]) -> bool:
    """An everyday rating word ('good') reads as a rating in these forms only quoted or capitalised."""
    word = m.group("rating")
    rating = F.rating_for(canonical(word))
    quoted = m.start("rating") > 0 and sentence[m.start("rating") - 1] in "'\"‘’“”"
    return quoted or word[0].isupper() or rating is None or not rating.everyday


def _scope(c: Context, m: re.Match[str]) -> list[str | None]:
    """What the match rates: [None] for the service overall, standard codes, or [] for neither."""
    sentence = c.sentence
    text = m.group(0).lower()
    after = sentence[m.end() :]
    what = re.match(r"\s+(?:on|for|in) (?:its |their |the )?(?P<what>[^.;:]+)", after)
    if what and not YEAR_AFTER.match(what.group(0)):
        # 'rated as outstanding on its partnerships and services': the standards it names; work it
        # names that is not one standard ('for its court work') is not the service's overall rating.
        if codes := _standards_in(what.group("what"), c):
            return [*codes]
        if (named := _subject(what.group("what"), c)) not in (None, "service", "domain"):
            return [named]  # by an alias: 'rated Outstanding for leadership'

        if any(what != "service" for _, _, what in _claims(what.group("what"), c)):
            # 'Assessment was rated Good for court disposals': the work names the standard's domain.
            subject = _subject(re.split(r"[;:]", sentence[: m.start()])[-1], c)
            return [subject] if subject and subject not in ("service", "domain") else []
    head = m.group("obj") if "obj" in m.groupdict() else sentence[: m.start()]
    if not head.strip(" ,") and after.startswith(","):
        # A fronted phrase, 'Previously rated Inadequate, its resettlement work ...': the subject follows.
        head = re.split(r"\b(?:was|were|is|are|has|have|had)\b", after)[0]
    if COUNTED.search(head) and not text.startswith("overall"):
        return []
    subject = _subject(re.split(r"[;:]", head)[-1], c)
    # 'its previous rating of Inadequate', 'the rating is up from ...': a rating noun, no standard named.
    noun = re.search(r"\b(?:rating|grade|judgement)\b", f"{head} {text}".lower().split(",")[-1])
    overall = "overall" in text or after.lower().startswith(" overall") or bool(noun)
    # Nothing before the verb names the service or a standard ('Sessions were rated Good by children'):
    # only a rating said to be overall is the service's.
    if subject == "service" or (subject is None and overall and not _names_a_standard(sentence)):
        return [None]
    return [subject] if subject and subject != "domain" else []


def _subject(head: str, c: Context) -> str | None:
    """The rated thing nearest before the verb: 'service', a standard's code, 'domain', or None.

    A standard qualified by its domain's work ('implementation and delivery of court work') is that
    standard: the domain words only say which of the standards sharing the name is meant."""
    claims = _claims(head, c)
    if not claims:
        return None
    end, length, what = max(claims)
    if what == "domain":
        low = service_key(head)
        for e, _, code in sorted(claims, reverse=True):
            if (
                code not in ("domain", "service")
                and e <= end - length
                and QUALIFIER.fullmatch(low[e : end - length])
            ):
                return code
    return what


# The words between a standard's name and the domain work it is of: no verb, no list, no clause.
QUALIFIER = re.compile(
    r"(?:\s+(?:of|for|with|on|in|to|the|its|their|a|an|work|services?|children|young|people|"
    r"subject|sentenced|given|cases?))*\s+"
)


def _claims(head: str, c: Context) -> list[tuple[int, int, str]]:
    """Every rated thing `head` names: (end, length, 'service' or a standard's code or 'domain')."""
    low = service_key(head)
    claims: list[tuple[int, int, str]] = []  # (end, length, what): the nearest, then the longest, wins
    for text, what in _subject_words(c):
        for hit in re.finditer(rf"(?<![a-z0-9]){re.escape(text)}(?![a-z0-9])", low):
            claims.append((hit.end(), len(text), what))
    for hit in SERVICE_NOUN.finditer(low):
        claims.append((hit.end(), hit.end() - hit.start(), "service"))
    for alias in service_table():
        for hit in re.finditer(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", low):
            claims.append((hit.end(), len(alias), "service"))
    # 'Wigan's partnership with the police': what a service has, unless named after it, is not rated here.
    return [(e, n, "domain" if low[e : e + 2] == "'s" and w == "service" else w) for e, n, w in claims]


def _subject_words(c: Context) -> list[tuple[str, str]]:
    """Every standard name and alias, and every domain phrase, with what it names: a standard's code,
    or 'domain' (several standards, or a name of the other framework, which these codes do not hold)."""
    words: list[tuple[str, str]] = []
    for s in c.standards:
        words += [(service_key(text), _codes(text, c)) for text in (s.name, *s.aliases)]
    for d in c.domains:
        only = [s.code for s in c.standards if s.domain_number == d.number]
        words += [
            (service_key(text), only[0] if len(only) == 1 else "domain")
            for text in (d.name, *d.mentions, *d.aliases)
        ]
    known = {w for w, _ in words}
    other = F.FRAMEWORK_2018 if c.later else F.FRAMEWORK_2025
    names = [t for x in other.standards for t in (x.name, *x.aliases)]
    names += [t for x in other.domains for t in (x.name, *x.mentions, *x.aliases)]
    return words + [(key, "domain") for key in map(service_key, names) if key not in known]


def _codes(name: str, c: Context) -> str:
    """The standards a name or alias names; one shared by two domains needs a domain in the text."""
    key = F.normalise(name)
    named = [s for s in c.standards if key in (F.normalise(s.name), *(F.normalise(a) for a in s.aliases))]
    for text in (c.sentence, c.before[-600:]) if len(named) > 1 else ():
        domain = _domain_in(text)
        if domain is not None:
            named = [s for s in named if s.domain_number == domain]
            break
    return named[0].code if len(named) == 1 else "domain"


def _domain_in(text: str) -> int | None:
    """The one domain `text` names, by the framework's mentions or aliases ('out-of-court work')."""
    domain, _ = infer_from_text(text)
    if domain is not None:
        return domain.number
    low = f" {service_key(text)} "
    found: set[int] = set()
    for number in F.QUESTION_CUE_ORDER:  # 'out of court' before 'court'
        d = F.domain_by_number(number)
        for word in sorted((service_key(w) for w in (*d.mentions, *d.aliases)) if d else (), key=len)[::-1]:
            if f" {word} " in low:
                found.add(number)
                low = low.replace(f" {word} ", "  ")
    return found.pop() if len(found) == 1 else None


def _standards_in(what: str, c: Context) -> list[str]:
    """Standards named in `what`, longest names first; a name two domains share needs its domain."""
    text = F.normalise(what)
    names = sorted({F.normalise(s.name) for s in c.standards}, key=len, reverse=True)
    codes: list[str] = []
    for name in names:
        if re.search(rf"\b{re.escape(name)}\b", text):
            text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
            code = _codes(name, Context(c.sentence, "", c.later))
            if code != "domain":
                codes.append(code)
    return codes


def _names_a_standard(sentence: str) -> bool:
    text = F.normalise(sentence)
    return any(
        re.search(rf"\b{re.escape(F.normalise(s.name))}\b", text) for s in F.STANDARDS if " " in s.name
    )

"""Step 3, what is rated: the service overall, one or more standards, a count of standards ("four of
the 12 areas", read in counts.py), or nothing a rating belongs to (a domain's work, a session,
staff)."""

from __future__ import annotations

import re

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.services import service_key, service_table
from yjs_qa.ratings.read.counts import count_in, counted
from yjs_qa.ratings.read.evidence import Context, Scope
from yjs_qa.ratings.read.words import Mention
from yjs_qa.ratings.vocabulary import (
    ACTIVE,
    COUNT_FORMS,
    NOUN_FOR,
    OVERALL_HEAD,
    QUALIFIER,
    SERVICE_NOUN,
    SERVICE_WORD,
    YEAR_AFTER,
)


def what(m: Mention, c: Context) -> Scope:
    """What the mention rates."""
    if m.pattern in COUNT_FORMS:
        return counted(m, c)
    head = _head(m, c)
    said_overall = m.form == "overall noun"
    if not said_overall and (count := count_in(re.split(r"[;:]", head)[-1], c.sentence[m.end :])):
        return count
    if "obj" in m.match.groupdict() and not _object_rated(m, c):  # an active form rates its object
        return Scope("none", f"what it rates, '{m.match.group('obj').strip()}', is no service or standard")
    if m.pattern is NOUN_FOR:
        codes = _standards_in(c.sentence[m.end :], c)
        if codes:
            return _standards(codes, c, "the standards named after the rating noun")
        return Scope("none", "the rating noun is of no standard named after it")
    return _rated(m, c, head)


def _head(m: Mention, c: Context) -> str:
    """The words naming what a form rates: its object, or the sentence before it."""
    if "obj" in m.match.groupdict() and m.match.group("obj"):
        return m.match.group("obj")
    head = c.sentence[: m.start]
    after = c.sentence[m.end :]
    if not head.strip(" ,") and after.startswith(","):
        # A fronted phrase, 'Previously rated Inadequate, its resettlement work ...': the subject follows.
        head = re.split(r"\b(?:was|were|is|are|has|have|had)\b", after)[0]
    return head


def _rated(m: Mention, c: Context, head: str) -> Scope:
    sentence = c.sentence
    text = m.match.group(0).lower()
    after = sentence[m.end :]
    whatm = re.match(r"\s+(?:\w+ly\s+)?(?:on|for|in) (?:its |their |the )?(?P<what>[^.;:]+)", after)
    if whatm and not YEAR_AFTER.match(whatm.group(0)):
        # 'rated as outstanding on its partnerships and services': the standards it names; work it
        # names that is not one standard ('for its court work') is not the service's overall rating.
        if codes := _standards_in(whatm.group("what"), c):
            return _standards(codes, c, f"the standards named after it: '{whatm.group('what').strip()}'")
        if (named := _subject(whatm.group("what"), c)) not in (None, "service", "domain"):
            return _standards([named], c, f"a standard named after it: '{whatm.group('what').strip()}'")
        if any(w != "service" for _, _, w in _claims(whatm.group("what"), c)):
            # 'Assessment was rated Good for court disposals': the work names the standard's domain.
            subject = _subject(re.split(r"[;:]", sentence[: m.start])[-1], c)
            if subject and subject not in ("service", "domain"):
                return _standards([subject], c, "a standard before it, of the domain's work after it")
            return Scope("none", f"the work it rates, '{whatm.group('what').strip()}', is no one standard")
    if re.search(r"\bstandards?\W+(?:\w+\W+){0,2}$", head, re.IGNORECASE) and not text.startswith("overall"):
        return Scope("none", "standards are rated, but not which")
    subject = _subject(re.split(r"[;:]", head)[-1], c)
    # 'its previous rating of Inadequate', 'the rating is up from ...': a rating noun, no standard named.
    noun = re.search(r"\b(?:rating|grade|judgement)\b", f"{head} {text}".lower().split(",")[-1])
    said = "overall" in text or after.lower().startswith(" overall") or bool(OVERALL_HEAD.search(head))
    overall = said or bool(noun)
    # Nothing before the verb names the service or a standard ('Sessions were rated Good by children'):
    # only a rating said to be overall is the service's.
    if subject == "service":
        return Scope("overall", "the words before it name the service, and no standard")
    if subject is None and overall and not _names_a_standard(sentence):
        return Scope("overall", "said to be overall, and no standard is named")
    if subject and subject != "domain":
        return _standards([subject], c, "the standard named before it")
    if subject == "domain":
        return Scope("none", "a domain's work is named, which the framework rates by its standards")
    return Scope("none", "the words before it name neither the service nor a standard")


def _standards(codes: list[str], c: Context, why: str) -> Scope:
    names = {code: s.name for code in codes if c.later for s in c.standards if s.code == code}
    return Scope("standard", why, tuple(codes), names=names)


def _object_rated(m: Mention, c: Context) -> bool:
    """Whether an active form's object is a service or a standard: 'found staff to be outstanding'
    is praise; 'rated its governance and leadership as Good' a standard's rating."""
    obj = service_key(m.match.group("obj"))
    if m.pattern is not ACTIVE:  # no 'as' to mark where the rated thing ends: it must be a service
        return bool(re.search(rf"\b{SERVICE_WORD}\s*$", obj)) or obj.strip() in ("it", "them")
    rates = m.match.group("verb").lower() in ("rated", "rating", "judged", "judging", "graded")
    if re.search(rf"\b{SERVICE_WORD}", obj) or obj.strip() in ("it", "them"):
        return True
    return rates and _subject(obj, c) is not None


# --- standards named in the words around a rating -------------------------------------------------
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
    domain, _ = F.infer_from_text(text)
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

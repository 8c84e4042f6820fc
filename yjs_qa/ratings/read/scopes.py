"""Step 3, what is rated: the service overall, one or more standards, a count of standards ("four of
the 12 areas"), or nothing a rating belongs to (a domain's work, a session, staff)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yjs_qa.knowledge import framework as F
from yjs_qa.knowledge.lexicon import NUMBER_WORDS
from yjs_qa.knowledge.services import service_key, service_table
from yjs_qa.ratings.read.words import Mention
from yjs_qa.ratings.vocabulary import (
    ACTIVE,
    COUNT_FORMS,
    COUNT_LIST,
    COUNT_OF,
    COUNT_PHRASES,
    NOUN_FOR,
    NUMBER,
    OVERALL_HEAD,
    QUALIFIER,
    RATED_ON,
    RATING_IN_COUNT,
    SERVICE_NOUN,
    SERVICE_WORD,
    SERVICES_RATED,
    SERVICES_TOTAL,
    YEAR_AFTER,
)


@dataclass(frozen=True)
class Context:
    """Where a sentence stands: its text, the passage's text before it, and its framework."""

    sentence: str
    before: str
    later: bool  # the document is under the 2025 framework, which numbers its own standards

    @property
    def standards(self) -> tuple[F.Standard, ...]:
        return F.FRAMEWORK_2025.standards if self.later else F.STANDARDS

    @property
    def domains(self) -> tuple[F.Domain, ...]:
        return F.FRAMEWORK_2025.domains if self.later else F.DOMAINS


@dataclass(frozen=True)
class Scope:
    """What a rating is of: 'overall', 'standard' (codes), 'count' (count, of, counted) or 'none'.
    A `national` count counts services, not one service's ratings."""

    kind: str
    why: str
    codes: tuple[str, ...] = ()
    count: int | None = None
    of: int | None = None
    counted: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # code -> the 2025 framework's name
    national: bool = False


def what(m: Mention, c: Context) -> Scope:
    """What the mention rates."""
    if m.pattern in COUNT_FORMS:
        return _counted(m, c)
    head = _head(m, c)
    said_overall = m.form == "overall noun"
    if not said_overall and (count := _count_in(re.split(r"[;:]", head)[-1], c.sentence[m.end :])):
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


# --- counts ------------------------------------------------------------------------------------------
def _number(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text)


def _counted(m: Mention, c: Context) -> Scope:
    """A count form's numbers: "'Outstanding' in four of the 12 areas", "seven 'Good' ratings"."""
    g = m.match.groupdict()
    if m.pattern is SERVICES_RATED or (m.pattern is COUNT_LIST and SERVICES_RATED.search(c.sentence)):
        return _services_counted(m, c)
    if m.pattern is RATING_IN_COUNT and g.get("other") is None and g.get("counted") is None:
        return Scope("none", "a number after the rating word counts nothing rated")
    count, of = _number(g.get("count")), _number(g.get("of"))
    counted = (g.get("counted") or "").lower() or None
    if of is None and (whole := COUNT_OF.search(c.sentence)):
        of, counted = _number(whole.group("of")), counted or whole.group("counted").lower()
    if of is None and g.get("other") and (whole := COUNT_OF.search(c.before[-300:] + c.sentence)):
        of = _number(whole.group("of"))
    if of is None and count is not None:  # 'We looked at 12 aspects ... Outstanding in four categories'
        totals = [
            n for h in COUNT_PHRASES[1].finditer(c.sentence) if (n := _number(h.group("count"))) and n > count
        ]
        of = totals[0] if totals else None
    return Scope(
        "count", f"a count: '{' '.join(m.match.group(0).split())}'", count=count, of=of, counted=counted
    )


def _services_counted(m: Mention, c: Context) -> Scope:
    """A count of services rated one way, a national figure: 'Three YOTs were rated "outstanding"',
    and the counts listed beside one ('..., 12 "good" and 8 "requires improvement"')."""
    g = m.match.groupdict()
    if RATED_ON.match(c.sentence[m.end :]):
        return Scope("none", "services counted as rated on one part of their work, not overall")
    if re.search(rf"\b{NUMBER}\s+in\s+{NUMBER}\b", c.sentence[: m.end], re.IGNORECASE):
        return Scope("none", "a share of services ('three in four'), not a count")
    count, of = _number(g.get("count")), _number(g.get("of"))
    if of is not None and not re.search(r"\b(?:were|was|are|been)\b", m.match.group(0), re.IGNORECASE):
        count, of = of, None  # 'one of four services rated Outstanding': four were
    counted = g.get("counted") or next(
        (h.group("counted") for h in SERVICES_RATED.finditer(c.sentence)), "services"
    )
    if of is None:
        totals = [
            n
            for h in SERVICES_TOTAL.finditer(c.before[-400:] + " " + c.sentence)
            if (n := _number(h.group("of") or h.group("of2"))) and count is not None and n > count
        ]
        of = totals[-1] if totals else None
    return Scope(
        "count",
        f"a count of {counted}, a national figure: '{' '.join(m.match.group(0).split())}'",
        count=count,
        of=of,
        counted=counted,
        national=True,
    )


def _count_in(head: str, after: str) -> Scope | None:
    """A count of standards or areas in the words before a form ('Four of the 12 standards were
    rated', 'In four of the 12 areas examined the service was rated') or just after it ('rated
    Outstanding in four of the 12 standards')."""
    # 'Of the 12 standards, seven were found to be good': a bare number is the subject counted.
    subject = re.search(rf"(?:^|[,;(]\s*|\band\s+)(?P<count>{NUMBER})\s*$", head, re.IGNORECASE)
    if subject and (whole := COUNT_OF.search(head)):
        n = _number(subject.group("count"))
        return Scope(
            "count",
            f"a count of {whole.group('counted')}: '{subject.group(0).strip(' ,;')}'",
            count=n,
            of=_number(whole.group("of")),
            counted=whole.group("counted").lower(),
        )
    tail = re.match(r"^\s*(?:overall\s*)?,?\s*(?:in|for|on|across)\s+(?P<what>.{0,80})", after, re.IGNORECASE)
    places = [(head, "before")]
    if tail:
        places.insert(0, (tail.group("what"), "after"))
    for text, where in places:
        for pattern in COUNT_PHRASES[:2]:
            for hit in pattern.finditer(text):
                if where == "after" and hit.start() > 12:
                    continue  # 'rated Good in its work with children in six areas' is not this count
                if re.search(
                    r"\b(?:all|each|every|both)(?:\s+of)?(?:\s+the|\s+its)?\s*$", text[: hit.start()], re.I
                ):
                    continue  # 'rated Good in all three domains' rates the whole, it counts nothing
                if (
                    where == "before"
                    and pattern is COUNT_PHRASES[1]
                    and re.search(rf"\b{SERVICE_WORD}", text[hit.end() :], re.IGNORECASE)
                ):
                    continue  # 'Three areas of the service were rated ...' names the service after it
                g = hit.groupdict()
                counted = (g.get("counted") or "").lower()
                if counted.startswith(("rating", "grade", "judgement")) and where == "before":
                    continue  # 'its two ratings were' is a count of ratings, read by the count forms
                return Scope(
                    "count",
                    f"a count of {counted or 'areas'} {where} it: '{' '.join(hit.group(0).split())}'",
                    count=_number(g.get("count")),
                    of=_number(g.get("of")),
                    counted=counted or None,
                )
    return None


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

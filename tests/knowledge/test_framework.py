"""knowledge/framework.py: the domain and standard running text names, only when unambiguous."""

from __future__ import annotations

from yjs_qa.knowledge.framework import infer_from_text


def test_infer_out_of_court_is_never_also_court() -> None:
    domain, standard = infer_from_text("Planning for out-of-court disposals was strong.")
    assert domain is not None and domain.name == "Out-of-court disposals"
    assert standard is None
    domain, _ = infer_from_text("Work on out of court disposals and an out-of-court disposal panel.")
    assert domain is not None and domain.number == 3


def test_infer_court_disposals_alone_is_court() -> None:
    domain, standard = infer_from_text("Children subject to court disposals were well supported.")
    assert domain is not None and domain.name == "Court disposals"
    assert standard is None


def test_infer_both_domains_is_ambiguous() -> None:
    assert infer_from_text("Both court disposals and out-of-court disposals were inspected.") == (
        None,
        None,
    )


def test_infer_standard_by_its_full_name() -> None:
    domain, standard = infer_from_text("Out-of-court disposal policy and provision was rated Good.")
    assert domain is not None and domain.number == 3
    assert standard is not None and standard.code == "3.4"
    domain, standard = infer_from_text("Its governance and leadership were strong.")
    assert domain is not None and domain.number == 1
    assert standard is not None and standard.code == "1.1"


def test_infer_shared_standard_names_are_ambiguous_without_a_domain() -> None:
    # "Implementation and delivery" is both 2.3 and 3.3.
    assert infer_from_text("Implementation and delivery was rated Outstanding.") == (None, None)
    domain, standard = infer_from_text(
        "For out-of-court disposals, implementation and delivery was rated Outstanding."
    )
    assert domain is not None and domain.number == 3
    assert standard is not None and standard.code == "3.3"


def test_infer_nothing_from_plain_text() -> None:
    assert infer_from_text("Staff are enthusiastic and motivated.") == (None, None)

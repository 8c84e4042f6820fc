"""End to end with the real model (all-MiniLM-L6-v2, offline), real FAISS and the real corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import CORPUS, COUNCIL, ESSEX, PRESS, REPORT

from yjs_qa import Answer, Library, SentenceTransformerEmbedder
from yjs_qa.evaluate import evaluate
from yjs_qa.index import onnx_export
from yjs_qa.query.sentence_scores import UNJUDGED_KINDS, rerank_scores, sentence_evidence
from yjs_qa.settings import SETTINGS

SENTENCE_POOL = SETTINGS.query.sentence_pool

pytestmark = pytest.mark.e2e  # every test here loads the real model

ROOT = Path(__file__).resolve().parent.parent
CONTINGENCY_22 = (
    "Contingency planning to address escalating concerns about the safety of other people was not"
)
CONTINGENCY_32 = "could have been improved by ensuring that planning was not generic"


def test_status_describes_the_real_index(real_lib: Library) -> None:
    status = real_lib.status()
    assert status.model == "all-MiniLM-L6-v2"
    assert status.dimension == 384
    assert {d.document for d in status.documents} == {p.name for p in CORPUS.glob("*.txt")}
    assert status.passages == len(real_lib.passages) > 200


def test_contingency_planning_question_finds_the_report_paragraphs(real_lib: Library) -> None:
    ans = real_lib.ask("what did inspectors say about contingency planning?", k=8)
    top5 = ans.passages[:5]
    assert any(CONTINGENCY_22 in p.text for p in top5)
    assert any(CONTINGENCY_32 in p.text for p in top5)
    para = next(p for p in ans.passages if CONTINGENCY_22 in p.text)
    assert para.citation.document == REPORT
    assert para.citation.service == "Southend-on-Sea"
    assert para.citation.domain == "Court disposals"
    assert para.citation.standard == "2.2 Planning"
    assert para.citation.section == "Domain two: Court disposals > 2.2 Planning"
    assert para.citation.page == 17
    assert para.citation.title == "An inspection of youth justice services in Southend-on-Sea"


def test_answer_sentences_are_verbatim_and_marked(real_lib: Library) -> None:
    ans = real_lib.ask("how did the service keep other people safe?", k=6)
    assert ans.sentences, "an answer needs at least one sentence"
    by_rank = {p.rank: p for p in ans.passages}
    for s in ans.sentences:
        passage = by_rank[s.passage]
        assert passage.text[s.start : s.end] == s.text
        assert f"{s.text} [{s.passage}]" in ans.answer
    for p in ans.passages:
        for h in p.highlights:
            assert 0 <= h.start < h.end <= len(p.text)


def test_ask_re_ranks_its_top_passages_by_their_best_sentence(real_lib: Library) -> None:
    ans = real_lib.ask("how did the service keep other people safe?", k=8)
    pooled = [p for p in ans.passages if p.sentence_score is not None]
    assert len(pooled) == SENTENCE_POOL and pooled == ans.passages[:SENTENCE_POOL]
    assert all(p.sentence_score is None for p in ans.passages[SENTENCE_POOL:])
    # The best answer sentence is the best sentence of some pooled passage.
    assert max(p.sentence_score or 0 for p in pooled) == pytest.approx(ans.sentences[0].score, abs=0.03)
    unjudged = [p.citation.section_kind in UNJUDGED_KINDS for p in pooled]
    evidence = sentence_evidence([p.sentence_score for p in pooled], unjudged)
    combined = rerank_scores([p.score for p in pooled], evidence)
    # Ordered by the combined score, except where a near-duplicate had to step down.
    assert combined[0] == pytest.approx(max(combined))
    search = real_lib.search("how did the service keep other people safe?", k=8)
    assert {p.id for p in search[:SENTENCE_POOL]} == {p.id for p in pooled}


def test_json_round_trip_is_stable(real_lib: Library) -> None:
    ans = real_lib.ask("volunteers", k=3)
    again = Answer.model_validate_json(ans.model_dump_json())
    assert again == ans
    second = real_lib.ask("volunteers", k=3)
    assert [p.id for p in second.passages] == [p.id for p in ans.passages]


def test_filters_narrow_before_ranking(real_lib: Library) -> None:
    ans = real_lib.ask("what did inspectors praise?", k=5, service="essex")
    assert ans.passages and all(p.citation.service == "Essex" for p in ans.passages)
    ans = real_lib.ask("contingency", k=8, standard="planning")
    assert len(ans.passages) == 8
    assert {p.citation.standard for p in ans.passages} <= {"2.2 Planning", "3.2 Planning"}
    ans = real_lib.ask("assessment of risk", k=5, domain="court disposals")
    assert all(p.citation.domain == "Court disposals" for p in ans.passages)


def test_press_release_and_report_do_not_take_two_of_top_three(real_lib: Library) -> None:
    ans = real_lib.ask(
        "Southend contingency planning for escalating concerns about the safety of other people", k=8
    )
    top3 = ans.passages[:3]
    texts = [p.text for p in top3]
    both = any(CONTINGENCY_22 in t for t in texts) and any(
        "were also found to not be sufficiently detailed" in t for t in texts
    )
    assert not both
    assert any(p.citation.document == PRESS for p in ans.passages), "the duplicate is demoted, not dropped"


def test_every_seed_document_answers_something(real_lib: Library) -> None:
    cases = {
        COUNCIL: "how many cases did inspectors review in East Sussex?",
        ESSEX: "county lines drug dealing",
        REPORT: "who led the inspection of Southend-on-Sea?",
    }
    for document, question in cases.items():
        top = real_lib.ask(question, k=5).passages
        assert any(p.citation.document == document for p in top), question


def test_gold_set_hybrid_beats_each_single_method(real_lib: Library) -> None:
    report = evaluate(real_lib, ROOT / "eval" / "questions.jsonl")
    hybrid, dense, keyword = (report.by_mode[m] for m in ("hybrid", "dense", "keyword"))
    assert hybrid.questions >= 40
    assert hybrid.hit_at_5 > max(dense.hit_at_5, keyword.hit_at_5) or hybrid.hit_at_5 == 1.0
    assert hybrid.mrr_at_10 > max(dense.mrr_at_10, keyword.mrr_at_10)
    assert hybrid.hit_at_5 >= 0.88
    # Re-ranking by best sentence is measured to help; it must not cost the answer its ranking.
    assert report.by_mode["ask"].mrr_at_10 >= hybrid.mrr_at_10
    assert report.by_mode["ask"].hit_at_5 >= hybrid.hit_at_5
    # A ratings table is not judged by sentence: re-ranking must not sink rating questions' evidence.
    by_kind = report.by_mode_and_kind
    assert by_kind["ask"]["rating"].mrr_at_10 >= by_kind["hybrid"]["rating"].mrr_at_10
    nf = report.not_found
    assert nf is not None and nf.no_answer_questions >= 10
    assert nf.no_answer_accuracy >= 0.9 and nf.false_not_found <= 0.02


def test_add_embeds_only_the_new_report(tmp_path: Path, real_embedder: SentenceTransformerEmbedder) -> None:
    index = tmp_path / "index"
    lib = Library.build(CORPUS, index, embedder=real_embedder)
    before = len(lib.passages)
    new = tmp_path / "newtown-report.txt"
    new.write_text(
        "An inspection of youth justice services in Newtown\n\n"
        "Domain two: Court disposals\n\n2.2. Planning\n\n"
        "Planning for victims in Newtown was exceptional: every plan named the victim's wishes "
        "and set out how restorative justice would be offered.\n\n"
        "Case managers reviewed the safety plans of victims of knife crime every fortnight.\n",
        encoding="utf-8",
    )
    report = lib.add([new])
    assert [f.status for f in report.files] == ["added"]
    assert report.embedded == report.files[0].passages == 2
    assert len(lib.passages) == before + 2
    top = lib.ask("restorative justice offered to victims", k=3).passages[0]
    assert top.citation.document == "newtown-report.txt"
    assert top.citation.standard == "2.2 Planning"
    assert lib.add([new]).files[0].status == "unchanged"


def test_build_export_and_ask_work_with_the_network_blocked(tmp_path: Path, no_network: None) -> None:
    # The guard raises a BaseException: the ONNX export's `except Exception` cannot swallow it.
    embedder = SentenceTransformerEmbedder()  # loaded from the installed package, not a hub
    lib = Library.build(CORPUS, tmp_path / "index", embedder=embedder)
    assert onnx_export.has_export(lib.index_dir, embedder.fingerprint)  # the export ran, offline
    assert Library.open(lib.index_dir).ask("resettlement accommodation", k=3).passages  # ONNX


def test_topic_question_brings_evidence_from_more_than_one_service(real_lib: Library) -> None:
    ans = real_lib.ask("what did inspectors say about risk of harm to others?", k=8)
    services = {p.citation.service for p in ans.passages}
    assert len(services) >= 2, "spreading should bring in a second service"


def test_a_quantity_stated_below_the_top_passages_still_answers(real_lib: Library) -> None:
    # The passage with the count ranks below the top five; it is taken in, and put first, because
    # its sentence is then the closest to the question.
    ans = real_lib.ask("How many volunteers does the Southend youth justice service have?")
    assert ans.found, ans.note
    assert "16 volunteers" in ans.sentences[0].text
    assert "16 volunteers" in ans.passages[0].text  # the passage that holds the answer leads
    # A figure further down that is not the closest sentence does not answer a question the corpus
    # cannot answer.
    unpaid = (
        "How many hours of unpaid work did adults on community orders complete for the Probation "
        "Service last year?"
    )
    assert not real_lib.ask(unpaid).found


def test_a_rate_or_percentage_must_be_of_what_was_asked(real_lib: Library) -> None:
    kent = real_lib.ask("What is the reoffending rate in Kent?")
    assert kent.found and "34%" in kent.sentences[0].text
    # East Sussex's papers state a score (25/36) but no reoffending rate.
    assert not real_lib.ask("What is the reoffending rate in East Sussex?").found
    southend = real_lib.ask("What percentage of children in Southend live in low-income families?")
    assert southend.found and any("19 per cent" in s.text for s in southend.sentences)
    # Kent's 34% is a reoffending rate, not a share of children in low-income families.
    assert not real_lib.ask("What percentage of Kent's children live in low-income families?").found


def test_unrelated_question_is_not_found_but_shows_nearest(real_lib: Library) -> None:
    ans = real_lib.ask("Which team won the Premier League in the 2023-24 season?", k=5)
    assert not ans.found
    assert ans.passages and ans.sentences == []


def test_rating_question_leads_with_the_structured_rating(real_lib: Library) -> None:
    ans = real_lib.ask("how was East Sussex rated for planning in court disposals?", k=5)
    assert ans.ratings and ans.ratings[0].service == "East Sussex"
    assert ans.answer.splitlines()[0].startswith("East Sussex: 2.2 Planning Inadequate")


ADDED = ROOT / "eval" / "added"
KIND_WORDS = {"news": "news article"}  # how eval/added-expected.json names a kind, where it differs


def test_reports_added_later_are_tagged_rated_and_answered(
    tmp_path: Path, real_index: Path, real_embedder: SentenceTransformerEmbedder
) -> None:
    """Five unseen documents (eval/added/: a 2025-framework PDF, a 2019 YOS PDF, HTML, DOCX) added to
    the real index: each gets its service, kind, date and ratings, and their questions are answered."""
    index = tmp_path / "index"
    shutil.copytree(real_index, index)
    lib = Library.open(index, embedder=real_embedder)
    report = lib.add([ADDED])
    assert sorted(f.status for f in report.files) == ["added"] * 5
    expected = json.loads((ROOT / "eval" / "added-expected.json").read_text(encoding="utf-8"))
    documents = {d.document: d for d in lib.documents}
    for name, want in expected["documents"].items():
        doc = documents[name]
        assert (doc.service, doc.kind.value) == (want["service"], KIND_WORDS.get(want["kind"], want["kind"]))
        assert (doc.date or "").startswith(want["date"]), name
    for service, wanted in expected["ratings"].items():
        got = {r.standard if r.standard_code else "overall": r for r in lib.ratings(service, unique=True)}
        assert {s: r.rating for s, r in got.items()} == {w["standard"]: w["rating"] for w in wanted}
        overall = next(w for w in wanted if w["standard"] == "overall")
        if "score" in overall:
            assert f"{got['overall'].score}/{got['overall'].score_max}" == overall["score"]
    # A 2025 report's own standard, not the overall rating, answers a question about it.
    answer = lib.ask("How was Hartlepool rated on its work with children?", k=3)
    assert [(r.standard, r.rating) for r in answer.ratings] == [
        ("2.1 Work with children", "Requires improvement")
    ]
    # The added reports' own questions (first run before any change: ask hit@5 0.86, 2 of 50
    # answerable wrongly "not found"; README, "Retrieval quality"), and every quote verbatim.
    result = evaluate(lib, ROOT / "eval" / "added.jsonl")
    assert result.by_mode["ask"].questions == 50 and result.by_mode["ask"].hit_at_5 >= 0.8
    nf = result.not_found
    assert nf is not None and nf.false_not_found <= 0.04 and nf.no_answer_accuracy >= 0.4
    for line in (ROOT / "eval" / "added.jsonl").read_text(encoding="utf-8").splitlines():
        ans = lib.ask(json.loads(line)["question"], k=5)
        by_rank = {p.rank: p for p in ans.passages}
        assert all(by_rank[s.passage].text[s.start : s.end] == s.text for s in ans.sentences)

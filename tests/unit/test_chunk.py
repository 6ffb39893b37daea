from __future__ import annotations

from ingest.chunk import chunk_embedding_text, chunk_paper, split_sentences
from ingest.sources.hf_listing import read_listing
from rag.model import Paper
from tests.conftest import SEEDS


def _first_papers() -> list[Paper]:
    return list(read_listing(sorted(SEEDS.glob("*.txt"))[0]).papers[:20])


def test_chunks_have_stable_ids_and_cover_the_abstract() -> None:
    for paper in _first_papers():
        chunks = chunk_paper(paper)
        assert [c.id for c in chunks] == [f"{paper.id}#{n}" for n in range(len(chunks))]
        assert chunks == chunk_paper(paper)
        joined = " ".join(c.text for c in chunks)
        for sentence in paper.abstract.split(". "):
            assert sentence.strip(" .")[:40] in joined


def test_chunks_are_runs_of_whole_sentences_and_stay_small() -> None:
    for paper in _first_papers():
        sentences = split_sentences(paper.abstract)
        runs = {
            " ".join(sentences[start:end])
            for start in range(len(sentences))
            for end in range(start + 1, len(sentences) + 1)
        }
        for chunk in chunk_paper(paper):
            assert chunk.text in runs, chunk.text[-60:]
            assert len(chunk.text.split()) <= 40 or chunk.text in sentences


def test_empty_abstract_gives_no_chunks_and_chunks_embed_alone() -> None:
    assert chunk_paper(Paper(id="x", title="X", abstract="   ")) == []
    paper = _first_papers()[0]
    chunk = chunk_paper(paper)[0]
    assert chunk_embedding_text(paper, chunk) == chunk.text


def test_sentences_are_not_cut_inside_brackets_or_after_abbreviations() -> None:
    text = (
        "Rewards trade off aims (e.g. helpfulness and harmlessness). Models drift (i.e. they "
        "forget). We study this (see Sec. 3) and propose a fix. (2) Second, we test it."
    )
    assert split_sentences(text) == [
        "Rewards trade off aims (e.g. helpfulness and harmlessness).",
        "Models drift (i.e. they forget).",
        "We study this (see Sec. 3) and propose a fix.",
        "(2) Second, we test it.",
    ]
    # Real abstracts: no sentence of the bundled pages starts inside another one.
    for paper in read_listing(sorted(SEEDS.glob("*.txt"))[0]).papers:
        for sentence in split_sentences(paper.abstract):
            assert not sentence[0].islower() and sentence[0] not in ")]},;:", sentence


def test_a_bracket_never_closed_does_not_swallow_the_abstract() -> None:
    text = "We open a bracket (and never close it. " + " ".join(f"Sentence {n} is here." for n in range(40))
    sentences = split_sentences(text)
    assert len(sentences) > 10
    assert all(len(s.split()) <= 80 for s in sentences)

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

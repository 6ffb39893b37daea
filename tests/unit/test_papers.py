from __future__ import annotations

import pytest

from rag.papers import (
    Paper,
    from_metadata,
    merge_all,
    merge_papers,
    normalize_arxiv_id,
    paper_id_for,
    slugify,
)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "InfAlign: Inference-aware language model alignment",
            "infalign-inference-aware-language-model-alignment",
        ),
        ("  --Hello, World!--  ", "hello-world"),
        (
            "O1 Replication Journey: A Strategic Progress Report -- Part 1",
            "o1-replication-journey-a-strategic-progress-report-part-1",
        ),
        ("Ünïcode ∑ symbols", "n-code-symbols"),
    ],
)
def test_slugify_follows_the_corpus_rule(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_is_cut_to_80_without_a_trailing_dash() -> None:
    title = "Re-Align: Aligning Vision Language Models via Retrieval-Augmented Direct Preference Optimization"
    assert (
        slugify(title) == "re-align-aligning-vision-language-models-via-retrieval-augmented-direct-preferen"
    )
    cut_on_dash = "a" * 79 + " b"
    assert slugify(cut_on_dash) == "a" * 79
    assert len(slugify("x " * 100)) <= 80


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2401.01234v3", "2401.01234"),
        ("arXiv:2401.01234", "2401.01234"),
        ("https://arxiv.org/abs/2510.12345v2", "2510.12345"),
        ("http://arxiv.org/pdf/1601.00001v1.pdf", "1601.00001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("not an id", None),
        ("12345", None),
    ],
)
def test_normalize_arxiv_id(raw: str, expected: str | None) -> None:
    assert normalize_arxiv_id(raw) == expected


def test_paper_id_prefers_the_arxiv_id() -> None:
    assert paper_id_for("Some Title", "2401.01234v2") == "2401.01234"
    assert paper_id_for("Some Title", None) == "some-title"
    assert paper_id_for("Some Title", "garbage") == "some-title"


def _paper(**overrides: object) -> Paper:
    values: dict[str, object] = {"id": "p", "title": "P", "abstract": "An abstract."}
    values.update(overrides)
    return Paper(**values)  # type: ignore[arg-type]


def test_merge_keeps_every_known_fact() -> None:
    first = _paper(sources=("a.txt",), upvotes=2, date="2025-01-02")
    second = _paper(sources=("b.txt", "a.txt"), upvotes=5, author_count=7, abstract="An abstract, longer.")
    merged = merge_papers(first, second)
    assert merged.sources == ("a.txt", "b.txt")
    assert merged.upvotes == 5
    assert merged.author_count == 7
    assert merged.date == "2025-01-02"
    assert merged.abstract == "An abstract, longer."


def test_merge_all_merges_by_id_in_first_seen_order() -> None:
    papers = [_paper(id="b"), _paper(id="a"), _paper(id="b", upvotes=1)]
    merged = merge_all(papers)
    assert [p.id for p in merged] == ["b", "a"]
    assert merged[0].upvotes == 1


def test_metadata_round_trip_has_no_none_values() -> None:
    paper = _paper(authors=("Ada", "Alan"), author_count=2, date="2024-06-13", upvotes=3, sources=("x",))
    from rag.papers import to_metadata

    metadata = to_metadata(paper)
    assert None not in metadata.values()
    assert "organisation" not in metadata
    assert metadata["year"] == 2024
    assert from_metadata(metadata, paper.abstract) == paper


def test_hashes_separate_text_from_metadata() -> None:
    paper = _paper()
    more_votes = _paper(upvotes=9)
    assert paper.text_hash() == more_votes.text_hash()
    assert paper.content_hash() != more_votes.content_hash()
    assert paper.text_hash() != _paper(abstract="Other.").text_hash()


def test_a_title_without_letters_or_digits_has_no_id() -> None:
    from rag.papers import UntitledPaperError

    with pytest.raises(UntitledPaperError, match="no letters or digits"):
        paper_id_for("!!! ???")
    assert paper_id_for("!!! ???", "2401.01234") == "2401.01234"


def test_a_paper_pickles_by_its_constructor_and_old_pickles_still_load() -> None:
    """Saved lexicons hold every paper: they unpickle by calling `Paper` (twice as fast as
    dataclasses' __setstate__ at 100k papers), and files pickled the old way still load."""
    import copyreg
    import io
    import pickle

    from rag.names import NameMatch, Strength

    paper = Paper(
        "p", "Title", "Abstract.", arxiv_id="2401.00001", upvotes=3, authors=("A", "B"), names=(("X", 3),)
    )
    match = NameMatch("p", "x", Strength.TITLE)
    assert pickle.loads(pickle.dumps(paper, protocol=5)) == paper
    assert pickle.loads(pickle.dumps(match, protocol=5)) == match
    assert paper.__reduce_ex__(5)[0] is Paper  # the constructor, not __newobj__ and __setstate__

    class OldStyle(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            if isinstance(obj, Paper | NameMatch):
                return (copyreg.__newobj__, (type(obj),), obj.__getstate__())  # type: ignore[attr-defined]
            return NotImplemented

    buffer = io.BytesIO()
    OldStyle(buffer, protocol=5).dump([paper, match])
    assert pickle.loads(buffer.getvalue()) == [paper, match]

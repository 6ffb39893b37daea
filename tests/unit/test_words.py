"""Word vectors (rag/words.py): made for the words papers bring, kept in a file, and how much of a
question a paper holds by meaning. The mechanics run on a small made-up model; the meaning on the
real one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from rag.decide import content_stems, stem
from rag.words import FILE_NAME, WordVectors, content_words, load_words, save_words

DIMENSION = 8


class Counting:
    """A made-up model: a fixed unit vector per word, and a count of the words it was asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, words: list[str]) -> npt.NDArray[np.float32]:
        self.asked += words
        rows = []
        for word in words:
            seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:4], "little")
            vector = np.random.default_rng(seed).normal(size=DIMENSION)
            rows.append(vector / np.linalg.norm(vector))
        return np.array(rows, dtype=np.float32)


TEXTS = ["Reward models for images", "Aligning image generators with human feedback"]


def vocabulary(texts: list[str]) -> set[str]:
    return {s for text in texts for s in content_stems(text)}


def test_content_words_are_the_content_stems_with_a_written_form() -> None:
    text = "Which papers align image generators with rewards?"
    words = content_words(text)
    assert list(words) == list(dict.fromkeys(content_stems(text)))
    assert words[stem("generators")] == "generators"


def test_only_the_words_new_papers_bring_are_embedded() -> None:
    model = Counting()
    empty = WordVectors.empty("made-up", DIMENSION)
    first = empty.extended(TEXTS[:1], vocabulary(TEXTS[:1]), model)
    assert set(first.rows) == vocabulary(TEXTS[:1]) and first.matrix.shape == (len(first.rows), DIMENSION)
    asked = len(model.asked)
    second = first.extended(reversed(TEXTS), vocabulary(TEXTS), model)
    assert set(second.rows) == vocabulary(TEXTS)
    new = vocabulary(TEXTS) - vocabulary(TEXTS[:1])
    assert {stem(w) for w in model.asked[asked:]} <= new  # nothing embedded twice
    assert first.extended(TEXTS, vocabulary(TEXTS[:1]), model) is first  # nothing to add
    assert len(first.rows) < len(second.rows)  # the earlier object is left as it was


def test_a_stem_takes_the_vector_of_its_commonest_written_form() -> None:
    model = Counting()
    words = WordVectors.empty("made-up", DIMENSION).extended(["images image images"], {stem("images")}, model)
    row = words.matrix[words.rows[stem("images")]].astype(np.float32)
    assert np.allclose(row, model(["images"])[0], atol=1e-3)


def test_saved_and_loaded_for_the_same_model_only(tmp_path: Path) -> None:
    model = Counting()
    words = WordVectors.empty("made-up", DIMENSION).extended(TEXTS, vocabulary(TEXTS), model)
    save_words(words, tmp_path)
    assert list(tmp_path.iterdir()) == [tmp_path / FILE_NAME]  # no temporary file left
    loaded = load_words(tmp_path, "made-up", DIMENSION)
    assert loaded.stems == words.stems and np.array_equal(loaded.matrix, words.matrix)
    assert load_words(tmp_path, "another-model", DIMENSION).stems == ()
    assert load_words(tmp_path, "made-up", DIMENSION + 1).stems == ()
    (tmp_path / FILE_NAME).write_bytes(b"not a numpy file")
    assert load_words(tmp_path, "made-up", DIMENSION).stems == ()  # made again, not a crash
    assert load_words(tmp_path / "missing", "made-up", DIMENSION).stems == ()


def test_a_read_only_directory_is_no_error(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory should be")
    save_words(WordVectors.empty("made-up", DIMENSION), blocked)
    assert "could not save the word vectors" in caplog.text


def test_terms_held_as_written_count_whole() -> None:
    model = Counting()
    words = WordVectors.empty("made-up", DIMENSION).extended(TEXTS, vocabulary(TEXTS), model)
    holds_all = frozenset(content_stems(TEXTS[0]))
    whole, rest = words.soft_coverage("reward models", [holds_all], lambda s: 1.0, model)[0]
    assert (whole, rest) == (1.0, 1.0)
    lacking = words.soft_coverage("reward models for video", [holds_all], lambda s: 1.0, model)[0]
    assert lacking[0] < 1.0 and lacking[1] < 1.0
    assert lacking[0] == pytest.approx((2 + lacking[1]) / 3)  # two held, one by its best cosine
    assert words.soft_coverage("the", [holds_all], lambda s: 1.0, model) == [(1.0, 1.0)]  # no terms


def test_papers_scored_together_as_each_alone() -> None:
    """Every paper's word rows are gathered in one product: the oracle is each paper's best
    cosines computed alone, papers without a known word (or with none) included."""
    model = Counting()
    texts = [*TEXTS, "Video diffusion policies for robot manipulation", "Sparse mixture of experts"]
    words = WordVectors.empty("made-up", DIMENSION).extended(texts, vocabulary(texts), model)
    papers = [frozenset(content_stems(t)) for t in texts] + [frozenset(), frozenset({"unknownstem"})]
    question = "diffusion models for robot images with experts"
    together = words.soft_coverage(question, papers, lambda s: 1.0 + len(s), model)
    asked = content_words(question)
    # The question's words as the vectors know them (float16 rows), the rest from the model.
    vectors = np.array(
        [
            words.matrix[words.rows[s]].astype(np.float32) if s in words.rows else model([w])[0]
            for s, w in asked.items()
        ]
    )
    weights = np.array([1.0 + len(s) for s in asked])
    for held, (whole, rest) in zip(papers, together, strict=True):
        known = [words.rows[s] for s in held if s in words.rows]
        best = (
            (vectors @ words.matrix[known].astype(np.float32).T).max(axis=1)
            if known
            else np.zeros(len(asked))
        )
        exact = np.array([s in held for s in asked])
        similarity = np.where(exact, 1.0, np.clip(best, 0.0, 1.0))
        assert whole == pytest.approx(float((weights * similarity).sum() / weights.sum()), abs=1e-6)
        lacking = ~exact
        expected_rest = (
            (weights[lacking] * similarity[lacking]).sum() / weights[lacking].sum() if lacking.any() else 1.0
        )
        assert rest == pytest.approx(float(expected_rest), abs=1e-6)
    # Asked again (rows remembered per paper): the same.
    assert words.soft_coverage(question, papers, lambda s: 1.0 + len(s), model) == together


@pytest.mark.slow
def test_a_paper_holds_a_paraphrase_by_meaning(embedder) -> None:  # type: ignore[no-untyped-def]
    """The real model: 'pictures' is closer to a paper about images than to one about speech."""
    texts = [
        "Aligning text-to-image models with human preferences on images",
        "Speech recognition with audio",
    ]
    words = WordVectors.empty(embedder.name, embedder.dimension).extended(
        texts, vocabulary(texts), embedder.embed_documents
    )
    scores = words.soft_coverage(
        "pictures",
        [frozenset(content_stems(text)) for text in texts],
        lambda s: 1.0,
        embedder.embed_documents,
    )
    assert scores[0][0] > scores[1][0] + 0.1

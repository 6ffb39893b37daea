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


class ByStem(Counting):
    """A made-up model whose vector of a word is its stem's: any written form gives the same."""

    def __call__(self, words: list[str]) -> npt.NDArray[np.float32]:
        return super().__call__([stem(word) for word in words])


MORE = [
    "Video diffusion policies for robot manipulation",
    "Sparse mixture of experts routing",
    "Speculative decoding with draft models",
    "Retrieval augmented generation over tables",
]


def expected_matrix(words: WordVectors, model: ByStem) -> npt.NDArray[np.float16]:
    """The old behaviour, one matrix with each extension's rows concatenated below the earlier
    ones: row n is the model's vector of stem n."""
    return Counting()(list(words.stems)).astype(np.float16)


def test_added_words_are_appended_without_copying_the_read_matrix(tmp_path: Path) -> None:
    model = ByStem()
    stems = tuple(sorted(vocabulary(TEXTS)))
    save_words(
        WordVectors.read("made-up-blocks", stems, Counting()(list(stems)).astype(np.float16)),
        tmp_path,
    )
    loaded = load_words(tmp_path, "made-up-blocks", DIMENSION)
    versions = [loaded]
    for text in MORE:  # one catch-up after another, each adding a paper's new words
        versions.append(versions[-1].extended([text], vocabulary([text]), model))
    for version in versions:
        assert np.array_equal(version.matrix, expected_matrix(version, model))
        assert version.base is loaded.base  # the file's matrix is never copied
    last = versions[-1]
    assert last.tail is versions[1].tail  # appended in place while there was room
    rows = np.random.default_rng(0).integers(0, len(last.stems), size=50)
    assert np.array_equal(last.gather(rows), expected_matrix(last, model)[rows])
    # A question's soft coverage reads the same vectors as from one concatenated matrix.
    whole = WordVectors.read(last.model, last.stems, expected_matrix(last, model))
    papers = [frozenset(content_stems(t)) for t in [*TEXTS, *MORE]] + [frozenset()]
    question = "diffusion robots routing draft tables images"
    assert last.soft_coverage(question, papers, lambda s: 1.0 + len(s), model) == whole.soft_coverage(
        question, papers, lambda s: 1.0 + len(s), model
    )


def test_an_earlier_word_set_extended_again_leaves_the_later_one_as_it_was() -> None:
    """Two catch-ups from the same word set (a rebuild beside a catch-up): the second cannot
    write in place over rows the first one's set reads."""
    model = ByStem()
    start = WordVectors.empty("made-up-branch", DIMENSION).extended(TEXTS, vocabulary(TEXTS), model)
    first = start.extended(MORE[:2], vocabulary(MORE[:2]), model)
    second = start.extended(MORE[2:], vocabulary(MORE[2:]), model)
    assert second.tail is not first.tail
    for version in (start, first, second):
        assert np.array_equal(version.matrix, expected_matrix(version, model))
    grown = first
    for n in range(3_000):  # past the tail's room: it grows, copying only itself
        grown = grown.extended([f"madeupword{n}x"], {stem(f"madeupword{n}x")}, model)
    assert np.array_equal(grown.matrix, expected_matrix(grown, model))
    assert np.array_equal(first.matrix, expected_matrix(first, model))


def test_the_added_rows_are_saved_with_the_others_and_read_back(tmp_path: Path) -> None:
    model = ByStem()
    start = WordVectors.empty("made-up-saved", DIMENSION).extended(TEXTS, vocabulary(TEXTS), model)
    save_words(start, tmp_path)
    added = load_words(tmp_path, "made-up-saved", DIMENSION).extended(MORE, vocabulary(MORE), model)
    save_words(added, tmp_path)
    loaded = load_words(tmp_path, "made-up-saved", DIMENSION)
    assert loaded.stems == added.stems and loaded.rows == added.rows
    assert np.array_equal(loaded.matrix, expected_matrix(added, model))
    assert len(loaded.base) == len(loaded.stems) and not loaded.added  # one matrix, as np.savez wrote it
    with np.load(tmp_path / FILE_NAME) as saved:
        assert sorted(saved.files) == ["header", "matrix", "stems"] and saved["matrix"].dtype == np.float16
    again = loaded.extended(
        ["Quantized attention kernels"], vocabulary(["Quantized attention kernels"]), model
    )
    assert np.array_equal(again.matrix, expected_matrix(again, model))


def test_the_read_matrix_is_a_view_of_the_file_and_outlives_its_replacement(tmp_path: Path) -> None:
    """The file's matrix is mapped, not read (a one-shot command gathers a few thousand of 314k
    rows at 100k papers); a later save replaces the file without changing what a reader maps."""
    model = ByStem()
    start = WordVectors.empty("made-up-mapped", DIMENSION).extended(TEXTS, vocabulary(TEXTS), model)
    save_words(start, tmp_path)
    loaded = load_words(tmp_path, "made-up-mapped", DIMENSION)
    assert isinstance(loaded.base, np.memmap) and not loaded.base.flags.writeable
    assert np.array_equal(loaded.matrix, start.matrix)
    save_words(loaded.extended(MORE, vocabulary(MORE), model), tmp_path)
    assert np.array_equal(loaded.matrix, start.matrix)  # still the file it read
    assert len(load_words(tmp_path, "made-up-mapped", DIMENSION).stems) > len(start.stems)
    mapped = load_words(tmp_path, "made-up-mapped", DIMENSION)
    read = mapped.in_memory()  # a bot's, once it answers
    assert not isinstance(read.base, np.memmap) and read.base.flags.writeable
    assert np.array_equal(read.matrix, mapped.matrix) and read.rows == mapped.rows
    assert read.in_memory() is read


def test_a_compressed_file_is_read_rather_than_mapped(tmp_path: Path) -> None:
    words = WordVectors.empty("made-up-zipped", DIMENSION).extended(TEXTS, vocabulary(TEXTS), ByStem())
    header = np.array('{"format": 1, "model": "made-up-zipped"}')
    np.savez_compressed(
        tmp_path / FILE_NAME, header=header, stems=np.array(words.stems, dtype=str), matrix=words.matrix
    )
    loaded = load_words(tmp_path, "made-up-zipped", DIMENSION)
    assert not isinstance(loaded.base, np.memmap) and loaded.stems == words.stems
    assert np.array_equal(loaded.matrix, words.matrix)


def test_term_matches_give_each_term_its_closeness_per_paper() -> None:
    model = Counting()
    words = WordVectors.empty("made-up", DIMENSION).extended(TEXTS, vocabulary(TEXTS), model)
    holds_all = frozenset(content_stems(TEXTS[0]))
    stems, weights, closeness = words.term_matches(
        "reward models for video", [holds_all, frozenset()], lambda s: 1.0 + len(s), model
    )
    assert stems == content_stems("reward models video")
    assert list(weights) == [1.0 + len(s) for s in stems]
    assert closeness.shape == (2, 3)
    assert list(closeness[0][:2]) == [1.0, 1.0] and 0.0 <= closeness[0][2] < 1.0  # "video" by meaning
    assert list(closeness[1]) == [0.0, 0.0, 0.0]  # a paper with no words holds nothing
    # soft coverage is their IDF-weighted mean
    whole = words.soft_coverage("reward models for video", [holds_all], lambda s: 1.0 + len(s), model)[0][0]
    assert whole == pytest.approx(float((weights * closeness[0]).sum() / weights.sum()))

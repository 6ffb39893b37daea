"""A catch-up updates the lexicon paper by paper (issue 18): the result must be the lexicon a
build from scratch gives for the same papers. The full build is the oracle, field by field, and
for what retrieval asks of it (BM25 rankings, names found in questions)."""

from __future__ import annotations

import dataclasses
import gc
import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import read_sources
from rag import lexicon as lexicon_module
from rag.lexicon import (
    FILE_NAME,
    FORMAT_VERSION,
    Lexicon,
    build_lexicon,
    load_lexicon,
    load_whole,
    posting_terms,
    save_lexicon,
    saved_format,
    saved_generation,
    updated_lexicon,
)
from rag.model import Paper
from rag.names import paper_names
from rag.paper_table import Deferred
from tests.conftest import REPO, SEEDS

ORGANISATIONS = ("Allen AI", "Tsinghua University", "Meta", "Stanford", "DeepMind")


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    """The bundled papers; half carry their names (as ingest stores them), half do not (as in a
    store written before that), and most have an organisation."""
    return [
        dataclasses.replace(
            paper,
            names=paper_names(paper.title, paper.abstract) if n % 2 else (),
            organisation=paper.organisation or (ORGANISATIONS[n % 5] if n % 7 else None),
        )
        for n, paper in enumerate(read_sources([SEEDS]).papers)
    ]


def _questions() -> list[str]:
    lines = (REPO / "data" / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][::2]


def _same(updated: Lexicon, built: Lexicon) -> None:
    assert list(updated.papers) == list(built.papers) and updated.papers == built.papers
    assert updated.titles == built.titles
    # Ids per title word in paper order, but a rewritten paper's ids go last: compared as sets.
    assert {w: set(ids) for w, ids in updated.title_words.items()} == {
        w: set(ids) for w, ids in built.title_words.items()
    }
    assert {n: set(ws) for n, ws in updated.title_words_by_length.items()} == {
        n: set(ws) for n, ws in built.title_words_by_length.items()
    }
    assert updated.title_stems == built.title_stems
    assert updated.organisations == built.organisations
    assert updated.latest_year == built.latest_year
    assert updated.found_names == built.found_names
    assert updated.statistics.frequency == built.statistics.frequency
    assert updated.statistics.papers == built.statistics.papers
    for paper in built.papers.values():
        assert updated.statistics.stems_of(paper) == built.statistics.stems_of(paper)
    names = {n for group in built.names.by_length.values() for n in group}
    assert {n for group in updated.names.by_length.values() for n in group} == names
    assert len(updated.names) == len(built.names) == len(names)
    assert updated.names._word_like == built.names._word_like  # names find() wants in capitals
    assert all(updated.names.get(name) == built.names.get(name) for name in names)
    for paper_id in built.papers:
        assert set(updated.names.names_of(paper_id)) == set(built.names.names_of(paper_id))
    assert updated.bm25 is not None and built.bm25 is not None
    for question in _questions():
        assert updated.bm25.rank(question, 50) == built.bm25.rank(question, 50), question
        assert updated.names.find(question) == built.names.find(question), question


def test_a_catch_up_gives_what_a_full_build_gives(papers: list[Paper]) -> None:
    first, later = [dataclasses.replace(papers[0], organisation="Solo Lab"), *papers[1:150]], papers[150:]
    first[1] = dataclasses.replace(first[1], date="2031-05-01")  # the only paper of that year
    newest = first[1]
    rewritten = [
        dataclasses.replace(first[3], title="RewardDance Again: a new title", organisation="Nowhere Lab"),
        dataclasses.replace(first[10], abstract=first[10].abstract + " We propose ZebraNet (ZN).", names=()),
        dataclasses.replace(first[11], date="1999-01-01", organisation=None),
        dataclasses.replace(first[0], organisation=None),  # the last paper of its organisation
    ]
    removed = [first[20].id, newest.id, later[0].id]
    start = build_lexicon(first, 1)
    step = updated_lexicon(start, [*later, *rewritten], removed[:2], 2)
    final = updated_lexicon(step, [], removed[2:], 3)

    current = {p.id: p for p in first}
    current.update((p.id, p) for p in [*later, *rewritten])
    expected = [p for pid, p in current.items() if pid not in removed]
    _same(final, build_lexicon(expected, 3))
    assert final.generation == 3
    assert "Nowhere Lab" in final.organisations and "Solo Lab" not in final.organisations
    assert "Solo Lab" in start.organisations and start.latest_year == 2031
    assert final.latest_year == max(p.year or 0 for p in expected) < 2031
    assert final.names.get("zebranet") is not None
    # The lexicon it was made from is left as it was: searches go on against it meanwhile.
    _same(start, build_lexicon(first, 1))


def test_removing_every_paper_leaves_an_empty_lexicon(papers: list[Paper]) -> None:
    start = build_lexicon(papers[:5], 1)
    empty = updated_lexicon(start, [], [p.id for p in papers[:5]], 2)
    assert empty.papers == {} and empty.bm25 is None and len(empty.names) == 0
    assert empty.organisations == frozenset() and empty.latest_year is None
    again = updated_lexicon(empty, papers[:3], [], 3)
    _same(again, build_lexicon(papers[:3], 3))


def test_a_name_that_becomes_the_fields_words_is_dropped_by_a_catch_up() -> None:
    """A title's name spelled in common words ("Large Language Models") stops being a name once
    enough abstracts use those words: papers that never mention the name decide it."""
    named = Paper(
        id="llm-study",
        title="Large Language Models: A Study",
        abstract="We study them.",
        names=(("Large Language Models", 3),),
    )
    users = [
        Paper(id=f"user-{n}", title=f"Paper {n}", abstract=f"Work {n} on large language models.", names=())
        for n in range(4)
    ]
    start = build_lexicon([named, *users[:3]], 1)
    assert start.names.get("largelanguagemodels") is not None
    updated = updated_lexicon(start, users[3:], [], 2)
    _same(updated, build_lexicon([named, *users], 2))
    assert updated.names.get("largelanguagemodels") is None


def test_a_saved_lexicon_loads_and_catches_up(papers: list[Paper], tmp_path: Path) -> None:
    lexicon = build_lexicon(papers[:40], 7)
    save_lexicon(lexicon, tmp_path, "this store")
    loaded = load_lexicon(tmp_path, "this store")
    assert loaded is not None and loaded.generation == 7
    assert saved_generation(tmp_path, "this store") == 7  # from the header alone
    assert saved_generation(tmp_path, "another store") is None
    assert load_lexicon(tmp_path, "another store") is None
    _same(loaded, lexicon)
    assert list(tmp_path.iterdir()) == [tmp_path / FILE_NAME]  # no temporary file left behind
    # A loaded lexicon catches up as the one it was saved from.
    caught_up = updated_lexicon(loaded, papers[40:60], [papers[0].id], 8)
    _same(caught_up, build_lexicon(papers[1:60], 8))


def test_loading_runs_no_garbage_collections_and_leaves_the_collector_as_it_was(
    papers: list[Paper], tmp_path: Path
) -> None:
    lexicon = build_lexicon(papers, 3)
    save_lexicon(lexicon, tmp_path, "this store")
    collections: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(phase)

    gc.callbacks.append(note)
    try:
        plainly = pickle.loads(pickle.dumps(lexicon))  # the same objects unpickled plainly collect
        plain = len(collections)
        assert plainly is not None and plain >= 3, "a plain load is expected to set off collections"
        collections.clear()
        loaded = load_lexicon(tmp_path, "this store")
        # At most the one the collector starts when it is back on (the retriever freezes what
        # it loaded before that: rag.retrieve._settle).
        assert loaded is not None and len(collections) <= 1
        # The parts read on first use are read with the collector off too: at most one each.
        for read in (
            lambda: dict(loaded.title_stems),
            lambda: dict(loaded.found_names),
            lambda: loaded.names.weighed_state()["_holders"],
        ):
            collections.clear()
            assert read() is not None and len(collections) <= 1
    finally:
        gc.callbacks.remove(note)
    assert gc.isenabled()
    gc.disable()
    try:
        assert load_lexicon(tmp_path, "this store") is not None
        assert not gc.isenabled()  # one who had turned it off keeps it off
    finally:
        gc.enable()


@pytest.mark.parametrize("chunk", [2000, 7])
def test_a_loaded_lexicon_decodes_only_the_papers_asked_for(
    papers: list[Paper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Format 9 keeps the papers encoded in the mapped file: a one-shot command that reads a
    few papers does not build the others; a save copies the undecoded ones as they are. Its
    dictionaries are written `chunk` entries to a pickle (2,000 in use: the bundled corpus's
    fit in one; 7 splits every one of them)."""
    monkeypatch.setattr(lexicon_module, "_DICT_CHUNK", chunk)
    lexicon = build_lexicon(papers[:50], 5)
    save_lexicon(lexicon, tmp_path, "this store")
    loaded = load_lexicon(tmp_path, "this store")
    assert loaded is not None
    table = loaded.papers
    assert len(table) == 50 and list(table) == list(lexicon.papers) and not table._decoded
    chosen = papers[7]
    assert chosen.id in table and table[chosen.id] == chosen and table.get("no such paper") is None
    assert set(table._decoded) == {chosen.id}
    assert isinstance(loaded.title_stems, Deferred) and isinstance(loaded.title_words_by_length, Deferred)
    # Caught up (one rewritten in place, one removed, new ones last), saved, loaded again: the
    # build of the same papers, the undecoded papers copied from the first file.
    rewritten = dataclasses.replace(papers[3], title="A Rewritten Title", upvotes=99)
    caught_up = updated_lexicon(loaded, [rewritten, *papers[50:60]], [papers[10].id], 6)
    save_lexicon(caught_up, tmp_path, "this store")
    again = load_lexicon(tmp_path, "this store")
    expected = [p for p in papers[:60] if p.id != papers[10].id]
    expected[3] = rewritten
    assert again is not None and list(again.papers) == [p.id for p in expected]
    _same(again, build_lexicon(expected, 6))


def _write_format_8(lexicon: Lexicon, path: Path, generation: int) -> None:
    """A lexicon file as format 8 wrote it: each field a pickle, the papers in pickles of up to
    5,000, then (None, None)."""
    with path.open("wb") as file:
        pickle.dump({"format": 8, "store": "this store", "generation": generation}, file)
        for field in dataclasses.fields(Lexicon):
            if field.name != "papers":
                pickle.dump((field.name, getattr(lexicon, field.name)), file)
        pickle.dump(("papers", dict(lexicon.papers)), file)
        pickle.dump((None, None), file)


def test_a_lexicon_saved_in_parts_by_format_8_still_loads(papers: list[Paper], tmp_path: Path) -> None:
    lexicon = build_lexicon(papers[:30], 4)
    _write_format_8(lexicon, tmp_path / FILE_NAME, 4)
    assert saved_format(tmp_path, "this store") == 8 and saved_generation(tmp_path, "this store") == 4
    loaded = load_lexicon(tmp_path, "this store")
    assert loaded is not None
    _same(loaded, lexicon)
    save_lexicon(loaded, tmp_path, "this store")
    assert saved_format(tmp_path, "this store") == FORMAT_VERSION
    reloaded = load_lexicon(tmp_path, "this store")
    assert reloaded is not None
    _same(reloaded, lexicon)


def test_a_lexicon_saved_whole_by_the_old_format_still_loads(papers: list[Paper], tmp_path: Path) -> None:
    """Format 7 pickled the lexicon whole (one memo: growing it paused every thread of a bot for
    up to 1.2 s at 100k papers); such a file still loads rather than being rebuilt, which takes
    minutes at that size."""
    lexicon = build_lexicon(papers[:30], 4)
    with (tmp_path / FILE_NAME).open("wb") as file:
        pickle.dump({"format": 7, "store": "this store", "generation": 4}, file)
        pickle.dump(lexicon, file)
    assert saved_generation(tmp_path, "this store") == 4
    loaded = load_lexicon(tmp_path, "this store")
    assert loaded is not None
    _same(loaded, lexicon)
    save_lexicon(lexicon, tmp_path, "this store")  # saved again in parts, the papers in order
    reloaded = load_lexicon(tmp_path, "this store")
    assert reloaded is not None and list(reloaded.papers) == list(lexicon.papers)
    _same(reloaded, lexicon)


@pytest.mark.parametrize(
    "sizes",
    [[3, 0, 2, 5, 0, 0, 1], [0, 0, 4, 1], [2, 1, 0, 0], [0, 0], [1], [], [7]],
)
@pytest.mark.parametrize("piece", [1 << 20, 1, 2, 3])
def test_the_terms_of_postings_are_what_np_repeat_gives(
    sizes: list[int], piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Empty terms first, between and last included, summed in one slice or in slices of 1-3
    postings; the oracle is the former `np.repeat`."""
    monkeypatch.setattr(lexicon_module, "_CUMSUM_SLICE", piece)
    starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)
    expected = np.repeat(np.arange(len(sizes), dtype=np.int32), np.diff(starts))
    found = posting_terms(starts)
    assert found.dtype == np.int32 and np.array_equal(found, expected)


def test_a_resident_process_reads_the_lexicon_whole(papers: list[Paper], tmp_path: Path) -> None:
    """A bot reads every part soon after start (then frozen out of the collector's reach), so
    that no catch-up reads one while questions are answered; its first catch-up lets the file's
    mapping go (a later save replaces the file)."""
    save_lexicon(build_lexicon(papers[:40], 2), tmp_path, "this store")
    loaded = load_lexicon(tmp_path, "this store")
    assert loaded is not None and loaded.names._deferred is not None
    assert loaded.bm25 is not None and loaded.bm25._docs.base is not None  # a view of the file
    load_whole(loaded)
    assert loaded.names._deferred is None and len(loaded.papers._decoded) == 40
    for part in (loaded.title_words_by_length, loaded.title_stems, loaded.found_names):
        assert isinstance(part, Deferred) and part._value is not None and part._load is None
    _same(loaded, build_lexicon(papers[:40], 2))
    again = updated_lexicon(loaded, papers[40:45], [papers[1].id], 3)
    assert again.papers._encoded == b"" and set(again.papers._rows.values()) == {-1}
    assert again.bm25 is not None
    assert all(
        getattr(again.bm25, f"_{name}").base is None for name in ("starts", "docs", "counts", "lengths")
    )
    save_lexicon(again, tmp_path, "this store")
    reloaded = load_lexicon(tmp_path, "this store")
    assert reloaded is not None
    _same(reloaded, build_lexicon([p for p in papers[:45] if p.id != papers[1].id], 3))


def test_a_tables_papers_come_in_order_decoded_or_not(papers: list[Paper], tmp_path: Path) -> None:
    """`values()` (what metadata questions list) reads at C speed once every paper is decoded;
    before that it decodes the rest, in the table's order whichever were decoded first."""
    lexicon = build_lexicon(papers[:30], 1)
    save_lexicon(updated_lexicon(lexicon, [dataclasses.replace(papers[4], upvotes=7)], [], 2), tmp_path, "s")
    loaded = load_lexicon(tmp_path, "s")
    assert loaded is not None
    expected = [dataclasses.replace(p, upvotes=7) if n == 4 else p for n, p in enumerate(papers[:30])]
    loaded.papers[papers[9].id]  # one decoded ahead of the others
    assert list(loaded.papers.values()) == expected and len(loaded.papers._decoded) == 30
    assert list(loaded.papers.values()) == expected
    assert list(loaded.papers.items()) == [(p.id, p) for p in expected]


def test_a_dictionary_is_saved_in_pieces_of_bounded_weight_not_of_so_many_entries() -> None:
    """A piece of the name index's holders counted in entries (a name, then every paper that
    uses it) unpickled 9.6 MB holding the GIL at 100k papers: a part a bot reads while it
    answers is cut by what it holds; the others by entries, as before."""
    from rag.lexicon import _DEFERRED_CHUNK, _DICT_CHUNK, _pieces, _weight

    heavy = {f"name {n}": tuple(f"paper {p}" for p in range(n % 700)) for n in range(3000)}
    light = {f"paper {n}": f"title {n}" for n in range(5000)}
    for value in (heavy, light):
        for most in (_DEFERRED_CHUNK, None):
            pieces = list(_pieces(value, most))
            merged: dict[str, object] = {}
            for piece in pieces:
                merged.update(piece)
                assert len(piece) <= _DICT_CHUNK
                if most is not None:  # under the budget, give or take the entry that crossed it
                    assert _weight(piece) - len(piece) <= most + 700
            assert list(merged.items()) == list(value.items())  # every entry, in order
    assert len(list(_pieces(light, _DEFERRED_CHUNK))) == len(list(_pieces(light, None))) == 3
    assert len(list(_pieces(heavy, None))) == 2  # 2,000 entries to a piece
    assert len(list(_pieces(heavy, _DEFERRED_CHUNK))) >= 20  # by weight: ~1M objects, not 2 pieces
    giant = {"the field's word": tuple(range(10 * _DEFERRED_CHUNK))}
    assert list(_pieces(giant, _DEFERRED_CHUNK)) == [giant]  # an entry is never split

"""Which copies are one paper (title slug, arXiv id, merged ids), and the record they become."""

from __future__ import annotations

import dataclasses

from ingest.duplicates import SamePaper, find_same_papers, merge_same_paper
from rag.model import Paper
from rag.papers import slugify
from rag.store import StoredVersion

TITLE = "EditReward: A Human-Aligned Reward Model for Instruction-Guided Image Editing"
SLUG = slugify(TITLE)
ABSTRACT = "We built a reward model for instruction-guided image editing. It agrees with people."

LISTING = Paper(
    id=SLUG,
    title=TITLE,
    abstract=ABSTRACT,
    date="2025-09-30",
    upvotes=3,
    organisation="TIGER-Lab",
    sources=("003.txt",),
)
API = Paper(
    id="2509.26346",
    title=TITLE,
    abstract=ABSTRACT,
    arxiv_id="2509.26346",
    url="https://arxiv.org/abs/2509.26346",
    date="2025-10-01",
    upvotes=17,
    authors=("Keming Wu", "Wenhu Chen"),
    author_count=2,
    sources=("daily_papers_2025-10-01.json",),
)


def _version(paper: Paper, aliases: tuple[str, ...] = ()) -> StoredVersion:
    return StoredVersion(
        paper.text_hash(), paper.content_hash(), slugify(paper.title), paper.arxiv_id, aliases
    )


def test_a_listing_and_an_api_copy_in_one_run_become_the_arxiv_record() -> None:
    [group] = find_same_papers([LISTING, API], {})
    merged = merge_same_paper(group, {}, {})

    assert merged is not None
    assert merged.paper.id == "2509.26346"
    assert (merged.paper.organisation, merged.paper.upvotes) == ("TIGER-Lab", 17)
    assert (merged.paper.authors, merged.paper.url, merged.paper.date) == (API.authors, API.url, API.date)
    assert merged.paper.sources == (*API.sources, *LISTING.sources)
    assert (merged.aliases, merged.replaces, merged.existed, merged.merged) == ((SLUG,), (), False, 1)


def test_an_arxiv_copy_replaces_the_stored_slug_copy() -> None:
    stored = {SLUG: _version(LISTING)}
    [group] = find_same_papers([API], stored)
    assert group == SamePaper((API,), (SLUG,))
    assert group.stored_to_read(stored) == (SLUG,)

    merged = merge_same_paper(group, {SLUG: LISTING}, stored)

    assert merged is not None
    assert (merged.paper.id, merged.paper.organisation) == ("2509.26346", "TIGER-Lab")
    assert (merged.aliases, merged.replaces, merged.existed, merged.merged) == ((SLUG,), (SLUG,), True, 1)


def test_a_listing_copy_after_the_arxiv_copy_fills_gaps_only() -> None:
    stored = {API.id: _version(API)}
    [group] = find_same_papers([LISTING], stored)
    merged = merge_same_paper(group, {API.id: API}, stored)

    assert merged is not None
    assert merged.paper == dataclasses.replace(
        API, organisation="TIGER-Lab", sources=(*API.sources, *LISTING.sources)
    )
    assert (merged.replaces, merged.merged) == ((), 1)


def test_both_orders_and_reruns_converge_on_one_record() -> None:
    first = merge_same_paper(SamePaper((LISTING, API), ()), {}, {})
    assert first is not None
    stored = {API.id: _version(first.paper, first.aliases)}
    for incoming in (LISTING, API):
        [group] = find_same_papers([incoming], stored)
        again = merge_same_paper(group, {API.id: first.paper}, stored)
        assert again is not None
        assert (again.paper, again.aliases, again.replaces, again.merged) == (first.paper, (SLUG,), (), 0)


def test_a_merged_record_keeps_the_listing_facts_when_the_api_copy_comes_again() -> None:
    merged = dataclasses.replace(API, organisation="TIGER-Lab", sources=(*API.sources, *LISTING.sources))
    stored = {API.id: _version(merged, (SLUG,))}
    fresher = dataclasses.replace(API, upvotes=40)
    [group] = find_same_papers([fresher], stored)
    assert group.stored_to_read(stored) == (API.id,)

    result = merge_same_paper(group, {API.id: merged}, stored)

    assert result is not None
    assert (result.paper.organisation, result.paper.upvotes, result.aliases) == ("TIGER-Lab", 40, (SLUG,))


def test_a_plain_stored_record_with_the_same_id_is_replaced_not_merged() -> None:
    stored = {API.id: _version(API)}
    smaller = dataclasses.replace(API, authors=(), author_count=None)
    [group] = find_same_papers([smaller], stored)
    assert group.stored_to_read(stored) == ()
    result = merge_same_paper(group, {}, stored)
    assert result is not None
    assert (result.paper, result.aliases, result.existed, result.merged) == (smaller, (), True, 0)


def test_a_crash_leftover_in_the_store_is_found_without_incoming_papers() -> None:
    merged = dataclasses.replace(API, organisation="TIGER-Lab")
    stored = {
        API.id: _version(merged, (SLUG,)),
        SLUG: _version(LISTING),
        "another-title": StoredVersion("t", "c", "another-title"),
    }

    [group] = find_same_papers([], stored)

    assert group == SamePaper((), tuple(sorted((API.id, SLUG))))
    result = merge_same_paper(group, {API.id: merged, SLUG: LISTING}, stored)
    assert result is not None
    assert (result.paper.id, result.replaces, result.merged) == (API.id, (SLUG,), 1)


def test_the_same_arxiv_id_under_another_id_is_one_paper() -> None:
    custom = dataclasses.replace(API, id="my-own-id", title="EditReward (preprint)")
    stored = {"my-own-id": _version(custom)}
    [group] = find_same_papers([API], stored)
    assert group.stored == ("my-own-id",)


def test_two_arxiv_ids_with_one_title_stay_apart_and_a_listing_copy_joins_neither() -> None:
    other = dataclasses.replace(API, id="2601.00001", arxiv_id="2601.00001", url=None)
    stored = {API.id: _version(API), other.id: _version(other)}

    groups = find_same_papers([LISTING], stored)

    assert groups == [SamePaper((LISTING,), ())]
    assert len(find_same_papers([API, other], {})) == 2


def test_unrelated_papers_are_their_own_groups_in_input_order() -> None:
    second = Paper(id="another-paper", title="Another Paper", abstract=ABSTRACT)
    groups = find_same_papers([second, LISTING], {"another-paper": _version(second)})
    assert groups == [SamePaper((second,), ("another-paper",)), SamePaper((LISTING,), ())]

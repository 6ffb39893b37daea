"""`paperbot enrich` against the stand-in arXiv API on 127.0.0.1 (tests/integration/fake_arxiv.py),
with a real store and the real model: batches, matches merged under the arXiv id, near titles and
ambiguous ones left alone, 429/5xx/timeouts, offline, re-runs."""

from __future__ import annotations

import io
import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from ingest.enrich import ArxivSearch, AttemptLedger, EnrichStoppedError, Outcome, enrich_store
from ingest.fetch import HttpPolicy
from ingest.pipeline import ingest_papers
from rag.cite import lookup_paper
from rag.model import Paper
from rag.retrieve import HybridRetriever
from rag.store import PaperStore, StoreLocation, open_store
from tests.integration.fake_arxiv import ALIGNMENT_FAKING, FakeArxiv, entry_xml, serve

FAKING = Paper(
    id="alignment-faking-in-large-language-models",
    title="Alignment faking in large language models",
    abstract="We present a demonstration of a large language model engaging in alignment faking: "
    "selectively complying with its training objective in training to prevent modification.",
    date="2024-12-18",
    author_count=20,
    upvotes=2,
    sources=("listing.txt",),
)
NEAR = Paper(
    id="robust-preference-alignment-via-directional-neighborhood-consensus",
    title="Robust Preference Alignment via Directional Neighborhood Consensus",
    abstract="Aligning large language models with human preferences is critical for creating "
    "reliable and controllable AI systems.",
    date="2025-10-23",
    author_count=4,
)
# A different paper whose title holds NEAR's as a phrase: close, but nothing else agrees.
NEAR_DECOY = entry_xml(
    "2502.00011",
    "Robust Preference Alignment via Directional Neighborhood Consensus Revisited",
    ["Ann Other", "Bo Other"],
    "2025-02-01",
)
OTHERS = [
    Paper(
        id=f"unrelated-paper-number-{n}",
        title=f"Unrelated paper number {n} on reward models",
        abstract=f"Paper {n} studies reward models for alignment in a setting of its own.",
    )
    for n in range(10)
]
FAST = HttpPolicy(timeout_seconds=0.5, retries=3, backoff_seconds=0.01)
# Where a test counts requests, a loaded machine must not turn a slow answer into a retry: the
# short timeout is for the test that times out on purpose ("slow").
PATIENT = HttpPolicy(timeout_seconds=10, retries=3, backoff_seconds=0.01)


@pytest.fixture
def store(tmp_path: Path, embedder: Any) -> PaperStore:
    opened = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    ingest_papers(opened, [FAKING, NEAR, *OTHERS])
    return opened


@pytest.fixture
def arxiv() -> Iterator[FakeArxiv]:
    with serve(FakeArxiv([ALIGNMENT_FAKING, NEAR_DECOY])) as fake:
        yield fake


def _enrich(
    store: PaperStore, fake: FakeArxiv, tmp_path: Path, policy: HttpPolicy = PATIENT, **options: Any
) -> Any:
    search = ArxivSearch(fake.url, min_interval=0, policy=policy)
    return enrich_store(store, search, AttemptLedger(tmp_path / "state.sqlite3"), **options)


def _snapshot(store: PaperStore) -> dict[str, Paper]:
    return {paper.id: paper for paper in store.papers()}


def test_a_match_is_merged_under_its_arxiv_id_and_the_rest_stay_as_they_were(
    store: PaperStore, arxiv: FakeArxiv, tmp_path: Path
) -> None:
    before = _snapshot(store)
    report = _enrich(store, arxiv, tmp_path)
    after = _snapshot(store)

    # Batches: 12 papers, 10 titles per request, each request one OR of title phrases.
    assert [len(phrases) for phrases in arxiv.queries] == [10, 2]
    assert "alignment faking in large language models" in arxiv.queries[0] + arxiv.queries[1]
    assert [r.paper.id for r in report.of(Outcome.MATCHED)] == [FAKING.id]
    assert len(report.of(Outcome.UNMATCHED)) == 11 and not report.of(Outcome.AMBIGUOUS)
    assert report.requests == 2

    # The listing copy became the arXiv record; its slug is an alias that still finds it.
    assert FAKING.id not in after and len(after) == len(before)
    paper = after["2412.14093"]
    assert (paper.arxiv_id, len(paper.authors), paper.authors[0], paper.primary_category) == (
        "2412.14093",
        20,
        "Ryan Greenblatt",
        "cs.AI",
    )
    assert (paper.title, paper.abstract, paper.upvotes, paper.date) == (
        FAKING.title,
        FAKING.abstract,
        2,
        "2024-12-18",
    )
    assert paper.link == "https://arxiv.org/abs/2412.14093"
    assert store.stored_versions()["2412.14093"].aliases == (FAKING.id,)
    found = lookup_paper(HybridRetriever(store), FAKING.id)
    assert found.paper is not None and found.paper.id == "2412.14093" and found.confidence == 1.0
    # The near title of a different paper was not merged; nothing else changed at all.
    assert {k: v for k, v in after.items() if k != "2412.14093"} == {
        k: v for k, v in before.items() if k != FAKING.id
    }


def test_re_runs_skip_resolved_and_recently_tried_papers(
    store: PaperStore, arxiv: FakeArxiv, tmp_path: Path
) -> None:
    _enrich(store, arxiv, tmp_path)
    again = _enrich(store, arxiv, tmp_path)
    assert (again.resolutions, again.already_resolved, again.recently_tried, arxiv.hits) == ((), 1, 11, 2)
    retried = _enrich(store, arxiv, tmp_path, retry_unmatched=True)
    assert (len(retried.resolutions), retried.already_resolved, arxiv.hits) == (11, 1, 4)
    assert not retried.of(Outcome.MATCHED)


def test_titles_that_fit_two_records_equally_are_left_alone(store: PaperStore, tmp_path: Path) -> None:
    # Two records with FAKING's exact title, one the real paper, one also with 20 authors.
    twin = entry_xml("2501.00002", FAKING.title, [f"Author {n}" for n in range(20)], "2024-12-17")
    before = _snapshot(store)
    with serve(FakeArxiv([ALIGNMENT_FAKING, twin])) as fake:
        report = _enrich(store, fake, tmp_path)
    (ambiguous,) = report.of(Outcome.AMBIGUOUS)
    assert (ambiguous.paper.id, ambiguous.candidates) == (FAKING.id, ("2412.14093", "2501.00002"))
    assert not report.of(Outcome.MATCHED)
    assert _snapshot(store) == before


def test_a_paper_an_overfull_answer_left_out_is_asked_about_alone(store: PaperStore, tmp_path: Path) -> None:
    # Eleven records hold NEAR's title as a phrase and come first: a two-title request (ten
    # records at most) holds none of FAKING's, and says that more matched than it shows.
    crowd = [
        entry_xml(f"2502.{n:05d}", f"{NEAR.title}, part {n}", ["Ann Other", "Bo Other"], "2025-02-01")
        for n in range(11)
    ]
    with serve(FakeArxiv([*crowd, ALIGNMENT_FAKING])) as fake:
        report = _enrich(store, fake, tmp_path, batch_size=2)
    assert [r.paper.id for r in report.of(Outcome.MATCHED)] == [FAKING.id]
    assert fake.queries[:3] == [
        [FAKING.title.lower(), NEAR.title.lower()],
        [FAKING.title.lower()],
        [NEAR.title.lower()],
    ]
    assert report.requests == len(fake.queries) == 6 + 2  # six batches, two papers asked again


@pytest.mark.parametrize("faults", [[429], [503, 502], ["slow"], [500, "slow", 429]])
def test_429_5xx_and_timeouts_are_retried(store: PaperStore, tmp_path: Path, faults: list[int | str]) -> None:
    with serve(FakeArxiv([ALIGNMENT_FAKING], faults=list(faults))) as fake:
        report = _enrich(store, fake, tmp_path, policy=FAST)
        assert fake.hits == 2 + len(faults)  # each fault cost one more attempt, then it went on
    assert [r.paper.id for r in report.of(Outcome.MATCHED)] == [FAKING.id]


def test_a_server_that_keeps_failing_stops_the_run_and_changes_nothing(
    store: PaperStore, tmp_path: Path
) -> None:
    before = _snapshot(store)
    with serve(FakeArxiv([ALIGNMENT_FAKING], faults=[503] * 4)) as fake:
        with pytest.raises(EnrichStoppedError) as stopped:
            _enrich(store, fake, tmp_path)
        assert fake.hits == 4  # the first attempt and its three retries
    assert (stopped.value.report.resolutions, stopped.value.unreachable) == ((), False)
    assert "HTTP 503" in str(stopped.value)
    assert _snapshot(store) == before


# ---- the command -------------------------------------------------------------------------------


def _run(data_dir: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(data_dir), *args], out=out)
    return code, out.getvalue()


def test_offline_is_one_line_exit_1_at_once_and_nothing_changed(
    store: PaperStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lookups: list[str] = []

    def no_network(host: str, *args: Any, **kwargs: Any) -> Any:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    before = _snapshot(store)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    code, out = _run(tmp_path, "enrich")
    assert code == 1 and out == ""
    assert capsys.readouterr().err == (
        "paperbot: cannot reach export.arxiv.org: enrich needs the network; nothing was changed\n"
    )
    assert lookups == ["export.arxiv.org"]  # asked once: a name that does not resolve is not retried
    assert _snapshot(store) == before


def test_done_when_enrich_resolves_exactly_the_one_paper_the_api_knows(
    bundled_store: dict[str, Any], embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's "done when", end to end through the CLI on a copy of the bundled corpus."""
    data_dir = tmp_path / "data"
    shutil.copytree(bundled_store["data_dir"], data_dir)
    with serve(FakeArxiv([ALIGNMENT_FAKING])) as fake:
        monkeypatch.setenv("ARXIV_BASE_URL", fake.url)
        monkeypatch.setenv("ARXIV_MIN_INTERVAL", "0")
        before = _snapshot(open_store(StoreLocation(path=data_dir / "chroma"), embedder))
        code, out = _run(data_dir, "enrich", "--json")
        assert code == 0, out
        report = json.loads(out)
        assert (report["matched"], report["ambiguous"], report["unmatched"]) == (1, 0, 204)
        assert report["papers"]["matched"] == [
            {
                "paper_id": "alignment-faking-in-large-language-models",
                "title": "Alignment faking in large language models",
                "arxiv_id": "2412.14093",
                "evidence": ["title", "author count", "date"],
            }
        ]
        assert report["requests"] == len(fake.queries) == 21  # 205 titles, 10 a request

    code, out = _run(data_dir, "cite", "alignment faking in large language models", "--json")
    found = json.loads(out)
    assert (code, found["paper_id"], found["arxiv_id"], len(found["authors"])) == (
        0,
        "2412.14093",
        "2412.14093",
        20,
    )
    assert (found["link"], found["pdf"]) == (
        "https://arxiv.org/abs/2412.14093",
        "https://arxiv.org/pdf/2412.14093",
    )
    entry = found["bibtex"]
    assert entry.startswith("@misc{greenblatt2024alignment,\n")
    assert "eprint = {2412.14093}" in entry and "url = {https://arxiv.org/abs/2412.14093}" in entry
    assert "author = {Ryan Greenblatt and Carson Denison and" in entry
    assert entry.count(" and ") == 19 and "Evan Hubinger}" in entry and 'S{\\"o}ren Mindermann' in entry
    # The old slug still finds it.
    code, out = _run(data_dir, "cite", "alignment-faking-in-large-language-models", "--json")
    assert (code, json.loads(out)["paper_id"]) == (0, "2412.14093")
    code, out = _run(data_dir, "stats", "--json")
    assert json.loads(out)["papers"] == 205

    after = _snapshot(open_store(StoreLocation(path=data_dir / "chroma"), embedder))
    assert {k: v for k, v in after.items() if k != "2412.14093"} == {
        k: v for k, v in before.items() if k != "alignment-faking-in-large-language-models"
    }


async def test_announced_papers_keep_the_ids_and_authors_their_source_gives(
    tmp_path: Path, embedder: Any
) -> None:
    """`paperbot announce` stores the daily_papers API's arXiv ids and author lists as they are,
    links the abs page in every post, and leaves enrich nothing to ask."""
    from bot.announce import AnnounceConfig, Announcer
    from bot.render.discord import digest_item_text
    from bot.state import SqliteState
    from ingest.fetch import fetch_hf_day
    from tests.conftest import FIXTURES
    from tests.integration.test_announce import DAY, RecordingPoster

    saved = FIXTURES / "hf_daily_papers"
    items = json.loads((saved / f"daily_papers_{DAY}.json").read_text(encoding="utf-8"))
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    poster = RecordingPoster()
    job = Announcer(
        store,
        SqliteState(tmp_path / "state.sqlite3"),
        [lambda day: fetch_hf_day(str(saved), day)],
        AnnounceConfig(top_n=3),
    )
    await job.run([poster], today=DAY)

    stored = _snapshot(store)
    assert len(stored) == len(items) == 15
    for item in items:
        paper = stored[item["paper"]["id"]]
        names = tuple(" ".join(a["name"].split()) for a in item["paper"]["authors"] if a["name"].strip())
        assert (paper.arxiv_id, paper.authors) == (item["paper"]["id"], names)
    assert len(poster.items) == 3
    for _, posted in poster.items:
        assert f"https://arxiv.org/abs/{posted.paper.arxiv_id}" in digest_item_text(
            posted.paper, posted.summary, ()
        )
    with serve(FakeArxiv([ALIGNMENT_FAKING])) as fake:
        report = _enrich(store, fake, tmp_path)
        assert (report.already_resolved, report.resolutions, fake.hits) == (15, (), 0)


def test_ingest_enrich_resolves_what_it_ingested_and_answers_link_the_abs_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = tmp_path / "papers.jsonl"
    rows = [
        {"title": p.title, "abstract": p.abstract, "author_count": p.author_count} for p in (FAKING, NEAR)
    ]
    listing.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with serve(FakeArxiv([ALIGNMENT_FAKING, NEAR_DECOY])) as fake:
        monkeypatch.setenv("ARXIV_BASE_URL", fake.url)
        monkeypatch.setenv("ARXIV_MIN_INTERVAL", "0")
        code, out = _run(tmp_path / "data", "ingest", str(listing), "--enrich", "--json")
        assert len(fake.queries) == 1 and len(fake.queries[0]) == 2  # both titles, one request
    report = json.loads(out)
    assert (code, report["added"], report["papers"]) == (0, 2, 2)
    assert (report["enrich"]["matched"], report["enrich"]["unmatched"]) == (1, 1)

    code, out = _run(
        tmp_path / "data", "ask", "which paper shows alignment faking in large language models?", "--json"
    )
    cited = json.loads(out)["citations"]
    assert code == 0 and cited[0]["link"] == "https://arxiv.org/abs/2412.14093"
    code, out = _run(tmp_path / "data", "search", "alignment faking", "--k", "2")
    assert "https://arxiv.org/abs/2412.14093" in out
    code, out = _run(tmp_path / "data", "cite", "Alignment faking", "--format", "text")
    assert "Greenblatt et al. (2024). Alignment faking in large language models. arXiv:2412.14093." in out

"""Daily announcements end to end: recorded payloads served from 127.0.0.1, a real store and
model, the SQLite ledger, and posting (a recording poster, and Discord's real client)."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.announce import AnnounceConfig, Announcer, Digest, DigestItem
from bot.render.discord import digest_item_text
from bot.state import SqliteState
from ingest.fetch import FetchError, HttpPolicy, fetch_arxiv, fetch_hf_day, fetch_text
from rag.model import Paper
from rag.store import StoreLocation, open_store
from tests.conftest import FIXTURES
from tests.integration import crash as crash_points
from tests.integration.crash import (
    Crash,
    FilePoster,
    RecordedEmbedder,
    WriteHook,
    assert_same_store,
    store_dump,
)

HF = FIXTURES / "hf_daily_papers"
ARXIV = FIXTURES / "arxiv"
DAY = dt.date(2026, 8, 20)


class Server(http.server.ThreadingHTTPServer):
    script: dict[str, list[tuple[int, dict[str, str], bytes]]]
    seen: list[str]


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        queue = self.server.script.get(self.path)
        if queue:
            status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
        elif self.path.startswith("/api/daily_papers?date="):
            day = self.path.split("=", 1)[1]
            file = HF / f"daily_papers_{day}.json"
            status, headers, body = 200, {}, file.read_bytes() if file.exists() else b"[]"
        elif self.path.startswith("/api/query"):
            status, headers, body = (
                200,
                {},
                (ARXIV / "api_query_search_cs.RO_2entries_2025-10-17.xml").read_bytes(),
            )
        else:
            status, headers, body = 404, {}, b"not found"
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if "X-Drip" not in headers:
            self.wfile.write(body)
            return
        for index in range(len(body)):  # a byte every 0.1 s: never a read timeout
            try:
                self.wfile.write(body[index : index + 1])
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.script, httpd.seen = {}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


class RecordingPoster:
    def __init__(
        self, destination: str = "test:1", platform: str = "discord", crash_at: int | None = None
    ) -> None:
        self._destination, self._platform, self.crash_at = destination, platform, crash_at
        self.headers: list[dt.date] = []
        self.items: list[tuple[dt.date, DigestItem]] = []
        self.empty: list[dt.date] = []

    @property
    def destination(self) -> str:
        return self._destination

    @property
    def platform(self) -> str:
        return self._platform

    async def post_header(self, digest: Digest, nonce: str) -> str:
        self.headers.append(digest.day)
        return f"h{len(self.headers)}"

    async def post_item(self, day: dt.date, item: DigestItem, nonce: str, header: str) -> str:
        if self.crash_at is not None and len(self.items) == self.crash_at:
            raise RuntimeError("the process dies here")
        self.items.append((day, item))
        return f"m{len(self.items)}"

    def thread_key(self, reference: str) -> str | None:
        return None

    async def post_empty(self, day: dt.date) -> None:
        self.empty.append(day)


@pytest.fixture
def parts(tmp_path: Path, embedder: Any) -> dict[str, Any]:
    store = open_store(StoreLocation(path=tmp_path / "chroma"), embedder)
    return {"store": store, "state_path": tmp_path / "state.sqlite3"}


def announcer(parts: dict[str, Any], fetchers: list[Any], **config: Any) -> Announcer:
    settings = {"top_n": 5, **config}
    return Announcer(parts["store"], SqliteState(parts["state_path"]), fetchers, AnnounceConfig(**settings))


def hf(server: Server) -> Any:
    fast = HttpPolicy(timeout_seconds=5, retries=2, backoff_seconds=0.01)
    return lambda day: fetch_hf_day(base(server), day, fast)


async def test_the_day_s_ingest_takes_the_writer_lock(
    server: Server, parts: dict[str, Any], tmp_path: Path
) -> None:
    from ingest.lock import WriterBusyError, writer_lock

    job = Announcer(
        parts["store"],
        SqliteState(parts["state_path"]),
        [hf(server)],
        AnnounceConfig(top_n=5),
        data_dir=tmp_path,
        lock_wait=0.3,
    )
    poster = RecordingPoster()
    with writer_lock(tmp_path), pytest.raises(WriterBusyError):
        await job.run([poster], today=DAY)
    assert parts["store"].counts()[0] == 0 and poster.items == []  # nothing stored or posted
    reports = await job.run([poster], today=DAY)  # the writer is gone: the day goes out
    assert reports[0].ingest is not None and reports[0].ingest.added > 0 and poster.items


async def test_a_day_is_announced_once_across_runs_and_restarts(
    server: Server, parts: dict[str, Any]
) -> None:
    poster = RecordingPoster()
    first = await announcer(parts, [hf(server)]).run([poster], today=DAY)
    assert [r.day for r in first] == [DAY]
    assert first[0].fetched == 15
    assert first[0].ingest is not None and first[0].ingest.added == 15
    votes = [item.paper.upvotes or 0 for _, item in poster.items]
    assert len(votes) == 5
    assert votes == sorted(votes, reverse=True)
    assert votes[0] == 92
    assert parts["store"].counts()[0] == 15  # ingested: askable at once

    again = await announcer(parts, [hf(server)]).run([poster], today=DAY)  # same day, same process
    restarted = await announcer(parts, [hf(server)]).run([poster], today=DAY, day=DAY)  # forced re-run
    assert len(poster.items) == 5
    assert poster.headers == [DAY]
    assert again == []  # today is finished: nothing to run
    assert restarted[0].posted == {}  # a forced re-run of a finished day posts nothing


async def test_a_crash_between_posts_neither_duplicates_nor_skips(
    server: Server, parts: dict[str, Any]
) -> None:
    crashing = RecordingPoster(crash_at=2)
    with pytest.raises(RuntimeError, match="dies"):
        await announcer(parts, [hf(server)]).run([crashing], today=DAY)
    assert len(crashing.items) == 2
    resumed = RecordingPoster()
    await announcer(parts, [hf(server)]).run([resumed], today=DAY)
    first_ids = [item.paper.id for _, item in crashing.items]
    rest_ids = [item.paper.id for _, item in resumed.items]
    assert len(first_ids + rest_ids) == 5
    assert not set(first_ids) & set(rest_ids)
    assert resumed.headers == []  # the header went out before the crash


async def test_a_crash_between_ingest_and_post_posts_on_the_next_run(
    server: Server, parts: dict[str, Any]
) -> None:
    crashing = RecordingPoster(crash_at=0)
    with pytest.raises(RuntimeError):
        await announcer(parts, [hf(server)]).run([crashing], today=DAY)
    assert parts["store"].counts()[0] == 15
    resumed = RecordingPoster()
    reports = await announcer(parts, [hf(server)]).run([resumed], today=DAY)
    assert len(resumed.items) == 5
    assert reports[0].ingest is not None and reports[0].ingest.unchanged == 15


async def test_missed_days_are_caught_up_in_order(tmp_path: Path, parts: dict[str, Any]) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    days = [dt.date(2026, 8, 18), dt.date(2026, 8, 19), dt.date(2026, 8, 20)]
    shutil.copy(HF / "daily_papers_2024-10-25.json", saved / f"daily_papers_{days[0]}.json")
    shutil.copy(HF / "daily_papers_2025-07-07_single.json", saved / f"daily_papers_{days[1]}.json")
    shutil.copy(HF / "daily_papers_2026-08-20.json", saved / f"daily_papers_{days[2]}.json")
    state = SqliteState(parts["state_path"])
    state.mark_day_done("2026-08-16", "test:1", 3)
    poster = RecordingPoster()
    job = Announcer(
        parts["store"],
        state,
        [lambda d: fetch_hf_day(str(saved), d)],
        AnnounceConfig(top_n=2, catch_up_days=4),
    )
    reports = await job.run([poster], today=days[2])
    assert [r.day for r in reports] == [dt.date(2026, 8, 17), *days]  # bounded by 4 days, oldest first
    assert reports[0].fetched == 0  # no saved file: an empty day
    assert poster.headers == days
    assert [d for d, _ in poster.items] == [days[0], days[0], days[1], days[2], days[2]]
    assert all(state.day_done(d.isoformat(), "test:1") for d in days)


async def test_a_paper_seen_again_on_a_later_day_is_announced_once(
    tmp_path: Path, parts: dict[str, Any]
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    for day in ("2026-08-20", "2026-08-21"):
        shutil.copy(HF / "daily_papers_2026-08-20.json", saved / f"daily_papers_{day}.json")
    poster = RecordingPoster()
    job = announcer(parts, [lambda d: fetch_hf_day(str(saved), d)], top_n=20)
    await job.run([poster], today=DAY)
    reports = await job.run([poster], today=dt.date(2026, 8, 21))
    assert len(poster.items) == 15
    assert reports[-1].already_announced == 15


async def test_empty_days_post_nothing_or_a_notice(server: Server, parts: dict[str, Any]) -> None:
    quiet = dt.date(2026, 8, 22)
    skipping = RecordingPoster("test:skip")
    await announcer(parts, [hf(server)]).run([skipping], today=quiet)
    noticing = RecordingPoster("test:notice")
    await announcer(parts, [hf(server)], empty_days="notice").run([noticing], today=quiet)
    assert (skipping.items, skipping.headers, skipping.empty) == ([], [], [])
    assert noticing.empty == [quiet]


async def test_a_broken_response_is_reported_and_nothing_applied(
    server: Server, parts: dict[str, Any]
) -> None:
    server.script[f"/api/daily_papers?date={DAY}"] = [(200, {}, b'[{"paper": {"id": "2608.1"')]
    poster = RecordingPoster()
    state = SqliteState(parts["state_path"])
    job = Announcer(parts["store"], state, [hf(server)], AnnounceConfig(top_n=5))
    reports = await job.run([poster], today=DAY)
    assert reports[0].problems and "line 1" in reports[0].problems[0]
    assert poster.items == []
    assert parts["store"].counts()[0] == 0
    assert not state.day_done(DAY.isoformat(), "test:1")  # retried on the next run


def test_429_with_retry_after_then_success(server: Server) -> None:
    path = f"/api/daily_papers?date={DAY}"
    server.script[path] = [
        (429, {"Retry-After": "1"}, b"slow down"),
        (200, {}, (HF / f"daily_papers_{DAY}.json").read_bytes()),
    ]
    slept: list[float] = []
    text = fetch_text(base(server) + path, HttpPolicy(retries=2, backoff_seconds=0.01), sleep=slept.append)
    assert len(json.loads(text)) == 15
    assert slept == [1.0]  # Retry-After honoured
    server.script[path] = [(500, {}, b"oops")]
    with pytest.raises(FetchError, match="gave up after 3 attempts"):
        fetch_text(base(server) + path, HttpPolicy(retries=2, backoff_seconds=0.0), sleep=lambda _: None)
    server.script[path] = [(404, {}, b"no")]
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_text(base(server) + path, HttpPolicy(retries=2), sleep=lambda _: None)


def test_a_dripping_source_is_given_up_at_its_total_deadline(server: Server) -> None:
    path = f"/api/daily_papers?date={DAY}"
    server.script[path] = [(200, {"X-Drip": "1"}, b"[" + b" " * 600 + b"]")]
    policy = HttpPolicy(timeout_seconds=5, total_seconds=2, retries=0)
    with pytest.raises(FetchError, match=r"gave up after 1 attempts \(no result within 2 s\)"):
        fetch_text(base(server) + path, policy)  # every read gets a byte in time; the whole takes 60 s


def test_arxiv_query_and_its_error_entries(server: Server) -> None:
    result = fetch_arxiv(base(server), "cat:cs.RO AND neural", policy=HttpPolicy(retries=0))
    assert len(result.papers) == 2
    assert all(p.arxiv_id and "v" not in p.arxiv_id for p in result.papers)
    assert any("search_query=cat%3Acs.RO" in path for path in server.seen)
    error_feed = (
        b'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>"
        b"<summary>incorrect id format for 1234</summary></entry></feed>"
    )
    server.script = {k: v for k, v in server.script.items()}
    server.script["/api/query?search_query=bad&sortBy=submittedDate&sortOrder=descending&max_results=100"] = [
        (200, {}, error_feed)
    ]
    with pytest.raises(FetchError, match="incorrect id format"):
        fetch_arxiv(base(server), "bad", policy=HttpPolicy(retries=0))


async def test_watches_mention_exactly_the_matching_members(server: Server, parts: dict[str, Any]) -> None:
    state = SqliteState(parts["state_path"])
    state.add_watch("discord", "111", "closed-loop embodied harness")
    state.add_watch("discord", "222", "protein folding with diffusion")
    state.add_watch("slack", "U333", "closed-loop embodied harness")
    poster = RecordingPoster()
    job = Announcer(parts["store"], state, [hf(server)], AnnounceConfig(top_n=15))
    await job.run([poster], today=DAY)
    by_title = {item.paper.title: item.watchers for _, item in poster.items}
    watched = [t for t, w in by_title.items() if "111" in w]
    assert watched == ["Zetta ζ: An Efficient Closed-Loop Embodied Harness"] or (
        watched[0].startswith("Zetta") and len(watched) <= 2
    )
    assert all("222" not in w for w in by_title.values())
    assert all("U333" not in w for w in by_title.values())  # other platform's watchers are not pinged here


def test_a_digest_item_stays_within_discord_limits() -> None:
    paper = Paper(
        id="x",
        title="T" * 500 + " @everyone",
        abstract="A. " * 2000,
        upvotes=3,
        date="2026-08-20",
        url="https://arxiv.org/abs/2608.00001",
        github_url="https://github.com/x/y",
    )
    text = digest_item_text(paper, "S" * 5000 + " @here", ("<@111>",))
    assert len(text) <= 2000
    assert "@everyone" not in text
    assert "@here" not in text
    assert "[code](<https://github.com/x/y>)" in text
    assert "<@111>" in text


def _data_dir_snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.rglob("*")
    }


def test_cli_dry_run_shows_the_ledger_per_channel_and_changes_nothing(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.announce import last_complete_day
    from bot.cli import main

    monkeypatch.setenv("HF_PAPERS_BASE_URL", base(server))
    monkeypatch.setenv("ANNOUNCE_TOP_N", "3")
    monkeypatch.setenv("ANNOUNCE_DISCORD_CHANNEL_IDS", "903")
    monkeypatch.setenv("ANNOUNCE_SLACK_CHANNEL_IDS", "C0PAPERS")
    papers = sorted(fetch_hf_day(str(HF), DAY).papers, key=lambda p: -(p.upvotes or 0))
    ledger = SqliteState(tmp_path / "state.sqlite3")
    ledger.mark_announced(DAY.isoformat(), papers[0].id, "discord:903", "m1")  # a run that died early
    ledger.add_watch("slack", "U111", "closed-loop embodied harness")
    ledger.mark_day_done((last_complete_day() - dt.timedelta(days=3)).isoformat(), "discord:903", 2)
    ledger.mark_day_done((last_complete_day() - dt.timedelta(days=3)).isoformat(), "slack:C0PAPERS", 2)
    ledger.close()
    before = _data_dir_snapshot(tmp_path)
    args = ["--env-file", "/nonexistent", "--data-dir", str(tmp_path), "announce", "--dry-run"]

    out = io.StringIO()
    assert main([*args, "--date", str(DAY)], out=out) == 0
    text = out.getvalue()
    discord_part, slack_part = text.split("── slack:C0PAPERS")
    assert discord_part.startswith(f"── discord:903: {DAY}, 2 new papers would go out")
    assert papers[0].title.split(":")[0] not in discord_part  # already posted: not again
    assert f"discord:903 already has 1 of this day's papers: {papers[0].id}" in text
    assert f": {DAY}, 3 new papers would go out" in slack_part
    assert "👀 for @slack:U111" in slack_part  # the watcher who would be pinged
    assert f"{papers[0].id} pings slack:U111" in text

    out = io.StringIO()
    assert main(args, out=out) == 0
    missed = [last_complete_day() - dt.timedelta(days=n) for n in (2, 1)]
    assert out.getvalue().splitlines()[0] == (
        f"Catching up {missed[0]}, {missed[1]} before {last_complete_day()} (a dry run: nothing is posted)."
    )
    assert _data_dir_snapshot(tmp_path) == before  # no chroma/, no write to the ledger
    assert not (tmp_path / "chroma").exists()


def test_cli_dry_run_offline_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("HF_PAPERS_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(tmp_path), "announce", "--dry-run"], out=out)
    assert code == 1
    [line] = out.getvalue().splitlines()
    assert "nothing fetched" in line and "gave up after 1 attempts" in line
    assert capsys.readouterr().err == ""  # said once, not logged again
    assert list(tmp_path.iterdir()) == []


def test_cli_announce_needs_a_destination(tmp_path: Path) -> None:
    from bot.cli import main

    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(tmp_path), "announce"], out=out)
    assert code == 1  # no destination configured: a clear error, not a silent no-op


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Pinned: between the header's post and its ledger row; before the first paper goes out, and
    # before the fourth. Then fresh random points (tests/integration/crash.py).
    pinned = [
        Crash(call="mark_announced", nth=1),
        Crash(call="post_item", nth=1),
        Crash(call="post_item", nth=4),
    ]
    crash_points.parametrize(metafunc, pinned, ci_runs=3)


@pytest.fixture(scope="module")
def uninterrupted_announcement(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> dict[str, Any]:
    """Eight of the day's papers announced (top 5) without a crash: the messages, ledger and store
    every crashed run must converge on, its number of writes, and the model's vectors."""
    import asyncio

    directory = tmp_path_factory.mktemp("announced")
    saved = directory / "saved"
    saved.mkdir()
    day_file = f"daily_papers_{DAY}.json"
    (saved / day_file).write_text(json.dumps(json.loads((HF / day_file).read_text())[:8]), encoding="utf-8")
    recorded = RecordedEmbedder.record(embedder)
    work = directory / "work"
    with WriteHook().installed(crash_points.announcer_writes()) as hook:
        asyncio.run(crash_points.announce(work, saved, recorded))
    recorded.save(directory / "vectors.npz")
    return {
        "saved": saved,
        "vectors": directory / "vectors.npz",
        "writes": hook.writes,
        "messages": FilePoster(work / "posted.txt").messages(),
        "ledger": crash_points.ledger(work / "state.sqlite3"),
        "dump": store_dump(work / "chroma"),
    }


async def test_an_announcer_killed_at_any_point_converges_without_duplicates(
    tmp_path: Path, uninterrupted_announcement: dict[str, Any], crash: Crash
) -> None:
    """SIGKILL at a write (pinned, or drawn from the seed in the test id), then run again: every
    message went out exactly once, and the ledger and the store equal the uninterrupted run's."""
    reference = uninterrupted_announcement
    point = crash.point(reference["writes"])
    context = f"{point.describe()} of {reference['writes']}"
    crash_points.kill_child("announce", point, context, tmp_path, reference["saved"], reference["vectors"])

    await crash_points.announce(tmp_path, reference["saved"], RecordedEmbedder.load(reference["vectors"]))
    messages = FilePoster(tmp_path / "posted.txt").messages()
    assert messages == reference["messages"], f"{context}: messages differ"
    ledger = crash_points.ledger(tmp_path / "state.sqlite3")
    assert ledger == reference["ledger"], f"{context}: ledger differs"
    assert_same_store(store_dump(tmp_path / "chroma"), reference["dump"], context)

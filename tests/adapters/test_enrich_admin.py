"""An admin triggers `enrich` from Discord (`/ingest enrich:True`) and Slack (a DM "enrich"):
the real clients against the fakes on 127.0.0.1; others are refused and nothing runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import discord.http
import pytest
import pytest_asyncio

from ingest.enrich import EnrichReport, EnrichStoppedError, Outcome, Resolution
from rag.answer import ExtractiveAnswerer
from rag.model import Paper
from rag.retrieve import HybridRetriever
from tests.adapters.fake_discord import GUILD_ID, FakeDiscord, interaction_payload
from tests.adapters.fake_discord import settle as settle_discord
from tests.adapters.fake_slack import DM_CHANNEL_ID, FakeSlack, message
from tests.adapters.fake_slack import settle as settle_slack
from tests.adapters.test_discord import start_bot
from tests.adapters.test_slack import serve_http

LISTED = Paper("alignment-faking-in-large-language-models", "Alignment faking in large language models", ".")
RESOLVED = Paper("2412.14093", LISTED.title, ".", arxiv_id="2412.14093")
REPORT = EnrichReport((Resolution(LISTED, Outcome.MATCHED, RESOLVED, ("title",)),), already_resolved=3)
SUMMARY = (
    "Looked up on arXiv: 1 matched, 0 unmatched, 0 ambiguous (3 already resolved, 0 tried lately).\n"
    "• Alignment faking in large language models → arXiv:2412.14093"
)


class Enrich:
    """The admin's enrich as the composition root hands it in, counting its runs."""

    def __init__(self, fails: bool = False) -> None:
        self.runs, self.fails = 0, fails

    async def __call__(self) -> EnrichReport:
        self.runs += 1
        if self.fails:
            raise EnrichStoppedError("no network", EnrichReport(), "export.arxiv.org", unreachable=True)
        return REPORT


@pytest.fixture(scope="module")
def answerer(opened_bundled_store: Any) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(HybridRetriever(opened_bundled_store))


@pytest_asyncio.fixture
async def discord_fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.base)
    yield server
    await server.stop()


async def test_discord_ingest_has_an_enrich_option_only_admins_can_use(
    discord_fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    enrich = Enrich()
    client = await start_bot(answerer, tmp_path, admin_user_ids=frozenset({701}))
    client.enrich_callback = enrich
    try:
        [sync] = discord_fake.posted(f"/guilds/{GUILD_ID}/commands", method="PUT")
        [ingest] = [command for command in sync.body if command["name"] == "ingest"]
        assert [option["name"] for option in ingest["options"]] == ["file", "url", "enrich"]
        client._connection.parse_interaction_create(interaction_payload("ingest", {"enrich": True}))
        await settle_discord(lambda: len(discord_fake.posted("/callback")) == 1)
        [refusal] = discord_fake.posted("/callback")
        assert refusal.body["data"]["content"] == "Only the group's admins can add papers."
        assert enrich.runs == 0
    finally:
        await client.close()

    admin = await start_bot(answerer, tmp_path, admin_user_ids=frozenset({700}))
    admin.enrich_callback = enrich
    try:
        admin._connection.parse_interaction_create(
            interaction_payload("ingest", {"enrich": True}, interaction_id=2)
        )
        await settle_discord(lambda: len(discord_fake.posted("/webhooks/")) == 1)
    finally:
        await admin.close()
    [reply] = discord_fake.posted("/webhooks/")
    assert (reply.body["content"], reply.body["flags"], enrich.runs) == (SUMMARY, 64, 1)


async def test_discord_enrich_offline_says_so_in_one_line(
    discord_fake: FakeDiscord, answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    client = await start_bot(answerer, tmp_path, admin_user_ids=frozenset({700}))
    client.enrich_callback = Enrich(fails=True)
    try:
        client._connection.parse_interaction_create(interaction_payload("ingest", {"enrich": True}))
        await settle_discord(lambda: len(discord_fake.posted("/webhooks/")) == 1)
    finally:
        await client.close()
    [reply] = discord_fake.posted("/webhooks/")
    assert (
        reply.body["content"]
        == "cannot reach export.arxiv.org: enrich needs the network; nothing was changed"
    )


async def test_slack_admin_dm_enrich_runs_it_and_others_are_refused(
    answerer: ExtractiveAnswerer, tmp_path: Path
) -> None:
    fake = FakeSlack()
    await fake.start()
    enrich = Enrich()
    try:
        async for slack in serve_http(fake, answerer, tmp_path, enrich):
            asked = message("enrich", "1699999999.002100", channel=DM_CHANNEL_ID, channel_type="im")
            await slack.event(asked, "Ev0021")
            await settle_slack(lambda: len(fake.posts()) == 1)
            assert fake.posts()[0]["text"] == "Only the group's admins can add papers."
            assert enrich.runs == 0
            await slack.event({**asked, "ts": "1699999999.002200", "user": "U0ADMIN"}, "Ev0022")
            await settle_slack(lambda: len(fake.posts()) == 2)
            assert enrich.runs == 1
            assert "1 matched, 0 unmatched, 0 ambiguous" in fake.posts()[1]["text"]
            assert "arXiv:2412.14093" in fake.posts()[1]["text"]
    finally:
        await fake.stop()

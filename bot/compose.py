"""The composition root: Settings in, the running parts out (the paper store, the answerer, the
chat core, the state store, the announcer, the Discord bot and the Slack app). What it builds
takes explicit arguments; only this module and bot/cli.py read Settings."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable

from bot.announce import AnnounceConfig, Announcer, DayReport, Poster
from bot.chat import Chat
from bot.render.answer import answer_body
from bot.render.terminal import slack_starting
from bot.settings import Settings, SettingsError
from bot.state import SqliteState
from ingest.errors import ParseResult
from ingest.fetch import fetch_arxiv, fetch_hf_day
from rag.answer import Answerer, ExtractiveAnswerer
from rag.embed import load_embedder
from rag.retrieve import HybridRetriever
from rag.store import PaperStore, open_store

log = logging.getLogger(__name__)


def open_paper_store(settings: Settings) -> PaperStore:
    return open_store(settings.store_location(), load_embedder(settings.embedding_model))


def build_retriever(settings: Settings, store: PaperStore | None = None) -> HybridRetriever:
    """Retrieval over the store, its lexicon kept next to it (loaded, not rebuilt, by each process)."""
    return HybridRetriever(store or open_paper_store(settings), lexicon_dir=settings.lexicon_dir)


def build_answerer(settings: Settings) -> Answerer:
    """The one place that chooses: extractive by default, an LLM when LLM_BASE_URL/LLM_MODEL say so."""
    extractive = ExtractiveAnswerer(build_retriever(settings))
    if not (settings.llm_base_url and settings.llm_model):
        return extractive
    # Imported here: without LLM settings the OpenAI client is never loaded.
    from rag.llm import LLMAnswerer, build_llm

    llm = build_llm(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
    return LLMAnswerer(extractive, llm, max_retries=settings.llm_max_retries)


def build_chat(settings: Settings) -> Chat:
    return Chat(build_answerer(settings), answer_body)


def open_state(settings: Settings) -> SqliteState:
    return SqliteState(settings.data_dir / "state.sqlite3")


def build_announcer(settings: Settings, answerer: Answerer, state: SqliteState) -> Announcer:
    fetchers: list[Callable[[dt.date], ParseResult]] = []
    if settings.hf_papers_base_url:
        fetchers.append(functools.partial(_fetch_hf, settings.hf_papers_base_url))
    if settings.arxiv_query:
        fetchers.append(functools.partial(_fetch_arxiv, settings.arxiv_base_url, settings.arxiv_query))
    if not fetchers:
        raise SettingsError("no source: set HF_PAPERS_BASE_URL and/or ARXIV_QUERY")
    config = AnnounceConfig(
        top_n=settings.announce_top_n,
        catch_up_days=settings.announce_catch_up_days,
        empty_days=settings.announce_empty_days,
        watch_threshold=settings.watch_threshold,
    )
    return Announcer(answerer.retriever.store, state, fetchers, config, on_ingested=answerer.refresh)


def _fetch_hf(base: str, day: dt.date) -> ParseResult:
    return fetch_hf_day(base, day)


def _fetch_arxiv(base: str, query: str, day: dt.date) -> ParseResult:
    # The arXiv API has no "papers of day D" query: take the newest, the ledger skips the known.
    return fetch_arxiv(base, query)


def _prepare_in_background(answerer: Answerer) -> None:
    """Build the lexical index while the bot connects, so the first question does not wait for
    it (questions that arrive sooner wait on the answerer's lock, not on a second build)."""

    def prepare() -> None:
        try:
            answerer.prepare()
        except Exception:  # the first question will retry the build and report the error
            log.exception("could not prepare the answerer at start")

    threading.Thread(target=prepare, name="paperbot-prepare", daemon=True).start()


def run_discord(settings: Settings) -> None:
    """The Discord bot, until stopped (and the daily digest, when its channels are set)."""
    if not settings.discord_token:
        raise SettingsError(
            "DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications, "
            "copy its token into .env (see .env.example), and invite it with the applications.commands "
            "and bot scopes"
        )
    from bot.discord.app import build_bot
    from bot.discord.client import DiscordConfig

    chat = build_chat(settings)
    config = DiscordConfig(
        token=settings.discord_token,
        guild_id=settings.discord_guild_id,
        admin_user_ids=settings.admin_user_ids,
        admin_role_ids=settings.admin_role_ids,
        cooldown_seconds=settings.cooldown_seconds,
        max_question_chars=settings.max_question_chars,
        announce_channel_ids=settings.announce_discord_channel_ids,
        announce_at=settings.announce_at,
    )
    state = open_state(settings)
    announce = settings.announce_discord_channel_ids
    announcer = build_announcer(settings, chat.answerer, state) if announce else None
    bot = build_bot(chat, state, config, chat.ingest, announcer)
    _prepare_in_background(chat.answerer)
    bot.run(settings.discord_token, log_handler=None)


def run_slack(settings: Settings, tell: Callable[[str], None]) -> None:
    """The Slack app, until stopped; `tell` hears, once, that it is starting and how."""
    mode = settings.slack_mode
    needed = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_APP_TOKEN" if mode == "socket" else "SLACK_SIGNING_SECRET": (
            settings.slack_app_token if mode == "socket" else settings.slack_signing_secret
        ),
    }
    missing = [key for key, value in needed.items() if not value]
    if missing:
        raise SettingsError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set ({mode} mode): "
            "create the app at https://api.slack.com/apps from bot/slack_manifest.yaml, install it, "
            "and copy the tokens into .env (see the README's Slack section and .env.example)"
        )
    assert settings.slack_bot_token is not None
    from bot.slack.app import build_slack_app, serve
    from bot.slack.shared import SlackConfig

    chat = build_chat(settings)
    config = SlackConfig(
        bot_token=settings.slack_bot_token,
        app_token=settings.slack_app_token,
        signing_secret=settings.slack_signing_secret,
        mode=mode,
        port=settings.slack_port,
        admin_user_ids=settings.slack_admin_user_ids,
        cooldown_seconds=settings.cooldown_seconds,
        max_question_chars=settings.max_question_chars,
    )
    state = open_state(settings)
    _prepare_in_background(chat.answerer)

    async def run() -> None:
        await serve(build_slack_app(chat, state, config, chat.ingest), config)

    tell(slack_starting(mode, settings.slack_port))
    asyncio.run(run())


def announce(
    settings: Settings, announcer: Announcer, today: dt.date, day: dt.date | None
) -> list[DayReport]:
    """Post the digest to every configured Discord and Slack channel."""
    discord_ready = bool(settings.discord_token and settings.announce_discord_channel_ids)
    slack_ready = bool(settings.slack_bot_token and settings.announce_slack_channel_ids)
    if not (discord_ready or slack_ready):
        raise SettingsError(
            "no destination: set DISCORD_TOKEN and ANNOUNCE_DISCORD_CHANNEL_IDS, or SLACK_BOT_TOKEN "
            "and ANNOUNCE_SLACK_CHANNEL_IDS, or use --dry-run"
        )

    async def job() -> list[DayReport]:
        posters: list[Poster] = []
        if slack_ready and settings.slack_bot_token:
            from bot.slack.announce import SlackPoster
            from bot.slack.shared import SlackConfig, build_web_client

            slack = build_web_client(SlackConfig(bot_token=settings.slack_bot_token))
            posters += [SlackPoster(slack, channel) for channel in settings.announce_slack_channel_ids]
        if not discord_ready or not settings.discord_token:
            return await announcer.run(posters, today, day)
        from bot.discord.announce import discord_posters

        channels = settings.announce_discord_channel_ids
        async with discord_posters(settings.discord_token, channels) as on_discord:
            return await announcer.run([*posters, *on_discord], today, day)

    return asyncio.run(job())

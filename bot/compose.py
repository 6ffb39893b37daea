"""The composition root: Settings in, the running parts out (the paper store, the answerer, the
chat core, the state store, the announcer, the Discord bot and the Slack app). What it builds
takes explicit arguments; only this module and bot/cli.py read Settings."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import os
import threading
from collections.abc import Awaitable, Callable

from bot.announce import AnnounceConfig, Announcer, DayReport, Poster
from bot.chat import Chat
from bot.render.answer import answer_body
from bot.render.terminal import slack_starting
from bot.schedule import DailySchedule
from bot.settings import Settings, SettingsError
from bot.state import SqliteState
from ingest.enrich import ArxivSearch, AttemptLedger, EnrichReport, enrich_store
from ingest.errors import ParseResult
from ingest.fetch import HttpPolicy, fetch_arxiv, fetch_hf_day
from ingest.lock import writer_lock
from rag.answer import Answerer, ExtractiveAnswerer
from rag.embed import load_embedder
from rag.retrieve import HybridRetriever
from rag.store import PaperStore, open_store

log = logging.getLogger(__name__)


def open_paper_store(settings: Settings) -> PaperStore:
    return open_store(
        settings.store_location(), load_embedder(settings.embedding_model), settings.chroma_timeout
    )


def build_retriever(
    settings: Settings, store: PaperStore | None = None, resident: bool = False
) -> HybridRetriever:
    """Retrieval over the store, its lexicon kept next to it (loaded, not rebuilt, by each process).
    `resident`: for a process that answers until stopped (a bot), which reads the lexicon whole
    at start; a one-shot command reads only what it uses."""
    return HybridRetriever(
        store or open_paper_store(settings), lexicon_dir=settings.lexicon_dir, resident=resident
    )


def build_answerer(settings: Settings, resident: bool = False) -> Answerer:
    """The one place that chooses: extractive by default, an LLM when LLM_BASE_URL/LLM_MODEL say so."""
    extractive = ExtractiveAnswerer(build_retriever(settings, resident=resident))
    if not (settings.llm_base_url and settings.llm_model):
        return extractive
    # Imported here: without LLM settings the OpenAI client is never loaded.
    from rag.llm import LLMAnswerer, build_llm

    llm = build_llm(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
    return LLMAnswerer(
        extractive, llm, max_retries=settings.llm_max_retries, timeout_seconds=settings.llm_timeout
    )


def build_chat(settings: Settings, resident: bool = False) -> Chat:
    return Chat(build_answerer(settings, resident), answer_body, settings.data_dir)


def open_state(settings: Settings, reading: bool = False) -> SqliteState:
    """The state store; for a command that only reads it (`reading`), opened read-only when this
    process may not write to the data directory (a read-only mount, another user's)."""
    path = settings.data_dir / "state.sqlite3"
    if reading and not (os.access(path if path.exists() else settings.data_dir, os.W_OK)):
        return SqliteState.read_only(path)
    return SqliteState(path)


def arxiv_search(settings: Settings) -> ArxivSearch:
    """The arXiv API as `paperbot enrich` asks it: ARXIV_BASE_URL, ARXIV_MIN_INTERVAL apart."""
    if not settings.arxiv_base_url.startswith(("http://", "https://")):
        raise SettingsError(
            f"ARXIV_BASE_URL={settings.arxiv_base_url}: enrich searches the arXiv API and needs its "
            "http(s) address (saved responses serve the announcer only)"
        )
    return ArxivSearch(settings.arxiv_base_url, settings.arxiv_min_interval)


def enrich_ledger(settings: Settings) -> AttemptLedger:
    return AttemptLedger(settings.data_dir / "state.sqlite3")


def _enrich_job(settings: Settings, chat: Chat) -> Callable[[], Awaitable[EnrichReport]] | None:
    """What an admin's enrich on Discord or Slack runs: `paperbot enrich` off the event loop,
    then retrieval refreshed so the resolved papers answer with their links at once. None when
    ARXIV_BASE_URL is no http(s) address."""
    if not settings.arxiv_base_url.startswith(("http://", "https://")):
        return None
    store = chat.answerer.retriever.store

    async def job() -> EnrichReport:
        search, ledger = arxiv_search(settings), enrich_ledger(settings)
        try:

            def locked() -> EnrichReport:  # one writer per data directory, as `paperbot enrich`
                with writer_lock(settings.data_dir, 60):
                    return enrich_store(store, search, ledger)

            return await asyncio.to_thread(locked)
        finally:  # what a run stopped part-way resolved is kept, and must be findable too
            await asyncio.to_thread(chat.answerer.refresh)

    return job


def build_announcer(settings: Settings, answerer: Answerer, state: SqliteState) -> Announcer:
    store = answerer.retriever.store
    return Announcer(
        store,
        state,
        _fetchers(settings, HttpPolicy()),
        _announce_config(settings),
        on_ingested=answerer.refresh,
        data_dir=settings.data_dir,  # the day's ingest takes the writer lock, as `paperbot ingest`
    )


def build_dry_run(settings: Settings) -> tuple[Announcer, list[tuple[str, str]]]:
    """The announcer for `announce --dry-run`, and the destinations (destination, platform) it
    shows: it reads the ledger read-only, opens no paper store (the model loads only if a watch
    needs it), writes nothing, and tries each source once (a retry would only repeat the error)."""
    state = SqliteState.read_only(settings.data_dir / "state.sqlite3")
    announcer = Announcer(
        None,
        state,
        _fetchers(settings, HttpPolicy(retries=0)),
        _announce_config(settings),
        embedder=functools.partial(load_embedder, settings.embedding_model),
    )
    destinations = [(f"discord:{channel}", "discord") for channel in settings.announce_discord_channel_ids]
    destinations += [(f"slack:{channel}", "slack") for channel in settings.announce_slack_channel_ids]
    return announcer, destinations or [("terminal", "terminal")]


def _fetchers(settings: Settings, policy: HttpPolicy) -> list[Callable[[dt.date], ParseResult]]:
    fetchers: list[Callable[[dt.date], ParseResult]] = []
    if settings.hf_papers_base_url:
        fetchers.append(functools.partial(_fetch_hf, settings.hf_papers_base_url, policy))
    if settings.arxiv_query:
        fetchers.append(
            functools.partial(_fetch_arxiv, settings.arxiv_base_url, settings.arxiv_query, policy)
        )
    if not fetchers:
        raise SettingsError("no source: set HF_PAPERS_BASE_URL and/or ARXIV_QUERY")
    return fetchers


def _announce_config(settings: Settings) -> AnnounceConfig:
    return AnnounceConfig(
        top_n=settings.announce_top_n,
        catch_up_days=settings.announce_catch_up_days,
        empty_days=settings.announce_empty_days,
        watch_threshold=settings.watch_threshold,
    )


def _fetch_hf(base: str, policy: HttpPolicy, day: dt.date) -> ParseResult:
    return fetch_hf_day(base, day, policy)


def _fetch_arxiv(base: str, query: str, policy: HttpPolicy, day: dt.date) -> ParseResult:
    # The arXiv API has no "papers of day D" query: take the newest, the ledger skips the known.
    return fetch_arxiv(base, query, policy=policy)


def _prepare_in_background(answerer: Answerer) -> None:
    """Build the lexical index while the bot connects, so the first question does not wait for
    it (questions that arrive sooner wait on the answerer's lock, not on a second build)."""

    def prepare() -> None:
        try:
            answerer.prepare()
        except Exception:  # the first question will retry the build and report the error
            log.exception("could not prepare the answerer at start")

    # Not a daemon: the interpreter waits for it at exit. A daemon thread killed inside native
    # code while the interpreter shut down crashed the process (SIGSEGV, 3 times out of 3).
    threading.Thread(target=prepare, name="paperbot-prepare", daemon=False).start()


def run_discord(settings: Settings) -> None:
    """The Discord bot, until stopped (and the daily digest, when its channels are set)."""
    if not settings.discord_token:
        raise SettingsError(
            "DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications, "
            "copy its token into .env (see .env.example), and invite it with the applications.commands "
            "and bot scopes"
        )
    from bot.discord.app import build_bot
    from bot.discord.client import DiscordConfig, run_bot, use_api

    chat = build_chat(settings, resident=True)
    config = DiscordConfig(
        token=settings.discord_token,
        guild_id=settings.discord_guild_id,
        admin_user_ids=settings.admin_user_ids,
        admin_role_ids=settings.admin_role_ids,
        cooldown_seconds=settings.cooldown_seconds,
        max_question_chars=settings.max_question_chars,
        announce_channel_ids=settings.announce_discord_channel_ids,
        announce_at=settings.announce_at,
        data_dir=settings.data_dir,
        conversation_idle_seconds=settings.conversation_idle_minutes * 60,
    )
    if settings.discord_api_url:
        use_api(settings.discord_api_url)
    state = open_state(settings)
    announce = settings.announce_discord_channel_ids
    announcer = build_announcer(settings, chat.answerer, state) if announce else None
    bot = build_bot(chat, state, config, chat.ingest, announcer, _enrich_job(settings, chat))
    # The lexical index is built only once Discord took the token: a start that fails leaves no
    # worker thread busy in native code while the interpreter shuts down (it crashed there).
    asyncio.run(run_bot(bot, settings.discord_token, lambda: _prepare_in_background(chat.answerer)))


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
    from bot.slack.announce import start_schedule
    from bot.slack.app import build_slack_app, serve
    from bot.slack.shared import SLACK_API_URL, SlackConfig

    chat = build_chat(settings, resident=True)
    config = SlackConfig(
        bot_token=settings.slack_bot_token,
        app_token=settings.slack_app_token,
        signing_secret=settings.slack_signing_secret,
        mode=mode,
        port=settings.slack_port,
        admin_user_ids=settings.slack_admin_user_ids,
        cooldown_seconds=settings.cooldown_seconds,
        max_question_chars=settings.max_question_chars,
        data_dir=settings.data_dir,
        conversation_idle_seconds=settings.conversation_idle_minutes * 60,
        api_url=f"{settings.slack_api_url}/" if settings.slack_api_url else SLACK_API_URL,
    )
    state = open_state(settings)
    channels = settings.announce_slack_channel_ids
    announcer = build_announcer(settings, chat.answerer, state) if channels else None
    app = build_slack_app(chat, state, config, chat.ingest, _enrich_job(settings, chat))
    running: list[DailySchedule] = []

    def started() -> None:
        tell(slack_starting(mode, settings.slack_port))
        _prepare_in_background(chat.answerer)  # only once Slack took the tokens (see run_discord)
        if announcer is not None:
            running.append(start_schedule(announcer, app.client, channels, settings.announce_at))

    asyncio.run(serve(app, config, started))


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
            from bot.slack.shared import SLACK_API_URL, SlackConfig, build_web_client

            api_url = f"{settings.slack_api_url}/" if settings.slack_api_url else SLACK_API_URL
            slack = build_web_client(SlackConfig(bot_token=settings.slack_bot_token, api_url=api_url))
            posters += [SlackPoster(slack, channel) for channel in settings.announce_slack_channel_ids]
        if not discord_ready or not settings.discord_token:
            return await announcer.run(posters, today, day)
        from bot.discord.announce import discord_posters
        from bot.discord.client import use_api

        if settings.discord_api_url:
            use_api(settings.discord_api_url)

        channels = settings.announce_discord_channel_ids
        async with discord_posters(settings.discord_token, channels) as on_discord:
            return await announcer.run([*posters, *on_discord], today, day)

    return asyncio.run(job())

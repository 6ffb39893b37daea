"""One frozen Settings object from the environment and `.env` (python-dotenv).

Only the composition root (`bot/cli.py`) calls `load_settings`; library code takes arguments.
Every bad key is reported at once, in one message.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from dotenv import dotenv_values

from ingest.limits import DEFAULT_LIMITS, RecordLimits
from rag.embed import DEFAULT_MODEL, KNOWN_MODELS
from rag.errors import PaperbotError
from rag.store import StoreLocation

REPO_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CORPUS = REPO_ROOT / "data" / "seeds"
_T = TypeVar("_T")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_HF_BASE: str | None = "https://huggingface.co"


class SettingsError(PaperbotError):
    """One or more settings are missing or malformed; the message names every one."""


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    corpus_dir: Path = BUNDLED_CORPUS
    embedding_model: str = DEFAULT_MODEL
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False
    chroma_headers: dict[str, str] = field(default_factory=dict, repr=False)
    chroma_timeout: float = 30.0
    log_level: str = "WARNING"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 30.0
    llm_max_retries: int = 2
    discord_token: str | None = field(default=None, repr=False)
    discord_guild_id: int | None = None
    discord_api_url: str | None = None  # e.g. a proxy, or a local fake in tests
    admin_user_ids: frozenset[int] = frozenset()
    admin_role_ids: frozenset[int] = frozenset()
    cooldown_seconds: float = 10.0
    max_question_chars: int = 1000
    announce_at: dt.time = dt.time(8, 0, tzinfo=dt.UTC)
    announce_top_n: int = 10
    announce_catch_up_days: int = 3
    announce_empty_days: str = "skip"
    announce_discord_channel_ids: tuple[int, ...] = ()
    announce_slack_channel_ids: tuple[str, ...] = ()
    hf_papers_base_url: str | None = "https://huggingface.co"
    arxiv_base_url: str = "https://export.arxiv.org"
    arxiv_query: str | None = None
    arxiv_min_interval: float = 3.0
    watch_threshold: float = 0.45
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_mode: str = "socket"
    slack_port: int = 3000
    slack_admin_user_ids: frozenset[str] = frozenset()
    slack_api_url: str | None = None
    conversation_idle_minutes: float = 30.0
    record_limits: RecordLimits = DEFAULT_LIMITS

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexicon_dir(self) -> Path:
        """Where the lexical index of the store is kept (rag/lexicon.py), in either mode."""
        return self.data_dir / "lexicon"

    @property
    def sentences_dir(self) -> Path:
        """Where the store's sentence vectors are kept for reading by paper id (rag/sentences.py),
        in either mode."""
        return self.data_dir / "sentences"

    def store_location(self) -> StoreLocation:
        if self.chroma_host:
            return StoreLocation(
                host=self.chroma_host,
                port=self.chroma_port,
                ssl=self.chroma_ssl,
                headers=dict(self.chroma_headers),
                sentences=self.sentences_dir,
            )
        return StoreLocation(path=self.store_dir, sentences=self.sentences_dir)


def default_data_dir(env: Mapping[str, str]) -> Path:
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    base = env.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(base) / "paperbot"


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Settings from `.env` overlaid by the real environment (the environment wins)."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    errors: list[str] = []

    def read(key: str, parse: Callable[[str], _T], default: _T) -> _T:
        raw = values.get(key, "").strip()
        if not raw:
            return default
        try:
            return parse(raw)
        except ValueError as error:
            errors.append(f"{key}: {error}")
            return default

    settings = Settings(
        data_dir=read("PAPERBOT_DATA_DIR", _path, default_data_dir(values)),
        corpus_dir=read("PAPERBOT_CORPUS_DIR", _path, BUNDLED_CORPUS),
        embedding_model=read("PAPERBOT_EMBEDDING_MODEL", _model, DEFAULT_MODEL),
        chroma_host=read("CHROMA_HOST", str, None),
        chroma_port=read("CHROMA_PORT", _port, 8000),
        chroma_ssl=read("CHROMA_SSL", _bool, False),
        chroma_headers=read("CHROMA_HEADERS", _headers, {}),
        chroma_timeout=read("CHROMA_TIMEOUT", _timeout, 30.0),
        log_level=read("PAPERBOT_LOG_LEVEL", _log_level, "WARNING"),
        llm_base_url=read("LLM_BASE_URL", _base_url, None),
        llm_model=read("LLM_MODEL", str, None),
        llm_api_key=read("LLM_API_KEY", str, None),
        llm_timeout=read("LLM_TIMEOUT", _timeout, 30.0),
        llm_max_retries=read("LLM_MAX_RETRIES", _retries, 2),
        discord_token=read("DISCORD_TOKEN", str, None),
        discord_guild_id=read("DISCORD_GUILD_ID", _snowflake, None),
        discord_api_url=read("DISCORD_API_URL", _base_url, None),
        slack_api_url=read("SLACK_API_URL", _base_url, None),
        conversation_idle_minutes=read("PAPERBOT_CONVERSATION_IDLE_MINUTES", _minutes, 30.0),
        admin_user_ids=read("DISCORD_ADMIN_USER_IDS", _snowflakes, frozenset()),
        admin_role_ids=read("DISCORD_ADMIN_ROLE_IDS", _snowflakes, frozenset()),
        cooldown_seconds=read("PAPERBOT_COOLDOWN_SECONDS", _seconds, 10.0),
        announce_at=read("ANNOUNCE_AT", _utc_time, dt.time(8, 0, tzinfo=dt.UTC)),
        announce_top_n=read("ANNOUNCE_TOP_N", _positive, 10),
        announce_catch_up_days=read("ANNOUNCE_CATCHUP_DAYS", _positive, 3),
        announce_empty_days=read("ANNOUNCE_EMPTY_DAYS", _empty_days, "skip"),
        announce_discord_channel_ids=read(
            "ANNOUNCE_DISCORD_CHANNEL_IDS", lambda raw: tuple(sorted(_snowflakes(raw))), ()
        ),
        announce_slack_channel_ids=read("ANNOUNCE_SLACK_CHANNEL_IDS", _slack_channels, ()),
        hf_papers_base_url=read("HF_PAPERS_BASE_URL", _source_base, DEFAULT_HF_BASE),
        arxiv_base_url=read("ARXIV_BASE_URL", str, "https://export.arxiv.org"),
        arxiv_query=read("ARXIV_QUERY", str, None),
        arxiv_min_interval=read("ARXIV_MIN_INTERVAL", _seconds, 3.0),
        watch_threshold=read("WATCH_THRESHOLD", _similarity, 0.45),
        max_question_chars=read("PAPERBOT_MAX_QUESTION_CHARS", _positive, 1000),
        slack_bot_token=read("SLACK_BOT_TOKEN", _token("xoxb-", "a bot token"), None),
        slack_app_token=read("SLACK_APP_TOKEN", _token("xapp-", "an app-level token"), None),
        slack_signing_secret=read("SLACK_SIGNING_SECRET", str, None),
        slack_mode=read("SLACK_MODE", _slack_mode, "socket"),
        slack_port=read("SLACK_PORT", _port, 3000),
        slack_admin_user_ids=read("SLACK_ADMIN_USER_IDS", _slack_user_ids, frozenset()),
        record_limits=RecordLimits(
            max_abstract_chars=read(
                "PAPERBOT_MAX_ABSTRACT_CHARS", _positive, DEFAULT_LIMITS.max_abstract_chars
            ),
            max_title_chars=read("PAPERBOT_MAX_TITLE_CHARS", _positive, DEFAULT_LIMITS.max_title_chars),
            max_record_chars=read("PAPERBOT_MAX_RECORD_CHARS", _positive, DEFAULT_LIMITS.max_record_chars),
        ),
    )
    if bool(values.get("LLM_BASE_URL", "").strip()) != bool(values.get("LLM_MODEL", "").strip()):
        errors.append("LLM_BASE_URL, LLM_MODEL: set both to answer with an LLM, or neither")
    if errors:
        raise SettingsError("invalid settings (check .env or the environment):\n  " + "\n  ".join(errors))
    return settings


def _minutes(raw: str) -> float:
    minutes = float(raw)
    if not 0 < minutes <= 7 * 24 * 60:
        raise ValueError(f"{raw!r} is not a number of minutes between 0 and a week")
    return minutes


def _model(raw: str) -> str:
    if raw not in KNOWN_MODELS:
        raise ValueError(f"unknown embedding model {raw!r}; known: {', '.join(KNOWN_MODELS)}")
    return raw


def _path(raw: str) -> Path:
    return Path(raw).expanduser()


def _port(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"{raw!r} is not a port number (1-65535)")
    return int(raw)


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{raw!r} is not a yes/no value (true/false, 1/0, yes/no, on/off)")


def _headers(raw: str) -> dict[str, str]:
    """A JSON object, or `Name: value` pairs separated by commas. Values are never echoed."""
    if raw.startswith("{"):
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON ({error.msg})") from None
        if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
            raise ValueError("must be a JSON object of string values")
        return {str(k): v for k, v in parsed.items()}
    headers: dict[str, str] = {}
    for pair in raw.split(","):
        name, sep, value = pair.partition(":")
        if not sep or not name.strip():
            raise ValueError("expected 'Name: value' pairs separated by commas, or a JSON object")
        headers[name.strip()] = value.strip()
    return headers


def _snowflake(raw: str) -> int:
    if not raw.isdigit():
        raise ValueError(f"{raw!r} is not a Discord id (a number; enable Developer Mode, then Copy ID)")
    return int(raw)


def _snowflakes(raw: str) -> frozenset[int]:
    return frozenset(_snowflake(part.strip()) for part in raw.split(",") if part.strip())


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number of seconds") from None
    if value < 0:
        raise ValueError(f"{raw!r} must not be negative")
    return value


def _positive(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{raw!r} is not a positive whole number")
    return int(raw)


def _base_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{raw!r} is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)")
    return raw.rstrip("/")


def _timeout(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number of seconds") from None
    if not 0 < value <= 600:
        raise ValueError(f"{raw!r} must be more than 0 and at most 600 seconds")
    return value


def _retries(raw: str) -> int:
    if not raw.isdigit() or int(raw) > 10:
        raise ValueError(f"{raw!r} is not a whole number from 0 to 10")
    return int(raw)


def _slack_channels(raw: str) -> tuple[str, ...]:
    channels = tuple(part.strip() for part in raw.split(",") if part.strip())
    bad = [c for c in channels if not re.fullmatch(r"[CG][A-Z0-9]{2,}", c)]
    if bad:
        raise ValueError(
            f"{', '.join(bad)}: Slack channel ids look like C0123ABCD (channel details → copy ID)"
        )
    return channels


def _utc_time(raw: str) -> dt.time:
    hours, sep, minutes = raw.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or int(hours) > 23 or int(minutes) > 59:
        raise ValueError(f"{raw!r} is not a time of day as HH:MM (UTC)")
    return dt.time(int(hours), int(minutes), tzinfo=dt.UTC)


def _empty_days(raw: str) -> str:
    if raw.lower() not in ("skip", "notice"):
        raise ValueError(f"{raw!r} must be 'skip' (post nothing) or 'notice' (a short line)")
    return raw.lower()


def _source_base(raw: str) -> str | None:
    """An http(s) base, a directory of saved responses, or 'off'."""
    return None if raw.lower() in ("off", "none", "false") else raw


def _similarity(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    if not -1.0 <= value <= 1.0:
        raise ValueError(f"{raw!r} must be between -1 and 1 (a cosine similarity)")
    return value


def _token(prefix: str, what: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if not raw.startswith(prefix):
            # Never echo the value: it may be a real secret pasted into the wrong key.
            raise ValueError(f"is not {what} (it should start with {prefix})")
        return raw

    return parse


def _slack_mode(raw: str) -> str:
    if raw.lower() not in ("socket", "http"):
        raise ValueError(f"{raw!r} must be 'socket' (Socket Mode, no public URL) or 'http' (Events API)")
    return raw.lower()


def _slack_user_ids(raw: str) -> frozenset[str]:
    ids = frozenset(part.strip() for part in raw.split(",") if part.strip())
    for user_id in ids:
        if not re.fullmatch(r"[UW][A-Z0-9]{2,}", user_id):
            raise ValueError(
                f"{user_id!r} is not a Slack user id (like U012AB3CD: profile -> ⋮ -> Copy member ID)"
            )
    return ids


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in _LOG_LEVELS:
        raise ValueError(f"{raw!r} is not one of {', '.join(_LOG_LEVELS)}")
    return level

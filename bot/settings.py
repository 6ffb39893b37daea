"""One frozen Settings object from the environment and `.env` (python-dotenv).

Only the composition root (`bot/cli.py`) calls `load_settings`; library code takes arguments.
Every bad key is reported at once, in one message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dotenv import dotenv_values

from rag.embed import DEFAULT_MODEL
from rag.store import StoreLocation

REPO_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CORPUS = REPO_ROOT / "data" / "seeds"
_T = TypeVar("_T")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(Exception):
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
    log_level: str = "WARNING"
    discord_token: str | None = field(default=None, repr=False)
    discord_guild_id: int | None = None
    admin_user_ids: frozenset[int] = frozenset()
    admin_role_ids: frozenset[int] = frozenset()
    cooldown_seconds: float = 10.0
    max_question_chars: int = 1000

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "chroma"

    def store_location(self) -> StoreLocation:
        if self.chroma_host:
            return StoreLocation(
                host=self.chroma_host,
                port=self.chroma_port,
                ssl=self.chroma_ssl,
                headers=dict(self.chroma_headers),
            )
        return StoreLocation(path=self.store_dir)


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
        embedding_model=read("PAPERBOT_EMBEDDING_MODEL", str, DEFAULT_MODEL),
        chroma_host=read("CHROMA_HOST", str, None),
        chroma_port=read("CHROMA_PORT", _port, 8000),
        chroma_ssl=read("CHROMA_SSL", _bool, False),
        chroma_headers=read("CHROMA_HEADERS", _headers, {}),
        log_level=read("PAPERBOT_LOG_LEVEL", _log_level, "WARNING"),
        discord_token=read("DISCORD_TOKEN", str, None),
        discord_guild_id=read("DISCORD_GUILD_ID", _snowflake, None),
        admin_user_ids=read("DISCORD_ADMIN_USER_IDS", _snowflakes, frozenset()),
        admin_role_ids=read("DISCORD_ADMIN_ROLE_IDS", _snowflakes, frozenset()),
        cooldown_seconds=read("PAPERBOT_COOLDOWN_SECONDS", _seconds, 10.0),
        max_question_chars=read("PAPERBOT_MAX_QUESTION_CHARS", _positive, 1000),
    )
    if errors:
        raise SettingsError("invalid settings (check .env or the environment):\n  " + "\n  ".join(errors))
    return settings


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


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in _LOG_LEVELS:
        raise ValueError(f"{raw!r} is not one of {', '.join(_LOG_LEVELS)}")
    return level

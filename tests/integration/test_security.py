"""Secrets never leak into output or logs; the repo never tracks .env."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.settings import SettingsError, load_settings
from tests.conftest import REPO

SECRETS = {
    "DISCORD_TOKEN": "discord-secret-0123456789",
    "CHROMA_HEADERS": '{"Authorization": "Bearer chroma-secret-abcdef"}',
    "LLM_API_KEY": "llm-secret-key-987654",
}
NEEDLES = ("discord-secret-0123456789", "chroma-secret-abcdef", "llm-secret-key-987654")


def test_secrets_stay_out_of_json_output_errors_and_logs(
    bundled_store: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    for key, value in SECRETS.items():
        monkeypatch.setenv(key, value)
    caplog.set_level(logging.DEBUG)
    outputs = []
    for args in (
        ["stats", "--json"],
        ["search", "reward models", "--json"],
        ["ask", "InfAlign", "--json"],
        ["cite", "InfAlign", "--json"],
        ["-v", "stats"],
    ):
        out = io.StringIO()
        main(["--env-file", "/nonexistent", "--data-dir", str(bundled_store["data_dir"]), *args], out=out)
        outputs.append(out.getvalue())
    captured = capsys.readouterr()
    everything = "\n".join([*outputs, captured.out, captured.err, caplog.text])
    assert outputs[0].startswith("{")
    for needle in NEEDLES:
        assert needle not in everything


def test_settings_errors_and_repr_never_show_secret_values(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings({**SECRETS, "CHROMA_HOST": "127.0.0.1"}, env_file=None)
    for needle in NEEDLES:
        assert needle not in repr(settings)
        assert needle not in str(settings.store_location())
    with pytest.raises(SettingsError) as caught:
        load_settings({"CHROMA_HEADERS": "{not json chroma-secret-abcdef", "CHROMA_PORT": "x"}, env_file=None)
    assert "chroma-secret-abcdef" not in str(caught.value)


def test_dotenv_is_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".env" in ignored


def test_state_database_is_owner_only(tmp_path: Path) -> None:
    from bot.state import SqliteState

    SqliteState(tmp_path / "state.sqlite3").close()
    assert (tmp_path / "state.sqlite3").stat().st_mode & 0o077 == 0

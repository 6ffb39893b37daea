from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import BUNDLED_CORPUS, SettingsError, load_settings
from rag.embed import DEFAULT_MODEL


def test_defaults_run_embedded_and_offline(tmp_path: Path) -> None:
    settings = load_settings({"HOME": str(tmp_path)}, env_file=None)
    assert settings.data_dir == tmp_path / ".local" / "share" / "paperbot"
    assert settings.corpus_dir == BUNDLED_CORPUS
    assert settings.embedding_model == DEFAULT_MODEL
    location = settings.store_location()
    assert location.host is None and location.path == settings.data_dir / "chroma"


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PAPERBOT_DATA_DIR=/from/file\nCHROMA_PORT=9000\n", encoding="utf-8")
    settings = load_settings({"CHROMA_PORT": "9100"}, env_file=env_file)
    assert settings.data_dir == Path("/from/file")
    assert settings.chroma_port == 9100


def test_server_mode_settings(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "CHROMA_HOST": "db.internal",
            "CHROMA_PORT": "8443",
            "CHROMA_SSL": "yes",
            "CHROMA_HEADERS": "Authorization: Bearer s3cret, X-Team: nlp",
        },
        env_file=None,
    )
    location = settings.store_location()
    assert (location.host, location.port, location.ssl) == ("db.internal", 8443, True)
    assert location.headers == {"Authorization": "Bearer s3cret", "X-Team": "nlp"}
    assert location.describe() == "https://db.internal:8443"
    assert "s3cret" not in repr(settings)


def test_every_bad_key_is_named_in_one_message() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {
                "CHROMA_PORT": "eighty",
                "CHROMA_SSL": "maybe",
                "CHROMA_HEADERS": "{broken",
                "PAPERBOT_LOG_LEVEL": "LOUD",
            },
            env_file=None,
        )
    message = str(caught.value)
    for key in ("CHROMA_PORT", "CHROMA_SSL", "CHROMA_HEADERS", "PAPERBOT_LOG_LEVEL"):
        assert key in message
    assert message.count("\n") == 4


def test_headers_json_must_be_an_object_of_strings() -> None:
    with pytest.raises(SettingsError, match="CHROMA_HEADERS"):
        load_settings({"CHROMA_HEADERS": '{"a": 1}'}, env_file=None)
    settings = load_settings({"CHROMA_HEADERS": '{"X-Key": "v"}'}, env_file=None)
    assert settings.chroma_headers == {"X-Key": "v"}


def test_llm_settings_are_off_by_default_and_read_when_set() -> None:
    plain = load_settings({}, env_file=None)
    assert (plain.llm_base_url, plain.llm_model, plain.llm_api_key) == (None, None, None)
    assert (plain.llm_timeout, plain.llm_max_retries) == (30.0, 2)
    settings = load_settings(
        {
            "LLM_BASE_URL": "http://127.0.0.1:8080/v1/",
            "LLM_MODEL": "smollm2",
            "LLM_API_KEY": "sk-very-secret",
            "LLM_TIMEOUT": "12.5",
            "LLM_MAX_RETRIES": "0",
        },
        env_file=None,
    )
    assert (settings.llm_base_url, settings.llm_model) == ("http://127.0.0.1:8080/v1", "smollm2")
    assert (settings.llm_timeout, settings.llm_max_retries) == (12.5, 0)
    assert settings.llm_api_key == "sk-very-secret"
    assert "sk-very-secret" not in repr(settings)


@pytest.mark.parametrize("only", [{"LLM_BASE_URL": "http://127.0.0.1:8080/v1"}, {"LLM_MODEL": "smollm2"}])
def test_an_llm_endpoint_without_a_model_or_the_reverse_names_both(only: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match="LLM_BASE_URL, LLM_MODEL: set both"):
        load_settings(only, env_file=None)


def test_bad_llm_values_are_reported_with_the_other_keys() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {
                "LLM_BASE_URL": "127.0.0.1:8080",
                "LLM_MODEL": "m",
                "LLM_TIMEOUT": "0",
                "LLM_MAX_RETRIES": "many",
                "LLM_API_KEY": "sk-never-echoed",
                "CHROMA_PORT": "eighty",
            },
            env_file=None,
        )
    message = str(caught.value)
    for key in ("LLM_BASE_URL", "LLM_TIMEOUT", "LLM_MAX_RETRIES", "CHROMA_PORT"):
        assert key in message
    assert "sk-never-echoed" not in message

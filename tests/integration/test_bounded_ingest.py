"""Ingest under hostile and careless input, and under a second writer (issue 19): every bad
record costs itself only, output stays bounded, records sharing an id but not their content are
reported, and one data directory has one writer at a time. Real model, real embedded Chroma."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from ingest.check import check_store
from ingest.chunk import chunk_paper
from ingest.lock import writer_lock
from rag.embed import load_embedder
from rag.store import PaperStore, PaperWrite, StoreLocation
from tests.conftest import REPO

CLI = [sys.executable, "-m", "bot", "--env-file", "/nonexistent"]
ABSTRACT = "We study {topic} with a careful method. Our results improve over strong baselines on {topic}. "


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(data_dir), *args], out=out)
    return code, out.getvalue()


def good_line(title: str) -> str:
    return json.dumps({"title": title, "abstract": ABSTRACT.format(topic=title.lower())})


def test_a_missing_path_is_reported_and_the_rest_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(good_line("Reward shaping for robots") + "\n", encoding="utf-8")
    code, out = run(tmp_path / "data", "ingest", str(tmp_path / "missing.jsonl"), str(good), "--json")
    report = json.loads(out)
    assert code == 1
    assert (report["added"], report["papers"]) == (1, 1)
    assert any("missing.jsonl: no such file or directory" in p for p in report["problems"])


def test_a_directory_without_papers_is_a_warning_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("nothing here", encoding="utf-8")
    code, out = run(tmp_path / "data", "ingest", str(empty))
    assert code == 1
    assert "empty: no supported files here (.atom, .json, .jsonl, .txt, .xml)" in out


def test_a_20_mb_abstract_is_refused_with_a_message_and_the_rest_stored(tmp_path: Path) -> None:
    source = tmp_path / "huge.jsonl"
    huge = json.dumps({"title": "Enormous", "abstract": "word " * 4_000_000})  # 20 MB
    long = json.dumps({"title": "Long", "abstract": "A sentence of the abstract. " * 1_000})  # 27,999 chars
    source.write_text("\n".join([huge, long, good_line("Small and fine")]) + "\n", encoding="utf-8")
    code, out = run(tmp_path / "data", "ingest", str(source), "--json")
    report = json.loads(out)
    assert code == 1
    assert (report["added"], report["papers"]) == (1, 1)
    [huge_problem, long_problem] = report["problems"]
    assert huge_problem.startswith("huge.jsonl:1: record of 20,000,0")
    assert "PAPERBOT_MAX_RECORD_CHARS" in huge_problem
    assert "abstract of 27,999 characters is over the limit of 20,000 (PAPERBOT_MAX_ABSTRACT_CHARS)" in (
        long_problem
    )


def test_json_nested_1200_deep_costs_one_line_in_every_reader(
    tmp_path: Path, bundled_store: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 1200 + "]" * 1200
    papers = tmp_path / "deep.jsonl"
    papers.write_text(f"{deep}\n{good_line('Deeply fine paper')}\n", encoding="utf-8")
    code, out = run(tmp_path / "data", "ingest", str(papers), "--json")
    report = json.loads(out)
    assert code == 1
    assert report["added"] == 1
    assert report["problems"] == ["deep.jsonl:1: JSON nested too deeply to read"]

    questions = tmp_path / "questions.jsonl"
    good = json.dumps({"id": "q2", "question": "reward models for image editing"})
    questions.write_text(f"{deep}\n{good}\n", encoding="utf-8")
    for command in ("ask", "search"):
        code, out = run(bundled_store["data_dir"], command, "--batch", str(questions), "--json")
        lines = [json.loads(line) for line in out.splitlines()]
        assert code == 1, command
        assert len(lines) == 2 and "error" in lines[0] and "error" not in lines[1], command
        assert "questions.jsonl:1" in capsys.readouterr().err


def test_an_item_nested_1200_deep_in_a_daily_papers_file_costs_that_item_only(tmp_path: Path) -> None:
    """A recorded daily_papers response with a record nested 1,200 deep before its real item:
    the real paper is stored, the deep record is one line naming its position and line."""
    recorded = (
        REPO / "tests" / "data" / "fixtures" / "hf_daily_papers" / "daily_papers_2025-07-07_single.json"
    )
    items = json.loads(recorded.read_text(encoding="utf-8"))
    deep = {**items[0], "paper": {**items[0]["paper"], "summary": "@DEEP@"}}
    text = json.dumps([deep, *items], indent=2, ensure_ascii=False)
    papers = tmp_path / "deep.json"
    papers.write_text(text.replace('"@DEEP@"', "[" * 1200 + "]" * 1200), encoding="utf-8")

    code, out = run(tmp_path / "data", "ingest", str(papers), "--json")

    report = json.loads(out)
    assert code == 1
    assert (report["added"], report["papers"]) == (1, 1)
    assert report["problems"] == [
        "deep.json:2: item 0: nested 1202 levels deep, over the limit of 64; not read"
    ]


def test_a_duplicate_id_with_different_content_is_reported_naming_both_sources(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(
        json.dumps({"id": "p1", "title": "Reward models for editing", "abstract": ABSTRACT.format(topic="x")})
        + "\n",
        encoding="utf-8",
    )
    second.write_text(
        json.dumps({"id": "p1", "title": "Tutoring dialogues", "abstract": "We study tutors. " * 5}) + "\n",
        encoding="utf-8",
    )
    code, out = run(tmp_path / "data", "ingest", str(first), str(second), "--json")
    report = json.loads(out)
    assert code == 1
    assert (report["added"], report["merged"], report["papers"]) == (1, 0, 1)
    [problem] = report["problems"]
    assert problem.startswith("b.jsonl: id 'p1' is also a.jsonl") and "not merged" in problem
    store = PaperStore(StoreLocation(path=tmp_path / "data" / "chroma"), load_embedder())
    [paper] = store.papers()
    assert paper.title == "Reward models for editing" and paper.abstract == ABSTRACT.format(topic="x").strip()


def test_a_file_of_200k_bad_lines_prints_a_bounded_report(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text("{broken\n" * 200_000 + good_line("The one good paper") + "\n", encoding="utf-8")
    result = subprocess.run(
        [*CLI, "--data-dir", str(tmp_path / "d"), "ingest", str(source)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    assert "1 added" in result.stdout
    assert "… and 199,950 more problems not shown" in result.stdout
    assert len(result.stdout) < 10_000 and len(result.stderr) < 20_000


def test_a_second_ingest_is_refused_naming_the_first_one_s_pid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "one.jsonl"
    source.write_text(good_line("Locked out paper") + "\n", encoding="utf-8")
    data = tmp_path / "data"
    with writer_lock(data):
        code, _ = run(data, "ingest", str(source))
        assert code == 1
        assert f"another ingest (pid {os.getpid()}) is running" in capsys.readouterr().err
        code, out = run(data, "stats", "--json")  # readers never wait for the writer
        assert code == 0 and json.loads(out)["papers"] == 0
    code, _ = run(data, "ingest", str(source))
    assert code == 0


def test_enrich_waits_for_no_one_while_another_writer_holds_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARXIV_BASE_URL", "http://127.0.0.1:9")  # never reached: the lock comes first
    data = tmp_path / "data"
    with writer_lock(data):
        code, _ = run(data, "enrich", "--no-progress")
    assert code == 1
    assert f"another ingest (pid {os.getpid()}) is running" in capsys.readouterr().err


def test_an_admin_upload_in_chat_takes_the_same_writer_lock(tmp_path: Path) -> None:
    import asyncio
    from types import SimpleNamespace
    from typing import cast

    from bot.chat import Chat
    from ingest.lock import WriterBusyError
    from rag.answer import Answerer

    source = tmp_path / "upload.jsonl"
    source.write_text(good_line("Uploaded in chat") + "\n", encoding="utf-8")
    data = tmp_path / "data"
    store = PaperStore(StoreLocation(path=data / "chroma"), load_embedder())
    answerer = SimpleNamespace(retriever=SimpleNamespace(store=store), refresh=lambda: None)
    chat = Chat(cast(Answerer, answerer), lambda answer: "", data, lock_wait=0.3)
    with writer_lock(data), pytest.raises(WriterBusyError, match=f"pid {os.getpid()}"):
        asyncio.run(chat.ingest(source))
    assert store.counts()[0] == 0  # nothing was written beside the other writer
    report = asyncio.run(chat.ingest(source))  # the lock is free again
    assert report.added == 1 and store.counts()[0] == 1


def _versions(tmp_path: Path, count: int = 50) -> tuple[Path, Path]:
    paths = []
    for version in ("a", "b"):
        path = tmp_path / f"version-{version}.jsonl"
        lines = [
            json.dumps(
                {
                    "id": f"paper-{n}",
                    "title": f"Paper {n}",
                    "abstract": f"Version {version} of paper {n} studies topic {n}. "
                    f"It reports result {version}{n} on benchmark {n}. "
                    f"A third sentence in version {version}.",
                }
            )
            for n in range(count)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_two_concurrent_ingests_never_mix_versions(tmp_path: Path) -> None:
    version_a, version_b = _versions(tmp_path)
    data = tmp_path / "data"
    command = [sys.executable, "-m", "bot", "--env-file", "/nonexistent", "--data-dir", str(data), "ingest"]
    runs = [
        subprocess.Popen(
            [*command, str(path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for path in (version_a, version_b)
    ]
    results = [(process.wait(timeout=300), process.communicate()) for process in runs]
    codes = sorted(code for code, _ in results)
    refused = [err for code, (_, err) in results if code == 1]
    assert codes in ([0, 0], [0, 1]), results  # one after the other, or the second refused
    assert all("another ingest (pid " in err for err in refused), refused
    store = PaperStore(StoreLocation(path=data / "chroma"), load_embedder())
    papers = store.papers()
    assert len(papers) == 50
    for paper in papers:
        version = "a" if paper.abstract.startswith("Version a") else "b"
        assert all(
            f"version {version}" in chunk.text.lower() or f"result {version}" in chunk.text
            for chunk in store.chunks_of(paper.id)
        ), paper.id
    assert check_store(store, repair=False).damaged == ()


def test_stats_check_finds_a_paper_paired_with_another_version_s_chunks_and_repairs_it(
    tmp_path: Path,
) -> None:
    version_a, version_b = _versions(tmp_path, count=3)
    data = tmp_path / "data"
    assert run(data, "ingest", str(version_a))[0] == 0
    store = PaperStore(StoreLocation(path=data / "chroma"), load_embedder())
    [paper_a] = store.papers(["paper-1"])
    abstract_b = json.loads(version_b.read_text(encoding="utf-8").splitlines()[1])["abstract"]
    # What a lost race used to leave: the record of version a with the chunks of version b.
    chunks_b = tuple(chunk_paper(dataclasses.replace(paper_a, abstract=abstract_b)))
    vectors = store.embedder.embed_documents([paper_a.text_for_embedding(), *(c.text for c in chunks_b)])
    store.write_papers([PaperWrite(paper_a, vectors[0], chunks_b, vectors[1:])])
    code, out = run(data, "stats", "--check", "--json")
    facts = json.loads(out)
    assert code == 0
    assert (facts["checked"], facts["damaged"], facts["repaired"]) == (3, 1, 1)
    code, out = run(data, "stats", "--check", "--json")
    assert json.loads(out)["damaged"] == 0


def test_paper_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    source = tmp_path / "escapes.jsonl"
    title = "Sneaky\x1b]0;pwned\x07 title\x1b[2J about reward models"
    source.write_text(json.dumps({"title": title, "abstract": ABSTRACT.format(topic="reward models")}) + "\n")
    data = tmp_path / "data"
    assert run(data, "ingest", str(source))[0] == 0
    for command in (["search", "reward models"], ["ask", "which paper is about reward models?"]):
        code, out = run(data, *command)
        assert code == 0, command
        assert "Sneaky" in out and "title" in out, out
        assert "\x1b" not in out and "\x07" not in out, command
        assert "Sneaky title" in out  # the window-title sequence goes whole, not just its ESC


def test_a_damaged_store_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "one.jsonl"
    source.write_text(good_line("Soon damaged paper") + "\n", encoding="utf-8")
    assert run(data, "ingest", str(source))[0] == 0
    with (data / "chroma" / "chroma.sqlite3").open("r+b") as database:
        database.write(b"\xde\xad" * 2000)  # the header and the first pages
    result = subprocess.run(
        [*CLI, "--data-dir", str(data), "stats"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"paperbot: the store at {data / 'chroma'} is damaged (")
    assert "Traceback" not in result.stderr


def test_an_unknown_embedding_model_is_a_settings_error_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERBOT_EMBEDDING_MODEL", "no-such-model")
    code, _ = run(tmp_path, "stats")
    assert code == 2
    assert "PAPERBOT_EMBEDDING_MODEL: unknown embedding model 'no-such-model'" in capsys.readouterr().err

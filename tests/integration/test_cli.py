"""`paperbot` end to end over the bundled corpus (ingested once per session by the CLI itself)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

from bot.chat import Chat, Room
from bot.cli import main
from bot.state import SqliteState
from rag.answer import Answerer, ExtractiveAnswerer
from tests.conftest import REPO


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["--env-file", "/nonexistent", "--data-dir", str(data_dir), *args], out=out)
    return code, out.getvalue()


def test_stats_json(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    assert (stats["papers"], stats["mode"], stats["dimension"]) == (205, "embedded", 384)
    assert stats["chunks"] == bundled_store["report"]["chunks"]
    assert stats["model"] == "all-MiniLM-L6-v2-int8-onnx"
    assert stats["store"] == str(bundled_store["data_dir"] / "chroma")


def test_reingest_reports_zero_added(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "ingest", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["added"], report["updated"], report["unchanged"], report["failed"]) == (0, 0, 205, 0)


def test_search_finds_a_paper_by_its_description(bundled_store: dict[str, Any]) -> None:
    code, out = run(
        bundled_store["data_dir"],
        "search",
        "human-aligned reward model for instruction-guided image editing",
        "--k",
        "3",
        "--json",
    )
    results = json.loads(out)["results"]
    assert code == 0
    assert len(results) == 3
    assert (
        results[0]["paper_id"]
        == "editreward-a-human-aligned-reward-model-for-instruction-guided-image-editing"
    )
    assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]  # the order they give


def test_search_text_output_shows_rank_title_and_facts(bundled_store: dict[str, Any]) -> None:
    code, out = run(
        bundled_store["data_dir"],
        "search",
        "a human-aligned reward model for instruction-guided image editing",
        "--k",
        "2",
    )
    first = out.splitlines()[0]
    assert code == 0
    assert first.startswith(" 1. EditReward")  # rank and title; scores only in --json
    assert "2025-09-30, 3 upvotes" in first


def test_batch_search_writes_one_line_per_input(bundled_store: dict[str, Any], tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"id": "q1", "question": "inference-aware alignment (best-of-N, jailbreaking)"}),
                "",
                json.dumps({"id": "q2", "question": "   "}),
                "{not json",
                json.dumps({"id": "q3", "query": "robot policy preference alignment GRAPE"}),
            ]
        ),
        encoding="utf-8",
    )
    code, out = run(bundled_store["data_dir"], "search", "--batch", str(batch), "--json", "--k", "5")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # two bad lines: reported, the rest answered
    assert [line["id"] for line in lines] == ["q1", "q2", None, "q3"]
    assert lines[0]["results"][0]["paper_id"] == "infalign-inference-aware-language-model-alignment"
    assert len(lines[0]["results"]) == 5
    assert set(lines[0]["results"][0]) == {"paper_id", "title", "score"}
    assert lines[1]["results"] == [] and "empty" in lines[1]["error"]
    assert lines[3]["results"][0]["paper_id"] == "grape-generalizing-robot-policy-via-preference-alignment"


def test_empty_query_is_a_usage_error(
    bundled_store: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(bundled_store["data_dir"], "search", "   ")
    assert code == 2
    assert capsys.readouterr().err.strip() == "paperbot: the query is empty"


def test_ingest_of_an_unknown_format_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "papers.csv"
    odd.write_text("title,abstract\n", encoding="utf-8")
    code, out = run(tmp_path / "data", "ingest", str(odd))
    assert code == 1
    assert "papers.csv: unknown format '.csv'" in out  # a reported problem: other paths would still be read


def test_ingest_of_a_partly_broken_file_keeps_the_good_papers(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    good = {"title": "Useful Paper", "abstract": "We do a careful study of something useful. " * 4}
    source.write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    code, out = run(tmp_path / "data", "ingest", str(source), "--json")
    report = json.loads(out)
    assert code == 1
    assert (report["added"], report["failed"], report["papers"]) == (1, 1, 1)
    assert "mixed.jsonl:2" in report["problems"][0]


def test_bad_settings_name_every_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("CHROMA_PORT=http\nCHROMA_SSL=perhaps\n", encoding="utf-8")
    code = main(["--env-file", str(env_file), "stats"], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "CHROMA_PORT" in err and "CHROMA_SSL" in err


def test_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("ingest", "stats", "search"):
        assert command in result.stdout


def test_ask_json_has_the_answer_contract(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "ask", "GRAPE robot policy preference alignment", "--json")
    answer = json.loads(out)
    assert code == 0
    assert answer["grounded"] is True
    assert answer["citations"][0]["paper_id"] == "grape-generalizing-robot-policy-via-preference-alignment"
    assert set(answer["citations"][0]) >= {"n", "paper_id", "title", "link", "date", "upvotes", "snippet"}
    assert answer["sources"][0] == answer["citations"][0]["paper_id"]


def test_ask_text_ends_with_the_sources(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "ask", "which paper builds a reward model for image editing?")
    assert code == 0
    body, sources = out.split("\nSources:\n")
    assert body.startswith("EditReward")
    assert sources.splitlines()[0].startswith("[1] EditReward")
    assert "3 upvotes" in sources.splitlines()[0]
    # A metadata answer lists its papers and their facts once; below it only their links.
    code, out = run(bundled_store["data_dir"], "ask", "which papers have exactly 3 upvotes?")
    body, links = out.split("\nLinks:\n")
    assert body.count("3 upvotes") == 5
    assert [line[:4] for line in links.splitlines()] == ["[1] ", "[2] ", "[3] ", "[4] ", "[5] "]


def test_ask_batch_writes_one_line_per_question(bundled_store: dict[str, Any], tmp_path: Path) -> None:
    batch = tmp_path / "ask.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "question": "when should I plant tomatoes in a temperate climate?"})
        + "\n"
        + json.dumps({"id": "b", "question": "cite DeAL (decoding-time alignment)"})
        + "\n",
        encoding="utf-8",
    )
    code, out = run(bundled_store["data_dir"], "ask", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["grounded"] is False
    assert lines[0]["citations"] == []
    assert lines[1]["citations"][0]["paper_id"] == "deal-decoding-time-alignment-for-large-language-models"
    assert set(lines[1]["citations"][0]) >= {"n", "paper_id", "title"}


def test_ask_batch_answers_past_a_question_that_fails(
    bundled_store: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault in one answer is reported on its line; the questions after it are answered."""
    answer_sync = ExtractiveAnswerer.answer_sync

    def failing(self: ExtractiveAnswerer, question: str, history: Any = ()) -> Any:
        if question == "boom":
            raise RuntimeError("a bug in the answerer")
        return answer_sync(self, question, history)

    monkeypatch.setattr(ExtractiveAnswerer, "answer_sync", failing)
    batch = tmp_path / "ask.jsonl"
    lines = [{"id": "a", "question": "boom"}, {"id": "b", "question": "cite DeAL (decoding-time alignment)"}]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out = run(bundled_store["data_dir"], "ask", "--batch", str(batch), "--json")
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert answers[0] == {"id": "a", "error": "internal error: RuntimeError('a bug in the answerer')"}
    assert answers[1]["citations"][0]["paper_id"] == "deal-decoding-time-alignment-for-large-language-models"


def test_session_49_which_org_after_a_list_of_papers_some_without_one(
    bundled_store: dict[str, Any], tmp_path: Path
) -> None:
    """ "which org is that from" after a list whose papers do not all give an organisation: sorting
    by it skipped the papers without one instead of failing the turn (and, before, the batch)."""
    batch = tmp_path / "ask.jsonl"
    turns = ["rewarddance", "anything like that but for image editing", "which org is that from"]
    batch.write_text(
        "".join(json.dumps({"id": str(n), "thread": "t", "question": q}) + "\n" for n, q in enumerate(turns)),
        encoding="utf-8",
    )
    code, out = run(bundled_store["data_dir"], "ask", "--batch", str(batch), "--json")
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [a["id"] for a in answers] == ["0", "1", "2"]
    assert "error" not in answers[2]
    assert answers[2]["citations"][0]["paper_id"].startswith("editreward-a-human-aligned-reward-model")


def test_cite_prints_bibtex_and_alternatives(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "cite", "AlignDiff", "--json")
    found = json.loads(out)
    assert code == 0
    assert (
        found["paper_id"]
        == "aligndiff-aligning-diverse-human-preferences-via-behavior-customisable-diffusion"
    )
    assert found["bibtex"].startswith("@misc{")
    assert "AlignDiff" in found["bibtex"]
    assert found["confidence"] >= 0.9
    code, out = run(bundled_store["data_dir"], "cite", "alignment survey")
    assert code == 0
    assert "Did you mean one of these?" in out


def test_cite_says_when_no_paper_matches(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "cite", "Quantum annealing for protein folding")
    assert code == 1
    assert out.startswith("No paper in the corpus matches")
    assert "@misc" not in out  # no BibTeX for a paper that was not asked for
    code, out = run(bundled_store["data_dir"], "cite", "Guide-Align", "--json")
    assert code == 0  # a name the abstract defines is a match
    assert (
        json.loads(out)["paper_id"]
        == "ensuring-safe-and-high-quality-outputs-a-guideline-library-approach-for-language"
    )


def test_similar_lists_neighbours_with_what_they_share(bundled_store: dict[str, Any]) -> None:
    code, out = run(bundled_store["data_dir"], "similar", "InfAlign", "--k", "3", "--json")
    similar = json.loads(out)
    assert code == 0
    assert similar["paper_id"] == "infalign-inference-aware-language-model-alignment"
    assert len(similar["similar"]) == 3
    assert similar["paper_id"] not in [s["paper_id"] for s in similar["similar"]]
    assert all(s["shared"] for s in similar["similar"])
    filler = {"like", "even", "different", "novel", "various", "significant"}
    assert not filler & {
        word for s in similar["similar"] for phrase in s["shared"] for word in phrase.split()
    }
    code, out = run(bundled_store["data_dir"], "similar", "sourdough starter hydration")
    assert code == 1
    assert out.startswith("No paper in the corpus matches")


def test_eval_prints_a_table_per_question_type(bundled_store: dict[str, Any], tmp_path: Path) -> None:
    questions = tmp_path / "mini.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q)
            for q in [
                {
                    "id": "1",
                    "type": "lookup",
                    "question": "InfAlign",
                    "gold": ["infalign-inference-aware-language-model-alignment"],
                },
                {
                    "id": "2",
                    "type": "unanswerable",
                    "question": "when should I plant tomatoes in a temperate climate?",
                    "gold": [],
                },
                {
                    "id": "3",
                    "type": "metadata",
                    "question": "Which paper is credited to TIGER-Lab?",
                    "gold": ["editreward-a-human-aligned-reward-model-for-instruction-guided-image-editing"],
                },
            ]
        ),
        encoding="utf-8",
    )
    code, out = run(bundled_store["data_dir"], "eval", str(questions), "--json")
    table = json.loads(out)
    assert code == 0
    assert table["lookup_r1"]["value"] == 1.0
    assert table["lookup_answered"]["value"] == 1.0
    assert table["unans_refused"]["value"] == 1.0
    assert table["metadata_acc"] == {"value": 1.0, "n": 1, "target": 0.8, "upper_bound": 0.0}
    assert table["latency_ms"]["n"] == 3


def test_chat_keeps_context_and_handles_commands(
    bundled_store: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = iter(["/help", "papers on image-goal navigation", "/cite GRAPE", "/bogus", "", "/quit"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(inputs))
    code, out = run(bundled_store["data_dir"], "chat")
    assert code == 0
    assert "/similar PAPER" in out
    assert "Sources:" in out
    assert "@misc{" in out
    assert "unknown command /bogus" in out


def test_chat_commands_share_the_session_s_store(
    bundled_store: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """/cite and /similar in the chat reopened Chroma and rebuilt the lexical index every time."""
    from bot import compose

    opened: list[Any] = []
    real_open = compose.open_paper_store

    def counting_open(settings: Any) -> Any:
        opened.append(settings)
        return real_open(settings)

    monkeypatch.setattr(compose, "open_paper_store", counting_open)
    inputs = iter(["/cite GRAPE", "/cite InfAlign", "/similar InfAlign", "InfAlign", "/quit"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(inputs))
    code, out = run(bundled_store["data_dir"], "chat")
    assert code == 0
    assert out.count("@misc{") == 2 and "Papers like: InfAlign" in out and "Sources:" in out
    assert len(opened) == 1


def test_discord_without_a_token_says_how_to_get_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(tmp_path, "discord")
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("paperbot: DISCORD_TOKEN is not set")
    assert "Traceback" not in err


def test_feedback_export_writes_eval_ready_jsonl(tmp_path: Path) -> None:
    from bot.state import SqliteState

    state = SqliteState(tmp_path / "state.sqlite3")
    state.remember_answer(
        "a1", "InfAlign", "It ... [1]", ["infalign-inference-aware-language-model-alignment"]
    )
    state.record_feedback("discord", "a1", "700", 1)
    state.close()
    code, out = run(tmp_path, "feedback", "export")
    [record] = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert record["gold"] == ["infalign-inference-aware-language-model-alignment"]
    assert (record["question"], record["vote"], record["user_id"]) == ("InfAlign", 1, "700")
    target = tmp_path / "feedback.jsonl"
    assert run(tmp_path, "feedback", "export", "--output", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == record["id"]


async def test_watch_keeps_the_watches_members_keep_in_chat(tmp_path: Path) -> None:
    # The CLI and the chat platforms share one watch implementation and one state store.
    add = ("watch", "add", "--platform", "discord", "--user", "42", "--topic", "reward   hacking")
    assert run(tmp_path, *add) == (0, "discord user 42: now watching “reward hacking”\n")
    assert run(tmp_path, *add)[1] == "discord user 42: already watched “reward hacking”\n"
    code, out = run(tmp_path, "watch", "list", "--json")
    assert (code, json.loads(out)) == (
        0,
        [{"platform": "discord", "user_id": "42", "topic": "reward hacking"}],
    )
    # Discord's /watches and /unwatch on the same data dir (a watch never asks the answerer).
    chat = Chat(cast(Answerer, None), lambda answer: "")
    room = Room(chat, SqliteState(tmp_path / "state.sqlite3"), "discord")
    assert await room.watches("42") == ["reward hacking"]
    assert (await room.unwatch("42", "reward hacking")).changed
    assert run(tmp_path, "watch", "list")[1].startswith("No topic watches yet")
    assert run(tmp_path, "watch", "remove", "--platform", "slack", "--user", "7", "--topic", "x")[1] == (
        "slack user 7: was not watching “x”\n"
    )
    assert run(tmp_path, "watch", "add", "--topic", "reward hacking")[0] == 1  # whose watch?

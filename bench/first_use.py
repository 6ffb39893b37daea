"""What a user feels first, at scale (issue 18): `paperbot --help` against `python -c pass`; a cold
`paperbot ask` (a new process: the lexicon built from a scan of the store, then loaded from its
saved file) against a plain llama-index one-shot over the same Chroma collection; every question
kind's latency (topical, lookup, list, metadata, similar, quoted title) in a warm process; and
the longest question while a catch-up with another process's writes runs.

The store is made by bench/realistic.py (`--build`: papers [0, size) with precomputed vectors).
Run: .venv/bin/python -m bench.first_use --work DIR --size 10000 [--build] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.corpus import DEV_SET, load_questions
from bench.measure import longest_pause, machine_line, markdown_table, percentile

REPO = Path(__file__).resolve().parents[1]
PAPERBOT = REPO / ".venv" / "bin" / "paperbot"
QUESTION = "How do reward model ensembles mitigate reward hacking?"
_SAVE_WAIT_SECONDS = 120  # the longest the stall part waits for the caught-up lexicon's file


def run_timed(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and standard output of one process."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERBOT_", "LLM_", "CHROMA_"))}
    return {**env, "PAPERBOT_DATA_DIR": str(data_dir)}


def build_store(work: Path, size: int, organisations: int) -> dict[str, Any]:
    """The realistic store at `work/data` (the sentence pool at `work/pool`, embedded once)."""
    pool = work / "pool"
    if not pool.with_suffix(".npz").exists():
        code = (
            "from pathlib import Path; from bench.synthetic import build_pool; "
            "from rag.embed import MiniLMEmbedder; "
            f"build_pool(MiniLMEmbedder())[0].save(Path({str(pool)!r}))"
        )
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
    steps = []
    for start in range(0, size, 2500):
        command = [sys.executable, "-m", "bench.realistic", "--pool", str(pool)]
        command += ["--store", str(work / "data" / "chroma"), "--start", str(start)]
        command += ["--stop", str(min(start + 2500, size)), "--organisations", str(organisations)]
        done = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
        steps.append(json.loads(done.stdout.strip().splitlines()[-1]))
    last: dict[str, Any] = steps[-1]
    return last


def help_timing(rounds: int) -> dict[str, float]:
    helps = [run_timed([str(PAPERBOT), "--help"])[0] for _ in range(rounds)]
    passes = [run_timed([sys.executable, "-c", "pass"])[0] for _ in range(rounds)]
    return {"help_s": statistics.median(helps), "python_pass_s": statistics.median(passes)}


def cold_ask(data_dir: Path, rounds: int, rescan: bool = True) -> dict[str, float]:
    """A new `paperbot ask` process: first with no saved lexicon (a scan builds and saves it;
    `rescan` False: the saved one is kept, when one is there), then loading it; and the plain
    llama-index one-shot over the same papers collection."""
    env = _env(data_dir)
    scan_s = scan_mib = float("nan")
    if rescan or not (data_dir / "lexicon").exists():
        shutil.rmtree(data_dir / "lexicon", ignore_errors=True)
        scan_s, scan_mib, _ = run_timed([str(PAPERBOT), "ask", QUESTION], env)
    loaded = [run_timed([str(PAPERBOT), "ask", QUESTION], env) for _ in range(rounds)]
    llama = [
        run_timed([sys.executable, "-m", "bench.first_use", "--llama-one-shot", str(data_dir), QUESTION], env)
        for _ in range(rounds)
    ]
    return {
        "ask_scan_s": scan_s,
        "ask_scan_mib": scan_mib,
        "ask_loaded_s": statistics.median(s for s, _, _ in loaded),
        "ask_loaded_mib": max(m for _, m, _ in loaded),
        "llama_one_shot_s": statistics.median(s for s, _, _ in llama),
        "llama_one_shot_mib": max(m for _, m, _ in llama),
    }


# The child of `ready_timing`, with no import of its own beyond what a bot's process imports:
# prints when its first answer was ready (epoch seconds) and how long each step took.
_READY = """
import asyncio, json, sys, time
from pathlib import Path
began = time.perf_counter()
import bot.discord.app  # what the Discord bot's process imports
from bot import compose
from bot.settings import load_settings
imported = time.perf_counter()
settings = load_settings(env_file=Path("/nonexistent"))
chat = compose.build_chat(settings, resident=True)
built = time.perf_counter()
chat.answerer.prepare()
prepared = time.perf_counter()
answer = asyncio.run(chat.ask(sys.argv[2]))
answered = time.perf_counter()
assert answer.grounded, answer
split = {"imports": imported - began, "build": built - imported, "prepare": prepared - built}
print(json.dumps({**split, "answer": answered - prepared, "answered_at": time.time()}))
"""


def ready_timing(data_dir: Path, rounds: int) -> dict[str, float]:
    """A bot process from its start to its first answer: what `paperbot discord` imports and
    builds (the chat core over the store, the lexicon prepared as the bot prepares it at start),
    then one question answered. Seconds from before the process is started to the answer, the
    median of `rounds` new processes, with the child's own split of the last one."""
    env = _env(data_dir)
    totals, split = [], {}
    for _ in range(rounds):
        started = time.time()
        command = [sys.executable, "-c", _READY, str(data_dir), QUESTION]
        done = subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True, text=True)
        split = json.loads(done.stdout.strip().splitlines()[-1])
        totals.append(split.pop("answered_at") - started)
    return {"ready_s": statistics.median(totals), **{f"ready_{k}_s": v for k, v in split.items()}}


def llama_one_shot(data_dir: Path, question: str) -> None:
    """What a user would write first with llama-index: the stored collection as a vector store,
    a retriever over it, the top papers for the question (the same MiniLM embeds the query)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from bench.peers import LlamaIndexEmbedding
    from rag.embed import load_embedder

    client = chromadb.PersistentClient(str(data_dir / "chroma"), ChromaSettings(anonymized_telemetry=False))
    # No embedding function: the query is embedded by llama-index's model, never by Chroma's.
    collection = client.get_collection("paperbot-papers", embedding_function=None)
    index = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=collection), embed_model=LlamaIndexEmbedding(load_embedder())
    )
    for hit in index.as_retriever(similarity_top_k=5).retrieve(question):
        print(hit.node.metadata.get("title", hit.node.node_id))


def _kinds(chat: Any, rng_seed: int = 3) -> dict[str, list[tuple[str, str]]]:
    """(kind, question) pairs for each question kind; `similar` questions are paper titles."""
    import random

    questions = load_questions(DEV_SET)
    papers = chat.answerer.retriever.papers()
    real = [p for p in papers.values() if not p.id.startswith("synthetic-")]
    rng = random.Random(rng_seed)
    titles = [p.title for p in rng.sample(real, 10)]
    organisations = sorted(chat.answerer.retriever.organisations())
    orgs = rng.sample(organisations, min(5, len(organisations)))
    by_type = {kind: [q.question for q in questions if q.type == kind][:10] for kind in ("topical", "lookup")}
    return {
        "topical": [("ask", q) for q in by_type["topical"]],
        "lookup": [("ask", q) for q in by_type["lookup"]],
        "list": [
            ("ask", f"Which papers are about {topic}?")
            for topic in (
                "reward hacking",
                "preference optimization",
                "jailbreak attacks",
                "safety alignment",
                "reinforcement learning from human feedback",
            )
        ],
        "metadata": [("ask", f"Which papers are from {org}?") for org in orgs]
        + [
            ("ask", q)
            for q in (
                "How many papers have more than 100 upvotes?",
                "Which paper has the most authors?",
                "Which papers from 2024 have the most upvotes?",
                f"Papers by {orgs[0]} with more than 50 upvotes",
                "What is the newest paper?",
            )
        ],
        "similar": [("similar", title) for title in titles],
        "quoted title": [("ask", f'What does "{title}" propose?') for title in titles],
    }


def question_kinds(data_dir: Path, rounds: int) -> dict[str, dict[str, float]]:
    """Warm per-kind latency (ms) in one process, as a bot answers. Every kind's questions are
    asked once before any is timed: a bot reads the rest of its lexicon on a thread for its
    first seconds (`--parts stall` shows those), and a first round of one kind at a time let
    that read overlap the first kind's timed rounds (topical's) and no other's."""
    from bot import compose
    from bot.settings import load_settings

    settings = load_settings(env_file=Path("/nonexistent"), environ=_env(data_dir))
    chat = compose.build_chat(settings, resident=True)
    chat.answerer.prepare()

    def timed(action: str, text: str) -> float:
        started = time.perf_counter()
        if action == "similar":
            asyncio.run(chat.similar(text))
        else:
            asyncio.run(chat.ask(text))
        return (time.perf_counter() - started) * 1000

    kinds = _kinds(chat)
    for items in kinds.values():  # the warm-up round, which also warms caches
        for action, text in items:
            timed(action, text)
    results: dict[str, dict[str, float]] = {}
    for kind, items in kinds.items():
        warm = [timed(action, text) for _ in range(rounds) for action, text in items]
        results[kind] = {"p50": percentile(warm, 50), "p95": percentile(warm, 95), "n": len(warm)}
    return results


def refresh_stall(work: Path, data_dir: Path, size: int, added: int) -> dict[str, float]:
    """Questions answered in a loop while another process writes `added` papers and this one
    catches up (on its own thread, as the bot's question that sees the change does): the longest
    question before the catch-up, and during it and until the lexicon's file is saved (and one
    second more), the longest pause another thread saw meanwhile, how long the catch-up took and
    when the file was saved."""
    from bot import compose
    from bot.settings import load_settings
    from rag.lexicon import saved_generation

    settings = load_settings(env_file=Path("/nonexistent"), environ=_env(data_dir))
    chat = compose.build_chat(settings, resident=True)
    answerer, retriever = chat.answerer, chat.answerer.retriever
    answerer.prepare()
    questions = [q.question for q in load_questions(DEV_SET) if q.type == "topical"][:10]
    timings: list[tuple[float, float]] = []
    stop = threading.Event()

    def ask_loop() -> None:
        n = 0
        while not stop.is_set():
            started = time.perf_counter()
            answerer.answer_sync(questions[n % len(questions)])
            timings.append((started, time.perf_counter() - started))
            n += 1

    asker = threading.Thread(target=ask_loop)
    asker.start()
    time.sleep(5)
    command = [sys.executable, "-m", "bench.realistic", "--pool", str(work / "pool")]
    command += ["--store", str(data_dir / "chroma"), "--start", str(size), "--stop", str(size + added)]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    gaps: list[tuple[float, float]] = []
    with longest_pause(gaps) as pause:
        began = time.perf_counter()
        changed = retriever.refresh()
        ended = time.perf_counter()
        # The lexicon is saved meanwhile (a thread, or a bot's child process): measured until the
        # file holds the caught-up generation, and one second more.
        deadline = ended + _SAVE_WAIT_SECONDS
        lexicon_dir, identity = settings.lexicon_dir, retriever.store.identity
        while time.perf_counter() < deadline:
            saved_at = saved_generation(lexicon_dir, identity)
            if saved_at is not None and saved_at >= (retriever.generation() or 0):
                break
            time.sleep(0.2)
        saved = time.perf_counter()
        time.sleep(1)
        window_end = time.perf_counter()
    stop.set()
    asker.join()
    before = [s * 1000 for t, s in timings if t + s < began]
    during = [s * 1000 for t, s in timings if t < window_end and t + s > began]
    near = [s * 1000 for t, s in timings if t < ended + 3 and t + s > began]  # as earlier runs measured
    return {
        "changed": float(changed),
        "refresh_s": ended - began,
        "saved_after_s": saved - began,
        "before_p50_ms": percentile(before, 50),
        "before_max_ms": max(before, default=float("nan")),
        "during_n": float(len(during)),
        "during_max_ms": max(during, default=float("nan")),
        "during_p50_ms": percentile(during, 50) if during else float("nan"),
        "near_n": float(len(near)),
        "near_max_ms": max(near, default=float("nan")),
        "near_p50_ms": percentile(near, 50) if near else float("nan"),
        # The catch-up and the 3 s after it (what earlier runs measured), then until the file
        # was saved and one second more.
        "longest_pause_ms": max((g for t, g in gaps if t - g < ended + 3), default=0.0) * 1000,
        "longest_pause_until_saved_ms": pause[0] * 1000,
    }


def stall_in_new_process(work: Path, size: int, added: int) -> dict[str, float]:
    """`refresh_stall` in a process of its own. After `question_kinds` this one holds a second
    chat's lexicon, and the first one's is kept frozen out of the collector's reach (once per
    process: rag.retrieve's `_settle`) while the second's is not, so full collections walked
    millions of objects no bot process has: pauses the product would not make."""
    command = [sys.executable, "-m", "bench.first_use", "--work", str(work), "--size", str(size)]
    command += ["--added", str(added), "--parts", "stall", "--json"]
    done = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    stall: dict[str, float] = json.loads(done.stdout)["stall"]
    return stall


def render(result: dict[str, Any], command: str) -> str:
    lines = [f"{machine_line()} · `{command}`"]
    if "first_use" in result:
        first = result["first_use"]
        rows = [
            ["`python -c pass`", f"{first['python_pass_s']:.2f}", "-"],
            ["`paperbot --help`", f"{first['help_s']:.2f}", "-"],
            [
                "cold `paperbot ask`, no saved lexicon (scan, build, save)",
                first["ask_scan_s"],
                first["ask_scan_mib"],
            ],
            ["cold `paperbot ask`, lexicon loaded", first["ask_loaded_s"], first["ask_loaded_mib"]],
            [
                "plain llama-index one-shot (same collection)",
                first["llama_one_shot_s"],
                first["llama_one_shot_mib"],
            ],
        ]
        table = [
            row if isinstance(row[1], str) else [row[0], f"{row[1]:.2f}", f"{row[2]:.0f}"] for row in rows
        ]
        lines += ["", markdown_table(["what", "seconds", "peak MiB"], table)]
    if "ready" in result:
        ready = result["ready"]
        lines += [
            "",
            f"A bot's start to its first answer: {ready['ready_s']:.2f} s (imports "
            f"{ready['ready_imports_s']:.2f}, store and model {ready['ready_build_s']:.2f}, "
            f"lexicon and collections loaded {ready['ready_prepare_s']:.2f}, "
            f"the question {ready['ready_answer_s']:.2f}).",
        ]
    if "kinds" in result:
        kinds = result["kinds"]
        lines += [
            "",
            markdown_table(
                ["question kind", "p50 ms", "p95 ms", "questions"],
                [[k, f"{v['p50']:.0f}", f"{v['p95']:.0f}", v["n"]] for k, v in kinds.items()],
            ),
        ]
    if "stall" in result:
        stall = result["stall"]
        lines += [
            "",
            f"Catch-up with {result['added']} papers another process wrote: {stall['refresh_s']:.1f} s "
            f"(the file saved after {stall.get('saved_after_s', float('nan')):.1f} s); "
            f"questions before it p50 {stall['before_p50_ms']:.0f} ms, max {stall['before_max_ms']:.0f} ms; "
            f"{stall['during_n']:.0f} questions overlapped it, p50 {stall['during_p50_ms']:.0f} ms, "
            f"the longest {stall['during_max_ms']:.0f} ms; the longest pause a 1 ms ticker thread saw "
            f"{stall['longest_pause_ms']:.0f} ms in the catch-up and the 3 s after it, "
            f"{stall.get('longest_pause_until_saved_ms', float('nan')):.0f} ms until the file was saved.",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_use", description=__doc__)
    parser.add_argument("--work", type=Path, help="work directory (pool, store)")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--build", action="store_true", help="build the realistic store first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--added", type=int, default=50, help="papers another process writes")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--saved-lexicon",
        action="store_true",
        help="keep a lexicon already saved next to the store (no 'no saved lexicon' row: a scan "
        "of a 100k store takes minutes)",
    )
    parser.add_argument(
        "--parts",
        default="first,ready,kinds,stall",
        help="what to time, comma-separated: first (--help, cold ask, llama-index), ready (a bot's "
        "start to its first answer), kinds (every question kind), stall (a catch-up); the stall "
        "writes papers to the store",
    )
    parser.add_argument("--llama-one-shot", nargs=2, metavar=("DATA_DIR", "QUESTION"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.llama_one_shot:
        llama_one_shot(Path(args.llama_one_shot[0]), args.llama_one_shot[1])
        return 0
    if args.work is None:
        parser.error("--work is required")
    data_dir = args.work / "data"
    result: dict[str, Any] = {"size": args.size, "added": args.added}
    if args.build:
        result["build"] = build_store(args.work, args.size, args.organisations)
    parts = set(args.parts.split(","))
    if "first" in parts:
        result["first_use"] = {**help_timing(10), **cold_ask(data_dir, args.rounds, not args.saved_lexicon)}
    if "ready" in parts:
        result["ready"] = ready_timing(data_dir, args.rounds)
    if "kinds" in parts:
        result["kinds"] = question_kinds(data_dir, args.rounds)
    if "stall" in parts and "kinds" in parts:
        result["stall"] = stall_in_new_process(args.work, args.size, args.added)
    elif "stall" in parts:
        result["stall"] = refresh_stall(args.work, data_dir, args.size, args.added)
    command = "python -m bench.first_use " + " ".join(argv if argv is not None else sys.argv[1:])
    print(json.dumps(result, indent=2) if args.json else render(result, command))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

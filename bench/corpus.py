"""The benchmark inputs: the bundled corpus, the dev questions, and synthetic copies of the
corpus for larger runs. Reads files only; never touches the store."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from ingest.pipeline import read_sources
from ingest.sources.hf_listing import read_listing
from ingest.sources.jsonl import write_jsonl
from rag.model import Paper
from rag.papers import merge_all, paper_id_for

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "seeds"
DEV_SET = REPO / "data" / "eval" / "dev.jsonl"


@dataclass(frozen=True, slots=True)
class Question:
    """One dev question: `gold` holds the paper ids a good search returns (empty: none exist)."""

    id: str
    type: str
    question: str
    gold: tuple[str, ...]


def load_listing_corpus(seeds: Path = SEEDS) -> list[Paper]:
    """Every paper of the bundled listing pages, merged by id (what `paperbot ingest` stores)."""
    papers: list[Paper] = []
    for page in sorted(seeds.glob("*.txt")):
        papers.extend(read_listing(page).papers)
    return merge_all(papers)


def load_questions(path: Path = DEV_SET) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            questions.append(
                Question(record["id"], record["type"], record["question"], tuple(record["gold"]))
            )
    return questions


def copy_of(paper: Paper, number: int) -> Paper:
    """The same abstract under a new title. The marker goes first because ids are title slugs
    cut at 80 characters: a suffix would vanish from long titles and collide with the original."""
    title = f"Copy {number}: {paper.title}"
    return dataclasses.replace(paper, id=paper_id_for(title), title=title, arxiv_id=None, sources=())


def corpus_paths(corpus: Path, repeat: int, scratch: Path) -> list[Path]:
    """What to hand `ingest_paths`: the corpus itself, plus (repeat > 1) one JSON Lines file in
    `scratch` holding copies 2..repeat of every paper, so the run holds `repeat` times the papers."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    if repeat == 1:
        return [corpus]
    originals = read_sources([corpus]).papers
    copies = [copy_of(paper, number) for number in range(2, repeat + 1) for paper in originals]
    path = scratch / "copies.jsonl"
    write_jsonl(copies, path)
    return [corpus, path]

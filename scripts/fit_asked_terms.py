"""Fit how far each word of a question can be trusted as a word of the paper it asks for
(rag/asked_terms.py), on the fitting question sets, never on holdout.

    PAPERBOT_DATA_DIR=/tmp/fit .venv/bin/paperbot ingest
    PAPERBOT_DATA_DIR=/tmp/fit .venv/bin/python scripts/fit_asked_terms.py [--write] [--leave-out probe47 ...]

People who describe a paper in their own words use words its abstract never has: "chatbot" for
an assistant, "pictures" for images, "scorer" for a reward model, "plus" and "tried" for the
grammar of a description. Such a word, rare in the abstracts, weighs heavily in BM25 and puts
whatever paper happens to use it first (the survey of ChatGPT alternatives for anything said
about "chatbots"). For each stem asked by the questions of the fitting sets (every topical,
lookup and multi question, and each conversation's first turn with a gold), this counts the
questions that ask it and those whose gold paper (any of them) holds it; its weight is that
share, smoothed towards the share over all stems (`--prior` questions' worth) and divided by it,
at most 1. Stems asked fewer than `--min-asked` times, or weighted 0.95 or more, are left out
(weight 1). BM25 multiplies each query term's score by its weight (rag.lexicon), and so does the
share of a question's terms a paper holds (rag.decide's `coverage`: the reranker's, a set's
filter's and a thread's implied subject's; the refusal evidence keeps plain IDF, as its model was
fitted on it).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import load_settings  # noqa: E402
from rag.decide import content_stems  # noqa: E402
from rag.embed import load_embedder  # noqa: E402
from rag.store import open_store  # noqa: E402

EVAL = ROOT / "data" / "eval"
HELD_BACK = ("holdout",)  # never fitted on
OUT = ROOT / "rag" / "asked_terms.py"
_KEPT_BELOW = 0.95


def asked_with_gold(path: Path) -> list[tuple[str, list[str]]]:
    """(question, gold ids) of a file's questions that ask for papers by their content."""
    rows: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item["type"] in ("topical", "lookup", "multi") and item.get("gold"):
            rows.append((item["question"], item["gold"]))
        elif item["type"] == "conversation" and item["turns"] and item["turns"][0].get("gold"):
            rows.append((item["turns"][0]["question"], item["turns"][0]["gold"]))
    return rows


def fit(
    files: list[Path], held: dict[str, frozenset[str]], prior: float, min_asked: int
) -> tuple[dict[str, float], int, int]:
    """The weights, the number of questions and of stems asked."""
    asked: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    questions = 0
    for path in files:
        for question, gold in asked_with_gold(path):
            golds = [held[g] for g in gold if g in held]
            if not golds:
                continue
            questions += 1
            for stem in set(content_stems(question)):
                asked[stem] += 1
                kept[stem] += any(stem in stems for stems in golds)
    share = sum(kept.values()) / max(1, sum(asked.values()))
    weights = {}
    for stem, times in asked.items():
        weight = min(1.0, (kept[stem] + prior * share) / (times + prior) / share)
        if times >= min_asked and weight < _KEPT_BELOW:
            weights[stem] = round(weight, 3)
    return dict(sorted(weights.items())), questions, len(asked)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="rewrite rag/asked_terms.py")
    parser.add_argument("--leave-out", nargs="*", default=[], help="sets (file stems) not fitted on")
    parser.add_argument("--prior", type=float, default=5.0)
    parser.add_argument("--min-asked", type=int, default=5)
    args = parser.parse_args()
    settings = load_settings()
    store = open_store(settings.store_location(), load_embedder(settings.embedding_model))
    papers = store.papers()
    held = {paper.id: frozenset(content_stems(f"{paper.title} {paper.abstract}")) for paper in papers}
    left_out = set(HELD_BACK) | set(args.leave_out)
    files = sorted(path for path in EVAL.glob("*.jsonl") if path.stem not in left_out)
    weights, questions, stems = fit(files, held, args.prior, args.min_asked)
    provenance = (
        f"{questions} questions of {len(files)} sets of data/eval/ (all but {', '.join(sorted(left_out))}), "
        f"{stems} stems asked; kept: {len(weights)} asked at least {args.min_asked} times and "
        f"weighted under {_KEPT_BELOW} (prior {args.prior:g} questions; scripts/fit_asked_terms.py)"
    )
    print(provenance)
    print(", ".join(f"{stem} {weight}" for stem, weight in sorted(weights.items(), key=lambda x: x[1])[:40]))
    if args.write:
        body = "".join(f"        {json.dumps(stem)}: {weight},\n" for stem, weight in weights.items())
        OUT.write_text(
            '"""How far each word of a question can be trusted as a word of the paper it asks for: the\n'
            "share of the fitting questions asking the stem whose gold paper holds it, over that share\n"
            "for all stems (smoothed, at most 1). Written by scripts/fit_asked_terms.py; stems not\n"
            'listed weigh 1."""\n\n'
            "from __future__ import annotations\n\n"
            "from collections.abc import Mapping\n"
            "from types import MappingProxyType\n\n"
            "PROVENANCE = (\n"
            + "".join(f"    {json.dumps(line + ' ')}\n" for line in textwrap.wrap(provenance, 90))
            + ")\n\n"
            "ASKED_TERMS: Mapping[str, float] = MappingProxyType(\n    {\n" + body + "    }\n)\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

"""Fit the list cue (rag/phrasing.py): whether a question's wording asks for several papers.

    PAPERBOT_DATA_DIR=/tmp/fit .venv/bin/paperbot ingest
    PAPERBOT_DATA_DIR=/tmp/fit .venv/bin/python scripts/fit_list_cue.py [--write] [--report-from 21]

Rows: the "multi" questions (several gold papers: label 1) and the "topical" ones (one: label 0)
of the question files (dev, tune, probe …; never holdout). Features: the question's words, word
pairs and first word (rag.phrasing.grams) that at least `--min-count` rows use. Model: logistic
regression (numpy, standardised features, L2 by 5-fold cross-validation, classes weighted), its
weights folded back onto the raw 0/1 features. Cut: on out-of-fold probabilities of the one-paper
questions the router's patterns leave topical (the only ones the cue reads), the lowest that turns
at most `--max-flip` of them into lists.

`--report-from N` also fits on the files before probeN only and reports, on probeN and later,
how many of the list questions the patterns leave topical the cue catches, and at what cost.
`--write` rewrites rag/list_cue_model.py (then: ruff format).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.phrasing import grams  # noqa: E402


def question_files() -> list[Path]:
    probes = sorted((ROOT / "data" / "eval").glob("probe*.jsonl"), key=number)
    return [ROOT / "data/eval/dev.jsonl", ROOT / "data/eval/tune.jsonl", *probes]


def number(path: Path) -> int:
    """probeN's N (probe: 1); 0 for dev and tune."""
    return int(re.sub(r"\D", "", path.stem) or 1) if path.stem.startswith("probe") else 0


def rows_of(paths: list[Path]) -> list[dict[str, Any]]:
    out = []
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                if item["type"] in ("topical", "multi"):
                    out.append({"file": path.stem, "q": item["question"], "y": int(item["type"] == "multi")})
    return out


def fit_logistic(z: np.ndarray, y: np.ndarray, l2: float, steps: int = 1500) -> tuple[np.ndarray, float]:
    """Gradient descent on the class-weighted log loss plus l2 |w|^2 / 2."""
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = weight * (p - y)
        w -= 0.3 * (z.T @ g / len(y) + l2 * w)
        b -= 0.3 * float(g.mean())
    return w, b


class Fitted:
    def __init__(self, texts: list[str], y: np.ndarray, min_count: int) -> None:
        counts: dict[str, int] = {}
        for text in texts:
            for gram in grams(text):
                counts[gram] = counts.get(gram, 0) + 1
        self.vocabulary = sorted(g for g, n in counts.items() if n >= min_count)
        x = self.matrix(texts)
        self.mean, self.scale = x.mean(axis=0), x.std(axis=0) + 1e-6
        z = (x - self.mean) / self.scale
        rng = np.random.default_rng(0)
        folds = np.zeros(len(y), dtype=int)
        for label in (0, 1):
            index = np.flatnonzero(y == label)
            folds[rng.permutation(index)] = np.arange(len(index)) % 5
        best = (-1.0, 0.1)
        self.out_of_fold: dict[float, np.ndarray] = {}
        for l2 in (0.03, 0.1, 0.3):
            oof = np.zeros(len(y))
            for fold in range(5):
                w, b = fit_logistic(z[folds != fold], y[folds != fold], l2)
                oof[folds == fold] = 1 / (1 + np.exp(-(z[folds == fold] @ w + b)))
            self.out_of_fold[l2] = oof
            positives, negatives = oof[y == 1], oof[y == 0]
            auc = float((positives[:, None] > negatives[None, :]).mean())
            print(f"  l2 {l2}: out-of-fold AUC {auc:.4f}")
            best = max(best, (auc, l2))
        self.l2 = best[1]
        w, b = fit_logistic(z, y, self.l2)
        self.weights = w / self.scale  # on the raw 0/1 features
        self.bias = b - float((w * self.mean / self.scale).sum())

    def matrix(self, texts: list[str]) -> np.ndarray:
        index = {g: n for n, g in enumerate(self.vocabulary)}
        x = np.zeros((len(texts), len(index)))
        for row, text in enumerate(texts):
            for gram in grams(text):
                if gram in index:
                    x[row, index[gram]] = 1.0
        return x

    def probability(self, texts: list[str]) -> np.ndarray:
        return 1 / (1 + np.exp(-(self.matrix(texts) @ self.weights + self.bias)))


def left_topical(texts: list[str]) -> np.ndarray:
    """Whether the router's patterns, with no paper named, read each text as topical, and the cue
    would be asked (not of "a paper": one paper, rag.understand)."""
    from rag.understand import _ONE_WORK, Route, understand

    return np.array(
        [
            understand(t, (), lambda _: [], frozenset(), 2025).route is Route.TOPICAL
            and not _ONE_WORK.search(t)
            for t in texts
        ]
    )


def lowest_cut(probabilities: np.ndarray, share: float) -> float:
    ordered = np.sort(probabilities)
    allowed = int(np.floor(share * len(ordered)))
    return float(ordered[len(ordered) - allowed - 1] + 1e-4)


def fit(rows: list[dict[str, Any]], min_count: int, max_flip: float) -> tuple[Fitted, float, np.ndarray]:
    texts = [r["q"] for r in rows]
    y = np.array([r["y"] for r in rows], dtype=float)
    fitted = Fitted(texts, y, min_count)
    topical = left_topical(texts)
    oof = fitted.out_of_fold[fitted.l2]
    cut = lowest_cut(oof[topical & (y == 0)], max_flip)
    caught = float((oof[topical & (y == 1)] >= cut).mean())
    print(
        f"  {len(rows)} rows ({int(y.sum())} list), {len(fitted.vocabulary)} grams, L2 {fitted.l2}; "
        f"cut {cut:.3f}: out of fold it reads {caught:.2f} of the {int((topical & (y == 1)).sum())} list "
        f"questions the patterns leave topical as lists, and {max_flip} of the one-paper ones"
    )
    return fitted, cut, topical


def model_text(fitted: Fitted, cut: float, rows: list[dict[str, Any]], max_flip: float) -> str:
    files = " + ".join(dict.fromkeys(r["file"] for r in rows))
    weights = {g: round(float(w), 4) for g, w in zip(fitted.vocabulary, fitted.weights, strict=True)}
    weights = {g: w for g, w in weights.items() if abs(w) >= 0.001}
    body = ",\n".join(f"    {g!r}: {w}" for g, w in sorted(weights.items()))
    provenance = (
        f"logistic regression over the words, word pairs and first word of {len(rows)} questions "
        f"({sum(r['y'] for r in rows)} asking for several papers) of {files} (data/eval/), "
        f"L2 {fitted.l2}; cut at most {max_flip} of the one-paper questions the patterns leave "
        f"topical, out of fold; scripts/fit_list_cue.py, {dt.date.today().isoformat()}"
    )
    lines = "\n".join(f"    {part!r}" for part in textwrap.wrap(provenance, 90, drop_whitespace=False))
    return (
        '"""The fitted list cue (rag.phrasing): written by scripts/fit_list_cue.py --write."""\n\n'
        f"PROVENANCE = (\n{lines}\n)\nBIAS = {fitted.bias:.4f}\nCUT = {cut:.4f}\n"
        f"WEIGHTS: dict[str, float] = {{\n{body},\n}}\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="rewrite rag/list_cue_model.py")
    parser.add_argument("--min-count", type=int, default=5, help="rows a gram needs (default: %(default)s)")
    parser.add_argument(
        "--max-flip",
        type=float,
        default=0.005,
        help="share of one-paper questions the cue may turn into lists (default: %(default)s: fitted "
        "before probe21, 0.01 and 0.005 caught 52 and 51 of probe21-40's 69 list questions the patterns "
        "miss and turned the same 4 of 366 one-paper questions into lists; over all the sets, 0.01 turned "
        "3 questions about one paper into lists, and one-paper questions outnumber lists)",
    )
    parser.add_argument(
        "--report-from", type=int, help="also fit before probeN and report on probeN and later"
    )
    parser.add_argument("--before", type=int, help="fit on the files before probeN only (to score the rest)")
    args = parser.parse_args()
    files = question_files()
    if args.before:
        files = [p for p in files if number(p) < args.before]
    if args.report_from:
        early = rows_of([p for p in files if number(p) < args.report_from])
        late = rows_of([p for p in files if number(p) >= args.report_from])
        print(f"fit on the files before probe{args.report_from}:")
        fitted, cut, _ = fit(early, args.min_count, args.max_flip)
        texts = [r["q"] for r in late]
        y = np.array([r["y"] for r in late])
        topical = left_topical(texts)
        p = fitted.probability(texts)
        caught = int(((p >= cut) & topical & (y == 1)).sum())
        flipped = int(((p >= cut) & topical & (y == 0)).sum())
        print(
            f"  on probe{args.report_from} and later: the patterns leave {int((topical & (y == 1)).sum())} "
            f"list questions topical, the cue catches {caught}; it turns {flipped} of "
            f"{int((topical & (y == 0)).sum())} one-paper questions into lists"
        )
    rows = rows_of(files)
    print("fit on every question file:")
    fitted, cut, _ = fit(rows, args.min_count, args.max_flip)
    if args.write:
        (ROOT / "rag" / "list_cue_model.py").write_text(model_text(fitted, cut, rows, args.max_flip))
        print("wrote rag/list_cue_model.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())

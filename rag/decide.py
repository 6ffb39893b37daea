"""The refusal decision: does the corpus answer this? Evidence about the question's own terms and
the best candidates is weighed by one logistic model (`policy.REFUSAL`), fitted on the tuning
questions by `scripts/fit_policy.py`. No thresholds live anywhere else."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import Stemmer
from rapidfuzz import fuzz

from rag.asked_terms import ASKED_TERMS
from rag.english import greek_spelled
from rag.model import Paper

_TOKEN = re.compile(r"[a-z0-9]+")
# Words that carry no topic: question grammar, chat's fillers ("yo", "gimme"), contractions typed
# without their apostrophe ("dont", "thats") and the vocabulary every abstract here shares.
FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any anything are as at be because been
    before being below between both but by can could did do does doing down during each either else
    ever every few for from further get gets had has have having he her here hers him his how i if in
    into is it its itself just least less let like made make many may me might more most much must my
    near need no nor not now of off often on once one only or other others otherwise our ours out over
    own per please rather same say see several shall she should show so some something such than that
    the their theirs them then there these they thing things this those though through thus to too
    toward towards under until up upon us use used uses using very via want was way we were what when
    where whether which while who whom whose why will with within without would yet you your yours
    paper papers work works study studies article articles research corpus cite citation reference
    bibtex link original exist existing approach approaches method methods tell know find list show
    give anyone someone remember looking look pls plz thanks thx hi hey ok okay lol there s t d ve ll re
    don isn doesn didn wasn weren aren hasn haven hadn couldn wouldn shouldn
    whats what's kind sort specifically actually really basically stuff
    mention mentions mentioned mentioning
    go goes going gone went got gave said come comes came take takes took
    anywhere somewhere everywhere nowhere everyone anybody somebody
    yo hello hmm um uh btw fyi imo sup ya yeah yep dude guys folks
    gimme lemme wanna gonna kinda sorta
    dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt couldnt wouldnt shouldnt
    im ive youre theyre thats theres hows whos wheres
    vs versus besides beside except
    whatever whichever whoever whomever whenever wherever however anyway anyways""".split()
)
_STEMMER = Stemmer.Stemmer("english")
# A capitalised word after the first: a name, a language, a venue ("Swahili", "NeurIPS").
_CAPITALISED = re.compile(r"(?<=[\s(/'\"])[A-Z][A-Za-z0-9-]+")
_CAPITALISED_RUN = re.compile(r"(?<=[\s(/'\"])[A-Z][A-Za-z0-9-]+(?: [A-Z][A-Za-z0-9-]+)+")
# A word shaped like a name wherever it stands: an acronym, mixed case or a number with letters
# ("DPO", "RLHF", "StarCraft", "3D", "GPT-4").
_NAME_SHAPED = re.compile(r"\b(?:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9-]*|[0-9]+[A-Za-z][A-Za-z0-9]*)\b")


def stem(word: str) -> str:
    """The stem `content_stems` gives a (lowercase) word."""
    return sys.intern(_STEMMER.stemWord(word))


def content_stems(text: str) -> list[str]:
    """The stems of the words of `text` that say what it is about."""
    return [
        sys.intern(_STEMMER.stemWord(w))
        for w in _TOKEN.findall(greek_spelled(text.lower()))
        if w not in FUNCTION_WORDS and len(w) > 1
    ]


class TermStatistics:
    """Document frequencies of stems over the stored papers (title + abstract)."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self.frequency: dict[str, int] = {}
        self.papers = 0
        # A paper's stems, or the same joined by spaces as a saved lexicon holds them (a set
        # per paper took most of a second to unpickle at 10k papers), split on first use.
        self._stems: dict[str, frozenset[str] | str] = {}
        for paper in papers:
            self._count(paper)

    def _count(self, paper: Paper) -> None:
        """Count `paper` (not counted yet) in."""
        stems = frozenset(content_stems(f"{paper.title} {paper.abstract}"))
        self._stems[paper.id] = stems
        self.papers += 1
        for stem in stems:
            self.frequency[stem] = self.frequency.get(stem, 0) + 1

    def changed(self, added: Iterable[Paper], removed: Iterable[str]) -> TermStatistics:
        """A copy with `added` papers counted (replacing any of the same id) and `removed` ids not:
        the same statistics as rebuilding from every paper, at the cost of the changed ones."""
        new = TermStatistics(())
        new.frequency, new._stems, new.papers = dict(self.frequency), dict(self._stems), self.papers
        added = list(added)
        for paper_id in {*removed, *(paper.id for paper in added)}:
            stems = _split(new._stems.pop(paper_id, None))
            if stems is None:
                continue
            new.papers -= 1
            for stem in stems:
                new.frequency[stem] -= 1
                if not new.frequency[stem]:
                    del new.frequency[stem]
        for paper in added:
            new._count(paper)
        return new

    def idf(self, stem: str) -> float:
        return math.log((self.papers + 1) / (self.frequency.get(stem, 0) + 0.5))

    def stems_of(self, paper: Paper) -> frozenset[str]:
        known = self._stems.get(paper.id)
        if isinstance(known, str):  # split once, on first use
            known = self._stems[paper.id] = frozenset(known.split())
        return known if known is not None else frozenset(content_stems(f"{paper.title} {paper.abstract}"))

    def __getstate__(self) -> dict[str, object]:
        stems = {pid: s if isinstance(s, str) else " ".join(s) for pid, s in self._stems.items()}
        return {"frequency": self.frequency, "papers": self.papers, "stems": stems}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.frequency, self.papers, self._stems = state["frequency"], state["papers"], state["stems"]


def _split(stems: frozenset[str] | str | None) -> frozenset[str] | None:
    return frozenset(stems.split()) if isinstance(stems, str) else stems


def _pairs(stems: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(stems) if a != b]


@functools.lru_cache(maxsize=4096)
def _text_pairs(text: str) -> frozenset[str]:
    """The adjacent pairs of content stems of a text (function words skipped)."""
    return frozenset(_pairs(content_stems(text)))


ACRONYM_WORD = re.compile(r"[A-Z][A-Z0-9]+s?")  # "LLM", "LLMs", "RLHF", "LCBMs"
# ... or in mixed case, two capitals at least ("BoN", "MoE", "LoRA")
_SHORT_ACRONYM = re.compile(r"(?=(?:[a-z]*[A-Z]){2})[A-Z][A-Za-z]{2,5}")


def _without(text: str, word: str) -> str:
    """`text` with `word` left out wherever it stands alone."""
    return re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", " ", text)


def writes_acronym(text: str, acronym: str) -> bool:
    """Whether `text` writes `acronym` ("LLMs" as "LLM" too), or spells it out: "RLHF" in
    "reinforcement learning from human feedback" (the initials of its words, function words
    left out), "RL" in "reinforcement learning" (two words side by side). A chance match only
    keeps a follow-up answered, as before acronyms were read as written."""
    sequence = re.findall(r"[a-z0-9]+", text.lower())
    asked = acronym.lower()
    bare = asked[:-1] if acronym.endswith("s") and len(asked) > 2 else asked
    if asked in sequence or bare in sequence:
        return True
    if len(bare) < 3:  # "RL": two words side by side ("reinforcement learning")
        return any(first[0] + second[0] == bare for first, second in itertools.pairwise(sequence))
    initials = "".join(word[0] for word in sequence if word not in FUNCTION_WORDS)
    # "MoE" for "mixture of experts": its small letters are the function words' initials; and
    # "SOTA" for "state-of-the-art": one hyphenated compound, function words and all.
    if bare in initials or (acronym != acronym.upper() and bare in "".join(word[0] for word in sequence)):
        return True
    # "LoRA" for "low-rank adaptation": a mixed-case acronym's capitals are its words' initials
    capitals = "".join(letter for letter in acronym if letter.isupper()).lower()
    if acronym != acronym.upper() and len(capitals) >= 3 and capitals in initials:
        return True
    compounds = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", text.lower())
    return any("".join(part[0] for part in compound.split("-")) == bare for compound in compounds)


def shared_phrases(question: str, text: str) -> int:
    """How many adjacent pairs of content terms ("training paradigms") the two texts share."""
    return len(_text_pairs(question) & _text_pairs(text))


def phrase_coverage(
    question: str, paper: Paper, statistics: TermStatistics, either_order: bool = False
) -> float:
    """The IDF-weighted share of the question's adjacent term pairs ("continual learning") that
    the paper's text holds as adjacent pairs too: the phrase, not its words apart ("continuous
    improvement ... learning"). A question of one term counts as its coverage. `either_order`:
    a pair the paper writes the other way round is held too ("generated images" of "image
    generation")."""
    stems = [s for s in content_stems(question) if s in statistics.frequency]
    pairs = list(dict.fromkeys(_pairs(stems)))
    if not pairs:
        return coverage(question, paper, statistics)
    have = _text_pairs(f"{paper.title}. {paper.abstract}")
    if either_order:
        have = have | {" ".join(pair.split()[::-1]) for pair in have}
    weights = {pair: sum(statistics.idf(s) for s in pair.split()) for pair in pairs}
    return sum(w for pair, w in weights.items() if pair in have) / sum(weights.values())


def coverage(question: str, paper: Paper, statistics: TermStatistics) -> float:
    """The share of the question's known terms that the paper's text holds, each weighed by its
    IDF times how far askers' use of it says the paper sought has it (rag.asked_terms)."""
    stems = [s for s in dict.fromkeys(content_stems(question)) if s in statistics.frequency]
    if not stems:
        return 1.0
    weights = {s: statistics.idf(s) * ASKED_TERMS.get(s, 1.0) for s in stems}
    have = statistics.stems_of(paper)
    return sum(w for s, w in weights.items() if s in have) / sum(weights.values())


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the decision weighs. Coverages are IDF-weighted shares of the question's terms."""

    coverage_top: float  # found in the best paper
    coverage_top5: float  # found in any of the best five
    coverage_detail: float  # of the terms not in the best paper's title, found in its abstract
    unknown: float  # found in no paper at all
    dense_top: float  # cosine of the best paper to the question
    sentence_top: float  # cosine of the best sentence of the best paper
    named: float  # 1 when the question names a paper (a name, an arXiv id), or the thread does
    title_match: float  # how closely the question's words match the best paper's title (0-1)
    unknown_names: float  # capitalised words (names, languages, venues) no paper uses, up to 3
    rarest_missing: float  # the rarest term the answering papers lack, as a share of the rarest possible
    terms: float  # log(1 + number of content terms)
    listing: float  # 1 for a list question: exploratory, answered by several papers at once
    lookup: float  # 1 for a lookup ("cite X"): short by nature, which elsewhere hints at a miss
    borrowed_name: float  # 1 when the names it uses are only mentioned in abstracts, defined by none
    missing_names: float  # name-shaped words other papers use but the answering ones lack, up to 2
    soft_top: float  # how much of the question the best paper holds by meaning (rag.words)
    # The term the best paper holds least, by meaning: max over the question's terms of
    # IDF share x (1 - its best cosine to a word of the paper). A near miss asks one thing the
    # paper lacks ("... in German?") while a paraphrase's words each come close to the paper's.
    surprise: float
    unmatched: float  # IDF share of the question's terms the best paper holds below UNMATCHED
    isolated_gap: float  # surprise x how well the best paper holds the question's other terms
    threaded: float = 0.0  # 1 for a turn that follows earlier turns of its thread
    cites_authors: float = 0.0  # 1 when it cites a paper by its authors ("Hu et al."): no listing names them

    def vector(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, name)) for name in FEATURES)


# The model's inputs, in the order of Evidence's fields (the fitted weights follow it).
FEATURES = tuple(item.name for item in dataclasses.fields(Evidence))


def initials_of(title: str, acronym: str) -> bool:
    """Whether `acronym` is the initials of consecutive words of `title`, function words skipped
    ("VPL" of "… with Variational Preference Learning", "RLHF" of "Reinforcement Learning from
    Human Feedback"), not letters gathered from words apart ("DDPO" of "Diffusion Model Alignment
    Using Direct Preference Optimization")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", title) if w.lower() not in FUNCTION_WORDS]
    initials = "".join(w[0].lower() for w in words)
    return len(letters) >= 2 and "".join(letters) in initials


def gather_evidence(
    question: str,
    papers: Sequence[Paper],
    statistics: TermStatistics,
    dense_top: float,
    sentence_top: float,
    named: bool,
    answering: int = 1,
    lookup: bool = False,
    borrowed_name: bool = False,
    soft_top: float = 1.0,
    matches: tuple[Sequence[float], Sequence[float]] = ((), ()),
    threaded: bool = False,
    cites_authors: bool = False,
) -> Evidence:
    """`answering`: how many of the best papers the answer rests on (two for a comparison).
    `matches`: the IDF and the best paper's closeness (1 = as written) of each of the question's
    terms (rag.retrieve's `term_matches`)."""
    stems = list(dict.fromkeys(content_stems(question)))
    weights = {stem: statistics.idf(stem) for stem in stems}
    total = sum(weights.values()) or 1.0

    def covered(holders: Sequence[Paper]) -> float:
        have: set[str] = set()
        for paper in holders:
            have |= statistics.stems_of(paper)
        return sum(w for s, w in weights.items() if s in have) / total

    unknown = sum(w for s, w in weights.items() if s not in statistics.frequency) / total
    answer_stems: set[str] = set()
    for paper in papers[:answering]:
        answer_stems |= statistics.stems_of(paper)
    missing = [w for s, w in weights.items() if s not in answer_stems]
    # ... an acronym the answering papers spell out ("LLM" of "Large Language Models") is held.
    answer_text = " ".join(f"{p.title} {p.abstract}" for p in papers[:answering])
    names = [
        word
        for word in _CAPITALISED.findall(question)
        if not all(stem in statistics.frequency for stem in content_stems(word))
        # ("link to VPL?" of "… with Variational Preference Learning": its title's initials)
        and not (ACRONYM_WORD.fullmatch(word) and any(initials_of(p.title, word) for p in papers[:answering]))
        # ("… best-of-N sampling … which papers analyze BoN formally?": spelled out beside it, as
        # the answering papers write it; not "signal temporal logic (STL)", which none does)
        and not (
            _SHORT_ACRONYM.fullmatch(word)
            and writes_acronym(_without(question, word), word)
            and writes_acronym(answer_text, word)
        )
    ]
    missing_names = sum(
        1
        for word in dict.fromkeys(_NAME_SHAPED.findall(question))
        if (word_stems := content_stems(word))
        and all(s in statistics.frequency for s in word_stems)
        and not all(s in answer_stems for s in word_stems)
        and not (ACRONYM_WORD.fullmatch(word) and writes_acronym(answer_text, word))
    )
    detail = 1.0
    if papers:
        title = set(content_stems(" ".join(p.title for p in papers[:answering])))
        rest = {s: w for s, w in weights.items() if s not in title}
        have: set[str] = set()
        for paper in papers[:answering]:
            have |= statistics.stems_of(paper)
        if rest:
            detail = sum(w for s, w in rest.items() if s in have) / sum(rest.values())
    return Evidence(
        coverage_top=covered(papers[:answering]) if stems else 1.0,
        coverage_detail=detail,
        coverage_top5=covered(papers[:5]) if stems else 1.0,
        unknown=unknown if stems else 0.0,
        dense_top=dense_top,
        sentence_top=sentence_top,
        named=1.0 if named else 0.0,
        title_match=fuzz.token_set_ratio(question.lower(), papers[0].title.lower()) / 100 if papers else 0.0,
        unknown_names=float(min(3, len(names))),
        rarest_missing=max(missing, default=0.0) / statistics.idf("\0"),
        terms=math.log1p(len(stems)),
        listing=1.0 if answering > 2 else 0.0,
        lookup=1.0 if lookup else 0.0,
        borrowed_name=1.0 if borrowed_name else 0.0,
        missing_names=float(min(2, missing_names)),
        soft_top=soft_top,
        **term_gaps(matches[0], matches[1], statistics.idf("\0")),
        threaded=1.0 if threaded else 0.0,
        cites_authors=1.0 if cites_authors else 0.0,
    )


UNMATCHED = 0.4  # a term the best paper comes no closer to than this (cosine) is not in it


def term_gaps(weights: Sequence[float], similarities: Sequence[float], most: float) -> dict[str, float]:
    """The features of what the best paper lacks, term by term (Evidence's last three)."""
    if not weights:
        return {"surprise": 0.0, "unmatched": 0.0, "isolated_gap": 0.0}
    gaps = [w / most * (1.0 - s) for w, s in zip(weights, similarities, strict=True)]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    rest = [(w, s) for n, (w, s) in enumerate(zip(weights, similarities, strict=True)) if n != worst]
    held = sum(w * s for w, s in rest) / sum(w for w, _ in rest) if rest and any(w for w, _ in rest) else 1.0
    return {
        "surprise": gaps[worst],
        "unmatched": sum(w for w, s in zip(weights, similarities, strict=True) if s < UNMATCHED)
        / sum(weights),
        "isolated_gap": gaps[worst] * held,
    }


def _sigmoid(
    weights: Sequence[float], bias: float, mean: Sequence[float], scale: Sequence[float], x: Sequence[float]
) -> float:
    z = bias + sum(w * (v - m) / s for w, v, m, s in zip(weights, x, mean, scale, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class RefusalModel:
    """P(unanswerable) = sigmoid(bias + weights · (features - mean) / scale); refuse above `cut`."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    cut: float
    provenance: str
    # Off the corpus's subject altogether ("convert 72 fahrenheit to celsius"): steps of (least
    # share of the question's terms no paper uses, best stored sentence below this), the more
    # unknown terms, the closer a sentence must come. A staircase beside the linear model,
    # which a handful of such questions among hundreds cannot teach; none by default.
    off_topic_steps: tuple[tuple[float, float], ...] = ()

    def probability(self, evidence: Evidence) -> float:
        return _sigmoid(self.weights, self.bias, self.mean, self.scale, evidence.vector())

    def off_topic(self, evidence: Evidence) -> bool:
        return any(
            evidence.unknown >= unknown and evidence.sentence_top < sentence
            for unknown, sentence in self.off_topic_steps
        )

    def refuses(self, evidence: Evidence) -> bool:
        return self.probability(evidence) >= self.cut or self.off_topic(evidence)


LIST_FEATURES = (
    "dense_gap",
    "coverage",
    "fused_ratio",
    "reciprocal_rank",
    "relevance_ratio",
    "soft_coverage",
    "phrase_coverage",
    "name_held",
)
# A name few papers use ("AlpacaEval", "Claude", "MT-Bench"): one in at most this share of them.
_RARE_NAME_SHARE = 0.1


def rare_names(question: str, statistics: TermStatistics) -> list[frozenset[str]]:
    """The stems of each name in the question that some papers use and most do not: what a list
    question turns on ("which papers report AlpacaEval numbers?"), held by a paper or not."""
    return list(dict.fromkeys(rare_name_words(question, statistics).values()))


def rare_name_words(question: str, statistics: TermStatistics) -> dict[str, frozenset[str]]:
    """`rare_names`, each as written in the question (the first way it is written)."""
    found: dict[str, frozenset[str]] = {}
    # Capitalised words side by side are one name ("Deep Research", "Stable Diffusion XL"): a
    # paper uses it when it has all of them.
    runs = _CAPITALISED_RUN.findall(question)
    inside = {word for run in runs for word in run.split()}
    words = [*runs, *_NAME_SHAPED.findall(question), *_CAPITALISED.findall(question)]
    for word in (w for w in words if w not in inside):
        stems = frozenset(content_stems(word))
        if (
            stems
            and stems not in found.values()
            and all(s in statistics.frequency for s in stems)
            and min(statistics.frequency[s] for s in stems) <= _RARE_NAME_SHARE * statistics.papers
        ):
            found[word] = stems
    return found


def list_features(
    question: str,
    ranked: Sequence[tuple[Paper, float, float, float, float]],
    statistics: TermStatistics,
) -> list[tuple[float, ...]]:
    """Per candidate of a list question (paper, fused score, cosine, the ranking's relevance, how
    much of the question it holds by meaning), in rank order: how far its cosine is below the
    best, the IDF-weighted share of the question's terms it holds, its fused score as a share of
    the best, 1/(rank+1), its relevance (the reranker's share) as a share of the best, and the
    share it holds by meaning, and the share of its adjacent term pairs it holds as phrases; and
    whether it holds one of the question's rare names (1), lacks them all (-1), or the question
    has none (0)."""
    names = rare_names(question, statistics)

    def name_held(paper: Paper) -> float:
        if not names:
            return 0.0
        have = statistics.stems_of(paper)
        return 1.0 if any(name <= have for name in names) else -1.0

    best_dense = max((dense for _, _, dense, _, _ in ranked), default=0.0)
    best_fused = max((fused for _, fused, _, _, _ in ranked), default=0.0) or 1.0
    best_relevance = max((relevance for *_, relevance, _ in ranked), default=0.0) or 1.0
    return [
        (
            best_dense - dense,
            coverage(question, paper, statistics),
            min(1.0, fused / best_fused),
            1.0 / (rank + 1),
            min(1.0, relevance / best_relevance),
            soft,
            phrase_coverage(question, paper, statistics),
            name_held(paper),
        )
        for rank, (paper, fused, dense, relevance, soft) in enumerate(ranked)
    ]


@dataclass(frozen=True, slots=True)
class Logistic:
    """sigmoid(bias + weights · (x - mean) / scale), with `cut` the decision threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    cut: float

    def probability(self, features: Sequence[float]) -> float:
        return _sigmoid(self.weights, self.bias, self.mean, self.scale, features)


@dataclass(frozen=True, slots=True)
class LinearReranker:
    """score = weights · (features - mean) / scale over the head (`pool`) of a fused ranking;
    fitted listwise (softmax over each question's candidates)."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    pool: int

    def score(self, features: Sequence[float]) -> float:
        return sum(
            w * (x - m) / s for w, x, m, s in zip(self.weights, features, self.mean, self.scale, strict=True)
        )

"""The names a paper goes by: its title's short name ("InfAlign: ..."), and the names its abstract
defines ("we propose GRAO (Group Relative ...)", "an AI assistant named Dromedary", "(Selfie)",
mixed-case coinages like RewardDance). Pure text; `NameIndex` maps names back to papers.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from rag.decide import FUNCTION_WORDS, writes_acronym
from rag.model import Paper

_WORD = re.compile(r"[a-z0-9]+")
# A name-shaped token: an inner capital (RewardDance, MaPO), two capitals (GRAO), or letters
# with digits (R^3, Qwen2-Nova-72B); hyphenated parts stay together (Diffusion-DPO).
_TOKEN = re.compile(r"(?<![\w^-])([A-Za-z][A-Za-z0-9]*(?:[-^][A-Za-z0-9]+)*)(?![\w-])")
_INTRODUCED = re.compile(
    r"\b(?:[Ww]e|[Tt]his paper|[Tt]his work)\s+(?:\w+\s+){0,2}?(?:propose|proposes|introduce|introduces|present|presents|"
    r"develop|develops|build|built|developed|release|releases|call|term|name|dub|coin|construct|constructs|"
    r"create|creates|curate|curates|design|designs|collect|collects)(?:d|ed)?\s+"
    r"(?:(?:a|an|the|two|three|our|novel|new|simple|unified|first)\s+)*"
    r"(?:[a-z-]+,?\s+){0,6}?(?:[a-z-]+:\s+)?(?:(?:called|named|dubbed|termed|namely|coined)\s+)?"
    r"((?:[A-Z][\w^-]*|[a-z]{1,3}[A-Z][\w^-]*)(?:\s+[A-Z][\w^-]*){0,2})"
)
_INTRODUCING_VERB = re.compile(
    r"\b(?:propose|proposes|(?:our|the) proposed|introduce|introduces|present|presents|develop|develops|developed|call|called|"
    r"name|named|dub|dubbed|term|termed|coin|coined|namely|we build|we built|release|releases|construct|"
    r"constructs|create|creates|curate|curates)\b",
    re.I,
)
# A preposition (and article) right before a capitalised word: the word is what a contribution
# relates to ("an extension to the DPO algorithm", "a framework for RLHF"), not its name.
_RELATED_TO = re.compile(r"\b(?:to|for|on|in|with|from|by|into|over|against)\s+(?:(?:the|a|an)\s+)?\Z")
_NAMED = re.compile(
    r"\b(?:called|named|dubbed|termed|namely|coined)\s+((?:[A-Z][\w^-]*)(?:\s+[A-Z][\w^-]*){0,2})"
)
_PARENTHESISED = re.compile(r"\(([A-Z][\w^-]{1,30})\)")
_TITLE_BRACKET = re.compile(r"\(([A-Z][\w^-]{1,30})\)\s*(?::|$)")
# "… into MISALIGNMENTBENCH, an automated evaluation framework", "CoPG, a simple and
# mathematically principled new RL algorithm": a coinage the sentence then says is a kind of
# artifact is one this paper made.
_ARTIFACT_APPOSITION = re.compile(
    r"(?<![\w-])((?:[A-Z]|[a-z]{1,3}[A-Z])[\w^-]*[A-Z0-9][\w^-]*),\s+(?:a|an|the|our)\s+(?:[\w-]+\s+){0,7}?"
    r"(?:framework|benchmark|method|dataset|model|system|approach|suite|tool|toolkit|protocol|pipeline|"
    r"algorithm|metric|library|corpus|collection|environment|agent|technique|strategy|platform)s?\b"
)
# Capitalised words right before a name, which then ends a longer one ("Shopping MMLU"), unless
# they open the sentence.
_NAME_HEAD = re.compile(r"(?<![\w-])(?:[A-Z][\w^-]*\s+){1,2}\Z")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:]\s+)\s*\Z")
# A preposition right before a name: a benchmark or model the paper uses ("on WebArena, a ...").
_NEW = re.compile(r"\b(?:new|novel|our|proposed)\b")  # "trained on UltraPrompt, a new dataset ...": its own
_USED_ON = re.compile(r"\b(?:on|in|with|using|via|from|against|over|than|to)\s+(?:the\s+)?\Z")
# "our fine-tuned model, Labrador, ...", "our method, called X,": what the paper calls its own.
_OUR_THING = (
    r"\b[Oo]ur\s+(?:[\w-]+\s+){0,3}?(?:model|method|framework|system|approach|dataset|benchmark|agent|"
    r"algorithm|pipeline|tool|toolkit|metric|policy|assistant)s?"
)
_OUR_APPOSITION = re.compile(_OUR_THING + r",?\s+(?:(?:called|named|dubbed)\s+)?([A-Z][\w^-]*)(?=\s*[,(.;:])")
# "Our approach, alignMEnt with parameter-Efficient Tuning (MEET), ...": the phrase a bracketed
# name spells out is set beside the paper's own approach.
_OUR_SPELLED_OUT = re.compile(_OUR_THING + r",\s+[^,.;()]{3,100}$")
# "We propose two PPO variants: PPO-M: ... and PPO-C: ...": the names a contribution lists after
# its colon; and the sentence after a contribution that goes on to list it ("... we introduce
# three algorithms. These include ... (Flow-DPO) and ... (Flow-RWR)").
_CONTRIBUTES = (
    r"\b(?:[Ww]e|[Tt]his paper|[Tt]his work)\s+(?:(?:\w+\s+){0,2}?|"
    # ... the last of the verbs the sentence gives them: "We investigate …, categorize …, and propose"
    r"\w+\b[^.;]{0,160}?,?\s+and\s+(?:then\s+|finally\s+)?)"
    r"(?:propose|introduce|present|develop|design)(?:s|d|ed)?\b"
)
_INTRODUCED_LIST = re.compile(_CONTRIBUTES + r"[^.:;]{0,80}:([^.;]*)")
# "We propose an embarrassingly simple extension to the DPO algorithm, LN-DPO, resulting in ...":
# the name a contribution's sentence sets off with commas after describing it.
_INTRODUCED_APPOSITIVE = re.compile(_CONTRIBUTES + r"[^.;]{0,120}?,\s+([^\s,.;:()]+)(?=\s*[,.;:(])")
_LISTING_ON = re.compile(r"(?:These|They)\s+(?:include|are|comprise|consist)\b")
# Where a sentence turns from what it introduces to what it is measured against.
COMPARED = re.compile(
    r"\b(?:outperform\w*|than|compared|comparable|against|over|baselines?|such as|e\.g\.|including|like)\b"
)
_APPOSITION = re.compile(r"(?:^|[.;:]\s+)([A-Z][\w^-]*[A-Z0-9][\w^-]*),\s+(?:a|an|the)\s")
_PLAIN_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
_NEXT_WORD = re.compile(r"(?<![\w-])(?:[a-z]+(?![\w-])|[a-z]+[A-Z][\w-]*)")
_CALLED = re.compile(r"\b(?:called|named|dubbed|termed|namely|coined)\s+\Z")
_SENTENCE_WORDS = frozenset("we our this these the a an in to for of and it its however".split())


# A name used by more papers than this is a term of the field, whoever defined it.
_MAX_HOLDERS = 3
# A word more abstracts than this share use in lowercase is the field's vocabulary.
_COMMON_SHARE = 0.05


class Strength(IntEnum):
    """How surely a name points at a paper: a title's own name beats one its abstract defines,
    which beats a coinage that merely appears in it."""

    MENTIONED = 1
    DEFINED = 2
    TITLE = 3


# A word that makes what it joins a description ("RL-based", "LLM-driven", "GPT-style",
# "CoT-free"): "a novel RL-based framework" introduces a framework, not one called "RL-based".
_DESCRIPTOR = re.compile(
    r"(?<![\w-])([\w^]*[A-Z][\w^]*)-(?:based|style|free|aware|guided|driven|like|level|wise|specific|centric|oriented|"
    r"agnostic|enhanced|augmented|conditioned|powered|assisted|generated|only|friendly|efficient|intensive|"
    r"inspired)(?![\w-])"
)


def without_descriptors(text: str) -> str:
    """`text` without the words a describing suffix makes of a name ("an RL-based method" -> "an
    method"): no name of a paper ("rlbased", which an abstract's "a novel RL-based framework" left
    in the name index as that paper's). What "X-style" likens to is read elsewhere."""
    return _DESCRIPTOR.sub(" ", text)


def title_name(title: str) -> str | None:
    """The short name a title leads with ('InfAlign: ...' -> 'InfAlign', 'Helping or Herding?
    Reward Model Ensembles ...' -> 'Helping or Herding'), if it has one."""
    match = re.match(r"\s*([^:?]+?)\s*(?:[:?]|\s--|\s[\u2013\u2014])\s+\S", title)
    if match and 1 <= len(match.group(1).split()) <= 4:
        return match.group(1).strip()
    return None


def squash(text: str) -> str:
    """The form names are compared in: lowercase letters and digits only ('R^3' -> 'r3')."""
    return "".join(_WORD.findall(text.lower()))


def name_shaped(token: str) -> bool:
    """Whether a token looks like a coined name: two capitals or more ("LIMA", "SimPO"), a
    capital inside it, or a digit in a capitalised word ("Qwen2")."""
    letters = [c for c in token if c.isalpha()]
    if len(token) < 3 or not letters:
        return False
    capitals = sum(c.isupper() for c in token)
    inner_capital = any(c.isupper() for c in token[1:])
    has_digit = any(c.isdigit() for c in token)
    return capitals >= 2 or (inner_capital and token[0].isalpha()) or (has_digit and token[0].isupper())


def extract_names(title: str, abstract: str) -> dict[str, Strength]:
    """Every name of the paper, squashed, with how surely it is this paper's."""
    return {key: strength for key, (_, strength) in _names(title, abstract).items()}


def paper_names(title: str, abstract: str) -> tuple[tuple[str, int], ...]:
    """The names ingest stores with a paper: (the name as written, its `Strength`), surest first."""
    found = _names(title, abstract).values()
    return tuple((written, int(strength)) for written, strength in sorted(found, key=lambda f: -f[1]))


def _names(title: str, abstract: str) -> dict[str, tuple[str, Strength]]:
    names: dict[str, tuple[str, Strength]] = {}

    def add(raw: str, strength: Strength) -> None:
        raw = raw.strip(" .,;:")
        words = raw.split()
        while words and words[-1].lower() in _SENTENCE_WORDS:
            words.pop()
        key = squash(" ".join(words))
        known = names.get(key)
        if (len(key) >= 3 or (len(key) == 2 and key[1].isdigit())) and (known is None or known[1] < strength):
            names[key] = (" ".join(words), strength)

    name = title_name(title)
    if name:
        add(name, Strength.TITLE)
        # "The AI Scientist-v2" is as often written without its article ("AI Scientist v2").
        bare = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
        if bare != name and (len(bare.split()) > 1 or name_shaped(bare)):
            add(bare, Strength.TITLE)
    for match in _TITLE_BRACKET.finditer(title):
        short = match.group(1)
        # "... Generative Modeling Research (MI-CLAIM-GEN)" ending the title, "Representational
        # Similarity Analysis (RSA): A ..." spelling out its initials: the title's short name
        # ("OpenAI Q* (Q-Star): A Survey" only glosses what it surveys).
        words = title[: match.start()].split()[-sum(c.isupper() for c in short) :]
        spelled = writes_acronym(" ".join(words), short)
        if name_shaped(short) and (match.group(0).rstrip().endswith(")") or spelled):
            add(short, Strength.TITLE)
    for match in _TOKEN.finditer(title):
        if name_shaped(match.group(1)):
            add(match.group(1), Strength.MENTIONED)
    for pattern in (_INTRODUCED, _NAMED):
        for match in pattern.finditer(abstract):
            candidate = match.group(1)
            if _RELATED_TO.search(abstract, 0, match.start(1)):
                continue  # "an extension to the DPO algorithm": what it builds on, not its name
            # (a word in any case: "we introduce a new framework, Reward rAnked FineTuning (RAFT)")
            following = _NEXT_WORD.match(abstract, match.end(1) + 1)
            if (
                len(candidate.split()) == 1
                and not name_shaped(candidate)
                and abstract[match.end(1) : match.end(1) + 1] == " "
                and following is not None
                and following.group(0) not in FUNCTION_WORDS
                and not _CALLED.search(abstract, 0, match.start(1))
            ):
                continue  # "we present induced Bayesian networks": a word of a phrase, not a name
            # A multi-word name must look like one ("Plan Injection"), not a sentence start.
            if len(candidate.split()) == 1 or all(w[0].isupper() for w in candidate.split()):
                add(candidate, Strength.DEFINED)
                if len(candidate.split()) > 1:
                    add(candidate.split()[0], Strength.MENTIONED)
    for listed in _introduced_lists(abstract):
        for match in _TOKEN.finditer(listed):
            # an item's name, closed by its colon, bracket or comma, not a word of its description
            if name_shaped(match.group(1)) and listed[match.end() : match.end() + 1] in (":", ")", ","):
                add(match.group(1), Strength.DEFINED)
    for match in _INTRODUCED_APPOSITIVE.finditer(abstract):
        candidate = match.group(1)
        if name_shaped(candidate) and not COMPARED.search(abstract[match.start() : match.start(1)]):
            add(candidate, Strength.DEFINED)
    for match in _OUR_APPOSITION.finditer(abstract):
        add(match.group(1), Strength.DEFINED)
    for match in _ARTIFACT_APPOSITION.finditer(abstract):
        head = _NAME_HEAD.search(abstract, max(0, match.start(1) - 40), match.start(1))
        if head and not _SENTENCE_START.search(abstract, 0, head.start()):
            continue  # "we propose Shopping MMLU, a ... benchmark": the whole name's, not "MMLU"'s
        if name_shaped(match.group(1)):
            # "on WebArena, a benchmark featuring ...": what the paper is measured on, not its own
            used = _USED_ON.search(abstract, max(0, match.start() - 40), match.start()) and not _NEW.search(
                match.group(0)
            )
            add(match.group(1), Strength.MENTIONED if used else Strength.DEFINED)
    for pattern in (_PARENTHESISED, _APPOSITION):
        for match in pattern.finditer(abstract):
            if name_shaped(match.group(1)) or (pattern is _PARENTHESISED and match.group(1)[1:].islower()):
                # "text-to-image (T2I) models" abbreviates a term of the field; only a sentence
                # that introduces something ("we propose ... (MORE)") makes it this paper's name.
                start = max(abstract.rfind(". ", 0, match.start()), 0)
                before = abstract[start : match.start()]
                introduces = (
                    _INTRODUCING_VERB.search(before) and not _spelled_out_after_use(before, match.group(1))
                ) or _OUR_SPELLED_OUT.search(before)
                add(match.group(1), Strength.DEFINED if introduces else Strength.MENTIONED)
    for match in _TOKEN.finditer(abstract):
        if name_shaped(match.group(1)):
            add(match.group(1), Strength.MENTIONED)
    return names


_NAMING = frozenset(
    "term terms termed call calls called name names named dub dubbed refer refers denote".split()
)
_EXPANSION_GLUE = frozenset("with of for and the to in on via from".split())
_USING = frozenset("with using via through by on from over against than like as of".split())


def _spelled_out_after_use(before: str, acronym: str) -> bool:
    """Whether the words a bracketed acronym spells out follow a word of use: "fine-tune an LLM
    with Low-Rank Adaptation (LoRA)", "a variant of Direct Preference Optimization (DPO)" name
    what the paper uses, whatever verb began the sentence ("we present a pipeline to ...")."""
    wanted = sum(1 for letter in acronym if letter.isupper()) or len(acronym)
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", before)
    found = 0
    at = len(words)
    while at > 0 and found < wanted:
        at -= 1
        word = words[at]
        if word[0].isupper():
            found += 1
        elif word.lower() not in _EXPANSION_GLUE:
            return False  # no spelled-out name right before the bracket
    if not (found == wanted and at > 0 and words[at - 1].lower() in _USING):
        return False
    # "we term this approach as AI-Driven Research for Systems (ADRS)": a naming, not a use
    return not (
        words[at - 1].lower() == "as" and any(w.lower() in _NAMING for w in words[max(0, at - 4) : at])
    )


def _introduced_lists(abstract: str) -> list[str]:
    """The stretches of an abstract that list what the paper introduces, up to where they turn to
    what it is compared with."""
    stretches = [match.group(1) for match in _INTRODUCED_LIST.finditer(abstract)]
    sentences = re.split(r"(?<=[.!?])\s+", abstract)
    for before, sentence in itertools.pairwise(sentences):
        if _LISTING_ON.match(sentence) and re.search(_CONTRIBUTES, before):
            stretches.append(sentence)
    return [COMPARED.split(stretch, maxsplit=1)[0] for stretch in stretches]


def _contribution(paper: Paper) -> tuple[dict[str, Strength], dict[str, list[str]], set[str]]:
    """What one paper brings to the name index: its names and how surely each is its own, the
    words of those it writes in several words, and the words its abstract uses in lowercase."""
    # Ingest stores each paper's names; a store written before that has them extracted here.
    stored = paper.names or paper_names(paper.title, paper.abstract)
    surest: dict[str, Strength] = {}
    spelled: dict[str, list[str]] = {}
    for written, strength in stored:
        key = squash(written)
        if len(written.split()) > 1:  # "Guide-Align" is a coinage, however common its parts
            spelled[key] = _WORD.findall(written.lower())
        surest[key] = max(surest.get(key, Strength.MENTIONED), Strength(strength))
    for owner in _CODE_OWNER.findall(paper.abstract):
        # Who holds the paper's code names it as its maker does ("the HKUDS one": github.com/
        # HKUDS/EasyRec), though a paper cited by its repository merely shares it.
        if not _OTHERS_CODE.search(paper.abstract):
            surest[squash(owner)] = max(surest.get(squash(owner), Strength.MENTIONED), Strength.DEFINED)
    return surest, spelled, set(_PLAIN_WORD.findall(paper.abstract))


_CODE_OWNER = re.compile(r"github\.com/([A-Za-z0-9][\w.-]*)/", re.I)
_OTHERS_CODE = re.compile(
    r"\b(?:based on|built (?:up)?on|forked from|using)\s+(?:https?://)?github\.com/", re.I
)


@dataclass(frozen=True, slots=True)
class NameMatch:
    paper_id: str
    name: str  # squashed
    strength: Strength

    def __reduce__(self) -> tuple[type[NameMatch], tuple[str, str, Strength]]:
        # Unpickled by calling the class (as rag.model.Paper): dataclasses' __setstate__ looks
        # the fields up again for each of the name index's tens of thousands of matches.
        return (NameMatch, (self.paper_id, self.name, self.strength))


_WITH_SIZE = re.compile(r"([A-Z][A-Za-z]+)-v?\d+(?:\.\d+)?[bBmMkK]?")  # "Labrador-13B", "Janus-7b"


def _everyday_words() -> frozenset[str]:
    from rag.embed import vocabulary_words  # the tokenizer's file, read once when first asked

    return vocabulary_words()


# A verb made of a prefix and an everyday verb ("realign", "re-align", "unlearn", "reweight").
_VERB_PREFIX = re.compile(r"(?:re|pre|un|co|de|mis|over|under|out)(?=[a-z]{3,}$)")
_OBJECT_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "each", "every", "all", "both"})
# ... but "is re-align the one that …" names it: a determiner of these nouns points at a paper.
_PAPER_NOUNS = frozenset({"one", "paper", "work", "method", "approach", "model", "study", "framework"})


def _verb_before_object(raw: Sequence[str], start: int, size: int) -> bool:
    """Whether the words raw[start:start + size], all in lowercase, are a prefixed everyday verb
    followed by its object ("realign the classifier layer"): a verb, not a name written in
    lowercase."""
    words = raw[start : start + size]
    after = [w.lower() for w in raw[start + size : start + size + 2]]
    if not all(w.islower() for w in words) or not after or after[0] not in _OBJECT_DETERMINERS:
        return False
    if len(after) > 1 and after[1] in _PAPER_NOUNS:
        return False
    joined = "".join(words)
    prefix = _VERB_PREFIX.match(joined)
    return prefix is not None and joined[prefix.end() :] in _everyday_words()


def _in_longer_name(raw: Sequence[str], at: int, apart: Sequence[bool] = ()) -> bool:
    """Whether the word at `at` stands in a run of capitalised words (not at the start).
    `apart[i]`: whether punctuation parts word i from word i + 1 ("DeAL, GenARM or QAlign" is
    three names, "Decision Transformer" one)."""

    def capital(i: int) -> bool:
        return 0 < i < len(raw) and raw[i][:1].isupper()

    def joined(i: int) -> bool:  # words i and i + 1 in one run
        return not (0 <= i < len(apart) and apart[i])

    return (capital(at - 1) and joined(at - 1)) or (capital(at + 1) and joined(at))


class NameIndex:
    """Squashed name -> the paper it identifies. A name several papers define or use is kept only
    where one paper holds it more surely than every other (a coinage two abstracts mention,
    like 'DPO', identifies neither).

    It keeps what that choice weighs (who holds each name and how surely, how many abstracts use
    each word in lowercase), so `changed` weighs again only the names the changed papers touch:
    a catch-up costs those papers, not every paper."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        # Name -> (how surely, paper) for every paper holding it; plain ints, as an enum member
        # costs a Python call each to unpickle (a second at 10k papers).
        self._holders: dict[str, tuple[tuple[int, str], ...]] = {}
        # A multi-word name's words ("Large Language Models"), by the papers writing it so; the
        # last one's spelling counts.
        self._spelled: dict[str, dict[str, list[str]]] = {}
        self._frequency: dict[str, int] = {}  # papers whose abstract uses a word in lowercase
        self._count = 0
        self._word_like: frozenset[str] = frozenset()
        self._names: dict[str, NameMatch] = {}
        self._by_paper: dict[str, tuple[str, ...]] = {}
        self.by_length: dict[int, tuple[str, ...]] = {}
        self._update((), papers)

    # What a question reads (`find`, `get`, `names_of`, `by_length`), and what only a change
    # weighs (who holds each name and how surely: most of the index's file, a quarter of a
    # second to unpickle at 100k papers), which a saved lexicon reads when first needed.
    ASKED = ("_frequency", "_count", "_word_like", "_names", "_by_paper", "by_length")
    WEIGHED = ("_holders", "_spelled")
    _deferred: Callable[[], dict[str, Any]] | None = None  # reads the weighed part, until it has

    def asked_state(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.ASKED}

    def weighed_state(self) -> dict[str, Any]:
        self._weigh_loaded()
        return {name: getattr(self, name) for name in self.WEIGHED}

    @classmethod
    def restored(cls, asked: dict[str, Any], weighed: Callable[[], dict[str, Any]]) -> NameIndex:
        """The index `asked_state` and `weighed_state` saved, the latter read by `weighed` when
        a change first needs it."""
        index = cls.__new__(cls)
        for name in cls.ASKED:
            setattr(index, name, asked[name])
        index._deferred = weighed
        return index

    def __getstate__(self) -> dict[str, Any]:
        # Pickled whole (what formats 7 and 8 of the lexicon's file hold), never with a loader.
        self._weigh_loaded()
        return {name: value for name, value in self.__dict__.items() if name != "_deferred"}

    def _weigh_loaded(self) -> None:
        load = self._deferred
        if load is not None:
            state = load()
            for name in self.WEIGHED:
                setattr(self, name, state[name])
            self._deferred = None

    def changed(self, old: Iterable[Paper], new: Iterable[Paper]) -> NameIndex:
        """A copy without the `old` papers (removed ones, and the stored versions of rewritten
        ones) and with the `new` ones: the names building from the resulting papers gives. This
        index is left as it was (searches go on against it meanwhile)."""
        self._weigh_loaded()
        index = copy.copy(self)
        index._update(old, new)
        return index

    def _update(self, old: Iterable[Paper], new: Iterable[Paper]) -> None:
        holders, spelled, frequency = dict(self._holders), dict(self._spelled), dict(self._frequency)
        touched: dict[str, None] = {}  # names whose holders changed, in the order first seen
        words: set[str] = set()  # lowercase words that appeared or disappeared
        # Collected per name first, then merged once: a name thousands of papers mention
        # ("LLMs") would otherwise be copied once per paper of a full build.
        leaving: dict[str, set[str]] = {}
        arriving: dict[str, list[tuple[int, str]]] = {}
        spelled_by: dict[str, dict[str, list[str]]] = {}
        for paper in old:
            surest, writings, lowercase = _contribution(paper)
            self._count -= 1
            for name in surest:
                leaving.setdefault(name, set()).add(paper.id)
                touched[name] = None
            for name in writings:
                spelled[name] = {pid: w for pid, w in spelled.get(name, {}).items() if pid != paper.id}
                if not spelled[name]:
                    del spelled[name]
            for word in lowercase:
                frequency[word] -= 1
                if not frequency[word]:
                    del frequency[word]
                    words.add(word)
        for paper in new:
            surest, writings, lowercase = _contribution(paper)
            self._count += 1
            for name, strength in surest.items():
                arriving.setdefault(name, []).append((int(strength), paper.id))
                touched[name] = None
            for name, spelling in writings.items():
                spelled_by.setdefault(name, {})[paper.id] = spelling
            for word in lowercase:
                if word not in frequency:
                    words.add(word)
                frequency[word] = frequency.get(word, 0) + 1
        for name in touched:
            gone = leaving.get(name, set())
            held = (*(h for h in holders.get(name, ()) if h[1] not in gone), *arriving.get(name, ()))
            if held:
                holders[name] = held
            else:
                holders.pop(name, None)
        for name, spellings in spelled_by.items():
            spelled[name] = {**spelled.get(name, {}), **spellings}
        self._holders, self._spelled, self._frequency = holders, spelled, frequency
        # Names that also are everyday words ('USE', 'MORE', 'PRO') count only when written with
        # their capitals: "which papers use GRPO" does not name USE.
        flips = touched.keys() | words
        like = {name for name in flips if name in holders and name in frequency}
        self._word_like = (self._word_like - flips) | like
        # Whether a multi-word name spells out the field's words depends on how many abstracts
        # use each word, against a share of the paper count: those names are all weighed again
        # (a few dictionary lookups each), with the names the changed papers hold.
        again = dict(touched)
        again.update(dict.fromkeys(spelled))
        self._reweigh(again)

    def _common(self) -> float:
        return max(_MAX_HOLDERS, _COMMON_SHARE * self._count)

    def _choose(self, name: str) -> NameMatch | None:
        holders = self._holders.get(name, ())
        if not holders or len(holders) > _MAX_HOLDERS:
            # None, or a term of the field ("LLMs"): every rule below gives None too. Decided
            # before sorting: the holders of a term 100k papers mention took 200 ms to sort,
            # holding the GIL, at each catch-up that touched it.
            return None
        held = sorted(holders, reverse=True)
        spellings = self._spelled.get(name)
        if spellings:
            common = self._common()
            spelling = next(reversed(spellings.values()))
            if all(self._frequency.get(word, 0) > common for word in spelling):
                # "Large Language Models (LLMs)" spells out the field's words, not a name; a
                # paper that writes it as one word ("this paper proposes UnifiedReward", beside
                # URPO's "Unified Reward & Policy Optimization") coined it.
                held = [holder for holder in held if holder[1] not in spellings]
                if not held:
                    return None
        strongest = held[0][0]
        if len(held) > 1 and held[1][0] == strongest:
            return None  # two papers hold it equally surely: it names neither
        if (strongest == Strength.MENTIONED and len(held) > 1) or len(held) > _MAX_HOLDERS:
            return None  # a term of the field ('SFT', 'GRPO'), not one paper's name
        return NameMatch(held[0][1], name, Strength(strongest))

    def _reweigh(self, names: Iterable[str]) -> None:
        """Choose again for these names, and patch the lookups by paper and by length."""
        chosen, by_paper = dict(self._names), dict(self._by_paper)
        added: dict[int, list[str]] = {}
        dropped: dict[int, set[str]] = {}
        for name in names:
            before, after = chosen.get(name), self._choose(name)
            if before == after:
                continue
            if before is not None and (after is None or after.paper_id != before.paper_id):
                kept = tuple(n for n in by_paper[before.paper_id] if n != name)
                if kept:
                    by_paper[before.paper_id] = kept
                else:
                    del by_paper[before.paper_id]
            if after is None:
                del chosen[name]
                dropped.setdefault(len(name), set()).add(name)
                continue
            if before is None:
                added.setdefault(len(name), []).append(name)
            if before is None or before.paper_id != after.paper_id:
                by_paper[after.paper_id] = (*by_paper.get(after.paper_id, ()), name)
            chosen[name] = after  # in place when it was chosen before
        by_length = dict(self.by_length)
        for length in added.keys() | dropped.keys():
            gone = dropped.get(length, set())
            group = (*(n for n in by_length.get(length, ()) if n not in gone), *added.get(length, ()))
            if group:
                by_length[length] = group
            else:
                by_length.pop(length, None)
        self._names, self._by_paper, self.by_length = chosen, by_paper, by_length

    def lowercase_uses(self, word: str) -> int:
        """How many abstracts write `word` (lowercase) in lowercase."""
        return self._frequency.get(word, 0)

    def writes_as_name(self, squashed: str) -> bool:
        """Whether some paper here writes `squashed` as a name (an acronym, a coinage, a
        benchmark's name), whether or not it identifies one paper."""
        if squashed in self._names:
            return True
        self._weigh_loaded()
        return squashed in self._holders

    def names_of(self, paper_id: str) -> tuple[str, ...]:
        return self._by_paper.get(paper_id, ())

    def __len__(self) -> int:
        return len(self._names)

    def get(self, squashed: str) -> NameMatch | None:
        return self._names.get(squashed)

    def _lookup(self, squashed: str) -> NameMatch | None:
        """The name `squashed` is, or the one it is with a digit typed for the letter it looks
        like or the reverse ("Uni-04" for Uni-O4, "Hl-Bench" for H1-Bench); never for a number
        alone ("2004")."""
        match = self._names.get(squashed)
        if match is not None or not _LOOKALIKE.search(squashed) or squashed.isdigit():
            return match
        for variant in dict.fromkeys(squashed.translate(table) for table in _LOOKALIKES):
            if variant != squashed and (match := self._names.get(variant)) is not None:
                return match
        return None

    def find(self, text: str, max_words: int = 4) -> list[NameMatch]:
        """Names in `text`, longest windows first; a name split over words ('reward dance') is
        found by joining up to `max_words` words."""
        # ... and a capitalised name written with its size ("Labrador" of "Labrador-13B").
        tokens = _TOKEN.findall(text)
        capitalised = {squash(t) for t in tokens if not t.islower()} | {
            squash(sized.group(1)) for t in tokens if (sized := _WITH_SIZE.fullmatch(t))
        }
        spans = list(re.finditer(r"[A-Za-z0-9]+", text))
        raw = [span.group(0) for span in spans]
        apart = [bool(re.search(r"[^\s-]", text[a.end() : b.start()])) for a, b in itertools.pairwise(spans)]
        words = [word.lower() for word in raw]
        # Words joined by hyphens are one token, a name however cased ("diffusion-dpo", "mm-rlhf").
        hyphenated = {squash(t) for t in tokens if "-" in t}
        found: dict[str, NameMatch] = {}
        covered: set[int] = set()
        for size in range(max_words, 0, -1):
            for start in range(len(words) - size + 1):
                span = set(range(start, start + size))
                if span & covered:
                    continue
                match = self._lookup("".join(words[start : start + size]))
                if match is None or (match.name in self._word_like and match.name not in capitalised):
                    continue
                if (
                    size > 1
                    and match.strength < Strength.TITLE
                    and all(raw[i].islower() for i in span)
                    and all(words[i] in self._frequency for i in span)
                    and match.name not in hyphenated
                ):
                    continue  # "large language models" in lowercase is the field, not a name
                if size == 1 and match.name in self._word_like and _in_longer_name(raw, start, apart):
                    continue  # "Decision Transformer" names no paper whose name is "Transformer"
                if (
                    size == 1
                    and match.strength < Strength.TITLE
                    and match.name not in capitalised
                    and match.name in _everyday_words()
                ):
                    continue  # "how much did it cut deception?" names no paper whose name is CUT
                if _verb_before_object(raw, start, size):
                    continue  # "then realign the classifier layer" names no paper called Re-Align

                covered |= span
                known = found.get(match.paper_id)
                if known is None or known.strength < match.strength:
                    found[match.paper_id] = match
        return sorted(found.values(), key=lambda m: -m.strength)


# Characters typed for one another in names: a digit and the letter it looks like.
_LOOKALIKE = re.compile(r"[01ol]")
_LOOKALIKES = (
    str.maketrans("0", "o"),
    str.maketrans("o", "0"),
    str.maketrans("1", "l"),
    str.maketrans("l", "1"),
    str.maketrans("1", "i"),
)

# An acronym written next to its long form: "Kahneman-Tversky Optimization (KTO)",
# "KTO (Kahneman-Tversky Optimization)". The long form is read from at most this many words.
_LONG_FORM_WORDS = 9
# Words a long form may skip without giving the acronym a letter ("Learning *from* Human Feedback").
_SKIPPABLE = frozenset(
    {"of", "from", "for", "and", "the", "to", "with", "in", "on", "by", "via", "a", "an", "as"}
)
# A head noun the long form may end with that the acronym leaves out ("direct preference
# alignment algorithms (DPA)").
_GENERIC_HEADS = frozenset({
    "algorithm", "algorithms", "method", "methods", "framework", "frameworks", "approach", "approaches",
    "loss", "losses", "technique", "techniques", "objective", "objectives", "paradigm", "family",
})  # fmt: skip
_FORM_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")


def _spells(words: Sequence[str], letters: str) -> bool:
    """Whether the words, in order, spell `letters`: each word gives a prefix of itself (one
    letter or more: "Low-Rank Adaptation" spells "lora", "margin-aware" gives "ma"), a small
    word may give none, and every other word gives at least one."""
    if not words:
        return not letters
    word, rest = words[0].lower(), words[1:]
    if word in _SKIPPABLE and _spells(rest, letters):
        return True
    return any(
        letters[:size] == word[:size] and _spells(rest, letters[size:])
        for size in range(1, min(len(word), len(letters)) + 1)
    )


def _form_parts(text: str) -> list[str]:
    """The words of a stretch of text with hyphenated words split ("Kahneman-Tversky" is two)."""
    return [part for word in _FORM_WORD.findall(text) for part in word.split("-") if part]


def long_forms(text: str, acronym: str) -> list[str]:
    """The long forms `text` gives `acronym`, as written: "Kahneman-Tversky Optimization" for
    "KTO" from "… Kahneman-Tversky Optimization (KTO) has …" or "KTO (Kahneman-Tversky
    Optimization)". The acronym is matched as written ("LLMs" for "LLM" too); its long form
    spells its letters in order, the fewest words that do."""
    letters = "".join(c for c in acronym.lower() if c.isalnum())
    if len(letters) < 2:
        return []
    forms: list[str] = []
    written = rf"(?i:{re.escape(acronym)})s?"
    # "Long Form (ACR)", "Long Form (ACR; ...)", "Long Form (ACRs)"
    for match in re.finditer(rf"([^().;:!?]+?)\s*\(\s*{written}\s*[);,]", text):
        raw = match.group(1).split()[-_LONG_FORM_WORDS:]
        ends = [len(raw)]
        if raw and raw[-1].lower().strip(",") in _GENERIC_HEADS:
            ends.append(len(raw) - 1)
        found = next(
            (
                " ".join(raw[start:end])
                for end in ends
                for start in range(end - 1, -1, -1)
                if _spells(_form_parts(" ".join(raw[start:end])), letters)
            ),
            None,
        )
        if found:
            forms.append(found.strip(" ,'\"“”‘’"))
    # "ACR (Long Form)"
    for match in re.finditer(rf"(?<![\w-]){written}\s*\(([^()]{{3,120}})\)", text):
        inner = match.group(1).split(",")[0].split(";")[0].strip()
        if _spells(_form_parts(inner), letters):
            forms.append(inner)
    return list(dict.fromkeys(form for form in forms if form))


# An acronym a text defines: "(PRMs)", "(KTO)", "(MM-RLHF)".
_DEFINED_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*?)(s?)\s*[);,]")


def spelled_acronyms(title: str, abstract: str) -> str:
    """The long form of each acronym the abstract defines, once for each other place title or
    abstract writes the acronym: "Is PRM Necessary?" with "process reward models (PRMs)" is as
    much about process reward models as an abstract that writes them out (for the lexical index)."""
    spelled: list[str] = []
    for acronym in dict.fromkeys(m.group(1) for m in _DEFINED_ACRONYM.finditer(abstract)):
        forms = long_forms(abstract, acronym)
        if not forms:
            continue
        uses = len(re.findall(rf"(?<![\w-]){re.escape(acronym)}s?(?![\w-])", f"{title}. {abstract}"))
        spelled += [forms[0]] * (uses - 1)
    return " ".join(spelled)


# A long form an abstract writes as a name without defining an acronym for it: "Markov chain
# Monte Carlo" (MCMC), "Monte Carlo Tree Search" (MCTS). At least this many of its words are
# capitalised where no sentence begins, the first among them; lowercase words with the same
# initials are chance ("integrating multimodal user" for IMU, "unmanned ground vehicle" for UGV
# alike), as is a name's tail ("developed Direct Preference Optimization" for DDPO).
_NAMED_WORDS = 2
_SKIPPED = _SKIPPABLE - {"and", "as"}  # ("Miscalibration and Side Effects" is no MSE)
_TITLE_CASED = re.compile(r"[A-Z][a-z]+")
_LETTERS_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def named_long_form(text: str, acronym: str) -> str | None:
    """The words of `text` whose initials are `acronym` (three letters or more, a plural's "s"
    aside), function words between them skipped, when written as a name: "Markov chain Monte
    Carlo" for "MCMC". Within one clause; the first such, as written."""
    letters = (acronym[:-1] if acronym.endswith("s") else acronym).lower()  # "MCMCs"; not "MCTS"
    if len(letters) < 3 or not letters.isalpha():
        return None
    for sentence in re.split(r"(?<=[.!?;:])\s+", text):
        opening = True  # the sentence's first word is capitalised whatever it is
        for clause in re.split(r"[,()\[\]{}\"“”]", sentence):
            words = list(_LETTERS_WORD.finditer(clause))
            content = [
                (match, opening and n == 0)
                for n, match in enumerate(words)
                if match.group(0).lower() not in FUNCTION_WORDS
            ]
            # where a run may not reach across: a function word a long form does not skip ("and")
            stops = {
                match.start()
                for match in words
                if (lower := match.group(0).lower()) in FUNCTION_WORDS and lower not in _SKIPPED
            }
            opening = opening and not words
            for start in range(len(content) - len(letters) + 1):
                run = content[start : start + len(letters)]
                if (
                    "".join(match.group(0)[0] for match, _ in run).lower() != letters
                    # (an acronym inside is one of its own: "Reward Modeling for LLM")
                    or any(match.group(0).isupper() for match, _ in run)
                    or any(run[0][0].start() < stop < run[-1][0].start() for stop in stops)
                ):
                    continue
                named = sum(1 for match, first in run if not first and _TITLE_CASED.fullmatch(match.group(0)))
                if named >= _NAMED_WORDS and run[0][0].group(0)[0].isupper():  # not "developed Direct …"
                    return clause[run[0][0].start() : run[-1][0].end()]
    return None

"""Count questions: "how many languages does Aegis 2.0 cover?" is answered only by a number of
languages. An abstract that mentions languages, and numbers of other things, does not answer it.
Rate questions ("how often did Claude 3 Opus exfiltrate its weights?") likewise need a number in
a sentence about what they ask (`asks_quantity`, `gives_quantity`).

`counted(question)` reads the thing a question counts (the head noun of the phrase after "how
many"); `gives_count(thing, text)` says whether a sentence of the text puts a number in front of
it ("34,248 samples", "12 top-level hazard categories", "over 80 commercial and non-commercial
implementations", "a 24-layer model").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.decide import FUNCTION_WORDS, content_stems, stem, writes_acronym
from rag.english import american

# A count the question asks for: "how many" opening it or one of its clauses, not "scores
# answers by how many requirements they satisfy".
# ("and roughly how many volunteers contributed?")
_HOW_MANY = re.compile(
    r"(?:^|[,;:?.!]\s*|\band\s+)(?:(?:roughly|approximately|about|around|exactly|so|then)\s+)?how\s+many\s+([^?.!;:,]*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
# "34,248", "120k", "10.8%", "70+", "2.5M", each one token; or a word (hyphens split it).
# A digit inside a name ("GSM8K", "MATH500") starts no number.
_TOKEN = re.compile(r"((?<![A-Za-z0-9])\d[\d,.]*(?:[kKmMbB]\b|%|\+)?)|([A-Za-z]+)")
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds thousand thousands million millions billion billions dozen dozens".split()
)
# What the listings give, not the abstracts: "how many authors does X have?" is a metadata fact.
_LISTING_FIELDS = frozenset({"author", "co-author", "coauthor", "upvote", "vote", "like", "paper"})
_IRREGULAR = frozenset({"people", "children", "men", "women", "data", "criteria", "phenomena"})
# How far a number may stand before the noun it counts: "120k fine-grained, human-annotated
# preference comparison pairs" is eight words.
_REACH = 8
# Words for the people a study had, any of which a question's "how many people" counts (a word
# of `_ANYONE`), as does a people named by where they are from ("500 Americans")
_PERSONS = frozenset(
    "people person participant volunteer human user annotator rater worker crowdworker respondent "
    "subject individual contributor labeler labeller".split()
)
_HYPHEN_IN_WORD = re.compile(r"\b([A-Za-z]+)-(?=[A-Za-z])")
_ANYONE = frozenset({"people", "person", "human", "individual"})
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ans|ese|ish)")
_PHRASE_ENDS = frozenset("from of by with in on for to per across over under into via".split())


def counted(question: str) -> list[str]:
    """The nouns a question's "how many …" phrases count, as written ("annotators")."""
    return list(_counted(question))


def counts_only(question: str) -> bool:
    """Whether the question asks "how many …" and nothing else: every word it has is a counted
    phrase's or a function word ("how many languages and how many messages?"), so what it
    counts is of something an earlier turn gave."""
    rest = question
    found = False
    for match in re.finditer(r"\bhow\s+many\s+", question, re.IGNORECASE):
        clause = re.split(r"[?.!;:,]", question[match.end() :])[0]
        # "how many tasks and skill areas?": two things counted, "how many" written once
        first, *others = re.split(r"\s+and\s+(?!how\s+many\b)", clause, flags=re.IGNORECASE)
        words = _counted_phrase(first)
        if not words:
            return False
        found = True
        rest = rest.replace(" ".join(words), " ", 1)
        for other in others:
            if (more := " ".join(_counted_phrase(other))) and more == other.strip():
                rest = rest.replace(more, " ", 1)
    rest = re.sub(r"\bhow\s+many\b", " ", rest, flags=re.IGNORECASE)
    return found and all(word.lower() in FUNCTION_WORDS for word in _WORD.findall(rest))


def counted_acronyms(question: str) -> dict[str, str]:
    """Counted noun -> the initials of the words up to it, when there are two or more: "how many
    reward models …" may be answered by "45 RMs"."""
    return {thing: initials for thing, initials in _counted(question).items() if initials}


# Nouns of kinds, whose count is that of the thing before them ("task types", "attack categories")
_KINDS = frozenset({"types", "kinds", "sorts", "categories", "classes", "varieties", "flavors", "flavours"})
# ... and of units of data, which count what the word before them says ("how many judgment
# examples": "1317 off-the-shelf judgment data")
_UNITS_OF_DATA = frozenset({"examples", "samples", "instances", "items", "entries", "datapoints", "records"})


def kind_counted(question: str, thing: str) -> str | None:
    """The thing whose kinds a counted noun of kinds counts: "task" of "how many task types",
    which a count of tasks answers ("five mainstream tasks"), or of which a unit of data is ("judgment"
    of "how many judgment examples"); None for any other noun."""
    if thing.lower() not in _KINDS | _UNITS_OF_DATA:
        return None
    before = re.search(rf"\b([A-Za-z][\w-]*)\s+{re.escape(thing)}\b", question)
    return before.group(1) if before and before.group(1).lower() not in FUNCTION_WORDS else None


# "how many systems does the survey analyse?": the verb that does the counting, after its subject
_COUNTING_VERB = re.compile(
    r"\bhow\s+many\s+(?:[\w-]+\s+){0,3}?(?P<thing>[\w-]+)\s+(?:did|does|do)\s+"
    r"(?:they|it|we|you|the\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?P<verb>[a-z]+)"
    # (the verb ends the clause: "… does the TraceShield filter add per request?" is "add")
    r"(?=\s*(?:[?.!,;]|$|\s+(?:in|on|for|per|across|over|during|from|with|at|in\s+total|overall|altogether)\b))",
    re.IGNORECASE,
)


def verb_counted(question: str, thing: str) -> str | None:
    """The verb a counted `thing` is the object of, in American spelling ("analyze" of "how many
    systems does the survey analyse?"), which a number right after it in the abstract answers
    ("We analyze more than 80 … implementations"); None when the question has none."""
    for match in _COUNTING_VERB.finditer(question):
        verb = match.group("verb").lower()
        if match.group("thing") == thing and verb not in FUNCTION_WORDS and verb not in _BARE_VERBS:
            return american(verb)
    return None


def _counted_phrase(after: str) -> list[str]:
    """The words "how many" counts: those after it up to the first function word ("how many
    samples does it contain": the phrase ends at the verb)."""
    phrase: list[str] = []
    for word in _WORD.findall(after):
        if word.lower() in FUNCTION_WORDS:
            break
        phrase.append(word)
    return phrase


def _counted(question: str) -> dict[str, str]:
    things: dict[str, str] = {}
    for match in _HOW_MANY.finditer(question):
        phrase = _counted_phrase(match.group(1))
        # The counted noun is plural: "how many human annotators labelled ...", not "labelled".
        plural = [
            word
            for word in phrase
            if (len(word) > 3 and word.endswith("s") and not word.endswith("ss"))
            or word.lower() in _IRREGULAR
        ]
        thing = plural[0] if plural else phrase[-1] if phrase else None
        if thing is not None and singular(thing.lower()) not in _LISTING_FIELDS:
            words = phrase[: phrase.index(thing) + 1]
            things[thing] = "".join(word[0] for word in words).lower() if len(words) >= 2 else ""
    return things


# Words that hedge a number ("just 2-4", "as few as 3", "roughly 200", "more than 80"), between
# a verb and it.
_HEDGING = frozenset(
    "just only about around roughly approximately nearly almost over under some as few more than "
    "least at up".split()
)
# Verbs too plain to say what a number after them counts ("how many do they have/include?")
_BARE_VERBS = frozenset("have has had include includes contain contains get got cover".split())


def gives_count(thing: str, text: str, acronym: str = "") -> bool:
    """Whether some sentence of `text` puts a number in front of `thing` (within a few words), or
    of its `acronym` ("45 RMs" for reward models)."""
    # a compound is one word, however hyphenated: "29 sub-categories" gives "subcategories"
    thing = _joined(thing)
    wanted = {singular(thing.lower())} | ({acronym, acronym + "s"} if acronym else set())
    wanted |= {short for short, last in defined_acronyms(text).items() if singular(last) in wanted}
    stems = {stem(singular(thing.lower()))}
    persons = singular(thing.lower()) in _PERSONS
    if singular(thing.lower()) in _ANYONE:
        wanted |= _PERSONS  # "how many people" counts participants, volunteers, users ...
    for sentence in _SENTENCE_END.split(_joined(text)):
        found = list(_TOKEN.finditer(sentence))
        tokens = ["#" if m.group(1) else singular(m.group(2).lower()) for m in found]
        tokens = ["#" if token in _NUMBER_WORDS else token for token in tokens]
        # a word inside a hyphenated one ("state-of-the-art") ends no phrase
        inner = [
            "-" in (sentence[m.start() - 1 : m.start()] + sentence[m.end() : m.end() + 1]) for m in found
        ]
        for at, token in enumerate(tokens):
            if token != "#":
                continue
            # The number's own noun phrase: "1,500 entries derived from volunteer reminders"
            # counts entries, not volunteers; a preposition ends it.
            start = at + 1
            if found[at].group(0).endswith("%") and tokens[start : start + 1] == ["of"]:
                start += 1  # "up to 55% of generated tokens": a share of them is how many
            phrase = tokens[start : start + _REACH]
            ends = [n for n, word in enumerate(phrase) if word in _PHRASE_ENDS and not inner[start + n]]
            if any(_names_the_thing(word, wanted) for word in (phrase[: ends[0]] if ends else phrase)):
                return True
            if persons and at + 1 < len(found) and _DEMONYM.fullmatch(found[at + 1].group(0)):
                return True  # "500 Americans" for "how many people"
            # "annotated 200k preference pairs" gives a number of annotations, "sampling just 2-4
            # generations" one of samples (a hedge between the verb and the number)
            back = at - 1
            while back > 0 and tokens[back] in _HEDGING:
                back -= 1
            if back >= 0 and tokens[back] != "#" and stem(american(tokens[back])) in stems:
                return True
    return False


# "how big is the dataset they built?", "size of its training split?": the size of a body of data,
# which a count of its items gives ("over 1,500 entries"), not a share or a gain.
_SIZE_ASKED = re.compile(
    r"\bhow\s+(?:big|large)\b|\bsize\s+of\b|\bhow\s+much\s+data\b|"
    r"\b(?:data(?:set)?|corpus|benchmark|training(?:\s+set)?)\s+size\b",  # "dataset size?"
    re.IGNORECASE,
)
_DATA_NOUN = re.compile(
    r"\b(?:data|datasets?|corpus|corpora|benchmarks?|collections?|splits?|(?:training|test|eval)\s+sets?)\b",
    re.IGNORECASE,
)


def asks_size(question: str) -> bool:
    """Whether a question asks how big a body of data is ("how big is their preference data?")."""
    return _SIZE_ASKED.search(question) is not None and _DATA_NOUN.search(question) is not None


def gives_size(text: str) -> bool:
    """Whether a sentence of `text` counts items of something: a number (not a share, a multiple
    or a name's version) before a plural noun of its own phrase ("161,443 messages", "200K
    preference pairs"); "a winrate of 48.3%" and "LLaVA-7B" count nothing."""
    for sentence in _SENTENCE_END.split(_joined(text)):
        found = list(_TOKEN.finditer(sentence))
        for at, match in enumerate(found):
            number = match.group(1)
            if not number or number.endswith("%") or _VERSION_OF.search(sentence, 0, match.start()):
                continue
            for word in (m.group(2) for m in found[at + 1 : at + 1 + 3]):
                if word is None or word.lower() in _PHRASE_ENDS:
                    break
                lowered = word.lower()
                if singular(lowered) != lowered or lowered in _IRREGULAR:
                    return True
    return False


def _joined(text: str) -> str:
    """`text` with each hyphenated compound written as one word ("sub-categories" as
    "subcategories"), but for a number's ("a five-category benchmark" counts categories)."""
    return _HYPHEN_IN_WORD.sub(
        lambda m: m.group(0) if m.group(1).lower() in _NUMBER_WORDS else m.group(1), text
    )


def _names_the_thing(word: str, wanted: set[str]) -> bool:
    """Whether a word of a number's phrase is the counted thing, or a compound that ends in it
    ("150 websites" counts sites, "12 subtasks" tasks)."""
    # (a prefix of three letters or more: "ground" is no compound of "round")
    # ("851K pairwise preferences" counts preference pairs)
    return (
        word in wanted
        or any(len(w) >= 4 and len(word) - len(w) >= 3 and word.endswith(w) for w in wanted)
        or any(len(w) >= 4 and word == w + "wise" for w in wanted)
    )


# "Large Language Models (LLMs)": a bracketed acronym after the words it abbreviates.
_DEFINED = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,8})\(([A-Z][A-Za-z]{1,9})\)")


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronym (lowercase, singular) -> the last word it abbreviates (lowercase), for each one
    `text` defines ("LLMs" -> "models"): "8 widely used LLMs" is a count of models."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        words, short = match.group(1), match.group(2)
        if sum(c.isupper() for c in short) >= 2 and writes_acronym(words, short):
            found[singular(short.lower())] = words.split()[-1].lower()
    return found


def singular(word: str) -> str:
    """A plural noun's singular by the regular rules ("categories" -> "category"); "annotated"
    stays itself: a count of annotators is not a count of annotated pairs."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# A quantity the question asks for, opening it or one of its clauses: "how often …", "by how
# much …", "what percentage of …"; not "on how much leeway annotators have", nor a clause of a
# description that says what a method learns ("learns, via meta-gradients, how much to trust").
_QUANTITY = re.compile(
    r"(?:^|[,;:?.!\u2013\u2014]\s*|\s-\s+|\band\s+)(?:how\s+(?:much|often|frequently)(?!\s+to\s)|by\s+how\s+much|"
    r"what\s+(?:percentage|percent|fraction|share|proportion)\s+of|"
    # "by how many percent does it cut tokens?", "by what factor?"
    r"(?:by\s+)?how\s+many\s+(?:percent(?:age)?(?:\s+points)?|points|times)|by\s+what\s+(?:percent(?:age)?|factor|margin))\b",
    re.IGNORECASE,
)


def quantity_clause(question: str) -> str:
    """The clause that asks how much, from its asking words to its end ("how much judgment data
    to beat DaVinci003?" of "CUT (contrastive unlikelihood training) - how much …"), or ""."""
    match = _QUANTITY.search(question)
    if match is None:
        return ""
    return re.split(r"[?.!;]", question[match.start() :].lstrip(" ,;:?.!-\u2013\u2014"))[0]


def asks_quantity(question: str) -> bool:
    """Whether a question asks how much or how often; not one that describes a paper by what
    it measures ("... measuring how much they overshoot ... which paper?")."""
    return _QUANTITY.search(question) is not None and not _SEEKS_PAPER.search(question)


# A measure whose value a question asks for ("what success rate …", "GenEval score of X?",
# "the recommended beta value"), with the word before it ("success"): only a number answers it.
# Plural only where a plural still asks for numbers ("reviewer scores"; "which values", "what
# errors" ask for kinds). The measure ends its noun phrase: "a value critic" is no value.
_MEASURE = re.compile(
    r"(?:([A-Za-z][\w-]*)\s+)?(?<![\w-])(?:(scores?|rates?|costs?|hours|accuracy|value|latency|lift|uplift|"
    r"agreement|kappa|correlations?|coefficients?|perplexity|f1|auc|auroc|error|speed-?up|percentage|throughput|size|count(?!\s+(?:as|towards?)\b))(?![\w-])(?=\s*(?:$|[^\w\s]|"
    r"([A-Za-z]+)))|in\s+(cm|mm|ms|milliseconds|seconds|minutes|percent|dollars|degrees|%)(?![\w-]))",
    re.IGNORECASE,
)
# What says a question asks something rather than describes a paper ("lower learning rate in the
# representation layer" names SLCA's method, it asks for no rate).
_ASKING = re.compile(r"\?|\b(?:what|which|how|whats)\b", re.IGNORECASE)
# ... or asks for a paper, its measures part of the description ("Which work introduces a
# benchmark … and prunes HTML pages so LLMs can cope with page size?").
_SEEKS_PAPER = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+){0,2}?(?:works?|papers?|study|studies|articles?|methods?|approach(?:es)?|"
    r"frameworks?|benchmarks?|datasets?|systems?)\b",
    re.IGNORECASE,
)
_DEFINING = frozenset({"measure", "measures", "capture", "captures", "mean", "means", "work", "works"})
# Words after a measure that still end its noun phrase: what asks for its value ("the success
# rate number"), a setting ("click-through rate online"), a comparison ("win rate vs GPT-4"), or
# an adverb ("accuracy exactly").
_AFTER_MEASURE = frozenset(
    {"number", "numbers", "figure", "figures", "online", "offline", "overall", "vs", "versus"}
)


def _ends_measure(after: str) -> bool:
    word = after.lower()
    return (
        (word in FUNCTION_WORDS and word not in _DEFINING)
        or word in _AFTER_MEASURE
        or (word.endswith("ly") and len(word) > 4)
    )


# A question of how something is done ("how do they turn the VLM output into a reward score?"),
# not how it scores ("how does it score on MT-Bench?", "how did they do against GPT-4?")
_MANNER = re.compile(
    r"^\W*(?:(?:and|so|ok|but)\W+)?how\s+(?:do|does|did|can|could|would|should)\s+"
    r"(?!.*\b(?:scor\w*|perform\w*|rank\w*|fare\w*|do|did|does|compare\w*)\s+(?:on|in|at|against|vs|versus|with|to)\b)",
    re.I,
)


def asked_measures(question: str) -> list[str]:
    """The measures a question asks the value of, each with the word before it when that word
    says what is measured ("success rate" of "what success rate did DEPS reach?", "cm" of "error
    in cm?"); none for "what does its score measure?", for a description without a question, or
    for what the listings give ("size of its author list?")."""
    if (
        not _ASKING.search(question)
        or _SEEKS_PAPER.search(question)
        or any(singular(word.lower()) in _LISTING_FIELDS for word in _WORD.findall(question))
        or _MANNER.match(question)
    ):
        return []
    # Of a message of several sentences, those up to the last that asks ("is BLEU good enough as
    # the reward? I think someone showed it matches reward models in agreement with humans": what
    # follows the question tells what the asker remembers, it asks no agreement figure)
    sentences = _SENTENCE_END.split(question)
    last = max(
        (n for n, sentence in enumerate(sentences) if _ASKING.search(sentence)), default=len(sentences) - 1
    )
    asked = " ".join(sentences[: last + 1])
    measures: list[str] = []
    for match in _MEASURE.finditer(asked):
        before, measure, after, unit = match.groups()
        if unit:
            measures.append(unit)
        elif after is None or _ends_measure(after):
            lead = before if before and before.lower() not in FUNCTION_WORDS else ""
            measures.append(f"{lead} {measure}".strip())
    return list(dict.fromkeys(measures))


def gives_number(text: str, stems: Sequence[str]) -> bool:
    """Whether a sentence of `text` holds a number and one of `stems` (content stems); a name's
    version ("Tulu 3", "Llama 2") is no number of anything."""
    return any(
        any(
            (match.group(1) and not _VERSION_OF.search(sentence, 0, match.start()))
            or (match.group(2) or "").lower() in _NUMBER_WORDS
            for match in _TOKEN.finditer(sentence)
        )
        and any(_stem_in(wanted, content_stems(sentence)) for wanted in stems)
        for sentence in _SENTENCE_END.split(text)
    )


def _stem_in(wanted: str, stems: Sequence[str]) -> bool:
    """Whether `stems` hold `wanted`, or a stem of the same word family that one of the two begins
    ("histori" of history and "histor" of "historical", five letters or more)."""
    return wanted in stems or any(
        min(len(wanted), len(have)) >= _FAMILY_STEM and (have.startswith(wanted) or wanted.startswith(have))
        for have in stems
    )


_FAMILY_STEM = 5  # letters a stem needs to stand for its word family


def gives_measure(text: str, measure: str) -> bool:
    """Whether a sentence of `text` gives a value of `measure` (as `asked_measures` gives it): a
    number beside its head word ("rate" of "learning rate"; of "task count", "tasks"), or a number
    in the measure's own unit, which needs no word ("14% of the time" is a percentage, "5.0x
    runtime improvements" a speedup)."""
    words = measure.split()
    head = measure if words[-1].lower() == "count" else words[-1]
    stems = content_stems(head)
    if len(words) > 1 and words[-2].lower() == "model" and head.lower() in ("size", "sizes", "scale"):
        stems = [*stems, "paramet"]  # "at what model size …?": "small LLMs (e.g., 7B parameters)"
    return gives_number(text, stems) or any(
        unit.search(text) for stem in stems if (unit := _UNIT_OF.get(stem)) is not None
    )


# Measures whose values carry their unit: a share as a percentage, a speedup as a multiple.
_PERCENTAGE = re.compile(r"\d\s?%")
_MULTIPLE = re.compile(r"\d(?:\.\d+)?\s?[x×](?![\w])")
_UNIT_OF = {
    **dict.fromkeys(("percentag", "percent", "fraction", "proport", "share"), _PERCENTAGE),
    **dict.fromkeys(("speedup", "speed", "fold"), _MULTIPLE),  # "speed" of "speed-up"
    "paramet": re.compile(r"\d(?:\.\d+)?\s?[BM]\b"),  # a model's size in parameters: "7B", "1.5B"
}


# A name's version: "Tulu 3", "Llama-2", a capitalised word right before the number.
_VERSION_OF = re.compile(r"(?<![.!?]\s)\b[A-Z][A-Za-z]*[- ]$")


# "how much cheaper is it?", "by how much did unsafe responses drop?": a change asked by its size,
# which a ratio or a share gives ("a 50.5x reduction in computational cost", "by 10.0%").
_CHANGE_ASKED = re.compile(
    r"\bhow\s+much\s+(?:[a-z]{3,}er|more|less|fewer|better|worse)\b|"
    r"\bhow\s+much\s+(?:did|does|do|was|were|is|has|have)\s+(?:[\w-]+\s+){0,4}?(?:improve|increase|reduce|"
    r"cut|drop|decrease|gain|go\s+(?:up|down)|rise|fall|boost|lower|raise|beat|shrink|grow)",
    re.IGNORECASE,
)
_CHANGE_GIVEN = re.compile(
    r"\d(?:[.,]\d+)?\s*(?:x|\u00d7|%|times\b|-?fold\b|percent\b|percentage\s+points\b)", re.IGNORECASE
)


def asks_change(question: str) -> bool:
    """Whether a question asks by how much something changed, or how much more or less it is."""
    return _CHANGE_ASKED.search(question) is not None


def gives_change(text: str) -> bool:
    """Whether `text` gives a change by its size: a ratio or a share ("50.5x", "10.0%", "3-fold")."""
    return _CHANGE_GIVEN.search(text) is not None


def gives_quantity(term: str, text: str) -> bool:
    """Whether a sentence of `text` holding `term` (a content stem) holds a number."""
    return gives_number(text, [term])


# A question that asks for the items of a set of a given size: "what are the five task
# categories in the AI4Research taxonomy?", "the names of the two datasets MEET was evaluated on".
_ITEMS = re.compile(
    r"\b(?:(?:what|which)\s+(?:are|were)|names?\s+of)\s+(?:the|its|their)\s+"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+([^?.!;:,]*)",
    re.IGNORECASE,
)
# Where a sentence goes on to name the items of what it just counted: "three core challenges:
# tracking …, …", "three tasks, including …".
# (or names them in quotes: 'two new … datasets, "Intent in the Wild" (IIW) and "Intent in the Tame"')
_NAMES_ITEMS = re.compile(
    r"\s*(?::|\(|,?\s*(?:including|such\s+as|namely|i\.e\.|e\.g\.)|,\s*[\"\u201c])", re.IGNORECASE
)
# "groups of samples", "areas of robot learning including …"
_OF_WHAT = re.compile(
    r"\s+(?:of|in|for)\s+(?:[\w-]+\s+){0,2}?[\w-]+(?=\s*[:(,]|\s+(?:including|such\s+as|namely)\b)"
)


# ... in fewer words: "which two datasets did they evaluate on?" (what the abstract calls them
# may differ: rag.answer takes it only when the abstract writes the noun).
_WHICH_ITEMS = re.compile(
    r"\b(?:what|which)\s+(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+([^?.!;:,]*)",
    re.IGNORECASE,
)


def asked_items(question: str, loosely: bool = False) -> list[str]:
    """The sets a question asks the items of, as written up to their noun ("task categories" of
    "what are the five mainstream task categories in …?"; "datasets" of "the names of the two
    datasets MEET was evaluated on"); `loosely`, those of "which two datasets …?" instead."""
    sets: list[str] = []
    for match in (_WHICH_ITEMS if loosely else _ITEMS).finditer(question):
        phrase: list[str] = []
        for word in _WORD.findall(match.group(1)):
            if word.lower() in FUNCTION_WORDS:
                break
            phrase.append(word)
        plural = [
            n
            for n, word in enumerate(phrase)
            if len(word) > 3 and word.endswith("s") and not word.endswith("ss")
        ]
        if phrase:
            end = plural[0] if plural else len(phrase) - 1
            sets.append(" ".join(phrase[: end + 1]))
    return sets


def lists_items(thing: str, text: str, count: str = "") -> bool:
    """Whether a sentence of `text` names the items of `thing` (its last word, by stem) right
    after writing it: "we introduce three core challenges: tracking evolving values (PG-Follow),
    …" does; "a taxonomy to classify five mainstream tasks in AI4Research" does not. So does the
    next sentence when it opens on them ("… three alignment algorithms … These include …"), and
    a list of as many items as the question's `count` by another noun ("their two fixes" of "we
    propose two PPO variants: PPO-M … and PPO-C …")."""
    words = thing.split()
    wanted = content_stems(words[-1]) if words else []
    # ... or by a word before it: "the three challenge tasks" of "three core challenges: …"
    heads = [stems for stems in (wanted, *(content_stems(word) for word in words[:-1])) if stems]
    sentences = _SENTENCE_END.split(text)
    if count and wanted and any(content_stems(word) == wanted for word in _WORD.findall(text)):
        count = ""  # an abstract that uses the noun names them by it or not at all
    for at, sentence in enumerate(sentences):
        for word in _WORD.finditer(sentence):
            after = sentence[word.end() :]
            counted_by = _COUNTED_COMPOUND.fullmatch(word.group(0))
            if counted_by and content_stems(counted_by.group(1)) in heads:
                # "a three-step process: feedback signal identification, …" names the steps
                noun = re.match(r"\s+[A-Za-z][\w-]*", after)
                if noun and _NAMES_ITEMS.match(after[noun.end() :]) and re.search(r",|\band\b", after):
                    return True
            if content_stems(word.group(0)) in heads:
                # ... past a phrase that says what they are groups of ("three groups of samples,
                # namely Must-Act, …")
                of = _OF_WHAT.match(after)
                if of is not None and not _NAMES_ITEMS.match(after):
                    after = after[of.end() :]
                if _NAMES_ITEMS.match(after) and re.search(r",|\band\b", after):
                    return True
                if at + 1 < len(sentences) and names_what_came_before(sentences[at + 1]):
                    return True
        listed = (
            re.search(rf"\b{re.escape(count)}\s+(?:[\w-]+\s+){{0,3}}?[\w-]+(?=\s*:)", sentence, re.I)
            if count
            else None
        )
        if listed is not None and re.search(r",|\band\b", sentence[listed.end() :]):
            return True
    return False


# A count joined to its noun before another noun: "three-step (process)", "two-stage", "5-tier".
_COUNTED_COMPOUND = re.compile(
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|multi)-([A-Za-z]+)", re.IGNORECASE
)
# A sentence that goes on to name what the one before it counted: "These include …", "They are …".
_THESE_ARE = re.compile(r"\s*(?:these|they|those)\s+(?:include|are|comprise|consist\s+of)\b", re.IGNORECASE)


def names_what_came_before(sentence: str) -> bool:
    """Whether a sentence opens on the items the one before it counted ("These include …")."""
    return bool(_THESE_ARE.match(sentence)) and bool(re.search(r",|\band\b", sentence))


def count_of(question: str, thing: str) -> str:
    """The number a question gives the set it asks the items of ("two" of "their two fixes")."""
    match = re.search(
        rf"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\s+{re.escape(thing)}\b",
        question,
        re.I,
    )
    return match.group(1) if match else ""


# What a question asks for, by its noun: "which venue did LiPO end up at?" (venue), "what
# sampling temperature does AgentOccam use?" (temperature). The wh-word opens the question or a
# clause of it ("… - which venue?"), not a relative clause ("agents which improve slowly").
_WH_FOCUS = re.compile(
    # ("under which license …", "on what hardware …": the wh-word after its preposition)
    r"(?:^|[,;:?.!(]\s*|\s[-–—]\s*|\band\s+|\bso\s+)(?:(?:under|in|on|at|from|with|by|for|into|through)\s+)?"
    r"(?:which|what|whats|what's)\s+([^?.!;:,()]*)",
    re.IGNORECASE,
)
# Words between the wh-word and what it asks for: "what is the", "which exact", "what kind of".
_BEFORE_FOCUS = frozenset(
    "is was are were s the a an its their his her exact exactly specific specifically kind kinds "
    "type types sort sorts of".split()
)
# Nouns a question asks a paper for, not of one ("which paper …", "what's the full title?"),
# and names of the listing's fields (rag.metadata answers those).
_NOT_FOCUS = frozenset(
    "paper papers work works study studies article articles title titles name names arxiv link "
    "links bibtex citation citations one ones".split()
)
# ... and what every abstract states of its paper, in whatever words ("what problem does RLHS
# solve?", "what's the main idea of URIAL?", "the goal of ProgressGym"): nothing a word of the
# abstract must come close to.
_EVERY_ABSTRACT_SAYS = frozenset(
    "problem problems issue issues challenge challenges goal goals aim aims purpose motivation idea ideas "
    "contribution contributions solution solutions finding findings conclusion conclusions takeaway "
    "takeaways insight insights novelty gist point".split()
)
_FOCUS_WORDS = 3  # words of a focus phrase at most ("BLEU n-gram order")
_AUXILIARIES = frozenset("did does do done has have had can could would will should shall might".split())


def asked_focus(question: str) -> list[str]:
    """The head noun of each thing a question asks for with "which …" or "what …" ("venue" of
    "which venue did LiPO end up at?", "temperature" of "what sampling temperature does it
    use?"): the last word before the verb or function word that ends its phrase. None for "what
    is it about?", "which of those …", or "which paper …"."""
    heads: list[str] = []
    for match in _WH_FOCUS.finditer(question):
        phrase: list[str] = []
        for word in _WORD.findall(match.group(1)):
            lower = word.lower()
            if not phrase and lower in _BEFORE_FOCUS:
                continue
            if lower in _NOT_FOCUS or lower in _EVERY_ABSTRACT_SAYS:  # "what's the full paper title?"
                phrase = []
                break
            if lower in FUNCTION_WORDS or lower in _AUXILIARIES:
                break
            phrase.append(word)
            if len(phrase) == _FOCUS_WORDS:
                break
        if phrase and not any(singular(word.lower()) in _LISTING_FIELDS for word in phrase):
            heads.append(phrase[-1])
    return list(dict.fromkeys(heads))

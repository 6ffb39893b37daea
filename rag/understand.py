"""Understand a turn once: (question, thread history) -> a typed `Query` that every later stage
follows (route, the papers it names or refers to, metadata filters, the topic to retrieve with).

The cues read here are the grammar of requests ("cite", "which papers", "vs", "those"), not the
wording of particular questions; whether a paper is named is decided by the name index."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rag.counts import counts_only
from rag.decide import FUNCTION_WORDS, content_stems, stem
from rag.metadata import (
    NUMBER_WORDS,
    Condition,
    MetadataQuery,
    fact_cue,
    more_facts,
    pair_comparison,
    parse_metadata,
    without_fact_cues,
)
from rag.model import AnswerKind, Field, Turn
from rag.names import name_shaped
from rag.phrasing import ListCue


class Route(StrEnum):
    TOPICAL = "topical"
    LIST = "list"
    COMPARE = "compare"
    LOOKUP = "lookup"
    METADATA = "metadata"
    SIMILAR = "similar"
    HELP = "help"


@dataclass(frozen=True, slots=True)
class Query:
    text: str  # the question as asked (white space collapsed)
    route: Route
    topic: str  # what to retrieve with
    named: tuple[str, ...] = ()  # papers the question itself names surely
    subject: tuple[str, ...] = ()  # papers an earlier turn gave that this one is about ("it")
    among: tuple[str, ...] = ()  # choose within these ("which of those ...")
    exclude: tuple[str, ...] = ()  # "other papers ..."
    sides: tuple[str, ...] = ()  # the two texts a comparison compares
    wants: frozenset[str] = field(default=frozenset())  # bibtex, link, title, arxiv
    quoted: tuple[str, ...] = ()  # titles the question quotes ('your language model is secretly …')
    cased: tuple[str, ...] = ()  # ... or writes in a title's case in a lookup ("Attention Is All You Need")
    metadata: MetadataQuery | None = None
    follow_up: bool = False
    # `among` is pointed at with a pronoun ("bibtex for that one", "what do they use?"): its
    # first paper, unless what the turn asks fits another one better.
    pronoun: bool = False
    # ... as "the other one" of it, which only a term few papers use picks out of its order ("how
    # much did watch-time increase?"; "what benchmarks did it report?" asks the set's next)
    other: bool = False
    # A figure no listing records that the turn asks for ("citation counts"): said so, whatever
    # else it asks.
    unrecorded: str = ""
    # The question that offered `among` ("multilingual papers?"): when no paper of the set fits a
    # pick ("which of those is about online shopping?"), its wider ranking is looked in.
    frame: str = ""
    # The turn says it stands alone ("unrelated: …"): no paper of the thread is its subject.
    alone: bool = False
    task: bool = False  # it asks for work, not about papers ("write me a python function …")
    thanked: bool = False  # it only thanks or acknowledges ("thanks!", "ok cool"): a HELP turn
    overview: bool = False  # it asks what the corpus holds ("what topics does it cover?"): a HELP turn
    # The acronym it asks the long form of ("what does KTO stand for?"): answered from the
    # abstracts that spell it out, else read as the topical question it also is.
    defines: str = ""
    # A list of the papers that mention the topic at all ("which abstracts bring up
    # hallucination?", "where does beam search show up?"), not only those about it.
    mention: bool = False
    # The turn follows earlier turns of its thread (and does not say it stands alone): what it
    # asks leans on them, so its own words carry less of it (the refusal model weighs this).
    threaded: bool = False
    # It cites a paper by its authors ("Hu et al."): the listings give no author names, so no
    # paper here can be shown to be that one (the refusal model weighs this).
    cites_authors: bool = False
    authors: str = ""  # ... as written ("Hu et al.")
    # The names it calls a paper by ("the DeepSeek-R1 paper", "the original LIMA paper"): a paper
    # it asks for by a name, which some paper here must go by.
    called: tuple[str, ...] = ()
    # Read as a list by the list cue (rag.phrasing) where the patterns read a topical question:
    # the answer is laid out as a list, and refused as the topical question would be.
    cued: bool = False
    # How many papers a list asks for ("recommend me 3 papers on reward models"), if it says.
    limit: int | None = None
    # How many sentences the answer should take ("summarize RLHS in 2 sentences"), 0 when unsaid.
    sentences: int = 0
    # A lookup of every paper of `subject` ("bibtex for all of them", "links for those"), not of
    # its first.
    each: bool = False
    # "more" after a list that held no paper back: there is no more, and the nearest others are
    # named as such.
    exhausted: bool = False
    # The names of `called` it asks who brought into the world ("which paper introduced DPO?"): the
    # paper that did, not one that uses it, however common the name.
    made: tuple[str, ...] = ()
    # What a list leaves out ("reward model papers that are not about multimodal models",
    # "alignment papers, excluding surveys"): the papers about it are not listed.
    without: str = ""
    # ... and the papers that mention it are left out, not only those about it ("papers that
    # don't use RL", "which of those don't mention RLHF?").
    without_mentioned: bool = False
    # The paper of `among` a field picks ("summarize the newest": the latest dated), with the
    # field and whether its highest value picks.
    picked: tuple[Field, bool] | None = None
    # A list of the papers whose abstracts give a code address ("which papers release code?").
    with_code: bool = False
    # A topic alone or a kind of thing ("success rate?", "which benchmarks got better"): in a
    # thread, when its words are plain, asked of the thread's paper (rag.answer)
    bare: bool = False
    # It sets up the paper it leaves out as the model for the one sought ("a benchmark like
    # RAG-RewardBench but for code?"): the one sought must hold what is asked (rag.answer).
    likened: bool = False
    # What it asks a method was applied to ("has Align With Purpose been applied to OCR?"): the
    # paper that answers must hold it (rag.answer).
    applied: str = ""
    # The thread's papers beyond `among` that "the X one" may mean ("when was the beam search one
    # posted?" after a list of other papers): the one that writes X when no paper of `among` does.
    earlier: tuple[str, ...] = ()
    # It seeks a paper by what it does or says ("is there something that aligns diffusion models
    # without a reference model?", "any paper on agents that invent their own goals?"): not the
    # thread's paper asked again (rag.answer).
    sought: bool = False
    # What a yes/no question asks the thread's paper to carry over to ("does it also work for
    # vision-language models?"): named by its abstract, or the turn is refused (rag.answer).
    carried_to: str = ""


# A yes/no question whether the thread's paper carries over to something ("does it also work for
# vision-language models?", "did they run it on a real robot arm?", "did they test it on video
# question answering too?"): what it is carried over to, which the abstract must name (not "… or
# only LLMs?", nor "anything besides NLP tasks": alternatives and what is set aside).
_EXTENDED_TO = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but)\W+)?(?:does|do|did|can|could|would|will)\s+"
    r"(?:it|they|this|that|the\s+(?:first|second|third|last|other)\s+one|the\s+method)\s+(?:also\s+|even\s+)?"
    r"(?:work|apply|run|test|evaluate|cover|handle|support|generali[sz]e|transfer|try|trie)\w*"
    r"(?:\s+(?:it|them|that|this))?(?:\s+(?:also|too))?\s+(?:on|for|to|in|with)\s+(?P<object>[^?]+)",
    re.I,
)
_SET_ASIDE = re.compile(
    r"\b(?:or|besides|beyond|except|other\s+than|apart\s+from|instead\s+of|rather\s+than)\b", re.I
)
# "Has Align With Purpose been applied to OCR?", "has that been tried on a legged robot?": what
# the method is asked to have been applied to
_APPLIED_TO = re.compile(
    r"\b(?:has|have|was|were)\b(?:\s+[^?!.;]{1,80}?)?\s+been\s+(?:(?:applied|extended|adapted|ported)\s+to|"
    r"(?:applied|tried|used|extended|tested|replicated|adapted|ported|evaluated)\s+(?:on|for|in|with|against))\s+"
    r"(?:an?\s+|the\s+)?"
    r"(?P<target>[^?!.;()]{3,80}?)\s*(?:[?!.;(]|$)",
    re.I,
)
# A turn that says the thread's paper was not the one meant: "no wait i meant …", "sorry, I
# meant …", "not that one, I meant …"
_CORRECTED = re.compile(
    r"^\W*(?:(?:no+|nope|sorry|wait|oops|hmm+|ah|not\s+that(?:\s+one)?|wrong\s+(?:one|paper))\b[\s,.!-]*){1,3}"
    r"i\s+meant\s+",
    re.I,
)
# "Hu et al.", "Schulman et al.'s", typed in lowercase too ("ddpm ho et al 2020")
_ET_AL = re.compile(r"\b[A-Za-z][\w'-]+\s+et\s+al\b")
# How a turn opens that asks for something of the last answer ("sources?", "and your references?").
_ASKED_OF_ANSWER = r"^\W*(?:(?:and|ok|so)\W+)?(?:(?:what\s+are\s+)?(?:the|your)\s+)?"
# What a lookup asks for, by the words people use to ask for it.
_WANTS = {
    # ("citation count", "citations" counted: a figure no listing gives, not a request to cite)
    "bibtex": r"\b(?:bibtex|bib(?:\s+entry)?|cite|citation|citing)\b(?!\s+(?:counts?|numbers?|stats|metrics))|\breference(?:\s+(?:for|to)\b|\s*\?|\s+(?:please|pls|plz)\b|$)|"
    # "want the ref", "full reference please", "ref?" (a clause's end: not "the reference model")
    r"\b(?:the|a|full|its|their|proper)\s+ref\s*(?:please|pls|plz)?\s*(?:[?.!,;]|$)|"
    r"\b(?:full|proper)\s+reference\s*(?:please|pls|plz)?\s*(?:[?.!,;]|$)|"
    r"(?:^|[,;:-]\s*)\bref\s*(?:please|pls|plz)?\s*[?.!]*\s*$",
    # ("the link between reward and evaluation", "links answers back to …": a relation)
    # ("… paper, can you pull it up", "pull up GRAPE": the paper's card)
    "link": r"\b(?:links?\b(?!\s+(?:between|among|with|back)\b)|urls?\b|pdfs?\b|where can i (?:find|read)\b)|\b(?:paper|info|citation)\s+card\b|"
    r"\b(?:pull|bring)\s+(?:(?:it|that|this)\s+)?up\b|"
    + _ASKED_OF_ANSWER
    + r"(?:sources\b|source\s*[?.!]*\s*$)",
    "arxiv": r"\barxiv(?:\s+(?:id|number|link|page))?\b",
    "doi": r"\bdoi\b",
    # its code: "github link?", "is the code available?", "is there code?", "open-sourced?"
    # ("github stars" is a figure no listing gives; "open-source models" are models; "RePo" a paper)
    "code": r"\bgithub\b(?!\s+(?:stars?|issues?|forks?|followers))|\b(?:github|gitlab|code|the|a|their|its|source)\s+(?-i:repo(?:sitory)?)\b|"
    r"\b(?:is|was|are)\s+(?:the\s+|their\s+|its\s+)?code\s+"
    r"(?:available|public|released|open|out)\b|\bis\s+there\s+(?:any\s+)?(?:code|source code)\b|"
    r"\b(?:code|source)\s+(?:link|url)\b|\blink\s+to\s+(?:the\s+|their\s+|its\s+)?code\b|"
    r"\bwhere(?:'s|\s+is|\s+can\s+i\s+(?:find|get))\s+(?:the\s+|their\s+|its\s+)?code\b|"
    r"\b(?:is|was)\s+(?:it|the\s+code|their\s+code|its\s+code)\s+open[- ]sourced?\b|\bopen[- ]sourced?\s*\?|"
    r"\b(?:release|share|publish)[ds]?\s+(?:the\s+|their\s+|its\s+)?code\b|"
    # ... or the turn says nothing but that: "code available?", "any code?", "code + data public?"
    r"^\W*(?:any\s+|the\s+|their\s+|its\s+)?(?:source\s+)?code(?:\s+(?:and|&|\+)\s+data)?"
    r"(?:\s+(?:available|public|released|open[- ]sourced?|out|link))?\s*[?.!]*\s*$|"
    # "is there a code release?", "project page or code?", "what about the first one, code?",
    # "repo link?" (a turn of its own: "RePo" is a paper)
    r"\bcode\s+(?:release|drop)s?\b|\bproject\s+(?:page|site|website)\b|"
    r"(?:[,;/+]|\bor|\band)\s*(?:the\s+|its\s+|their\s+)?(?:source\s+)?code\s*[?.!]*\s*$|"
    r"^\W*(?:the\s+|their\s+|its\s+)?(?-i:repo(?:sitory)?)(?:\s+(?:link|url))?\s*[?.!]*\s*$",
    # its abstract as the listing gives it: "the full abstract", "abstract of X", "X abstract?"
    # ("abstract reasoning" is a topic, "which abstracts mention X?" a list)
    "abstract": r"\b(?:give|show|send|paste|read|see|get|display|print|post|share|want|need|pull\s+up)\s+"
    r"(?:me\s+|us\s+)?(?:the\s+|its\s+|their\s+|that\s+|this\s+)?(?:full\s+|whole\s+|complete\s+|entire\s+|"
    r"original\s+)?abstract\b|\b(?:full|whole|complete|entire)\s+abstract\b|^\W*abstract\s+(?:of|for)\b|"
    r"(?<!\ban )(?<!\bany )(?<!\bno )\babstract\s*(?:please|pls)?\s*[?.!]*\s*$|"
    r"\babstract\s*(?:and|&|\+|,)\s*(?:the\s+|its\s+)?(?:bibtex|bib|link|citation|title|url)\b|"
    r"\b(?:bibtex|bib|link|citation|title|url)\s*(?:and|&|\+|,)\s*(?:the\s+|its\s+)?abstract\b",
    "title": r"\b(?:full|exact|complete|whole|real|actual|official)\s+(?:title|name)\b|\btitle of\b|"
    r"\bwhat(?:'s| is) (?:it|the paper) called\b|\bwhat(?:'s| is) the title\b",
}
# The words of a request (not of the paper it asks about): removed before matching titles.
_REQUEST_WORDS = re.compile(
    r"\b(?:cite|citation|citing|bibtex|bib|entry|reference|link|url|pdf|arxiv|doi|github|repository|id|abstract|"
    # ("code repo?": the code's, not the RePo paper, which a lowercase "repo" never names here)
    r"(?<=code )repo|number|page|full|exact|"
    r"complete|title|name|paper|papers|card|the|a|an|of|for|to|me|pls|please|give|get|show|find|pull up|"
    r"what's|whats|what is|can you|could you|i need|need|original|report|behind|for me|is|the one)\b",
    re.I,
)
_LIST = re.compile(
    r"\b(?:which|what|any|list|all|other|some|more)\s+(?:[\w/&+-]+\s+){0,2}?(?:papers|works|studies|approaches|methods|"
    r"articles|abstracts|ones|projects|efforts|publications|preprints)\b|"
    # "papers evaluated on MuJoCo", "papers reporting VQA results"
    r"^\W*(?:papers|works|studies)\s+(?:\w+ed|\w+ing)\b|"
    r"\b(?:papers|studies)\s+(?:that|which|on|about|using|use|with|where|in|for|from|studying|proposing|"
    r"related\s+to|regarding|concerning|dealing\s+with|addressing)\b|"
    r"\b(?:any|are there|is there)\s+(?:\w+\s+)?(?:work|research|literature)\b|"
    # "are there reward models for image editing?": things in the plural, several papers
    r"^\W*are\s+there\s+(?:any\s+|other\s+){0,2}(?:[\w-]+\s+){0,2}?[\w-]*[^s\W]s\b|"
    r"\banything\s+(?:in|on|about|involving|related\s+to|regarding|concerning|covering)\b|"
    # "anything touching on academic peer review?", "drones or ground vehicles in any paper?"
    r"\banything\s+(?:touching|dealing|looking|focusing|working)\s+(?:on|with|at|upon|into)\b|"
    r"\bin\s+any\s+(?:of\s+the\s+)?(?:papers?|works?|stud(?:y|ies)|abstracts?)(?:\s+here)?\W*$|"
    # "task planners for real robots, anything?"
    r"[,\-\u2013\u2014]\s*anything\W*$|\bhave\s+(?:we\s+)?(?:got\s+)?anything\b|"
    # "... - what's in here?", "what is there on ...", "continual learning papers?"
    r"\bwhat(?:'s| is)\s+(?:in here|there)\b(?:\s+(?:on|about)\b|\W*$)|\b(?:papers|works|studies)\W*$|"
    r"\bwho\s+(?:\w+\s+){0,2}?(?:trains?|studies|uses?|proposes?|works?)\b|"
    # "who compares against text-davinci-003?": whichever papers do it
    r"^\W*who\s+(?!(?:is|was|has|does|says|wrote|writes)\b)[a-z]+[^s\W]s\b|"
    # "list every paper that reports AlpacaEval results"
    r"\b(?:list|every|each)\s+(?:the\s+)?(?:\w+\s+)?paper\b(?!'s)|"
    # "... write the paper. list pls", "... - list them" (not "my reading list")
    r"[.,;:!?\-\u2013\u2014]\s*(?:(?:pls|plz|please)\s+)?list\b(?:\s+(?:them|those|these|all|em|pls|plz|please))*\W*$|"
    r"\blist\s+(?:them|those|these|all|em|pls|plz|please)\W*$|"
    # "did anyone report AlpacaEval numbers? list all of them", "… - all of them please"
    r"[.,;:!?\-\u2013\u2014]\s*(?:(?:list|show|give|name)\s+(?:me\s+)?)?(?:all|every\s+one)\s+of\s+(?:them|those|these)"
    r"(?:\s+(?:pls|plz|please))?\W*$",
    re.I,
)
# "where does X appear / show up / get used?", "X shows up where?": a list of the papers using X.
_WHERE_USED = re.compile(
    r"\bwhere\s+(?:else\s+)?(?:does|do|did|is|are|was|were|has|have)\s+(?P<thing>.+?)\s+(?:(?:get|gets|got|been)\s+)?"
    r"(?:appear(?:s|ed)?|show(?:s|n)?\s+up|come\s+up|crop\s+up|(?:referenced|mentioned|used|cited|discussed)|"
    r"turn\s+up)\b|"
    r"^\W*(?P<before>.+?)\s*[-,:]?\s+(?:shows?\s+up|appears?|comes?\s+up|is\s+(?:used|mentioned))\s+where\b",
    re.I,
)
_COMPARE = re.compile(
    r"\s+(?:vs\.?|versus)\s+|\bdiffer(?:s|ent|ence)?\s+(?:from|between|to)\b|\bcompared?\s+(?:to|with)\b|"
    r"\bdifference between\b|\bcompare\b",
    re.I,
)
# The next place of a sort: "and second place?", "the runner-up?", "and after that?"
_NEXT_PLACE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|then|what\s+about|how\s+about)\W+)*(?:the\s+)?(?:"
    r"second\s+place|runners?[-\s]?up|next\s+(?:one|best|place)|after\s+(?:that|it|this)|"
    r"(?:which|what)\s+(?:ones?\s+|papers?\s+)?(?:comes?|is|are)\s+(?:right\s+)?(?:after|next)(?:\s+(?:it|that|this))?"
    r"(?:\s+(?:in|by)\s+[\w\s-]{1,20}?)?|one\s+(?:right\s+)?after(?:\s+(?:it|that))?)\W*$",
    re.I,
)
# "and the top one from 2023?", "what about the best one in 2024": the first place of an earlier
# sort, under the conditions that follow
_TOP_ONE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|then|what\s+about|how\s+about)\W+)+(?:the\s+)?(?:top|best|first|number\s+one|#1)"
    r"(?:\s+(?:one|paper))?\s+(?P<rest>(?:from|in|of|for|during|before|after|since)\b[^?!.]{2,40}?)\s*[?.!]*\s*$",
    re.I,
)
# What a turn asks after the ordinal that picks its paper: "the third one - how did they …?"
_ASKED_AFTER = re.compile(r"\s*(?:[-\u2013\u2014:,]+\s*)?(\w.{8,})$")
# Words that ask about dates: "the first paper posted", "the last one in the corpus".
_DATED = re.compile(
    r"\b(?:oldest|earliest|newest|latest|recent|dated?|dates|posted|published|released|submitted|uploaded|"
    r"came\s+out|appeared|in\s+(?:the\s+)?(?:corpus|collection|listings?)|in\s+here|ever)\b",
    re.I,
)
# References to earlier turns.
_ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "last": -1,
}  # fmt: skip
_ORDINAL = re.compile(
    # ("the first of them", "the second of those")
    r"\b(?:the\s+)?(" + "|".join(_ORDINALS) + r")\s+(?:one\b|paper\b|result\b|source\b|"
    r"(?=(?:of|among)\s+(?:them|those|these|the\s+(?:list|papers|above|ones))\b))|\[(\d{1,2})\]|#(\d{1,2})\b|"
    # "bibtex for the second": "the" and the ordinal ending the turn
    r"\bthe\s+(" + "|".join(_ORDINALS) + r")(?=\s*[?.!]*\s*$)|"
    # "what did the second find?", "which datasets does the 2nd use?": the ordinal is what the
    # asking is of (not a part or a time of it: "does the first stage", "did the second half")
    r"\b(?:does|did|do|is|was|has|had|can|could|will|would)\s+the\s+(" + "|".join(_ORDINALS) + r")\b"
    r"(?!\s+(?:authors?|stages?|steps?|phases?|versions?|half|halves|quarter|week|month|time|round|part|section|two|three|four|five|\d+)\b)",
    re.I,
)
# A past participle that describes a paper: "the one deployed at Kuaishou", "trained on …"
_PARTICIPLE = r"(?!need)[a-z]{3,}ed\s+(?:at|on|in|by|with|for|to|from|as|via|under|into)"
_SET_REFERENCE = re.compile(
    r"\b(?:of|among|from)\s+(?:those|these|them|the above)\b|\bwhich (?:of|one)\b|"
    r"\bthe one\s+(?:that|which|with|where|about|on|(?!being\b)[a-z]+ing|" + _PARTICIPLE + r")\b",
    re.I,
)
# "the recommendation one", "the ensemble one": a word of it picks it from the set (when the
# word is not a name the question gives: "the WaltzRL one" is that paper).
_ONE_BY_WORD = re.compile(
    # ("the bibtex of that one": "that one" is a pronoun, no words picking a paper)
    # ("the referee in one single model": a word before "one" that joins it to a phrase)
    r"\bthe\s+(?!(?:same|other|next|last|first|only|right|wrong|new)\b)"
    r"(?:(?!(?:that|this|in|into|as|to|of|for|on|with|at|by|and|or|than)\b)[\w-]+\s+){1,3}?"
    r"one(?![\w-])"
    r"(?!\s+(?:of|more)\b)|"
    # "that phone one": one word between
    r"\b(?:that|this)\s+(?!(?:same|other|next|last|first|only|no|any|some|every|each)\b)[\w-]+\s+one(?![\w-])"
    r"(?!\s+(?:of|more)\b)",
    re.I,
)
# "the one with bayesian ensembles, when was it posted?": one of the set picked by what it does
# "back to the honesty one": a paper met earlier in the thread, not only in the latest set
_RETURNING = re.compile(r"\b(?:back|return(?:ing)?)\s+to\b", re.I)
# ... by what it is: "back to the company report", "going back to that survey" (not "the topic")
_BACK_TO_PAPER = re.compile(
    r"\b(?:back|return(?:ing)?)\s+to\s+(?:the|that|this)\s+(?!(?:topic|question|subject|start|beginning)\b)"
    r"(?:[\w-]+\s+){0,3}(?:paper|report|survey|study|work|preprint|benchmark|dataset|method|one|thing|stuff|"
    r"approach|idea|technique|framework)\b",
    re.I,
)
# What follows "the X one" when it describes the paper: "… that recommends end to end with …"
_DESCRIBED_AFTER = re.compile(
    r"\s+(?:that|which|where|who|whose|with|using|on|about|(?!being\b)[a-z]+ing|"
    + _PARTICIPLE
    + r")\s+\S+\s+\S+",
    re.I,
)
_PICKED = re.compile(
    r"\b(?:the one|which one|which of (?:those|these|them))\s+(?:that|which|with|where|about|on|is|uses?|"
    # "the one covering legal reasoning"
    r"(?!being\b)[a-z]+ing)\b",
    re.I,
)
# "which of those", "among these": the set by name, which may be one paper; "the one that …"
# after a one-paper answer is another paper.
_OF_THE_SET = re.compile(r"\b(?:of|among|from)\s+(?:those|these|them|the above)\b", re.I)
_OTHER = re.compile(r"\b(?:other|else|another|besides|apart from|more)\b", re.I)
_BESIDES = re.compile(r"\b(?:other|else|besides|apart from)\b", re.I)
# A turn that narrows the earlier set to the papers that qualify ("which of those use RL?", "only
# the ones with a benchmark", "keep just those that train with RL").
# "any about safety?", "any from 2025?": "any" of the set, its noun left out.
_ANY_OF_SET = r"^\W*(?:(?:and|so|ok|okay)\W+)?any(?=\s+(?:about|on|with|using|that|which|where|from)\b)"
_SET_FILTER = re.compile(
    r"\b(?:which|what|any|all|both)\s+of\s+(?:those|these|them|the above|the\s+remaining(?:\s+ones)?|the\s+rest)\b|"
    # "which ones use RL?": "ones" in the plural is the set's members, those that qualify
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:which|what)\s+ones\b|"
    r"\b(?:of|among|from)\s+(?:those|these|them|the above)\b|"
    r"\b(?:only|just|keep|show)\s+(?:only\s+|just\s+)?(?:the\s+ones|those|these|ones|the\s+papers)\b|"
    # "only the image-generation ones": "ones" points back at the set, whatever qualifies it.
    r"\b(?:only|just|keep)\s+(?:the\s+)?(?=(?:[\w-]+\s+){1,3}?ones\b)|"
    r"\b(?:the\s+ones|those)\s+(?:that|which|who|with|using|where|about|on|in|dated|from|posted|published|"
    r"released|since|before|after)\b|"
    # "restrict to the ones dated 2024", "narrow it down to 2025"
    r"^\W*(?:(?:and|so|ok|okay|now)\W+)?(?:restrict|limit|narrow|filter)\w*\s+(?:(?:it|that|them|those|this|"
    r"down|the\s+list)\s+){0,2}(?:to|for|by)\b|" + _ANY_OF_SET,
    # "any about safety?", "and any that use RL?": "any" of the set, its noun left out
    re.I,
)
# ... or to the papers that do not hold something: "drop the conversational ones", "without the
# surveys pls", "which of those aren't surveys?" (not "no, the other one")
_SET_DROP = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|now|pls|please|then)\W+)*(?:drop|remove|exclude|skip|lose|filter\s+out|"
    r"leave\s+out|get\s+rid\s+of|take\s+out|without|minus)\s+(?:the\s+|all\s+(?:the\s+)?|any\s+)?"
    r"(?P<left>[^,;?!.()]{2,60}?)(?:\s+(?:ones?|papers?|works?|kinds?|types?))?\s*(?:,?\s*(?:pls|please|plz))?"
    r"\s*[?.!]*\s*$",
    re.I,
)
_SET_NOT = re.compile(
    r"\b(?:of\s+)?(?:those|these|them|the\s+ones)\s+(?:(?:are|is)\s+not|(?:aren|isn)['\u2019]?t)\s+"
    r"(?:about\s+|on\s+)?(?:an?\s+|the\s+)?(?P<left>[^,;?!.()]{2,60}?)(?:\s+(?:ones?|papers?|kinds?))?\s*[?.!]*\s*$",
    re.I,
)
# ... and one that asks for a single one of them ("which of those is the Bayesian one?").
# A verb in the singular after the set ("which of those needs ...", "... is the Bayesian one")
# asks for one paper; in the plural ("which of those use RL?") for every one that qualifies.
_ONE_OF_SET = re.compile(
    r"\bthe\s+(?:(?!(?:that|this)\b)\w+\s+){0,3}?one\b|\bwhich\s+(?:one|paper)\b|"
    r"\b(?:those|these|them|the above)(?:\s+(?:two|three|four|2|3|4))?\s+(?:is|was|has|does|\w+[^su\W]s)\b",
    re.I,
)
# A pronoun that stands for a paper ("did they ...", "its dataset"); "something like that" is
# not one: it asks for a new search.
# The thread's one paper as a side of a comparison ("how does it compare to MaPO?").
_THE_THREADS_ONE = re.compile(r"\b(?:it|this paper|that paper|this one|that one|this work|that work)\b", re.I)
# A yes/no question whether the thread's paper measured itself against another: "did they
# compare directly against Transfer Q*?", "does it beat MaPO?", "was it tested against DPO?"
_MEASURED_AGAINST = re.compile(
    r"^\W*(?:and\s+)?(?:did|do|does|was|were|has|have|is|are)\s+(?:they|it|the authors|this paper|that paper)\s+"
    r"(?:\w+\s+){0,2}?(?:compare[sd]?|benchmark(?:ed|s)?|evaluated?|tested|test|measured?|beat|beats|outperform(?:s|ed)?|"
    r"run|ran)\b(?:[^?]*?\b(?:against|with|to|vs\.?|versus|on)\b)?",
    re.I,
)
_BETTER_THAN = re.compile(r"\b(?:better|worse|faster|slower|simpler|cheaper|stronger|weaker)\s+than\b", re.I)
_PAPER_REFERENCE = re.compile(
    r"\b(?:it|it's|they|them|this paper|that paper|the authors|this work|"
    r"this one|that one|the method|the approach|the framework)\b|"
    # ("do we have the paper on generating background music for a video?": a paper described, not
    # the thread's)
    r"\bthe paper\b(?!\s+(?:on|about|where|that|which|with|in\s+which|introducing|proposing)\b)|"
    # "what does reward hacking mean in that context?", "in this setting": the paper's
    r"\bin\s+(?:that|this|their|its)\s+(?:context|setting|paper|case|framework|setup|work)\b|"
    # ("DPO and its variants": "its" is DPO's, bound inside the question)
    r"(?<!\w and )(?<!\w or )(?<!\w with )(?<!\w plus )\b(?:its|their|theirs)\b|"
    # "how many samples does that dataset have?" (not "papers that model …": nouns no verb shares)
    r"\b(?:this|that)\s+(?:dataset|survey|framework|method|approach|algorithm|technique|system|agent|corpus)\b|"
    # ... and nouns a verb shares, where no relative "that" can stand: after an auxiliary or a
    # preposition ("what did that reward get on RewardBench?", "results on that benchmark")
    r"\b(?:does|did|do|is|was|has|had|can|could|would|will|on|in|for|of|with|from|by|about)\s+(?:this|that)\s+"
    r"(?:reward|model|benchmark|objective|loss|metric|pipeline|recipe|idea|study|paper's)\b|"
    # "what MT-Bench score did that get?": "that" the subject of the question's last verb
    r"\b(?:does|did|do|has|had|can|could|would|will)\s+(?:that|this)\s+[a-z]+\s*[?.!]*\s*$|"
    # "when was that posted?", "bibtex for that": "that" ending the question, not "papers that ..."
    r"\bthat(?=\s*(?:posted|published|released|dated|out|come out|came out)?\s*[?.!]*\s*$)|"
    # "Benchmarks used there?", "Base model there, and …": the paper the thread is on (not "is
    # there?", "anything there?")
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bthing )(?<!\bin )(?<!\bout )\bthere(?=\s*[,?.!]+\s*(?:and\b|$))",
    re.I,
)
_ELLIPSIS = re.compile(
    # ("and what about X?" before "and": the sub leaves X)
    r"^\s*(?:so,?\s+(?=what\s+about|how\s+about))?"
    r"(?:and\s+what\s+about|and\s+how\s+about|what\s+about|how\s+about|and|same\s+for|now|ok(?:ay)?,?\s+and|"
    # "ok then part I" after "link to Secrets of RLHF part II?"
    r"(?:ok(?:ay)?|so),?\s+then|"
    # "same but conversational recommenders", "same question but for video"
    r"(?:the\s+)?same(?:\s+(?:thing|question|again))?,?\s+but(?:\s+(?:for|on|about))?|same\s+(?:thing|question)\s+for)\b",
    re.I,
)
# A turn that says it changes the subject ("unrelated:", "different question -"): what follows
# stands alone, whatever pronouns it holds.
_TOPIC_SHIFT = re.compile(
    # "totally unrelated:", "ok, new question -": a word or two may lead in
    # ("totally diferent q:", "nvm -": typed in a hurry)
    r"^\s*(?:[a-z]+,?\s+){0,2}?(?:unrelated|separately|(?:a\s+)?(?:dif+e?re?nt|new|another|separate|other)\s+"
    r"(?:question|topic|thing|q|qn|angle)|"
    r"nvm|never\s*mind|forget\s+(?:that|it)|scratch\s+that|"
    r"switch(?:ing)?\s+(?:topics?|gears|subjects?)|chang(?:e|ing)\s+(?:of\s+|the\s+)?(?:topic|subject)|"
    r"moving\s+on|on\s+(?:a|an)\s+(?:different|other|unrelated|separate)\s+(?:note|topic))"
    # "switching topics entirely:", "unrelated question here -"
    # ("unrelated but whats the zero-shot nav paper …")
    r"(?:\s+(?:entirely|completely|totally|altogether|here|now|though|question|topic|q|qn))?"
    r"(?:\s*[:,;.!\-\u2013\u2014]+\s*|\s+but\s+)",
    re.I,
)
# A turn that contrasts papers ("compare …", "how do they differ?"); not "a different dataset".
_CONTRAST = re.compile(
    r"\bcompar(?:e|ed|ing|ison)\b|\bdiffer(?:s|ence|ences)?\b|\bvs\.?\s|\bversus\b|"
    r"\b(?:have|share)\s+in\s+common\b|\bsimilarit(?:y|ies)\s+between\b",
    re.I,
)
# Every paper of an earlier list, asked one thing each ("what did each of them evaluate on?").
_THEY_COMPARED = re.compile(
    r"\b(?:they|it|the\s+(?:paper|authors|study|studies|papers))\s+(?:\w+\s+)?(?:compar|contrast)\w*|"
    r"\b(?:did|do|does|was|were|is|are)\s+(?:they|it|the\s+\w+)\s+(?:\w+\s+)?(?:compar|contrast)\w*",
    re.I,
)
_SIDE_BY_SIDE = re.compile(r"\bside[- ]by[- ]side\b|\bcontrast\b", re.I)
_EACH_OF_SET = re.compile(
    r"\beach\s+(?:of\s+(?:them|those|these|the\s+papers)|one|paper)\b|\b(?:for|of|on)\s+each\b|"
    r"\beach(?=\s*(?:please|pls)?\s*[?.!]*\s*$)|"  # "summarize them in one line each"
    r"\b(?:summari[sz]e|tl;?dr|gist\s+of)\s+(?:them|those|these|them\s+all)\b|"
    r"\b(?:every|all)\s+(?:one\s+)?of\s+(?:them|those|these)\s+(?!is\b|was\b|has\b|does\b)",
    re.I,
)
# The set as a whole, pointed at by a request ("bibtex for all of them", "links for those", "cite
# these"), not one paper of it ("bibtex for the first of them").
_EVERY_ONE = re.compile(
    r"\b(?:(?:all|each|every\s+one)\s+(?:of\s+)?(?:them|those|these|the\s+papers)|them\s+all|"
    r"(?:for|of|to|cite)\s+(?:them|those|these)(?=\s*(?:please|pls)?\s*[?.!]*\s*$)|"
    r"(?:for|of)\s+(?:those|these|the|all\s+the|all)\s+(?:\w+\s+)?papers\b|\b(?:for|of)\s+all\b|\beach\b)",
    re.I,
)
# ... or asks for the answer's sources ("sources?", "your sources please", "references?")
_SOURCES = re.compile(
    _ASKED_OF_ANSWER + r"(?:sources|references|citations|links)(?:\s+(?:please|pls))?\s*[?.!]*\s*$",
    re.I,
)
# ... or doubts it ("are you sure?", "how do you know?", "is that right?"): what it rests on is
# the cards of the papers it quotes.
_DOUBT = re.compile(
    _ASKED_OF_ANSWER + r"(?:(?:are\s+you|you)\s+sure|how\s+do\s+you\s+know(?:\s+(?:that|this))?|"
    r"is\s+(?:that|this|it)\s+(?:right|true|correct|accurate)|says\s+who|(?:any\s+)?(?:evidence|proof)|really)"
    r"(?:\s+(?:about|of)\s+(?:that|this|it))?\s*[?.!]*\s*$",
    re.I,
)
# "the first three", "the top 2", "first two": the head of a set, counted.
_FIRST_N = re.compile(r"\b(?:first|top)\s+([2-9]|two|three|four|five|six|seven|eight|nine)\b", re.I)
# Asking for a paper's gist ("summarize", "tl;dr", "describe").
_GIST_VERBS = r"summari[sz]e|describe|explain"
_GIST_NOUNS = r"summar(?:y|ies)|tl;?dr|gist|overview"
_GIST = re.compile(rf"\b(?:{_GIST_VERBS}|{_GIST_NOUNS})\b", re.I)
_FIRST_TWO = re.compile(r"\b(?:those|these|the)\s+two\b", re.I)
_BOTH = re.compile(
    # ("compare the last two papers": the thread's last two)
    r"\b(?:both|them|they|the two|(?:the|these|those)\s+(?:last|previous|latest)\s+(?:two|2))\b|"
    # ("compare with the other", "how does it stack up against the other one?")
    r"\b(?:with|to|against)\s+the\s+other(?:\s+one)?\s*[?.!]*\s*$",
    re.I,
)
# A turn that points at two papers: "both", "these two", "the last two" ("which of these two is
# newer?" after a one-paper answer: the thread's last two papers, not that answer's one).
_POINTED_TWO = re.compile(
    r"\bboth\b|\b(?:the|these|those)\s+(?:(?:last|previous|latest)\s+)?(?:two|2)\b", re.I
)
_BOTH_OF_TWO = re.compile(rf"\bboth\b|{_FIRST_TWO.pattern}", re.I)  # "bibtex for both"
_WHICH_ONES = re.compile(r"^\W*(?:(?:and|so|ok|okay|now)\W+)?(?:which|what)\s+ones\b", re.I)
# "those five december papers", "these 3": a set by its size
_THOSE_N = re.compile(
    r"\b(?:those|these|the)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s*%)", re.I
)
# "either of them", "neither one", "either paper": one of two, of the thread's last two papers
_EITHER_ONE = re.compile(
    r"\b(?:n?either)\s+(?:of\s+(?:them|those|these|the\s+two)|one|paper|of\s+the\s+papers)\b", re.I
)
_SET_PRONOUN = re.compile(r"\b(?:them|they|these|those|them all|all of them)\b", re.I)
# "the first and third": an ordinal whose noun is shared with the next one.
_ORDINAL_WORD = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b(?!\s+(?:one|paper|result|source)\b)", re.I)
# "the other one": the paper of the earlier set that the last answer did not pick.
_THE_OTHER = re.compile(r"\bthe\s+(?:other|remaining|leftover)\s+(?:one|paper|work|study)\b", re.I)
# A paper that builds on the thread's paper ("is there a follow-up that extends it …"): another
# paper, searched for without the one it builds on.
_LATER_WORK = re.compile(
    # (not the paper's own basis: "which RL algorithm do they build on?", "what does it extend?")
    r"\b(?<!\bthey\s)(?<!\bit\s)(?:follow[- ]?ups?|extensions?|extends?|extending|builds?\s+on|building\s+on|"
    r"successors?|later\s+(?:work|papers?))\b",
    re.I,
)
# "more", "the rest", "any more papers?": the rest of the last list.
_MORE_WORDS = (
    r"^\s*(?:(?:show|give|list|tell)(?: me)?\s+)?(?:more|the rest|others|next|rest|any more|anything else)"
    r"(?:\s+(?:papers|results|ones))?(?: please| pls)?\W*$"
)
_MORE_ONLY = re.compile(_MORE_WORDS, re.I)
_MORE = re.compile(
    _MORE_WORDS + r"|"
    # after a count, the papers counted: "show them", "list them all", "which ones?", "what are they?"
    r"^\s*(?:ok(?:ay)?,?\s+|and\s+)?(?:(?:show|give|list|name)(?: me)?\s+(?:them|those|these|the papers)(?:\s+all)?|"
    r"(?:show|give|list|name)(?: me)?\s+all(?: of)?(?: them| those)?|which ones|what are they)"
    r"(?: please| pls)?\W*$",
    re.I,
)
# A quoted phrase of this many words is a title ("cite 'your language model is secretly a …'").
_QUOTED_TITLE_WORDS = 4
# Every word capitalised, or one of the small words a title keeps in lowercase (_TITLE_SMALL).
_TITLE_CASED = re.compile(
    r"[A-Z][\w'-]*(?:\s+(?:[A-Z0-9][\w'-]*|(?:of|in|and|the|for|a|an|to|with|on|via|from|by|at|as|or|is|are|vs\.?)))+[?!.]?"
)
# Opened after a space or bracket and closed before a non-letter: "the model's … user's" is no quote.
# (an apostrophe between letters is a word's: "'Search, Don't Sample'")
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(\[]))['\"‘“]((?:[^'\"’”]|(?<=[A-Za-z])['’](?=[A-Za-z])){12,})['\"’”](?![A-Za-z])"
)

# A title's shape: capitalised words (and the small words titles keep in lowercase), a colon,
# then three or more of them: "Sleeper Agents: Training Deceptive LLMs that Persist ...".
_TITLE_SMALL = (
    r"(?:of|in|and|the|for|a|an|to|with|on|via|from|by|at|as|is|are|that|through|or|without|beyond|"
    r"into|vs\.?|do|we|can|not|you|your|all|need|it|its|their)(?![\w-])"
)
_TITLE_WORD = r"(?:[A-Z0-9$][\w'*^.$-]*)"
# ... in either case ("Is All You Need"), for a title written in a title's case
_TITLE_SMALL_CASED = r"(?i:" + _TITLE_SMALL + ")"
# A question that opens with two or more words in a title's case, small words between them
# ("Secrets of RLHF part 1 - author count?", "Helping or Herding"): what a fact is asked of
_TITLE_OPENING = re.compile(rf"^\W*[A-Z][\w'-]*(?:\s+{_TITLE_SMALL_CASED})*\s+[A-Z][\w'-]*\b")
# A run of words in a title's case (see `_cased_titles`), and how many words make a title.
_TITLE_CASED_RUN = re.compile(
    rf"(?<![\w-]){_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_TITLE_SMALL_CASED})){{3,16}}"
)
_CASED_TITLE_WORDS = 4
_TITLE_SHAPED = re.compile(
    rf"(?<![\w-])({_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_TITLE_SMALL})){{0,8}}:\s+"
    # a question after the colon is no subtitle ("Reward Hacking: Which Papers Study It?")
    r"(?!(?:Which|What|How|Why|Who|When|Where|Is|Are|Do|Does|Did|Can|Could|Any|Anything|Papers)\b)"
    rf"{_TITLE_WORD}(?:\s+(?:{_TITLE_WORD}|{_TITLE_SMALL})){{2,14}})"
)
# ... in any case, in a lookup: a short head, a colon, then three or more words.
_LOWER_TITLE_SHAPED = re.compile(r"(?<![\w-])((?:[\w-]+\s+){0,3}[\w-]+):\s+([\w-]+(?:\s+[\w'*-]+){2,14})")
# ... unless a question follows the colon ("Labrador-13B: which paper's model is that?"); a
# subtitle may open with "how" ("Barbarians at the gates: how AI is upending ...").
_QUESTION_AFTER = re.compile(
    r"(?:which|what|whats|what's|how|why|who|whose|when|where|is|are|do|does|did|can|could|any|"
    # ... or a sentence of the asker's ("a pretrained ViT: they show just using …")
    r"they|we|i|you|it|he|she)\b",
    re.I,
)
# The thing a "what/which … did/is …" question asks for: "what KL coefficient did …" ("KL
# coefficient"); "what is the link …" names none before its verb.
_ASKED_THING = re.compile(
    r"\s*(?:what|which)\s+((?:[\w-]+\s+){1,3}?)(?:did|does|do|is|was|were|are|has|have|had)\b", re.I
)
_PAPER_WORD = re.compile(
    r"\b(?:papers?|works?|ones?|articles?|entry|entries|preprints?|reports?|study)\b", re.I
)
# A paper asked for by a name: "the DeepSeek-R1 paper", "the original LoRA paper", "the Tulu 3
# report". The name: up to four words, each capitalised or a number ("Llama 2", "Constitutional
# AI"), after at most one word that describes it ("original", "famous"). Only after a definite
# word: "an RLAIF paper" is one paper of a kind (about RLAIF), not a paper by that name.
_PAPER_NOUN = (
    r"(?:(?:benchmark|dataset|model|method|framework)\s+)?(?:paper|report|technical\s+report|tech\s+report|preprint|"
    r"article)\b(?!-)"  # ("the web-search report-writing agents": no report)
)
# (the name spelled out in brackets after it: "the original KTO (Kahneman-Tversky Optimization) paper")
_SPELLED_OUT = r"(?:\s*\([^()]{2,80}\))?"
_CALLED_PAPER = re.compile(
    # ("Anthropic's Constitutional AI paper", "Sakana's AI Scientist-v2 paper": a maker's)
    r"\b(?:(?:the|that|this|original)\s+(?:[a-z]+\s+)?|[A-Z][\w-]*['\u2019]s\s+)([A-Z0-9][\w-]*(?:\.\d+)?(?:\s+[A-Z0-9][\w-]*(?:\.\d+)?){0,3})"
    + _SPELLED_OUT
    + r"\s+"
    + _PAPER_NOUN
)
# ... or in lowercase ("the original rewardbench paper", "deepseek r1 paper pls"): one word, with
# a version perhaps, which answering checks is a name (rag.answer's `_unheld`), not a description
# ("the sycophancy paper").
_CALLED_LOWER = re.compile(
    r"(?:\b(?:the|that|this|original)\s+|^\s*)(?:original\s+)?"
    r"(?!(?:the|that|this|a|an|any|which|what|one|some|each|every)\s)([a-z][a-z0-9-]*(?:\s+[a-z]?\d[\w.-]*)?)\s+"
    + _PAPER_NOUN
)
# ... or opening the question with it ("CLIP paper, learning transferable ...", "Llama 2 technical
# report cite"), when the opening word is shaped as a name or carries a version (a first word is
# capitalised anyway: "Which paper ...", "Survey paper on ...").
_OPENING_CALLED = re.compile(
    r"^\s*([A-Z0-9][\w-]*(?:\.\d+)?(?:\s+[A-Z0-9][\w-]*(?:\.\d+)?){0,3})"
    + _SPELLED_OUT
    + r"\s+"
    + _PAPER_NOUN
)
# ... or asked after as a paper the corpus may hold: "do we have LIMA (less is more ...) as a
# paper here?", "is InstructGPT in the corpus?"
_HELD_NAME = re.compile(
    r"\b(?:(?:do|does)\s+(?:we|you|the\s+corpus|this\s+(?:corpus|collection|set))\s+(?:have|hold|include|contain)|"
    r"^\W*is)\s+(?:the\s+)?([A-Z][\w-]*(?:\.\d+)?(?:\s+[A-Z0-9][\w-]*(?:\.\d+)?){0,3})"
    # ("do you have LIMA, less is more for alignment?": glossed after a comma or a dash)
    r"(?=\s*(?:\([^)]*\)\s*)?(?:as\s+a\s+paper\b|in\s+(?:here|the\s+(?:corpus|collection|set))\b|here\b|[?.!]|$|"
    r"[,:\u2013\u2014]\s|\s-\s))"
)
# ... or by what it brought into the world: "which paper introduced the UltraFeedback dataset?",
# "the paper that released Pick-a-Pic": the name is the paper's own, if any paper's.
_MADE_NAME = re.compile(
    r"\b(?:introduc(?:ed|es)|releas(?:ed|es)|propos(?:ed|es)|creat(?:ed|es)|came\s+up\s+with|coined)\s+"
    r"(?:the\s+)?([A-Z][\w-]*(?:\.\d+)?(?:\s+[A-Z0-9][\w-]*(?:\.\d+)?){0,3})(?![\w-])"
)
# The noun after what a list leaves out, not part of it ("the agent ones", "the conversational kind").
_LEFT_OUT_NOUNS = r"ones?|papers?|works?|stud(?:y|ies)|kinds?|types?|sorts?|variet(?:y|ies)|flavou?rs?"
# A list that leaves papers out, at the end of the question: "… that are not about multimodal
# models", "…, excluding surveys", "… but not the agent ones", "… except for video".
# A paper asked for by what it is: "is there a …", "do we have a …", "any …" ("any robotics
# continual learning paper too", "do we have a survey of these systems?")
_ONE_SOUGHT_TEXT = (
    # ("related: is there a benchmark for reward models in RAG?": a lead that says how it relates)
    r"\W*(?:(?:(?:un)?related|btw|by\s+the\s+way|side\s+(?:note|question|q)|separately|"
    r"(?:different|another|new|other)\s+(?:topic|question|q|thing))\s*(?:[:,\u2013\u2014-]\s*|\s+but\s+)?)?"
    r"(?:(?:and|so|ok|okay|also|hmm)\W+)?(?:(?:is|are)\s+there|do\s+(?:we|you)\s+have|(?=any\b))\s*"
    r"(?:any\s+|an?\s+|some\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:something|anything|ones?|papers?|works?|methods?|approach(?:es)?|stud(?:y|ies)|surveys?|benchmarks?|datasets?)"
)
_ONE_SOUGHT = re.compile(_ONE_SOUGHT_TEXT + r"\b", re.I)
# ... by what it does or says: "is there something that aligns diffusion models without a
# reference model?", "is there a paper saying PRMs might not be needed" (not "is there code?" of
# the thread's paper)
_ONE_SOUGHT_THAT = re.compile(
    _ONE_SOUGHT_TEXT + r"\s+(?:that|which|where|on|about|for|of|saying|showing|arguing|with|too|as\s+well)\b",
    re.I,
)
_EXCLUDING = re.compile(
    r"(?:\s*[,;(-]\s*|\s+)(?:(?:and|but)\s+)?(?:(?:that|which)\s+(?:are|is)\s+not|(?:that|which)\s+(?:aren|isn)['\u2019]?t|"
    # ("is there a rubric one thats not medical")
    r"(?:that|which)['\u2019]?s\s+not|"
    r"not\s+including|excluding|except(?:\s+for)?|leaving\s+out|(?<=but\s)not|"
    # ("recsys papers not conversational")
    r"(?:(?<=papers\s)|(?<=ones\s)|(?<=works\s))not(?!\s+(?:just|only|merely|simply|even|necessarily|sure|yet)\b)|"
    # "…, i.e. not conversational recommenders" (not "…, not just a baseline": more than that)
    r"(?:(?<=i\.e\.\s)|(?<=i\.e\.,\s)|(?<=ie\s))not(?!\s+(?:just|only|merely|simply|even|necessarily)\b)|(?:(?:are|is)\s+)?not(?=\s+(?:about|on|the|any)\b)|(?:are|is)(?:n't|nt)(?=\s+(?:about|on)\b))\s+"
    r"(?:(?:about|on|covering|concerning|involving)\s+)?(?:the\s+|any\s+)?(?P<left>[^,;?!.()]{2,60}?)"
    # ... at the end, or before a dash that goes on to say what is wanted ("… NOT about
    # conversational recommendation - sequential, CTR or generative recommenders?")
    rf"(?:\s+(?:{_LEFT_OUT_NOUNS}))?\s*\)?\s*(?:[?.!]*\s*$|(?=\s+[-\u2013\u2014]+\s+\w))",
    re.I,
)
# ... or first: "Apart from the alignment-faking paper, which papers test Claude models?"
_EXCLUDING_FIRST = re.compile(
    r"^\W*(?:apart\s+from|aside\s+from|other\s+than|besides|except(?:\s+for)?|excluding|not\s+counting|"
    r"(?:leaving|setting|putting)\s+aside|(?=(?:leaving|setting|putting)\s+[^,;?!.()]{2,60}?\s+aside\s*,)(?:leaving|setting|putting))\s+"
    rf"(?:the\s+|any\s+)?(?P<left>[^,;?!.()]{{2,60}}?)(?:\s+(?:{_LEFT_OUT_NOUNS}))?(?:\s+aside)?\s*,\s*(?=\w)",
    re.I,
)
# A paper a metadata question leaves out: "besides PaCo-RL, …", "… other than URIAL?"
_BESIDES_PAPER = re.compile(
    r"\b(?:besides|apart\s+from|aside\s+from|other\s+than|except(?:\s+for)?|excluding)\s+(?:the\s+)?"
    r"(?P<left>[^,;?!.()]{2,60}?)\s*(?:[,;?!.)]|$)",
    re.I,
)
# ... and what the papers a list asks for (or a set's members) do not do: "papers that don't use
# RL", "which of those do not mention RLHF?", "any that don't need human labels?". The negation
# belongs to the papers asked for (a pointer or "that" right before it), not to a finding they
# report ("papers showing reward models don't generalize"), and its verb says what the papers
# would hold of what follows.
_NOT_DOING = re.compile(
    r"(?<=\s)(?P<pointer>that|which|who|ones|those|these|them|papers|any)\s+(?:(?:do|does|did)(?:n't|nt|\s+not)|never)\s+"
    r"(?:use|need|require|rely\s+on|mention|involve|include|discuss|cover|address|consider|employ|apply|"
    r"train\s+(?:with|on)|evaluate\s+on|focus\s+on|deal\s+with|talk\s+about|study|have)\s+"
    r"(?:any\s+|an?\s+|the\s+)?(?P<left>[^,;?!.()]{2,60}?)\s*[?.!]*\s*$",
    re.I,
)
# Citation counts, asked for in any form: "most cited", "citation count", "how often was X cited".
# Papers asked for as citing one ("which papers cite URIAL?", "who cites RLHS?", "papers citing
# the alignment faking paper", "is URIAL cited by any other paper here?"); "cite URIAL" asks for
# its BibTeX.
_CITING = re.compile(
    r"^\W*(?:who|which|what|any)\s+(?:(?:other\s+)?(?:papers?|works?|ones?|abstracts?)\s+)?(?:here\s+|in\s+here\s+)?"
    r"(?:cites?|citing|references?|referencing)\s+(.+?)\s*[?.!]*$|"
    r"^\W*(?:(?:are\s+there\s+|any\s+)?(?:other\s+)?(?:papers?|works?)|anything)\s+(?:here\s+)?(?:that\s+)?"
    r"(?:cite|cites|citing|reference|referencing)\s+(.+?)\s*[?.!]*$|"
    r"^\W*(?:is|was|has)\s+(.+?)\s+(?:been\s+)?cited\s+by\s+(?:any|other|another|which)\b",
    re.I,
)
_CITATION_COUNT = re.compile(
    r"\bcitations?\s+(?:counts?|numbers?|stats|metrics)\b|\b(?:number|count)\s+of\s+citations\b|"
    r"\bhow\s+many\s+citations\b|\bhow\s+(?:many\s+times|often|widely|highly)\s+(?:[\w'-]+\s+){0,8}?cited\b|"
    r"\b(?:most|least|highly|widely)[-\s]cited\b|\bcited\s+(?:the\s+)?(?:most|least)\b",
    re.I,
)
# Authors ranked as people ("the most prolific authors", "which author has the most papers?",
# "who published the most?"), not papers by their number of authors.
_AUTHOR_RANKING = re.compile(
    r"\b(?:most|least)\s+(?:prolific|published|productive|cited|upvoted|popular|famous|active|frequent)\s+"
    r"(?:authors?|researchers?|people|writers?)\b|"
    r"\b(?:which|what|who)\s+(?:authors?|researchers?|person|people)\s+(?:has|have|had|wrote|published|authored|"
    r"appears?|shows?\s+up)\s+(?:(?:in|on)\s+)?(?:the\s+)?most\b|"
    r"\btop\s+(?:\d+\s+)?(?:authors|researchers)\b|\bauthors?\s+with\s+the\s+most\s+(?:papers|upvotes|work)\b|"
    r"\bwho\s+(?:wrote|published|authored|has\s+written|has\s+published)\s+the\s+most\b",
    re.I,
)
# A quote the question calls a paper ("the 'Tree of Thoughts' paper"): checked as a quoted title.
_QUOTED_PAPER = re.compile(r"(?:^|(?<=[\s(\[]))['\"‘“]([^'\"’”]{3,60})['\"’”]\s+" + _PAPER_NOUN)
_TITLED = re.compile(
    r"\b(?:titled|entitled|called|named)\s+(?:(?:something|sth|smth)\s+like\s+|roughly\s+|like\s+)?['\"‘“]",
    re.I,
)
_CONTENT = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")
# "papers like X", "similar to X", "more like this": a request for the papers nearest one paper,
# which follows the match (or precedes it: "URIAL - similar papers?").
_SIMILAR = re.compile(
    r"\b(?:similar|comparable)\s+(?:papers?|works?|studies|ones?)\b(?:\s+(?:to|as)\b)?|"
    # ("my related work", "the related work section": a part of the asker's own paper)
    # ("law-related papers" are papers on law)
    r"(?<!\bmy )(?<!\bour )(?<!\byour )(?<!\bthe )(?<![\w-])related\s+(?:papers?|works?|studies|ones?)\b"
    r"(?!\s+(?:section|para|paragraph|part|chapter))(?:\s+(?:to|as)\b)?|"
    # ("something like 300,000 people", "more like 10 %": a number put roughly, no paper)
    r"\b(?:papers?|works?|studies|anything|something|more|others?|ones?)(?:\s+else)?\s+(?:like|similar\s+to|"
    r"related\s+to|close\s+to)\b(?!\s*[~$]?\d)|\bsimilar\s+to\b|\bneighbou?rs?\s+of\b|\bnearest\s+(?:papers?\s+)?to\b|"
    # "anything similar?", "more similar ones", "similar?"
    r"\b(?:anything|something|any|more|others?)\s+similar\b|^\W*similar\W*$",
    re.I,
)
# What is left of a similar-papers request once its pointers are gone: nothing means the thread's
# paper ("similar papers?", "more like this one").
_POINTER_WORDS = re.compile(
    r"\b(?:the|a|this|that|these|those|one|ones|paper|papers|work|here|above|please|pls|in|the corpus|"
    r"any|show|me|find|give|list|are|there|is|what|which)\b|[^\w]+",
    re.I,
)
# A clause that qualifies what is wanted: the turn describes papers, it does not point at one.
_QUALIFIED = re.compile(r"\b(?:but|without|except|that|which|where|while|whose|yet)\b", re.I)
# "... the alignment faking paper": one paper, named by what it is about.
_ONE_PAPER = re.compile(r"\bpaper\b(?!s)", re.I)
# ... or by the kind of document it is ("GPT-4 technical report", "the alignment survey").
_ONE_WORK = re.compile(r"\b(?:paper|report|preprint|article|survey|review|thesis|tech report)\b(?!s)", re.I)
# An aside in brackets: what it says describes the topic ("Deep Research agents (the web research
# + report writing kind)"), not what is asked for.
_ASIDE = re.compile(r"\([^()]*\)")
# "what is X?", "explain X", "tell me about X": a question about a concept, not about a paper.
_CONCEPT = re.compile(
    r"^\s*(?:what\s+(?:is|are)|what's|whats|explain|define|describe|tell\s+me\s+(?:about|more\s+about))\s+"
    r"(?:an?\s+|the\s+)?(.+?)\s*[?.!]*\s*$",
    re.I,
)
# "what's the dataset?": a concept question with the definite article, which in a thread points
# at the paper just discussed.
_DEFINITE_CONCEPT = re.compile(
    r"^\s*(?:(?:and|so|ok|okay)\W+)?(?:what\s+(?:is|are|was|were)|what's|whats|"
    # "how big is the dataset?" after an answer about one paper: its dataset
    r"how\s+(?:big|large|small|long|huge)\s+(?:is|are|was|were))\s+the\s+\w|"
    # "was Claude 3.5 Sonnet one of the models tested?": the things that paper tested
    r"^\s*(?:(?:and|so|ok|okay)\W+)?(?:was|were|is|are)\b[^?]*\b(?:one|any|among|some)\s+(?:of\s+)?the\s+"
    r"(?:[\w-]+\s+)?(?:models?|llms?|datasets?|benchmarks?|baselines?|tasks?|languages?|methods?|domains?|"
    r"environments?)\s+(?:they\s+|it\s+)?(?:tested|used|evaluated|compared|studied|considered|included|covered|"
    r"examined|trained|benchmarked|ran)\b",
    re.I,
)
# A question's word: the turn asks something of a topic, it does not only name one.
_ASKING_WORD = re.compile(
    r"\b(?:what|which|who|whom|whose|how|why|when|where|is|are|was|were|do|does|did|can|could|should|"
    r"would|will|has|have|had|one)\b",
    re.I,
)
# A request for things the thread has made known ("name the three challenge tasks pls" after the
# ProgressGym answer), not a topic to list papers on ("list the papers on X" is one).
_DEFINITE_REQUEST = re.compile(
    r"^\W*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:name|list|give|tell|show)\s+(?:me\s+|us\s+)?"
    r"(?:all\s+)?(?:the|its|their)\s+(?!(?:\w+\s+)?(?:papers?|works?|studies|articles?|ones?)\b)",
    re.I,
)
_CONCEPT_TERMS = 3  # longer, it is a description of something, which a topical search answers
# A topic alone ("multi-agent LLM setups", "inverse RL for LLM alignment?") up to this many
# terms is a list request. In dev + tune + probe..probe3 (data/eval/), such turns of 2-5 terms
# were all multi-paper questions (13 of 13); of 6-7 terms, 10 of 13; longer ones mostly describe
# one paper.
_TOPIC_TERMS = 5
# A turn that asks what the bot can do, and nothing else.
# The verbs of a list that asks for every mention of something, not for the papers about it.
_MENTIONING = re.compile(
    r"\b(?:mention(?:s|ed|ing)?|brings?\s+up|bringing\s+up|talks?\s+about|talking\s+about|refers?\s+to|referenc(?:e|es|ed)|"
    r"shows?\s+up|appears?|name[sd]?\s+(?=\S+\s*$)|cites?)\b",
    re.I,
)
# A request for work the bot does not do: code, a recipe, an essay ("give me a bash one-liner").
_TASK = re.compile(
    r"^\W*(?:(?:hey|hi|ok|okay|please|pls|so|now)\W+)*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?"
    r"(?:write|code|implement|program|compose|draft|generate|give|make|create)\s+(?:me\s+|us\s+)?"
    r"(?:a|an|some|one)?\s*(?:(?:quick|simple|short|good|small|nice|working)\s+)?"
    r"(?:(?:python|bash|shell|sql|javascript|js|typescript|c\+\+|java|rust|go|latex|excel)\s+)?"
    r"(?:function|script|program|one-liner|oneliner|snippet|class|regex|email|essay|poem|story|"
    r"letter|recipe|tweet|joke|song|lyrics|limerick|haiku)s?\b|"
    # work on a text the user gives: "translate 'the reviewers liked it' into german pls"
    r"^\W*(?:(?:hey|hi|ok|okay|please|pls|so|now)\W+)*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?"
    r"(?:translate|proofread|reword|spell-?check|(?:rewrite|rephrase|paraphrase|correct)\s+(?:this|the\s+following|my|"
    r"['\"‘“]))\b",
    re.I,
)
_HELP = re.compile(
    r"^\W*(?:help|commands|usage|what can (?:you|i) (?:do|ask)(?: (?:you|here))?|what do you do|"
    r"how (?:do i|does this|to) (?:use|work)(?: (?:you|this|it|paperbot))?|"
    # a greeting alone, or nothing but punctuation ("???"): what can be asked
    r"(?:hi|hello|hey|hiya|yo|greetings|good (?:morning|afternoon|evening))(?: there| paperbot| bot| all)?|)\W*$",
    re.I,
)
# A turn that only thanks or acknowledges: "thanks!", "ok cool", "got it, thx", "perfect 👍".
_THANKS = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|cool|great|nice|perfect|awesome|got it|gotcha|i see|understood|sure|alright|"
    r"all right|good|thanks?|thank\s+you|thx|ty|cheers|much appreciated|appreciated|that helps|"
    r"that'?s (?:helpful|great|perfect|all)|bye|goodbye|see you)(?:\s+(?:so much|a lot|very much|again|"
    r"paperbot|bot|man|mate))*\W*)+$",
    re.I,
)
# "what does KTO stand for?", "RLHF = ?", "full form of LoRA", "what is SFT short for?": the
# long form of an acronym (2-12 letters or digits, hyphens inside), asked in so many words.
_ACRONYM_ASKED = r"['\"“‘]?([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?)['\"”’]?"
_STANDS_FOR = re.compile(
    r"^\W*(?:(?:so|and|ok|hey|quick question)\W+)?(?:"
    rf"(?:what|wat|wht)\s+(?:does|do|did|is)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+|term\s+)?{_ACRONYM_ASKED}\s+"
    r"(?:stands?\s+for|short\s+for|an?\s+(?:acronym|abbreviation)\s+for|abbreviate)|"
    rf"(?:what(?:'s|\s+is)|whats)\s+(?:the\s+)?(?:full\s+form|long\s+form|expansion|meaning)\s+of\s+"
    rf"(?:the\s+)?(?:acronym\s+|abbreviation\s+)?{_ACRONYM_ASKED}|"
    rf"(?:full\s+form|long\s+form|expansion)\s+(?:of\s+)?(?:the\s+)?(?:acronym\s+|abbreviation\s+)?{_ACRONYM_ASKED}|"
    rf"(?:expand|spell\s+out)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?{_ACRONYM_ASKED}|"
    rf"{_ACRONYM_ASKED}\s*(?:stands?\s+for|=|is\s+short\s+for|is\s+an?\s+(?:acronym|abbreviation)\s+for)"
    r")\W*$",
    re.I,
)
# "what does it stand for?": the thread's paper's name, not an acronym of its own.
POINTER_WORDS = frozenset({"it", "this", "that", "they"})
# What the corpus holds, asked of the corpus itself: "what topics does the corpus cover?",
# "what's in the reading list?", "give me an overview of the papers", "what is this collection about?"
_CORPUS = (
    r"(?:the|this|your|our)\s+(?:corpus|collection|reading\s+list|list|library|database|papers|index|store)"
)
_OVERVIEW = re.compile(
    r"^\W*(?:(?:so|ok|hey|hi)\W+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?(?:"
    rf"(?:what|which)\s+(?:topics?|subjects?|areas?|fields?|themes?|kinds?\s+of\s+papers)\s+(?:does|do|are|is)\s+(?:in\s+)?{_CORPUS}"
    r"(?:\s+(?:cover|contain|include|have|hold|about|span))?|"
    rf"(?:what(?:'s|\s+is)|whats)\s+(?:in|inside)\s+{_CORPUS}|"
    rf"(?:what(?:'s|\s+is)|whats)\s+{_CORPUS}\s+(?:about|covering)|"
    rf"(?:give\s+me\s+|show\s+me\s+)?(?:an?\s+)?(?:overview|summary)\s+of\s+{_CORPUS}|"
    rf"what\s+(?:does|do)\s+{_CORPUS}\s+(?:cover|contain|include|hold)|"
    # ("summarize the papers" in a thread is of the papers it gave)
    r"(?:summari[sz]e|describe)\s+(?:the|this|your|our)\s+(?:corpus|collection|reading\s+list|library|database)|"
    r"what\s+(?:do|can)\s+you\s+(?:know|cover)(?:\s+about)?|"
    # "what are the main research themes here?", "which topics have the most papers?"
    r"(?:what\s+(?:are|is)\s+)?(?:the\s+)?(?:main|key|major|common|recurring|big|top|dominant)\s+"
    r"(?:research\s+)?(?:themes?|topics?|areas?|directions?|trends?)"
    rf"(?:\s+(?:here|in\s+here|covered|(?:in|of|across)\s+{_CORPUS}))?|"
    r"(?:which|what)\s+(?:topics?|themes?|areas?)\s+(?:have|has|get|gets)\s+the\s+most\s+papers(?:\s+here)?"
    r")\W*$",
    re.I,
)
# A side of a comparison points at a paper or a method: a name or a short description ("the
# margin-aware one that drops the reference model", 5 terms). A longer side is a clause of a
# question that describes one paper and mentions a comparison ("... tested at 7B and compared
# with PPO and DPO"), which is topical.
_SIDE_TERMS = 8


# Papers labelled by the asker: "(a) CREAM (b) Selfie (c) SELM", "[1] DeAL [2] GenARM [3] …",
# "1) BCO 2) D2O 3) iREPO"
_LABEL = re.compile(r"\(([a-hA-H1-9])\)|\[([1-9])\]|(?<![\w(\[])([1-9])\)")
# A count of the asker's labelled papers: "which of the three has the most upvotes"
_ALL_LABELLED = re.compile(r"\b(?:the|these|those|all)\s+(two|three|four|five|six|[2-6])\b(?!\s*%)", re.I)
# Two labels by their bare numbers: "which of 1 and 2 came out first"
_TWO_NUMBERS = re.compile(
    r"\b(?:of|between|compare)\s+([1-9])\s*(?:and|or|vs\.?|&)\s*([1-9])\b(?!\s*%)", re.I
)
# A label's text ends at a clause break ("(c) iREPO. which ones", "(c) SELM - is …")
_LABEL_END = re.compile(r"[,;:?!]|\.(?:\s|$)|\s[-\u2013\u2014]\s|\s+(?:and|or|vs\.?)\s*$")


def _labels_of(question: str, names: Callable[[str], list[str]]) -> tuple[dict[str, str], int]:
    """The papers one message labels, and where its last label's text ends: "(a) LiPO, (b) PRO
    (preference ranking optimization), (c) iREPO. which ones …?" gives a: "LiPO", b: "PRO
    (preference ranking optimization)", c: "iREPO"; ({}, 0) when it labels fewer than two.
    Numbers are labels only when what they label names papers: "[1] SALMON, [2] the original
    Dromedary paper" labels, "is [1] newer than [3]?" points at an answer's sources."""
    # (a quoted title's commas end no label: "[3] the 'sample, don't search' one")
    masked = _QUOTED.sub(lambda quoted: quoted.group(0).replace(",", "\0"), question)
    labels: dict[str, str] = {}
    numbered, end = 0, 0
    matches = list(_LABEL.finditer(masked))
    for at, match in enumerate(matches):
        text = masked[match.end() : matches[at + 1].start() if at + 1 < len(matches) else len(masked)]
        stop = _LABEL_END.search(text)
        name = (text[: stop.start()] if stop else text).replace("\0", ",").strip(" .")
        label = next(group for group in match.groups() if group).lower()
        if name and label not in labels:  # (its first use labels it: "is (a) newer …")
            labels[label] = name
            numbered += label.isdigit() and bool(names(name))
            end = match.end() + (stop.end() if stop else len(text))
    digits = sum(label.isdigit() for label in labels)
    if len(labels) > 1 and (digits == 0 or (digits == len(labels) and numbered > 1)):
        return labels, end
    return {}, 0


def labels_papers(question: str, names: Callable[[str], list[str]]) -> bool:
    """Whether a message labels papers ("[1] DeAL [2] GenARM", "(a) CREAM (b) Selfie"), which later
    turns may point at by label."""
    return bool(_LABEL.search(question)) and bool(_labels_of(question, names)[0])


def _labels_written(text: str, labelled: dict[str, str]) -> str:
    """`text` with the asker's labels written out as what they label: "(b)", "[2]", "the 3rd",
    "of 1 and 2" (numbers and places only of a numbered list)."""
    text = _LABEL.sub(
        lambda label: labelled.get(next(group for group in label.groups() if group).lower(), label.group(0)),
        text,
    )
    if not all(label.isdigit() for label in labelled):
        return text
    text = _TWO_NUMBERS.sub(
        lambda two: (
            f"{two.group(0).split()[0]} {labelled[two.group(1)]} and {labelled[two.group(2)]}"
            if two.group(1) in labelled and two.group(2) in labelled
            else two.group(0)
        ),
        text,
    )
    for match in reversed(list(_ORDINAL.finditer(text))):
        group = next((g for g in range(1, 6) if match.group(g)), 0)
        word = match.group(group).lower() if group else ""
        place = int(word) if word.isdigit() else _ORDINALS.get(word, 98) + 1
        key = max(labelled, key=int) if place == 0 else str(place)  # ("the last": -1 + 1)
        if key in labelled:
            text = text[: match.start(group)] + labelled[key] + text[match.end(group) :]
    return text


def _relabelled(question: str, history: Sequence[Turn], names: Callable[[str], list[str]]) -> str | None:
    """The turn with the asker's own labels written out as what they label ("and (b)? when's that
    one from" -> "and Selfie? …"; "which of the three has the most upvotes" -> "which of SALMON,
    Dromedary and CycleAlign …"), or None when it uses none. A number the asker gave is theirs
    until an answer numbers papers of its own, whose sources the numbers then are; "the three" is
    theirs unless an answer since offered three papers. A message that labels papers and then
    asks of one by its label or place ("1) BCO 2) D2O 3) iREPO. summarise the 3rd") is that
    question alone."""
    own, end = _labels_of(question, names)
    if own and all(label.isdigit() for label in own) and (asked := question[end:].strip()):
        written = _labels_written(asked, own)
        return written if written != asked else None
    labelled: dict[str, str] = {}
    at = len(history) - 1
    while at >= 0 and not (labelled := _labels_of(history[at].question, names)[0]):
        at -= 1
    if not labelled:
        return None
    later = history[at + 1 :]
    if all(label.isdigit() for label in labelled):
        listed = {pid for text in labelled.values() for pid in names(text)[:1]}
        if any(len(turn.cited) > 1 and set(turn.cited) - listed for turn in later):
            return None  # (an answer since numbered papers of its own)
    text = _labels_written(question, labelled)
    counted = _ALL_LABELLED.search(text)
    if (
        counted
        and (NUMBER_WORDS.get(counted.group(1).lower()) or int(counted.group(1))) == len(labelled)
        and not any(len(_offered(turn)) == len(labelled) for turn in later)
    ):
        *rest, last = labelled.values()
        text = text[: counted.start()] + ", ".join(rest) + " and " + last + text[counted.end() :]
    return text if text != question else None


# A set narrowed to a time, tersely: "only 2025", "just from dec 2024", "drop the old ones, only
# the second half of 2025" (the ones it keeps are the set's: rag.understand reads "only the ones
# from …" so).
_ONLY_DATED = re.compile(
    r"\W*(?:(?:ok|okay|so|and|now)\W+)?(?:(?:drop|remove|skip|ignore|forget|cut)\s+the\s+(?:old(?:er)?|earlier|early)"
    r"\s+ones?\W+(?:(?:i\s+)?(?:only|just)\s+(?:want\s+)?(?:stuff|ones|papers|things)?\s*)?|(?:only|just)\s+)"
    r"(?P<on>from|in|since|after|before|during)?\s*(?P<when>(?:the\s+(?:first|second)\s+half\s+of\s+|q[1-4]\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d)"
    r"(?:\s+(?:ones|papers|stuff|only))?\s*[?.!]*\s*",
    re.I,
)
# A turn of dates and nothing else, written in digits: "between 2024-10-01 and 2024-10-15?",
# "2024-12-18?", "from 12/01/2024 to 12/31/2024"
_ONLY_DATES = re.compile(
    r"\W*(?:(?:and|ok|so|what\s+about|how\s+about|anything|any)\s+)*"
    r"((?:(?:between|from|on|in|during|since|after|before|until|till|to|and|through|-)\s*)*"
    r"(?:\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}/\d{1,2}/\d{4})"
    r"(?:\s*(?:-|to|and|until|till|through|\u2013)\s*(?:\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}/\d{1,2}/\d{4}))?)"
    r"\s*[?.!]*\s*",
    re.I,
)


# A BibTeX entry pasted in ("@article{go2023aligning, title={…}, author={…"): its title, however
# much of the entry follows (it may be cut short)
_BIBTEX_ENTRY = re.compile(
    r"@[A-Za-z]+\s*\{\s*[^,{}\s]*\s*,.*?\btitle\s*=\s*[{\"]\s*\{?(?P<title>[^{}\"]+)", re.S | re.I
)


def _bibtex_asked(question: str) -> str:
    """A message that pastes a BibTeX entry, read as the request for the paper its title names
    ("found this in an old .bib, is it in our corpus? @article{…, title={Alignment for Honesty},
    …}" -> "found this in an old .bib, is it in our corpus? the paper titled 'Alignment for
    Honesty'"); the message as it is otherwise."""
    entry = _BIBTEX_ENTRY.search(question)
    if entry is None:
        return question
    before = " ".join(question[: entry.start()].split())
    title = " ".join(entry.group("title").split()).strip(" ,.")
    return (
        f"{before} the paper titled '{title}'" if re.search(r"[A-Za-z]", before) else f"bibtex for '{title}'"
    )


def understand(
    question: str,
    history: Sequence[Turn],
    names: Callable[[str], list[str]],
    organisations: frozenset[str],
    capture_year: int | None,
    capture_day: str | None = None,
    asks_several: ListCue | None = None,
) -> Query:
    """The typed reading of one turn. `names(text)` gives the papers a text names surely;
    `capture_year` and `capture_day` (the newest paper's) are what "this year" and "this week"
    mean; `asks_several` reads a list request from wording the list patterns miss (rag.phrasing)."""
    question = _bibtex_asked(_ADDRESSED.sub("", question))
    question = _ONE_IS.sub(r"\1 is", question)  # "which one's older": "which one is older"
    if (unled := _LEAD_IN.sub("", question, count=1)) != question and _CONTENT.search(unled):
        question = unled  # ("last thing today: the O1 replication report" asks for the report)
    question = _AND_TYPED_N.sub("and ", question)  # "n the one built on vicuna?": "and the one …"
    if (
        history
        and (elided := _ELIDED_COUNT.match(question))
        and (asked_field := _ELIDED_FIELD.search(history[-1].question))
    ):
        # "and how many does the TIGER-Lab paper have?" after "how many upvotes": upvotes, of that one
        counted_field = asked_field.group(1).lower().rstrip("s") + "s"
        question = f"{question[: elided.end(1)]} {counted_field}{question[elided.end(1) :]}"
    if len(question.split()) <= _BARE_WORDS:
        question = _TL_DR.sub("tldr", question)  # "tl;dr?" asks the gist, as "tldr?" does
    question = _CORPUS_CALLED.sub(r"\1corpus", question)
    question = _NUMBER_SIGN.sub("number of ", question)  # "# of authors?", "# authors"
    relabelled = False
    if (history or _LABEL.search(question)) and (
        written := _relabelled(question, history, names)
    ) is not None:
        # "(a) CREAM (b) Selfie (c) SELM - ...", then "and (b)? when's that one from": what the
        # asker labelled so ("Selfie")
        question, relabelled = written, True
    if history and history[-1].cited and history[-1].route == AnswerKind.METADATA.value:
        # "bibtex for the winner" after "which is more popular": the paper the comparison put first
        question = _THE_WINNER.sub("it", question)
    if history and history[-1].cited and (narrowed := _ONLY_DATED.fullmatch(question)):
        # "only 2025", "drop the old ones, only the second half of 2025": the set's papers of then
        question = f"only the ones {narrowed.group('on') or 'from'} {narrowed.group('when')}"
    query = _understand(question, history, names, organisations, capture_year, capture_day, asks_several)
    if (
        (trailing := _TRAILING_FACT.match(question))
        and (cue := fact_cue(trailing.group("rest"))) is not None
        and len(trailing.group("rest").split()) <= _TRAILING_FACT_WORDS
        and (
            first := _understand(
                trailing.group("first"),
                history,
                names,
                organisations,
                capture_year,
                capture_day,
                asks_several,
            )
        ).route
        is Route.METADATA
        and len(first.subject) == 1
        and first.metadata is not None
        and (first.metadata.fact is cue[0] or any(c.field is cue[0] for c in first.metadata.conditions))
    ):
        # "the alignment faking paper came out in 2023, right? exact date?": the claim checked,
        # whose answer gives the date asked after it
        query = first
    if relabelled and query.route is Route.TOPICAL and len(query.named) == 1 and not query.subject:
        # "what's the specific variant they push in (a)?": asked of the thread's paper so labelled,
        # as a follow-up is (not held to the words its abstract writes, as a name asked of is)
        query = dataclasses.replace(query, subject=query.named, follow_up=True)
    if (
        query.route is Route.METADATA
        and query.among
        and query.picked is None
        and query.metadata is not None
        and query.metadata.fact is not None
        and (compared := _ONE_BY_COMPARATIVE.search(query.text))
    ):
        # "how many upvotes does that newer one have?", "how many authors on the older one?" of a
        # set: the paper of it the field picks
        word = " ".join(compared.group(1).lower().split())
        field = Field.UPVOTES if word.endswith(("upvoted", "popular")) else Field.DATE
        # ("when did the newest one come out?" is the set's sort by that field, said as such)
        if (
            not (word.endswith("est") or word.startswith(("most", "least")))
            or field is not query.metadata.fact
        ):
            query = dataclasses.replace(query, picked=(field, word in _HIGHER_PICKS))
    # ("is there a rubric one thats not medical": one sought among the papers without it)
    one_sought = query.route is Route.TOPICAL and not query.among and _ONE_SOUGHT.match(query.text)
    if (query.route is Route.LIST or one_sought) and (
        ((leaving := _EXCLUDING.search(query.text)) and leaving.start() > 0)
        # (not "is there a method for diffusion models that doesn't need a reference model?": what
        # one paper does without is what its abstract says it does without)
        or (query.route is Route.LIST and (leaving := _NOT_DOING.search(query.text)))
        or (leaving := _EXCLUDING_FIRST.match(query.text))
    ):
        # "which reward model papers are not about multimodal models?", "which of those don't use
        # RL?": the list (or the set) without it, asked without the words of what it leaves out
        if leaving.re is _EXCLUDING_FIRST:
            kept = query.text[leaving.end() :]
        else:
            end = leaving.end("pointer") if leaving.re is _NOT_DOING else leaving.start()
            kept = query.text[:end].strip(" ,;(-")
            if tail := query.text[leaving.end() :].strip(" -\u2013\u2014?.!"):
                kept = f"{kept}: {tail}"  # what it goes on to want, after a dash
        narrower = (
            # a filter of the earlier set stays one ("which ones" alone would ask for the set again)
            dataclasses.replace(query, topic=_set_condition(kept))
            if query.among
            else _understand(kept, history, names, organisations, capture_year, capture_day, asks_several)
        )
        # (what papers with no topic but what they do without are sought for, "papers that do
        # not use a reward model", is what they do, not what is left out)
        sought = leaving.re is not _NOT_DOING or narrower.among or content_stems(narrower.topic)
        if one_sought and narrower.route is Route.TOPICAL and not (narrower.subject or narrower.named):
            narrower = dataclasses.replace(narrower, route=Route.LIST, topic=_list_topic(narrower.topic))
        if narrower.route is Route.LIST and content_stems(leaving.group("left")) and sought:
            query = dataclasses.replace(
                narrower,
                text=query.text,
                without=leaving.group("left").strip(),
                without_mentioned=leaving.re is _NOT_DOING,
            )
    if (
        history
        and query.route in (Route.TOPICAL, Route.LOOKUP)
        and not (query.follow_up or query.named or query.subject or query.among or query.exclude)
        and history[-1].route in (AnswerKind.ANSWER.value, AnswerKind.LOOKUP.value)
        and (
            _THE_ONE_THAT.match(query.text)
            or _THE_THING_THAT.match(query.text)
            or _THE_KIND_ONE_THAT.match(query.text)
        )
    ):
        # "and the one that generates the music from the video instead of recommending it?", "and
        # the training-free one that samples from neighbouring preference directions" after an
        # answer about one paper: another paper than that one
        query = dataclasses.replace(query, exclude=_answered_by(history[-1]))
    if (
        query.route is Route.METADATA
        and not (query.exclude or query.subject or query.metadata is None or query.metadata.about)
        and (leaving := _BESIDES_PAPER.search(query.text))
        and (left := tuple(names(leaving.group("left"))))
    ):
        # "besides PaCo-RL, did the X-Gen group post anything else?": the papers but that one
        query = dataclasses.replace(query, exclude=left)
    if query.route is Route.LIST and (
        _WITH_CODE.search(query.text) or (query.subject and _WITH_CODE.search(query.topic))
    ):
        # "which papers release their code?", "RLHF papers with code": the papers (of the topic)
        # whose abstracts give where their code is ("more" after it: the rest of them)
        topic = " ".join(
            word for word in query.topic.split() if word.lower().strip("?.!,") not in _CODE_ASKING
        )
        query = dataclasses.replace(query, topic=topic, with_code=True)
    # A stretch in a title's shape, in any turn ("Sleeper Agents: Training Deceptive LLMs that
    # Persist Through Safety Training - pull it up"), is a title.
    # (its quote marks are no part of it: "looking for 'Two Brains …: … Alignment' (…)")
    shaped = tuple(title.strip("'\"\u2018\u2019\u201c\u201d") for title in _TITLE_SHAPED.findall(query.text))
    # A quote is a title when the question asks for a paper by it ("cite … ('…')", "titled '…'");
    # elsewhere quotes carry an idea ("the 'weak teaches strong' effect").
    # So is a quote written in a title's case ("summarize 'Attention Is All You Need' for me").
    titled = query.route is Route.LOOKUP or bool(_TITLED.search(query.text))
    shaped += tuple(
        q.strip()
        for q in _QUOTED.findall(query.text)
        if len(q.split()) >= _QUOTED_TITLE_WORDS and (titled or _TITLE_CASED.fullmatch(q.strip()))
    )
    # ... and so is a quote of any length that the question calls a paper ("the 'Tree of Thoughts'
    # paper", "that 'reasons to reject' paper"): a title or the paper's name, written as the user
    # recalls it.
    shaped += tuple(q.strip() for q in _QUOTED_PAPER.findall(query.text) if q.strip() not in shaped)
    if query.route is Route.LOOKUP and not shaped:
        # A lookup may write a title in lowercase: "bib for LIMA: less is more for alignment".
        for match in _LOWER_TITLE_SHAPED.finditer(query.text):
            if _QUESTION_AFTER.match(match.group(2)) and "?" in query.text[match.end() :]:
                continue  # "Checking a citation: which paper introduces …?" asks after the colon
            head = match.group(1).split()
            while head and _REQUEST_WORDS.fullmatch(head[0]):
                head = head[1:]
            if head and any(not word.islower() for word in head):  # a name heads it ("LIMA")
                shaped += (f"{' '.join(head)}: {match.group(2)}",)
    if query.route is Route.LOOKUP and not shaped and (cased := _cased_titles(query.text)):
        # ... or in a title's case without a colon ("Attention Is All You Need - full citation
        # please"): checked as a title, not taken as the sure quote of one (a title's first
        # words, "Scaling Laws for Reward Model Overoptimization", may be another paper's).
        query = dataclasses.replace(query, cased=tuple(cased))
    if shaped:
        query = dataclasses.replace(query, quoted=shaped)
    if _CITATION_COUNT.search(query.text):
        query = dataclasses.replace(query, unrecorded="citation counts")
    elif _AUTHOR_RANKING.search(query.text):
        # "who are the most prolific authors?": the listings count a paper's authors, never name them
        query = dataclasses.replace(query, unrecorded="author names")
    if cited_authors := _ET_AL.search(query.text):
        query = dataclasses.replace(query, cites_authors=True, authors=cited_authors.group(0) + ".")
    called = [match.group(1) for match in _CALLED_PAPER.finditer(query.text)]
    made = [match.group(1) for match in _MADE_NAME.finditer(query.text)]
    # "the original DPO paper": the paper that made DPO, not one that uses it
    made += [
        match.group(1)
        for match in _CALLED_PAPER.finditer(query.text)
        if "original" in match.group(0)[: match.start(1) - match.start()].lower().split()
    ]
    if made:
        query = dataclasses.replace(query, made=tuple(made))
    called += made
    called += [match.group(1) for match in _CALLED_LOWER.finditer(query.text)]
    called += [match.group(1) for match in _HELD_NAME.finditer(query.text)]
    if (opening := _OPENING_CALLED.match(query.text)) and (
        name_shaped(opening.group(1).split()[0])
        or re.search(r"\s\d", opening.group(1))
        # ("Llama Guard paper - link?": two capitalised words, as "the Llama Guard paper" is read)
        or len(opening.group(1).split()) > 1
    ):
        called.append(opening.group(1))
    if query.route is Route.LOOKUP:
        # "cite LIMA (less is more for alignment)": a lookup that opens with a name asks for the
        # paper by it (not a plural: "LMs" is a kind of model).
        head = _CONTENT.match(_REQUEST_WORDS.sub(" ", query.text).strip(" '\"‘“?!.,:;-"))
        if (
            head
            and name_shaped(head.group(0))
            and not re.search(r"[A-Z]s$", head.group(0))
            and not any(head.group(0) in name for name in called)
        ):
            called.append(head.group(0))
    if called:
        query = dataclasses.replace(query, called=tuple(dict.fromkeys(called)))
    if (target := _APPLIED_TO.search(query.text)) and content_stems(target.group("target")):
        query = dataclasses.replace(query, applied=target.group("target").strip())
    if (
        query.route is Route.METADATA
        and query.metadata is not None
        and query.metadata.fact is not None
        and not (query.subject or query.among or query.metadata.conditions or query.metadata.also)
        and len(query.named) >= 2
        and len(query.metadata.about) == 1
        and re.search(r"\s(?:and|&)\s|,", query.text)
    ):
        # "upvote counts for The AI Scientist-v2 and TraceAlign?", "when were URIAL and WaltzRL
        # posted?": that field of each paper it names
        each = MetadataQuery(sort=query.metadata.fact, descending=True, capture_year=capture_year)
        query = dataclasses.replace(query, among=query.named, metadata=each)
    if (
        query.route is Route.LIST
        and (owned := _MAKERS_PRODUCT.search(query.topic))
        and not names(owned.group(1))
    ):
        # "which papers tested Anthropic's Claude models?": the product names itself; its maker's
        # name would list the papers that use anything else of the maker's (Anthropic's HH
        # dataset). Only in a list's topic: elsewhere the maker says which work is asked for
        # ("Anthropic's Constitutional AI paper"), and the refusal weighs it. (Not a paper's own
        # name: "InstructEngine's GenEval score".)
        query = dataclasses.replace(query, topic=_MAKERS_PRODUCT.sub("", query.topic))
    if query.route is Route.LIST and (asked := _ASKED_COUNT.search(query.text)):
        number = asked.group(1).lower()
        query = dataclasses.replace(query, limit=int(number) if number.isdigit() else _COUNT_WORDS[number])
    if asked := _IN_SENTENCES.search(question):
        said = asked.group(1).lower()
        many = int(said) if said.isdigit() else _COUNT_WORDS.get(said, 1)
        query = dataclasses.replace(query, sentences=min(many, _MOST_SENTENCES))
    if history and history[-1].cited and not query.exclude and _SIMILAR_FOR.match(" ".join(question.split())):
        # "is there a survey like that for aligning multimodal LLMs?": another paper of the kind,
        # not the thread's paper held to the new words
        query = dataclasses.replace(query, exclude=history[-1].cited[:1])
    if history and _TOPIC_SHIFT.match(" ".join(question.split())):
        query = dataclasses.replace(query, alone=True)
    elif history:
        query = dataclasses.replace(query, threaded=True)
    if query.among and history and picked_by_words(query.text):
        earlier = tuple(paper for paper in _thread_papers(history) if paper not in query.among)
        query = dataclasses.replace(query, earlier=earlier)
    if _ONE_SOUGHT_THAT.match(query.text):
        query = dataclasses.replace(query, sought=True)
    if (extended := _EXTENDED_TO.match(query.text)) and not _SET_ASIDE.search(query.text):
        # ("does it work on image generators too?": what it is carried over to is the generators)
        carried = re.sub(
            r"\s+(?:too|also|as\s+well|either)\s*$", "", extended.group("object").strip(), flags=re.I
        )
        query = dataclasses.replace(query, carried_to=carried)
    return query


def _cased_titles(text: str) -> list[str]:
    """Stretches written in a title's case: four words or more, each capitalised or a small word
    a title keeps in lowercase, at least one of those ("Attention Is All You Need"; not "Stable
    Diffusion XL", a name), without the request words before them ("Cite ...")."""
    found = []
    for match in _TITLE_CASED_RUN.finditer(text):
        words = match.group(0).split()
        while words and (_REQUEST_WORDS.fullmatch(words[0]) or _REQUEST_WORDS.fullmatch(words[0].lower())):
            words = words[1:]
        while words and words[-1].islower():  # "... for", not "... You Need"
            words = words[:-1]
        small = [w for w in words[1:] if re.fullmatch(_TITLE_SMALL, w.lower())]
        if len(words) >= _CASED_TITLE_WORDS and small and not any(len(w) == 1 and w.isalpha() for w in words):
            found.append(" ".join(words))
    return found


_PAPERS_ASKED = (
    r"(?:(?:me|us|some|a|an|any|few|good|great|nice|solid|\d+|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|the|best|top|must-read|key|classic|relevant|interesting|useful|recent|more|other)\s+){0,4}"
    r"(?:papers?|reads?|readings?|works?|articles?|studies|something|anything)\b"
)
# ("recommendation papers" are papers on recommending: a topic)
_RECOMMENDING = re.compile(
    rf"\b(?:recommend|suggest)\b(?=\s+{_PAPERS_ASKED})|\b(?:recommendations?|suggestions?)\b(?=\s+(?:for|of)\s+{_PAPERS_ASKED})",
    re.I,
)

# A request for where to start reading: "what should I read first about diffusion alignment?",
# "where do I start with reward models?", "a good starting point on RLHF?": papers on it.
_WHERE_TO_START = re.compile(
    r"^\W*(?:(?:so|ok|hi|hey)\W+)?(?:(?:what|which\s+papers?)\s+(?:should|would|do|could)\s+(?:i|we|you)\s+read"
    r"(?:\s+(?:first|next|to\s+start))?|where\s+(?:should|do|can|would)\s+(?:i|we|one)\s+(?:start|begin)(?:\s+reading)?|"
    r"(?:any\s+|a\s+|what(?:'s|\s+is|\s+are)\s+(?:a\s+|the\s+)?)?(?:good\s+|best\s+)?(?:starting\s+points?|places?\s+to\s+start|"
    r"intro(?:duction|ductory)?\s+(?:papers?|reading)))\s+(?:about|on|for|with|in|to|into|regarding)\s+(?=\S)",
    re.I,
)
# What to read after the thread's paper ("what should I read next?", "further reading?"): the
# papers nearest it.
_READ_NEXT = re.compile(
    r"^\W*(?:(?:so|ok|okay|and)\W+)?(?:what\s+(?:else\s+)?(?:should|could|would|do)\s+(?:i|we|you)\s+(?:read|look\s+at)"
    r"(?:\s+(?:next|after\s+(?:this|that|it)|too|as\s+well))?|(?:any\s+)?(?:further|more)\s+reading|"
    r"what\s+(?:to|else\s+to)\s+read\s+next)\W*$",
    re.I,
)
# Both sides of a thing asked in everyday words ("pros and cons of DPO", "strengths and weaknesses
# of RLHF"): its advantages and limitations, as the abstracts write them ("pros" and "cons" are
# words no abstract uses).
_PROS_AND_CONS = re.compile(
    r"\b(?:pros\s*(?:and|&|/)\s*cons|advantages\s+and\s+disadvantages|strengths\s+and\s+weaknesses|"
    r"benefits\s+and\s+drawbacks|upsides?\s+and\s+downsides?|good\s+and\s+bad)\b(?=\s+(?:of|for|with|to)\b)",
    re.I,
)
# "first" that orders nothing: "which papers are first and foremost a benchmark …?", "first of all, …"
_FIRST_AS_MOST = re.compile(r"\b(?:first\s+and\s+foremost|first\s+of\s+all|first\s+off)\b,?", re.I)
# How short or plain the answer should be ("briefly, what is DPO?", "in a nutshell, what does PARL
# do?", "ELI5 reward hacking", "explain InfAlign in one sentence"): how to answer, not what about,
# so no word of it is a term the papers must hold.
_ANSWER_FORM = re.compile(
    r"(?:^|(?<=[\s,;:(]))(?:(?:very\s+|real\s+)?briefly|in\s+brief|in\s+short|in\s+a\s+nutshell|"
    r"in\s+(?:simple|plain|layman'?s?|simple\s+english|few)\s+(?:terms|words|english|language)|"
    r"in\s+plain\s+english|"
    r"in\s+(?:one|a|1|two|2|three|3|four|4|five|5|a\s+single|a\s+few)\s+(?:sentence|line|paragraph|phrase|"
    r"(?:bullet\s+)?point|bullet|word)s?|(?:as|in)\s+(?:a\s+)?(?:bullet(?:ed)?\s+(?:points?|list)|bullets|bullet\s+form)|"
    r"eli5|tl;?dr|simply\s+put|short\s+version|(?:like|as\s+if)\s+i'?m\s+(?:five|5|a\s+beginner))"
    r"(?:\s*(?:please|pls))?(?=\s*(?:[,;:?.!)-]|$|\s))",
    re.I,
)

# How many sentences a turn asks its answer to take: "in 2 sentences", "in three sentences", "in
# one sentence", "in a few sentences" (three); at most five are quoted.
_IN_SENTENCES = re.compile(
    r"\bin\s+(\d|one|two|three|four|five|a\s+few|a\s+couple(?:\s+of)?|a|a\s+single)\s+sentences?\b", re.I
)
_MOST_SENTENCES = 5
_COUNT_WORDS = {word: n for word, n in NUMBER_WORDS.items() if 2 <= n <= 10} | {
    "a few": 3,
    "a couple": 2,
    "a couple of": 2,
}
# A number of papers a list asks for: "3 papers on …", "give me five papers about RLHF", "a few
# more works on …" (not a number inside the topic: "papers with 3 authors" is metadata).
_ASKED_COUNT = re.compile(
    r"\b([1-9]\d?|" + "|".join(_COUNT_WORDS) + r")\s+(?:(?:more|other|recent|relevant|key|different|new)\s+)?"
    r"(?:papers|works|reads|readings|articles|studies)\b",
    re.I,
)
_CODE_REQUEST = re.compile(r"\b(?i:github|gitlab|code|the|a|their|its|source)\s+repo(?:sitory)?\b")
_MAKERS_PRODUCT = re.compile(r"(?<![\w'’])((?:[A-Z][\w&.-]*\s+)?[A-Z][\w&.-]*)['’]s\s+(?=[A-Z0-9][\w.-]*)")
_PRAISED_PAPER = re.compile(
    r"\b((?:a|some|any|few|couple(?:\s+of)?|\d+|two|three|four|five)\s+)(?:really\s+|very\s+)?"
    r"(?:good|great|nice|solid|decent|interesting|useful)\s+(?=(?:papers?|reads?|works?|articles?)\b)|"
    # "the best paper on RLHF", "the key papers on DPO": the papers on it, nearest first
    r"\b((?:the|a)\s+)(?:very\s+)?(?:best|key|seminal|go-to|must-read|most\s+(?:important|influential|relevant))\s+"
    r"(?=(?:papers?|reads?|works?|articles?)\s+(?:on|about|for|in|regarding)\b)",
    re.I,
)


# "those agents", "these systems": a plural the thread's own words said before.
_DEMONSTRATIVE = re.compile(r"\b(?:those|these)\s+([a-z][\w-]*)\b", re.I)
_SELECTING = re.compile(
    r"\b(?:which|what|any|one|some|all|each|none|both|many|few|most|either|neither|two|three)\s+(?:of|among|from)\s*$",
    re.I,
)
_SET_NOUNS = frozenset(
    "papers ones works studies articles abstracts methods approaches results sources citations two three four".split()
)


# What may modify a noun in a phrase: any word but the small ones ("research" of "deep research
# agents" is a word of the field the search weighs little, not a small one).
_SMALL_WORDS = FUNCTION_WORDS - {"research", "study", "work", "method", "approach"}


def _demonstrated(text: str, history: Sequence[Turn]) -> str:
    """A turn with "those agents" written as the words the thread used for them ("anything on
    the safety risks of those agents?" after "is there a survey of deep research agent
    systems?": the risks of deep research agents), when the thread's last answer was about one
    paper (after a list, "those" may be its papers) and the turn does not pick from a set
    ("which of those agents …")."""
    if not history or (len(history[-1].cited) > 1 and history[-1].route != AnswerKind.ANSWER.value):
        return text
    for match in reversed(list(_DEMONSTRATIVE.finditer(text))):
        noun = match.group(1)
        if (
            noun.lower() in _SET_NOUNS
            or noun.lower() in FUNCTION_WORDS
            or _SELECTING.search(text[: match.start()])
        ):
            continue
        said = _said_before(noun, history)
        if said:
            text = f"{text[: match.start()]}{said}{text[match.end() :]}"
    return text


def _said_before(noun: str, history: Sequence[Turn]) -> str:
    """The thread's latest question's phrase for a noun: its words up to it, the run of
    content words before it kept ("deep research agent systems" for "systems")."""
    wanted = stem(noun.lower())
    for turn in reversed(history[-3:]):
        words = re.findall(r"[\w-]+", turn.question)
        for at in range(len(words) - 1, -1, -1):
            if stem(words[at].lower()) != wanted:
                continue
            start = at
            while start > 0 and at - start < 3 and words[start - 1].lower() not in _SMALL_WORDS:
                start -= 1
            if start == at:
                return ""  # said alone before: nothing the turn's own word lacks
            return " ".join([*words[start:at], noun])
    return ""


def _understand(
    question: str,
    history: Sequence[Turn],
    names: Callable[[str], list[str]],
    organisations: frozenset[str],
    capture_year: int | None,
    capture_day: str | None = None,
    asks_several: ListCue | None = None,
) -> Query:
    """Route, references and filters of a turn (`understand` adds the quoted titles)."""
    # "recommend me 3 papers on reward models", "any suggestions for papers on LLM judges?": the
    # request, asked with a verb some abstracts use of their subject (recommender systems), is
    # read as "find", a word no search weighs.
    # So is praise of the paper asked for ("a good paper on reward hacking"): it asks for one.
    text = _RECOMMENDING.sub("find", " ".join(question.split()))
    # "wait which year", "hmm, source?": an interjection asks nothing
    if _CONTENT.search(unsaid := _INTERJECTION.sub("", text, count=1)):
        text = unsaid
    text = _WHERE_TO_START.sub("find papers on ", text, count=1)
    text = " ".join(_FIRST_AS_MOST.sub(" ", text).split())  # ("first and foremost a benchmark")
    text = _PROS_AND_CONS.sub("advantages and limitations", text)
    if _CONTENT.search(formless := _ANSWER_FORM.sub(" ", text)):
        text = " ".join(formless.strip(" ,;:-").split())
    text = _PRAISED_PAPER.sub(lambda praised: praised.group(1) or praised.group(2), text)
    shifted = _TOPIC_SHIFT.sub("", text, count=1)
    if shifted != text and _CONTENT.search(shifted):
        text, history = shifted, ()  # "unrelated: is there a survey on …" stands alone
    text = _demonstrated(text, history)
    if _HELP.match(text):
        return Query(text, Route.HELP, text)
    if _THANKS.match(text):
        return Query(text, Route.HELP, text, thanked=True)
    if _OVERVIEW.match(text):
        return Query(text, Route.HELP, text, overview=True)
    if _TASK.match(text):
        # "write me a python function that reverses a linked list": work, not a question about
        # papers; the corpus answers none of it, whatever words it shares with an abstract.
        return Query(text, Route.TOPICAL, text, task=True)
    if history and (ellipsis := _ELLIPSIS.match(text)) and _STANDS_FOR.match(_frame(history)):
        # "and LIMA?" after "what does URIAL stand for?": what the other name stands for
        other = text[ellipsis.end() :].strip(" ?.!,")
        if name_shaped(other) and " " not in other:
            text = _in_frame(other, history)
    if asked := _STANDS_FOR.match(text):
        acronym = next(group for group in asked.groups() if group)
        if acronym.lower() not in POINTER_WORDS:
            return Query(text, Route.TOPICAL, text, defines=acronym)
        if cited := next((turn.cited[:1] for turn in reversed(history) if turn.cited), ()):
            # "what does it stand for?" after an answer about MaPO: the name of the thread's paper
            return Query(text, Route.TOPICAL, text, subject=cited, follow_up=True, defines=acronym.lower())
    if history and (corrected := _CORRECTED.match(text)) and text[corrected.end() :].strip(" ?.!"):
        # "no wait i meant the one where the strong model fools its weak supervisor": the paper
        # the rest describes, not the one the thread gave (which the asker says was not meant)
        described = re.sub(
            r"^\W*(?:the|that)\s+(?:one|paper|work|study)\s+(?:where|that|which|with|about|on|in\s+which)\s+",
            "",
            text[corrected.end() :],
            flags=re.I,
        )
        meant = _understand(described, (), names, organisations, capture_year, capture_day, asks_several)
        left = _last_citing(history).cited
        return dataclasses.replace(
            meant, text=text, exclude=tuple(dict.fromkeys(meant.exclude + left[:1])), follow_up=True
        )
    if history and (newer := _newer(text, history)):
        return newer
    if history and (
        beside := _one_before(
            text,
            history,
            lambda pointed: _understand(
                pointed, history, names, organisations, capture_year, capture_day, asks_several
            ),
        )
    ):
        return beside
    if history and (another := _another_paper(text, history) or _also_one(text, history)):
        return another
    if history and (picked := _picked_by_field(text, history)):
        return picked
    if history and (turned := _turned_sort(text, history)):
        # "and the fewest?" after "which of those has the most authors?": that question again,
        # sorted the other way (of the same papers: the thread as it stood then)
        query = _understand(
            turned, history[:-1], names, organisations, capture_year, capture_day, asks_several
        )
        return dataclasses.replace(query, text=text, follow_up=True)
    if history and (resolved := _pointed_object(text, history, names)) is not None:
        # "which papers use it?" after "what is RLAIF?": the turn asked with the thread's thing
        # in the pronoun's place, the paper it names (if any) not among the papers sought.
        resolved_text, excluded = resolved
        query = _understand(resolved_text, (), names, organisations, capture_year, capture_day, asks_several)
        return dataclasses.replace(
            query, exclude=tuple(dict.fromkeys(query.exclude + excluded)), follow_up=True
        )
    wants = _wants(text)
    # ("the github repo for …": a request, not the RePo paper)
    named = tuple(names(_CODE_REQUEST.sub(" ", text)))
    if history and _DOUBT.match(text):
        last = history[-1]
        if last.cited and last.route != AnswerKind.REFUSAL.value:
            # "are you sure?": the cards of the papers the last answer quoted, to check it by
            return Query(
                text,
                Route.LOOKUP,
                text,
                subject=last.cited,
                wants=frozenset({"link"}),
                follow_up=True,
                each=True,
            )
        if not _DOUBT.match(last.question):
            # ... of a refusal: the question again, which the same refusal and its nearest papers answer
            return Query(text, Route.TOPICAL, last.question, follow_up=True)
    # The latest turn that offered papers: cited them, or counted them ("how many … ?" shows none).
    previous = next((turn for turn in reversed(history) if _offered(turn)), None)
    if previous is not None and previous.cited and _READ_NEXT.match(text):
        # "what should I read next?" after an answer: the neighbours of the paper it gave first
        return Query(text, Route.SIMILAR, text, subject=previous.cited[:1], follow_up=True)
    similar = _similar(text, previous, names)
    if similar is not None:
        return similar
    if (named or _STYLED.search(text)) and (reference := _reference(text, names)) is not None:
        # "a method like MaPO but for video generation?": MaPO is what the paper sought resembles,
        # not the paper sought; the search is for the rest, without it.
        paper, topic = reference
        if _LIST.search(topic) or _KIND_LIST.search(topic):
            return Query(text, Route.LIST, _list_topic(topic), exclude=(paper,), likened=True)
        return Query(text, Route.TOPICAL, topic, exclude=(paper,), likened=True)
    two = _thread_two(history)
    if two and (compared := pair_comparison(text)) is not None:
        # "which one has more upvotes?", then "which is newer?", after an answer about two
        # papers: those two compared.
        return Query(text, Route.METADATA, text, subject=two, metadata=compared, follow_up=True)
    if (
        two
        and not named
        and len(history[-1].cited) <= 2
        and (
            (
                (_COMPARE.search(text) or _CONTRAST.search(text) or _SIDE_BY_SIDE.search(text))
                and _BOTH.search(text)
            )
            or (_EACH_OF_SET.search(text) and not _ONE_OF_SET.search(text))
        )
        # ("which RLHF algorithms did they compare?" asks what the papers compared)
        and not _THEY_COMPARED.search(text)
    ):
        # "compare the two", "where does each of them get its reward signal from?" after
        # answers about one paper each: those two, side by side (on what the turn asks, or else
        # on what the thread asked of them)
        return Query(
            text, Route.COMPARE, _compared_topic(text, history[-1].question), subject=two, follow_up=True
        )
    if (
        len(named) == 1
        and previous is not None
        and previous.cited
        and previous.cited[0] != named[0]
        and _MEASURED_AGAINST.search(text)
    ):
        # "did they compare directly against Transfer Q*?" after the GenARM answer: asked of
        # GenARM, whose abstract says so or not (Transfer Q* is what it would be measured against).
        return Query(text, Route.TOPICAL, text, subject=previous.cited[:1], follow_up=True)
    if (
        len(named) == 1
        and previous is not None
        and previous.cited
        and previous.cited[0] != named[0]
        and (_COMPARE.search(text) or _BETTER_THAN.search(text))
        and _THE_THREADS_ONE.search(text)
    ):
        # "how does it compare to MaPO?" after the Diffusion-DPO answer: those two, side by side.
        return Query(text, Route.COMPARE, text, named, subject=(previous.cited[0], named[0]), follow_up=True)
    if named and previous and _PAPER_REFERENCE.search(text):
        cased = " ".join(word for word in text.split() if not word.islower())
        # ("didn't the Baichuan report also …? what was it called": a cased word called a paper)
        called = " ".join(match.group(0) for match in _CALLED_CASED.finditer(text))
        if not (cased and names(cased)) and not (called and names(called)):
            # "by how much did it cut deceptive behaviour?": "it" is the thread's paper; a name
            # matched only through a lowercase word ("cut" for CUT) is that word, not a paper.
            named = ()
    used = _where_used(text)
    if used:
        # "where does Stable Diffusion 1.5 appear?", "Gemini - where does it get referenced?":
        # the papers that use it (its "it" is the thing the question names, not the thread's).
        return Query(text, Route.LIST, used, named, mention=True)
    if (citing := _CITING.search(text)) and _CONTENT.search(
        cited_thing := citing.group(citing.lastindex or 1)
    ):
        # "which papers cite URIAL?", "who cites the alignment faking paper?": the listings give
        # no citation links; the abstracts that name it are what the corpus can show (not the
        # paper itself, which a search for its name puts first).
        return Query(
            text, Route.LIST, cited_thing, named, mention=True, exclude=named[:1], unrecorded="citation links"
        )
    if (ordinal := _ORDINAL.search(text)) and (ordinal.group(1) or ordinal.group(4) or ordinal.group(5)):
        # "between MuseChat and UniCRS, tell me more about the second one": the ordinal counts
        # the papers the turn itself names, in the order it names them, not a list shown before;
        # what it asks is the rest ("how does it use knowledge in the prompt?"). So it does on
        # the next turn, when the answer before it gave one or both of the papers named:
        # "I'm reading Diffusion-DPO and URIAL. when was the second one posted?", then "and the
        # first?".
        in_order, unnamed = _own_numbering(text, named, history, names)
        index = _ordinal_index(ordinal)
        if len(in_order) > 1 and (after := _ASKED_AFTER.match(text, ordinal.end())) and not names(after[1]):
            unnamed = after[1]  # "… MaPO and InstructEngine. the third one - how did they get pairs?"
        if len(in_order) > 1 and -len(in_order) <= index < len(in_order):
            if (cue := fact_cue(text)) is not None:
                # a field of that paper, from its listing
                fact = MetadataQuery(
                    fact=cue[0], also=more_facts(text, cue[0]), about=(text,), capture_year=capture_year
                )
                return Query(
                    text, Route.METADATA, text, subject=(in_order[index],), metadata=fact, follow_up=True
                )
            return dataclasses.replace(_about(unnamed, (in_order[index],)), text=text)
    follow = (
        _follow_up(
            text,
            history,
            previous,
            named,
            lambda asked: parse_metadata(asked, organisations, capture_year, capture_day),
        )
        if previous
        else None
    )
    # A work cited by its authors ("Lu et al. 2024", "the first AI Scientist paper") is one paper
    # the turn asks for, not papers sorted or filtered by date.
    if previous is not None and _NEXT_PLACE.match(text):
        # "and second place?", "which ones come right after it in upvotes?" after "the most upvoted
        # paper?": the same sort's next place (after "and after that?" too, the one after it)
        # (a question about the paper in between: "what does it do?", then "and second place?")
        steps, earlier = 1, len(history) - 1
        while earlier > 0 and _NEXT_PLACE.match(history[earlier].question):
            steps, earlier = steps + 1, earlier - 1
        sorted_by = next(
            (
                before
                for turn in reversed(history[max(0, earlier - 2) : earlier + 1])
                if turn.route == AnswerKind.METADATA.value
                and (before := parse_metadata(turn.question, organisations, capture_year, capture_day))
                and before.sort
                and before.single
            ),
            None,
        )
        if sorted_by is not None:
            placed = dataclasses.replace(sorted_by, rank=sorted_by.rank + steps)
            return Query(text, Route.METADATA, text, metadata=placed, follow_up=True)
    if previous is not None and (top := _TOP_ONE.match(text)):
        # "and the top one from 2023?" after "most upvoted 2024 paper?" (and a turn or two about
        # it): the earlier sort, under this turn's conditions
        sorted_by = next(
            (
                before
                for turn in reversed(history[-3:])
                if turn.route == AnswerKind.METADATA.value
                and (before := parse_metadata(turn.question, organisations, capture_year, capture_day))
                and before.sort
                and before.single
            ),
            None,
        )
        bounded = parse_metadata(f"papers {top.group('rest')}", organisations, capture_year, capture_day)
        if sorted_by is not None and bounded is not None and bounded.conditions and not bounded.sort:
            carried = dataclasses.replace(sorted_by, conditions=bounded.conditions, rank=1)
            return Query(text, Route.METADATA, text, metadata=carried, follow_up=True)
    if made := _MAKER_CHECKED.match(text):
        # "is it from meta?", "is WaltzRL from Google?": the organisation its listing credits,
        # checked (not whether its abstract mentions the maker)
        pointer = _PAPER_REFERENCE.fullmatch(made.group("paper"))
        one = (
            follow.subject[:1]
            if pointer and follow is not None and len(follow.subject) == 1
            else named
            if len(named) == 1 and not pointer
            else ()
        )
        maker = made.group("maker")
        credited = parse_metadata(f"papers from {maker} org", organisations, capture_year, capture_day)
        if one and not re.match(r"(?i)(?:same|scratch|\d)", maker):
            maker_check = MetadataQuery(
                conditions=(
                    Condition(
                        Field.ORGANISATION,
                        "by",
                        credited.organisation if credited and credited.organisation else maker,
                    ),
                ),
                fact=Field.ORGANISATION,
                about=("it",),
                capture_year=capture_year,
            )
            return Query(
                text,
                Route.METADATA,
                text,
                named=named,
                subject=one,
                metadata=maker_check,
                follow_up=bool(pointer),
            )
    parsed = None if _ET_AL.search(text) else parse_metadata(text, organisations, capture_year, capture_day)
    if (
        parsed is not None
        and previous is not None
        and previous.cited
        and parsed.sort is Field.DATE
        and not parsed.conditions
        and (pointer := _ORDINAL.search(text)) is not None
        and (pointer.group(1) or "").lower() in ("first", "1st", "last")
        and not _DATED.search(text)
    ):
        # "ok send me the link to the first paper again" in a thread: its first paper, not the
        # corpus's oldest (which is asked for by date: "the earliest paper", "the first one posted")
        parsed = None
    if parsed is None and not history and (dated := _ONLY_DATES.fullmatch(text)):
        # "between 2024-10-01 and 2024-10-15?", "2024-12-18?": dates alone ask what is dated then
        # (in a thread, what they narrow is the thread's to say)
        listed = parse_metadata(f"papers {dated.group(1)}", organisations, capture_year, capture_day)
        if listed is not None and listed.conditions and all(c.field is Field.DATE for c in listed.conditions):
            parsed = listed
    if (parsed is None or not parsed.organisation) and (owned := _MAKERS_PAPER.match(text)):
        # "what is Anthropic's latest paper?": that sort of the maker's papers
        text_of = f"{text[: owned.start(1)]}{text[owned.end(1) + 2 :]} from {owned.group(1)} org"
        parsed = parse_metadata(text_of, organisations, capture_year, capture_day) or parsed
    elif (parsed is None or not parsed.organisation) and (maker := _FROM_MAKER.search(text)):
        # "anything from DeepMind?": a maker no listing here credits, asked of the organisation
        # field, not searched for the abstracts that mention it (one that evaluates on the
        # "DeepMind Control Suite" is not from DeepMind).
        of_field = f"{text[: maker.end(1)]} org{text[maker.end(1) :]}"
        parsed = parse_metadata(of_field, organisations, capture_year, capture_day) or parsed
    elif (
        (parsed is None or not parsed.organisation)
        and (hosted := _CODE_MAKER.search(text))
        and _LISTING_ASKED.search(text)
    ):
        # "how many papers have code under the PKU-Alignment GitHub org?": the papers that maker
        # holds the code of (a repository's owner makes its paper, rag.metadata.makers_of)
        of_field = f"{text[: hosted.start()]} from {hosted.group('maker') or hosted.group('owner')} org {text[hosted.end() :]}"
        parsed = parse_metadata(of_field, organisations, capture_year, capture_day) or parsed
    elif (parsed is None or not parsed.organisation) and (maker := _MAKER_PUT_OUT.match(text)):
        # "what has PKU-Alignment published?": the papers from that maker, as "anything from X?"
        parsed = (
            parse_metadata(f"papers from {maker.group(1)} org", organisations, capture_year, capture_day)
            or parsed
        )
    if (
        len(named) == 1
        and parsed is not None
        and _CHECKED_OF_NAMED.search(text)
        # (its topic is the paper's name)
        and (checked := _checked_of_one("was it", dataclasses.replace(parsed, topic=""))) is not None
    ):
        # "was URIAL posted in 2025?", "the alignment faking paper had something like 50 authors,
        # right?": the named paper's field, checked (not the papers that meet the condition)
        return Query(text, Route.METADATA, text, named=named, subject=named, metadata=checked)
    # "how many authors?" right after an answer about one paper: a field of that paper.
    # Right after a list, the same field of each of its papers, ordered by it.
    cited = previous.cited if previous is not None and not named else ()
    if (
        len(cited) == 1
        and previous is not None
        and (more := _MORE_THAN_IT.match(text))
        and (
            field := more.group("field")
            or ("upvotes" if more.group("voted") else None)
            or _field_asked(previous.question)
        )
    ):
        # "does any paper in here have more?" after "how many authors does it have?": more of
        # that field than the thread's paper has
        bounded = parse_metadata(
            f"any paper with {more.group('more')} {field} than it", organisations, capture_year, capture_day
        )
        if bounded is not None:
            return Query(text, Route.METADATA, text, subject=cited[:1], metadata=bounded, follow_up=True)
    if (
        cited
        and previous is not None
        and (len(cited) == 1 or previous.route == AnswerKind.ANSWER.value)
        and parsed is not None
        and (checked := _checked_of_one(text, parsed)) is not None
    ):
        # "was it posted in 2025?", "is that a solo-author paper?", "does it have more than 10
        # authors?" after an answer about one paper: its listing's field, checked
        return Query(text, Route.METADATA, text, subject=cited[:1], metadata=checked, follow_up=True)
    if (
        previous is not None
        and (len(cited) == 1 or previous.route == AnswerKind.ANSWER.value)
        and _POINTED_TWO.search(text)
        and (of_two := fact_cue(text) or ((parsed.fact, "") if parsed is not None and parsed.fact else None))
        and not (parsed and (parsed.conditions or parsed.sort))
        and (two := _thread_two(history))
    ):
        # "when were the two posted?", "how many authors do both have?" after answers about one
        # paper each: that field of the thread's two
        each = MetadataQuery(sort=of_two[0], descending=True, capture_year=capture_year)
        return Query(text, Route.METADATA, text, among=two, metadata=each, follow_up=True)
    cue = fact_cue(text) if cited and parsed is None else None
    if (
        cited
        and cue is None
        and follow is None
        and parsed is not None
        and parsed.fact
        and parsed.about == ("it",)
        and not _PAPER_REFERENCE.search(text)
    ):
        # "how many authors and what date?": the facts of nothing the turn names, so of the
        # papers the thread has just given, as "how many authors?" alone is
        cue = (parsed.fact, "")
    if cue is not None and not cue[1]:
        if (
            len(cited) == 1
            or (previous is not None and previous.route == AnswerKind.ANSWER.value)
            # ("is there an author count or org listed for it?" after a list: its first paper)
            or (_ONE_POINTED.search(text) and not _SET_PRONOUN.search(text))
        ):
            # (an answer's first paper is the one that answers; the others only support it)
            cited = cited[:1]
            fact = MetadataQuery(
                fact=cue[0], also=more_facts(text, cue[0]), about=(text,), capture_year=capture_year
            )
            return Query(text, Route.METADATA, text, subject=cited, metadata=fact, follow_up=True)
        each = MetadataQuery(sort=cue[0], descending=True, capture_year=capture_year)
        return Query(text, Route.METADATA, text, among=cited, metadata=each, follow_up=True)
    metadata = parsed
    if parsed is None or _only_organisation(parsed):
        # ("how many people wrote the OpenRubrics paper": a paper's field, though an organisation
        # shares its name)
        metadata = _fact_of_one(text, names, bool(follow and follow.subject), capture_year) or parsed
    if (
        (
            parsed is None
            # ("and anything like that from this year?": a date, in place of the thread's)
            or not (
                parsed.topic
                or parsed.sort
                or parsed.count
                or parsed.fact
                or parsed.compare
                or parsed.same_day
            )
        )
        and history
        # ("and which other 2023 papers came out before July?": the listing besides the thread's)
        and not (follow is not None and follow.route is Route.METADATA and follow.exclude)
        and (
            varied := _varied_metadata(
                text, history, lambda asked: parse_metadata(asked, organisations, capture_year, capture_day)
            )
        )
        is not None
    ):
        # "and 2024?" after "how many papers from 2023?": the same question of 2024's papers
        return Query(text, Route.METADATA, text, named, metadata=varied, follow_up=True)
    if (
        parsed is not None
        and history
        and (
            kept := _sorted_topic(
                text,
                parsed,
                history,
                lambda asked: parse_metadata(asked, organisations, capture_year, capture_day),
            )
        )
        is not None
    ):
        # "and the oldest?" after "what's the newest paper on reward hacking?": the same papers
        # (topic and conditions) sorted the other way, not the corpus nor the one paper shown.
        return Query(text, Route.METADATA, text, named, metadata=kept, follow_up=True)
    if previous is not None and not (parsed is not None and _sorts_named(parsed, named, text)):
        scoped = _metadata_of_set(
            text,
            parsed,
            history,
            follow,
            lambda asked: parse_metadata(asked, organisations, capture_year, capture_day),
        )
        if scoped is not None:
            return scoped
    field = cue[0] if cue is not None and parsed is None else parsed.fact if parsed is not None else None
    # A fact asked of the paper a lead names, whatever pronoun follows it: "and the Gemini vs Q*
    # survey, when was that posted?" (not of the thread's paper)
    led = bool(
        parsed is not None
        and parsed.fact
        and len(parsed.about) == 1
        and len(set(content_stems(parsed.about[0]))) >= 2  # ("when was the dataset released?" is its)
        and not (
            _PAPER_REFERENCE.search(parsed.about[0])
            or _ORDINAL.search(parsed.about[0])
            or _ORDINAL_WORD.search(parsed.about[0])
            or re.search(r"\bones?\b", parsed.about[0])  # "the one covering legal reasoning": a pick
            or _SET_PRONOUN.search(parsed.about[0])  # "the bigger of those two"
        )
    )
    if led:
        follow = None
    if (
        field is not None
        and follow is not None
        and follow.among
        and not follow.subject
        and (_ONE_BY_WORD.search(text) or _PICKED.search(text) or _BACK_TO_PAPER.search(text))
    ):
        # "and the one covering legal reasoning, when was it posted?", "ok back to the multimodal
        # survey: how many authors?": the field of the paper of the set the words pick (rag.answer
        # picks it).
        fact = MetadataQuery(
            fact=field, also=more_facts(text, field), about=(text,), capture_year=capture_year
        )
        return Query(text, Route.METADATA, text, among=follow.among, metadata=fact, follow_up=True)
    if (
        field is not None
        and follow is not None
        and (
            follow.subject
            or (
                follow.among
                and not (_ONE_BY_WORD.search(text) or _PICKED.search(text) or _BACK_TO_PAPER.search(text))
            )
        )
    ):
        # "and how many upvotes does the other one have?": the field of what the turn points at.
        chosen = follow.subject or follow.among
        if follow.pronoun and _ONE_POINTED.search(text) and not _SET_PRONOUN.search(text):
            # "how many authors did it have?" after a list: "it" is the list's first paper, as
            # "what did it find?" is
            chosen = chosen[:1]
        if _THE_OTHER.search(text):
            # "how many authors does the other one have?" after one paper was picked from a list of
            # several: the list's best-ranked paper not picked, as "the other one" is one paper
            chosen = chosen[:1]
        if len(chosen) == 1:
            fact = MetadataQuery(
                fact=field, also=more_facts(text, field), about=(text,), capture_year=capture_year
            )
            return Query(text, Route.METADATA, text, subject=chosen, metadata=fact, follow_up=True)
        each = MetadataQuery(sort=field, descending=True, capture_year=capture_year)
        return Query(text, Route.METADATA, text, among=chosen, metadata=each, follow_up=True)
    if (
        history
        and metadata is not None
        and metadata.fact is not None
        and metadata.about
        and all(_SET_NAMED.fullmatch(side.strip(" ?.!")) for side in metadata.about)
        and (chosen := _named_set(metadata.about[0], history))
    ):
        # "how many authors do the two have?": the field of each paper of the set the thread gave
        each = MetadataQuery(sort=metadata.fact, descending=True, capture_year=capture_year)
        return Query(text, Route.METADATA, text, among=chosen, metadata=each, follow_up=True)
    if previous is not None and metadata is not None and metadata.compare and len(metadata.about) == 2:
        # "was it posted before or after the paper on reward calibration?": the thread's
        # paper against the one the turn describes.
        pointing = [bool(_PAPER_REFERENCE.fullmatch(side.strip(" ?.!"))) for side in metadata.about]
        if any(pointing) and not all(pointing):
            other = metadata.about[pointing.index(False)]
            return Query(
                text,
                Route.METADATA,
                text,
                named,
                subject=previous.cited[:1],
                metadata=dataclasses.replace(metadata, about=(other,)),
                follow_up=True,
            )
    anchor: tuple[str, ...] = ()
    if (
        metadata is not None
        and metadata.same_day
        and previous is not None
        and all(_PAPER_REFERENCE.fullmatch(side.strip(" ?.!")) for side in metadata.about)
    ):
        # "anything else posted the same day?", "... the same day as it?": as the thread's paper
        # (after a count, which cited none: the paper the thread was on before it)
        anchor = follow.subject[:1] if follow is not None and follow.subject else previous.cited[:1]
        anchor = anchor or next((turn.cited for turn in reversed(history) if len(turn.cited) == 1), ())
    if metadata is not None and anchor:
        return Query(
            text,
            Route.METADATA,
            text,
            named,
            subject=anchor,
            metadata=dataclasses.replace(metadata, about=()),
            follow_up=True,
        )
    if metadata is not None and metadata.same_day and not metadata.about:
        metadata = None  # "the same day" as nothing the question or a thread names
    if (
        metadata is not None
        and metadata.sort is not None
        and not (
            metadata.about or metadata.conditions or metadata.fact or metadata.compare or metadata.same_day
        )
        and len(listed_sides := _listed_sides(text)) > len(named)
        and (not metadata.topic or _in_named_list(metadata.topic, text))
    ):
        # "Baichuan report vs Secrets of RLHF part I vs Align Anything - which has the longest
        # author list?": the papers listed, each resolved on its own as answering resolves a
        # side (the question as a whole names fewer of them), sorted
        listed = dataclasses.replace(metadata, about=tuple(listed_sides), topic="")
        return Query(text, Route.METADATA, text, named, metadata=listed, wants=wants)
    if metadata is not None and _sorts_named(metadata, named, text):
        # "Of SALMON, RAFT and Preference Ranking Optimization, which one came out first?",
        # "which is oldest: DeAL or GenARM?": those papers sorted, not the corpus (nor the
        # thread's set: the turn names its own)
        return Query(text, Route.METADATA, text, named, among=named, metadata=metadata, wants=wants)
    if follow:
        if (
            metadata is not None
            and metadata.sort is not None
            and not (metadata.fact or metadata.compare or metadata.same_day)
            and len(follow.subject) <= 1
            and not follow.among
            # ("For the first paper, which benchmarks showed the gains?": an ordinal that picks
            # the thread's paper, and a question of it, not the earliest paper)
            and not (
                follow.subject
                and metadata.rank == 1  # ("the second newest then?": a place in the sort)
                and (ordinal := _ORDINAL.search(text))
                and len(content_stems(text[: ordinal.start()] + " " + text[ordinal.end() :])) >= 2
            )
        ):
            # "and the newest paper?", "what's the most upvoted paper overall?" after an answer
            # about one paper: a sort of one paper sorts nothing; the corpus's papers are sorted.
            return Query(text, Route.METADATA, text, named, metadata=metadata, wants=wants)
        if follow.subject and metadata is not None and metadata.fact and not led:
            # "how many upvotes does it have?": a fact of the paper the thread is about (not of
            # the paper a lead names: "and the Gemini vs Q* survey, when was that posted?")
            return Query(
                text, Route.METADATA, text, named, subject=follow.subject, metadata=metadata, follow_up=True
            )
        return dataclasses.replace(follow, named=named)
    if (
        metadata is not None
        and metadata.fact
        and len(named) == 1
        and metadata.about
        and all(_PAPER_REFERENCE.fullmatch(side.strip(" ?.!")) for side in metadata.about)
    ):
        # "Is The Traitors single-authored? How many authors does it list?": with no thread,
        # "it" is the paper the question names.
        return Query(text, Route.METADATA, text, named, subject=named, metadata=metadata)
    if metadata is not None and _only_organisation(metadata) and _ASKS_A_THING.match(text):
        # "what RewardBench score does the Rubric-RM from OpenRubrics obtain?": a thing of the
        # organisation's paper, which its abstract gives or not, not the papers credited to it
        return Query(text, Route.TOPICAL, text, named)
    if metadata is not None and metadata.compare is not None and len(named) >= 3 and not metadata.arithmetic:
        # "which came first: SALMON, RAFT or PRO?": three papers compared are those papers sorted
        ordered = dataclasses.replace(
            metadata, sort=metadata.compare, compare=None, about=(), single=True, listing=True
        )
        return Query(text, Route.METADATA, text, named, among=named, metadata=ordered, wants=wants)
    if (
        metadata is not None
        and previous is not None
        and previous.cited
        and (metadata.conditions or metadata.sort or metadata.in_title)
        and not (metadata.fact or metadata.same_day or metadata.compare or named)
        and re.search(r"\b(?:other|another|else|besides)\b", text, re.I)
    ):
        # "any other 2023 paper with just two authors?" after one: the listing's papers
        # besides the thread's
        return Query(text, Route.METADATA, text, metadata=metadata, exclude=previous.cited, follow_up=True)
    if (
        metadata is not None
        and len(named) == 1
        and wants
        and metadata.conditions
        and all(c.field is Field.DATE for c in metadata.conditions)
        and not (metadata.sort or metadata.count or metadata.fact or metadata.same_day or metadata.compare)
    ):
        # "Shoping MMLU (KDD cup 2024 one) paper link": the year describes the paper it names
        return Query(text, Route.LOOKUP, _asked_of_lookup(text, wants), named, wants=wants)
    if metadata is not None:
        return Query(text, Route.METADATA, text, named, metadata=metadata, wants=wants)
    sides = _sides(text)
    if (
        sides
        and len(named) == 1
        and any(not names(side) and not _DESCRIBES_PAPER.search(side) for side in sides)
    ):
        # "In MJ-Bench, how did Gemini do compared to GPT-4o?": a question asked of the one paper
        # it names, about things inside it, not two papers side by side.
        return Query(text, Route.TOPICAL, text, named)
    if sides:
        # ("which is better, DPO or PPO?" and a bare "DPO vs PPO" ask of the two what "compare"
        # does: "better" is no term an abstract must hold)
        bare = _BARE_VERSUS.fullmatch(text)
        side_by_side = f"compare {sides[0]} and {sides[1]}" if _WHICH_BETTER.match(text) or bare else text
        return Query(text, Route.COMPARE, side_by_side, named, sides=sides)
    if len(named) == 2 and _TWO_CONTRASTED.search(text) and not _LIST.search(text) and not wants:
        # "how do DEPS and AutoTAMP use LLMs for planning differently?", "do RLHS and the
        # 'alignment ceiling' paper diagnose the same problem?": the two side by side
        return Query(text, Route.COMPARE, text, named, subject=named)
    if wants and not _LIST.search(text) and not _asks_another_thing(text):
        return Query(text, Route.LOOKUP, _asked_of_lookup(text, wants), named, wants=wants)
    if (_LIST.search(text) or _KIND_LIST.search(text)) and not (
        named and (asked := _ASKED_OF.search(text)) and names(text[asked.end() :])
    ):
        # (not "which two datasets did LiPO use?": things of the paper it names)
        topic = _list_topic(text)
        # "which other papers use URIAL?": the papers besides the one it names
        besides = named if _BESIDES.search(text) else ()
        if mentioned := _MENTIONING.search(topic):
            # "which abstracts bring up hallucination?": every paper that says it
            topic = f"{topic[: mentioned.start()]} {topic[mentioned.end() :]}"
            return Query(text, Route.LIST, " ".join(topic.split()), named, mention=True, exclude=besides)
        if (asking := _LIST.search(text)) and _MENTIONING.search(asking.group(0)):
            # "papers mentioning Constitutional AI": the verb went with the asking
            return Query(text, Route.LIST, " ".join(topic.split()), named, mention=True, exclude=besides)
        return Query(text, Route.LIST, topic, named, exclude=besides, bare=not _LIST.search(text))
    concept = _CONCEPT.match(text)
    if (
        concept
        and not named
        and not _ONE_WORK.search(concept.group(1))
        and len(content_stems(concept.group(1))) <= _CONCEPT_TERMS
    ):
        # "what is RLHF?", "explain GRPO": a concept many papers use, shown in the papers that do;
        # "tell me about the alignment faking paper" is one paper, not a concept.
        return Query(text, Route.LIST, concept.group(1), named)
    topic = _ELLIPSIS.sub(" ", text)
    if (
        not named
        and not _ONE_WORK.search(_ASIDE.sub(" ", text))
        and not _ASKING_WORD.search(topic)
        and not (history and _DEFINITE_REQUEST.match(text))
        and 1 <= len(set(content_stems(topic))) <= _TOPIC_TERMS
    ):
        # "reward hacking", "LLMs in medicine?": a topic alone asks what the corpus has on it.
        return Query(text, Route.LIST, " ".join(topic.split()), named, bare=True)
    if _WHO_WORKS_ON.match(text) and not named and content_stems(_WHO_WORKS_ON.sub(" ", text, count=1)):
        # "who's working on reducing hallucinations?", "anyone working on time series forecasting
        # with LLMs?": the papers on it
        return Query(text, Route.LIST, _list_topic(text), named)
    if (
        asks_several is not None
        and not (named or history)
        and not _ONE_WORK.search(_ASIDE.sub(" ", text))
        and (
            asks_several.asks_for_several(text)
            # ("what's here on text-to-video generators? reward / feedback stuff for making the
            # videos better": the request is the first sentence, the rest says what it is about)
            or (
                len(sentences := _QUESTION_END.split(text.strip())) > 1
                and len(content_stems(sentences[0])) >= 2
                and asks_several.asks_for_several(sentences[0])
            )
        )
    ):
        # "methods that replace the reverse-KL regularizer", "weak-to-strong stuff: a small model
        # supervising a bigger one": a set asked for in words the patterns above do not know (not
        # in a thread, whose turns lean on its papers: "which base models did they try it on?").
        return Query(text, Route.LIST, _list_topic(text), named, cued=True)
    if gist := _GIST_OF_PAPER.match(text):
        # "summary of the paper about LLM persuasion": the paper the rest describes; "summary" is
        # no term its abstract must hold ("summarize the DPO paper" found a summarization paper)
        return Query(text, Route.TOPICAL, text[gist.end() :], named)
    return Query(text, Route.TOPICAL, text, named)


# Where a question's first sentence ends and more words follow.
_QUESTION_END = re.compile(r"(?<=\?)\s+(?=\S)")
# A request for a paper's gist, before the words that describe the paper.
_GIST_OF_PAPER = re.compile(
    rf"^\W*(?:(?:can|could|would)\s+you\s+)?(?:please\s+|pls\s+)?(?:{_GIST_VERBS}|"
    rf"(?:give\s+(?:me\s+)?)?(?:an?\s+)?(?:short\s+|quick\s+|brief\s+|one-line\s+)?(?:{_GIST_NOUNS})"
    r"\s+of)\s+(?=(?:the|this|that)\s+(?:[\w'-]+\s+){0,6}?(?:paper|work|study|article)\b)",
    re.I,
)


# "which of those are from 2024?", "which one is newest?": the set's pointer read as "papers"
# so that the question parses as it would of the corpus.
_SET_POINTER = re.compile(
    r"\b(?:(?:of|among|from)\s+)?(?:those|these|them|the above|the ones)(?:\s+(?:two|three|four|2|3|4))?\b|"
    r"\bones?\b|" + _ANY_OF_SET,
    re.I,
)
# A question about the corpus at large, not about the set just shown ("the newest paper overall").
# Papers asked for by who made them, in the capitals of a name: "papers from DeepMind?", "anything
# by Anthropic on honesty?" (not "papers from 2023", "papers from December", a lowercase topic).
# ... or what a maker put out: "what has PKU-Alignment published?", "which papers did Meta release?",
# "what has the PKU-Alignment group got in this collection?"
_MAKER_PUT_OUT = re.compile(
    r"^\W*(?i:what|which\s+papers?|anything)\s+(?i:has|have|did)\s+(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
    r"(?:\s+(?i:group|lab|team|org|organi[sz]ation))?\s+(?i:published|publish|put\s+out|released|release|posted|post|got)\b"
)
# A comparative asked of the thread's paper's field without naming it: "does any paper in here
# have more?", "are there any with fewer upvotes?"
_MORE_THAN_IT = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:(?:does|do|did|is|are|was|were)\s+(?:there\s+)?)?"
    r"(?:any(?:thing)?|another|other)"
    r"(?:\s+other)?(?:\s+(?:papers?|ones?))?(?:\s+(?:in\s+here|here|in\s+the\s+corpus))?\s+"
    # ("is anything upvoted more than that?": the field as its verb)
    r"(?:(?:have|has|had|got|get|with)\s+|(?P<voted>(?:up)?voted)\s+)?(?:(?:even|still)\s+)?(?P<more>more|fewer|less)"
    r"(?:\s+(?P<field>authors|upvotes))?(?:\s+than\s+(?:it|that|this)(?:\s+one)?)?\s*[?.!]*\s*$",
    re.I,
)
_COUNTED_FIELD = {Field.AUTHORS: "authors", Field.UPVOTES: "upvotes"}


def _field_asked(question: str) -> str | None:
    """The counted field ("authors", "upvotes") a question asked of one paper, if any."""
    cue = fact_cue(question)
    return _COUNTED_FIELD.get(cue[0]) if cue is not None else None


# Who holds the code: "code under the PKU-Alignment GitHub org", "repos on the HKUDS github", "the
# GAIR-NLP github account", "code under github.com/shenao-zhang"
_CODE_MAKER = re.compile(
    r"(?i:\b(?:(?:have|has|with)\s+)?(?:(?:their|its|the)\s+)?(?:code|repos?|repositories)\s+(?:under|on|at|in|from|hosted\s+(?:by|under|on))\s+"
    r"(?:the\s+)?)(?:(?i:https?://)?(?i:www\.)?(?i:github\.com)/)?"
    r"(?!(?i:github|gitlab|hugging\s*face|huggingface|arxiv|here|there|it|them|this|that)\b)"
    r"(?P<maker>[A-Za-z0-9][\w-]*(?:\.(?!com\b)[\w-]+)*)(?:\s+(?i:github|gitlab))?(?:\s+(?i:org|organi[sz]ation|account|user|page))?\b|"
    r"(?i:\b(?:(?:from|by|at|under|on|in)\s+)?(?:the\s+)?)(?P<owner>[A-Za-z0-9][\w.-]*)\s+(?i:github)\s+(?i:org|organi[sz]ation|account|user)\b"
)
_LISTING_ASKED = re.compile(
    r"\b(?:papers|how\s+many|which\s+(?:ones|are\s+they)|any\s+others?|anything\s+else)\b", re.I
)
_FROM_MAKER = re.compile(
    # ("latest paper from Anthropic?": after a sort too)
    r"(?:^\W*|\b(?i:latest|newest|recent|oldest|earliest|first|last|upvoted|popular|top)\s+)"
    r"(?i:(?:(?:are\s+there|do\s+(?:we|you)\s+have|is\s+there|any)\s+)?(?:any\s+|an?\s+|some\s+)?"
    r"(?:papers?|anything|work|works|preprints?|research|stuff)\s+(?:here\s+|in\s+here\s+)?(?:from|by)\s+"
    r"(?:the\s+)?)((?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
    r"(?=\s*(?:[?.!,;:]|$|\s+(?:on|about|in|for|that|which|with)\b))"
)
# "is it from meta?", "was WaltzRL by Google?", "is it a google paper?", "is it credited to Meta?":
# whether one paper is its maker's
_MAKER_CHECKED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but|also|wait)\W+)?(?:is|was)\s+(?P<paper>[\w-]+(?:\s+[\w-]+){0,3}?)\s+"
    r"(?:(?:from|by|out\s+of|credited\s+to|listed\s+under)\s+(?:the\s+)?|an?\s+(?=\S+(?:\s+\S+)?\s+(?:paper|one|work)\b))"
    r"(?P<maker>[a-z][\w&.-]*(?:\s+[a-z][\w&.-]*)?)(?:\s+(?:paper|one|work|lab|team|group|research))?\s*(?:[?.!]|$)",
    re.I,
)
# "what is Anthropic's latest paper?", "Meta's papers?": the maker's papers, by the possessive.
_MAKERS_PAPER = re.compile(
    r"^\W*(?i:(?:what(?:'s|\s+is|\s+are|\s+was)|which\s+is|show\s+me|list|give\s+me|any\s+of)\s+)?"
    r"([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})['’]s\s+"
    r"(?i:(?:latest|newest|recent|most\s+recent|oldest|earliest|first|most\s+upvoted|most\s+popular|top|other)\s+)?"
    r"(?i:papers?|works?|preprints?|research)\b"
)
_WHOLE_CORPUS = re.compile(
    r"\b(?:corpus|overall|of all|in all|altogether|entire|whole|collection|any paper|every paper)\b", re.I
)


# Within a set, "more" is "most": "which of those two has more authors?", "which one is older?".
_COMPARATIVES = {
    "more": "most", "fewer": "fewest", "less": "least", "higher": "highest", "lower": "lowest",
    "newer": "newest", "older": "oldest", "earlier": "earliest", "later": "latest",
}  # fmt: skip
_COMPARATIVE = re.compile(r"\b(" + "|".join(_COMPARATIVES) + r")\b(?![^?.!]*\bthan\b)", re.I)


# A question about something a paper holds ("what score does …", "how does the model … work?"),
# not one for papers ("what papers …", "what has TIGER-Lab published?").
_ASKS_A_THING = re.compile(
    r"^\W*(?:(?:what|which)\s+(?!(?:papers?|works?|ones?|articles?|publications?|studies|preprints?)\b)"
    r"[\w-]+(?:\s+[\w-]+){0,2}?\s+(?:did|do|does|is|was|are|were|has|have)\b|how\s+(?:does|do|did)\b)",
    re.I,
)


def _only_organisation(meta: MetadataQuery) -> bool:
    """A metadata reading that holds an organisation and nothing else to filter, sort or count by."""
    return bool(meta.organisation) and not (
        meta.conditions
        or meta.sort
        or meta.count
        or meta.fact
        or meta.compare
        or meta.same_day
        or meta.measure
        or meta.group
        or meta.every_group
    )


# Papers listed between "which of" (or "of", "among" opening the turn) and what is asked of them
_LIST_LED = re.compile(
    r"(?:\b(?:which|what)(?:\s+(?:one|paper))?\s+(?:of|among|between)|^\W*(?:of|among|between))\s+"
    r"(?P<listed>[^?!]+?)(?:,?\s+(?:which|what)\b|\s+(?:has|have|had|got|gets|get|is|was|were|are|came|"
    r"received|drew|earned)\b)",
    re.I,
)


# One of two papers the turn names, asked for: "both PARL and PEARL use Meta-World - which one
# was posted first?", "GenARM and DeAL: which of them has more authors?"
_OF_THE_TWO = re.compile(
    r"\bwhich\s+(?:one|paper|of\s+(?:them|the\s+two|these|those|both|the\s+pair))\b|"
    r"\band\b[^?.!]*?[,:\u2013\u2014]\s*which\b|\band\b[^?.!]*?\s-\s*which\b",
    re.I,
)


# What sets two papers the turn names side by side: how they differ, or what they share
_TWO_CONTRASTED = re.compile(
    r"\bdiffer(?:s|ently|ence|ences)?\b|\bdistinguish(?:es)?\b|\bin\s+common\b|\balike\b|"
    r"\b(?:the\s+)?same\s+(?:problem|idea|thing|approach|method|goal|question|issue|task|data|failure)s?\b",
    re.I,
)


def _sorts_named(metadata: MetadataQuery, named: Sequence[str], text: str) -> bool:
    """Whether a sort is of the papers the turn names ("Of SALMON, RAFT and PRO, which one came
    out first?", "which is oldest: DeAL or GenARM?", "which of DeAL and GenARM is the oldest?"),
    not of the corpus or a thread's set."""
    return (
        metadata.sort is not None
        and (
            len(named) >= 3
            or (
                len(named) == 2
                and bool(_EITHER.search(text) or _LIST_LED.search(text) or _OF_THE_TWO.search(text))
            )
        )
        and not (metadata.conditions or metadata.about)
        and (not metadata.topic or (len(named) >= 3 and _in_named_list(metadata.topic, text)))
    )


# A list of papers set against each other: "A vs B vs C", "A, B or C"
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:vs\.?|versus|or|and)\s)\s*", re.I)


def _listed_sides(text: str) -> list[str]:
    """The papers a sort is asked of, as written, when the question lists them before or after
    its asking ("A vs B vs C - which has the longest author list?", "which has the most authors:
    A, B or C?"); none when it lists no two."""
    parts = re.split(r"\s*[:\u2014\u2013]\s*|\s+-\s+", text, maxsplit=1)
    if len(parts) != 2:
        return []
    listed = next((part for part in parts if not re.match(r"\W*(?:which|what|who)\b", part, re.I)), "")
    sides = [side.strip(" ?.!'\"") for side in _LIST_SEPARATOR.split(listed)]
    return sides if len(sides) >= 2 and all(sides) else []


def _in_named_list(topic: str, text: str) -> bool:
    """Whether a metadata topic's words are all written in the list of papers after the question's
    colon or dash ("which of these three has the most upvotes: the Dromedary self-alignment paper,
    PRO, or MPO?": "dromedary self-alignment" names one of them, it is no topic)."""
    _, mark, listed = (
        re.split(r"([:\u2014\u2013])", text, maxsplit=1)
        if re.search(r"[:\u2014\u2013]", text)
        else ("", "", "")
    )
    if not mark and (led := _LIST_LED.search(text)):
        # ... or between "which of" and what it asks: "which of SALMON, the original Dromedary /
        # SELF-ALIGN paper, CycleAlign has the most upvotes"
        mark, listed = led.group(0), led.group("listed")
    words = re.findall(r"[a-z0-9][\w-]*", topic.replace("|", " "))
    return bool(mark and words) and all(
        re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", listed.lower()) for w in words
    )


def _as_superlative(text: str) -> str:
    """A question about a set with its comparative read as the superlative ("more upvotes" ->
    "most upvotes"); one with "than" compares with something else and is left as it is."""
    # ("which of the two was written by more people?": "the most people", not a majority's "most")
    # (a date's superlative stays bare: "which came out latest?")
    return _COMPARATIVE.sub(
        lambda match: (
            (
                ""
                if re.search(r"\bthe\s*$", text[: match.start()], re.I)
                or match.group(1).lower() in ("newer", "older", "earlier", "later")
                else "the "
            )
            + _COMPARATIVES[match.group(1).lower()]
        ),
        text,
    )


_SUPERLATIVE = r"(?:fewest|least|lowest|smallest|most|highest|biggest|largest|newest|oldest|latest|earliest)"
# A turn that is a superlative alone: "and the fewest?", "what about the least?"
_BARE_SUPERLATIVE = re.compile(
    r"^\W*(?:(?:and|ok|okay|so)\W+)?(?:(?:what|how)\s+about\s+)?(?:the\s+)?(?P<word>" + _SUPERLATIVE + r")"
    r"(?:\s+(?:one|ones|paper|papers))?(?:\s+then)?\s*[?.!]*\s*$",
    re.I,
)


def _turned_sort(text: str, history: Sequence[Turn]) -> str:
    """The thread's last question with the turn's superlative in place of its own ("which of
    those has the fewest authors" for "and the fewest?" after "which of those has the most
    authors?"), or "" when the turn is no bare superlative or the last answer sorted nothing."""
    bare = _BARE_SUPERLATIVE.match(text)
    last = history[-1]
    if bare is None or last.route != AnswerKind.METADATA.value:
        return ""
    superlative = re.search(rf"\b{_SUPERLATIVE}\b", last.question, re.I)
    if superlative is None or superlative.group(0).lower() == bare.group("word").lower():
        return ""
    return f"{last.question[: superlative.start()]}{bare.group('word')}{last.question[superlative.end() :]}"


def _sorted_topic(
    text: str, parsed: MetadataQuery, history: Sequence[Turn], parse: Callable[[str], MetadataQuery | None]
) -> MetadataQuery | None:
    """A bare sort ("and the oldest?", "what about the most upvoted?") right after metadata
    answers that sorted a topic's papers: this sort of that topic's papers, under the same
    conditions. None when the turn asks anything of its own (a topic, a filter, a count, a
    field of a paper) or says it means the whole corpus."""
    if (
        parsed.sort is None
        or parsed.topic
        or parsed.conditions
        or parsed.fact
        or parsed.about
        or parsed.compare
        or parsed.same_day
        or parsed.count
        or parsed.measure
        or parsed.group
        or parsed.organisation
        or parsed.has_organisation
        or _WHOLE_CORPUS.search(text)
    ):
        return None
    # The topic of the metadata question the thread's last turn asked, as it was read (a run of
    # bare sorts or elliptical turns in between, "and the oldest?", "and on video?", keeps it).
    earlier = _asked_metadata(history, parse)
    if earlier is None or not earlier.topic:
        return None
    return dataclasses.replace(parsed, topic=earlier.topic, conditions=earlier.conditions)


# Code asked of the papers of a list ("papers with code", "which ones release their code?").
_WITH_CODE = re.compile(
    r"\b(?:with|have|has|having|release[sd]?|releasing|share[sd]?|sharing|provide[sd]?|providing|"
    r"publish(?:es|ed)?|open[- ]sourced?|gives?|come\s+with)\s+(?:(?:their|its|the|a|an|any|public|publicly|"
    r"open[- ]source|available|released)\s+){0,2}(?:source\s+)?(?:code(?:base)?|github|repos?|"
    r"repositor(?:y|ies)|implementations?)\b",
    re.I,
)
_CODE_ASKING = frozenset(
    "with have has having release released releases releasing share shared shares sharing provide "
    "provides provided providing publish published publishes open-source open-sourced source gives give "
    "come their its the a an any public publicly available released online code codebase github repo "
    "repos repository repositories implementation implementations link links".split()
)
# A paper of a set picked by a field ("the newest one", "the most upvoted paper").
_DATE_PICKS = ("newest", "latest", "most recent", "oldest", "earliest")
# "the newer one", "that older paper", "the more upvoted one": a paper of a set picked by a field
# (a superlative, "the newest one", is a sort of the set: rag.metadata reads it)
_ONE_BY_COMPARATIVE = re.compile(
    r"\b(?:the|that|this)\s+(newer|older|earlier|later|more\s+recent|(?:more|less)\s+(?:upvoted|popular)|"
    # ("how many authors does that oldest one have?")
    r"newest|latest|oldest|earliest|most\s+recent|(?:most|least)\s+(?:upvoted|popular))"
    # ("the older of the two - how many authors?")
    r"\s+(?:one|paper|work|study|of\s+(?:the\s+two|those\s+two|these\s+two|both|them|those|these))\b",
    re.I,
)
_HIGHER_PICKS = frozenset(
    "newer|later|more recent|more upvoted|more popular|newest|latest|most recent|most upvoted|most popular".split(
        "|"
    )
)
_BY_FIELD_ONE = re.compile(
    r"\bthe\s+(newest|latest|most\s+recent|oldest|earliest|most\s+upvoted|most\s+popular|top[- ]voted)"
    r"(?:\s+(?:one|paper|work|study|of\s+(?:them|those|these)))?\b",
    re.I,
)
# Verbs that ask what a paper holds ("what did the newest one find?", "tell me about …").
_ASKS_CONTENT = re.compile(
    r"\b(?:find|finds|found|say|says|said|show|shows|showed|shown|propose|proposes|proposed|about|tell|"
    r"claim|claims|report|reports|introduce|introduces|do|does|did)\b(?!\s+(?:it|they)\s+(?:come|came|get|got)\b)",
    re.I,
)
# Words that only ask which paper it is ("which one is it?").
_WHICH_WORDS = frozenset(content_stems("which what one paper is was are"))
# A paper sought besides the thread's ("any other paper here …", "another one with …"; not "the
# other one", a paper the thread has given).
_ANOTHER_PAPER = re.compile(
    r"(?<!the )(?<!that )\b(another|(?:any|some)\s+other|other|a\s+second)\s+((?:[\w-]+\s+){0,2}?)"
    r"(paper|one|work|study|papers|ones|works|studies)\b(?:\s+(?:here|in\s+here|in\s+the\s+corpus))?",
    re.I,
)
# A share of what a description has just named ("LLM agents where some of them lie").
_SOME_OF_THEM = re.compile(
    r"\b(?:some|many|most|all|none|each|one|few|several|half|two|three)\s+of\s+(?:them|these|those)\b", re.I
)
# A paper called by a capitalised word: "the Baichuan report", "that Barbarians paper".
_CALLED_CASED = re.compile(
    r"\b(?:the|that|this)\s+[A-Z][\w'\u2019-]*\s+(?:paper|work|study|article|preprint|report)\b(?!s)"
)
# A likeness to what the thread gave: "like that", "like this one", "such as those".
_LIKENED = re.compile(
    r"\b(?:like|as)\s+(?:that|this|it|those|these)(?:\s+(?:one|ones|paper|papers))?\b", re.I
)
# Words that point back at the thread's paper or topic, not at the paper sought.
_POINTS_BACK = re.compile(r"\b(?:it|this|that|them|these|those|same)\b", re.I)
# Answers about one paper (an answer's "also close" papers are not what it is about).
_ONE_PAPER_ROUTES = frozenset(
    {AnswerKind.ANSWER.value, AnswerKind.LOOKUP.value, AnswerKind.SIMILAR.value, AnswerKind.METADATA.value}
)
# Newer or older papers, asked of nothing but the thread's paper ("anything newer?", "any more
# recent work on this?", "is there older work than this?").
_NEWER_ASKED = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?)\W+)?(?:(?:is|are)\s+there\s+)?(?:anything|something|any)?\s*"
    r"(?:(?:papers?|works?|research|ones?|stuff)\s+)?(newer|more\s+recent|later|older|earlier)"
    r"(?:\s+(?:papers?|works?|research|ones?|stuff))?(?:\s+(?:on|about)\s+(?:this|that|it|the\s+(?:same\s+)?topic))?"
    r"(?:\s+than\s+(?:this|that|it)(?:\s+(?:one|paper))?)?(?:\s+(?:here|in\s+here|in\s+the\s+corpus))?\s*[?.!]*\s*$",
    re.I,
)


def _picked_by_field(text: str, history: Sequence[Turn]) -> Query | None:
    """ "summarize the newest", "what does the most upvoted one propose?" after a set: asked of
    the paper of the set the field picks. None when the turn asks only which one that is ("which
    is the newest?", a metadata answer), or no set was offered."""
    match = _BY_FIELD_ONE.search(text)
    if match is None or _WHOLE_CORPUS.search(text):
        return None  # ("the newest paper overall?" asks the corpus)
    rest = f"{text[: match.start()]} {text[match.end() :]}"
    if not (set(content_stems(rest)) - _WHICH_WORDS or _ASKS_CONTENT.search(rest)) or fact_cue(rest):
        return None  # (which one it is, or a listed fact of it: a metadata answer)
    offering = next((turn for turn in reversed(history[-3:]) if len(_offered(turn)) > 1), None)
    if offering is None:
        return None
    word = " ".join(match.group(1).lower().split())
    field = Field.DATE if word in _DATE_PICKS else Field.UPVOTES
    highest = word in _DATE_PICKS[:3] or field is Field.UPVOTES
    listed = (*offering.cited, *offering.more) if offering.route == Route.LIST.value else offering.cited
    return Query(text, Route.TOPICAL, rest, among=listed, picked=(field, highest), follow_up=True)


def _answered_by(previous: Turn) -> tuple[str, ...]:
    """The papers an earlier answer gave as its answer: an answer's own paper, not the ones it
    only named as also close ("any other weak-to-strong paper?" may want one of those), or every
    paper of a list."""
    return previous.cited[:1] if previous.route == AnswerKind.ANSWER.value else previous.cited


def _last_citing(history: Sequence[Turn]) -> Turn:
    """The thread's latest turn whose answer cited papers (after "what watch-time lift did they
    report?" was refused, the paper before it), else its latest turn."""
    return next((turn for turn in reversed(history) if turn.cited), history[-1])


def _unless_pointer(match: re.Match[str]) -> str:
    """A "besides …" stretch (`_BESIDES_PAPER`) gone when what it sets aside is the thread's paper
    ("besides that one"), kept when it names another."""
    if not _PAPER_REFERENCE.fullmatch(match.group("left").strip()):
        return match.group(0)
    return match.group(0)[-1] if match.group(0)[-1] in ",;?!.)" else " "


def _another_paper(text: str, history: Sequence[Turn]) -> Query | None:
    """ "does any other paper here report RewardBench results?", "is there another one with
    agents inventing their own goals?": a paper other than the one the thread's last answer
    gave, sought by the words after it ("their" there is the paper sought's). None when those
    words point back at the thread ("any other papers on this?"), or say nothing."""
    previous = _last_citing(history)
    # ("... a second weak-to-strong paper besides that one?": the one set aside is the thread's)
    text = " ".join(_BESIDES_PAPER.sub(_unless_pointer, text).split())
    match = _ANOTHER_PAPER.search(text)
    if match is None or not previous.cited or _PAPER_REFERENCE.search(text[: match.start()]):
        return None
    if (listed := parse_metadata(text)) is not None and (listed.conditions or listed.in_title):
        # "any other single-author paper(s) in the list?", "another paper with 'dynamic reward
        # scaling' in the title?": the listing's papers
        return None
    if _LIST.search(text):
        return None  # "any other papers about X?": a list of them, besides the thread's (below)
    sought = f"{match.group(2)} {text[match.end() :]}"
    # ("another paper about LLM agents where some of them lie": "them" are the agents it names)
    if (quantified := _SOME_OF_THEM.search(sought)) and len(content_stems(sought[: quantified.start()])) >= 2:
        sought = f"{sought[: quantified.start()]} {sought[quantified.end() :]}"
    # ("… running in production at a chinese app like that?": "like that" likens it to the
    # thread's paper, which it is not)
    if _POINTS_BACK.search(_LIKENED.sub(" ", sought)):
        return None
    if not content_stems(_PAPER_REFERENCE.sub(" ", sought)):
        return None
    plural = match.group(3).lower().endswith("s")
    # the question as asked of any paper ("does any paper here report RewardBench results?")
    kind = f"{match.group(2)}{'papers' if plural else 'paper'}"
    asked = f"{text[: match.start()]}{'' if plural else 'a '}{kind} {text[match.end() :]}"
    asked = " ".join(_PAPER_REFERENCE.sub(" ", asked).split())
    if plural:
        return Query(text, Route.LIST, _list_topic(asked), exclude=_answered_by(previous), follow_up=True)
    return Query(text, Route.TOPICAL, asked, exclude=_answered_by(previous), follow_up=True)


# "is there also a paper that …?", "and is there one for video editing?": one more paper, sought
# by the rest of the turn.
_ALSO_ONE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:(?:is|are|was|were)\s+there|there\s+(?:is|are|was|were))\s+"
    r"(?:also\s+(?:a|an|one|any|some|something)\b|one\s+(?:that|which|where|for|with|about|on)\b)",
    re.I,
)
# ... or one sought "too": "is there a survey on deep research systems too?"
_ONE_TOO = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:(?:is|are)\s+there|do\s+we\s+have)\s+(?=(?:a|an|any|some|one)\b)"
    r"(?P<rest>.+?),?\s+(?:too|as\s+well)\W*$",
    re.I,
)
# ... or one like the thread's: "is there a similar industrial one from Meituan in here?"
_SIMILAR_ONE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:(?:is|are)\s+there|do\s+we\s+have)\s+(?:a|an|any)\s+"
    r"(?:similar|equivalent|analogous|comparable)\s+(?P<rest>.+)$",
    re.I,
)
# A bare pointer to the thread's paper: "it", "them", or "this" with no noun after it.
_BARE_POINTER = re.compile(r"\b(?:it|its|them|they|their)\b|\b(?:this|that|these|those)\b(?!\s+[a-z])", re.I)


def _also_one(text: str, history: Sequence[Turn]) -> Query | None:
    """ "is there also a paper that generates the music rather than retrieving it?", "and is
    there one for video editing?" after an answer: a paper other than those the answer gave,
    sought by the rest of the turn ("these research-assistant systems" there names the thread's
    topic). None when the turn asks more of the thread's paper ("is there also code for it?")."""
    previous = _last_citing(history)
    match = _ALSO_ONE.match(text) or _ONE_TOO.match(text) or _SIMILAR_ONE.match(text)
    if match is None or not previous.cited:
        return None
    too = match.re is not _ALSO_ONE
    rest = match.group("rest") if too else text[match.end() :]
    # (a pronoun inside the description of the paper sought is its own: "a paper that generates
    # the music rather than retrieving it")
    head = re.split(r"\b(?:that|which|where|who|whose|whoever|whom)\s+(?=[a-z])", rest, maxsplit=1)[0]
    if not too and match.group(0).rstrip().lower().endswith(("that", "which", "where")):
        head = ""
    if _BARE_POINTER.search(head):
        return None
    sought = " ".join(re.sub(r"\b(?:these|those|this|that)\b", " ", rest).split())
    if not content_stems(sought):
        return None
    # (asked as written: the ranking reads a question as a question)
    asked = f"is there {sought}" if too else f"{text[: match.end()]} {sought}"
    # ("is there a similar benchmark for code generation?": likened to the thread's paper, for
    # something else, which the paper sought must hold)
    likened = match.re is _SIMILAR_ONE and bool(
        re.search(r"\b(?:for|on|to|with|in)\s+(?!here\b|the\s+corpus\b|this\b|there\b)\w", rest, re.I)
    )
    return Query(text, Route.TOPICAL, asked, exclude=_answered_by(previous), follow_up=True, likened=likened)


# ... with a topic of its own: "an older survey on multimodal alignment", "any newer papers
# about reward hacking?" ("than X" names its own anchor: a metadata question of its own).
_NEWER_ON = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?)\W+)?(?:(?:is|are)\s+there\s+)?(?:an?\s+|any\s+|some\s+)?"
    r"(newer|more\s+recent|later|older|earlier)\s+"
    r"(?P<kind>papers?|works?|surveys?|studies|study|reviews?|ones?|research)\s+"
    r"(?P<topic>(?:just\s+|only\s+|also\s+)?(?:on|about|that|which|covering|for|in|of)\b(?:(?!\bthan\b).)+?)\s*[?.!]*\s*$",
    re.I,
)
_FOCUS_HEDGE = re.compile(r"\b(?:just|only|also)\b", re.I)


# The words a question about the listing's fields is made of, which name no topic: its dates,
# counts of authors and upvotes, and how papers come out.
_LISTING_STEMS = frozenset(
    content_stems(
        "january february march april may june july august september october november december jan feb mar "
        "apr jun jul aug sep sept oct nov dec year years month months day days week weeks date dated "
        "posted published released came out uploaded added appeared listed credited attributed early late mid first last "
        "author authors upvote upvotes votes single solo team people persons two three four five six seven "
        "eight nine ten exactly just only least most fewer more than before after since between until"
    )
)
_LIKE_THIS = re.compile(r"\s*\b(?:like|similar\s+to|as\s+in)\s+(?:this|that|it|them|these|those)\b", re.I)


# "the one before it", "and the previous one?", "the one after that": a paper next to the
# thread's paper, in time after a turn that asked its date, else in the thread's order
_ONE_BEFORE = re.compile(
    r"\bthe\s+(?:one|paper)\s+(?P<rel>before|after)\s+(?:it|that|this)(?:\s+one)?\b|"
    r"\bthe\s+(?P<adj>previous|prior|next)\s+(?:one|paper)\b(?!\s+(?:on|about|in|of|that|which)\b)",
    re.I,
)
_DATE_ASKED = re.compile(r"\b(?:when|date|dated|posted|published|released|came\s+out|come\s+out|day)\b", re.I)


def _one_before(text: str, history: Sequence[Turn], again: Callable[[str], Query]) -> Query | None:
    """A turn of the paper before or after the thread's paper ("and the one before it?" after
    "posted when?": the paper posted last before it; "bibtex for the one before it" after a list
    of papers like it: the paper the thread was on before); None for any other turn. `again`
    reads a turn of the same thread."""
    match = _ONE_BEFORE.search(text)
    previous = history[-1]
    if match is None or not previous.cited:
        return None
    later = (match.group("rel") or match.group("adj")).lower() in ("after", "next")
    if len(previous.cited) == 1 and _DATE_ASKED.search(previous.question):
        # (the nearest of the papers dated after or before it)
        asked = MetadataQuery(
            same_day=True,
            same_span="after" if later else "before",
            sort=Field.DATE,
            descending=not later,
            single=True,
        )
        return Query(text, Route.METADATA, text, subject=previous.cited[:1], metadata=asked, follow_up=True)
    current = previous.cited[0]
    earlier = next(
        (turn.cited[0] for turn in reversed(history[:-1]) if turn.cited and turn.cited[0] != current), None
    )
    if later or earlier is None:
        return None
    pointed = " ".join((text[: match.start()] + " it " + text[match.end() :]).split())
    query = again(pointed)
    if query.subject[:1] == (current,) or not (query.subject or query.named or query.among):
        return dataclasses.replace(query, text=text, subject=(earlier,), follow_up=True)
    return None


def _newer(text: str, history: Sequence[Turn]) -> Query | None:
    """ "anything newer?" after an answer about one paper (or with others only "also close"): the
    papers nearest it, dated after it (or before, for "older"); None for any other turn."""
    previous = history[-1]
    newer = _NEWER_ASKED.match(text)
    on = _NEWER_ON.match(text) if newer is None else None
    # ("any newer work that treats preferences as directions like this?": like the thread's paper)
    described = _LIKE_THIS.sub(" ", on.group("topic")) if on else ""
    if (
        on is not None
        and previous.cited
        and previous.route in _ONE_PAPER_ROUTES
        and content_stems(described)
        # ("a later work that frames this as learning-to-rank": of the thread's idea, searched)
        and not _POINTS_BACK.search(re.sub(r"^\s*(?:that|which)\b", " ", described, flags=re.I))
    ):
        # "is there an older survey just about aligning multimodal models?" after an answer
        # about one paper: papers on that topic dated before (or after) it, the kind kept
        before = on.group(1).lower() in ("older", "earlier")
        kind = on.group("kind") if on.group("kind").lower().startswith(("survey", "review")) else ""
        topic = " ".join(f"{kind} {_FOCUS_HEDGE.sub(' ', described)}".split())
        asked = MetadataQuery(
            same_day=True, same_span="before" if before else "after", topic=topic.strip(" ?.!")
        )
        return Query(text, Route.METADATA, text, subject=previous.cited[:1], metadata=asked, follow_up=True)
    if newer is None or not previous.cited:
        return None
    later = newer.group(1).lower() in ("newer", "later") or newer.group(1).lower().startswith("more")
    if previous.route == Route.LIST.value:
        # ... after a list: its papers (those held back too), newest (or oldest) first
        listed = (*previous.cited, *previous.more)
        dated = MetadataQuery(sort=Field.DATE, descending=later)
        return Query(text, Route.METADATA, text, among=listed, metadata=dated, follow_up=True)
    if previous.route not in _ONE_PAPER_ROUTES:
        return None
    # ("anything newer than that in the corpus?": of the whole corpus, not the papers nearest it)
    overall = re.search(r"\bin\s+the\s+(?:corpus|collection)\b|\boverall\b|\bat\s+all\b", text, re.I)
    asked = MetadataQuery(same_day=True, same_span="after" if later else "before", like_anchor=not overall)
    return Query(text, Route.METADATA, text, subject=previous.cited[:1], metadata=asked, follow_up=True)


# A count that names nothing to count ("how many are there?", "how many in total?"): of the list
# a thread just gave, not of the corpus.
_BARE_COUNT = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?)\s*,?\s+)?(?:how\s+many\s+(?:(?:papers|ones|results|of\s+(?:them|those))\s+)?"
    r"(?:are\s+there|is\s+(?:that|this|it)|in\s+total|total|altogether|were\s+found|did\s+you\s+find|match)"
    r"\s*(?:in\s+total)?|how\s+many(?:\s+(?:papers|ones|results))?|count\s+(?:them|those|these))\s*[?.!]*\s*$",
    re.I,
)


def _bare_count(text: str) -> MetadataQuery | None:
    """A count of nothing named ("how many papers is that?", "count them"): the number of the
    papers a thread just offered; None for any other turn."""
    return MetadataQuery(count=True, listing=False) if _BARE_COUNT.match(text) else None


def _bare_sort(meta: MetadataQuery) -> bool:
    """A sort and nothing else ("which is the newest?", "and the oldest?")."""
    return meta.sort is not None and not (
        meta.topic
        or meta.conditions
        or meta.fact
        or meta.about
        or meta.compare
        or meta.same_day
        or meta.count
        or meta.measure
        or meta.group
        or meta.organisation
        or meta.has_organisation
    )


_THREAD_DEPTH = 6  # turns back a thread's metadata question is read through bare sorts and ellipses


def _asked_metadata(
    history: Sequence[Turn], parse: Callable[[str], MetadataQuery | None], depth: int = _THREAD_DEPTH
) -> MetadataQuery | None:
    """The metadata question the thread's last turn asked, as it was read: its own words, or
    those of the question it varied ("and 2024?") or sorted again ("and the oldest?"). None when
    the last answer was no metadata answer."""
    if not history or depth == 0 or history[-1].route != AnswerKind.METADATA.value:
        return None
    question, earlier = history[-1].question, history[:-1]
    parsed = parse(question)
    if parsed is None or not (
        parsed.topic or parsed.sort or parsed.count or parsed.fact or parsed.compare or parsed.same_day
    ):
        # (a variation gives only a value: "and anything like that from this year?")
        return _varied_metadata(question, earlier, parse, depth - 1) or parsed
    if parsed.sort is not None and not (parsed.topic or parsed.conditions):
        return _sorted_topic(question, parsed, earlier, parse) or parsed
    return parsed


def _varied_metadata(
    text: str,
    history: Sequence[Turn],
    parse: Callable[[str], MetadataQuery | None],
    depth: int = _THREAD_DEPTH,
) -> MetadataQuery | None:
    """An elliptical turn right after metadata answers ("and 2024?", "what about from TIGER-Lab?",
    "and with more than 10 authors?"): the latest metadata question the thread asked, with the
    value the turn gives in place of the one of its field (a date for a date, an organisation
    for an organisation). None when the turn is not elliptical, gives no such value, or the
    thread's last answer was not metadata."""
    ellipsis = _ELLIPSIS.match(text)
    if ellipsis is None or history[-1].route != AnswerKind.METADATA.value:
        return None
    rest = text[ellipsis.end() :].strip(" ?.!,")
    if (like := _LIKE_THAT.match(rest)) and rest[like.end() :].strip():
        rest = rest[like.end() :].strip()  # "anything like that from this year"
    given = parse(f"papers {rest}") or parse(f"papers from {rest}") if rest else None
    # ... or a topic in place of the one it sorted or counted ("and on video generation?")
    topic = re.match(r"(?:on|about|regarding)\s+(.+)", rest, re.I)
    if given is None and topic is None:
        return None
    per_group = given is not None and given.every_group and not given.topic
    if (
        given is not None
        and not per_group
        and (given.sort or given.topic or given.count or given.fact or given.measure or given.group)
    ):
        return None
    asked = _asked_metadata(history, parse, depth)
    if per_group and given is not None and (asked is None or asked.fact or asked.compare or asked.same_day):
        return given
    if asked is None or asked.fact or asked.compare or asked.same_day:
        return None
    if per_group and given is not None:
        # "and per month?" after "how many papers from 2023?": 2023's papers counted per month
        # ("and per month in 2024?": the turn's own date in place of the thread's)
        fields = {c.field for c in given.conditions}
        kept = tuple(c for c in asked.conditions if c.field not in fields)
        return dataclasses.replace(
            given, conditions=kept + given.conditions, organisation=given.organisation or asked.organisation
        )
    if given is None:
        return dataclasses.replace(asked, topic=topic.group(1)) if topic and asked.topic else None
    fields = {c.field for c in given.conditions}
    kept = tuple(c for c in asked.conditions if c.field not in fields)
    return dataclasses.replace(
        asked,
        conditions=kept + given.conditions,
        organisation=given.organisation or (None if given.has_organisation else asked.organisation),
    )


def _metadata_of_set(
    text: str,
    parsed: MetadataQuery | None,
    history: Sequence[Turn],
    follow: Query | None,
    parse: Callable[[str], MetadataQuery | None],
) -> Query | None:
    """A metadata question asked of the papers the thread just offered: "which of those are from
    2024?", "which one is newest?", or a bare "which came out first?" right after a list (or after
    a bare sort of it: "and the oldest?"). The set is filtered and sorted as the corpus would be
    (`parsed`: the turn read as of the corpus); None when the turn is not such a question."""
    if _WHOLE_CORPUS.search(text):
        return None
    previous = history[-1]
    if parsed is not None and _bare_sort(parsed) and len(_offered(previous)) <= 1:
        # "and the oldest?" after "which is the newest?" of a list: the list again
        earlier = len(history) - 1
        while earlier > 0 and history[earlier].route == AnswerKind.METADATA.value:
            question = history[earlier].question
            before = parse(question) or parse(_as_superlative(question))
            if before is None or not _bare_sort(before) or _WHOLE_CORPUS.search(question):
                break  # (a sort of the whole corpus in between: "the newest paper overall?")
            earlier -= 1
            if len(_offered(history[earlier])) > 1 and earlier < len(history) - 1:
                return Query(
                    text,
                    Route.METADATA,
                    text,
                    among=_offered(history[earlier]),
                    metadata=parsed,
                    follow_up=True,
                )
    if follow is not None and follow.among:
        listed = follow.among
        if (
            (len(listed) == 1 or previous.route == AnswerKind.ANSWER)
            and _POINTED_TWO.search(text)
            and (two := _thread_two(history))
        ):
            # "which of these two is newer?" after a one-paper answer: the thread's last two papers
            listed = two
        asked = _SET_POINTER.sub(" papers ", text)
        meta = (
            parsed
            or parse(asked)
            or parse(_as_superlative(asked))
            or parse(_as_superlative(text))
            or _bare_count(text)
        )
        if meta is not None and meta.count and _BARE_COUNT.match(text) and previous.route == Route.LIST.value:
            listed = (*previous.cited, *previous.more)  # "how many of them are there?": all it found
        elif meta is not None and meta.count and not parsed and len(listed) == 1:
            # "how many of those historical models are there?" after one paper: its models, not a
            # count of a set of one paper
            return None
    elif len(_offered(previous)) > 1:
        # Unpointed, only a sort of nothing else ("the latest one?" after a list): a filter or a
        # count with words of its own ("how many papers from 2023?", "the TIGER-Lab paper") asks
        # the corpus; a count of nothing ("how many are there?") counts the list, the papers held
        # back for "more" too.
        listed = _offered(previous)
        meta = parsed or parse(_as_superlative(text)) or _bare_count(text)
        if meta is not None and meta.count and _BARE_COUNT.match(text) and previous.route == Route.LIST.value:
            listed = (*previous.cited, *previous.more)
        elif meta is not None and (
            meta.conditions or meta.count or meta.measure or meta.group or meta.organisation
        ):
            return None
    else:
        return None
    if (
        meta is None
        or meta.fact
        or meta.about
        or meta.compare
        or meta.same_day
        or meta.topic
        or not (
            meta.sort
            or meta.conditions
            or meta.count
            or meta.measure
            or meta.group
            or meta.organisation
            or meta.has_organisation
        )
    ):
        return None
    return Query(text, Route.METADATA, text, among=listed, metadata=meta, follow_up=True)


# A yes/no question of the thread's paper: "is that a solo-author paper?", "was it posted in 2025?"
_YES_NO_OF_ONE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but|also)\W+)?(?:is|was|does|did|has|had)\s+(?:it|this|that)"
    r"(?:\s+(?:paper|one|work|preprint|study))?\b(?!\s+(?:paper|one|work)s\b)",
    re.I,
)
_CHECKABLE = frozenset((Field.DATE, Field.AUTHORS, Field.UPVOTES))
# ... or of a paper it names: "was URIAL posted in 2025?", "X had about 50 authors, right?"
_CHECKED_OF_NAMED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but|also)\W+)?(?:is|was|were|does|did|has|had)\b|"
    r"[,\s](?:right|correct|true|no|isn'?t\s+it|wasn'?t\s+it|didn'?t\s+it|doesn'?t\s+it|hasn'?t\s+it|"
    r"is\s+that\s+(?:right|correct|true))\s*[?.!]*\s*$",
    re.I,
)


def _checked_of_one(text: str, parsed: MetadataQuery) -> MetadataQuery | None:
    """A yes/no question of one paper whose every condition is on a field its listing gives
    (a date, an author or upvote count): that field of it, with the conditions to check."""
    if not (_YES_NO_OF_ONE.match(text) and parsed.conditions):
        return None
    if any(condition.field not in _CHECKABLE for condition in parsed.conditions) or (
        parsed.topic or parsed.sort or parsed.count or parsed.fact or parsed.compare or parsed.same_day
    ):
        return None
    fields = tuple(dict.fromkeys(condition.field for condition in parsed.conditions))
    return MetadataQuery(
        conditions=parsed.conditions,
        fact=fields[0],
        also=fields if len(fields) > 1 else (),
        about=("it",),
        capture_year=parsed.capture_year,
    )


def _fact_of_one(
    text: str, names: Callable[[str], list[str]], pointed: bool, capture_year: int | None
) -> MetadataQuery | None:
    """A field asked of one paper that the metadata parser has no pattern for ("how many people
    wrote the URIAL paper?"), taken only when the rest of the question names a paper surely (a
    name, "the ... paper") or, in a thread, is only a pointer at one ("how many people wrote it?")."""
    cue = fact_cue(text, cased=True)
    if cue is None:
        return None
    wanted, rest = cue[0], cue[1].lower()
    # With nothing left but "it", the thread's paper is the one.
    names_one = (
        bool(names(cue[1]))
        or bool(re.search(r"\S\s+(?:paper|report|preprint|article)\b", rest))
        # a title's words in its case: "Secrets of RLHF part 1 (the PPO one) - author count?"
        or bool(_TITLE_OPENING.match(text))
        # ... or leading the question: "secrets of rlhf part I (the PPO one) - how many authors??"
        or bool(names(text))
        if rest
        else pointed
    )
    if not names_one:
        return None
    about = (without_fact_cues(rest) or rest) if rest else text
    return MetadataQuery(
        fact=wanted, also=more_facts(text, wanted), about=(about,), capture_year=capture_year
    )


_PLACE = re.compile(
    r"\b(?:in here|here|in the corpus|in this corpus|in the collection|in the list|so far)\b", re.I
)


_DESCRIBED_TERMS = 3  # content terms before "something like X" that describe the paper sought


def _similar(text: str, previous: Turn | None, names: Callable[[str], list[str]]) -> Query | None:
    """A request for the papers nearest one paper: the paper it names ("papers like URIAL", "similar
    to the alignment faking paper": resolved by the answerer), or the thread's paper it points at
    ("similar papers?", "more like the second one"). None when it points at no paper ("papers
    related to reward hacking" is a list question)."""
    match = _SIMILAR.search(text)
    if match is None:
        return None
    after, before = text[match.end() :], text[: match.start()]
    # ("anything else like that?": the pointer is the thread's paper, no clause of a description)
    after = re.sub(
        r"^\s*(?:that|this|it|these|those|them)\b(?=\s*(?:[?.!,:;\-\u2013\u2014]|$))", "", after, flags=re.I
    )
    # ("similar papers? specifically ones that …": the thread's kind, described after the asking)
    told_after = bool(re.match(r"\W*[?.!]", after)) and previous is not None and bool(previous.cited)
    thread_kind = (
        previous is not None
        and bool(previous.cited)
        and not (after.strip(" ?.!-:") and names(after))
        and not (before.strip(" ?.!-:") and names(before))
    )
    if thread_kind and previous is not None and _SIMILAR_BUT.match(after):
        # "anything similar but with pairwise similarity ratings instead of triplets?": another
        # paper than the thread's, of the kind the rest says
        return Query(text, Route.TOPICAL, text, exclude=previous.cited, follow_up=True)
    if (
        thread_kind
        and previous is not None
        and (dashed := re.match(r"\s*[-\u2013\u2014:]+\s*(\S.{7,})$", after))
    ):
        # "anything else like that - attributing misbehaviour to specific training data?"
        return Query(text, Route.LIST, dashed.group(1), exclude=previous.cited, follow_up=True)
    if _QUALIFIED.search(after) and not (told_after and _SIMILAR_DESCRIBED.match(after)):
        return None  # "anything like DPO but without a reference model?": a search, qualified
    if match.group(0).lower().startswith("something") and (
        len(content_stems(before)) >= _DESCRIBED_TERMS
        # ("the MORE paper, something like 'diverse preferences in LLM alignment' - exact title?")
        or _wants(text)
    ):
        # "alignment from negative samples only? something like distributional dispreference
        # optimization": a guess at the name of the paper the turn describes, not its neighbours
        return None
    if re.fullmatch(rf"\s*(?:the\s+)?{_ORDINAL_WORD.pattern}\s*[?.!]*\s*", after, re.I):
        after = _ORDINAL_WORD.sub(r"\1 one", after)  # "more like the third": the third one
    rest = " ".join(_POINTER_WORDS.sub(" ", _PAPER_REFERENCE.sub(" ", _ORDINAL.sub(" ", after))).split())
    named = tuple(names(after)) if after.strip(" ?.!") else ()
    if named or (rest and _ONE_PAPER.search(after)):
        return Query(text, Route.SIMILAR, rest, named[:1])
    named = tuple(names(before)) if before.strip(" ?.!-:") else ()
    if named:
        return Query(text, Route.SIMILAR, before, named[:1])
    if previous is not None and previous.cited and (described := _SIMILAR_DESCRIBED.match(after)):
        # "similar papers? like other big-picture AGI roadmap pieces", "similar papers? esp. ones
        # studying reward model ensembles": papers of that description, besides the thread's
        return Query(text, Route.LIST, described.group(1), exclude=previous.cited, follow_up=True)
    if previous is None or rest:
        return None  # "papers similar to reward hacking": a topic, not a paper
    ordinal = _ORDINAL.search(after)
    index = _ordinal_index(ordinal) if ordinal else 0
    if not -len(previous.cited) <= index < len(previous.cited):
        return None
    return Query(text, Route.SIMILAR, after, subject=(previous.cited[index],), follow_up=True)


# What sets the paper sought apart from the thread's: "… similar but with pairwise ratings"
_SIMILAR_BUT = re.compile(r"\W*but\s+(?:with|for|on|using|in|without)\b\s*.{8,}$", re.I)
# What follows "similar papers?" to say which: "like other big-picture AGI roadmap pieces"
_SIMILAR_DESCRIBED = re.compile(
    # ("similar papers? specifically ones that search over diffusion noise …")
    r"^\W*(?:like|esp\.?|especially|particularly|specifically|in\s+particular|i\.?e\.?|e\.?g\.?|such\s+as|namely|"
    r"(?:(?:other|more|any|the)\s+)?ones?\s+(?=that|which|where|with|using|about|on)|only)\W+"
    r"(?:(?:other|more|any|the)\s+)?(?:ones?\s+)?(.{8,})$",
    re.I,
)
# A paper set up as the model for the one sought: "like MaPO but for video", "analogous to QAlign",
# "a PixArt-style transformer for video?" (a style, in a question that searches).
_LIKE_BUT = re.compile(
    r"(?:\(\s*)?\b(?:like|similar\s+to|akin\s+to)\s+(?:the\s+)?([^,;:?!()]{2,40}?)\)?,?\s+(?=but\b)|"
    r"\b(?:analogous\s+to|(?:much\s+)?as\s+in)\s+(?:the\s+)?([^,;:?!()]{2,40}?)(?=\s+(?:for|to|in|on|but)\b|\s*[,;:?!)]|$)",
    re.I,
)
# A comparison's side that describes a paper ("that margin-aware one that drops the reference
# model") or gives the start of its title ("Locality Alignment"), rather than naming a thing
# inside one ("GPT-4o", "the finetuned decoders").
_DESCRIBES_PAPER = re.compile(
    r"(?i:\b(?:one|paper|work|study|approach|method|framework|report|survey)\b)|\b[A-Z][a-z]+\s+[A-Z][a-z]+\b"
)
_STYLED = re.compile(r"(?<![\w.-])([\w.-]+?)[- ](?:style|like|inspired)\b", re.I)
_SEARCHING = re.compile(
    r"^\W*(?:is\s+there|are\s+there|any|anyone|anything|does\s+anyone|has\s+anyone)\b", re.I
)


def _reference(text: str, names: Callable[[str], list[str]]) -> tuple[str, str] | None:
    """The paper a question sets up as a model for the one it seeks, and the question without it:
    ("Is there a benchmark like RAG-RewardBench but for multilingual RAG?" -> RAG-RewardBench's
    paper, "Is there a benchmark but for multilingual RAG?"). None when it names none that way:
    "a Uni-O4 style objective for offline and online RL" describes Uni-O4 itself."""
    spans = [(m.start(), m.end(), m.group(1) or m.group(2)) for m in _LIKE_BUT.finditer(text)]
    if _SEARCHING.search(text) or re.search(r"\bbut\b", text, re.I):
        spans += [(m.start(), m.end(), m.group(1)) for m in _STYLED.finditer(text)]
    for start, end, written in spans:
        found = names(written)
        if len(found) == 1:
            return found[0], " ".join(f"{text[:start]} {text[end:]}".split())
    return None


# "which RLHF algorithms did they compare?": what the papers compared, not a contrast of them.
_COMPARED_THINGS = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){1,3}?(?:did|do|does|were|are)\s+(?:they|it|the authors)\s+compar", re.I
)


def _pair(text: str, cited: tuple[str, ...], listed: tuple[str, ...]) -> tuple[str, ...]:
    """The earlier papers a comparison turn points at: ordinals, "the first two" (`_picked_several`), or
    "them" / "both" after an answer that cited exactly two; () when it points at no pair."""
    if not _CONTRAST.search(text) or _COMPARED_THINGS.search(text):
        return ()
    if len(chosen := _picked_several(text, listed)) > 1:
        return chosen  # "the first two", "the 1st and 3rd", "the top three"
    if _FIRST_TWO.search(text) and len(listed) >= 2:
        return listed[:2]  # "those two"
    if _BOTH.search(text) and len(cited) == 2:
        return cited
    if _SET_PRONOUN.search(text) and len(cited) > 2:
        # "compare them", "what do they have in common?" after a list: all of its papers.
        return cited
    return ()


def _picked_several(text: str, listed: tuple[str, ...]) -> tuple[str, ...]:
    """The papers of a set a turn picks by position: "the first two", "the top 3", "the first
    and third"; () when it picks fewer than two, or more than the set has."""
    if counted := _FIRST_N.search(text):
        word = counted.group(1).lower()
        n = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 0)
        return listed[:n] if 2 <= n <= len(listed) else ()
    indexes = [_ordinal_index(m) for m in _ORDINAL.finditer(_ORDINAL_WORD.sub(r"the \1 one", text))]
    if len(indexes) >= 2 and all(-len(listed) <= i < len(listed) for i in indexes):
        return tuple(dict.fromkeys(listed[i] for i in indexes))
    return ()


def _compared_topic(text: str, asked: str) -> str:
    """What a comparison of earlier papers quotes each on: the turn, or, when it asks nothing
    but to compare ("compare them", "how do the first two differ?"), the question that gave
    them ("papers on reward hacking"), so each side's sentence is on what the thread is about."""
    pointed = _ORDINAL_WORD.sub(" ", _FIRST_N.sub(" ", _FIRST_TWO.sub(" ", _CONTRAST.sub(" ", text))))
    if content_stems(_SET_PRONOUN.sub(" ", _BOTH.sub(" ", _ORDINAL.sub(" ", pointed)))):
        return text
    return f"{asked} {text}"


def _ordinal_index(ordinal: re.Match[str]) -> int:
    """The citation an ordinal or [n] points at, from 0 ("last": -1)."""
    if worded := ordinal.group(1) or ordinal.group(4) or ordinal.group(5):
        return _ORDINALS[worded.lower()]
    return int(ordinal.group(2) or ordinal.group(3)) - 1


def _list_topic(text: str) -> str:
    """What a list question is about, without its asking ("which other papers here use X" -> "use X")."""
    # ("who's working on reducing hallucinations?": the people asked after are the papers')
    text = _WHO_WORKS_ON.sub(" ", text, count=1)
    match = _LIST.search(text) or _KIND_LIST.search(text)
    kept = ""
    if match is not None and (between := _LIST_QUALIFIER.search(match.group(0))):
        # "any other recommendation papers that use …": "recommendation" says which papers.
        kept = " ".join(w for w in between.group(1).split() if w.lower() not in _NOT_QUALIFIERS)
    elif match is not None and (things := re.match(r"\W*are\s+there\s+(.+)$", match.group(0), re.I)):
        # "are there any other time-series papers …": the things asked for ("time-series")
        kept = " ".join(w for w in things.group(1).split() if w.lower() not in _NOT_QUALIFIERS)
    if match is not None and (kind := _KIND_NOUN.search(match.group(0))):
        kept = f"{kept} {kind.group(0)}"  # "which datasets …": datasets, not any paper
    asked = text if match is None else f"{text[: match.start()]} {kept} {text[match.end() :]}"
    if match is not None and _CONTENT.search(text[: match.start()]):
        # "sycophancy in LLMs - which papers touch it?": the topic comes first, and the verb
        # whose object points back at it only asks.
        asked = f"{text[: match.start()]} {kept} {_ASKED_OF_TOPIC.sub(' ', text[match.end() :])}"
    topic = _PLACE.sub(" ", asked)
    return topic if _CONTENT.search(topic) else text


_WHO_WORKS_ON = re.compile(
    r"^\W*(?:(?:so|ok|okay|hey)\W+)?(?:who(?:'s|\s+is|\s+are|s)?|(?:is\s+)?(?:anyone|anybody|someone)|any\s+(?:groups?|labs?|people))"
    r"\s+(?:working|doing\s+(?:work|research)|researching|looking|focusing)\s+(?:on|at|into)\s+",
    re.I,
)
_ASKED_OF_TOPIC = re.compile(
    r"^\s*(?:\w+\s+){0,2}?[a-z]+\s+(?:on\s+|about\s+)?(?:it|this|that|them)\s*[?.!]*\s*$", re.I
)


_KIND_NOUN = re.compile(r"\b(?:datasets|benchmarks|surveys|frameworks|techniques|algorithms)\b", re.I)
# "which datasets in here were built by crowdsourcing?": a list of papers of that kind (read
# after the thread's references: "which datasets did they use?" asks of a paper).
_KIND_LIST = re.compile(r"\b(?:which|what|any|list|all|some)\s+(?:\w+\s+){0,2}?" + _KIND_NOUN.pattern, re.I)
# The words between a list question's quantifier and its noun ("any recommendation papers").
_LIST_QUALIFIER = re.compile(
    r"(?:which|what|any|list|all|other|some|more|is\s+there|are\s+there)\s+((?:[\w/&+-]+\s+){1,2}?)\w+$", re.I
)
_NOT_QUALIFIERS = frozenset(
    "other others else more of the these those here there recent new such similar related relevant good "
    "great key main some any all".split()
)


# "Compare" with papers as its subject is what they do, not a request to compare them.
_COMPARING_PAPERS = re.compile(r"\b(?:papers?|works?|studies|ones|which|that|who)\s*$", re.I)
# Papers asked for, more than one: what a comparison's words are about is their topic
_SEVERAL_ASKED = re.compile(
    r"\b(?:which|what|any|list(?:\s+the)?|all(?:\s+the)?)\s+(?:papers|works|studies)\b", re.I
)


# "which is better, DPO or PPO?", "DPO or PPO: which works better?", "should I use DPO or PPO?":
# the two side by side (the corpus says what each does, not which wins).
_WHICH_BETTER = re.compile(
    r"^\W*(?:(?:which|what)(?:\s+one)?\s+(?:is|works|performs|would\s+be)\s+(?:better|best|preferable|superior|"
    r"more\s+effective)(?:\s+(?:for|at|in)\s+[^,?:]{1,30}?)?\s*[,:-]?\s+|(?:should|would|do)\s+(?:i|we|you)\s+(?:use|pick|choose|go\s+with)\s+)"
    r"(?P<a>[^,?]{1,40}?)\s+or\s+(?P<b>[^,?]{1,40}?)\s*\??\s*$|"
    r"^\W*(?P<c>[^,?:]{1,40}?)\s+or\s+(?P<d>[^,?:]{1,40}?)\s*[,:?-]+\s*(?:which|what)(?:\s+one)?\s+"
    r"(?:is|works|performs)\s+(?:better|best|preferable|superior|more\s+effective)\W*$|"
    # "is DPO better than PPO?", "is MaPO really superior to Diffusion-DPO for SDXL?"
    r"^\W*(?:is|are)\s+(?P<e>[^,?:]{1,40}?)\s+(?:really\s+|actually\s+)?(?:better|worse|preferable|superior|"
    r"more\s+effective)\s+(?:than|to)\s+(?P<f>[^,?:]{1,40}?)(?:\s+(?:for|at|in|on)\s+[^,?:]{1,30}?)?\s*\??\s*$",
    re.I,
)


_MOST_SIDES = 4  # a comparison of more things than this is a list
# Two things and the word that puts them side by side, nothing else asked: "DPO vs. PPO?".
_BARE_VERSUS = re.compile(
    r"\W*[\w./+-]+(?:\s+[\w./+-]+)?\s+(?:vs\.?|versus)\s+[\w./+-]+(?:\s+[\w./+-]+)?\W*", re.I
)


# "How do LiPO and PRO differ?", "how does MaPO and Diffusion-DPO compare in memory?", "what
# distinguishes CREAM from Selfie?": the two side by side, as "compare" asks.
_BOTH_DIFFER = re.compile(
    r"^\W*(?:(?:so|and|ok(?:ay)?)\s*,?\s+)?how\s+(?:do|does|did|would|could)\s+(?P<a>[^,?;:]{1,60}?)\s+(?:and|&)\s+"
    r"(?P<b>[^,?;:]{1,60}?)\s+(?:differ|compare|contrast)\b|"
    r"^\W*what\s+(?:distinguishes|separates|sets)\s+(?P<c>[^,?;:]{1,60}?)\s+(?:apart\s+)?from\s+(?P<d>[^,?;:]{1,60}?)\s*[?.!]*\s*$",
    re.I,
)


def _sides(text: str) -> tuple[str, ...]:
    if both := _BOTH_DIFFER.match(text):
        return _short(
            tuple(side.strip(" ?.!,") for side in both.group("a", "b") if side) or both.group("c", "d")
        )
    if better := _WHICH_BETTER.match(text):
        pair = next(
            pair
            for pair in (better.group("a", "b"), better.group("c", "d"), better.group("e", "f"))
            if pair[0]
        )
        return _short(tuple(side.strip(" ?.!,") for side in pair))
    match = _COMPARE.search(text)
    if not match:
        return ()
    before, after = text[: match.start()], text[match.end() :]
    if match.group(0).lower() == "compare" and _COMPARING_PAPERS.search(before):
        return ()  # "which papers compare human and model judgments?": papers that do, a list
    if _SEVERAL_ASKED.search(text):
        return ()  # "theory on best-of-N vs KL-regularized RL - which papers?": papers on it, a list
    if re.match(r"\s*between\b", after, re.I) or match.group(0).lower() in ("difference between", "compare"):
        # "compare X and Y", "the difference between X and Y" ("compared with" is the other form).
        after = re.sub(r"^\s*between\s+", "", after, flags=re.I)
        parts = re.split(r",?\s+(?:and|with|to|vs\.?|versus)\s+", after, maxsplit=1, flags=re.I)
        if len(parts) == 2:
            # "compare MaPO, Diffusion-DPO and InstructEngine": each of a few, side by side
            firsts = [part for part in parts[0].split(",") if part.strip()][: _MOST_SIDES - 1]
            return _short(tuple(p.strip(" ?.!,") for p in (*firsts, parts[1])))
        return ()
    before = re.sub(r"^\s*(?:how|what|in what way|why)\s+(?:is|does|do|are|'s)?\s*", "", before, flags=re.I)
    before = re.sub(r"\s+(?:is|does|do|are)\s*$", "", before, flags=re.I)
    # "DeAL vs GenARM - how do they differ?": the asking after a dash is not part of a side.
    after = re.split(r"\s+[-\u2013\u2014:]\s+|[?;]", after, maxsplit=1)[0]
    return _short((before.strip(" ?.!,-"), after.strip(" ?.!,-")))


def _short(sides: tuple[str, ...]) -> tuple[str, ...]:
    """The sides, when each is something a comparison can point at (see _SIDE_TERMS), and none
    crosses a bracket: "(say, detail versus brevity)" is an aside, not what is asked."""
    return (
        sides
        if all(
            1 <= len(content_stems(side)) <= _SIDE_TERMS and side.count("(") == side.count(")")
            for side in sides
        )
        else ()
    )


def _follow_up(
    text: str,
    history: Sequence[Turn],
    previous: Turn,
    named: tuple[str, ...],
    parse: Callable[[str], MetadataQuery | None] = parse_metadata,
) -> Query | None:
    """A turn that leans on the previous answer, or None when it stands alone. Evidence: an
    ordinal or [n], a reference to the earlier set or paper, or an elliptical "and X?".
    `parse` reads metadata with the corpus's organisations and present (its capture year)."""
    cited = previous.cited
    if previous.more and _MORE.match(text):
        # "more": the papers the last list held back, under the same question.
        return Query(text, Route.LIST, previous.question, subject=previous.more, follow_up=True)
    if previous.route == Route.LIST.value and _MORE_ONLY.match(text):
        # "more" after a list that showed every paper that qualified
        return Query(text, Route.LIST, previous.question, exclude=cited, follow_up=True, exhausted=True)
    if _praise_only(text) and (frame := _frame(history)):
        # "what are the key papers?" after "I'm interested in robot learning": praise names no
        # topic, so the papers are the thread's topic's
        return Query(text, Route.LIST, frame, follow_up=True)
    if (wanted := _wants(text)) and _BOTH_OF_TWO.search(text) and (two := _last_pair(history)):
        # "bibtex for both" after a list of two and a turn that picked one of them: both
        return Query(text, Route.LOOKUP, text, subject=two, wants=wanted, follow_up=True, each=True)
    if (
        (wanted := _wants(text))
        and len(cited) > 1
        and (_EVERY_ONE.search(text) or _SOURCES.match(text))
        and not (_ORDINAL.search(text) or _ORDINAL_WORD.search(text))
    ):
        # "bibtex for all of them", "links for those", "sources?" after an answer that cited
        # several papers: a card for each
        return Query(text, Route.LOOKUP, text, subject=cited, wants=wanted, follow_up=True, each=True)
    if (
        (wanted_now := _wants(text))
        and not content_stems(_asked_of_lookup(text, wanted_now))
        and not _PAPER_REFERENCE.search(text)
        and not _SET_FILTER.search(text)  # "which of those release code?": the set, narrowed
        # ("the other one, full title?" after a pick from a set: the set's other paper)
        and not (_THE_OTHER.search(text) and any(len(_offered(turn)) > 1 for turn in history[-3:]))
        and (thread := _thread_papers(history))
    ):
        # "bibtex pls", "link?": a bare request names nothing, so it is for the thread's paper.
        return _about(text, thread[:1])
    # "which of those", "the one that ...": the latest answer that offered several papers.
    offering = next((turn for turn in reversed(history[-3:]) if len(_offered(turn)) > 1), previous)
    if (counted_set := _THOSE_N.search(text)) is not None:
        # "which of those five december papers has the most authors?": the set of five, however
        # many turns back
        word = counted_set.group(1).lower()
        size = int(word) if word.isdigit() else _COUNT_WORDS.get(word, 0)
        if size > 2 and len(_offered(offering)) != size:  # ("these two": the pair, below)
            offering = next((turn for turn in reversed(history) if len(_offered(turn)) == size), offering)
    listed = _offered(offering)
    if len(listed) <= 1 and _EITHER_ONE.search(text) and (two := _thread_two(history)):
        # "does either of them use conformal prediction?" after answers about one paper each:
        # the thread's last two papers are the set
        listed = two
    pair = _pair(text, cited, listed)
    firsts = tuple(dict.fromkeys(turn.cited[0] for turn in history if turn.cited))
    if not pair and len(listed) <= 1 and len(firsts) > 1:
        # "compare the first two" after answers about one paper each: the thread's papers in the
        # order its answers gave them ("compare them": the last two)
        pair = _pair(text, firsts[-2:], firsts)
    if pair:
        # "compare the first two", "how do the 1st and 3rd differ?": a comparison of those papers.
        topic = _compared_topic(text, offering.question)
        return Query(text, Route.COMPARE, topic, subject=pair, follow_up=True)
    if len(chosen := _picked_several(text, listed)) > 1:
        if wanted := _wants(text):
            # "bibtex for the first two", "links for the 1st and 3rd": a card for each
            return Query(text, Route.LOOKUP, text, subject=chosen, wants=wanted, follow_up=True, each=True)
        if _GIST.search(text):
            # "summarize the first three": each of them, side by side
            return Query(text, Route.COMPARE, text, subject=chosen, follow_up=True)
        if fact_cue(text) is not None:
            # "the 1st and 3rd, when were they posted?": that fact of each (read with the set)
            return Query(text, Route.TOPICAL, text, among=chosen, follow_up=True)
    if _EACH_OF_SET.search(text) and len(cited) > 1 and not _ONE_OF_SET.search(text):
        # "what did each of them evaluate on?": the same question of every paper the last
        # answer gave, side by side as a comparison lays them out.
        return Query(text, Route.COMPARE, text, subject=cited, follow_up=True)
    ordinal = _ORDINAL.search(text) or _ORDINAL_WORD.search(text)
    if ordinal and cited and _COMPARE.search(text) and _THE_THREADS_ONE.search(text):
        # "compare it with the first" after an answer about the list's second paper: that paper
        # and the one the ordinal picks from the list.
        index = _ordinal_index(ordinal)
        if -len(listed) <= index < len(listed) and listed[index] != cited[0]:
            return Query(text, Route.COMPARE, text, subject=(cited[0], listed[index]), follow_up=True)
    ordinal = _ORDINAL.search(text)
    if ordinal and _RETURNING.search(text) and (opening := next((t for t in history if t.cited), None)):
        # "back to the first one, how many finetuned models did they test" after a turn on another
        # topic: of the set the thread opened with, or of its papers in the order answers gave them
        papers = _offered(opening) if len(_offered(opening)) > 1 else firsts
        if -len(papers) <= (index := _ordinal_index(ordinal)) < len(papers):
            return _about(text, (papers[index],))
    if ordinal:
        index = _ordinal_index(ordinal)
        # "the second one" after a one-paper answer: the second of the set offered before it.
        # ("and the first?" alone picks from a set of several: after one paper it may be a sort)
        # "bibtex for the first one" after an answer about one paper picked from a set: the set's
        # first ("[1]" is that answer's own citation).
        worded = ordinal.group(2) is None and ordinal.group(3) is None
        # (an answer about one paper that cited a close one beside it, in a thread that listed
        # nothing, offered no set: "bibtex for the first one" is the thread's first paper)
        one_each = offering.route == AnswerKind.ANSWER.value and not any(
            turn.route == AnswerKind.LIST.value for turn in history
        )
        if (
            worded
            and (len(listed) <= 1 or one_each)
            and len(firsts) > 1
            and -len(firsts) <= index < len(firsts)
        ):
            # "link for the first one" after answers about one paper each: the thread's papers in
            # the order its answers gave them (the last answer's one paper is "it")
            return _about(text, (firsts[index],))
        for papers in (cited, listed):
            if worded and len(papers) == 1 and len(listed) > 1:
                continue
            if -len(papers) <= index < len(papers) and (
                len(papers) > 1 or not (ordinal.group(4) or ordinal.group(5))
            ):
                return _about(text, (papers[index],))
        # "summarize the third one" after "which of those use a benchmark?" narrowed a list to
        # two: the third of the latest set that had a third
        earlier = next(
            (papers for turn in reversed(history[-4:]) if len(papers := _offered(turn)) > index >= 0), ()
        )
        if len(listed) > 1 and earlier:
            return _about(text, (earlier[index],))
        if len(listed) <= 1 and len(firsts) > 1 and -len(firsts) <= index < len(firsts):
            return _about(text, (firsts[index],))  # "that second one" (and [2]) likewise
    if (other_one := _THE_OTHER.search(text)) and len(listed) > 1:
        # "and the other one - which model did they red-team?": the set minus what was just picked.
        rest = tuple(paper for paper in listed if paper not in cited)
        asked = _THE_OTHER.sub(" ", text)
        if len(rest) == 1 or (
            rest and (wanted := _wants(text)) and not content_stems(_asked_of_lookup(asked, wanted))
        ):
            # (of several, "bibtex for the other one" is the list's best-ranked paper not picked)
            return _about(asked, rest[:1])
        if rest and not _DESCRIBED_AFTER.match(text, other_one.end()):
            # "and what base model did the other one use?" after one paper picked from a set of
            # four: the set's next, unless what is asked fits another of it better ("how much did
            # watch-time increase?": the one that reports watch-time); "the other one that uses
            # RL" is picked by what it does (below)
            pointed = _about(asked, rest[:1])
            return dataclasses.replace(pointed, subject=(), among=rest, pronoun=True, other=True)
        if rest:
            return Query(text, Route.TOPICAL, _THE_OTHER.sub(" ", text), among=rest, follow_up=True)
    if len(listed) > 1 and (dropped := _SET_DROP.match(text) or _SET_NOT.search(text)):
        # "drop the conversational ones", "which of those aren't surveys?": the set without the
        # papers that hold it
        return Query(
            text,
            Route.LIST,
            "",
            among=listed,
            follow_up=True,
            without=dropped.group("left").strip(),
            without_mentioned=True,
        )
    if (
        _SET_FILTER.search(text)
        and listed
        and not _ONE_OF_SET.search(text)
        and not (len(listed) == 1 and re.search(r"\bhow\s+many\b", text, re.I))
        # ("which ones sit at 5 upvotes?" after an answer about one paper: ones of the corpus, by
        # a field; "which ones exactly?" asks the items the paper counted)
        and not (len(listed) == 1 and _WHICH_ONES.match(text) and parse(text) is not None)
    ):
        # "which of those use RL?", "only the ones with a benchmark": the set, narrowed. (After
        # one paper, "how many of them were traitors?" counts things of that paper.)
        return Query(text, Route.LIST, _set_condition(text) or text, among=listed, follow_up=True)
    if _SET_REFERENCE.search(text) and (len(listed) > 1 or _OF_THE_SET.search(text)):
        # "which of those is the Bayesian one?": the set decides, whatever a word might name,
        # ranked by what picks it ("which one actually generates the music": "generates the
        # music"), not by the words that point at the set.
        picked = " ".join(_SET_REFERENCE.sub(" ", text).split()) or text
        return Query(text, Route.TOPICAL, picked, among=listed, follow_up=True, frame=_set_frame(offering))
    if named:
        return None  # the question names its own paper
    if (
        _BACK_TO_PAPER.search(text)
        and not _ONE_BY_WORD.search(text)
        and len(thread := _thread_papers(history)) > 1
    ):
        # "back to the company report: what were the three stages again?": one of the papers
        # the thread gave, picked by the words
        wants = _wants(text)
        route = Route.LOOKUP if wants else Route.TOPICAL
        return Query(text, route, text, among=thread, wants=wants, follow_up=True)
    if (
        _ONE_BY_WORD.search(text)
        and previous.route == AnswerKind.REFUSAL.value
        and len(previous.related) > 1
        and len(listed) <= 1
    ):
        # "the search agent one - what are its three main ideas?" after a refusal that named the
        # nearest papers: one of those, picked by the words
        wants = _wants(text)
        route = Route.LOOKUP if wants else Route.TOPICAL
        return Query(text, route, text, among=previous.related, wants=wants, follow_up=True)
    if _ONE_BY_WORD.search(text) and len(listed) > 1:
        # "bibtex for the easy-to-hard one": a lookup of the set's paper the words pick ("back
        # to the honesty one" picks from every paper the thread gave, the set's first)
        wants = _wants(text)
        route = Route.LOOKUP if wants else Route.TOPICAL
        among = tuple(dict.fromkeys(listed + _thread_papers(history))) if _RETURNING.search(text) else listed
        return Query(text, route, text, among=among, wants=wants, follow_up=True, frame=_set_frame(offering))
    if (
        (by_word := _ONE_BY_WORD.search(text))
        and len(set(thread := _thread_papers(history))) == 1
        and not _DESCRIBED_AFTER.match(text, by_word.end())
        # ("and the Minecraft planning one?" after one paper: another one, by what it does)
        and not re.fullmatch(r"\W*(?:and|what\s+about|how\s+about)\s+", text[: by_word.start()], re.I)
        # ... as is a turn that says nothing else ("related: the social deduction game one")
        and not (
            re.fullmatch(
                r"\W*(?:(?:also|ok|okay|so|then|now|related|similarly)\W+)?", text[: by_word.start()], re.I
            )
            and re.fullmatch(r"\W*", text[by_word.end() :])
        )
    ):
        # "the bibtex for the robot one" after the robot paper and a question the corpus did
        # not answer: the one paper the thread has given ("and the Kuaishou one that recommends
        # end to end …?" describes another: below), if the words pick it; else a paper of the
        # wider ranking of the question that gave it ("the kuaishou one - how much did watch time
        # go up" after a list that showed one recommender, not Kuaishou's)
        if parse(text) is not None:
            # ("what's the oldest one from 2023 then?": a field picks, of the corpus)
            return _about(_ONE_BY_WORD.sub(" ", text).strip() or text, thread[:1])
        wants = _wants(text)
        route = Route.LOOKUP if wants else Route.TOPICAL
        return Query(
            text, route, text, among=thread[:1], wants=wants, follow_up=True, frame=_set_frame(offering)
        )
    if by_word and _DESCRIBED_AFTER.match(text, by_word.end()):
        return None  # a paper described: the turn stands alone
    if _ONE_BY_WORD.search(text) and len(thread) > 1:
        # "bibtex for that phone one" after answers about one paper each: the thread's papers
        # are the set the words pick from.
        wants = _wants(text)
        route = Route.LOOKUP if wants else Route.TOPICAL
        return Query(text, route, text, among=thread, wants=wants, follow_up=True, frame=previous.question)
    if (
        (re.search(r"\b(?:other|another|else|besides)\b", text, re.I) and _LIST.search(text))
        or _WHAT_ELSE.search(text)
        # (not "which other surveys in the collection are dated 2025?": a filter of the listings)
        or (_OTHER_KIND.match(text) and parse(text) is None)
    ):
        if (
            (filtered := parse(text)) is not None
            and filtered.conditions
            and not filtered.topic
            # ("and which other papers from this year use GRPO for training?": a topic, dated)
            and not {s for s in content_stems(_list_topic(text)) if not s.isdigit()} - _LISTING_STEMS
        ):
            # "any other single-author papers?", "which other papers were posted in March 2024?":
            # the listing's papers besides the thread's
            return Query(text, Route.METADATA, text, metadata=filtered, exclude=cited, follow_up=True)
        # "what else in the collection deals with video generation?": more papers, not this one
        return Query(text, Route.LIST, _list_topic(text), exclude=cited, follow_up=True)
    if (
        _ELLIPSIS.search(text)
        and len(cited) == 1
        and previous.route == Route.METADATA.value
        and fact_cue(text)
    ):
        # "how many upvotes did it get?", then "and how many authors?": the same paper's field.
        return _about(text, cited)
    if (
        len(cited) == 1
        and previous.route in (AnswerKind.ANSWER.value, AnswerKind.LOOKUP.value)
        and counts_only(text)
    ):
        # "how many languages and how many messages?" after an answer about one paper: its counts
        return _about(text, cited)
    if (
        _ELLIPSIS.search(text)
        and len(cited) == 1
        and previous.route == AnswerKind.ANSWER.value
        and _PAPER_REFERENCE.search(previous.question)
        and not _PAPER_REFERENCE.search(text)
        and not _LIST.search(text)
        and _NAME_SHAPED.search(other := _ELLIPSIS.sub(" ", text))
        and len(other.split()) <= _NAME_WORDS
    ):
        # "did they test Claude?", then "what about GPT-4?": the same paper, asked of another
        # name ("what about video generation?" is a topic of its own)
        return _about(other, cited)
    counted = _COUNT_FRAME.match(previous.question)
    thing = " ".join(_ELLIPSIS.sub(" ", text).split()).strip(" ?.!,")
    thing = re.sub(r"^(?:the|its|their)\s+", "", thing, flags=re.I)
    if (
        counted
        and _ELLIPSIS.match(text)
        and (asked_of := previous.cited[:1] or previous.related[:1])
        and 0 < len(thing.split()) <= 2
        and not name_shaped(thing.split()[0])
        # ("and for video?" swaps the topic of the thread's question before it; "and the
        # dialogue-act one" points at a paper)
        and not re.match(r"(?:for|in|on|about|with|to|from|of|at|by|under|over)\b", thing, re.I)
        and not re.search(r"\b(?:one|ones|paper|papers|work|study|method|approach)$", thing, re.I)
        and not fact_cue(thing)
    ):
        # "and languages?" after "how many volunteers?" of a paper: the same count of the other
        # thing, of that paper (refused or not)
        return _about(f"{counted.group(1)} {thing}{counted.group(2) or ''}?", asked_of)
    if (
        _ELLIPSIS.search(text)
        and not _PAPER_REFERENCE.search(text)
        # ("ok and which paper is about video-text alignment?": a question of its own)
        and not _ASKS_FOR_PAPERS.match(_ELLIPSIS.sub(" ", text))
        # ("ok and author counts?": a field alone, of the papers just given)
        and not ((cue := fact_cue(_ELLIPSIS.sub(" ", text))) is not None and not cue[1])
    ):
        # "and for video?": the last question again with the new topic; "and once they trained
        # it with RL?" asks more of the thread's paper (below).
        topic = _in_frame(_ELLIPSIS.sub(" ", text), history)
        route = Route(previous.route) if previous.route in Route._value2member_map_ else Route.TOPICAL
        if route in (Route.METADATA, Route.LOOKUP, Route.COMPARE):
            route = Route.TOPICAL
        # ... of other papers than the last answer's, when the turn swaps the frame's topic for
        # its own ("and for video?"): what answered the old topic is not what the new one asks
        # for (in the fitting sets' threads, 19 of 19 such turns); "and what's the framework
        # called?" asks more of the same paper
        own = " ".join(_ELLIPSIS.sub(" ", text).split()).strip(" ?.!,")
        swapped = " ".join(topic.split()).strip(" ?.!,") != own and not ASKS.match(own)
        # ... but after a question of one paper's detail ("how much did unsafe responses drop on
        # WildJailbreak?"), "and overrefusals on OR-Bench?" may be asked of the same paper
        detail = (
            len(cited) == 1
            # (longer, it describes a paper of its own; "and for video?" swaps the frame's topic)
            and len(own.split()) <= _NAME_WORDS
            and not _ONE_WORK.search(own)
            and not _FRAME_PREPOSITION.match(own)
            and not ASKS.match(own)  # ("and which benchmarks?": the frame's question, above)
            and previous.route == AnswerKind.ANSWER.value
            and (
                bool(_PAPER_REFERENCE.search(previous.question))
                or (len(history) > 1 and history[-2].cited[:1] == cited)  # (the thread stayed on it)
            )
        )
        if detail:
            # (its own words searched, the paper not left out: "and overrefusals on OR-Bench?"
            # finds the thread's paper, "what about video generation?" the video papers)
            return Query(text, route, own, follow_up=True)
        return Query(text, route, topic, exclude=cited if swapped else (), follow_up=True)
    if (another := _ANOTHER_THAT.search(text)) and not _PAPER_REFERENCE.search(text[: another.start()]):
        # "any other recommender here that says it's deployed?": "it" is the paper sought, one
        # other than those the thread has given.
        sought = f"{another.group(2)} {text[another.end() :]}"  # what is sought, without the asking
        asked = " ".join(_PAPER_REFERENCE.sub(" ", sought).split())
        route = Route.TOPICAL if another.group(1).lower() == "another" else Route.LIST
        return Query(text, route, asked, exclude=cited, follow_up=True)
    if (
        (sought_that := _SOUGHT_THAT.search(text))
        and not _PAPER_REFERENCE.search(text[: sought_that.start()])
        # ("anything that says how they trained it?" asks of the thread's paper)
        and not re.search(
            r"\b(?:it|its|it's|this\s+paper|that\s+paper|the\s+paper)\b", text[sought_that.end() :], re.I
        )
        and len(content_stems(text[sought_that.end() :])) >= _DESCRIBED_TERMS
        and not _LIST.search(text)  # ("is there any work at all that pairs music with video?": papers)
    ):
        # "ok and for t2i, anything that throws away bad noise seeds before they're fully
        # denoised?", "is there one reward model that covers both understanding and generation?":
        # a paper described, other than the thread's ("they" are the seeds)
        asked = " ".join(_PAPER_REFERENCE.sub(" ", text).split())
        return Query(text, Route.TOPICAL, asked, exclude=cited, follow_up=True)
    if _LATER_WORK.search(text) and _PAPER_REFERENCE.search(text):
        # "is there a follow-up in here that extends it to VLMs?": another paper than "it".
        asked = " ".join(_PAPER_REFERENCE.sub(" ", text).split())
        return Query(text, Route.TOPICAL, asked, exclude=cited, follow_up=True)
    if (
        len(cited) == 1
        and previous.route in (AnswerKind.ANSWER.value, AnswerKind.LOOKUP.value)
        and not named
        and (sides := _sides(text))
        and any(_MEASURE_SIDE.fullmatch(side.strip(" ?.!")) for side in sides)
    ):
        # "inference cost vs FLUX-dev?", "success rate compared to plain GPT-4o?" after an answer
        # about one paper: that paper's measure against the other thing, not two papers
        return _about(text, cited)
    if (
        len(cited) == 1
        and previous.route in (AnswerKind.ANSWER.value, AnswerKind.LOOKUP.value)
        and _SO_CLAIM.match(text)
        and not named
    ):
        # "so no fine-tuning needed at all?" after an answer about one paper: what the asker
        # draws from that paper, checked against it
        return _about(text, cited)
    if len(cited) == 1 and _DEFINITE_CONCEPT.match(text):
        # "what's the reward?" after an answer about one paper: that paper's reward, not the
        # concept across the corpus ("what is RLHF?" has no article and stays a concept).
        return _about(text, cited)
    if (
        len(cited) == 1
        and previous.route in (AnswerKind.ANSWER.value, AnswerKind.LOOKUP.value)
        and not named
        and bare_attribute(text)
        and not _LIST.search(text)
    ):
        # "license?", "benchmark used?", "which base model?" after an answer about one paper
        return _about(text, cited)
    if _SIMILAR_FOR.match(text):
        # "anything similar for guessing a phone user's intent from their on-screen activity?":
        # a paper sought by what follows, as the turn stands ("their" is the users')
        return None
    if (
        _THE_ONE_THAT.match(text)
        or _THE_THING_THAT.match(text)
        or _THE_THING_LED.match(text)
        or _THE_KIND_ONE_THAT.match(text)
    ) and offering.route != Route.LIST.value:
        # "And the one where an LLM interviews people about their values …?", "and the paper that
        # aligned a base model from scratch …?" after answers about one paper each: another paper,
        # recalled by what it does (after a list it is one of the list: above)
        return None
    if (described := _A_PAPER_THAT.search(text)) and not _PAPER_REFERENCE.search(text, 0, described.start()):
        # "and what about a paper that traces unsafe completions back to the documents behind
        # them?": a paper described, whose own pronouns point inside the description
        return None
    if _PAPER_REFERENCE.search(text) and (
        not _LIST.search(text)
        or ((asking := _ASKED_OF.search(text)) and _PAPER_REFERENCE.match(text, asking.end()))
    ):
        if previous.route == Route.LIST.value and len(cited) > 1:
            about = _about(text, cited[:1])
            return dataclasses.replace(about, subject=(), among=cited, pronoun=True)
        return _about(text, cited[:1])
    return None


# "which preference optimization methods did that one apply its fix to?", "which datasets did
# LiPO use?": things of the paper the words after the verb point at or name, not a list of papers
# (asked without the auxiliary too: "which open-source framework they use for the case studies?").
_ASKED_OF = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:(?:did|do|does|were|was|are|is|has|have)\s+|(?=(?:they|it)\s+[a-z]))",
    re.I,
)
# "which other recommendation systems here are built on language models?", "what other options steer
# a frozen LLM …": other papers, whatever the plural names (not "which other baselines did they
# use?": the thread paper's)
_OTHER_KIND = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:which|what)\s+other\s+(?!(?:paper|work|one|study|method|approach)\b)"
    r"(?:[\w-]+\s+){0,2}?(?!(?:has|does|was|is)\b)[\w-]*[^s\W]s\b"
    r"(?!.*\b(?:they|them|it|its|their)\b)",
    re.I,
)
# "what else here covers X?" asks for other papers; "what else did they find?" more of this one.
_WHAT_ELSE = re.compile(
    # ("other stuff from GAIR-NLP in here?", "anything else from that group?")
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:any\s+)?other\s+(?:stuff|things|material|articles|preprints|publications)\b|"
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:is\s+there\s+)?anything\s+else\s+(?:from|by|on|about|in|here)\b|"
    r"^\W*(?:(?:and|so|ok|okay)\W+)?what\s+else\b(?!\s+(?:did|does|do|is|was|were|are|can|could|should|would|"
    r"has|have)\s+(?:it|its|they|their|the\s+(?:paper|authors?|method|model|study)|this|that|he|she|we|you|i)\b)",
    re.I,
)
# "another X that ...", "any other Xs here which ...": a paper sought besides the thread's, whose
# own pronouns ("that says it's deployed") point at the paper sought.
# A thing sought by what it does: "anything that …", "is there one reward model that …"
_SOUGHT_THAT = re.compile(
    r"(?:^|[,;:?.!]\s*|\b(?:and|ok|okay|so|also)\s+)(?:anything\s+|something\s+|"
    r"(?:is|are)\s+there\s+(?:also\s+)?(?:an?|one|any)\s+(?:[\w-]+\s+){0,3}?)(?:that|which|where)\b",
    re.I,
)
_ANOTHER_THAT = re.compile(
    r"\b(another|others?)\s+((?:[\w-]+\s+){0,3}?)(?:(?:here|in here|in the corpus|in this corpus)\s+)?"
    # ("is there any other paper on inferring an agent's goal …?")
    r"(?:that|which|who|where|(?<=paper\s)(?:on|about)|(?<=papers\s)(?:on|about))\b",
    re.I,
)
# A word that opens a turn and asks nothing: "wait which year", "hmm, source?", "btw - license?"
_INTERJECTION = re.compile(
    r"^\W*(?:(?:wait|hmm+|oh|ah|uh|um+|btw|sorry|quick\s+q(?:uestion)?|one\s+more(?:\s+thing)?)\b|"
    # praise or thanks before the request: "great, give me the bibtex", "thanks! and the link?"
    r"(?:great|perfect|cool|nice|awesome|thanks|thank\s+you|thx|ty)\s*[,.!]+)[\s,.:;!\u2013\u2014-]*(?=\S)",
    re.I,
)
# A turn that is only a thing asked of a paper: "license?", "benchmark used?", "which base model?",
# "what benchmarks" (after an answer about one paper: that paper's)
_BARE_ATTRIBUTE = re.compile(
    # ("what is RLHF?" asks what a concept is: the copula only before "the", "their", "its")
    # ("at what venue?", "on which benchmark?": the preposition goes with the thing asked)
    r"\W*(?:(?i:at|in|on|from|with|by|against|under)\s+(?=(?i:what|which)\s))?"
    r"(?:(?i:what|which|whats|what's)\s+(?:(?i:is|are|was|were)\s+(?=(?i:the|their|its)\s))?)?"
    r"(?:(?i:the|their|its)\s+)?(?!(?i:is|are|was|were|does|do|did|has|have)\b)"
    # ("name of the fix?", "the name of their method?": what it is called)
    r"(?:(?i:names?)\s+of\s+(?:(?i:the|their|its)\s+)?)?"
    # (words in lowercase: "RLHF?" names a thing of its own; "RewardBench score?" and "GSM8K
    # accuracy of the internal evaluator?" are a measure of it, a name before the words)
    r"((?:[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*\s+(?=[a-z]))?[A-Za-z][a-z-]*(?:\s+[a-z][a-z-]*)?"
    r"(?:\s+of\s+(?:the|their|its)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)?)"
    r"(?:\s+(?:used|again|then|pls|please|exactly|reported|released))?"
    r"\s*[?.!]*\s*",
)
# Where a turn of several things asked breaks ("how many tasks and which skill areas?"), and the
# count asked of one of them
_ATTRIBUTE_BREAK = re.compile(r"\s*(?:,|&|\band\b)\s*", re.I)
_ASKING_PART = re.compile(r"\W*(?:how\s+many|what|which)\s+(?=\S)", re.I)
# "a paper that …", "any work which …": a paper sought by a description of its own
_A_PAPER_THAT = re.compile(
    r"\b(?:a|any|some)\s+(?:paper|work|study|preprint|article)\s+(?:(?:here|in here|in the corpus)\s+)?"
    r"(?:that|which|where|who|showing|proposing|doing|"
    # ("any paper on predicting what a user wants from their phone screen?": "their" is the user's)
    r"(?:on|about)\s+(?!(?:it|its|this|that|them|they|their|these|those|the\s+same)\b))\b",
    re.I,
)
# "anything similar for X?", "something like that for video?": the thread's kind of paper, for X
_SIMILAR_FOR = re.compile(
    # ("is there a survey like that for aligning multimodal LLMs?": a paper of that kind)
    r"^\W*(?:(?:and|ok|okay|so|also)\W+)?(?:is\s+there\s+|do\s+we\s+have\s+|got\s+)?"
    r"(?:anything|some?thing|any|an?\s+(?!paper\b|one\b|work\b)[a-z-]+)\s+"
    r"(?:similar|like\s+(?:that|this|it))\s+(?:but\s+)?(?:for|in|on|with|about)\s",
    re.I,
)
# ... with no kind of its own ("anything similar but for video?"): the thread's paper is the kind
_ANYTHING_SIMILAR = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|also)\W+)?(?:is\s+there\s+|do\s+we\s+have\s+|got\s+)?(?:anything|some?thing|any)\s",
    re.I,
)
_LIKENED_TERMS = 1  # content terms of what it is carried over to ("video"; "image editing" finds its own)


def likened_for(text: str) -> str:
    """What "anything similar but for video?" carries the thread's paper over to ("video"), when
    it is one word and the turn names no kind of paper of its own; "" otherwise ("anything
    similar for guessing a phone user's intent from their on-screen activity?" describes one)."""
    said = " ".join(text.split())
    if not ((similar := _SIMILAR_FOR.match(said)) and _ANYTHING_SIMILAR.match(said)):
        return ""
    rest = said[similar.end() :].strip(" ?.!")
    return rest if 1 <= len(content_stems(rest)) <= _LIKENED_TERMS else ""


# A turn that opens on a paper described: "and the one where …", "also the paper that …",
# "the one training process-supervised RMs on …"
_THE_ONE_THAT = re.compile(
    r"^\W*(?:(?:and|also|plus|ok|okay|so|then|now|what\s+about|how\s+about|"
    # "wasn't there also one where …?"
    r"(?:wasn['\u2019]?t|weren['\u2019]?t|isn['\u2019]?t|was|is)\s+there)\W+)*(?:the|an?)?\s*"
    r"(?<![\w-])(?:one|paper|work|study|preprint|article)\s+(?:that|which|where|who|whose|with|in\s+which|"
    r"(?!being\b)[a-z]+ing|" + _PARTICIPLE + r")\b",
    re.I,
)
# ... or with a word or two of its kind before "one": "and the training-free one that samples from
# neighbouring preference directions"
_THE_KIND_ONE_THAT = re.compile(
    # ("also that econ paper where gpt agents ignored their principal": another one recalled)
    r"^\W*(?:(?:and|also|plus|ok|okay|so|then|now|what\s+about|how\s+about)\W+)*"
    r"(?:the|(?:(?<=also\s)|(?<=and\s)|(?<=plus\s))that)\s+(?:[\w-]+\s+){1,2}?"
    r"(?<![\w-])(?:one|paper|work|study|preprint)\s+(?:that|which|where|whose|with|in\s+which)\b",
    re.I,
)
# ... or by the kind of thing it made and what that does: "and the minimalist web agent that only
# realigns its observation and action space?" (not "and the dataset that they used?", nor "the
# benchmark that was used": those are the thread paper's)
_THE_THING_THAT = re.compile(
    # ("and the robot that takes a drawing of the finished table as its goal?": whatever the thing)
    r"^\W*(?:and|also|plus|ok|okay|so|then|now|what\s+about|how\s+about)\W+the\s+(?:[\w-]+\s+){0,3}?"
    r"[a-z][\w-]*\s+(?:that|which|who)\s+"
    r"(?:only\s+|just\s+|also\s+)?(?!was\b|is\b|has\b|does\b)[a-z]{3,}s\b",
    re.I,
)
# ... or by its kind and a word of its own before what is asked of it: "and the post-training
# survey - what are its five paradigms?" ("its" is that survey's)
_THE_THING_LED = re.compile(
    r"^\W*(?:and|also|plus|ok|okay|so|then|now|what\s+about|how\s+about)\W+the\s+(?:[\w-]+\s+){1,3}?"
    r"(?:agent|model|method|benchmark|dataset|framework|approach|system|survey|review|technique|algorithm|"
    r"recommender|planner|generator|detector|pipeline|tool|study|report|paper)s?\s*(?:\s-|[\u2013\u2014:])\s*\S",
    re.I,
)
# A word written as a name: capitalised ("Claude", "GPT-4") or with a version ("llama2", "gpt-4o").
_NAME_SHAPED = re.compile(r"(?<![\w-])(?:[A-Z][\w.-]*|[a-z][\w-]*\d[\w.-]*)")
_NAME_WORDS = 3  # an elliptical turn this long or shorter that holds one gives a name, no topic
# (not "in here", "in the corpus": where the papers are, not what they are about)
_FRAME_PREPOSITION = re.compile(
    r"(?<![\w-])(?:for|in|on|about|with|to|from|of)(?![\w-])(?!\s+(?:here|the\s+(?:corpus|collection|list))\b)",
    re.I,
)
# "anything like that from this year?": the frame's kind of paper, which the frame says
_LIKE_THAT = re.compile(
    r"^\W*(?:(?:any|some)(?:thing|\s+(?:papers?|ones?|work))|papers?|ones?)?\s*(?:similar|like\s+(?:that|this|those|these))\b",
    re.I,
)
# Where the phrase an elliptical turn replaces ends: a comma, a dash, or a clause of its own.
_FRAME_CLAUSE = re.compile(
    r"\s*(?:[,;]|\s[-\u2013\u2014]\s|\b(?:that|which|where|without|while|but)\b)", re.I
)


# A question that asks for papers anew ("which paper is about …", "is there a study on …").
_ASKS_FOR_PAPERS = re.compile(
    r"^\W*(?:(?:which|what)\s+(?:[\w-]+\s+){0,2}?|(?:is|are)\s+there\s+(?:an?y?\s+)?(?:[\w-]+\s+){0,2}?)"
    r"(?:papers?|works?|studies|study|articles?)\b",
    re.I,
)
# Words that open a question ("what's the framework called?", "did they test Claude?"), not a
# topic alone ("for video?").
ASKS = re.compile(
    r"\W*(?:what|what's|whats|how|which|when|who|whom|why|where|did|does|do|is|are|was|were|can|could|has|have|had)\b",
    re.I,
)


def _set_condition(text: str) -> str:
    """What a filter of the earlier set asks of its papers, without the words that point at the
    set ("which of those use RL?" -> "use RL")."""
    return " ".join(_POINTER_WORDS.sub(" ", _SET_FILTER.sub(" ", text)).split())


_PICK_WORDS = 3  # a turn that picked from the thread's papers in this few words names no topic


def _set_frame(offering: Turn) -> str:
    """The question whose ranking a pick from a set may reach past the set by ("the set showed
    only its head"), or "" for a set a metadata filter gave whole ("what got posted on 18 Dec
    2024?" then "the reward-model one": one of those two)."""
    return "" if offering.route == AnswerKind.METADATA.value else offering.question


def _frame(history: Sequence[Turn]) -> str:
    """The thread's latest question about a topic: not an ellipsis, nor one about the thread's
    paper ("how many skills did they evaluate on?" frames nothing: "they" is a paper, except in
    the thread's first question, where no paper was given yet: "... prunes noise seeds before
    they're denoised"), nor one that only picked from papers given before ("compare the first
    two", "which one is newest?": its citations were all cited earlier, in a few words); "" when
    it has none."""
    return next(
        (
            turn.question
            for n, turn in reversed(list(enumerate(history)))
            if not _ELLIPSIS.search(turn.question)
            and not (n and _PAPER_REFERENCE.search(turn.question))
            and not (
                n
                and turn.cited
                and set(turn.cited) <= set(_thread_papers(history[:n]))
                and len(content_stems(turn.question)) <= _PICK_WORDS
            )
        ),
        "",
    )


# Words that praise the papers a list asks for, or say they are for reading, and name no topic.
_PRAISE = frozenset(
    content_stems(
        "good great nice solid decent interesting useful best key seminal must-read go-to main major "
        "essential important importance influential relevant notable foundational core top read reading "
        "matter worth recommend recommended look start"
    )
)


def _praise_only(text: str) -> bool:
    """A list asked for by praise alone ("what are the key papers?", "which ones should I
    read?"): its words, without the asking, name no topic."""
    if not _LIST.search(text):
        return False
    # (a word that does something is its own topic: "recommender" is no praise, as "recommended" is)
    words = [word for word in re.findall(r"[A-Za-z0-9][\w'-]*", _list_topic(text)) if content_stems(word)]
    return all(
        set(content_stems(word)) <= _PRAISE | {"one"} and not word.lower().endswith(("er", "ers"))
        for word in words
    )


# A question about one paper, then the same field asked again in a word or two ("…, right? exact date?")
_TRAILING_FACT = re.compile(r"^(?P<first>.+\?)\s*(?P<rest>[^?]+\?*)\s*$", re.S)
_TRAILING_FACT_WORDS = 3
# "how many" with its noun left to the turn before ("and how many does the TIGER-Lab paper have?"),
# and the listing's count that turn asked for
_ELIDED_COUNT = re.compile(
    r"^(\W*(?:(?:and|ok|okay|so|but)\W+)?how\s+many)(?=\s+(?:does|did|do|has|had|have|is|was)\b)", re.I
)
_ELIDED_FIELD = re.compile(r"\b(upvotes?|votes?|authors?)\b", re.I)
# A count asked of one thing ("how many volunteers?", "how many languages does it cover?"), which
# a bare noun after it swaps
_COUNT_FRAME = re.compile(
    r"^\W*(?:and\s+|so\s+)?(how\s+many)\s+[\w-]+(\s+(?:did|do|does|is|are|was|were)\b[^?.!]*)?\s*[?.!]*\s*$",
    re.I,
)


def _in_frame(asked: str, history: Sequence[Turn]) -> str:
    """An elliptical turn read in the frame of the question it continues: "and for video?" after
    "reward models for image generation" asks for "reward models for video"; "what about law?"
    after "LLMs in medicine?" for "LLMs in law". The part after the frame's last preposition (the
    one the turn repeats, if it does) is what the turn replaces; a frame without one, or a turn
    that says more than a short phrase, is left as the turn's own words."""
    frame = _frame(history)
    words = asked.strip(" ?.!,")
    if (like := _LIKE_THAT.match(words)) and words[like.end() :].strip():
        words = words[like.end() :].strip()
    if not frame or not words or len(content_stems(words)) > _CONCEPT_TERMS:
        return asked
    named = [token for token in re.findall(r"[\w.*-]+", frame) if name_shaped(token)]
    if name_shaped(words) and " " not in words and len(named) == 1:
        # "and LIMA?" after "what does URIAL stand for?": the same question of the other name
        return re.sub(rf"(?<![\w-]){re.escape(named[0])}(?![\w-])", words, frame, count=1)
    lead = re.match(r"(for|in|on|about|with|to|from|of)\s+(.+)$", words, re.I)
    cuts = list(_FRAME_PREPOSITION.finditer(frame))
    if lead:
        repeated = [m for m in cuts if m.group(0).lower() == lead.group(1).lower()]
        if cuts and not repeated and not content_stems(frame[: cuts[-1].start()]):
            # "and for diffusion models?" after "papers on jailbreaking": the frame is its topic
            # alone, which the turn's phrase qualifies ("jailbreaking for diffusion models").
            return f"{frame.strip(' ?.!,')} {words}"
        cuts = repeated or cuts
        words = lead.group(2)
    if not cuts:
        return asked
    cut = cuts[-1]
    head = frame[: cut.start()].strip(" ?.!,")
    if not content_stems(head):
        # "and what about calibration?" after "any papers on LLM honesty?": a name that scopes
        # the frame's topic ("LLM") scopes the word that replaces it (not a word of the topic:
        # "jailbreaking" after "reward hacking" is no "reward jailbreaking")
        topic = re.findall(r"[\w-]+", frame[cut.end() :])
        scope = [word for word in topic[:-1] if name_shaped(word)]
        if scope and len(words.split()) == 1 and not name_shaped(words):
            return f"{' '.join(scope)} {words}"
        # "same but for images" after "methods for aligning text-to-video generators …": what
        # the frame's task makes is what the word replaces ("text-to-image", in the singular
        # tasks are named in)
        made = re.search(r"(?<![\w-])([a-z0-9]+-to-)([a-z0-9]+)(?![\w-])", frame[cut.end() :], re.I)
        if (
            made
            and len(words.split()) == 1
            and not name_shaped(words)
            and words.lower() != made.group(2).lower()
        ):
            made_of = words[:-1] if re.fullmatch(r"[a-z]+[^s]s", words, re.I) else words
            return frame.replace(made.group(0), made.group(1) + made_of, 1)
        return asked
    # What the frame says after the replaced phrase, past a clause break ("..., no retraining"),
    # still holds; a break that says nothing ("- any papers?") is dropped.
    replaced, tail = frame[cut.end() :], ""
    if (clause := _FRAME_CLAUSE.search(replaced)) and content_stems(replaced[clause.end() :]):
        replaced, tail = replaced[: clause.start()], replaced[clause.start() :].rstrip(" ?.!")
    # A word of the same shape as one of the phrase stands in for it alone: "text-to-image"
    # for "text-to-video" of "text-to-video diffusion".
    shape = words.lower().split("-")[:-1]
    if len(words.split()) == 1 and shape:
        for token in re.findall(r"[\w-]+", replaced):
            if token.lower().split("-")[:-1] == shape and token.lower() != words.lower():
                words = re.sub(rf"(?<![\w-]){re.escape(token)}(?![\w-])", words, replaced.strip(), count=1)
                break
    return f"{head} {cut.group(0)} {words}{tail}"


def _where_used(text: str) -> str:
    """What "where does X appear?" asks the users of, or "" when it asks nothing of the kind or
    points back at the thread ("where else is it used?")."""
    match = _WHERE_USED.search(text)
    if match is None:
        return ""
    thing = (match.group("thing") or match.group("before") or "").strip(" -,:;")
    if _PAPER_REFERENCE.fullmatch(thing):
        thing = text[: match.start()].strip(" -,:;\u2013\u2014")  # "Gemini - where does it ..."
    return thing if _CONTENT.search(thing) else ""


def _asks_another_thing(text: str) -> bool:
    """Whether a question asks for a thing of the paper that no lookup gives: "what KL
    coefficient did SALSA use for its model-soup reference?" asks for a coefficient, whatever
    word of a lookup ("reference") comes later; "what is the arXiv id of X?" and "which paper
    has the link …" ask for the paper."""
    match = _ASKED_THING.match(text)
    if match is None:
        return False
    thing = match.group(1)
    return not _wants(thing) and not _PAPER_WORD.search(thing)


def _asked_of_lookup(text: str, wants: frozenset[str]) -> str:
    """A lookup's words less those that ask for what it wants ("code available?" asks for no
    paper of its own: the thread's, or "which paper?" with none)."""
    asked = _REQUEST_WORDS.sub(" ", text)
    if "code" in wants:
        asked = " ".join(w for w in asked.split() if w.lower().strip("?.!,") not in _CODE_ASKING)
    return asked


def asked_of_picked(text: str, wants: frozenset[str]) -> str:
    """What a lookup of "the X one" asks of the paper beyond what it wants and the words that pick
    it ("BibTeX for the DPO-based one, please." asks nothing; "is the meituan one open source?"
    asks "open")."""
    return " ".join(_asked_of_lookup(_ONE_BY_WORD.sub(" ", text), wants).split())


def _wants(text: str) -> frozenset[str]:
    """What a lookup asks for ("bibtex", "link", …), by the words people use to ask for it."""
    return frozenset(kind for kind, pattern in _WANTS.items() if re.search(pattern, text, re.I))


def bare_attribute(text: str) -> str:
    """The thing a turn that is only a noun phrase asks for ("license" of "license?", "base model"
    of "Which base model?", "benchmark" of "benchmark used?"), or ""; of a turn of several such
    ("how many tasks and which skill areas?"), the things joined."""
    text = _INTERJECTION.sub("", text, count=1)
    parts = [part for part in _ATTRIBUTE_BREAK.split(text.strip(" ?.!")) if part.strip()]
    if len(parts) < 2:
        match = _BARE_ATTRIBUTE.fullmatch(text)
        return match.group(1) if match and content_stems(match.group(1)) else ""
    things = []
    for part in parts:
        # (each asked: "how many tasks and which skill areas?", not "and for video?")
        asked = _ASKING_PART.match(part)
        match = _BARE_ATTRIBUTE.fullmatch(part[asked.end() :]) if asked else None
        if not match or not content_stems(match.group(1)):
            return ""
        things.append(match.group(1))
    return " and ".join(things)


def describes_one(text: str) -> bool:
    """Whether a turn opens by describing a paper ("the one that merges the player and the
    referee …", "and the paper training … on easy MATH"), not by pointing at a set."""
    return _THE_ONE_THAT.match(text) is not None


def picked_by_words(text: str) -> str:
    """The words that pick a paper in "the X one" ("the easy-to-hard one": "easy-to-hard"), or ""."""
    match = _ONE_BY_WORD.search(text)
    return " ".join(match.group(0).split()[1:-1]) if match else ""


def _offered(turn: Turn) -> tuple[str, ...]:
    """The set a turn offered: the papers it cited, or, when it cited none, those it counted
    ("how many papers are from 2024?": 47, none shown, each there for "which of those …?")."""
    return turn.cited or turn.more


# A pronoun that ends the turn as the object of what the papers sought do ("which papers use
# it?", "who cites this?", "any work that builds on that?"); not the subject of an auxiliary
# ("which datasets does it use?" asks the thread's paper).
_OBJECT_POINTER = re.compile(r"(?<![\w'’-])(?:it|this|that)(?=\s*[?.!]*\s*$)", re.I)
_AUXILIARY = frozenset(
    "does did do is was are were has have had can could will would should may might must".split()
)
_THING_WORDS = 4  # content words of a name or concept the pronoun may stand for; more describe a paper


# Who brought a thing into the world: "who proposed it?", "which paper introduced it?"
_ORIGIN = re.compile(
    r"\b(?:who|which\s+(?:paper|work|study|group|lab))\s+(?:first\s+|originally\s+)?(?:proposed|introduced|invented|"
    r"came\s+up\s+with|coined|created|developed)\b",
    re.I,
)


# One paper sought, by what it does with the thing: "which paper here reports results on it?"
_PAPER_SOUGHT = re.compile(r"\b(?:which|what|any)\s+(?:papers?|works?|stud(?:y|ies)|preprints?)\b", re.I)


def _pointed_object(
    text: str, history: Sequence[Turn], names: Callable[[str], list[str]]
) -> tuple[str, tuple[str, ...]] | None:
    """A list question whose last word is a pronoun for the thing the thread's last turn asked
    about, with that thing written in its place, and the paper that thing names (which the
    papers sought are other than); None when the turn is no such question or the last turn asked
    about no one thing ("what is RLAIF?", "tell me about MJ-Bench", "cite URIAL" each do)."""
    pointer = _OBJECT_POINTER.search(text)
    origin = _ORIGIN.search(text)
    if pointer is None or not (
        _LIST.search(text) or _CITING.search(text) or origin or _PAPER_SOUGHT.search(text)
    ):
        return None
    before = text[: pointer.start()].split()
    if not before or before[-1].lower() in _AUXILIARY:
        return None
    last = history[-1]
    concept = _CONCEPT.match(last.question)
    if concept is not None:
        thing = concept.group(1)
    elif last.route == Route.LOOKUP.value:
        thing = _REQUEST_WORDS.sub(" ", last.question)
    elif (introduced := _ORIGIN.search(last.question)) is not None:
        # "which paper introduced the WildJailbreak benchmark?" then "which paper here reports
        # results on it?": the thing introduced
        thing = re.sub(r"^(?:the|a|an)\s+", "", last.question[introduced.end() :].strip(), flags=re.I)
    else:
        return None
    thing = " ".join(thing.strip(" ?.!,;:").split())
    words = _CONTENT.findall(thing)
    if not words or len(words) > _THING_WORDS or _PAPER_REFERENCE.search(thing) or _LIST.search(thing):
        return None
    # (the paper that introduced it is what "who proposed it?" asks for, not one to leave out)
    excluded = () if origin else tuple(paper for paper in names(thing) if paper in last.cited)
    return f"{text[: pointer.start()]}{thing}{text[pointer.end() :]}", excluded


# A pronoun for one paper: "it", "this paper" (not "they", which a list's papers are too)
_ONE_POINTED = re.compile(r"\b(?:it|its|it's|this\s+(?:paper|one|work)|that\s+(?:paper|one|work))\b", re.I)
# The corpus called by another name, which is no topic asked about: "does the collection have a
# paper on reward hacking?", "anything in your library about X?" (not "the collection of
# preference data")
# "#" for "number of" ("# of authors", "# authors"), not a citation's number ("#2")
_NUMBER_SIGN = re.compile(r"(?<![\w#&])#\s*(?:of\s+)?(?=[A-Za-z])")
# "tl;dr" in a turn of a few words: the gist asked for ("TL;DR" in a longer one may be Reddit's dataset)
_TL_DR = re.compile(r"\btl\s*;\s*dr\b", re.I)
_BARE_WORDS = 3
# A turn opened by chat's "n" for "and" ("n the 2nd?")
# (not "n authors?", the number of them)
_AND_TYPED_N = re.compile(
    r"^\W*n\s+(?=(?:the|that|this|those|these|what|whats|what's|which|how|who|when|where|why|is|are|was|"
    r"were|does|did|do|can|its|it|their|for|about|also)\b)",
    re.I,
)
# Whom a chat message opens by addressing ("@paperbot", "@here", Slack's "<@U024BE7LH>"): not what
# it asks. The chat adapters take the bot's own mention off; a message pasted or batched keeps it.
_ADDRESSED = re.compile(r"^(?:\s*(?:<@[!&]?\w+>|@[A-Za-z][\w.-]*)[\s,:]+)+(?=\S)")
# The paper a comparison or a sort put first, pointed at by its place: "bibtex for the winner"
_THE_WINNER = re.compile(
    # ("and the top one from 2023?" sorts again, under its year)
    r"\bthe\s+(?:winner|winning\s+one|more\s+popular\s+one)\b",
    re.I,
)
# "which one's older", "which paper's newer": "is" written onto the word that asks
_ONE_IS = re.compile(r"\b(which(?:\s+one)?|which\s+paper)['\u2019]s\b", re.I)
# A message's lead-in that says where it stands in the talk, not what it asks: "last thing today:",
# "one more question -", "quick one:", "final q:" (not "last week:", a date; a change of topic is
# `_TOPIC_SHIFT`'s)
_LEAD_IN = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|and|so|oh|also)\W+)?(?:(?:one\s+)?(?:last|final|quick|small|one\s+more)\s+)"
    r"(?:thing|question|q|one|request|ask|query)"
    r"(?:\s+(?:for\s+)?(?:today|tonight|now|then|here|pls|please))?\s*[:\-\u2013\u2014]+\s*(?=\S)|"
    # "similar? the one arguing preferences are the wrong target …": the paper it goes on to describe
    r"^\W*(?:(?:and|ok|okay|so)\W+)?(?:any(?:thing)?\s+)?similar(?:\s+(?:ones?|papers?))?\s*[?:!\-\u2013\u2014]+\s*"
    r"(?=(?:the|a|an)\s+(?:one|paper|work|study)\b)|"
    # what the asking is for: "To give a sense of community interest on my slide: which one …?"
    r"^\W*(?:in\s+order\s+)?to\s+[a-z]+\b[^:?\n]{0,120}?:\s*"
    r"(?=[^:]*(?:\?|\b(?:which|what|how|when|who|list|show|give|find)\b))",
    re.I,
)
_CORPUS_CALLED = re.compile(
    r"(\b(?:in|from|within|across|into|to|does|do|did|has|have|is|are|search|check)\s+(?:the|this|your|our|ur)\s+)"
    r"(?:collection|library|database|db|reading\s+list|paper\s+list|paper\s+collection|knowledge\s+base)\b"
    r"(?!\s+(?:of|for)\b)",
    re.I,
)
# A side of a comparison that is a measure, not a paper: "inference cost", "success rate", "the
# win rate"
_MEASURE_SIDE = re.compile(
    r"(?:(?:the|its|their)\s+)?(?:[\w-]+\s+){0,2}(?:cost|costs|rate|rates|speed|latency|memory|accuracy|"
    r"scores?|gains?|performance|time|throughput|quality|size|resolution|efficiency|results?|numbers?)",
    re.I,
)
# A conclusion the asker draws from the answer, to be checked: "so no fine-tuning needed at all?",
# "so it works without labels?" (not "so what about video?", "so is there another one?")
_SO_CLAIM = re.compile(
    r"^\W*so\s+(?!(?:what|how|which|who|whom|where|when|why|then|and|any|anything|is\s+there|are\s+there|"
    r"show|list|give|find|tell|can\s+you|could\s+you|do\s+you|let)\b)\w",
    re.I,
)
# Two papers offered to choose from: "DeAL or GenARM", "DeAL vs GenARM"
_EITHER = re.compile(r"\b(?:or|vs\.?|versus)\b", re.I)
# A set of the thread's papers, as a fact's question names it: "the two", "both of them", "those three"
_SET_NAMED = re.compile(
    r"(?:(?:the|those|these|both)\s+)?(?:two|three|four|2|3|4)(?:\s+(?:papers|ones|of\s+them))?|"
    r"both(?:\s+(?:of\s+them|papers))?|them|these|those",
    re.I,
)
_SET_SIZE = {"two": 2, "2": 2, "both": 2, "three": 3, "3": 3, "four": 4, "4": 4}


def _named_set(side: str, history: Sequence[Turn]) -> tuple[str, ...]:
    """The papers of the latest of the thread's last three answers that offered as many as the
    words count ("the two", "both"; any number above one for "them"), or ()."""
    size = next((_SET_SIZE[word] for word in side.lower().split() if word in _SET_SIZE), 0)
    return next(
        (
            papers
            for turn in reversed(history[-3:])
            if (len(papers := _offered(turn)) == size if size else len(papers) > 1)
        ),
        (),
    )


def _thread_two(history: Sequence[Turn]) -> tuple[str, ...]:
    """The two papers "the two" means: those of the latest of the thread's last three answers that
    gave exactly two (a list, a comparison), else the papers of its last answers about one paper
    each ("… and the one that explains …?", then "which of the two came out first?"); a one-paper
    answer's runners-up ("also close") are none of them. () when there are not two."""
    pair = next(
        (
            turn.cited
            for turn in reversed(history[-3:])
            if len(turn.cited) == 2 and turn.route != AnswerKind.ANSWER
        ),
        (),
    )
    if pair:
        return pair
    firsts = list(
        dict.fromkeys(
            turn.cited[0]
            for turn in reversed(history[-3:])
            if len(turn.cited) == 1 or (turn.cited and turn.route == AnswerKind.ANSWER)
        )
    )
    return tuple(reversed(firsts[:2])) if len(firsts) >= 2 else ()


def _last_pair(history: Sequence[Turn]) -> tuple[str, ...]:
    """The papers of the latest of the thread's last three answers that cited exactly two, or ()."""
    return next((turn.cited for turn in reversed(history[-3:]) if len(turn.cited) == 2), ())


def _thread_papers(history: Sequence[Turn]) -> tuple[str, ...]:
    """Every paper the thread's answers cited, the latest first."""
    return tuple(dict.fromkeys(pid for turn in reversed(history) for pid in turn.cited))


_NAMING_BREAK = re.compile(r"\s*(?:[,;:(]|\b(?:and|or|vs\.?|versus|between|than|to)\b)\s*", re.I)


def _own_numbering(
    text: str, named: tuple[str, ...], history: Sequence[Turn], names: Callable[[str], list[str]]
) -> tuple[tuple[str, ...], str]:
    """The papers an ordinal counts when the asker numbered them by naming them: those this turn
    names, or (naming none) those the previous turn named when its answer gave only some of
    them; with the words of this turn that name none."""
    if len(named) > 1:
        stretches = _naming_stretches(text, names)
        in_order = tuple(dict.fromkeys(paper for _, found in stretches for paper in found))
        return in_order, " ".join(part for part, found in stretches if not found)
    if named or not history or not history[-1].cited:
        return (), text
    stretches = _naming_stretches(history[-1].question, names)
    in_order = tuple(dict.fromkeys(paper for _, found in stretches for paper in found))
    if len(in_order) > 1 and set(history[-1].cited) < set(in_order):
        return in_order, text  # (an answer that showed them all numbered them itself)
    return (), text


def _naming_stretches(text: str, names: Callable[[str], list[str]]) -> list[tuple[str, list[str]]]:
    """Each stretch of `text` between commas, "and", "or", "vs" … with the papers it names
    surely on its own, in the order written."""
    return [(part, names(part)) for part in _NAMING_BREAK.split(text) if part.strip()]


def _about(text: str, subject: tuple[str, ...]) -> Query:
    wants = _wants(text)
    route = Route.LOOKUP if wants else Route.TOPICAL
    # What is asked of the paper, without the words that point at it ("the second one").
    asked = _PAPER_REFERENCE.sub(" ", _ORDINAL.sub(" ", text))
    if wants:
        asked = _asked_of_lookup(asked, wants)  # ("repo link?": no word of it asks about the paper)
    return Query(text, route, " ".join(asked.split()), subject=subject, wants=wants, follow_up=True)

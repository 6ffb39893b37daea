"""The citation contract: sources numbered [1..k] per paper, only offered numbers accepted,
invented ones dropped, renumbered by first use, and only cited papers listed. Also BibTeX."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from rag.markup import display_title
from rag.model import Citation, Paper
from rag.names import title_name
from rag.papers import normalize_arxiv_id, slugify
from rag.retrieve import HybridRetriever

_MARKER = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")


def enforce_citations(
    text: str, offered: Mapping[int, Paper], snippets: Mapping[int, str] | None = None
) -> tuple[str, tuple[Citation, ...]]:
    """Keep markers that name an offered source, renumber them 1.. by first use, drop the rest.

    `[2, 7]` becomes `[1][2]` when both are offered; a marker naming nothing offered vanishes.
    """
    order: dict[int, int] = {}

    def renumber(match: re.Match[str]) -> str:
        kept = []
        for raw in match.group(1).split(","):
            number = int(raw)
            if number in offered:
                order.setdefault(number, len(order) + 1)
                kept.append(f"[{order[number]}]")
        return "".join(dict.fromkeys(kept))

    cleaned = tidy_spacing(_MARKER.sub(renumber, text))
    citations = tuple(
        Citation(new, offered[old], (snippets or {}).get(old, ""))
        for old, new in sorted(order.items(), key=lambda x: x[1])
    )
    return cleaned, citations


def strip_markers(text: str) -> str:
    """Text quoted from a source without the source's own reference markers ("[3]", "[1, 2]"),
    which would read as an answer's citations; white space tidied where they stood."""
    return tidy_spacing(_MARKER.sub("", text))


def tidy_spacing(text: str) -> str:
    """How cited text is spaced: runs of blanks collapsed, none before punctuation, no blank ends."""
    return re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


_KEY_SKIPS = frozenset(
    "a an the on of in for to and is are do does can how why what when towards toward".split()
)


def bibtex(paper: Paper) -> str:
    """A @misc entry in the form arXiv and Google Scholar give (an @article needs a venue we do
    not know): key `lastnameYEARfirstword`, every author, the title's capitals protected, and
    for an arXiv paper its eprint, category, abs page and DOI. Authors are never invented: when
    the source did not list them, the entry says so in a note. Every value is escaped, so no
    title can close its field or add one."""
    year = paper.citation_year
    first_word = key_word(paper.title)
    surname = _ascii(surname_of(paper.authors[0])) if paper.authors else ""
    key = f"{surname}{year or ''}{first_word}" if surname else f"{first_word}{year or ''}"
    # The title as read ("$i$REPO" -> "iREPO"): a listing's stray markup, escaped, would print
    # its dollars literally.
    fields = [("title", "{" + latex_escape(display_title(paper.title)) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in paper.authors)))
    if year:
        fields.append(("year", str(year)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.primary_category:
            fields.append(("primaryClass", latex_escape(paper.primary_category)))
    if paper.link:
        fields.append(("url", _url_escape(paper.link)))
    if paper.arxiv_id:
        fields.append(("doi", arxiv_doi(paper.arxiv_id)))
    if not paper.authors:
        count = f"{paper.author_count} authors, " if paper.author_count else ""
        fields.append(("note", f"{count}names not listed in the source"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


_ADDRESS = re.compile(r"\bhttps?://[^\s<>\"')\]]+")


def abstract_links(abstract: str) -> tuple[str, ...]:
    """The addresses an abstract gives (its code, its project page), in order, without the
    sentence's full stop ("https://github.com/GengDavid/SLCA.")."""
    return tuple(dict.fromkeys(match.group(0).rstrip(".,;:") for match in _ADDRESS.finditer(abstract)))


# Where code is kept ("https://github.com/GengDavid/SLCA"), not a project page ("….github.io").
_CODE_HOST = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|huggingface\.co)/", re.I
)


def code_links(abstract: str) -> tuple[str, ...]:
    """The addresses of code (or released models and data) an abstract gives."""
    return tuple(link for link in abstract_links(abstract) if _CODE_HOST.match(link))


def arxiv_doi(arxiv_id: str) -> str:
    """The DataCite DOI arXiv registers for every paper, made from its id."""
    return f"10.48550/arXiv.{arxiv_id}"


def key_word(title: str) -> str:
    """The first word of a title that says something, as Google Scholar keys it ("The
    Unlocking Spell …" -> unlocking), in ASCII."""
    words = [_ascii(word) for word in title.split()]
    return next((w for w in words if w and w not in _KEY_SKIPS), None) or next(
        (w for w in words if w), "paper"
    )


def surname_of(name: str) -> str:
    """ "Samuel R. Bowman" -> "Bowman"; "Bowman, Samuel R." -> "Bowman"; "Ng Jr." -> "Ng"."""
    if "," in name:
        return name.split(",")[0].strip()
    words = [w for w in name.split() if w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii", "iv")]
    return words[-1] if words else name.strip()


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


# LaTeX's accent commands by the Unicode combining mark they put on a letter.
_ACCENTS = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
    "\u0307": ".", "\u0327": "c", "\u030c": "v", "\u0306": "u", "\u030b": "H", "\u0328": "k",
    "\u030a": "r",
}  # fmt: skip
_LETTERS = {
    "ß": "\\ss", "ø": "\\o", "Ø": "\\O", "æ": "\\ae", "Æ": "\\AE", "œ": "\\oe", "Œ": "\\OE",
    "ł": "\\l", "Ł": "\\L", "å": "\\aa", "Å": "\\AA", "ı": "\\i",
}  # fmt: skip
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SPECIAL = {
    "\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}",
    "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "&": "\\&", "%": "\\%", "$": "\\$",
    "#": "\\#", "_": "\\_",
}  # fmt: skip


def latex_escape(text: str) -> str:
    """Text as a BibTeX value: LaTeX's special characters escaped (braces as commands, so that
    every brace in the result is one this function balanced), accented letters as accent
    commands (`{\\"u}`); Greek letters as they are (UTF-8, which biber and the Unicode engines
    read, and which a chat shows as the title reads: "PixArt-α"), as are other characters. A
    power written with a caret ("Align^2LLaVA") is written raised: "Align²LLaVA"."""
    text = re.sub(r"\^(\d+)", lambda match: match.group(1).translate(_SUPERSCRIPTS), text)
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _LETTERS:
            out.append("{" + _LETTERS[char] + "}")
        elif ord(char) < 128:
            out.append(char)
        else:
            out.append(_latex_letter(char))
    return "".join(out)


def _latex_letter(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if marks and base.isascii() and all(mark in _ACCENTS for mark in marks):
        letter = "\\i" if base == "i" else "\\j" if base == "j" else base
        for mark in marks:
            command = _ACCENTS[mark]
            letter = f"\\{command}{letter}" if not command.isalpha() else f"\\{command}{{{letter}}}"
        return "{" + letter + "}"
    return char


def _bibtex_name(name: str) -> str:
    """One author; a name holding the word "and" (a consortium) is braced to stay one name."""
    escaped = latex_escape(name)
    return "{" + escaped + "}" if re.search(r"\band\b", name, re.I) else escaped


def _url_escape(url: str) -> str:
    """A URL in a BibTeX field: characters that would break the entry percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in '{}%\\ "#' else c for c in url)


# ---- finding the paper a user means ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lookup:
    """The best match for a citation query, how sure we are, and the runners-up."""

    paper: Paper | None
    confidence: float
    alternatives: tuple[Paper, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.paper is not None and self.confidence < 0.75 and bool(self.alternatives)


def lookup_paper(retriever: HybridRetriever, query: str, alternatives: int = 3) -> Lookup:
    """An id, arXiv id, acronym, or (misspelled) title -> the paper, with a confidence in [0, 1]."""
    papers = retriever.papers()
    text = query.strip()
    if text in papers:
        return Lookup(papers[text], 1.0)
    arxiv_id = normalize_arxiv_id(text)
    if arxiv_id and arxiv_id in papers:
        return Lookup(papers[arxiv_id], 1.0)
    results = retriever.search(text, k=alternatives + 1)
    if not results:
        return Lookup(None, 0.0)
    for result in results:
        # A title slug is as exact as an id: it is the id a listing copy had before ingest merged
        # it into the paper's arXiv record (whose metadata keeps it in `aliases`).
        if slugify(result.paper.title) == text:
            return Lookup(result.paper, 1.0)
    named = [pid for pid in retriever.named(text) if pid in papers]
    if named and results[0].paper.id != named[0]:
        # A name a paper defines ("LCBM" for its "LCBMs") that the search ranks below another
        # paper: the name decides, as it does for a question (rag.answer).
        others = tuple(r.paper for r in results if r.paper.id != named[0])[:alternatives]
        return Lookup(papers[named[0]], 0.85, others)
    best = results[0].paper
    squashed = re.sub(r"[^a-z0-9]", "", text.lower())
    name = title_name(best.title)
    # token_sort_ratio, not token_set_ratio: a short generic query ("alignment survey") is a
    # subset of many titles and must not look certain.
    confidence = fuzz.token_sort_ratio(text.lower(), best.title.lower()) / 100
    if name and len(name) >= 3 and re.sub(r"[^a-z0-9]", "", name.lower()) in squashed:
        confidence = max(confidence, 0.95)
    elif named and best.id == named[0]:
        # A name its abstract defines ("Guide-Align"), or a misspelled one ("rewrad danse"),
        # identifies the paper a little less surely than its title's own name.
        confidence = max(confidence, 0.85)
    return Lookup(best, round(confidence, 2), tuple(r.paper for r in results[1:]))

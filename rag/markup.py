"""LaTeX and markup left in titles and abstracts by their sources (`\\mname`, `\\textbf{..}`,
`66.92\\%`, `$i$REPO`, `1)~a`), normalised once, before a paper is stored. Pure text in, text out."""

from __future__ import annotations

import dataclasses
import re

from rag.model import Paper
from rag.names import title_name

_GREEK = {
    name: chr(code)
    for name, code in {
        "alpha": 0x3B1, "beta": 0x3B2, "gamma": 0x3B3, "delta": 0x3B4, "epsilon": 0x3B5,
        "varepsilon": 0x3B5, "zeta": 0x3B6, "eta": 0x3B7, "theta": 0x3B8, "iota": 0x3B9,
        "kappa": 0x3BA, "lambda": 0x3BB, "mu": 0x3BC, "nu": 0x3BD, "xi": 0x3BE, "pi": 0x3C0,
        "rho": 0x3C1, "sigma": 0x3C3, "tau": 0x3C4, "phi": 0x3C6, "varphi": 0x3C6, "chi": 0x3C7,
        "psi": 0x3C8, "omega": 0x3C9, "Gamma": 0x393, "Delta": 0x394, "Theta": 0x398,
        "Lambda": 0x39B, "Pi": 0x3A0, "Sigma": 0x3A3, "Phi": 0x3A6, "Psi": 0x3A8, "Omega": 0x3A9,
    }.items()
}  # fmt: skip
_SYMBOLS = {
    "deg": "°", "circ": "°", "times": "×", "cdot": "·", "approx": "≈", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "pm": "±", "infty": "∞", "rightarrow": "→", "to": "→",
    "sim": "~", "ldots": "…", "dots": "…", "star": "*", "ast": "*",
}  # fmt: skip
# Commands whose braced argument is the text itself (formatting, not content).
_WRAPPERS = (
    "textbf|textit|texttt|textsc|textrm|textsf|emph|underline|mathrm|mathbf|mathit|mathcal|mathbb|"
    "mathsf|text|operatorname|boldsymbol|bm|url|href|footnote"
)
_ESCAPED = re.compile(r"\\([%&_#$])")
_WRAPPER = re.compile(r"\\(?:" + _WRAPPERS + r")\s*\{([^{}]*)\}")
_UNCLOSED = re.compile(r"\\(?:" + _WRAPPERS + r")\s*\{")
_COMMAND = re.compile(r"\\([A-Za-z]+)\b\s?")
_MATH = re.compile(r"\$([^$]{1,80})\$")
_CITATION_KEY = re.compile(r"~[a-z][\w:-]*(?=[.,;:)])")
_TIE = re.compile(r"(?<=\S)~(?=[A-Za-z(])")
_BRACES = re.compile(r"\{([^{}]*)\}")


def clean_markup(text: str, name: str | None = None) -> str:
    """Plain text for `text`: escapes unescaped, formatting commands dropped, Greek letters and
    symbols as characters, math delimiters removed. An undefined macro (`\\mname`, `\\ours`)
    becomes `name` (the paper's own name) when one is known; `\\benchname`-like macros become
    `name`-Bench."""
    if "\\" not in text and "$" not in text and "~" not in text and "{" not in text:
        return text
    cleaned = _ESCAPED.sub(r"\1", text)
    for _ in range(3):  # nested wrappers: \textbf{\emph{x}}
        cleaned = _WRAPPER.sub(r"\1", cleaned)
    cleaned = _UNCLOSED.sub("", cleaned)  # a wrapper whose closing brace the source lost
    cleaned = _COMMAND.sub(lambda match: _command(match, name), cleaned)
    cleaned = _MATH.sub(r"\1", cleaned)
    # What is left of math: a lone `$` (a source that lost its pair), braces of sub/superscripts.
    cleaned = re.sub(r"\$(?!\d)", "", cleaned)
    for _ in range(3):
        cleaned = _BRACES.sub(r"\1", cleaned)
    cleaned = re.sub(r"[{}]", "", cleaned)  # braces no pair was found for
    cleaned = _CITATION_KEY.sub("", cleaned)  # "efficiency~grpo." was "efficiency~\\cite{grpo}."
    cleaned = _TIE.sub(" ", cleaned)  # LaTeX's non-breaking space ("1)~a"); "~9%" stays
    return " ".join(cleaned.split())


def _command(match: re.Match[str], name: str | None) -> str:
    word = match.group(1)
    trailing = match.group(0)[len(word) + 1 :]
    if word in _GREEK:
        return _GREEK[word]
    if word in _SYMBOLS:
        return _SYMBOLS[word] + trailing
    # Anything else is a macro of the authors' preamble that the source did not expand.
    if name:
        return (f"{name}-Bench" if "bench" in word.lower() else name) + trailing
    return ("the benchmark" if "bench" in word.lower() else "the method") + trailing


def clean_paper(paper: Paper) -> Paper:
    """The paper with a markup-free abstract and summary, for storing (unchanged if it had
    none). The title is kept as the source gave it: it is the paper's identity (its slug is the
    id); `display_title` cleans it for readers."""
    name = title_name(display_title(paper.title))
    abstract = clean_markup(paper.abstract, name)
    summary = clean_markup(paper.summary, name) if paper.summary else paper.summary
    if (abstract, summary) == (paper.abstract, paper.summary):
        return paper
    return dataclasses.replace(paper, abstract=abstract, summary=summary)


def display_title(title: str) -> str:
    """A title as a reader should see it (`$i$REPO` -> `iREPO`)."""
    return clean_markup(title)

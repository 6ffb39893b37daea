"""Whether a message in a thread is for the bot: the one rule both chat platforms follow before
answering without a mention. Pure: the adapters say what they know of the message (a mention,
a reply to the bot, someone else mentioned); this reads its words."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Requests a thread makes of its last answer, with no question form of their own.
_REQUESTS = re.compile(
    r"^(?:(?:show|give|list|tell)\s+(?:me\s+)?)?(?:more|next|bibtex|citation|cite (?:it|this|that)|"
    r"the abstract|abstract|link|links|sources|similar(?: papers)?|details|summary)\b",
    re.I,
)
# "What …", "does it …": a question even without its question mark.
_QUESTION_START = re.compile(
    r"^(?:and|but|so|also|ok(?:ay)?|then)?[,\s]*(?:what|which|who|whom|whose|when|where|why|how|"
    r"is|are|was|were|does|do|did|can|could|would|should|will|has|have|had|any|anything)\b",
    re.I,
)
# An imperative to the bot: the verbs one uses to ask a search engine for something.
_IMPERATIVE = re.compile(
    r"^(?:please\s+|pls\s+|now\s+|and\s+|also\s+)?(?:show|list|find|give|tell|explain|summari[sz]e|"
    r"compare|cite|recommend|search|look up|describe|define|name|get|fetch|suggest|what about|"
    r"how about)\b",
    re.I,
)
# Words that speak to the people in the thread, not to the bot ("anyone free friday?").
_TO_PEOPLE = re.compile(
    r"\b(?:anyone|anybody|everyone|everybody|y'?all|you guys|folks|team|guys)\b|^(?:let'?s|lets)\b", re.I
)
# Thanks and acknowledgements: never a request, whatever follows them.
_ACKNOWLEDGEMENT = re.compile(
    r"^(?:thanks?|thank you|thx|ty|tysm|cheers|great|nice|cool|awesome|perfect|got it|ok(?:ay)?|"
    r"k|lol|lmao|haha+|same|agreed|\+1|yes|yeah|yep|no|nope|nah|wow|interesting|neat|sweet|"
    r"makes sense|good (?:to know|point)|will do|sounds good)\b",
    re.I,
)
_ADDRESSED_BY_NAME = re.compile(r"^@\w+")


@dataclass(frozen=True, slots=True)
class Message:
    """What the adapter knows of one message besides its text (its own mention already dropped)."""

    text: str
    mentions_bot: bool = False
    replies_to_bot: bool = False
    mentions_others: bool = False


def is_for_the_bot(message: Message) -> bool:
    """In a thread the bot started: a mention or a reply to it, else a question or request to it
    (question form, an imperative, "more", "bibtex" …); not thanks, chatter, or words to others."""
    if message.mentions_bot or message.replies_to_bot:
        return True
    text = " ".join(message.text.split()).strip()
    if not text or message.mentions_others or _ADDRESSED_BY_NAME.match(text):
        return False
    words = text.rstrip("?!. ").strip()
    if _REQUESTS.match(words) and len(words.split()) <= 6:
        return True
    if _ACKNOWLEDGEMENT.match(text) and not _QUESTION_START.match(
        _ACKNOWLEDGEMENT.sub("", text, 1).lstrip(" ,.!;:-")
    ):
        return False
    if _TO_PEOPLE.search(text):
        return False
    return bool(text.endswith("?") or _QUESTION_START.match(text) or _IMPERATIVE.match(text))


_NEW_CONVERSATION = re.compile(
    r"^(?:/?reset|new question|new topic|start over|forget (?:that|it|this)|clear)\b[\s:,.!-]*", re.I
)


def new_conversation(text: str) -> tuple[bool, str]:
    """Whether a message starts a new conversation ("new question: …", "reset"), and what is left
    of it to answer (empty: nothing)."""
    match = _NEW_CONVERSATION.match(text.strip())
    if match is None:
        return False, text
    return True, text.strip()[match.end() :].strip()

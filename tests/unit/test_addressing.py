"""The rule for answering in a thread without a mention, and the words that start over."""

from __future__ import annotations

import pytest

from bot.addressing import Message, is_for_the_bot, new_conversation

FOR_THE_BOT = [
    "and which of those is zero-shot?",
    "what robot benchmarks does this paper evaluate on?",
    "which one uses diffusion",
    "does it report results on ALFRED",
    "more",
    "show more",
    "bibtex",
    "bibtex please",
    "the abstract",
    "show me papers on reward hacking",
    "please summarise the second one",
    "compare the first two",
    "ok, what about video generation?",
    "thanks! can you show the bibtex?",
    "how does GRAPE align policies",
    "similar papers",
]
NOT_FOR_THE_BOT = [
    "thanks, that's really helpful!",
    "thank you",
    "lol same, let's discuss it friday",
    "@bob want to present this on friday?",
    "let's read it for next week",
    "anyone free friday to present this?",
    "nice",
    "+1",
    "I liked the second one",
    "ok",
    "haha",
    "",
    "   ",
    "interesting, I did not know that",
]


@pytest.mark.parametrize("text", FOR_THE_BOT)
def test_questions_and_requests_are_for_the_bot(text: str) -> None:
    assert is_for_the_bot(Message(text))


@pytest.mark.parametrize("text", NOT_FOR_THE_BOT)
def test_thanks_chatter_and_words_to_others_are_not(text: str) -> None:
    assert not is_for_the_bot(Message(text))


def test_a_mention_or_a_reply_to_the_bot_always_is() -> None:
    assert is_for_the_bot(Message("thanks", mentions_bot=True))
    assert is_for_the_bot(Message("lol", replies_to_bot=True))


def test_a_question_to_someone_else_mentioned_is_not() -> None:
    assert not is_for_the_bot(Message("want to present this on friday?", mentions_others=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("new question", (True, "")),
        (
            "new question: what benchmarks evaluate video generation?",
            (True, "what benchmarks evaluate video generation?"),
        ),
        ("/reset", (True, "")),
        ("reset", (True, "")),
        ("what is new in question answering?", (False, "what is new in question answering?")),
        ("resetting a robot arm: which papers?", (False, "resetting a robot arm: which papers?")),
    ],
)
def test_new_conversation_words(text: str, expected: tuple[bool, str]) -> None:
    assert new_conversation(text) == expected

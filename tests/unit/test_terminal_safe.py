"""Text from papers reaches the terminal without its control characters (issue 19)."""

from __future__ import annotations

import io

from bot.terminal import SafeText, terminal_safe


def test_escape_sequences_and_control_characters_are_removed() -> None:
    title = "Nice\x1b]0;pwned\x07 paper\x1b[2J\x1b[31m red\x1b[0m\r\x08\x9b1m end"
    assert terminal_safe(title) == "Nice paper red end"


def test_tabs_newlines_and_unicode_stay() -> None:
    text = "α-β\ttab\nline “quoted” 🤖"
    assert terminal_safe(text) == text


def test_the_stream_every_command_writes_to_sanitises() -> None:
    sink = io.StringIO()
    SafeText(sink).write("a\x1b[2Jb\n")
    assert sink.getvalue() == "ab\n"

"""`python -m bot` is the same as the `paperbot` command."""

from bot.cli import entry_point

entry_point()

"""Adapters (terminal CLI, later Discord and Slack) and the composition root."""

"""Pure rendering, the one place that writes what users read: answers and the chat features'
results -> terminal text and JSON, Discord embeds and Slack Block Kit, within each platform's
limits. No I/O and no chat library: plain dicts in each platform's shape.

answer.py says what an answer says (the words for each of rag/model.py's parts) and shows it on
the terminal and as JSON; features.py holds the features' words every surface shares; discord.py,
slack.py and terminal.py each surface's shapes and replies; layout.py cuts text to a limit."""

"""paperbot on Slack (slack-bolt): what the listeners share (shared.py), one module per listener
kind (events, commands, actions) plus the admin ingest and the digest poster, assembled by app.py."""
